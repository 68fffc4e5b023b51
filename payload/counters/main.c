/* counters: the exit counters read back through the original Miralis ABI
 * (EID 0x08475bcd, FID 4, a0 = hart, a1 = category -> a0 = count, spec
 * §7.5). The payload makes a known number of offloaded requests of each
 * kind (its time reads trap: [vcpu] trap_payload_time), then reads its own
 * hart's counters. Monitor only: natively there is no monitor to ask. */
#include "payload.h"

#define MIRALIS_EID 0x08475bcdUL
#define MIRALIS_READ_COUNTERS 4
#define SBI_EXT_TIME 0x54494d45UL
#define SBI_EXT_IPI 0x735049UL
#define SBI_EXT_RFENCE 0x52464e43UL
#define SIP_SSIP (1UL << 1)

enum { NOT_OFFLOADED, READ_TIME, SET_TIMER, MISALIGNED, IPI, REMOTE_FENCE, FIRMWARE_TRAP,
       PAGE_FAULT };

static long count(unsigned long hart, unsigned long category)
{
	return sbi_call(MIRALIS_EID, MIRALIS_READ_COUNTERS, hart, category).error;
}

void payload_main(unsigned long hartid, unsigned long dtb)
{
	unsigned long t = 0;

	(void)dtb;
	for (int i = 0; i < 3; i++)
		sbi_call(SBI_EXT_TIME, 0, -1UL, 0);
	for (int i = 0; i < 5; i++) {
		unsigned long v;

		__asm__ volatile("rdtime %0" : "=r"(v));
		t += v & 1;
	}
	for (int i = 0; i < 2; i++)
		sbi_call(SBI_EXT_IPI, 0, 1, hartid);
	__asm__ volatile("csrc sip, %0" ::"r"(SIP_SSIP));
	for (int i = 0; i < 4; i++)
		sbi_call(SBI_EXT_RFENCE, 0, 1, hartid);
	printf("counters: set timer %ld, read time %ld, ipi %ld, remote fence %ld\n",
	       count(hartid, SET_TIMER), count(hartid, READ_TIME), count(hartid, IPI),
	       count(hartid, REMOTE_FENCE));
	printf("counters: not offloaded %ld, misaligned %ld, page fault %ld\n",
	       count(hartid, NOT_OFFLOADED), count(hartid, MISALIGNED), count(hartid, PAGE_FAULT));
	printf("counters: firmware traps counted %d\n", count(hartid, FIRMWARE_TRAP) > 0);
	printf("counters: no such hart %ld, no such category %ld\n", count(64, SET_TIMER),
	       count(hartid, 8));
	(void)t;
	sbi_shutdown();
	for (;;)
		__asm__ volatile("wfi");
}
