/* Accesses with mstatus.MPRV = 1 and MPV = 1 (H spec 8.4.1 / priv. 3.1.6.3):
 *   uint64_t mpv_ld(uint64_t addr, uint64_t mstatus_bits)   a load, SENTINEL if it faulted
 *   void mpv_sd(uint64_t addr, uint64_t mstatus_bits, uint64_t value)
 *   uint64_t mpv_amoadd(uint64_t addr, uint64_t mstatus_bits, uint64_t value)
 * No other memory access happens between the csrs and the csrc: with
 * MPRV = 1 every load and store goes through the guest's two stages. A trap
 * on the access makes MPP = M and MPV = 0, so the handler is untranslated. */
#include "csr.h"

#define SENTINEL 0x5e5e5e5e5e5e5e5e

	.section .text
	.option norvc
	.globl mpv_ld
mpv_ld:
	li	a4, SENTINEL
	li	t0, MSTATUS_MPP
	csrc	mstatus, t0
	csrs	mstatus, a1
	ld	a4, 0(a0)
	csrc	mstatus, a1
	mv	a0, a4
	ret

	.globl mpv_sd
mpv_sd:
	li	t0, MSTATUS_MPP
	csrc	mstatus, t0
	csrs	mstatus, a1
	sd	a2, 0(a0)
	csrc	mstatus, a1
	ret

	.globl mpv_amoadd
mpv_amoadd:
	li	a4, SENTINEL
	li	t0, MSTATUS_MPP
	csrc	mstatus, t0
	csrs	mstatus, a1
	amoadd.d a4, a2, (a0)
	csrc	mstatus, a1
	mv	a0, a4
	ret
