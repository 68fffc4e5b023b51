/*
 * csr-regs: every general register as the rd and the rs1 of csr* on
 * mscratch and sscratch, and as the rd of a read of mstatus and misa
 * (Zicsr, unpriv. spec 9.1). Under the monitor these are the trap entry's
 * CSR fast path, which reads rs1 and writes rd wherever the register is
 * (src/arch/metal/trap.S): saved or still live, x31 in mscratch.
 *
 * uint64_t csr_regs_check(void): bit n set when register xn went wrong.
 * For each n: mscratch = P via csrrw x0 (rs1 = xn); csrrs xn, mscratch,
 * x0 reads P; csrrc xn, mscratch, xn with xn = M leaves P & ~M and
 * reads P; csrrw xn, sscratch, xn reads what it writes; csrrwi/csrrsi with xn as rd;
 * mstatus and misa read into xn equal the same reads into another
 * register. sp is checked with the swap OpenSBI's trap entry makes.
 */
	.section .text
	.option push
	.option norvc

#define FRAME 128
#define RES 120

	/* set bit n of the result when xn != xk */
	.macro expect n, k
	beq	x\n, x\k, 1f
	li	x\k, 1
	slli	x\k, x\k, \n
	ld	x\n, RES(sp)
	or	x\n, x\n, x\k
	sd	x\n, RES(sp)
1:
	.endm

	/* the checks of register n, with k another register (not sp) */
	.macro reg n, k
	li	x\n, 0x5a5a000000000000 + \n
	csrrw	x0, mscratch, x\n
	li	x\n, 0
	csrrs	x\n, mscratch, x0
	li	x\k, 0x5a5a000000000000 + \n
	expect	\n, \k
	li	x\n, 0xff
	csrrc	x\n, mscratch, x\n
	li	x\k, 0x5a5a000000000000 + \n
	expect	\n, \k
	csrr	x\n, mscratch
	li	x\k, 0x5a5a000000000000
	expect	\n, \k
	li	x\n, 0x77 + \n
	csrrw	x0, sscratch, x\n
	csrrw	x\n, sscratch, x\n
	li	x\k, 0x77 + \n
	expect	\n, \k
	csrrwi	x\n, sscratch, 0x15
	li	x\k, 0x77 + \n
	expect	\n, \k
	csrrsi	x\n, sscratch, 0x2
	li	x\k, 0x15
	expect	\n, \k
	csrr	x\n, mstatus
	csrr	x\k, mstatus
	expect	\n, \k
	csrr	x\n, misa
	csrr	x\k, misa
	expect	\n, \k
	.endm

	.globl csr_regs_check
	.balign 4
csr_regs_check:
	addi	sp, sp, -FRAME
	sd	ra, 0(sp)
	sd	gp, 8(sp)
	sd	tp, 16(sp)
	sd	s0, 24(sp)
	sd	s1, 32(sp)
	sd	s2, 40(sp)
	sd	s3, 48(sp)
	sd	s4, 56(sp)
	sd	s5, 64(sp)
	sd	s6, 72(sp)
	sd	s7, 80(sp)
	sd	s8, 88(sp)
	sd	s9, 96(sp)
	sd	s10, 104(sp)
	sd	s11, 112(sp)
	sd	zero, RES(sp)

	reg	1, 5
	.irp n, 3, 4, 5
	reg	\n, 6
	.endr
	.irp n, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	reg	\n, 5
	.endr

	/* sp: swapped out and back through mscratch, as OpenSBI's trap entry does */
	li	t0, 0x5a5a0000000000aa
	csrw	mscratch, t0
	mv	t2, sp
	csrrw	sp, mscratch, sp	/* sp = the pattern, mscratch = sp */
	mv	t1, sp
	csrrw	sp, mscratch, sp	/* back */
	csrr	t3, mscratch
	bne	t1, t0, 2f
	bne	sp, t2, 2f
	beq	t3, t0, 3f
2:	ld	t1, RES(sp)
	ori	t1, t1, 4
	sd	t1, RES(sp)
3:
	ld	a0, RES(sp)
	ld	ra, 0(sp)
	ld	gp, 8(sp)
	ld	tp, 16(sp)
	ld	s0, 24(sp)
	ld	s1, 32(sp)
	ld	s2, 40(sp)
	ld	s3, 48(sp)
	ld	s4, 56(sp)
	ld	s5, 64(sp)
	ld	s6, 72(sp)
	ld	s7, 80(sp)
	ld	s8, 88(sp)
	ld	s9, 96(sp)
	ld	s10, 104(sp)
	ld	s11, 112(sp)
	addi	sp, sp, FRAME
	ret

	.option pop
