/* HS-mode payload for h-traps: hlv.d a0, (a0) (hand-encoded: binutils
 * needs H in -march), then ecall. */
	.section .text
	.option push
	.option norvc
	.balign 4
	.globl hs_payload, hs_hlv
hs_payload:
hs_hlv:
	.word	0x6c054573		/* hlv.d a0, (a0) */
	ecall
1:	j	1b
	.option pop
