/*
 * Privileged transitions of the host hart: the reference model of the
 * privileged architecture (RISC-V Privileged ISA 20211203) that the
 * cross-check (tests/ref), the fuzzer and the proofs compare the monitor
 * against. The CSR file (csr.c) holds the state; this file moves the hart
 * between privilege modes: trap entry, mret, sret, wfi, interrupt
 * selection and PMP matching. Each rule names its section; where QEMU 7.2
 * (the hardware the cross-check runs on) makes an implementation-defined
 * choice, the comment says so. Virtualization mode (V = 1) is not
 * modelled: the hart runs M, HS/S or U only.
 */
#include <miralis/riscv/encoding.h>

#include "host.h"
#include "host_internal.h"

static unsigned priv = PRV_M;	/* 3.1.1: a hart resets into M-mode */

unsigned host_priv(void)
{
	return priv;
}

void host_set_priv(unsigned p)
{
	if (p != PRV_M && p != PRV_S && p != PRV_U)
		host_die("host_set_priv: not a privilege mode", p);
	priv = p;
}

void host_priv_reset(void)
{
	priv = PRV_M;
}

static uint64_t raw(unsigned csr)
{
	return host_csr_get_raw(csr);
}

static void set_raw(unsigned csr, uint64_t v)
{
	host_csr_set_raw(csr, v);
}

static uint64_t field_set(uint64_t reg, uint64_t mask, uint64_t val)
{
	return (reg & ~mask) | ((val * (mask & -mask)) & mask);
}

/*
 * Trap entry (3.1.8 medeleg/mideleg, 3.1.6.1 stack of xIE/xPIE/xPP, 3.1.14
 * mepc, 3.1.15 mcause, 3.1.16 mtval; 4.1.1 sstatus for S). A trap taken in
 * mode x never goes to a less privileged mode: delegation only applies to
 * traps from S or U. mtvec/stvec: vectored mode sends interrupts to
 * BASE + 4 * cause (3.1.7). H extension (8.6.2 mtval2/mtinst, 8.2.1
 * hstatus.SPV): with V = 0 they get 0, MPV/SPV get 0; QEMU 7.2 only ever
 * sets mstatus.GVA (when V = 1 and tval != 0) and never clears it, where
 * the spec has the trap write it: since V is always 0 here, GVA keeps its
 * value, as on QEMU.
 */
uint64_t host_trap_enter(uint64_t cause, uint64_t tval, uint64_t epc)
{
	const bool irq = (cause & MCAUSE_INTERRUPT) != 0;
	const uint64_t code = cause & ~MCAUSE_INTERRUPT;
	const uint64_t deleg = raw(irq ? CSR_MIDELEG : CSR_MEDELEG);
	uint64_t status = raw(CSR_MSTATUS), tvec;

	if (priv != PRV_M && code < 64 && (deleg >> code & 1)) {
		status = field_set(status, MSTATUS_SPIE, !!(status & MSTATUS_SIE));
		status = field_set(status, MSTATUS_SIE, 0);
		status = field_set(status, MSTATUS_SPP, priv == PRV_S);
		set_raw(CSR_MSTATUS, status);
		set_raw(CSR_HSTATUS, field_set(raw(CSR_HSTATUS), HSTATUS_SPV, 0));
		set_raw(CSR_SEPC, epc);
		set_raw(CSR_SCAUSE, cause);
		set_raw(CSR_STVAL, tval);
		tvec = raw(CSR_STVEC);
		priv = PRV_S;
	} else {
		status = field_set(status, MSTATUS_MPIE, !!(status & MSTATUS_MIE));
		status = field_set(status, MSTATUS_MIE, 0);
		status = field_set(status, MSTATUS_MPP, priv);
		status = field_set(status, MSTATUS_MPV, 0);
		set_raw(CSR_MSTATUS, status);
		set_raw(CSR_MEPC, epc);
		set_raw(CSR_MCAUSE, cause);
		set_raw(CSR_MTVAL, tval);
		set_raw(CSR_MTVAL2, 0);
		set_raw(CSR_MTINST, 0);
		tvec = raw(CSR_MTVEC);
		priv = PRV_M;
	}
	if (irq && (tvec & MTVEC_MODE_MASK) == 1)
		return (tvec & ~MTVEC_MODE_MASK) + 4 * code;
	return tvec & ~MTVEC_MODE_MASK;
}

/*
 * mret (3.3.2): only in M-mode, else illegal. MIE <- MPIE, MPIE <- 1,
 * privilege <- MPP, MPP <- U (the least-privileged supported mode), and
 * MPRV <- 0 when the new mode is not M (3.1.6.3, since 1.12). QEMU 7.2
 * keeps a reserved MPP = 2 written by csrw (csr.c); mret from it goes to
 * "mode 2" there, a choice the spec leaves open (WARL): the model refuses
 * it, so a caller never reaches it silently. MPV <- 0 (8.2, V = 0 here).
 */
int host_mret(uint64_t *pc)
{
	uint64_t status = raw(CSR_MSTATUS);
	unsigned mpp = (unsigned)((status & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);

	if (priv != PRV_M)
		return CAUSE_ILLEGAL_INSTRUCTION;
	if (mpp == 2)
		host_die("mret with the reserved MPP = 2", status);
	if (status & MSTATUS_MPV)
		host_die("mret with MPV = 1: V = 1 is not modelled", status);
	status = field_set(status, MSTATUS_MIE, !!(status & MSTATUS_MPIE));
	status = field_set(status, MSTATUS_MPIE, 1);
	status = field_set(status, MSTATUS_MPP, PRV_U);
	if (mpp != PRV_M)
		status = field_set(status, MSTATUS_MPRV, 0);
	set_raw(CSR_MSTATUS, status);
	priv = mpp;
	*pc = raw(CSR_MEPC);
	return 0;
}

/*
 * sret (3.3.2, 4.1.1): illegal in U-mode, and in S-mode when mstatus.TSR
 * is set (3.1.6.5). SIE <- SPIE, SPIE <- 1, privilege <- SPP, SPP <- U,
 * MPRV <- 0 (the new mode is never M). The H extension's SPV (8.2.1) is 0
 * when V = 0 is all there is.
 */
int host_sret(uint64_t *pc)
{
	uint64_t status = raw(CSR_MSTATUS);
	unsigned spp = (status & MSTATUS_SPP) ? PRV_S : PRV_U;

	if (priv == PRV_U || (priv == PRV_S && (status & MSTATUS_TSR)))
		return CAUSE_ILLEGAL_INSTRUCTION;
	status = field_set(status, MSTATUS_SIE, !!(status & MSTATUS_SPIE));
	status = field_set(status, MSTATUS_SPIE, 1);
	status = field_set(status, MSTATUS_SPP, 0);
	status = field_set(status, MSTATUS_MPRV, 0);
	set_raw(CSR_MSTATUS, status);
	priv = spp;
	*pc = raw(CSR_SEPC);
	return 0;
}

/*
 * wfi (3.3.3): with TW = 1 it is illegal in any mode but M (QEMU 7.2
 * traps at once: the "implementation-specific bounded time" is zero);
 * in U-mode it is illegal when S-mode exists, as QEMU 7.2 does. It
 * resumes when an interrupt is pending and enabled in mie, whatever
 * mstatus.xIE and the delegation say. Returns 0 and *wakes, or the cause.
 */
int host_wfi(bool *wakes)
{
	const uint64_t status = raw(CSR_MSTATUS);

	if (priv != PRV_M && (status & MSTATUS_TW))
		return CAUSE_ILLEGAL_INSTRUCTION;
	if (priv == PRV_U)
		return CAUSE_ILLEGAL_INSTRUCTION;
	*wakes = (host_csr_mip() & raw(CSR_MIE)) != 0;
	return 0;
}

/*
 * Interrupt to take now (3.1.9): an M-level interrupt (not delegated) is
 * taken when the hart is below M, or in M with mstatus.MIE; an S-level one
 * (delegated) when below S, or in S with SIE, never in M. Among the
 * takeable ones, M-level before S-level, and within a level the order
 * MEI, MSI, MTI, SEI, SSI, STI (3.1.9), then SGEI, VSEI, VSSI, VSTI (H,
 * 8.2.x, "hip") and LCOFI: QEMU 7.2's default priority table, which is the
 * AIA spec's default order for the codes the hart has. Returns the cause
 * with the interrupt bit, or 0 when nothing is taken.
 */
static const uint8_t irq_order[] = {
	IRQ_M_EXT, IRQ_M_SOFT, IRQ_M_TIMER, IRQ_S_EXT, IRQ_S_SOFT, IRQ_S_TIMER,
	IRQ_S_GEXT, IRQ_VS_EXT, IRQ_VS_SOFT, IRQ_VS_TIMER, IRQ_LCOF,
};

static uint64_t highest(uint64_t set)
{
	for (unsigned i = 0; i < sizeof(irq_order); i++)
		if (set >> irq_order[i] & 1)
			return MCAUSE_INTERRUPT | irq_order[i];
	return 0;
}

uint64_t host_interrupt_pending(void)
{
	const uint64_t status = raw(CSR_MSTATUS);
	const uint64_t pend = host_csr_mip() & raw(CSR_MIE);
	const uint64_t deleg = raw(CSR_MIDELEG);
	const bool m_on = priv < PRV_M || (status & MSTATUS_MIE);
	const bool s_on = priv < PRV_S || (priv == PRV_S && (status & MSTATUS_SIE));
	uint64_t c = m_on ? highest(pend & ~deleg) : 0;

	if (!c && s_on)
		c = highest(pend & deleg);
	return c;
}

/*
 * PMP check (3.7.1): the lowest-numbered entry that matches any byte of
 * the access decides; it must match all of them, else the access fails.
 * An entry applies to S/U always, to M only when locked. No match: M
 * succeeds, S/U fail if any entry is implemented (host_set_pmp; entries
 * beyond those are OFF, read-only zero) (QEMU 7.2 counts only
 * active entries, A != OFF, the same for an S/U access: with no active
 * entry the loop below finds nothing either way; with PMP implemented at
 * all, QEMU then denies S/U, as the spec does). Grain: 4 bytes (G = 0,
 * QEMU 7.2). pmpaddr holds address bits 55:2 (3.7.1, RV64).
 */
#define PMPADDR_BITS ((1ULL << 54) - 1)

static uint8_t pmpcfg_of(unsigned i)
{
	return (uint8_t)(raw(CSR_PMPCFG0 + 2 * (i / 8)) >> (8 * (i % 8)));
}

static void pmp_range(unsigned i, uint64_t *lo, uint64_t *hi)
{
	const uint64_t a = raw(CSR_PMPADDR0 + i) & PMPADDR_BITS;
	const unsigned mode = pmpcfg_of(i) & PMP_A;

	*lo = *hi = 0;		/* empty: [lo, hi) */
	if (mode == PMP_A_TOR) {
		*lo = i ? (raw(CSR_PMPADDR0 + i - 1) & PMPADDR_BITS) << 2 : 0;
		*hi = a << 2;
	} else if (mode == PMP_A_NA4) {
		*lo = a << 2;
		*hi = *lo + 4;
	} else if (mode == PMP_A_NAPOT) {
		/* trailing ones t: a region of 2^(t+3) bytes (3.7.1 Table 3.10) */
		uint64_t ones = ~a & (a + 1);	/* lowest zero bit: 2^t */

		*lo = (a & ~(ones - 1)) << 2;
		*hi = *lo + (ones << 3);	/* < 2^58: no overflow */
	}
}

bool host_pmp_allows(uint64_t addr, unsigned len, unsigned access, unsigned p)
{
	const uint64_t last = addr + len - 1;

	for (unsigned i = 0; i < HOST_PMP_MAX; i++) {
		uint8_t cfg = pmpcfg_of(i);
		uint64_t lo, hi;

		if ((cfg & PMP_A) == PMP_A_OFF)
			continue;
		pmp_range(i, &lo, &hi);
		if (!(addr < hi && last >= lo))
			continue;	/* no byte of the access in the entry */
		if (!(addr >= lo && last < hi))
			return false;	/* a partial match fails ("Priority and Matching Logic") */
		if (p == PRV_M && !(cfg & PMP_L))
			return true;
		return (cfg & access) == access;
	}
	return p == PRV_M || host_csr_nb_pmp() == 0;
}
