/* Accesses to the monitor's memory for the sandbox test. a0 = address.
 * The MPRV variants set MPP = S and MPRV = 1 around one access and clear
 * MPRV right after it, with no other memory access in between. */
#include "csr.h"

	.section .text
	.globl sandbox_load, sandbox_store, sandbox_mprv_load, sandbox_mprv_store

sandbox_load:
	ld	a0, 0(a0)
	ret

sandbox_store:
	sd	zero, 0(a0)
	ret

/* Sets MPP = S, MPRV = 1 (priv spec 3.1.6.3: loads/stores then use S-mode
 * permissions) for the access. */
.macro MPRV_S_ON
	li	t0, MSTATUS_MPP
	csrc	mstatus, t0
	li	t0, (PRV_S << MSTATUS_MPP_SHIFT) | MSTATUS_MPRV
	csrs	mstatus, t0
.endm
.macro MPRV_OFF
	li	t0, MSTATUS_MPRV
	csrc	mstatus, t0
.endm

sandbox_mprv_load:
	MPRV_S_ON
	ld	a0, 0(a0)
	MPRV_OFF
	ret

sandbox_mprv_store:
	MPRV_S_ON
	sd	zero, 0(a0)
	MPRV_OFF
	ret
