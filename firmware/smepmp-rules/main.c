/* smepmp-rules: the Smepmp rules (Smepmp v1.0, mseccfg and table 2.1) on
 * the firmware's own accesses and on U-mode's, with -cpu rv64,x-epmp=true.
 * Native and monitor must print the same lines.
 *
 *   1. RLB: with RLB = 1 a locked entry can still be changed; once RLB is
 *      cleared while an entry is locked it cannot be set again, and the
 *      entry ignores writes.
 *   2. MMWP (MML still 0): M-mode accesses matching no entry fault; the
 *      bit is sticky.
 *   3. MML: every LRWX encoding in use decides M and U accesses as the
 *      table says (shared regions, M-only locked, U-only), M cannot execute
 *      without a rule, MML is sticky, and a new M-only executable rule is
 *      refused while a non-executable locked one is accepted.
 *
 * Entries (at most 8: the monitor exposes 8):
 *   0 OFF, TOR base = image start       4 page_ro     1111 shared R
 *   1 TOR code+rodata  1101 M RX        5 page_u      0111 U RWX
 *   2 user_page        0101 U RX        6 RAM 64 MiB  1110 M RW
 *   3 page_shr         0010 M RW, U R   7 devices     1110 M RW
 *
 * Writes QEMU 7.2 handles differently from Smepmp v1.0 under MML (a locked
 * entry rewritten with a non-executable value, new 0011/1111/1010 rules)
 * are not exercised: see docs/deviations.md. */
#include "fw.h"

#define MSECCFG 0x747
#define MML 1UL
#define MMWP 2UL
#define RLB 4UL
#define CFG(i, v) ((uint64_t)(v) << (8 * (i)))
#define RAM_BASE 0x80000000UL
#define RAM_NAPOT_SIZE 0x4000000UL	/* covers this image, native or at 0x80200000 */
#define UNMATCHED 0x88000000UL		/* RAM outside every entry */
#define DEV_NAPOT_SIZE 0x20000000UL	/* [0, 512 MiB): finisher and UART */
#define RET_INSN 0x00008067U

uint64_t m_load(uint64_t addr);
void m_store(uint64_t addr, uint64_t val);
extern char user_page[];
extern char __rodata_end[];

static uint64_t page_shr[512] __attribute__((aligned(4096))) = { RET_INSN };
static uint64_t page_ro[512] __attribute__((aligned(4096))) = { 0x600d };
static uint64_t page_u[512] __attribute__((aligned(4096))) = { 0x7777 };

/* Priv. spec 3.7.2: PMP decisions may be cached (QEMU 7.2 keeps them in its
 * TLB across an mseccfg write): fence after every PMP or mseccfg change. */
#define sec_set(bits) do { csr_set(MSECCFG, bits); pmp_fence(); } while (0)
#define sec_clear(bits) do { csr_clear(MSECCFG, bits); pmp_fence(); } while (0)
#define sec_write(v) do { csr_write(MSECCFG, v); pmp_fence(); } while (0)

static inline void pmp_fence(void)
{
	__asm__ volatile("sfence.vma" : : : "memory");
}

static volatile bool expecting;
static volatile uint64_t seen_cause, seen_tval;
static volatile unsigned traps;

static uint64_t napot(uint64_t base, uint64_t size)
{
	return (base >> 2) | ((size - 1) >> 3);
}

static uint64_t addr_of(const volatile void *p)
{
	return (uint64_t)(uintptr_t)p;
}

/* M-mode faults: record, and step over the 4-byte access (or return from
 * a call that could not fetch its target). */
void trap_handler(struct trap_frame *f)
{
	if (!expecting) {
		printf("FAIL: unexpected trap: mcause=0x%lx mepc=0x%lx mtval=0x%lx\n", f->mcause,
		       f->mepc, f->mtval);
		exit_failure(2);
	}
	traps++;
	seen_cause = f->mcause;
	seen_tval = f->mtval;
	f->mepc = f->mcause == 1 ? f->x[1] : f->mepc + 4;
}

/* One M access: "ok" or "fault <cause>", with mtval checked against addr. */
static void m_access(const char *what, uint64_t addr, bool store)
{
	unsigned before = traps;

	expecting = true;
	if (store)
		m_store(addr, 0x5a5a);
	else
		(void)m_load(addr);
	expecting = false;
	if (traps == before) {
		printf("smepmp-rules: M %s %s: ok\n", store ? "store to" : "load from", what);
		return;
	}
	check_eq(seen_tval, addr, "mtval of an M-mode access fault");
	printf("smepmp-rules: M %s %s: fault %lu\n", store ? "store to" : "load from", what,
	       seen_cause);
}

static void m_exec(const char *what, uint64_t addr)
{
	unsigned before = traps;

	expecting = true;
	((void (*)(void))(uintptr_t)addr)();
	expecting = false;
	if (traps == before) {
		printf("smepmp-rules: M call into %s: ok\n", what);
		return;
	}
	check_eq(seen_tval, addr, "mtval of an M-mode fetch fault");
	printf("smepmp-rules: M call into %s: fault %lu\n", what, seen_cause);
}

static bool on_user_trap(struct lower_ctx *ctx, struct trap_frame *f)
{
	uint64_t *cause = ctx->user;

	if (f->mcause == CAUSE_ECALL_U)
		return false;
	*cause = f->mcause;
	check_eq(f->mtval, ctx->regs.x[10], "mtval of a U-mode access fault");
	f->mepc += 4;
	return true;
}

static void u_access(const char *what, uint64_t addr, bool store)
{
	uint64_t cause = 0;
	struct lower_ctx ctx = { .pc = addr_of(user_page), .mode = PRV_U,
				 .on_trap = on_user_trap, .user = &cause };

	ctx.regs.x[10] = addr;
	ctx.regs.x[11] = store;
	ctx.regs.x[12] = 0x1234;
	enter_lower(&ctx);
	if (cause)
		printf("smepmp-rules: U %s %s: fault %lu\n", store ? "store to" : "load from", what,
		       cause);
	else
		printf("smepmp-rules: U %s %s: ok\n", store ? "store to" : "load from", what);
}

static void print_mseccfg(const char *when)
{
	printf("smepmp-rules: mseccfg %s = 0x%lx\n", when, csr_read(MSECCFG) & 7);
}

static void test_rlb(void)
{
	print_mseccfg("at reset");
	csr_write(pmpaddr4, napot(addr_of(page_ro), 4096));
	sec_set(RLB);
	print_mseccfg("after setting RLB");
	/* Locked with RLB = 1, the entry can still be rewritten */
	csr_write(pmpcfg0, CFG(4, PMP_L | PMP_A_NAPOT | PMP_R));
	csr_write(pmpcfg0, CFG(4, PMP_L | PMP_A_NAPOT | PMP_R | PMP_W | PMP_X));
	printf("smepmp-rules: RLB = 1: locked entry 4 rewritten: cfg = 0x%lx\n",
	       (csr_read(pmpcfg0) >> 32) & 0xff);
	sec_clear(RLB);
	sec_set(RLB);
	print_mseccfg("after clearing RLB with an entry locked, then setting it");
	csr_write(pmpcfg0, CFG(4, PMP_A_NAPOT | PMP_R));
	printf("smepmp-rules: RLB = 0: locked entry 4 ignores writes: cfg = 0x%lx\n",
	       (csr_read(pmpcfg0) >> 32) & 0xff);
}

/* The layout of the table above; entry 4 is already locked (1111). */
static void install_rules(void)
{
	uint64_t cfg = csr_read(pmpcfg0) & CFG(4, 0xff);

	csr_write(pmpaddr0, addr_of(__image_start) >> 2);
	csr_write(pmpaddr1, addr_of(__rodata_end) >> 2);
	csr_write(pmpaddr2, napot(addr_of(user_page), 4096));
	csr_write(pmpaddr3, napot(addr_of(page_shr), 4096));
	csr_write(pmpaddr5, napot(addr_of(page_u), 4096));
	csr_write(pmpaddr6, napot(RAM_BASE, RAM_NAPOT_SIZE));
	csr_write(pmpaddr7, napot(0, DEV_NAPOT_SIZE));
	cfg |= CFG(1, PMP_L | PMP_A_TOR | PMP_R | PMP_X) | CFG(2, PMP_A_NAPOT | PMP_R | PMP_X) |
	       CFG(3, PMP_A_NAPOT | PMP_W) | CFG(5, PMP_A_NAPOT | PMP_R | PMP_W | PMP_X) |
	       CFG(6, PMP_L | PMP_A_NAPOT | PMP_R | PMP_W) | CFG(7, PMP_L | PMP_A_NAPOT | PMP_R | PMP_W);
	csr_write(pmpcfg0, cfg);
	check_eq(csr_read(pmpcfg0), cfg, "pmpcfg0 holds the rules");
}

static void test_mmwp(void)
{
	m_access("unmatched RAM before MMWP", UNMATCHED, false);
	sec_set(MMWP);
	m_access("unmatched RAM with MMWP", UNMATCHED, false);
	m_access("page_u (0111) without MML", addr_of(page_u), false);
	sec_write(0);
	print_mseccfg("after writing 0 (MMWP sticky)");
}

static void test_mml(void)
{
	sec_set(MML);
	print_mseccfg("after setting MML");
	m_access("page_shr (0010)", addr_of(page_shr), false);
	m_access("page_shr (0010)", addr_of(page_shr), true);
	m_access("page_ro (1111)", addr_of(page_ro), false);
	m_access("page_ro (1111)", addr_of(page_ro), true);
	m_access("page_u (0111)", addr_of(page_u), false);
	m_access("code (1101)", addr_of(m_load), false);
	m_access("code (1101)", addr_of(m_load), true);
	m_access("unmatched RAM", UNMATCHED, false);
	m_exec("page_shr (0010, no X for M)", addr_of(page_shr));

	u_access("page_shr (0010)", addr_of(page_shr), false);
	u_access("page_shr (0010)", addr_of(page_shr), true);
	u_access("page_ro (1111)", addr_of(page_ro), false);
	u_access("page_ro (1111)", addr_of(page_ro), true);
	u_access("page_u (0111)", addr_of(page_u), false);
	u_access("page_u (0111)", addr_of(page_u), true);
	u_access("code (1101, M only)", addr_of(m_load), false);
	u_access("RAM (1110, M only)", addr_of(&traps), false);
	u_access("unmatched RAM", UNMATCHED, false);

	/* RLB = 0: a new M-only executable rule is refused, a locked R one is not */
	csr_write(pmpcfg0, (csr_read(pmpcfg0) & ~CFG(5, 0xff)) | CFG(5, PMP_L | PMP_A_NAPOT | PMP_X));
	printf("smepmp-rules: MML: entry 5 after writing LX (1001) = 0x%lx\n",
	       (csr_read(pmpcfg0) >> 40) & 0xff);
	csr_write(pmpcfg0, (csr_read(pmpcfg0) & ~CFG(5, 0xff)) | CFG(5, PMP_L | PMP_A_NAPOT | PMP_R));
	printf("smepmp-rules: MML: entry 5 after writing LR (1100) = 0x%lx\n",
	       (csr_read(pmpcfg0) >> 40) & 0xff);
	m_access("page_u now 1100", addr_of(page_u), false);
	u_access("page_u now 1100", addr_of(page_u), false);
	sec_write(RLB);
	print_mseccfg("after writing RLB alone (MML, MMWP sticky, RLB stays 0)");
}

int main(void)
{
	test_rlb();
	install_rules();
	test_mmwp();
	test_mml();
	printf("smepmp-rules: done\n");
	return 0;
}
