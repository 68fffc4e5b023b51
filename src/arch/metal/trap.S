/*
 * Guest entry and exit. Contract (docs/trap-contract.md):
 *
 *  while a guest runs   mscratch = &vctx, mtvec = arch_trap_entry
 *  while the monitor    mscratch = 0
 *
 * arch_vcpu_start(ctx): stores sp in ctx->host_sp (the caller never gets
 * control back: the stack below it is free) and enters the guest.
 * arch_vcpu_resume(ctx): loads guest pc into mepc and guest x1..x31, and
 * mret's into the mode already set in mstatus.MPP. Neither saves anything
 * of the monitor: each exit starts a fresh C frame at ctx->host_sp, so no
 * monitor register lives across a guest run (issue 9: the 14 callee-saved
 * registers were saved and restored on every exit).
 *
 * arch_trap_entry: swaps x31 with mscratch. A zero means the monitor itself
 * trapped: that is a bug (or a probe gone wrong), handled by
 * arch_monitor_trap() in C with a full frame on the monitor stack.
 * Otherwise all guest registers go to ctx, mepc to ctx->pc, and control
 * goes to arch_vcpu_exited(ctx) in C on a fresh frame at ctx->host_sp.
 */
#include <miralis/riscv/encoding.h>

#define REG(n) (8 + 8 * (n))
#define PC_OFF 264
#define MON_FRAME (36 * 8)

	.section .text
	.globl arch_vcpu_start
	.balign 4
arch_vcpu_start:
	sd	sp, 0(a0)
	/* fall through */
	.globl arch_vcpu_resume
arch_vcpu_resume:
	csrw	mscratch, a0
	ld	t0, PC_OFF(a0)
	csrw	mepc, t0
	ld	x1, REG(1)(a0)
	ld	x2, REG(2)(a0)
	ld	x3, REG(3)(a0)
	ld	x4, REG(4)(a0)
	ld	x5, REG(5)(a0)
	ld	x6, REG(6)(a0)
	ld	x7, REG(7)(a0)
	ld	x8, REG(8)(a0)
	ld	x9, REG(9)(a0)
	ld	x11, REG(11)(a0)
	ld	x12, REG(12)(a0)
	ld	x13, REG(13)(a0)
	ld	x14, REG(14)(a0)
	ld	x15, REG(15)(a0)
	ld	x16, REG(16)(a0)
	ld	x17, REG(17)(a0)
	ld	x18, REG(18)(a0)
	ld	x19, REG(19)(a0)
	ld	x20, REG(20)(a0)
	ld	x21, REG(21)(a0)
	ld	x22, REG(22)(a0)
	ld	x23, REG(23)(a0)
	ld	x24, REG(24)(a0)
	ld	x25, REG(25)(a0)
	ld	x26, REG(26)(a0)
	ld	x27, REG(27)(a0)
	ld	x28, REG(28)(a0)
	ld	x29, REG(29)(a0)
	ld	x30, REG(30)(a0)
	ld	x31, REG(31)(a0)
	ld	x10, REG(10)(a0)
	mret

	.globl arch_trap_entry
	.balign 4
arch_trap_entry:
	csrrw	x31, mscratch, x31
	beqz	x31, .Lmonitor_trap
	sd	x1, REG(1)(x31)
	sd	x2, REG(2)(x31)
	sd	x3, REG(3)(x31)
	sd	x4, REG(4)(x31)
	sd	x5, REG(5)(x31)
	sd	x6, REG(6)(x31)
	sd	x7, REG(7)(x31)
	sd	x8, REG(8)(x31)
	sd	x9, REG(9)(x31)
	sd	x10, REG(10)(x31)
	sd	x11, REG(11)(x31)
	sd	x12, REG(12)(x31)
	sd	x13, REG(13)(x31)
	sd	x14, REG(14)(x31)
	sd	x15, REG(15)(x31)
	sd	x16, REG(16)(x31)
	sd	x17, REG(17)(x31)
	sd	x18, REG(18)(x31)
	sd	x19, REG(19)(x31)
	sd	x20, REG(20)(x31)
	sd	x21, REG(21)(x31)
	sd	x22, REG(22)(x31)
	sd	x23, REG(23)(x31)
	sd	x24, REG(24)(x31)
	sd	x25, REG(25)(x31)
	sd	x26, REG(26)(x31)
	sd	x27, REG(27)(x31)
	sd	x28, REG(28)(x31)
	sd	x29, REG(29)(x31)
	sd	x30, REG(30)(x31)
	csrrw	t0, mscratch, zero
	sd	t0, REG(31)(x31)
	csrr	t0, mepc
	sd	t0, PC_OFF(x31)
	ld	sp, 0(x31)
	mv	a0, x31
	call	arch_vcpu_exited
	/* arch_vcpu_exited does not return */
1:	wfi
	j	1b

	/* The monitor trapped: build a frame {x0..x31, mepc, mcause, mtval, mstatus} */
.Lmonitor_trap:
	csrrw	x31, mscratch, x31
	addi	sp, sp, -MON_FRAME
	sd	x1, 8(sp)
	sd	x3, 24(sp)
	sd	x4, 32(sp)
	sd	x5, 40(sp)
	sd	x6, 48(sp)
	sd	x7, 56(sp)
	sd	x8, 64(sp)
	sd	x9, 72(sp)
	sd	x10, 80(sp)
	sd	x11, 88(sp)
	sd	x12, 96(sp)
	sd	x13, 104(sp)
	sd	x14, 112(sp)
	sd	x15, 120(sp)
	sd	x16, 128(sp)
	sd	x17, 136(sp)
	sd	x18, 144(sp)
	sd	x19, 152(sp)
	sd	x20, 160(sp)
	sd	x21, 168(sp)
	sd	x22, 176(sp)
	sd	x23, 184(sp)
	sd	x24, 192(sp)
	sd	x25, 200(sp)
	sd	x26, 208(sp)
	sd	x27, 216(sp)
	sd	x28, 224(sp)
	sd	x29, 232(sp)
	sd	x30, 240(sp)
	sd	x31, 248(sp)
	addi	t0, sp, MON_FRAME
	sd	t0, 16(sp)
	csrr	t0, mepc
	sd	t0, 256(sp)
	csrr	t0, mcause
	sd	t0, 264(sp)
	csrr	t0, mtval
	sd	t0, 272(sp)
	csrr	t0, mstatus
	sd	t0, 280(sp)
	mv	a0, sp
	call	arch_monitor_trap
	/* arch_monitor_trap does not return */
1:	wfi
	j	1b

/*
 * Fault-catching handler used while the monitor probes CSRs or accesses
 * memory on behalf of a guest (arch.c): records mcause in t6, skips the
 * 4-byte faulting instruction and returns to M-mode. Callers install it
 * in mtvec around a single instruction assembled with .option norvc.
 */
	.globl arch_catch_trap
	.balign 4
arch_catch_trap:
	csrr	t6, mcause
	csrr	t5, mepc
	addi	t5, t5, 4
	csrw	mepc, t5
	mret
