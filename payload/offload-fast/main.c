/* offload-fast (1 hart): the payload exits the monitor's trap entry answers
 * itself when offload is the only module (issue 9, src/arch/metal/trap.S):
 *  - rdtime that traps ([vcpu] trap_payload_time), in each pure-read form
 *    (csrrs/csrrc with x0, csrrsi/csrrci with 0) and into several registers;
 *  - SBI set_timer with Sstc (a stimecmp write): STIP rises once the
 *    deadline passed, and set_timer(-1) clears it;
 *  - SBI remote_fence_i naming the only hart (mask 1 at base 0, base -1)
 *    after the hart rewrote a function, and an empty mask.
 * Same lines natively (OpenSBI answers all of them). */
#include "payload.h"

#define SBI_EXT_TIME 0x54494d45UL
#define SBI_EXT_RFENCE 0x52464e43UL
#define SIP_STIP (1UL << 5)
#define INSN_RET 0x00008067u
#define SPIN_LIMIT 10000000UL

typedef long (*fn_t)(void);

/* Rewritten before each fence: li a0, <value>; ret */
static uint32_t code[2] __attribute__((aligned(8))) = { 0x00000513u, INSN_RET };

static unsigned long rdtime_forms(unsigned long *t)
{
	unsigned long a, b, c, d;

	__asm__ volatile("csrrs %0, time, x0\n\t"
			 "csrrc %1, time, x0\n\t"
			 "csrrsi %2, time, 0\n\t"
			 "csrrci %3, time, 0"
			 : "=r"(a), "=r"(b), "=r"(c), "=r"(d));
	*t = d;
	return a <= b && b <= c && c <= d;
}

static unsigned long rdtime_t6(void)
{
	unsigned long v;

	/* rd = x31: the register the trap entry keeps in mscratch */
	__asm__ volatile("csrr t6, time\n\tmv %0, t6" : "=r"(v) : : "t6");
	return v;
}

static void check_time(void)
{
	unsigned long prev = 0, t = 0, ordered = 1, advancing;

	for (unsigned i = 0; i < 100; i++) {
		ordered &= rdtime_forms(&t);
		ordered &= t >= prev;
		prev = t;
	}
	advancing = rdtime_t6() > t;
	printf("offload-fast: rdtime forms in order %lu, advancing %lu\n", ordered, advancing);
}

static unsigned long sip(void)
{
	unsigned long v;

	__asm__ volatile("csrr %0, sip" : "=r"(v));
	return v;
}

static void check_timer(void)
{
	unsigned long now, spin;
	struct sbiret r;
	int rose, cleared;

	__asm__ volatile("rdtime %0" : "=r"(now));
	r = sbi_call(SBI_EXT_TIME, 0, now + 100000, 0);
	/*
	 * STIP right after the call is not compared: natively (OpenSBI 1.1 in
	 * M-mode, QEMU 7.2) it still reads 1 here, under the monitor 0, with
	 * or without offload (a difference that predates the fast path).
	 */
	for (spin = 0; spin < SPIN_LIMIT && !(sip() & SIP_STIP); spin++)
		;
	rose = (sip() & SIP_STIP) != 0;
	sbi_call(SBI_EXT_TIME, 0, ~0UL, 0);
	cleared = !(sip() & SIP_STIP);
	printf("offload-fast: set_timer error %ld value %ld, pending after the deadline %d, "
	       "cleared %d\n", r.error, r.value, rose, cleared);
}

static long fence_and_run(long v, unsigned long mask, unsigned long base, struct sbiret *r)
{
	code[0] = 0x00000513u | ((uint32_t)v << 20);	/* addi a0, zero, v */
	*r = sbi_call(SBI_EXT_RFENCE, 0, mask, base);
	return ((fn_t)(uintptr_t)code)();
}

static void check_fence(void)
{
	struct sbiret a, b, c;
	long va = fence_and_run(5, 1, 0, &a);
	long vb = fence_and_run(6, 0, ~0UL, &b);

	c = sbi_call(SBI_EXT_RFENCE, 0, 0, 0);
	printf("offload-fast: fence hart 0: error %ld value %ld, ran %ld; all harts: error %ld "
	       "value %ld, ran %ld; empty mask: error %ld\n", a.error, a.value, va, b.error,
	       b.value, vb, c.error);
}

void payload_main(unsigned long hartid, unsigned long dtb)
{
	(void)hartid;
	(void)dtb;
	check_time();
	check_timer();
	check_fence();
	printf("offload-fast: done\n");
	sbi_shutdown();
	for (;;)
		__asm__ volatile("wfi");
}
