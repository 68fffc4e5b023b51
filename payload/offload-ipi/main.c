/* offload-ipi (4 harts, SBI v2.0 §7 send_ipi): the boot hart starts the
 * others, which count the supervisor software interrupts they receive
 * (sip.SSIP, polled). Rounds: hart_mask_base = -1 (every hart, the mask
 * ignored), a mask with a base, one hart by base alone; each hart must get
 * exactly the IPIs meant for it. Then a mask naming a hart that does not
 * exist. Same lines natively (OpenSBI) and under the monitor (offload). */
#include "payload.h"
#include "smp.h"

#define NB_HARTS 4
#define SBI_EXT_IPI 0x735049UL
#define SIP_SSIP (1UL << 1)
#define SPIN_LIMIT 100000000UL

static volatile unsigned long got[NB_HARTS];
static volatile unsigned long alive[NB_HARTS];

/* Take one pending SSIP if there is one (S-mode may clear sip.SSIP). */
static int take_ssip(void)
{
	unsigned long sip;

	__asm__ volatile("csrr %0, sip" : "=r"(sip));
	if (!(sip & SIP_SSIP))
		return 0;
	__asm__ volatile("csrc sip, %0" ::"r"(SIP_SSIP));
	return 1;
}

static void secondary(unsigned long hartid)
{
	alive[hartid] = 1;
	for (;;)
		if (take_ssip())
			__atomic_fetch_add(&got[hartid], 1, __ATOMIC_SEQ_CST);
}

/* Wait until every hart has got want[h] IPIs (the boot hart polls its own). */
static int wait_counts(unsigned long self, const unsigned long *want)
{
	for (unsigned long spin = 0; spin < SPIN_LIMIT; spin++) {
		int done = 1;

		if (take_ssip())
			got[self]++;
		for (unsigned h = 0; h < NB_HARTS; h++)
			if (got[h] < want[h])
				done = 0;
		if (done)
			break;
	}
	/* let a stray extra one arrive before judging */
	for (volatile unsigned long i = 0; i < 200000; i++)
		if (take_ssip())
			got[self]++;
	for (unsigned h = 0; h < NB_HARTS; h++)
		if (got[h] != want[h])
			return 0;
	return 1;
}

static void round_(unsigned long self, const char *what, unsigned long mask, unsigned long base,
		   unsigned long *want)
{
	struct sbiret r = sbi_call(SBI_EXT_IPI, 0, mask, base);

	printf("offload-ipi: %s: error %ld, value %ld, ", what, r.error, r.value);
	if (wait_counts(self, want))
		printf("counts ok\n");
	else
		printf("counts %lu %lu %lu %lu, expected %lu %lu %lu %lu\n", got[0], got[1], got[2],
		       got[3], want[0], want[1], want[2], want[3]);
}

void payload_main(unsigned long hartid, unsigned long dtb)
{
	unsigned long want[NB_HARTS] = { 0 };
	unsigned started;

	(void)dtb;
	alive[hartid] = 1;
	started = smp_start(hartid, NB_HARTS, secondary);
	for (unsigned long spin = 0; spin < SPIN_LIMIT; spin++)
		if (alive[0] && alive[1] && alive[2] && alive[3])
			break;
	printf("offload-ipi: %u other harts started, all alive %d\n", started,
	       (int)(alive[0] && alive[1] && alive[2] && alive[3]));

	for (unsigned h = 0; h < NB_HARTS; h++)
		want[h]++;
	round_(hartid, "base -1 (every hart)", 0, -1UL, want);
	want[1]++;
	want[3]++;
	round_(hartid, "mask 0b1010 base 0", 0xa, 0, want);
	want[2]++;
	round_(hartid, "mask 1 base 2", 1, 2, want);
	want[0]++;
	want[3]++;
	round_(hartid, "mask 0b1001 base 0", 0x9, 0, want);
	/* hart 4 does not exist (4 harts): SBI v2.0 says SBI_ERR_INVALID_PARAM */
	{
		struct sbiret r = sbi_call(SBI_EXT_IPI, 0, 0x11, 0);

		printf("offload-ipi: mask naming hart 4: error %ld\n", r.error);
	}
	printf("offload-ipi: done\n");
	sbi_shutdown();
	for (;;)
		__asm__ volatile("wfi");
}
