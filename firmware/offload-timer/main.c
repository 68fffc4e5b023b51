/* offload-timer: one hart, one physical timer, two owners. The firmware
 * keeps its own periodic deadline (every FW_PERIOD ticks) while an S-mode
 * excursion arms 40 deadlines of its own through SBI set_timer (SBI v2.0
 * §6.1), with delays around the period so the two interleave, and polls
 * sip.STIP for each. Natively this firmware implements set_timer itself
 * (one mtimecmp for both, as an SBI firmware does); under the monitor with
 * the offload policy set_timer never reaches it: the monitor shares the
 * timer. Either way no deadline may be lost, delivered early, delivered to
 * the wrong owner or held back behind the other owner's. */
#include "clint.h"
#include "fw.h"

#define FW_PERIOD 3000UL			/* 0.3 ms at 10 MHz */
#define NB_DEADLINES 40
/*
 * Under -icount (deterministic time) a tick is taken within a few dozen
 * ticks of its deadline natively and under the monitor; one held back
 * behind a payload deadline is late by up to that delay (thousands).
 */
#define MAX_LATE 1000UL
#define SPIN_LIMIT 20000000UL
#define SBI_EXT_TIME 0x54494d45UL
#define DONE_EID 0x0ff10adUL			/* the excursion's "finished" ecall */
#define MIP_STIP (1UL << IRQ_STI)
#define S_STACK_SIZE 4096

static const unsigned long delays[NB_DEADLINES] = {
	1000, 2500, 3100, 4700, 500, 6000, 2900, 3300, 100, 8000,
	2999, 3001, 1500, 4500, 7000, 200, 3000, 6100, 900, 5900,
	1200, 2800, 3200, 4000, 300, 7500, 2600, 3400, 50, 9000,
	1750, 3250, 2250, 4250, 600, 6600, 2950, 3050, 400, 8500,
};

static uint64_t fw_deadline, payload_deadline = MTIMECMP_NEVER;
static unsigned long fw_ticks, fw_spurious, fw_max_late;
static uint8_t s_stack[S_STACK_SIZE] __attribute__((aligned(16)));

/* ---- S-mode side ---- */

static unsigned long s_rdtime(void)
{
	unsigned long t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

static void s_ecall(unsigned long eid, unsigned long a0, unsigned long a1)
{
	register unsigned long r_a0 __asm__("a0") = a0;
	register unsigned long r_a1 __asm__("a1") = a1;
	register unsigned long r_a6 __asm__("a6") = 0;
	register unsigned long r_a7 __asm__("a7") = eid;

	__asm__ volatile("ecall" : "+r"(r_a0), "+r"(r_a1) : "r"(r_a6), "r"(r_a7) : "memory");
}

void s_main(void);
void s_main(void)
{
	unsigned long lost = 0, early = 0;

	for (unsigned i = 0; i < NB_DEADLINES; i++) {
		unsigned long d = s_rdtime() + delays[i], sip = 0, spin;

		s_ecall(SBI_EXT_TIME, d, 0);
		for (spin = 0; spin < SPIN_LIMIT; spin++) {
			__asm__ volatile("csrr %0, sip" : "=r"(sip));
			if (sip & MIP_STIP)
				break;
		}
		if (!(sip & MIP_STIP))
			lost++;
		else if (s_rdtime() < d)
			early++;
	}
	s_ecall(SBI_EXT_TIME, MTIMECMP_NEVER, 0);	/* disarm, clears STIP */
	s_ecall(DONE_EID, lost, early);
	for (;;)
		;
}

/* ---- M-mode side: the firmware's timer, and set_timer when it gets it ---- */

static void program(void)
{
	*clint_mtimecmp(0) = fw_deadline < payload_deadline ? fw_deadline : payload_deadline;
}

static bool on_trap(struct lower_ctx *ctx, struct trap_frame *f)
{
	(void)ctx;
	if (f->mcause == (MCAUSE_INTR | IRQ_MTI)) {
		uint64_t now = clint_mtime();

		/* neither deadline due: someone else's timer leaked into the firmware */
		if (now < fw_deadline && now < payload_deadline)
			fw_spurious++;
		if (now >= fw_deadline) {
			if (now - fw_deadline > fw_max_late)
				fw_max_late = now - fw_deadline;
			fw_ticks++;
			fw_deadline += FW_PERIOD;
			if (fw_deadline <= now)		/* late: the next period from now */
				fw_deadline = now + FW_PERIOD;
		}
		if (now >= payload_deadline) {
			payload_deadline = MTIMECMP_NEVER;
			csr_set(mip, MIP_STIP);
		}
		program();
		return true;
	}
	if (f->mcause == CAUSE_ECALL_S && f->x[17] == SBI_EXT_TIME) {
		payload_deadline = f->x[10];
		csr_clear(mip, MIP_STIP);
		program();
		f->x[10] = 0;
		f->x[11] = 0;
		f->mepc += 4;
		return true;
	}
	check(f->mcause == CAUSE_ECALL_S && f->x[17] == DONE_EID, "only timers and set_timer");
	return false;
}

/*
 * The firmware's deadline chain is still alive: its next deadline fires
 * (waiting in wfi with only the timer enabled; a lost deadline hangs here
 * and the test times out).
 */
static bool next_tick_arrives(void)
{
	unsigned long before = fw_ticks;

	csr_write(mie, MIP_MTIP);
	while (fw_ticks == before) {
		__asm__ volatile("wfi");
		if (csr_read(mip) & MIP_MTIP) {
			struct trap_frame f = { .mcause = MCAUSE_INTR | IRQ_MTI };

			on_trap(NULL, &f);
		}
	}
	csr_write(mie, 0);
	return fw_ticks == before + 1;
}

int main(void)
{
	struct lower_ctx ctx = { .pc = (uint64_t)(uintptr_t)s_main, .mode = PRV_S,
				 .on_trap = on_trap };
	uint64_t start;

	csr_write(pmpaddr0, ~0UL >> 10);
	csr_write(pmpcfg0, PMP_A_TOR | PMP_R | PMP_W | PMP_X);
	csr_write(mcounteren, 0x7);
	csr_write(mideleg, (1UL << IRQ_SSI) | MIP_STIP | (1UL << IRQ_SEI));
	csr_write(medeleg, 0);
	csr_clear(mip, MIP_STIP);
	ctx.regs.x[2] = (uint64_t)(uintptr_t)(s_stack + S_STACK_SIZE);

	start = clint_mtime();
	fw_deadline = start + FW_PERIOD;
	program();
	csr_write(mie, MIP_MTIP);
	enter_lower(&ctx);
	csr_write(mie, 0);
	printf("offload-timer: payload: %d deadlines, lost %lu, early %lu\n", NB_DEADLINES,
	       ctx.regs.x[10], ctx.regs.x[11]);
	printf("offload-timer: firmware: more than 10 ticks %d, next one arrives %d, spurious %lu\n",
	       fw_ticks > 10, next_tick_arrives(), fw_spurious);
	printf("offload-timer: firmware: every tick on time (within %lu): %d\n", MAX_LATE,
	       fw_max_late <= MAX_LATE);
	*clint_mtimecmp(0) = MTIMECMP_NEVER;
	printf("offload-timer: done\n");
	return 0;
}
