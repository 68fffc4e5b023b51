/* Sets mstatus.MIE at a known address. Interrupt trap conditions are
 * evaluated immediately after an explicit write to mstatus (priv spec
 * 3.1.9), so every interrupt pending at this point is taken, highest
 * priority first, before mie_set_done executes. */
	.section .text
	.option push
	.option norvc
	.globl enable_mie, mie_set_done
enable_mie:
	csrsi	mstatus, 8
mie_set_done:
	nop
	ret
	.option pop
