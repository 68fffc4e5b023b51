/*
 * The reference hart's privileged transitions (src/arch/host/priv.c)
 * against the text of the Privileged ISA 20211203, for what the QEMU
 * cross-check (ref-fuzz-*) does not reach: PMP matching (3.7.1), the
 * interrupt choice (3.1.9), sret (3.3.2), wfi (3.3.3) and delegation of
 * traps to S (3.1.8). Expected values are worked out from the spec here,
 * never taken from the monitor.
 */
#include <miralis/riscv/encoding.h>

#include "check.h"
#include "host.h"

static void pmp(unsigned i, uint8_t cfg, uint64_t addr)
{
	uint64_t c = host_csr_get_raw(CSR_PMPCFG0);

	c = (c & ~(0xffULL << (8 * i))) | (uint64_t)cfg << (8 * i);
	host_csr_set_raw(CSR_PMPCFG0, c);
	host_csr_set_raw(CSR_PMPADDR0 + i, addr);
}

TEST(ref_pmp_napot_tor_na4_and_the_lowest_entry_wins)
{
	/* NAPOT 0x80000000, 4 KiB: pmpaddr = base/4 | (size/8 - 1) */
	pmp(0, PMP_A_NAPOT | PMP_R, (0x80000000ULL >> 2) | 0x1ff);
	/* TOR [0x80000000, 0x80010000): RWX, behind entry 0 */
	pmp(1, PMP_A_TOR | PMP_R | PMP_W | PMP_X, 0x80010000ULL >> 2);
	pmp(2, PMP_A_NA4 | PMP_W | PMP_R, 0x90000000ULL >> 2);
	CHECK(host_pmp_allows(0x80000ff8, 8, PMP_R, PRV_S));
	CHECK(!host_pmp_allows(0x80000ff8, 8, PMP_W, PRV_S));	/* entry 0 decides */
	CHECK(host_pmp_allows(0x80001000, 8, PMP_W, PRV_U));	/* entry 1 */
	CHECK(!host_pmp_allows(0x80000ffc, 8, PMP_R, PRV_S));	/* straddles 0 and 1: fails */
	CHECK(host_pmp_allows(0x90000000, 4, PMP_W, PRV_U));
	CHECK(!host_pmp_allows(0x90000000, 8, PMP_R, PRV_U));	/* NA4 covers 4 bytes only */
	CHECK(!host_pmp_allows(0xa0000000, 1, PMP_R, PRV_S));	/* no match: S/U fail */
	CHECK(host_pmp_allows(0xa0000000, 1, PMP_R, PRV_M));	/* no match: M succeeds */
	CHECK(host_pmp_allows(0x80000000, 8, PMP_W, PRV_M));	/* unlocked: M ignores it */
	pmp(0, PMP_A_NAPOT | PMP_R | PMP_L, (0x80000000ULL >> 2) | 0x1ff);
	CHECK(!host_pmp_allows(0x80000000, 8, PMP_W, PRV_M));	/* locked: binds M */
}

TEST(ref_interrupt_priority_and_enables)
{
	host_csr_set_raw(CSR_MIP, MIP_MTIP | MIP_MSIP | MIP_SSIP | MIP_STIP);
	host_csr_set_raw(CSR_MIE, MIP_MTIP | MIP_MSIP | MIP_SSIP | MIP_STIP);
	host_csr_set_raw(CSR_MIDELEG, MIP_SSIP | MIP_STIP);
	/* M-mode, MIE = 0: nothing; S-level ones never in M */
	CHECK_EQ(host_interrupt_pending(), 0);
	host_csr_set_raw(CSR_MSTATUS, MSTATUS_MIE);
	CHECK_EQ(host_interrupt_pending(), MCAUSE_INTERRUPT | IRQ_M_SOFT);	/* MSI before MTI */
	host_csr_set_raw(CSR_MIE, MIP_SSIP | MIP_STIP);
	CHECK_EQ(host_interrupt_pending(), 0);
	host_set_priv(PRV_S);	/* S, SIE = 0: delegated ones wait */
	CHECK_EQ(host_interrupt_pending(), 0);
	host_csr_set_raw(CSR_MSTATUS, MSTATUS_SIE);
	CHECK_EQ(host_interrupt_pending(), MCAUSE_INTERRUPT | IRQ_S_SOFT);	/* SSI before STI */
	host_set_priv(PRV_U);	/* below S: taken whatever SIE says */
	host_csr_set_raw(CSR_MSTATUS, 0);
	CHECK_EQ(host_interrupt_pending(), MCAUSE_INTERRUPT | IRQ_S_SOFT);
}

TEST(ref_trap_delegated_to_s_and_sret)
{
	uint64_t pc = 0;

	host_csr_set_raw(CSR_MEDELEG, 1ULL << CAUSE_USER_ECALL);
	host_csr_set_raw(CSR_STVEC, 0x80400100);
	host_csr_set_raw(CSR_MSTATUS, MSTATUS_SIE);
	host_set_priv(PRV_U);
	CHECK_EQ(host_trap_enter(CAUSE_USER_ECALL, 0, 0x1000), 0x80400100);
	CHECK_EQ(host_priv(), PRV_S);
	CHECK_EQ(host_csr_get_raw(CSR_SEPC), 0x1000);
	CHECK_EQ(host_csr_get_raw(CSR_SCAUSE), CAUSE_USER_ECALL);
	/* SPIE <- SIE, SIE <- 0, SPP <- U (4.1.1) */
	CHECK_EQ(host_csr_get_raw(CSR_MSTATUS) & (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP),
		 MSTATUS_SPIE);
	host_csr_set_raw(CSR_SEPC, 0x1004);
	CHECK_EQ(host_sret(&pc), 0);
	CHECK_EQ(pc, 0x1004);
	CHECK_EQ(host_priv(), PRV_U);
	CHECK_EQ(host_csr_get_raw(CSR_MSTATUS) & (MSTATUS_SIE | MSTATUS_SPIE), MSTATUS_SIE | MSTATUS_SPIE);
	CHECK_EQ(host_sret(&pc), CAUSE_ILLEGAL_INSTRUCTION);	/* U-mode */
	host_set_priv(PRV_S);
	host_csr_set_raw(CSR_MSTATUS, MSTATUS_TSR);
	CHECK_EQ(host_sret(&pc), CAUSE_ILLEGAL_INSTRUCTION);	/* TSR (3.1.6.5) */
}

TEST(ref_wfi_tw_and_wakeup)
{
	bool wakes = true;

	CHECK_EQ(host_wfi(&wakes), 0);
	CHECK(!wakes);
	host_csr_set_raw(CSR_MIP, MIP_MTIP);
	host_csr_set_raw(CSR_MIE, MIP_MTIP);	/* wakes even with MIE = 0 (3.3.3) */
	CHECK_EQ(host_wfi(&wakes), 0);
	CHECK(wakes);
	host_set_priv(PRV_S);
	host_csr_set_raw(CSR_MSTATUS, MSTATUS_TW);
	CHECK_EQ(host_wfi(&wakes), CAUSE_ILLEGAL_INSTRUCTION);
	host_set_priv(PRV_M);	/* TW does not apply to M */
	CHECK_EQ(host_wfi(&wakes), 0);
}

TEST(ref_csr_privilege_check)
{
	uint64_t v;

	host_set_priv(PRV_S);
	CHECK_EQ(host_csr_rmw(CSR_MSTATUS, &v, 0, 0), CAUSE_ILLEGAL_INSTRUCTION);
	CHECK_EQ(host_csr_rmw(CSR_SSCRATCH, &v, 0, 0), 0);
	host_csr_set_raw(CSR_MSTATUS, MSTATUS_TVM);
	CHECK_EQ(host_csr_rmw(CSR_SATP, &v, 0, 0), CAUSE_ILLEGAL_INSTRUCTION);
	host_set_priv(PRV_U);
	CHECK_EQ(host_csr_rmw(CSR_SSCRATCH, &v, 0, 0), CAUSE_ILLEGAL_INSTRUCTION);
	host_set_priv(PRV_M);
}
