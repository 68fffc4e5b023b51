/* Excursions from M-mode into S- or U-mode and back (see enter_lower in fw.h).
 *
 * enter_lower(ctx) saves the M-mode callee-saved state in a save area on the
 * M stack, points mscratch at it and mtvec at lower_trap_entry, then mrets
 * with MPP = ctx->mode. A trap from the lower mode swaps sp with mscratch,
 * builds a trap frame below the save area and calls lower_dispatch(frame,
 * ctx). While C runs, mtvec is the ordinary trap_entry, so a bug in the
 * handler is reported instead of being mistaken for a lower-mode trap.
 *
 * Save area (SAVE_* offsets from the M sp held in mscratch):
 *   ra gp tp s0..s11 | ctx | mtvec | mscratch            18 words */
#include "csr.h"
#include "frame.h"

#define SAVE_RA		0
#define SAVE_GP		8
#define SAVE_TP		16
#define SAVE_S(n)	(24 + 8 * (n))
#define SAVE_CTX	(24 + 8 * 12)
#define SAVE_MTVEC	(SAVE_CTX + 8)
#define SAVE_MSCRATCH	(SAVE_CTX + 16)
#define SAVE_SIZE	(SAVE_CTX + 24)		/* 144: 16-byte multiple */

	.section .text
	.globl enter_lower
enter_lower:
	addi	sp, sp, -SAVE_SIZE
	sd	ra, SAVE_RA(sp)
	sd	gp, SAVE_GP(sp)
	sd	tp, SAVE_TP(sp)
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11
	sd	s\n, SAVE_S(\n)(sp)
	.endr
	sd	a0, SAVE_CTX(sp)
	csrr	t0, mtvec
	sd	t0, SAVE_MTVEC(sp)
	csrr	t0, mscratch
	sd	t0, SAVE_MSCRATCH(sp)
	csrw	mscratch, sp
	la	t0, lower_trap_entry
	csrw	mtvec, t0

	li	t0, MSTATUS_MPP
	csrc	mstatus, t0
	ld	t1, LCTX_MODE(a0)
	slli	t1, t1, MSTATUS_MPP_SHIFT
	csrs	mstatus, t1
	ld	t0, LCTX_PC(a0)
	csrw	mepc, t0

	ld	x2, FRAME_X(2)(a0)
	.irp n, 1,3,4,5,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld	x\n, FRAME_X(\n)(a0)
	.endr
	ld	a0, FRAME_X(10)(a0)
	mret

	.balign 4
	.globl lower_trap_entry
lower_trap_entry:
	csrrw	sp, mscratch, sp	/* sp = save area, mscratch = lower sp */
	addi	sp, sp, -FRAME_SIZE
	SAVE_GPRS_EXCEPT_SP sp
	csrr	t0, mscratch
	sd	t0, FRAME_X(2)(sp)
	csrr	t0, mepc
	sd	t0, FRAME_MEPC(sp)
	csrr	t0, mcause
	sd	t0, FRAME_MCAUSE(sp)
	csrr	t0, mtval
	sd	t0, FRAME_MTVAL(sp)
	csrr	t0, mstatus
	sd	t0, FRAME_MSTATUS(sp)
	la	t0, trap_entry
	csrw	mtvec, t0

	/* The C code relies on neither gp nor tp, but give it M's values. */
	ld	gp, (FRAME_SIZE + SAVE_GP)(sp)
	ld	tp, (FRAME_SIZE + SAVE_TP)(sp)
	mv	a0, sp
	ld	a1, (FRAME_SIZE + SAVE_CTX)(sp)
	call	lower_dispatch
	beqz	a0, lower_done

	/* Resume the lower mode with the (possibly edited) frame. */
	la	t0, lower_trap_entry
	csrw	mtvec, t0
	addi	t0, sp, FRAME_SIZE
	csrw	mscratch, t0
	ld	t0, FRAME_MEPC(sp)
	csrw	mepc, t0
	.irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld	x\n, FRAME_X(\n)(sp)
	.endr
	ld	sp, FRAME_X(2)(sp)
	mret

lower_done:
	addi	sp, sp, FRAME_SIZE
	ld	t0, SAVE_MTVEC(sp)
	csrw	mtvec, t0
	ld	t0, SAVE_MSCRATCH(sp)
	csrw	mscratch, t0
	ld	ra, SAVE_RA(sp)
	ld	gp, SAVE_GP(sp)
	ld	tp, SAVE_TP(sp)
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11
	ld	s\n, SAVE_S(\n)(sp)
	.endr
	addi	sp, sp, SAVE_SIZE
	ret
