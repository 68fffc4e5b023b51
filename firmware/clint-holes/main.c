/* clint-holes: CLINT offsets the QEMU virt ACLINT decodes but does not back
 * (msip of a hart that does not exist, the gap between mtimecmp and mtime).
 * Each access prints whether it trapped and what it read; native is the oracle. */
#include "fw.h"

static volatile bool expecting;
static volatile unsigned traps;
static volatile uint64_t seen_cause;

void trap_handler(struct trap_frame *f)
{
	if (!expecting) {
		printf("FAIL: unexpected trap: mcause=0x%lx mepc=0x%lx\n", f->mcause, f->mepc);
		exit_failure(2);
	}
	traps++;
	seen_cause = f->mcause;
	trap_skip(f);
}

static void probe(const char *what, uintptr_t addr)
{
	unsigned before = traps;
	uint32_t v = 0x12345678;

	expecting = true;
	__asm__ volatile("lw %0, 0(%1)" : "+r"(v) : "r"(addr) : "memory");
	expecting = false;
	if (traps == before)
		printf("clint-holes: lw %s: no trap, 0x%x\n", what, v);
	else
		printf("clint-holes: lw %s: mcause = %lu\n", what, seen_cause);
}

int main(void)
{
	probe("msip[1] (hart 1 absent)", 0x2000004);
	probe("0x2008000 (after mtimecmp[0])", 0x2008000);
	probe("0x200bff0 (before mtime)", 0x200bff0);
	probe("0x200c000 (past mtime)", 0x200c000);
	printf("clint-holes: done\n");
	return 0;
}
