/* mprv: loads and stores with mstatus.MPRV = 1 (priv spec 3.1.6.3): "When
 * MPRV=1, load and store memory addresses are translated and protected, and
 * endianness is applied, as though the current privilege mode were set to
 * MPP". The firmware builds an Sv39 page table (priv spec 4.4) at fixed
 * physical addresses, so every printed value is independent of where the
 * firmware is linked, then accesses a virtual window through it:
 *
 *   VA 0x88000000  data page, S, RW        (also aliased at 0x88006000)
 *   VA 0x88001000  S, read-only
 *   VA 0x88002000  not mapped (V = 0)
 *   VA 0x88003000  U page, RW
 *   VA 0x88004000  S, execute-only
 *   VA 0x88005000  W without R: a reserved encoding (4.3.1, table 4.5)
 *   VA 0x88007000  S, RW, but on a page PMP denies to S/U (3.7.1)
 *   VA 0x88200000  2 MiB megapage, S, RW
 *   VA 0x88400000  its level-0 table lies in the PMP-denied page
 *
 * With MPP = S and MPP = U it checks every load and store width, signed and
 * unsigned, 32-bit and compressed (c.lw/c.ld/c.sw/c.sd and the sp-based
 * forms), values through the physical page; faults: store page fault 15 on
 * the read-only page, load page fault 13 / store page fault 15 on the
 * unmapped page, the reserved encoding and a non-canonical address, SUM
 * (4.1.1.2) for a U page from S, U-mode never reaching an S page, MXR for
 * the execute-only page, access faults 5/7 for a PMP-denied data page and a
 * PMP-denied page-table walk (4.3.2 step 2); each fault with mtval = the
 * virtual address (3.1.16), mepc = the access, and in the handler MPRV
 * still 1 with MPP = M (3.1.6.1). MPRV with satp Bare uses S-mode PMP
 * only; MPRV with MPP = M is no MPRV at all (untranslated, PMP ignored);
 * with MPRV cleared, the same plain accesses work untranslated again. The
 * page tables' A and D bits are preset, so no A/D update policy (4.3.1)
 * is relied on. The window's addresses also exist physically (RAM at
 * 0x88000000, filled with its own pattern), so an access that is wrongly
 * left untranslated reads a distinct value.
 *
 * Built with -DMPRV_AMO (firmware mprv-amo, build.mk) it runs test_amo()
 * instead: AMOs with MPRV = 1, which are a load and a store in one access. */
#include "fw.h"

/* Physical layout (fixed: QEMU virt RAM starts at 0x80000000, 256 MiB) */
#define PT_ROOT		0x80800000UL
#define PT_L1		0x80801000UL
#define PT_L0		0x80802000UL
#define DATA_PA		0x80810000UL
#define RO_PA		0x80811000UL
#define USER_PA		0x80812000UL
#define XO_PA		0x80813000UL
#define DENY_PA		0x80814000UL	/* PMP entry 0: no access for S/U */
#define MEGA_PA		0x80a00000UL	/* 2 MiB aligned */

/* Virtual window */
#define VA_BASE		0x88000000UL
#define VA_DATA		(VA_BASE + 0x0000)
#define VA_RO		(VA_BASE + 0x1000)
#define VA_UNMAPPED	(VA_BASE + 0x2000)
#define VA_USER		(VA_BASE + 0x3000)
#define VA_XO		(VA_BASE + 0x4000)
#define VA_WONLY	(VA_BASE + 0x5000)
#define VA_ALIAS	(VA_BASE + 0x6000)
#define VA_DENY		(VA_BASE + 0x7000)
#define VA_MEGA		(VA_BASE + 0x200000)
#define VA_DENY_WALK	(VA_BASE + 0x400000)
#define VA_NONCANON	0x0000008000000000UL	/* bit 39 set, bit 38 clear (4.4.1) */

/* Sv39 PTE bits (priv spec 4.3.1 / 4.4.1) */
#define PTE_V	0x001UL
#define PTE_R	0x002UL
#define PTE_W	0x004UL
#define PTE_X	0x008UL
#define PTE_U	0x010UL
#define PTE_A	0x040UL
#define PTE_D	0x080UL
#define SATP_SV39 (8UL << 60)

#define CAUSE_LOAD_PAGE		13
#define CAUSE_STORE_PAGE	15
#define SENTINEL		0x5e5e5e5e5e5e5e5eUL
/* fault() cause for an AMO on a page that is not readable either: the spec
 * says store/AMO page fault (15), QEMU 7.2 reports a load page fault (13);
 * like the other QEMU departures (firmware/README.md) neither is required
 * nor printed. */
#define ANY_PAGE_FAULT		(~0UL)

#define MPRV_S	(MSTATUS_MPRV | (PRV_S << MSTATUS_MPP_SHIFT))
#define MPRV_U	(MSTATUS_MPRV | (PRV_U << MSTATUS_MPP_SHIFT))
#define MPRV_M	(MSTATUS_MPRV | (PRV_M << MSTATUS_MPP_SHIFT))

typedef void helper_fn(void);
#define H(n) helper_fn n; extern char n##_at[];
H(m_lb) H(m_lbu) H(m_lh) H(m_lhu) H(m_lw) H(m_lwu) H(m_ld) H(m_ld_neg) H(m_lw_off)
H(m_sb) H(m_sh) H(m_sw) H(m_sd) H(m_sd_neg)
H(m_c_lw) H(m_c_ld) H(m_c_sw) H(m_c_sd) H(m_c_lwsp) H(m_c_ldsp) H(m_c_swsp) H(m_c_sdsp)
H(m_amoadd_w) H(m_amoswap_d) H(m_amoor_d)
#undef H

struct op {
	helper_fn *fn;
	const char *at;		/* the access instruction */
	const char *name;
	long off;		/* immediate of the instruction */
	unsigned width;
	bool is_signed;
	bool store;
};

#define OP(n, text, off, w, sgn, st) \
	static const struct op n = { m_##n, m_##n##_at, text, off, w, sgn, st }
OP(lb, "lb", 0, 1, true, false);
OP(lbu, "lbu", 0, 1, false, false);
OP(lh, "lh", 0, 2, true, false);
OP(lhu, "lhu", 0, 2, false, false);
OP(lw, "lw", 0, 4, true, false);
OP(lwu, "lwu", 0, 4, false, false);
OP(ld, "ld", 0, 8, true, false);
OP(ld_neg, "ld -8(rs1)", -8, 8, true, false);
OP(lw_off, "lw 2044(rs1)", 2044, 4, true, false);
OP(sb, "sb", 0, 1, false, true);
OP(sh, "sh", 0, 2, false, true);
OP(sw, "sw", 0, 4, false, true);
OP(sd, "sd", 0, 8, false, true);
OP(sd_neg, "sd -16(rs1)", -16, 8, false, true);
OP(c_lw, "c.lw", 4, 4, true, false);
OP(c_ld, "c.ld", 8, 8, true, false);
OP(c_sw, "c.sw", 4, 4, false, true);
OP(c_sd, "c.sd", 8, 8, false, true);
OP(c_lwsp, "c.lwsp", 12, 4, true, false);
OP(c_ldsp, "c.ldsp", 16, 8, true, false);
OP(c_swsp, "c.swsp", 20, 4, false, true);
OP(c_sdsp, "c.sdsp", 24, 8, false, true);
#ifdef MPRV_AMO
OP(amoadd_w, "amoadd.w", 0, 4, true, true);
OP(amoswap_d, "amoswap.d", 0, 8, false, true);
OP(amoor_d, "amoor.d", 0, 8, false, true);
#endif
#undef OP

static volatile bool expecting;
static volatile unsigned traps;
static volatile uint64_t seen_cause, seen_epc, seen_tval, seen_mstatus;

void trap_handler(struct trap_frame *f)
{
	if (!expecting) {
		printf("FAIL: unexpected trap: mcause=0x%lx mepc=0x%lx mtval=0x%lx mstatus=0x%lx\n",
		       f->mcause, f->mepc, f->mtval, f->mstatus);
		exit_failure(2);
	}
	traps++;
	seen_cause = f->mcause;
	seen_epc = f->mepc;
	seen_tval = f->mtval;
	seen_mstatus = f->mstatus;
	trap_skip(f);
}

static uint64_t call(const struct op *op, uint64_t va, uint64_t bits, uint64_t val)
{
	register uint64_t a0 __asm__("a0") = va - (uint64_t)op->off;
	register uint64_t a1 __asm__("a1") = bits;
	register uint64_t a2 __asm__("a2") = val;

	__asm__ volatile("jalr %3"
			 : "+r"(a0), "+r"(a1), "+r"(a2)
			 : "r"(op->fn)
			 : "ra", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "a3", "a4", "a5",
			   "a6", "a7", "memory");
	return a0;
}

static const char *mode_name(uint64_t bits)
{
	static const char *const names[] = { "MPP=U", "MPP=S", "MPP=?", "MPP=M" };

	if (!(bits & MSTATUS_MPRV))
		return "MPRV=0";
	return names[(bits & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT];
}

static const char *flags_name(uint64_t bits)
{
	switch (bits & (MSTATUS_SUM | MSTATUS_MXR)) {
	case MSTATUS_SUM: return " SUM=1";
	case MSTATUS_MXR: return " MXR=1";
	case MSTATUS_SUM | MSTATUS_MXR: return " SUM=1 MXR=1";
	default: return "";
	}
}

static uint64_t phys_read(uint64_t pa, unsigned width)
{
	switch (width) {
	case 1: return *(volatile uint8_t *)pa;
	case 2: return *(volatile uint16_t *)pa;
	case 4: return *(volatile uint32_t *)pa;
	default: return *(volatile uint64_t *)pa;
	}
}

static uint64_t extend(uint64_t v, unsigned width, bool is_signed)
{
	unsigned sh = 64 - 8 * width;

	if (width == 8)
		return v;
	return is_signed ? (uint64_t)((int64_t)(v << sh) >> sh) : v & ((1UL << (8 * width)) - 1);
}

static void check_mprv_off(const char *what)
{
	uint64_t ms = csr_read(mstatus);

	check_eq(ms & MSTATUS_MPRV, 0, what);
	check_eq(ms & (MSTATUS_SUM | MSTATUS_MXR), 0, what);
}

/* A load that must succeed and read what the physical page holds at pa. */
static void load_ok(const struct op *op, uint64_t va, uint64_t pa, uint64_t bits)
{
	unsigned before = traps;
	uint64_t want = extend(phys_read(pa, op->width), op->width, op->is_signed);

	expecting = true;
	uint64_t got = call(op, va, bits, 0);
	expecting = false;
	if (traps != before) {
		printf("FAIL: %s %s 0x%lx trapped: mcause = %lu, mtval = 0x%lx\n", mode_name(bits),
		       op->name, va, seen_cause, seen_tval);
		exit_failure(1);
	}
	check_eq(got, want, op->name);
	check_mprv_off("MPRV, SUM and MXR cleared after the access");
	printf("mprv: %s%-6s %-12s 0x%lx -> 0x%lx\n", mode_name(bits), flags_name(bits), op->name,
	       va, got);
}

/* A store that must succeed and change exactly its bytes at pa. */
static void store_ok(const struct op *op, uint64_t va, uint64_t pa, uint64_t bits, uint64_t val)
{
	unsigned before = traps;
	uint64_t pa8 = pa & ~7UL;
	uint64_t old = phys_read(pa8, 8), mask, want;
	unsigned shift = (unsigned)(pa & 7) * 8;

	mask = (op->width == 8 ? ~0UL : (1UL << (8 * op->width)) - 1) << shift;
	want = (old & ~mask) | ((val << shift) & mask);
	expecting = true;
	(void)call(op, va, bits, val);
	expecting = false;
	if (traps != before) {
		printf("FAIL: %s %s 0x%lx trapped: mcause = %lu, mtval = 0x%lx\n", mode_name(bits),
		       op->name, va, seen_cause, seen_tval);
		exit_failure(1);
	}
	check_eq(phys_read(pa8, 8), want, op->name);
	check_mprv_off("MPRV, SUM and MXR cleared after the access");
	printf("mprv: %s%-6s %-12s 0x%lx <- 0x%lx: memory now 0x%016lx\n", mode_name(bits),
	       flags_name(bits), op->name, va, val, phys_read(pa8, 8));
}

/* An access that must fault with cause, mtval = va; a store must not have
 * changed pa (0 = no physical page to look at). */
static void fault(const struct op *op, uint64_t va, uint64_t pa, uint64_t bits, uint64_t cause,
		  const char *why)
{
	unsigned before = traps;
	uint64_t old = pa ? phys_read(pa & ~7UL, 8) : 0;

	expecting = true;
	uint64_t got = call(op, va, bits, 0x1122334455667788UL);
	expecting = false;
	if (traps == before) {
		printf("FAIL: %s %s 0x%lx (%s) did not fault, read 0x%lx\n", mode_name(bits),
		       op->name, va, why, got);
		exit_failure(1);
	}
	check_eq(traps - before, 1, "one trap");
	if (cause == ANY_PAGE_FAULT)
		check(seen_cause == CAUSE_LOAD_PAGE || seen_cause == CAUSE_STORE_PAGE, why);
	else
		check_eq(seen_cause, cause, why);
	check_eq(seen_tval, va, "mtval = the virtual address");
	check_eq(seen_epc, (uint64_t)(uintptr_t)op->at, "mepc = the access instruction");
	check_eq(seen_mstatus & MSTATUS_MPRV, MSTATUS_MPRV, "MPRV still set in the handler");
	check_eq(mstatus_mpp(seen_mstatus), PRV_M, "MPP = M in the handler");
	check_eq(got, SENTINEL, "the faulting load left its register unchanged");
	if (pa)
		check_eq(phys_read(pa & ~7UL, 8), old, "the faulting store changed nothing");
	check_mprv_off("MPRV, SUM and MXR cleared after the access");
	if (cause == ANY_PAGE_FAULT)
		printf("mprv: %s%-6s %-12s 0x%lx (%s): page fault, mtval = 0x%lx, mepc = insn, "
		       "handler MPRV = 1 MPP = %lu\n", mode_name(bits), flags_name(bits), op->name,
		       va, why, seen_tval, mstatus_mpp(seen_mstatus));
	else
		printf("mprv: %s%-6s %-12s 0x%lx (%s): mcause = %lu, mtval = 0x%lx, mepc = insn, "
		       "handler MPRV = 1 MPP = %lu\n", mode_name(bits), flags_name(bits), op->name,
		       va, why, seen_cause, seen_tval, mstatus_mpp(seen_mstatus));
}

static void zero_page(uint64_t pa)
{
	for (uint64_t i = 0; i < 4096; i += 8)
		*(volatile uint64_t *)(pa + i) = 0;
}

static void fill_page(uint64_t pa, uint64_t seed)
{
	for (uint64_t i = 0; i < 4096; i += 8)
		*(volatile uint64_t *)(pa + i) = seed ^ (i * 0x0101010101010101UL);
}

static uint64_t pte(uint64_t pa, uint64_t flags)
{
	return (pa >> 12) << 10 | flags;
}

static void build_page_tables(void)
{
	volatile uint64_t *root = (volatile uint64_t *)PT_ROOT;
	volatile uint64_t *l1 = (volatile uint64_t *)PT_L1;
	volatile uint64_t *l0 = (volatile uint64_t *)PT_L0;

	zero_page(PT_ROOT);
	zero_page(PT_L1);
	zero_page(PT_L0);
	/* VPN[2] = VA[38:30], VPN[1] = VA[29:21], VPN[0] = VA[20:12] (4.4.1) */
	root[(VA_BASE >> 30) & 0x1ff] = pte(PT_L1, PTE_V);
	l1[(VA_BASE >> 21) & 0x1ff] = pte(PT_L0, PTE_V);
	l1[(VA_MEGA >> 21) & 0x1ff] = pte(MEGA_PA, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D);
	l1[(VA_DENY_WALK >> 21) & 0x1ff] = pte(DENY_PA, PTE_V);	/* next level denied */
	l0[(VA_DATA >> 12) & 0x1ff] = pte(DATA_PA, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D);
	l0[(VA_RO >> 12) & 0x1ff] = pte(RO_PA, PTE_V | PTE_R | PTE_A);
	/* VA_UNMAPPED: entry left 0 (V = 0) */
	l0[(VA_USER >> 12) & 0x1ff] = pte(USER_PA, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D);
	l0[(VA_XO >> 12) & 0x1ff] = pte(XO_PA, PTE_V | PTE_X | PTE_A);
	l0[(VA_WONLY >> 12) & 0x1ff] = pte(DATA_PA, PTE_V | PTE_W | PTE_A | PTE_D);
	l0[(VA_ALIAS >> 12) & 0x1ff] = pte(DATA_PA, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D);
	l0[(VA_DENY >> 12) & 0x1ff] = pte(DENY_PA, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D);
}

static void setup(void)
{
	/* PMP (3.7.1): entry 0 NAPOT 4 KiB over DENY_PA with no permission,
	 * entry 1 NAPOT over everything with RWX. Without a matching entry an
	 * S/U access (and a page-table walk) would fail, M-mode ignores both. */
	csr_write(pmpaddr0, (DENY_PA >> 2) | 0x1ff);
	csr_write(pmpaddr1, 0x003fffffffffffffUL);
	csr_write(pmpcfg0, (PMP_A_NAPOT << 0) | ((PMP_A_NAPOT | PMP_R | PMP_W | PMP_X) << 8));

	fill_page(DATA_PA, 0x8786858483828180UL);
	*(volatile uint64_t *)(DATA_PA + 0x10) = 0x0102030405060708UL;	/* positive */
	fill_page(RO_PA, 0x1716151413121110UL);
	fill_page(USER_PA, 0x2726252423222120UL);
	fill_page(XO_PA, 0xa7a6a5a4a3a2a1a0UL);
	fill_page(DENY_PA, 0x3736353433323130UL);
	fill_page(MEGA_PA + 0x1000, 0x4746454443424140UL);
	/* What an untranslated access to the window would see instead */
	fill_page(VA_BASE, 0x4d4d4d4d4d4d4d4dUL);
	build_page_tables();
	__asm__ volatile("sfence.vma" ::: "memory");
	csr_write(satp, SATP_SV39 | (PT_ROOT >> 12));
	__asm__ volatile("sfence.vma" ::: "memory");
	check_eq(csr_read(satp), SATP_SV39 | (PT_ROOT >> 12), "satp = Sv39");
	csr_clear(mstatus, MSTATUS_MPRV | MSTATUS_SUM | MSTATUS_MXR);
	printf("mprv: satp = Sv39, window at 0x%lx, data page at 0x%lx\n", VA_BASE, DATA_PA);
}

static void test_widths(uint64_t bits)
{
	static const struct op *const loads[] = { &lb, &lbu, &lh, &lhu, &lw, &lwu, &ld };

	/* Offset 0 holds 0x...8180: every width negative; 0x10 holds
	 * 0x0102030405060708: every width positive. */
	for (size_t i = 0; i < sizeof(loads) / sizeof(loads[0]); i++) {
		load_ok(loads[i], VA_DATA, DATA_PA, bits);
		load_ok(loads[i], VA_DATA + 0x10, DATA_PA + 0x10, bits);
	}
	load_ok(&lb, VA_DATA + 0x27, DATA_PA + 0x27, bits);
	load_ok(&lhu, VA_DATA + 0x36, DATA_PA + 0x36, bits);
	load_ok(&lw, VA_DATA + 0x44, DATA_PA + 0x44, bits);
	load_ok(&ld_neg, VA_DATA + 0x48, DATA_PA + 0x48, bits);
	load_ok(&lw_off, VA_DATA + 0x800, DATA_PA + 0x800, bits);
	load_ok(&c_lw, VA_DATA + 0x54, DATA_PA + 0x54, bits);
	load_ok(&c_ld, VA_DATA + 0x58, DATA_PA + 0x58, bits);
	load_ok(&c_lwsp, VA_DATA + 0x64, DATA_PA + 0x64, bits);
	load_ok(&c_ldsp, VA_DATA + 0x68, DATA_PA + 0x68, bits);

	store_ok(&sb, VA_DATA + 0x101, DATA_PA + 0x101, bits, 0xa5);
	store_ok(&sh, VA_DATA + 0x10a, DATA_PA + 0x10a, bits, 0xbeef);
	store_ok(&sw, VA_DATA + 0x114, DATA_PA + 0x114, bits, 0xcafef00d);
	store_ok(&sd, VA_DATA + 0x118, DATA_PA + 0x118, bits, 0x0123456789abcdefUL);
	store_ok(&sd_neg, VA_DATA + 0x120, DATA_PA + 0x120, bits, 0xfedcba9876543210UL);
	store_ok(&c_sw, VA_DATA + 0x12c, DATA_PA + 0x12c, bits, 0x13579bdf);
	store_ok(&c_sd, VA_DATA + 0x130, DATA_PA + 0x130, bits, 0x2468ace02468ace0UL);
	store_ok(&c_swsp, VA_DATA + 0x13c, DATA_PA + 0x13c, bits, 0x600dcafe);
	store_ok(&c_sdsp, VA_DATA + 0x140, DATA_PA + 0x140, bits, 0x7766554433221100UL);
	/* Back through the loads: the stores landed where the loads look. */
	load_ok(&ld, VA_DATA + 0x118, DATA_PA + 0x118, bits);
	load_ok(&lhu, VA_DATA + 0x10a, DATA_PA + 0x10a, bits);
}

static void test_s_mode(void)
{
	test_widths(MPRV_S);

	/* Two virtual pages, one physical page */
	store_ok(&sd, VA_ALIAS + 0x200, DATA_PA + 0x200, MPRV_S, 0xa11a5a11a5a11a5UL);
	load_ok(&ld, VA_DATA + 0x200, DATA_PA + 0x200, MPRV_S);

	load_ok(&ld, VA_RO + 0x18, RO_PA + 0x18, MPRV_S);
	fault(&sd, VA_RO + 0x18, RO_PA + 0x18, MPRV_S, CAUSE_STORE_PAGE, "read-only page");
	fault(&sb, VA_RO + 0x21, RO_PA + 0x21, MPRV_S, CAUSE_STORE_PAGE, "read-only page");
	fault(&c_sw, VA_RO + 0x24, RO_PA + 0x24, MPRV_S, CAUSE_STORE_PAGE, "read-only page");

	fault(&lw, VA_UNMAPPED + 0x30, 0, MPRV_S, CAUSE_LOAD_PAGE, "unmapped page");
	fault(&lbu, VA_UNMAPPED + 0xfff, 0, MPRV_S, CAUSE_LOAD_PAGE, "unmapped page");
	fault(&c_ld, VA_UNMAPPED + 0x38, 0, MPRV_S, CAUSE_LOAD_PAGE, "unmapped page");
	fault(&sw, VA_UNMAPPED + 0x40, 0, MPRV_S, CAUSE_STORE_PAGE, "unmapped page");

	fault(&ld, VA_WONLY + 0x8, DATA_PA + 0x8, MPRV_S, CAUSE_LOAD_PAGE, "W without R");
	fault(&sd, VA_WONLY + 0x8, DATA_PA + 0x8, MPRV_S, CAUSE_STORE_PAGE, "W without R");
	fault(&ld, VA_NONCANON, 0, MPRV_S, CAUSE_LOAD_PAGE, "non-canonical address");
	fault(&sd, VA_NONCANON + 8, 0, MPRV_S, CAUSE_STORE_PAGE, "non-canonical address");

	/* The megapage */
	store_ok(&sd, VA_MEGA + 0x1238, MEGA_PA + 0x1238, MPRV_S, 0x6d6567617061676dUL);
	load_ok(&ld, VA_MEGA + 0x1238, MEGA_PA + 0x1238, MPRV_S);
	load_ok(&lh, VA_MEGA + 0x1006, MEGA_PA + 0x1006, MPRV_S);

	/* PMP still applies, to the data and to the walk, as access faults */
	fault(&ld, VA_DENY + 0x10, DENY_PA + 0x10, MPRV_S, CAUSE_LOAD_ACCESS, "PMP-denied page");
	fault(&sd, VA_DENY + 0x10, DENY_PA + 0x10, MPRV_S, CAUSE_STORE_ACCESS, "PMP-denied page");
	fault(&lw, VA_DENY_WALK + 0x20, 0, MPRV_S, CAUSE_LOAD_ACCESS, "PMP-denied page table");
	fault(&sw, VA_DENY_WALK + 0x20, 0, MPRV_S, CAUSE_STORE_ACCESS, "PMP-denied page table");
}

static void test_sum_mxr(void)
{
	/* SUM = 0: S may not touch U pages (4.1.1.2) */
	fault(&ld, VA_USER + 0x8, USER_PA + 0x8, MPRV_S, CAUSE_LOAD_PAGE, "U page, SUM=0");
	fault(&sd, VA_USER + 0x8, USER_PA + 0x8, MPRV_S, CAUSE_STORE_PAGE, "U page, SUM=0");
	/* SUM = 1: it may */
	load_ok(&ld, VA_USER + 0x8, USER_PA + 0x8, MPRV_S | MSTATUS_SUM);
	store_ok(&sw, VA_USER + 0x10, USER_PA + 0x10, MPRV_S | MSTATUS_SUM, 0x5a5a0001);
	load_ok(&c_lw, VA_USER + 0x10, USER_PA + 0x10, MPRV_S | MSTATUS_SUM);

	/* Execute-only page: loads need MXR = 1 (4.1.1.2), stores never work */
	fault(&ld, VA_XO + 0x28, XO_PA + 0x28, MPRV_S, CAUSE_LOAD_PAGE, "execute-only, MXR=0");
	load_ok(&ld, VA_XO + 0x28, XO_PA + 0x28, MPRV_S | MSTATUS_MXR);
	load_ok(&lbu, VA_XO + 0x2f, XO_PA + 0x2f, MPRV_S | MSTATUS_MXR);
	fault(&sd, VA_XO + 0x28, XO_PA + 0x28, MPRV_S | MSTATUS_MXR, CAUSE_STORE_PAGE,
	      "execute-only, MXR=1");
}

static void test_u_mode(void)
{
	load_ok(&ld, VA_USER + 0x8, USER_PA + 0x8, MPRV_U);
	load_ok(&lh, VA_USER + 0x1e, USER_PA + 0x1e, MPRV_U);
	store_ok(&sd, VA_USER + 0x40, USER_PA + 0x40, MPRV_U, 0x7573657275736572UL);
	store_ok(&c_sd, VA_USER + 0x48, USER_PA + 0x48, MPRV_U, 0x1234);
	load_ok(&c_ldsp, VA_USER + 0x48, USER_PA + 0x48, MPRV_U);
	/* U never reaches S pages, SUM or not (4.1.1.2) */
	fault(&ld, VA_DATA + 0x8, DATA_PA + 0x8, MPRV_U, CAUSE_LOAD_PAGE, "S page from U");
	fault(&sb, VA_DATA + 0x8, DATA_PA + 0x8, MPRV_U, CAUSE_STORE_PAGE, "S page from U");
	fault(&ld, VA_DATA + 0x8, DATA_PA + 0x8, MPRV_U | MSTATUS_SUM, CAUSE_LOAD_PAGE,
	      "S page from U");
	fault(&lw, VA_UNMAPPED, 0, MPRV_U, CAUSE_LOAD_PAGE, "unmapped page");
	fault(&ld, VA_DENY + 0x10, DENY_PA + 0x10, MPRV_U | MSTATUS_SUM, CAUSE_LOAD_PAGE,
	      "S page from U");
}

static void test_bare(void)
{
	/* satp Bare: MPRV gives S-mode PMP checks, no translation */
	csr_write(satp, 0);
	__asm__ volatile("sfence.vma" ::: "memory");
	load_ok(&ld, DATA_PA + 0x8, DATA_PA + 0x8, MPRV_S);
	load_ok(&ld, VA_BASE + 0x8, VA_BASE + 0x8, MPRV_S);
	store_ok(&sw, DATA_PA + 0x300, DATA_PA + 0x300, MPRV_U, 0xba5e0000);
	fault(&ld, DENY_PA + 0x18, DENY_PA + 0x18, MPRV_S, CAUSE_LOAD_ACCESS, "satp Bare, PMP");
	fault(&c_sd, DENY_PA + 0x18, DENY_PA + 0x18, MPRV_U, CAUSE_STORE_ACCESS, "satp Bare, PMP");
	csr_write(satp, SATP_SV39 | (PT_ROOT >> 12));
	__asm__ volatile("sfence.vma" ::: "memory");
}

static void test_mpp_m(void)
{
	/* MPP = M: "as though the current privilege mode were M", i.e. no
	 * translation and unlocked PMP entries ignored, even with satp set. */
	load_ok(&ld, VA_BASE + 0x8, VA_BASE + 0x8, MPRV_M);
	load_ok(&ld, DATA_PA + 0x8, DATA_PA + 0x8, MPRV_M);
	load_ok(&lw, DENY_PA + 0x20, DENY_PA + 0x20, MPRV_M);
	store_ok(&sd, DENY_PA + 0x28, DENY_PA + 0x28, MPRV_M | MSTATUS_SUM, 0x6d6d6d6d00000001UL);
	store_ok(&c_sw, VA_BASE + 0x30, VA_BASE + 0x30, MPRV_M, 0x6d000002);
}

static void test_after(void)
{
	/* MPRV = 0, satp still Sv39: M-mode accesses stay physical. */
	check_mprv_off("MPRV off");
	check_eq(*(volatile uint64_t *)(VA_BASE + 0x8), 0x4d4d4d4d4d4d4d4dUL ^ 0x0808080808080808UL,
		 "plain load from 0x88000008 is physical");
	*(volatile uint64_t *)(DENY_PA + 0x38) = 0x706c61696e;
	check_eq(*(volatile uint64_t *)(DENY_PA + 0x38), 0x706c61696e, "plain access to DENY_PA");
	check_eq(*(volatile uint64_t *)(DATA_PA + 0x118), 0x0123456789abcdefUL,
		 "plain load of what the MPRV store wrote");
	load_ok(&ld, VA_BASE + 0x8, VA_BASE + 0x8, 0);
	store_ok(&sh, DENY_PA + 0x42, DENY_PA + 0x42, 0, 0x4242);
	csr_write(satp, 0);
	__asm__ volatile("sfence.vma" ::: "memory");
	printf("mprv: MPRV cleared: plain accesses are physical again\n");
}

#ifdef MPRV_AMO
/* An AMO that must succeed: rd = the old value (sign-extended from 32 bits
 * for .w), memory = the new one. */
static void amo_ok(const struct op *op, uint64_t va, uint64_t pa, uint64_t bits, uint64_t val,
		   uint64_t want_mem)
{
	unsigned before = traps;
	uint64_t old = extend(phys_read(pa, op->width), op->width, op->is_signed);

	expecting = true;
	uint64_t got = call(op, va, bits, val);
	expecting = false;
	if (traps != before) {
		printf("FAIL: %s %s 0x%lx trapped: mcause = %lu, mtval = 0x%lx\n", mode_name(bits),
		       op->name, va, seen_cause, seen_tval);
		exit_failure(1);
	}
	check_eq(got, old, "AMO rd = the old value");
	check_eq(phys_read(pa, op->width), want_mem, "AMO result in memory");
	check_mprv_off("MPRV, SUM and MXR cleared after the access");
	printf("mprv: %s%-6s %-12s 0x%lx, 0x%lx: old 0x%lx, memory now 0x%lx\n", mode_name(bits),
	       flags_name(bits), op->name, va, val, got, phys_read(pa, op->width));
}

static void test_amo(void)
{
	*(volatile uint64_t *)(DATA_PA + 0x400) = 0x00000000fffffff0UL;
	amo_ok(&amoadd_w, VA_DATA + 0x400, DATA_PA + 0x400, MPRV_S, 0x20, 0x10);
	*(volatile uint64_t *)(DATA_PA + 0x408) = 0x1111111111111111UL;
	amo_ok(&amoswap_d, VA_DATA + 0x408, DATA_PA + 0x408, MPRV_S, 0x2222222222222222UL,
	       0x2222222222222222UL);
	amo_ok(&amoor_d, VA_USER + 0x408, USER_PA + 0x408, MPRV_U, 0xff00,
	       *(volatile uint64_t *)(USER_PA + 0x408) | 0xff00);
	*(volatile uint64_t *)(MEGA_PA + 0x2000) = 0x6d6d;
	amo_ok(&amoswap_d, VA_MEGA + 0x2000, MEGA_PA + 0x2000, MPRV_S, 0x3333, 0x3333);
	/* Faults: page faults are store/AMO page faults (priv spec 4.3.2) */
	fault(&amoadd_w, VA_RO + 0x30, RO_PA + 0x30, MPRV_S, CAUSE_STORE_PAGE, "read-only page");
	fault(&amoswap_d, VA_UNMAPPED + 0x30, 0, MPRV_S, ANY_PAGE_FAULT, "unmapped page");
	fault(&amoor_d, VA_USER + 0x30, USER_PA + 0x30, MPRV_S, ANY_PAGE_FAULT, "U page, SUM=0");
	/* MPP = M: untranslated, PMP ignored */
	amo_ok(&amoswap_d, DENY_PA + 0x100, DENY_PA + 0x100, MPRV_M, 0x4444, 0x4444);
	amo_ok(&amoadd_w, VA_BASE + 0x100, VA_BASE + 0x100, MPRV_M, 1,
	       (*(volatile uint32_t *)(VA_BASE + 0x100) + 1) & 0xffffffffUL);
}
#endif

int main(void)
{
	setup();
#ifdef MPRV_AMO
	test_amo();
	check_mprv_off("MPRV off at the end");
	printf("mprv-amo: all checks passed\n");
	return 0;
#endif
	test_s_mode();
	test_sum_mxr();
	test_u_mode();
	test_bare();
	test_mpp_m();
	test_after();
	check_mprv_off("MPRV off at the end");
	printf("mprv: %u faults, all checks passed\n", traps);
	return 0;
}
