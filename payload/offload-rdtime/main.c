/* offload-rdtime: the payload reads the time CSR (rdtime) 1000 times. With
 * [vcpu] trap_payload_time each read traps, as on a hart without the time
 * CSR: the offload policy answers it in the monitor, or (baseline config)
 * OpenSBI emulates it. The values must still be those of the real timer:
 * never going back, and advancing. Same lines natively and under the
 * monitor. */
#include "payload.h"

#define READS 1000

static inline unsigned long rdtime(void)
{
	unsigned long t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

void payload_main(unsigned long hartid, unsigned long dtb)
{
	unsigned long first, prev, t = 0;
	int monotonic = 1;

	(void)hartid;
	(void)dtb;
	first = prev = rdtime();
	for (unsigned i = 1; i < READS; i++) {
		t = rdtime();
		if (t < prev)
			monotonic = 0;
		prev = t;
	}
	printf("offload-rdtime: %d reads, monotonic %d, advancing %d\n", READS, monotonic,
	       (int)(t > first));
	sbi_shutdown();
	for (;;)
		__asm__ volatile("wfi");
}
