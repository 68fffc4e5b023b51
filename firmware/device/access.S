/* 32-bit accesses to the monitor's virtual test device in every encoding
 * the monitor's decoder must handle: lw/lwu/sw and the compressed
 * c.lw/c.sw (which need registers x8..x15 and a 4-byte-aligned offset). */
	.section .text
	.globl dev_lw, dev_lwu, dev_clw, dev_sw, dev_csw

	.option push
	.option norvc
dev_lw:				/* a0 = register address, returns sign-extended */
	lw	a0, 0(a0)
	ret
dev_lwu:			/* zero-extended */
	lwu	a0, 0(a0)
	ret
dev_sw:				/* a0 = address, a1 = value */
	sw	a1, 0(a0)
	ret
	.option pop

	.option push
	.option rvc
dev_clw:
	c.lw	a0, 0(a0)
	ret
dev_csw:
	c.sw	a1, 0(a0)
	ret
	.option pop
