/* mret probes. Between the mret and the read of mstatus there is no memory
 * access: with MPRV=1 and MPP=U after an mret to M, loads and stores would
 * use U-mode permissions (priv spec 3.1.6.3). */
#include "csr.h"

	.section .text
/* uint64_t mret_to_m(uint64_t set, uint64_t clear):
 * MPP = M, then mstatus &= ~clear, |= set; mret to the next label.
 * Returns mstatus as seen right after the mret; MIE and MPRV are cleared
 * again before returning. */
	.globl mret_to_m
mret_to_m:
	li	t0, MSTATUS_MPP
	csrs	mstatus, t0
	csrc	mstatus, a1
	csrs	mstatus, a0
	la	t0, 1f
	csrw	mepc, t0
	mret
1:	csrr	a0, mstatus
	li	t0, MSTATUS_MIE | MSTATUS_MPRV
	csrc	mstatus, t0
	ret

/* uint64_t mret_to_s(uint64_t set, uint64_t *mcause):
 * MPP = S, mstatus |= set, mret to S-mode code that only executes ecall.
 * The ecall comes back to a local mtvec target; returns mstatus as seen
 * on that trap, stores mcause and mepc in out[0..1] and clears MPRV.
 * mtvec is restored. Uses only t-registers,
 * which the S-mode code leaves alone. */
	.globl mret_to_s, mret_s_ecall
mret_to_s:
	csrr	t0, mtvec
	la	t1, 2f
	csrw	mtvec, t1
	la	t1, mret_s_ecall
	csrw	mepc, t1
	li	t1, MSTATUS_MPP
	csrc	mstatus, t1
	li	t1, PRV_S << MSTATUS_MPP_SHIFT
	csrs	mstatus, t1
	csrs	mstatus, a0
	mret
mret_s_ecall:
	ecall				/* runs in S-mode */
	.balign 4
2:	csrr	a0, mstatus		/* back in M-mode */
	li	t1, MSTATUS_MPRV	/* QEMU 7.2 leaves MPRV set (see main.c): */
	csrc	mstatus, t1		/* clear it before the stores below */
	csrr	t1, mcause
	sd	t1, 0(a1)
	csrr	t1, mepc
	sd	t1, 8(a1)
	csrw	mtvec, t0
	ret
