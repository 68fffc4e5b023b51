/*
 * switch-regs: every general register across the two world switches of an
 * SBI call, natively and under the monitor (issue 9: with no module the
 * monitor's exits for the payload's S-mode ecall and the firmware's mret
 * save only the registers C may touch, and leave s0-s11, gp and tp live
 * in the hart: src/arch/metal/trap.S .Llight).
 *
 * void switch_regs_run(uint64_t *to_m, uint64_t *to_s): mret to S-mode
 * code that loads x1..x31 with P(n) and executes ecall; the M-mode
 * handler stores x1..x31 into to_m[1..31] (x31 through mscratch), steps
 * over the ecall, loads x1..x31 with Q(n) and mret's; the S-mode code
 * stores them into to_s[1..31] (x31 through sscratch) and executes
 * ecall again, which returns here.
 */
	.section .text
	.option push
	.option norvc

/* P(n) = P_BASE + P_STEP * n, Q(n) likewise */
#define P_BASE 0x5100000000000000
#define P_STEP 0x0101010101
#define Q_BASE 0x9200000000000000
#define Q_STEP 0x0303030303
#define MPP_MASK (3 << 11)
#define MPP_S (1 << 11)

	.macro load_all base, step
	.irp n, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	li	x\n, \base + \step * \n
	.endr
	.endm

	/* x31 = the area (the guest's x31 already in \scratch) */
	.macro store_all scratch
	.irp n, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30
	sd	x\n, 8 * \n(x31)
	.endr
	csrr	x1, \scratch
	sd	x1, 8 * 31(x31)
	.endm

	.globl switch_regs_run
	.balign 4
switch_regs_run:
	/* the C side's callee-saved registers, sp and ra */
	la	t0, saved
	sd	ra, 0(t0)
	sd	sp, 8(t0)
	sd	gp, 16(t0)
	sd	tp, 24(t0)
	sd	s0, 32(t0)
	sd	s1, 40(t0)
	sd	s2, 48(t0)
	sd	s3, 56(t0)
	sd	s4, 64(t0)
	sd	s5, 72(t0)
	sd	s6, 80(t0)
	sd	s7, 88(t0)
	sd	s8, 96(t0)
	sd	s9, 104(t0)
	sd	s10, 112(t0)
	sd	s11, 120(t0)
	csrr	t1, mtvec
	sd	t1, 128(t0)
	csrw	mscratch, a0
	la	t1, to_s_area
	sd	a1, 0(t1)
	la	t1, on_ecall
	csrw	mtvec, t1
	la	t1, s_code
	csrw	mepc, t1
	li	t1, MPP_MASK
	csrc	mstatus, t1
	li	t1, MPP_S
	csrs	mstatus, t1
	mret

	/* S-mode */
	.balign 4
s_code:
	ld	t0, to_s_area
	csrw	sscratch, t0
	load_all P_BASE, P_STEP
	ecall
	csrrw	x31, sscratch, x31
	store_all sscratch
	ecall

	/* M-mode: the first ecall */
	.balign 4
on_ecall:
	csrrw	x31, mscratch, x31
	store_all mscratch
	csrr	t0, mepc
	addi	t0, t0, 4
	csrw	mepc, t0
	la	t0, on_done
	csrw	mtvec, t0
	load_all Q_BASE, Q_STEP
	mret

	/* M-mode: the second ecall, back to the caller */
	.balign 4
on_done:
	la	t0, saved
	ld	t1, 128(t0)
	csrw	mtvec, t1
	ld	ra, 0(t0)
	ld	sp, 8(t0)
	ld	gp, 16(t0)
	ld	tp, 24(t0)
	ld	s0, 32(t0)
	ld	s1, 40(t0)
	ld	s2, 48(t0)
	ld	s3, 56(t0)
	ld	s4, 64(t0)
	ld	s5, 72(t0)
	ld	s6, 80(t0)
	ld	s7, 88(t0)
	ld	s8, 96(t0)
	ld	s9, 104(t0)
	ld	s10, 112(t0)
	ld	s11, 120(t0)
	ret

	/* P(n) and Q(n) for the C side */
	.globl switch_regs_expected
switch_regs_expected:
	.irp n, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	li	t0, P_BASE + P_STEP * \n
	sd	t0, 8 * \n(a0)
	li	t0, Q_BASE + Q_STEP * \n
	sd	t0, 8 * \n(a1)
	.endr
	ret
	.option pop

	.section .data
	.balign 8
saved:
	.space 8 * 17
to_s_area:
	.space 8
