/* offload-rfence (4 harts, SBI v2.0 §8): remote_fence_i after the boot hart
 * rewrote a function makes every hart run the new code; remote_sfence_vma
 * and remote_sfence_vma_asid return success to all harts (hart_mask_base
 * -1), to some, and while one target (the hart after the boot hart) sleeps
 * in wfi. A mask naming a hart
 * that does not exist is SBI_ERR_INVALID_PARAM (monitor; OpenSBI 1.1
 * ignores it). Same lines natively (OpenSBI) and under the monitor. */
#include "payload.h"
#include "smp.h"

#define NB_HARTS 4
#define SBI_EXT_RFENCE 0x52464e43UL
#define SPIN_LIMIT 100000000UL
#define INSN_RET 0x00008067u
#define ROUNDS 4

typedef long (*fn_t)(void);

/* Rewritten by the boot hart: li a0, <value>; ret */
static uint32_t code[2] __attribute__((aligned(8))) = { 0x00000513u, INSN_RET };
static volatile unsigned long generation, seen[NB_HARTS], result[NB_HARTS], alive[NB_HARTS];
static unsigned long boot_hart, sleeper;

static void secondary(unsigned long hartid)
{
	alive[hartid] = 1;
	if (hartid == sleeper) {
		/* the last hart sleeps: fences must wake it */
		for (;;)
			__asm__ volatile("wfi");
	}
	for (;;) {
		unsigned long g = generation;

		if (g != seen[hartid]) {
			result[hartid] = (unsigned long)((fn_t)(uintptr_t)code)();
			__atomic_store_n(&seen[hartid], g, __ATOMIC_SEQ_CST);
		}
	}
}

static void set_value(long v)
{
	code[0] = 0x00000513u | ((uint32_t)v << 20);	/* addi a0, zero, v */
}

static int wait_seen(unsigned long g)
{
	for (unsigned long spin = 0; spin < SPIN_LIMIT; spin++) {
		int done = 1;

		for (unsigned h = 0; h < NB_HARTS; h++)
			if (h != boot_hart && h != sleeper && seen[h] != g)
				done = 0;
		if (done)
			return 1;
	}
	return 0;
}

static void call(const char *what, unsigned long fid, unsigned long mask, unsigned long base,
		 unsigned long start, unsigned long size, unsigned long asid)
{
	struct sbiret r = sbi_call5(SBI_EXT_RFENCE, fid, mask, base, start, size, asid);

	printf("offload-rfence: %s: error %ld, value %ld\n", what, r.error, r.value);
}

void payload_main(unsigned long hartid, unsigned long dtb)
{
	unsigned started;
	int ok = 1;

	(void)dtb;
	alive[hartid] = 1;
	boot_hart = hartid;
	sleeper = (hartid + 1) % NB_HARTS;
	started = smp_start(hartid, NB_HARTS, secondary);
	for (unsigned long spin = 0; spin < SPIN_LIMIT; spin++)
		if (alive[0] && alive[1] && alive[2] && alive[3])
			break;
	printf("offload-rfence: %u other harts started\n", started);

	for (long round = 1; round <= ROUNDS; round++) {
		set_value(100 + round);
		struct sbiret r = sbi_call5(SBI_EXT_RFENCE, 0, 0, -1UL, 0, 0, 0);

		__asm__ volatile("fence.i" ::: "memory");
		if (r.error != 0)
			ok = 0;
		generation = (unsigned long)round;
		if (!wait_seen((unsigned long)round))
			ok = 0;
		for (unsigned h = 0; h < NB_HARTS; h++)
			if (h != hartid && h != sleeper && result[h] != (unsigned long)(100 + round))
				ok = 0;
		if ((unsigned long)((fn_t)(uintptr_t)code)() != (unsigned long)(100 + round))
			ok = 0;
	}
	printf("offload-rfence: remote_fence_i: %d rounds, every hart ran the new code: %d\n",
	       ROUNDS, ok);
	call("remote_fence_i harts 0-1", 0, 0x3, 0, 0, 0, 0);
	call("remote_sfence_vma all, whole space", 1, 0, -1UL, 0, 0, 0);
	call("remote_sfence_vma harts 1-3, 3 pages", 1, 0x7, 1, 0x10001234, 0x2000, 0);
	call("remote_sfence_vma the sleeping hart, size -1", 1, 1, sleeper, 0x4000, -1UL, 0);
	call("remote_sfence_vma_asid all, asid 5", 2, 0, -1UL, 0x20000000, 0x1000, 5);
	call("remote_sfence_vma_asid hart 2, whole space", 2, 1, 2, 0, 0, 7);
	{
		struct sbiret r = sbi_call5(SBI_EXT_RFENCE, 0, 0x21, 0, 0, 0, 0);

		printf("offload-rfence: mask naming hart 5: error %ld\n", r.error);
	}
	printf("offload-rfence: done\n");
	sbi_shutdown();
	for (;;)
		__asm__ volatile("wfi");
}
