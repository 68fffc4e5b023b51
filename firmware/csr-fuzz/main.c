/* csr-fuzz: differential CSR testing. A fixed-seed xorshift64 drives
 * NOPS random CSR operations (all six csr* instructions, rd/rs1 = x0
 * variants, every 5-bit immediate) over the M- and S-mode CSRs of
 * FUZZ_CSRS, printing one line per operation:
 *     <n> <form> <csr> <written|-> <old|-> <read-back>
 * Every EXCURSION_PERIOD operations the fuzzer mrets into S- or U-mode and
 * the code there ecalls back. The run ends with a hash over all printed
 * values. The hardware (QEMU natively) is the oracle: a run under the
 * monitor must print exactly the same lines, and so must the reference
 * hart (tests/ref/ref_csr_fuzz.c compiles this file for src/arch/host). Operand rules: sanitize.c.
 * Built twice: csr-fuzz, and csr-fuzz-nopmp (-DNO_PMP) without PMP CSRs in
 * the operation mix. */
#include "fuzz.h"

#ifndef NOPS			/* build.mk may set NOPS and SEED (ref-fuzz-*) */
#define NOPS			10000
#endif
#define EXCURSION_PERIOD	128
#ifndef SEED
#define SEED			0x6d6972616c6973UL	/* "miralis" */
#endif

void fuzz_s_code(void);
void fuzz_u_code(void);

static uint64_t rng_state = SEED;
static bool has_pmp;
static unsigned live[64], nlive;	/* indices of the implemented CSRs */
static uint64_t hash = 0xcbf29ce484222325UL;	/* FNV-1a offset basis */

/* xorshift64 (Marsaglia 2003): tiny, deterministic, full period. */
static uint64_t rng(void)
{
	uint64_t x = rng_state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return rng_state = x;
}

static void hash_u64(uint64_t v)
{
	for (unsigned i = 0; i < 8; i++) {
		hash ^= (v >> (8 * i)) & 0xff;
		hash *= 0x100000001b3UL;	/* FNV-1a 64-bit prime */
	}
}

/* Operands biased towards the interesting: all-ones, zero, single bits. */
static uint64_t random_value(void)
{
	uint64_t r = rng();
	switch (r & 7) {
	case 0: return ~0UL;
	case 1: return 0;
	case 2: return 1UL << (rng() & 63);
	case 3: return rng() & 0xfff;
	case 4: return rng() & 0xffffffffUL;
	default: return rng();
	}
}

static void print_val(bool present, uint64_t v)
{
	if (present)
		printf(" 0x%lx", v);
	else
		printf(" -");
	hash_u64(present ? v : 0x2d);
}

/* CSRs are probed before fuzzing: one absent on this hart (say menvcfg
 * on a priv 1.10 CPU) raises an illegal instruction exception, which is
 * counted and skipped while `probing` is set. Any other trap fails. */
static volatile bool probing;
static volatile unsigned probe_traps;

void trap_handler(struct trap_frame *f)
{
	if (probing && f->mcause == CAUSE_ILLEGAL_INSN) {
		probe_traps++;
		trap_skip(f);
		return;
	}
	printf("FAIL: unexpected trap in M-mode: mcause=0x%lx mepc=0x%lx mtval=0x%lx mstatus=0x%lx\n",
	       f->mcause, f->mepc, f->mtval, f->mstatus);
	exit_failure(2);
}

static void probe_csrs(void)
{
	/* A probe that traps leaves an image address in mepc (on CPUs without
	 * some of the CSRs, e.g. -cpu sifive-u54): put the reset value back so
	 * the lines printed never depend on the link address. */
	const uint64_t epc = csr_read(mepc);

	check(fuzz_ncsrs <= sizeof(live) / sizeof(live[0]), "live[] too small");
	probing = true;
	for (unsigned i = 0; i < fuzz_ncsrs; i++) {
		struct fuzz_op o = { .csr = i, .form = F_RS_RS0 };	/* csrrs rd, csr, x0 */
		unsigned before = probe_traps;
		fuzz_run_op(&o);
		if (probe_traps == before)
			live[nlive++] = i;
		else
			printf("csr-fuzz: %s is not implemented, left out\n", fuzz_csr_names[i]);
	}
	unsigned before = probe_traps;
	(void)csr_read(pmpcfg0);
	has_pmp = probe_traps == before;
	probing = false;
	csr_write(mepc, epc);
}

/* Before running S/U code: no interrupt can fire, no delegation, no
 * translation, no trapping of S-mode instructions, and PMP lets S/U reach
 * all memory (priv spec 3.7.1: without a matching entry they get nothing). */
static void prepare_excursion(void)
{
	csr_write(mie, 0);
	csr_write(mip, 0);
	csr_write(medeleg, 0);
	csr_write(mideleg, 0);
	csr_write(satp, 0);
	if (has_pmp) {	/* without a PMP, S and U are not restricted at all */
		csr_write(pmpaddr0, ~0UL >> 10);
		csr_write(pmpcfg0, PMP_A_TOR | PMP_R | PMP_W | PMP_X);
	}
	/* MPV/GVA (H extension) would make mret enter VS-mode. */
	csr_clear(mstatus, MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR | MSTATUS_MPRV |
			   (1UL << 39) | (1UL << 38));
}

static bool stop(struct lower_ctx *ctx, struct trap_frame *f)
{
	(void)ctx;
	(void)f;
	return false;
}

static void excursion(unsigned n, bool to_s)
{
	uint64_t epc = csr_read(mepc);	/* put back: the trap leaves an image address */
	struct lower_ctx ctx = { .mode = to_s ? PRV_S : PRV_U, .on_trap = stop,
				 .pc = (uint64_t)(uintptr_t)(to_s ? fuzz_s_code : fuzz_u_code) };

	prepare_excursion();
	enter_lower(&ctx);
	csr_write(mepc, epc);

	const struct trap_frame *f = &ctx.regs;
	uint64_t want = to_s ? CAUSE_ECALL_S : CAUSE_ECALL_U;
	if (f->mcause != want) {
		printf("FAIL: excursion to %s: mcause=0x%lx mepc=0x%lx mtval=0x%lx\n",
		       to_s ? "S" : "U", f->mcause, f->mepc, f->mtval);
		exit_failure(1);
	}
	printf("%05u excursion %s mcause 0x%lx a0 0x%lx a1 0x%lx\n", n, to_s ? "S" : "U",
	       f->mcause, f->x[10], f->x[11]);
	hash_u64(f->mcause);
	hash_u64(f->x[10]);
	hash_u64(f->x[11]);
}

int main(void)
{
	const uint64_t xl = csr_read(mstatus);	/* UXL/SXL as reset left them */
	uint64_t mtvec_state = 0;		/* the fuzzer's view of mtvec */
	unsigned excursions = 0;

	probe_csrs();
	check(nlive > 0, "no CSR to fuzz");
	printf("csr-fuzz: %u CSRs, %u ops, seed 0x%lx%s\n", nlive, NOPS, SEED,
#ifdef NO_PMP
	       ", no PMP CSRs"
#else
	       ""
#endif
	);
	for (unsigned n = 0; n < NOPS; n++) {
		if (n % EXCURSION_PERIOD == EXCURSION_PERIOD - 1)
			excursion(n, excursions++ % 2 == 0);

		struct fuzz_op o = { 0 };
		o.csr = live[rng() % nlive];
		o.form = (unsigned)(rng() % F_COUNT);
		o.val = random_value();
		o.imm = (unsigned)(rng() & 31);
		enum csr_kind kind = fuzz_csr_kinds[o.csr];
		fuzz_sanitize(&o, xl);
		if (kind == K_MTVEC)
			o.state = mtvec_state;
		fuzz_run_op(&o);
		if (kind == K_MTVEC)
			mtvec_state = o.rb;

		uint64_t mask = fuzz_print_mask(kind);
		printf("%05u %s %s", n, fuzz_form_names[o.form], fuzz_csr_names[o.csr]);
		hash_u64(o.csr);
		hash_u64(o.form);
		print_val(form_writes(o.form), form_is_imm(o.form) ? o.imm : o.val);
		print_val(form_reads(o.form), o.old & mask);
		print_val(true, o.rb & mask);
		printf("\n");
	}
	printf("csr-fuzz: %u ops, %u excursions, hash 0x%016lx\n", NOPS, excursions, hash);
	return 0;
}
