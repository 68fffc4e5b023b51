/*
 * The test enclave, copied page by page into each EPM by the host and
 * entered at the EPM base in S-mode with satp = 0 and the registers of
 * Keystone's first RUN: a1 = EPM base, a2 = EPM size, a6 = UTM base.
 * Position independent (pc-relative only) and self-contained.
 *
 * It interprets the struct ks_op list at UTM + UTM_OPS (payload/keystone/
 * ks.h): each op is 6 dwords, kind then w[0..4]. s0 = UTM, s1 = next op;
 * both survive every ecall (the monitor restores all registers).
 */
#define KS_EID 0x08424b45
#define KS_EXIT 3006
#define UTM_OPS 0x40
#define OP_SIZE 48
#define SSTATUS_FS_DIRTY 0x6000

	.section .text.ks_enclave, "ax"
	.option push
	.option norvc
	.globl ks_enclave_start, ks_enclave_end
ks_enclave_start:
	add	sp, a1, a2		/* stack at the top of the EPM */
	mv	s0, a6
	addi	s1, s0, UTM_OPS
next_op:
	ld	t0, 0(s1)
	beqz	t0, op_end
	li	t1, 1
	beq	t0, t1, op_ecall
	li	t1, 2
	beq	t0, t1, op_load
	li	t1, 3
	beq	t0, t1, op_copy
	li	t1, 4
	beq	t0, t1, op_spin
	li	t1, 5
	beq	t0, t1, op_fp
	li	t1, 6
	beq	t0, t1, op_satp
	j	op_end
op_ecall:
	ld	a7, 8(s1)
	ld	a6, 16(s1)
	ld	a0, 24(s1)
	ld	a1, 32(s1)
	ld	a2, 40(s1)
	ecall
	sd	a0, 24(s1)
	sd	a1, 32(s1)
	j	advance
op_load:
	ld	t2, 8(s1)
	ld	t2, 0(t2)
	sd	t2, 16(s1)
	j	advance
op_copy:
	ld	t2, 8(s1)
	ld	t3, 16(s1)
	ld	t4, 24(s1)
1:	beqz	t4, advance
	lbu	t5, 0(t2)
	sb	t5, 0(t3)
	addi	t2, t2, 1
	addi	t3, t3, 1
	addi	t4, t4, -1
	j	1b
op_spin:				/* until w[0] ticks of time passed; w[1] = ticks seen */
	ld	t2, 8(s1)
	rdtime	t3
	mv	t5, t3
3:	rdtime	t4
	sub	t4, t4, t3
	bltu	t4, t2, 3b
	sub	t5, t4, zero
	sd	t5, 16(s1)
	j	advance
op_satp:			/* satp = w[0] */
	ld	t2, 8(s1)
	csrw	satp, t2
	sfence.vma
	j	advance
op_fp:				/* f0-f31, fcsr -> w[0]; then <- w[1] unless 0 */
	li	t2, SSTATUS_FS_DIRTY
	csrs	sstatus, t2
	ld	t2, 8(s1)
	.option push
	.option arch, +d
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fsd	f\n, (\n * 8)(t2)
	.endr
	frcsr	t3
	sd	t3, 256(t2)
	ld	t2, 16(s1)
	beqz	t2, 4f
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fld	f\n, (\n * 8)(t2)
	.endr
	ld	t3, 256(t2)
	fscsr	t3
	.option pop
4:	j	advance
advance:
	addi	s1, s1, OP_SIZE
	j	next_op
op_end:
	ld	a0, 8(s1)
	li	a7, KS_EID
	li	a6, KS_EXIT
	ecall
2:	j	2b			/* EXIT never returns */
	.balign 8
ks_enclave_end:
	.option pop

/*
 * Host side: a load or store that may fault. The S-mode trap handler skips
 * the faulting instruction (4 bytes: no compressed code here) and leaves
 * scause in t6, which starts at 0.
 */
	.section .text
	.option push
	.option norvc
	.globl ks_try_load, ks_try_store, ks_trap_entry
ks_try_load:			/* a0 = addr, a1 = &val; returns scause or 0 */
	li	t6, 0
	ld	t0, 0(a0)
	bnez	t6, 1f
	sd	t0, 0(a1)
1:	mv	a0, t6
	ret
ks_try_store:			/* a0 = addr, a1 = val */
	li	t6, 0
	sd	a1, 0(a0)
	mv	a0, t6
	ret
	.globl ks_secondary_entry
ks_secondary_entry:		/* SBI HSM hart_start: a0 = hartid, a1 = opaque = stack top */
	mv	sp, a1
	call	ks_secondary_main
1:	wfi
	j	1b
	.globl ks_quad_entry
ks_quad_entry:			/* the same for keystone-4harts */
	mv	sp, a1
	call	ks_quad_main
1:	wfi
	j	1b

	.globl ks_fp_set, ks_fp_get
ks_fp_set:			/* a0 = 33 dwords: f0-f31, fcsr */
	li	t0, SSTATUS_FS_DIRTY
	csrs	sstatus, t0
	.option push
	.option arch, +d
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fld	f\n, (\n * 8)(a0)
	.endr
	ld	t0, 256(a0)
	fscsr	t0
	.option pop
	ret
ks_fp_get:			/* a0 = 33 dwords out */
	.option push
	.option arch, +d
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fsd	f\n, (\n * 8)(a0)
	.endr
	frcsr	t0
	sd	t0, 256(a0)
	.option pop
	ret
	.balign 4
ks_trap_entry:
	csrr	t6, sepc
	addi	t6, t6, 4
	csrw	sepc, t6
	csrr	t6, scause
	sret
	.option pop
