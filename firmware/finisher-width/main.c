/* finisher-width: accesses to the sifive_test finisher (0x100000) at widths
 * the device does not accept (QEMU: 2..4 bytes). On hardware the firmware
 * gets an access fault and carries on; under the monitor the same accesses
 * must not take the monitor down. Each access prints whether it trapped,
 * so the native run is the oracle. Writes use offset 8, which ends nothing. */
#include "fw.h"

#define FINISHER 0x100000UL

static volatile bool expecting;
static volatile unsigned traps;
static volatile uint64_t seen_cause, seen_tval;

void trap_handler(struct trap_frame *f)
{
	if (!expecting) {
		printf("FAIL: unexpected trap: mcause=0x%lx mepc=0x%lx mtval=0x%lx\n",
		       f->mcause, f->mepc, f->mtval);
		exit_failure(2);
	}
	traps++;
	seen_cause = f->mcause;
	seen_tval = f->mtval;
	trap_skip(f);
}

static void report(const char *what, unsigned before)
{
	if (traps == before)
		printf("finisher-width: %s: no trap\n", what);
	else
		printf("finisher-width: %s: mcause = %lu, mtval = 0x%lx\n", what, seen_cause,
		       seen_tval);
}

int main(void)
{
	unsigned before;
	uint64_t v;

	before = traps;
	expecting = true;
	__asm__ volatile("ld %0, 0(%1)" : "=r"(v) : "r"(FINISHER) : "memory");
	expecting = false;
	report("ld 0x100000", before);

	before = traps;
	expecting = true;
	__asm__ volatile("lbu %0, 0(%1)" : "=r"(v) : "r"(FINISHER) : "memory");
	expecting = false;
	report("lbu 0x100000", before);

	before = traps;
	expecting = true;
	__asm__ volatile("sd zero, 8(%0)" : : "r"(FINISHER) : "memory");
	expecting = false;
	report("sd 0x100008", before);
	(void)v;
	printf("finisher-width: done\n");
	return 0;
}
