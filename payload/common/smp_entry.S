/* Entry of a hart started by smp_start (payload/common/smp.c): SBI HSM
 * hart_start enters here in S-mode with a0 = hartid, a1 = opaque, which is
 * the top of this hart's stack. */
	.section .text
	.globl smp_entry
smp_entry:
	mv	sp, a1
	call	smp_secondary
1:	wfi
	j	1b
