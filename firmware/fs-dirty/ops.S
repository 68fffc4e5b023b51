/* FP register writes and an S-mode payload for fs-dirty. */
	.section .text
	.option push
	.option arch, +d
	.option norvc

	/* f1 = a0: an FP register write, which makes mstatus.FS Dirty */
	.globl fp_write
fp_write:
	fmv.d.x	f1, a0
	ret

	/* payload (S-mode): a1 = sstatus, ecall (the firmware writes f1),
	 * a2 = sstatus, ecall (end) */
	.balign 4
	.globl payload_entry
payload_entry:
	csrr	a1, sstatus
	ecall
	csrr	a2, sstatus
	ecall
1:	j	1b

	/* payload (S-mode): writes f1 itself, then ecall */
	.balign 4
	.globl payload_fp
payload_fp:
	fmv.d.x	f1, a0
	ecall
1:	j	1b
	.option pop
