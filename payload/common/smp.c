/* SBI HSM hart_start for the payloads (payload/common/smp.h). */
#include "payload.h"
#include "smp.h"

#define SMP_STACK_SIZE 4096

static uint8_t stacks[SMP_MAX_HARTS][SMP_STACK_SIZE] __attribute__((aligned(16)));
static void (*entry_fn)(unsigned long hartid);

/* smp_entry.S: a0 = hartid, a1 = opaque = the stack top */
void smp_entry(void);

void smp_secondary(unsigned long hartid)
{
	entry_fn(hartid);
	for (;;)
		__asm__ volatile("wfi");
}

unsigned smp_start(unsigned long self, unsigned nb, void (*secondary)(unsigned long hartid))
{
	unsigned started = 0;

	entry_fn = secondary;
	__asm__ volatile("fence rw, rw" ::: "memory");
	for (unsigned h = 0; h < nb && h < SMP_MAX_HARTS; h++) {
		if (h == self)
			continue;
		struct sbiret r = sbi_call5(SBI_EXT_HSM, 0, h, (unsigned long)(uintptr_t)smp_entry,
					    (unsigned long)(uintptr_t)(stacks[h] + SMP_STACK_SIZE), 0, 0);
		if (r.error == 0)
			started++;
	}
	return started;
}
