/* Loads of payload memory for the protect-payload test. a0 = address. The
 * MPRV variant sets MPP = S and MPRV = 1 around the one access. */
#include "csr.h"

	.section .text
	.globl pp_load, pp_store, pp_load_byte, pp_mprv_load, pp_mprv_load16, pp_read_f5

pp_load:
	ld	a0, 0(a0)
	ret

pp_store:
	sd	a1, 0(a0)
	ret

pp_load_byte:
	lbu	a0, 0(a0)
	ret

/* OpenSBI's sbi_get_insn reads a parcel with MPRV and MXR set */
pp_mprv_load16:
	li	t0, MSTATUS_MPP
	csrc	mstatus, t0
	li	t0, (PRV_S << MSTATUS_MPP_SHIFT) | MSTATUS_MPRV | MSTATUS_MXR
	csrs	mstatus, t0
	lhu	a0, 0(a0)
	li	t0, MSTATUS_MPRV | MSTATUS_MXR
	csrc	mstatus, t0
	ret

pp_mprv_load:
	li	t0, MSTATUS_MPP
	csrc	mstatus, t0
	li	t0, (PRV_S << MSTATUS_MPP_SHIFT) | MSTATUS_MPRV
	csrs	mstatus, t0
	ld	a0, 0(a0)
	li	t0, MSTATUS_MPRV
	csrc	mstatus, t0
	ret

/* f5, with mstatus.FS already on */
pp_read_f5:
	.option push
	.option arch, +d
	fmv.x.d	a0, f5
	.option pop
	ret
