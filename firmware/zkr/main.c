/* zkr: the seed CSR of the Zkr entropy source (scalar crypto spec 4.1,
 * "Entropy Source"), with -cpu rv64,zkr=true (and x-epmp=true for mseccfg).
 * Native and monitor must print the same lines.
 *
 *   - M-mode reaches seed with every writing form (csrrw, csrrwi, csrrs/c
 *     with rs1 != x0, csrrsi/ci with uimm != 0, rd = x0 included); the
 *     read-only forms (rs1 = x0, uimm = 0) raise an illegal-instruction
 *     exception with mtval = the instruction and a0 unchanged;
 *   - a value has OPST (bits 31:30) = ES16 and bits 29:16 zero; bits 63:32
 *     are printed (QEMU 7.2 sign-extends OPST into them: 0xffffffff), and
 *     32 samples are not all equal (the source is read, not a constant);
 *   - S- and U-mode reach it only with mseccfg.SSEED / USEED (each setting
 *     of the two bits in turn, M-mode checked under each), the read-only
 *     forms never; without mseccfg (no Smepmp on QEMU 7.2) never. */
#include "fw.h"

#define MSECCFG 0x747
#define USEED (1UL << 8)
#define SSEED (1UL << 9)
#define OPST_SHIFT 30
#define OPST_ES16 2UL
#define A0_IN 0x1111222233334444UL
#define A1_IN 0x5555666677778888UL
#define SAMPLES 32

struct probe {
	void (*fn)(void);
	const char *text;
	bool writes;	/* a writing form: the only ones seed answers */
	bool reads;	/* rd != x0 */
};

#define P(name) void name(void);
P(seed_csrrw) P(seed_csrrw_rd0) P(seed_csrrwi) P(seed_csrrs_reg) P(seed_csrrc_reg)
P(seed_csrrsi) P(seed_csrrci) P(seed_csrr) P(seed_csrrs_rd0) P(seed_csrrc_x0)
P(seed_csrrsi0) P(seed_csrrci0) P(mseccfg_read) P(seed_lower)
#undef P

static const struct probe probes[] = {
	{ seed_csrrw, "csrrw a0, seed, zero", true, true },
	{ seed_csrrw_rd0, "csrrw zero, seed, a1", true, false },
	{ seed_csrrwi, "csrrwi a0, seed, 5", true, true },
	{ seed_csrrs_reg, "csrrs a0, seed, a1", true, true },
	{ seed_csrrc_reg, "csrrc a0, seed, a1", true, true },
	{ seed_csrrsi, "csrrsi a0, seed, 1", true, true },
	{ seed_csrrci, "csrrci a0, seed, 31", true, true },
	{ seed_csrr, "csrrs a0, seed, zero", false, true },
	{ seed_csrrs_rd0, "csrrs zero, seed, zero", false, false },
	{ seed_csrrc_x0, "csrrc a0, seed, zero", false, true },
	{ seed_csrrsi0, "csrrsi a0, seed, 0", false, true },
	{ seed_csrrci0, "csrrci a0, seed, 0", false, true },
};
#define NB_PROBES (sizeof(probes) / sizeof(probes[0]))

static volatile bool expecting;
static volatile unsigned traps;
static volatile uint64_t seen_cause, seen_tval;

static void record(struct trap_frame *f)
{
	traps++;
	seen_cause = f->mcause;
	seen_tval = f->mtval;
	f->mepc += 4;
}

void trap_handler(struct trap_frame *f)
{
	if (!expecting) {
		printf("FAIL: unexpected trap: mcause=0x%lx mepc=0x%lx mtval=0x%lx\n",
		       f->mcause, f->mepc, f->mtval);
		exit_failure(2);
	}
	record(f);
}

/* S/U excursions: a refused access is stepped over, the ecall ends it */
static bool on_lower_trap(struct lower_ctx *ctx, struct trap_frame *f)
{
	uint64_t want = ctx->mode == PRV_S ? CAUSE_ECALL_S : CAUSE_ECALL_U;

	if (f->mcause == want)
		return false;
	if (f->mcause != CAUSE_ILLEGAL_INSN) {
		printf("FAIL: unexpected lower trap: mcause=0x%lx mepc=0x%lx\n", f->mcause,
		       f->mepc);
		exit_failure(3);
	}
	record(f);
	return true;
}

/* One access in mode; true if it did not trap, *val = a0 afterwards */
static bool try_access(void (*fn)(void), uint64_t mode, uint64_t *val)
{
	unsigned before = traps;

	if (mode == PRV_M) {
		register uint64_t a0 __asm__("a0") = A0_IN;
		register uint64_t a1 __asm__("a1") = A1_IN;

		expecting = true;
		__asm__ volatile("jalr %2"
				 : "+r"(a0), "+r"(a1)
				 : "r"(fn)
				 : "ra", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "a2", "a3",
				   "a4", "a5", "a6", "a7", "memory");
		expecting = false;
		*val = a0;
	} else {
		struct lower_ctx ctx = { .pc = (uint64_t)(uintptr_t)seed_lower, .mode = mode,
					 .on_trap = on_lower_trap };

		ctx.regs.x[10] = A0_IN;
		ctx.regs.x[11] = A1_IN;
		ctx.regs.x[12] = (uint64_t)(uintptr_t)fn;
		enter_lower(&ctx);
		*val = ctx.regs.x[10];
	}
	check(traps - before <= 1, "at most one trap per access");
	return traps == before;
}

static const char *mode_name(uint64_t mode)
{
	return mode == PRV_M ? "M" : mode == PRV_S ? "S" : "U";
}

static void check_value(uint64_t v, const char *text)
{
	check_eq((v >> OPST_SHIFT) & 3, OPST_ES16, text);
	check_eq((v >> 16) & 0x3fff, 0, text);
}

static void run_probes(uint64_t mode, bool allowed)
{
	for (unsigned i = 0; i < NB_PROBES; i++) {
		const struct probe *p = &probes[i];
		uint32_t bits = *(volatile const uint32_t *)(uintptr_t)p->fn;
		uint64_t v;
		bool ok = try_access(p->fn, mode, &v);

		if (ok != (allowed && p->writes)) {
			printf("FAIL: %s: %s %s\n", mode_name(mode), p->text,
			       ok ? "did not trap" : "trapped");
			exit_failure(1);
		}
		if (!ok) {
			check_eq(seen_cause, CAUSE_ILLEGAL_INSN, p->text);
			check_eq(seen_tval, bits, "mtval = the instruction bits");
			check_eq(v, A0_IN, "a0 unchanged by the refused access");
			printf("zkr: %s: %s: illegal instruction, mtval = insn\n", mode_name(mode),
			       p->text);
			continue;
		}
		if (p->reads)
			check_value(v, p->text);
		else
			check_eq(v, A0_IN, "rd = x0 leaves a0");
		if (p->reads)
			printf("zkr: %s: %s: OPST = ES16, bits 29:16 = 0, bits 63:32 = 0x%lx\n",
			       mode_name(mode), p->text, v >> 32);
		else
			printf("zkr: %s: %s: no trap\n", mode_name(mode), p->text);
	}
	if (!allowed)
		return;
	uint64_t first, v;
	bool differ = false;

	check(try_access(seed_csrrw, mode, &first), "csrrw seed");
	for (unsigned i = 1; i < SAMPLES; i++) {
		check(try_access(seed_csrrw, mode, &v), "csrrw seed");
		check_value(v, "sample");
		differ |= (v & 0xffff) != (first & 0xffff);
	}
	check(differ, "32 seed samples all equal");
	printf("zkr: %s: %d samples, not all equal\n", mode_name(mode), SAMPLES);
}

int main(void)
{
	uint64_t v;

	/* S and U may reach all memory: TOR [0, 2^56) RWX */
	csr_write(pmpaddr0, ~0UL >> 10);
	csr_write(pmpcfg0, PMP_A_TOR | PMP_R | PMP_W | PMP_X);

	bool has_mseccfg = try_access(mseccfg_read, PRV_M, &v);

	printf("zkr: mseccfg %s\n", has_mseccfg ? "present" : "absent (illegal instruction)");
	if (!has_mseccfg) {
		run_probes(PRV_M, true);
		run_probes(PRV_S, false);
		run_probes(PRV_U, false);
		printf("zkr: all checks passed\n");
		return 0;
	}
	static const uint64_t settings[] = { 0, SSEED, USEED, SSEED | USEED, 0 };

	for (unsigned i = 0; i < sizeof(settings) / sizeof(settings[0]); i++) {
		uint64_t s = settings[i];

		csr_clear(MSECCFG, SSEED | USEED);
		csr_set(MSECCFG, s);
		check_eq(csr_read(MSECCFG) & (SSEED | USEED), s, "mseccfg holds SSEED/USEED");
		printf("zkr: mseccfg.SSEED = %lu, USEED = %lu\n", s >> 9 & 1, s >> 8 & 1);
		run_probes(PRV_M, true);
		run_probes(PRV_S, s & SSEED);
		run_probes(PRV_U, s & USEED);
	}
	printf("zkr: all checks passed\n");
	return 0;
}
