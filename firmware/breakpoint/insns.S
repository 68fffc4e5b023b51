/* The two encodings of ebreak, each at a global label so the C test can
 * compare mepc with the exact instruction address. */
	.section .text
	.globl do_ebreak32, ebreak32_insn
do_ebreak32:
	.option push
	.option norvc
ebreak32_insn:
	ebreak				/* 32-bit: 0x00100073 */
	.option pop
	ret

	.globl do_ebreak16, ebreak16_insn
do_ebreak16:
	.option push
	.option rvc
ebreak16_insn:
	c.ebreak			/* 16-bit: 0x9002 */
	.option pop
	ret
