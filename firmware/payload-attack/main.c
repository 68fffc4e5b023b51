/* payload-attack (monitor only): an S-mode payload (code in this image)
 * that the firmware lets reach all of memory through its PMP must still not
 * reach the monitor. The firmware sets PMP entry 1 to NAPOT over everything
 * with RWX (priv spec 3.7.1) and runs S-mode code (common/lower.S) that
 *   - loads from, stores to, swaps with an AMO, reserves with lr.d and
 *     jumps into the monitor's memory (0x80000000, 0x80001000, 0x80004000:
 *     inside its image and stacks whatever the build);
 * each attempt must come back to the firmware as the access fault hardware
 * would give if the firmware's own PMP denied it: mcause 5 for loads and
 * lr (priv spec 3.1.15, table 3.6), 7 for stores, 1 for the fetch, with
 * mtval = the address (3.1.16), mepc = the instruction (the jump target for
 * the fetch), MPP = S (3.1.6.1). The firmware counts and skips them. For
 * the AMO the spec says 7, but QEMU 7.2 reports a PMP-denied AMO as a load
 * access fault (5), and the monitor can only pass on what the hart reports:
 * the test first makes the same AMO on a page its own PMP entry denies and
 * expects the monitor's memory to give that same cause. Natively 0x80001000 is this firmware: the first load
 * succeeds and the test fails right there, before any store.
 * Then the CLINT, which the monitor owns and emulates: with PMP entry 0
 * denying it to S/U, a payload store to mtimecmp and a load from msip
 * fault (7 and 5) exactly as natively; with entry 0 turned off (entry 1
 * allows it), the payload's store to mtimecmp reaches the CLINT, as it
 * would on hardware (the firmware reads the value back). */
#include "clint.h"
#include "fw.h"

#define CAUSE_FETCH_ACCESS 1

void attack_ld(void), attack_lb(void), attack_lw(void), attack_sd(void), attack_sw(void);
void attack_c_sw(void), attack_amo(void), attack_lr(void), attack_jump(void);

struct attack {
	void (*fn)(void);
	const char *what;
	uint64_t addr;
	uint64_t cause;		/* expected; 0 = must succeed */
};

/* attack.cause values besides real causes */
#define AMO_FAULT	(~0UL)		/* what the hart reported for the reference AMO */
#define ANY_DATA_FAULT	(~1UL)		/* 5 or 7: the reference AMO itself */
static uint64_t amo_cause;

static volatile unsigned faults;
static uint64_t seen_cause, seen_tval, seen_epc, seen_mstatus;
static bool ended_by_ecall;

static bool on_trap(struct lower_ctx *ctx, struct trap_frame *f)
{
	(void)ctx;
	if (f->mcause == CAUSE_ECALL_S) {
		ended_by_ecall = true;
		return false;
	}
	if (f->mcause != CAUSE_FETCH_ACCESS && f->mcause != CAUSE_LOAD_ACCESS &&
	    f->mcause != CAUSE_STORE_ACCESS) {
		printf("FAIL: payload-attack: unexpected trap from S-mode: mcause = %lu, mepc = 0x%lx, "
		       "mtval = 0x%lx\n", f->mcause, f->mepc, f->mtval);
		exit_failure(2);
	}
	faults++;
	seen_cause = f->mcause;
	seen_tval = f->mtval;
	seen_epc = f->mepc;
	seen_mstatus = f->mstatus;
	if (f->mcause == CAUSE_FETCH_ACCESS)
		f->mepc = f->x[1];	/* back to the ecall after the jalr (ra) */
	else
		trap_skip(f);		/* mepc is our own code here */
	return true;
}

static void run(const struct attack *a)
{
	struct lower_ctx ctx;
	unsigned before = faults;
	uint64_t want = a->cause == AMO_FAULT ? amo_cause : a->cause;

	memset(&ctx, 0, sizeof(ctx));
	ctx.pc = (uint64_t)(uintptr_t)a->fn;
	ctx.mode = PRV_S;
	ctx.on_trap = on_trap;
	ctx.regs.x[10] = a->addr;
	ctx.regs.x[11] = 0x0badc0de0badc0deUL;
	ended_by_ecall = false;
	enter_lower(&ctx);
	check(ended_by_ecall, "the excursion ended with the S-mode ecall");

	if (!want) {
		check_eq(faults, before, a->what);
		printf("payload-attack: S-mode %s 0x%lx: allowed, no fault\n", a->what, a->addr);
		return;
	}
	if (faults == before) {
		printf("FAIL: payload-attack: S-mode %s 0x%lx did not fault: the payload reached it "
		       "(this test only passes under the monitor)\n", a->what, a->addr);
		exit_failure(1);
	}
	check_eq(faults - before, 1, "one fault");
	if (want == ANY_DATA_FAULT)
		check(seen_cause == CAUSE_LOAD_ACCESS || seen_cause == CAUSE_STORE_ACCESS, a->what);
	else
		check_eq(seen_cause, want, a->what);
	check_eq(seen_tval, a->addr, "mtval = the address");
	check_eq(seen_epc, a->cause == CAUSE_FETCH_ACCESS ? a->addr : (uint64_t)(uintptr_t)a->fn,
		 "mepc = the access (the target for a fetch)");
	check_eq(mstatus_mpp(seen_mstatus), PRV_S, "MPP = S");
	printf("payload-attack: S-mode %s 0x%lx: mcause = %lu, mtval = 0x%lx, MPP = %lu\n",
	       a->what, a->addr, seen_cause, seen_tval, mstatus_mpp(seen_mstatus));
}

#define MON 0x80000000UL

static const struct attack monitor_attacks[] = {
	{ attack_ld, "ld from", MON + 0x1000, CAUSE_LOAD_ACCESS },
	{ attack_lb, "lb from", MON, CAUSE_LOAD_ACCESS },
	{ attack_lw, "lw from", MON + 0x4000, CAUSE_LOAD_ACCESS },
	{ attack_lr, "lr.d from", MON + 0x1000, CAUSE_LOAD_ACCESS },
	{ attack_sd, "sd to", MON + 0x1000, CAUSE_STORE_ACCESS },
	{ attack_sw, "sw to", MON + 0x4000, CAUSE_STORE_ACCESS },
	{ attack_c_sw, "c.sw to", MON + 0x1ffc, CAUSE_STORE_ACCESS },
	{ attack_amo, "amoswap.d on", MON + 0x1000, AMO_FAULT },
	{ attack_jump, "jump to", MON + 0x1000, CAUSE_FETCH_ACCESS },
	{ attack_jump, "jump to", MON, CAUSE_FETCH_ACCESS },
};

/* A RAM page of no use to anything (QEMU virt RAM: 0x80000000, 256 MiB) */
#define DENY_PA 0x80900000UL

static void pmp_setup(bool deny_clint)
{
	/* Entry 0: DENY_PA (4 KiB NAPOT), no permission; entry 1: the CLINT
	 * (64 KiB NAPOT), no permission or off; entry 2: NAPOT over the whole
	 * address space, RWX (priv spec 3.7.1). */
	csr_write(pmpaddr0, (DENY_PA >> 2) | ((0x1000 >> 3) - 1));
	csr_write(pmpaddr1, (CLINT_BASE >> 2) | ((0x10000 >> 3) - 1));
	csr_write(pmpaddr2, 0x003fffffffffffffUL);
	csr_write(pmpcfg0, (PMP_A_NAPOT << 0) | ((deny_clint ? PMP_A_NAPOT : PMP_A_OFF) << 8) |
			   ((PMP_A_NAPOT | PMP_R | PMP_W | PMP_X) << 16));
}

int main(void)
{
	pmp_setup(true);
	printf("payload-attack: PMP open to S-mode except a RAM page and the CLINT\n");

	/* The hart's own answer to a PMP-denied AMO: store/AMO access fault
	 * by the spec, load access fault on QEMU 7.2. */
	const struct attack ref = { attack_amo, "amoswap.d on", DENY_PA, ANY_DATA_FAULT };
	run(&ref);
	amo_cause = seen_cause;

	printf("payload-attack: attacking the monitor\n");
	for (size_t i = 0; i < sizeof(monitor_attacks) / sizeof(monitor_attacks[0]); i++)
		run(&monitor_attacks[i]);
	printf("payload-attack: monitor memory is protected from the payload\n");

	*clint_mtimecmp(0) = MTIMECMP_NEVER;
	const struct attack clint_denied[] = {
		{ attack_sd, "sd to mtimecmp", CLINT_MTIMECMP_ADDR(0), CAUSE_STORE_ACCESS },
		{ attack_lw, "lw from msip", CLINT_MSIP_ADDR(0), CAUSE_LOAD_ACCESS },
	};
	for (size_t i = 0; i < 2; i++)
		run(&clint_denied[i]);
	check_eq(*clint_mtimecmp(0), MTIMECMP_NEVER, "mtimecmp unchanged by the denied store");

	pmp_setup(false);
	const struct attack clint_allowed = { attack_sd, "sd to mtimecmp", CLINT_MTIMECMP_ADDR(0), 0 };
	run(&clint_allowed);
	check_eq(*clint_mtimecmp(0), 0x0badc0de0badc0deUL, "mtimecmp written by the payload");
	*clint_mtimecmp(0) = MTIMECMP_NEVER;
	printf("payload-attack: the CLINT is reachable from S-mode only where the firmware's PMP "
	       "allows it\n");
	printf("payload-attack: %u faults, all checks passed\n", faults);
	return 0;
}
