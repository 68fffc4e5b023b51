/* triggers: Sdtrig (RISC-V debug spec 1.0, chapter 5) as the firmware uses
 * it. An execute trigger (mcontrol, and mcontrol6 where the hart has it) on
 * an M-mode function, load and store address triggers on a variable, an
 * M-only trigger that must not fire in S, a U-only one that must not fire in
 * M, and an S-mode trigger on the payload's code (what OpenSBI hands to the
 * OS through the SBI debug-trigger extension). Each firing is a breakpoint
 * exception (cause 3) whose mepc/mtval are printed; the handler disables the
 * trigger and resumes. tinfo and the number of triggers are printed too.
 * Run natively and under the monitor: the lines must be the same. */
#include "fw.h"

#define TDATA1_TYPE_SHIFT	60
#define MC_M		(1UL << 6)
#define MC_S		(1UL << 4)
#define MC_U		(1UL << 3)
#define MC_EXECUTE	(1UL << 2)
#define MC_STORE	(1UL << 1)
#define MC_LOAD		(1UL << 0)

void m_target(void);
uint64_t load_from(uint64_t unused, volatile uint64_t *p);
void store_to(uint64_t unused, volatile uint64_t *p, uint64_t v);
extern char s_code[], s_target[];

static volatile uint64_t watched = 0x1234;
static volatile unsigned traps;
static volatile uint64_t seen_cause, seen_epc, seen_tval, seen_mpp;

static uint64_t tdata1_type(uint64_t type, uint64_t bits)
{
	return type << TDATA1_TYPE_SHIFT | bits;
}

/* Disable the selected trigger: same type, no mode and no match bits (QEMU
 * 7.2 ignores a write of 0, type "none"). */
static void disable(void)
{
	csr_write(tdata1, csr_read(tdata1) & (0xfUL << TDATA1_TYPE_SHIFT));
}

/* A trap taken in M, from M: record it, disable trigger 0, resume. */
void trap_handler(struct trap_frame *f)
{
	traps++;
	seen_cause = f->mcause;
	seen_epc = f->mepc;
	seen_tval = f->mtval;
	seen_mpp = mstatus_mpp(f->mstatus);
	if (f->mcause != CAUSE_BREAKPOINT) {
		trap_skip(f);		/* probing an absent CSR */
		return;
	}
	csr_write(tselect, 0);
	disable();
}

static const char *rel(uint64_t v, uint64_t a)
{
	return v == a ? "= the address" : v == 0 ? "= 0" : "other";
}


/* epc: where the trap should point, addr: what the trigger watched */
static void report(const char *what, unsigned before, uint64_t epc, uint64_t addr)
{
	if (traps == before) {
		printf("triggers: %s: did not fire\n", what);
		return;
	}
	printf("triggers: %s: mcause = %lu, MPP = %lu, mepc %s, mtval %s\n", what, seen_cause,
	       seen_mpp, seen_epc == epc ? "= the instruction" : "other",
	       rel(seen_tval, addr));
}

/* Write trigger 0; false (and a line) if the hart does not keep the type. */
static bool set0(uint64_t type, uint64_t bits, uint64_t addr)
{
	csr_write(tselect, 0);
	disable();
	csr_write(tdata2, addr);
	csr_write(tdata1, tdata1_type(type, bits));
	return csr_read(tdata1) >> TDATA1_TYPE_SHIFT == type;
}

static void m_mode_triggers(uint64_t type)
{
	unsigned before;
	const char *name = type == 2 ? "mcontrol" : "mcontrol6";

	if (!set0(type, MC_M | MC_EXECUTE, (uint64_t)(uintptr_t)m_target)) {
		printf("triggers: %s not supported\n", name);
		return;
	}
	printf("triggers: %s execute trigger: tdata1 = 0x%lx\n", name, csr_read(tdata1));
	before = traps;
	m_target();
	report(type == 2 ? "mcontrol execute in M" : "mcontrol6 execute in M", before,
	       (uint64_t)(uintptr_t)m_target, (uint64_t)(uintptr_t)m_target);

	set0(type, MC_M | MC_LOAD, (uint64_t)(uintptr_t)&watched);
	before = traps;
	load_from(0, &watched);
	report(type == 2 ? "mcontrol load in M" : "mcontrol6 load in M", before,
	       (uint64_t)(uintptr_t)load_from, (uint64_t)(uintptr_t)&watched);

	set0(type, MC_M | MC_STORE, (uint64_t)(uintptr_t)&watched);
	before = traps;
	store_to(0, &watched, 0x5678);
	report(type == 2 ? "mcontrol store in M" : "mcontrol6 store in M", before,
	       (uint64_t)(uintptr_t)store_to, (uint64_t)(uintptr_t)&watched);

	/* a U-only trigger never fires in M */
	set0(type, MC_U | MC_EXECUTE, (uint64_t)(uintptr_t)m_target);
	before = traps;
	m_target();
	report(type == 2 ? "mcontrol U-only execute, run in M" :
			   "mcontrol6 U-only execute, run in M", before, 0, 0);
	disable();
}

static unsigned s_traps;

static bool on_s_trap(struct lower_ctx *ctx, struct trap_frame *f)
{
	(void)ctx;
	s_traps++;
	seen_cause = f->mcause;
	seen_epc = f->mepc;
	seen_tval = f->mtval;
	seen_mpp = mstatus_mpp(f->mstatus);
	csr_write(tselect, 0);
	disable();
	if (f->mcause == CAUSE_BREAKPOINT)
		return true;		/* re-run the instruction, trigger now off */
	return false;			/* the ecall ends the excursion */
}

static void s_mode_trigger(const char *what, uint64_t bits)
{
	struct lower_ctx ctx = { .pc = (uint64_t)(uintptr_t)s_code, .mode = PRV_S,
				 .on_trap = on_s_trap };
	unsigned before = s_traps;

	set0(2, bits | MC_EXECUTE, (uint64_t)(uintptr_t)s_target);
	enter_lower(&ctx);
	if (s_traps - before == 1)
		printf("triggers: %s: did not fire (ecall: mcause = %lu)\n", what, seen_cause);
	else
		printf("triggers: %s: first trap mcause = 3, then %lu traps in all\n", what,
		       (uint64_t)(s_traps - before));
}

int main(void)
{
	unsigned n = 0;
	uint64_t info;

	/* S-mode may reach all memory (TOR over everything, RWX) */
	csr_write(pmpaddr0, ~0UL >> 10);
	csr_write(pmpcfg0, PMP_A_TOR | PMP_R | PMP_W | PMP_X);

	/* triggers present? tselect traps without Sdtrig */
	traps = 0;
	(void)csr_read(tselect);
	if (traps) {
		printf("triggers: no tselect (mcause = %lu)\n", seen_cause);
		printf("triggers: done\n");
		return 0;
	}
	for (n = 0; n < 64; n++) {
		csr_write(tselect, n);
		if (csr_read(tselect) != n)
			break;
	}
	printf("triggers: %u triggers\n", n);
	csr_write(tselect, 0);
	traps = 0;
	info = csr_read(0x7a4);
	if (traps)
		printf("triggers: tinfo traps (mcause = %lu)\n", seen_cause);
	else
		printf("triggers: tinfo of trigger 0 = 0x%lx\n", info);
	traps = 0;
	csr_write(0x7a4, 0);
	printf("triggers: tinfo write %s\n", traps ? "traps" : "is ignored");
	traps = 0;
	info = csr_read(0x7a5);
	if (traps)
		printf("triggers: no tcontrol (mcause = %lu)\n", seen_cause);
	else
		printf("triggers: tcontrol = 0x%lx\n", info);
	traps = 0;

	m_mode_triggers(2);
	m_mode_triggers(6);

	s_mode_trigger("S execute trigger in S", MC_S);
	s_mode_trigger("M-only execute trigger, run in S", MC_M);
	printf("triggers: done\n");
	return 0;
}
