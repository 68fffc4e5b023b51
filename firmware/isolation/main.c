/* isolation (monitor only): every page of the monitor's region, and its
 * first and last byte, is out of reach of the firmware and of the payload,
 * whatever PMP layout the firmware writes.
 *
 * The region is the one the monitor hides in the device tree: at the start
 * of QEMU virt's DRAM it cuts itself off the front of the memory node
 * (src/core/handover.c), so the region is [DRAM base, the memory node's
 * base): one NAPOT region holding its image and every hart's stack
 * (docs/pmp.md). Natively the memory node starts at the DRAM base: the
 * test fails at once.
 *
 * For each layout below, and from M-mode (plain, then with MPRV and MPP = S
 * and U) and from S- and U-mode excursions: ld/sd at the start of every
 * page, lb/sb at the first and last byte, a jump to the first byte and an
 * amoswap.d on it. docs/pmp.md promises the fault the hart gives when its
 * own PMP denies an access: load access fault (5) for loads, store access
 * fault (7) for stores, instruction access fault (1) for the jump, with
 * mtval = the address; for the AMO whatever the hart reports for a denied
 * AMO (QEMU 7.2: 5, the spec: 7). One line per layout and mode.
 *
 * One window is readable by design: the 64-byte fw_dynamic_info the monitor
 * hands over in a2 (src/core/handover.c) answers loads like a read-only
 * device. Loads that land in it are not probed; stores there must fault.
 *
 *   no entry                        M only (S/U have no code to run)
 *   NAPOT RWX over all memory       entry 0
 *   TOR RWX [0, 2^56)               entry 0
 *   NAPOT RWX on the monitor        entry 0, entry 1 all memory
 *   locked NAPOT RWX, all memory    entry 7, locked until reset
 *   locked NAPOT RWX on the monitor entry 6, locked (entry 7 still)
 *
 * Last, MPRV with MPP = S through Sv39 page tables that map every page of
 * the monitor's addresses to one page of this firmware: the accesses must
 * reach that page (the translation decides, not the address).
 *
 * Built with -DSMEPMP (isolation-smepmp, -cpu rv64,x-epmp=true), the locked
 * layouts are replaced by layouts under mseccfg.MML (Smepmp v1.0 table 2.1),
 * with the code in a locked shared code rule (LRWX 1011: M RX, S/U X) and
 * all memory shared RW (0011) behind entry 2:
 *   MML, entry 2 off
 *   MML, S/U RWX (0111) on the monitor's region
 *   MML, shared M RW / S/U R (0010) on the monitor's region
 *   MML and MMWP, locked M-only RW (1110) on the monitor's region */
#include "fw.h"

#define CFG(i, v) ((uint64_t)(v) << (8 * (i)))
#define RWX (PMP_R | PMP_W | PMP_X)
#define ALL_MEMORY 0x003fffffffffffffUL
#define PAGE 4096UL
#define VIRT_DRAM_BASE 0x80000000UL	/* QEMU virt's RAM (hw/riscv/virt.c) */
#define CAUSE_FETCH_ACCESS 1
#define AMO_CAUSE (~0UL)	/* 5 or 7 */

enum op { OP_LD, OP_SD, OP_LB, OP_SB, OP_JUMP, OP_AMO };
static const char *const op_names[] = { "ld", "sd", "lb", "sb", "jump", "amoswap.d" };
static const uint64_t op_cause[] = { CAUSE_LOAD_ACCESS, CAUSE_STORE_ACCESS, CAUSE_LOAD_ACCESS,
				     CAUSE_STORE_ACCESS, CAUSE_FETCH_ACCESS, AMO_CAUSE };

uint64_t iso_m(uint64_t addr, uint64_t op, uint64_t mpp);
void iso_lower(void);

static uint64_t mon_base, mon_size;
static volatile bool expecting;
static volatile unsigned faults;
static volatile uint64_t seen_cause, seen_tval;

/* ---- the monitor's region, from the device tree (devicetree spec 5.4) ---- */

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t be64(const uint8_t *p)
{
	return (uint64_t)be32(p) << 32 | be32(p + 4);
}

static bool starts_with(const char *s, const char *prefix)
{
	while (*prefix)
		if (*s++ != *prefix++)
			return false;
	return true;
}

static bool str_eq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static bool find_monitor_region(const uint8_t *fdt)
{
	const uint8_t *p = fdt + be32(fdt + 8);
	const char *strings = (const char *)fdt + be32(fdt + 12);
	int depth = 0, memory = -1;
	uint64_t mem_base = VIRT_DRAM_BASE;

	if (be32(fdt) != 0xd00dfeed)
		return false;
	for (;;) {
		uint32_t tok = be32(p);

		p += 4;
		if (tok == 1) {		/* FDT_BEGIN_NODE, name */
			const char *name = (const char *)p;
			size_t len = 0;

			while (name[len])
				len++;

			depth++;
			if (depth == 2 && starts_with(name, "memory@"))
				memory = depth;
			p += (len + 4) & ~3UL;
		} else if (tok == 2) {	/* FDT_END_NODE */
			if (depth == memory)
				memory = -1;
			depth--;
		} else if (tok == 3) {	/* FDT_PROP: len, nameoff, value */
			uint32_t len = be32(p), nameoff = be32(p + 4);

			/* QEMU virt: #address-cells = #size-cells = 2 */
			if (depth == memory && len == 16 && str_eq(strings + nameoff, "reg"))
				mem_base = be64(p + 8);
			p += 8 + ((len + 3) & ~3UL);
		} else if (tok == 9 && mem_base > VIRT_DRAM_BASE) {	/* FDT_END */
			mon_base = VIRT_DRAM_BASE;
			mon_size = mem_base - VIRT_DRAM_BASE;
			return true;
		} else if (tok != 4) {	/* FDT_NOP; anything else ends the walk */
			return false;
		}
	}
}

/* ---- faults ---- */

static void record(struct trap_frame *f)
{
	faults++;
	seen_cause = f->mcause;
	seen_tval = f->mtval;
	/* a fetch fault resumes at the jump's link (t3), others after the access */
	f->mepc = f->mcause == CAUSE_FETCH_ACCESS ? f->x[28] : f->mepc + 4;
}

void trap_handler(struct trap_frame *f)
{
	if (!expecting) {
		printf("FAIL: unexpected trap: mcause=0x%lx mepc=0x%lx mtval=0x%lx\n", f->mcause,
		       f->mepc, f->mtval);
		exit_failure(2);
	}
	record(f);
}

static bool on_lower_trap(struct lower_ctx *ctx, struct trap_frame *f)
{
	(void)ctx;
	if (f->mcause == CAUSE_ECALL_S || f->mcause == CAUSE_ECALL_U)
		return false;
	record(f);
	return true;
}

/* mode: 3 = M, 2 = M with MPRV and MPP = S, 4 = M with MPRV and MPP = U
 * (encoded apart from PRV_* so the table reads naturally), 1 = S, 0 = U */
enum who { WHO_U, WHO_S, WHO_MPRV_S, WHO_M, WHO_MPRV_U, NB_WHO };
static const char *const who_names[] = { "U-mode", "S-mode", "M-mode with MPRV, MPP = S",
					 "M-mode", "M-mode with MPRV, MPP = U" };

static void access(enum who who, uint64_t addr, enum op op)
{
	unsigned before = faults;

	if (who == WHO_S || who == WHO_U) {
		struct lower_ctx ctx = { .pc = (uint64_t)(uintptr_t)iso_lower,
					 .mode = who == WHO_S ? PRV_S : PRV_U,
					 .on_trap = on_lower_trap };

		ctx.regs.x[10] = addr;
		ctx.regs.x[11] = op;
		enter_lower(&ctx);
	} else {
		uint64_t mpp = who == WHO_M ? PRV_M : who == WHO_MPRV_S ? PRV_S : PRV_U;

		expecting = true;
		iso_m(addr, op, mpp);
		expecting = false;
	}
	if (faults != before + 1) {
		printf("FAIL: isolation: %s %s at 0x%lx did not fault (monitor region 0x%lx/0x%lx, %u faults)\n",
		       who_names[who], op_names[op], addr, mon_base, mon_size, faults - before);
		exit_failure(1);
	}
	if (op_cause[op] == AMO_CAUSE)
		check(seen_cause == CAUSE_LOAD_ACCESS || seen_cause == CAUSE_STORE_ACCESS,
		      "AMO fault is an access fault");
	else
		check_eq(seen_cause, op_cause[op], "cause of the fault");
	check_eq(seen_tval, addr, "mtval of the fault");
}

#define INFO_WINDOW 64

/* The handover window of fw_dynamic_info, readable by design (see above) */
static bool handover_window(uint64_t addr)
{
	uint64_t info = fw_boot_a2 & ~(uint64_t)(INFO_WINDOW - 1);

	return fw_boot_a2 && addr - info < INFO_WINDOW;
}

static void load(enum who who, uint64_t addr, enum op op)
{
	if (!handover_window(addr))
		access(who, addr, op);
}

static void probe_region(const char *layout, enum who who)
{
	uint64_t last = mon_base + mon_size - 1;

	/* loads first: a store that went through would corrupt the monitor */
	for (uint64_t a = mon_base; a < mon_base + mon_size; a += PAGE)
		load(who, a, OP_LD);
	load(who, mon_base, OP_LB);
	load(who, last, OP_LB);
	for (uint64_t a = mon_base; a < mon_base + mon_size; a += PAGE)
		access(who, a, OP_SD);
	access(who, mon_base, OP_SB);
	access(who, last, OP_SB);
	access(who, mon_base, OP_AMO);
	access(who, mon_base, OP_JUMP);
	printf("isolation: %s, %s: every page, first and last byte fault\n", layout, who_names[who]);
}

static void probe_all(const char *layout, bool lower_can_run)
{
	for (enum who w = 0; w < NB_WHO; w++)
		if (lower_can_run || (w != WHO_S && w != WHO_U))
			probe_region(layout, w);
}

static uint64_t napot(uint64_t base, uint64_t size)
{
	return (base >> 2) | ((size - 1) >> 3);
}

/* ---- MPRV through Sv39 (priv. spec 4.4): monitor addresses -> target ---- */

#define PTE_V 0x01UL
#define PTE_R 0x02UL
#define PTE_W 0x04UL
#define PTE_A 0x40UL
#define PTE_D 0x80UL
#define SATP_SV39 (8UL << 60)
#define MARKER 0x7a7a5151c0ffee00UL

static uint64_t pt_root[512] __attribute__((aligned(4096)));
static uint64_t pt_mid[512] __attribute__((aligned(4096)));
static uint64_t pt_leaf[512] __attribute__((aligned(4096)));
static volatile uint64_t target[512] __attribute__((aligned(4096)));

static uint64_t pte(const volatile void *p, uint64_t flags)
{
	return ((uint64_t)(uintptr_t)p >> 12) << 10 | flags;
}

static void probe_translated(void)
{
	check(mon_size <= 0x200000 && (mon_base & 0x1fffff) + mon_size <= 0x200000,
	      "the monitor's region fits one 2 MiB leaf table");
	pt_root[(mon_base >> 30) & 0x1ff] = pte(pt_mid, PTE_V);
	pt_mid[(mon_base >> 21) & 0x1ff] = pte(pt_leaf, PTE_V);
	for (uint64_t a = mon_base; a < mon_base + mon_size; a += PAGE)
		pt_leaf[(a >> 12) & 0x1ff] = pte(target, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D);
	csr_write(satp, SATP_SV39 | (uint64_t)(uintptr_t)pt_root >> 12);
	__asm__ volatile("sfence.vma" : : : "memory");
	for (uint64_t a = mon_base; a < mon_base + mon_size; a += PAGE) {
		unsigned before = faults;

		target[0] = MARKER;
		expecting = true;
		uint64_t got = iso_m(a, OP_LD, PRV_S);
		iso_m(a + 8, OP_SD, PRV_S);
		expecting = false;
		check_eq(faults, before, "MPRV through Sv39 faulted");
		check_eq(got, MARKER, "MPRV load through Sv39 read the mapped page");
		check_eq(target[1], 0, "MPRV store through Sv39 wrote the mapped page");
		target[1] = 0xff;
	}
	csr_write(satp, 0);
	__asm__ volatile("sfence.vma" : : : "memory");
	printf("isolation: MPRV, MPP = S through Sv39: the monitor's addresses reach the page mapped there\n");
}

#ifdef SMEPMP
extern char __rodata_end[];

/*
 * Entry 1 (locked 1011) reads as W|X without MML, which would deny M its
 * own constants: both writes go in one asm statement, nothing in between.
 */
static void enter_mml(uint64_t cfg)
{
	__asm__ volatile("csrw pmpcfg0, %0\n"
			 "csrsi 0x747, 1\n"
			 "sfence.vma"
			 : : "r"(cfg) : "memory");
}

static void probe_mml(void)
{
	uint64_t base = CFG(1, PMP_L | PMP_A_TOR | PMP_W | PMP_X) | CFG(7, PMP_A_NAPOT | PMP_W | PMP_X);

	csr_write(pmpcfg0, 0);
	csr_write(pmpaddr0, (uint64_t)(uintptr_t)__image_start >> 2);
	csr_write(pmpaddr1, (uint64_t)(uintptr_t)__rodata_end >> 2);
	csr_write(pmpaddr2, napot(mon_base, mon_size));
	csr_write(pmpaddr7, ALL_MEMORY);
	enter_mml(base);
	check_eq(csr_read(0x747) & 1, 1, "mseccfg.MML set");
	probe_all("MML, entry 2 off", true);
	csr_write(pmpcfg0, base | CFG(2, PMP_A_NAPOT | RWX));
	probe_all("MML, S/U RWX (0111) on the monitor's region", true);
	csr_write(pmpcfg0, base | CFG(2, PMP_A_NAPOT | PMP_W));
	probe_all("MML, shared 0010 on the monitor's region", true);
	csr_write(pmpcfg0, base | CFG(2, PMP_L | PMP_A_NAPOT | PMP_R | PMP_W));
	csr_set(0x747, 2);
	__asm__ volatile("sfence.vma" : : : "memory");
	check_eq(csr_read(pmpcfg0), base | CFG(2, PMP_L | PMP_A_NAPOT | PMP_R | PMP_W),
		 "entry 2 locked M-only RW");
	probe_all("MML and MMWP, locked M-only RW (1110) on the monitor's region", true);
}
#endif

int main(void)
{
	if (!find_monitor_region((const uint8_t *)(uintptr_t)fw_boot_dtb)) {
		printf("FAIL: isolation: the device tree hides no monitor region "
		       "(this test only runs under the monitor)\n");
		exit_failure(1);
	}
	check(mon_size >= PAGE && !(mon_size & (mon_size - 1)) && !(mon_base & (mon_size - 1)),
	      "the monitor's region is one NAPOT region of whole pages");
	printf("isolation: the monitor's region is NAPOT and page-aligned\n");

	csr_write(pmpcfg0, 0);
	probe_all("no PMP entry", false);

	csr_write(pmpaddr0, ALL_MEMORY);
	csr_write(pmpcfg0, CFG(0, PMP_A_NAPOT | RWX));
	probe_all("NAPOT RWX over all memory", true);

	csr_write(pmpaddr0, ALL_MEMORY >> 1);
	csr_write(pmpcfg0, CFG(0, PMP_A_TOR | RWX));
	probe_all("TOR RWX over [0, 2^56)", true);

	csr_write(pmpaddr0, napot(mon_base, mon_size));
	csr_write(pmpaddr1, ALL_MEMORY);
	csr_write(pmpcfg0, CFG(0, PMP_A_NAPOT | RWX) | CFG(1, PMP_A_NAPOT | RWX));
	probe_all("NAPOT RWX on the monitor's region", true);

#ifdef SMEPMP
	probe_mml();
#else
	csr_write(pmpaddr7, ALL_MEMORY);
	csr_write(pmpcfg0, CFG(7, PMP_L | PMP_A_NAPOT | RWX));
	check_eq(csr_read(pmpcfg0), CFG(7, PMP_L | PMP_A_NAPOT | RWX), "entry 7 locked");
	probe_all("locked NAPOT RWX over all memory", true);

	csr_write(pmpaddr6, napot(mon_base, mon_size));
	csr_write(pmpcfg0, CFG(6, PMP_L | PMP_A_NAPOT | RWX));
	check_eq(csr_read(pmpcfg0), CFG(6, PMP_L | PMP_A_NAPOT | RWX) | CFG(7, PMP_L | PMP_A_NAPOT | RWX),
		 "entries 6 and 7 locked");
	probe_all("locked NAPOT RWX on the monitor's region", true);
#endif
	probe_translated();
	printf("isolation: the monitor's region is out of reach\n");
	return 0;
}
