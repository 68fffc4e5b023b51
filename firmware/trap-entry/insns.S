/* Trapping instructions for trap-entry, each followed by `ret` (the handler
 * skips the trapping one). hlv.w is encoded by hand: binutils 2.40 needs H
 * in -march for it. */
	.section .text
	.option norvc
	.globl do_illegal
do_illegal:
	.word	0
	ret
	.globl do_ecall
do_ecall:
	ecall
	ret
	.globl do_ebreak
do_ebreak:
	ebreak
	ret
	/* a0 = hlv.w from the address in a1 */
	.globl do_hlv
do_hlv:
	.word	0x6805c573		/* hlv.w a0, (a1) */
	ret
	/* S-mode code for the excursions: ecall, then hlv.w (a1), then ecall */
	.globl s_code
s_code:
	ecall
	.word	0x6805c573		/* hlv.w a0, (a1) */
	ecall
