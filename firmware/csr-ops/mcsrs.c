/* M-mode CSR round trips. Fields whose legal values the implementation
 * picks (WARL: medeleg, mideleg, mie, mcounteren, mcountinhibit, menvcfg,
 * mtvec modes) are printed; values the spec pins down are checked. Every
 * CSR is put back to a benign value afterwards. */
#include "csr_ops.h"

/* mip bits the hardware drives (timer, software and external interrupt
 * lines, and STIP under Sstc) change with time and with the platform, so
 * they are masked out of anything printed. */
#define MIP_HW_BITS ((1UL << IRQ_MSI) | (1UL << IRQ_MTI) | (1UL << IRQ_MEI) | \
		     (1UL << IRQ_SEI) | (1UL << IRQ_STI))

#define ROUND_TRIP(csr, v) __extension__({                              \
	csr_write(csr, (v));                                            \
	csr_read(csr); })

static void test_status(void)
{
	show("mstatus", csr_read(mstatus));
	/* mstatus.MPP is WARL over the supported modes: M always. */
	csr_set(mstatus, MSTATUS_MPP);
	check_eq(mstatus_mpp(csr_read(mstatus)), PRV_M, "mstatus.MPP holds M");
	csr_clear(mstatus, MSTATUS_MPP);
}

static void test_deleg(void)
{
	show("medeleg after writing ~0", ROUND_TRIP(medeleg, ~0UL));
	check_eq(ROUND_TRIP(medeleg, 0), 0, "medeleg holds 0");
	show("mideleg after writing ~0", ROUND_TRIP(mideleg, ~0UL));
	show("mideleg after writing 0", ROUND_TRIP(mideleg, 0));
	show("mie after writing ~0", ROUND_TRIP(mie, ~0UL));
	check_eq(ROUND_TRIP(mie, 0), 0, "mie holds 0");
	show("mip (hardware bits masked)", csr_read(mip) & ~MIP_HW_BITS);
	csr_set(mip, 1UL << IRQ_SSI);
	show("mip after setting SSIP (masked)", csr_read(mip) & ~MIP_HW_BITS);
	csr_clear(mip, 1UL << IRQ_SSI);
	check_eq(csr_read(mip) & (1UL << IRQ_SSI), 0, "mip.SSIP cleared");
}

static void test_counters_envcfg(void)
{
	show("mcounteren after writing 0x7", ROUND_TRIP(mcounteren, 0x7));
	check_eq(ROUND_TRIP(mcounteren, 0), 0, "mcounteren holds 0");
	uint64_t v = 0;
	if (implemented("mcountinhibit", TRAPS_OF(v = csr_read(mcountinhibit)))) {
		show("mcountinhibit after writing 0x5", ROUND_TRIP(mcountinhibit, 0x5));
		check_eq(ROUND_TRIP(mcountinhibit, 0), 0, "mcountinhibit holds 0");
	}
	if (!implemented("menvcfg", TRAPS_OF(v = csr_read(menvcfg))))
		return;
	show("menvcfg", v);
	show("menvcfg after writing 0x80000000000000f0", ROUND_TRIP(menvcfg, 0x80000000000000f0UL));
	check_eq(ROUND_TRIP(menvcfg, 0), 0, "menvcfg holds 0");
}

static void test_trap_csrs(void)
{
	const bool rvc = csr_read(misa) & (1UL << ('C' - 'A'));

	/* mepc holds instruction addresses: 4-byte aligned ones always, 2-byte
	 * aligned ones with C (priv spec 3.1.14). Odd values are not written:
	 * the spec makes mepc[0] read 0 but QEMU 7.2 stores it, so no line
	 * could be common to a native run and a conformant monitor. */
	check_eq(ROUND_TRIP(mepc, 0x40), 0x40, "mepc holds an aligned address");
	if (rvc)
		check_eq(ROUND_TRIP(mepc, 0x42), 0x42, "mepc holds a 2-byte aligned address with C");

	/* mcause is WLRL: only legal codes are guaranteed to read back. */
	check_eq(ROUND_TRIP(mcause, CAUSE_ECALL_M), CAUSE_ECALL_M, "mcause holds an exception code");
	check_eq(ROUND_TRIP(mcause, (1UL << 63) | IRQ_MTI), (1UL << 63) | IRQ_MTI,
		 "mcause holds an interrupt code");
	/* mtval holds 0 and any valid address (priv spec 3.1.16). */
	check_eq(ROUND_TRIP(mtval, 0), 0, "mtval holds 0");
	check_eq(ROUND_TRIP(mtval, 0x80001000UL), 0x80001000UL, "mtval holds an address");
	check_eq(ROUND_TRIP(mscratch, 0x42), 0x42, "mscratch holds 0x42");
}

static void test_mtvec(void)
{
	uint64_t saved = csr_read(mtvec);
	uint64_t base = saved & ~3UL;

	/* Mode 1 (vectored) is optional, mode 2/3 reserved: WARL, so print
	 * only the mode read back and whether the base survived. The saved
	 * value is restored before anything could trap. */
	csr_write(mtvec, base | 1);
	uint64_t vec = csr_read(mtvec);
	csr_write(mtvec, base | 2);
	uint64_t rsv = csr_read(mtvec);
	csr_write(mtvec, saved);
	check_eq(csr_read(mtvec), saved, "mtvec restored");
	check_eq(saved & 3, 0, "runtime mtvec is direct");
	printf("csr-ops: mtvec mode after writing 1 = %lu, base %s\n", vec & 3,
	       (vec & ~3UL) == base ? "kept" : "changed");
	printf("csr-ops: mtvec mode after writing 2 = %lu, base %s\n", rsv & 3,
	       (rsv & ~3UL) == base ? "kept" : "changed");
}

void test_mcsrs(void)
{
	test_status();
	test_deleg();
	test_counters_envcfg();
	test_trap_csrs();
	test_mtvec();
}
