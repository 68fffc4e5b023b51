/* One memory access with mstatus.MPRV = 1 per helper (priv spec 3.1.6.3).
 *
 *   uint64_t helper(uint64_t addr, uint64_t mstatus_bits, uint64_t value)
 *
 * a0 = the base register value (the C side subtracts the instruction's
 * offset), a1 = the mstatus bits to set for the access (MPRV, MPP, SUM,
 * MXR), a2 = the value a store writes. The helper clears MPP, sets a1,
 * performs the single access at <name>_at, clears a1 again and returns the
 * loaded register (a load that faults leaves it at SENTINEL). Between the
 * csrs and the csrc there is no other memory access: with MPRV = 1 every
 * load and store, the stack included, is translated (3.1.6.3), while
 * instruction fetches are not. The base register is a3 and the data
 * register a4 (load) or a5 (store), all in x8..x15 so the compressed forms
 * can use them; the sp-based forms (c.ldsp & co.) swap sp for the duration
 * and run only where no fault is expected.
 *
 * A trap taken on the access leaves MPRV set but makes MPP = M (3.1.6.1),
 * so the M-mode handler's own accesses are not translated; its mret then
 * sets MPP to U (3.3.2), which the csrc below does not care about. */
#include "csr.h"

#define SENTINEL 0x5e5e5e5e5e5e5e5e

	.section .text

.macro SET_MPRV
	li	t0, MSTATUS_MPP
	csrc	mstatus, t0
	csrs	mstatus, a1
.endm

.macro MLOAD name, insn:vararg
	.globl \name, \name\()_at
	.balign 4
\name:
	mv	a3, a0
	li	a4, SENTINEL
	SET_MPRV
\name\()_at:
	\insn
	csrc	mstatus, a1
	mv	a0, a4
	ret
.endm

.macro MSTORE name, insn:vararg
	.globl \name, \name\()_at
	.balign 4
\name:
	mv	a3, a0
	mv	a5, a2
	li	a4, SENTINEL
	SET_MPRV
\name\()_at:
	\insn
	csrc	mstatus, a1
	mv	a0, a4
	ret
.endm

.macro MLOAD_SP name, insn:vararg
	.globl \name, \name\()_at
	.balign 4
\name:
	mv	t2, sp
	mv	sp, a0
	li	a4, SENTINEL
	SET_MPRV
\name\()_at:
	\insn
	csrc	mstatus, a1
	mv	sp, t2
	mv	a0, a4
	ret
.endm

.macro MSTORE_SP name, insn:vararg
	.globl \name, \name\()_at
	.balign 4
\name:
	mv	t2, sp
	mv	sp, a0
	mv	a5, a2
	li	a4, SENTINEL
	SET_MPRV
\name\()_at:
	\insn
	csrc	mstatus, a1
	mv	sp, t2
	mv	a0, a4
	ret
.endm

	/* 32-bit encodings */
	.option push
	.option norvc
	MLOAD	m_lb,	lb a4, 0(a3)
	MLOAD	m_lbu,	lbu a4, 0(a3)
	MLOAD	m_lh,	lh a4, 0(a3)
	MLOAD	m_lhu,	lhu a4, 0(a3)
	MLOAD	m_lw,	lw a4, 0(a3)
	MLOAD	m_lwu,	lwu a4, 0(a3)
	MLOAD	m_ld,	ld a4, 0(a3)
	MLOAD	m_ld_neg, ld a4, -8(a3)
	MLOAD	m_lw_off, lw a4, 2044(a3)
	MSTORE	m_sb,	sb a5, 0(a3)
	MSTORE	m_sh,	sh a5, 0(a3)
	MSTORE	m_sw,	sw a5, 0(a3)
	MSTORE	m_sd,	sd a5, 0(a3)
	MSTORE	m_sd_neg, sd a5, -16(a3)
	.option pop

	/* 16-bit encodings (RVC) */
	.option push
	.option rvc
	MLOAD	m_c_lw,	c.lw a4, 4(a3)
	MLOAD	m_c_ld,	c.ld a4, 8(a3)
	MSTORE	m_c_sw,	c.sw a5, 4(a3)
	MSTORE	m_c_sd,	c.sd a5, 8(a3)
	MLOAD_SP  m_c_lwsp, c.lwsp a4, 12(sp)
	MLOAD_SP  m_c_ldsp, c.ldsp a4, 16(sp)
	MSTORE_SP m_c_swsp, c.swsp a5, 20(sp)
	MSTORE_SP m_c_sdsp, c.sdsp a5, 24(sp)
	.option pop

	/* AMOs (unpriv spec, "A" extension): a store and a load in one
	 * access, translated like both under MPRV; rd = a4, rs2 = a5. */
	.option push
	.option norvc
	MSTORE	m_amoadd_w,	amoadd.w a4, a5, (a3)
	MSTORE	m_amoswap_d,	amoswap.d a4, a5, (a3)
	MSTORE	m_amoor_d,	amoor.d a4, a5, (a3)
	.option pop
