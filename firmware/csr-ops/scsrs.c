/* S-mode CSRs accessed from M-mode. Checked: sstatus is a restricted view
 * of mstatus (priv spec 4.1.1), sie/sip only expose delegated interrupts
 * (4.1.3), satp ignores writes of an unsupported MODE
 * (4.1.11: "the entire write has no effect"). WARL read-backs are printed. */
#include "csr_ops.h"

/* sstatus must never show these M-only fields. */
#define M_ONLY (MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MPRV | \
		MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR)
#define S_IRQS ((1UL << IRQ_SSI) | (1UL << IRQ_STI) | (1UL << IRQ_SEI))
/* Hardware-driven pending bits (see mcsrs.c). */
#define SIP_HW_BITS ((1UL << IRQ_STI) | (1UL << IRQ_SEI))

#define ROUND_TRIP(csr, v) __extension__({                              \
	csr_write(csr, (v));                                            \
	csr_read(csr); })

static void test_sstatus(void)
{
	uint64_t saved = csr_read(mstatus);

	csr_set(mstatus, MSTATUS_MPIE | (PRV_S << MSTATUS_MPP_SHIFT) | MSTATUS_SIE);
	uint64_t s = csr_read(sstatus);
	check_eq(s & M_ONLY, 0, "sstatus hides M-only fields");
	check_eq(s & MSTATUS_SIE, MSTATUS_SIE, "sstatus.SIE aliases mstatus.SIE");
	show("sstatus after writing ~0", ROUND_TRIP(sstatus, ~0UL));
	uint64_t m = csr_read(mstatus);
	check_eq(mstatus_mpp(m), PRV_S, "writing sstatus leaves mstatus.MPP");
	check_eq(m & MSTATUS_MIE, 0, "writing sstatus leaves mstatus.MIE");
	csr_write(mstatus, saved);
	check_eq(csr_read(mstatus), saved, "mstatus restored");
}

static void test_sie_sip(void)
{
	csr_write(mideleg, 0);
	check_eq(ROUND_TRIP(sie, ~0UL) & S_IRQS, 0, "sie bits of undelegated interrupts read 0");

	uint64_t deleg = show("mideleg after writing 0x222", ROUND_TRIP(mideleg, S_IRQS));
	uint64_t sie = show("sie after writing ~0", ROUND_TRIP(sie, ~0UL));
	check_eq(sie & S_IRQS, deleg & S_IRQS, "sie exposes the delegated interrupts");
	check_eq(csr_read(mie) & S_IRQS, sie & S_IRQS, "sie aliases mie");
	csr_write(sie, 0);
	check_eq(csr_read(mie), 0, "mie cleared through sie");

	csr_set(sip, 1UL << IRQ_SSI);
	if (deleg & (1UL << IRQ_SSI))
		check_eq(csr_read(mip) & (1UL << IRQ_SSI), 1UL << IRQ_SSI, "sip.SSIP aliases mip.SSIP");
	show("sip after setting SSIP (masked)", csr_read(sip) & ~SIP_HW_BITS);
	csr_clear(mip, 1UL << IRQ_SSI);
	csr_write(mideleg, 0);
}

static void test_trap_csrs(void)
{
	check_eq(ROUND_TRIP(sscratch, 0x5a5a5a5aa5a5a5a5UL), 0x5a5a5a5aa5a5a5a5UL, "sscratch holds 64 bits");
	check_eq(ROUND_TRIP(sepc, 0x80001000UL), 0x80001000UL, "sepc holds an aligned address");
	check_eq(ROUND_TRIP(scause, CAUSE_ECALL_U), CAUSE_ECALL_U, "scause holds an exception code");
	check_eq(ROUND_TRIP(stval, 0x80001000UL), 0x80001000UL, "stval holds an address");
	show("stvec after writing 0x80001000", ROUND_TRIP(stvec, 0x80001000UL));
	show("stvec after writing 0x80001001", ROUND_TRIP(stvec, 0x80001001UL));
	show("stvec after writing 0x80001002", ROUND_TRIP(stvec, 0x80001002UL));
	csr_write(stvec, 0);
	show("scounteren after writing 0x7", ROUND_TRIP(scounteren, 0x7));
	check_eq(ROUND_TRIP(scounteren, 0), 0, "scounteren holds 0");
	uint64_t v = 0;
	if (!implemented("senvcfg", TRAPS_OF(v = csr_read(senvcfg))))
		return;
	show("senvcfg", v);
	show("senvcfg after writing 0xf1", ROUND_TRIP(senvcfg, 0xf1));
	check_eq(ROUND_TRIP(senvcfg, 0), 0, "senvcfg holds 0");
}

static void test_satp(void)
{
	check_eq(ROUND_TRIP(satp, 0), 0, "satp holds 0 (Bare)");
	/* MODE 5 is reserved: the whole write must be ignored. */
	check_eq(ROUND_TRIP(satp, (5UL << 60) | 0x123), 0, "satp ignores a reserved MODE");
	show("satp after writing Sv39 | 0x80000", ROUND_TRIP(satp, (8UL << 60) | 0x80000));
	check_eq(ROUND_TRIP(satp, 0), 0, "satp back to Bare");
}

void test_scsrs(void)
{
	test_sstatus();
	test_sie_sip();
	test_trap_csrs();
	test_satp();
}
