/* World switch round trip (bench-fw): S-mode code inside the firmware image
 * ecalls into the smallest possible M-mode handler (csrr mepc, advance it,
 * csrw mepc, mret: natively the ecall and these four instructions), as the
 * original Miralis's tracing firmware measures it. t0 belongs to the handler.
 *
 * The handler has no room for an exit test, so the S-mode side leaves by
 * patching the handler's first instruction into a jump to ws_exit (just
 * after it), then ecalls once more; ws_exit restores the firmware's context
 * and the original instruction.
 *
 * void ws_run(struct ws_out *out, uint64_t n_once, uint64_t n_loop)
 * struct ws_out: u32 once[N], u32 once_empty[N], u64 loop, u64 loop_empty,
 * N = BENCH_SINGLES = n_once (main.c asserts the size). */
#include "csr.h"

#define N_SINGLES	1000		/* BENCH_SINGLES */
#define OFF_ONCE_EMPTY	(4 * N_SINGLES)
#define OFF_LOOP	(8 * N_SINGLES)
#define OFF_LOOP_EMPTY	(8 * N_SINGLES + 8)
#define JAL_X0_PLUS_16	0x0100006f	/* jal x0, +16: ws_handler -> ws_exit */

	.section .text
	.option push
	.option norvc
	.balign 4
	.globl ws_handler
ws_handler:
	csrr	t0, mepc
	addi	t0, t0, 4
	csrw	mepc, t0
	mret
ws_exit:				/* ws_handler + 16 */
	la	t0, ws_first_insn
	lw	t1, 0(t0)
	la	t0, ws_handler
	sw	t1, 0(t0)
	fence.i
	la	t0, ws_saved
	ld	sp, 0(t0)
	ld	ra, 8(t0)
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11
	ld	s\n, (16 + 8 * \n)(t0)
	.endr
	la	t0, trap_entry
	csrw	mtvec, t0
	ret
	.option pop

	.globl ws_run
ws_run:
	la	t0, ws_saved
	sd	sp, 0(t0)
	sd	ra, 8(t0)
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11
	sd	s\n, (16 + 8 * \n)(t0)
	.endr
	la	t0, ws_handler
	csrw	mtvec, t0
	la	t0, ws_s_entry
	csrw	mepc, t0
	li	t0, MSTATUS_MPP | MSTATUS_MPIE
	csrc	mstatus, t0
	li	t0, PRV_S << MSTATUS_MPP_SHIFT
	csrs	mstatus, t0
	mret

/* S-mode, a0 = out, a1 = n_once, a2 = n_loop; t0 is clobbered by every ecall */
ws_s_entry:
	mv	a3, a0
	mv	a4, a1
1:	csrr	t1, instret
	ecall
	csrr	t2, instret
	sub	t2, t2, t1
	sw	t2, 0(a3)
	addi	a3, a3, 4
	addi	a4, a4, -1
	bnez	a4, 1b

	li	t3, OFF_ONCE_EMPTY
	add	a3, a0, t3
	mv	a4, a1
2:	csrr	t1, instret
	csrr	t2, instret
	sub	t2, t2, t1
	sw	t2, 0(a3)
	addi	a3, a3, 4
	addi	a4, a4, -1
	bnez	a4, 2b

	mv	a4, a2
	csrr	t1, instret
	.globl bench_start_world_switch
bench_start_world_switch:
	ecall
	addi	a4, a4, -1
	bnez	a4, bench_start_world_switch
	.globl bench_stop_world_switch
bench_stop_world_switch:
	csrr	t2, instret
	sub	t2, t2, t1
	li	t3, OFF_LOOP
	add	t3, a0, t3
	sd	t2, 0(t3)

	mv	a4, a2
	csrr	t1, instret
3:	addi	a4, a4, -1
	bnez	a4, 3b
	csrr	t2, instret
	sub	t2, t2, t1
	li	t3, OFF_LOOP_EMPTY
	add	t3, a0, t3
	sd	t2, 0(t3)

	la	t1, ws_handler
	li	t2, JAL_X0_PLUS_16
	sw	t2, 0(t1)
	fence.i
	ecall				/* -> ws_exit in M-mode; never returns here */
4:	j	4b

	.section .rodata
	.balign 4
ws_first_insn:				/* a copy of ws_handler's first instruction */
	.option push
	.option norvc
	csrr	t0, mepc
	.option pop

	.section .bss
	.balign 8
ws_saved:
	.space	8 * 14
