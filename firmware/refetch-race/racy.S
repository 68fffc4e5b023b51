/* The instructions one hart executes while the other rewrites them
 * (refetch-race, main.c). Each site is one 4-byte aligned 32-bit
 * instruction (norvc) between two helpers' entry and return:
 *
 *   race_mprv_load(addr, bits):  csrs mstatus, bits; <site>; csrc; ret
 *       site: lw a4, 0(a0)   <->  fld f0, 0(a0)
 *   race_mprv_store(addr, bits): the same with sw a2, 0(a0) <-> fsd f0, 0(a0)
 *   race_dev(dev, ram, val):     lw a4, 0(a0) <-> sw a2, 0(a1)
 *
 * With MPRV = 1 and MPP = S every load and store is translated and
 * protected as S (priv spec 3.1.6.3), so between the csrs and the csrc
 * there is no other memory access. The alternative encodings live in
 * .rodata as data (race_alt_*), assembled with D enabled; the firmware
 * itself is built without F/D and keeps mstatus.FS = Off, so an F/D site
 * raises illegal instruction (priv spec 3.1.6.6) when the hart runs it. */
	.option push
	.option norvc

	.section .text
	.balign 4
	.globl race_mprv_load, race_mprv_load_at
race_mprv_load:
	csrs	mstatus, a1
race_mprv_load_at:
	lw	a4, 0(a0)
	csrc	mstatus, a1
	ret

	.balign 4
	.globl race_mprv_store, race_mprv_store_at
race_mprv_store:
	csrs	mstatus, a1
race_mprv_store_at:
	sw	a2, 0(a0)
	csrc	mstatus, a1
	ret

	.balign 4
	.globl race_dev, race_dev_at
race_dev:
race_dev_at:
	lw	a4, 0(a0)
	ret

	.section .rodata
	.balign 4
	.option arch, +d
	.globl race_alt_load, race_alt_store, race_alt_dev
race_alt_load:
	lw	a4, 0(a0)
	fld	f0, 0(a0)
race_alt_store:
	sw	a2, 0(a0)
	fsd	f0, 0(a0)
race_alt_dev:
	lw	a4, 0(a0)
	sw	a2, 0(a1)
	.option pop
