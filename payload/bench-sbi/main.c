/* bench-sbi: S-mode micro-benchmarks of SBI calls, timed with instret
 * (firmware/common/bench.h; runner/bench.py runs it behind OpenSBI fw_jump,
 * natively and under the monitor, `make bench`). Each call's arguments are
 * loaded by its set-up code, which is also its calibration, so the measured
 * cost is the ecall round trip alone (SBI spec v2.0: a7 = EID, a6 = FID):
 *   sbi_spec_version  BASE get_spec_version
 *   sbi_set_timer     TIME set_timer(~0): a timer that never fires
 *   sbi_send_ipi      IPI send_ipi to this hart (mask 1, base 0); the set-up
 *                     clears the SSIP it leaves pending (S interrupts stay off)
 *   sbi_fence_i       RFENCE remote_fence_i to this hart
 *   sbi_unknown       an extension nobody implements (SBI_ERR_NOT_SUPPORTED)
 *   rdtime            the time CSR (traps only if mcounteren.TM is clear)
 * Only meaningful under `-icount shift=0,align=off,sleep=off` with one hart. */
#include "bench.h"
#include "payload.h"

#define CTR "instret"

#define SBI_SETUP(eid, fid, a0, a1) \
	"li a7, " #eid "\n\tli a6, " #fid "\n\tli a0, " #a0 "\n\tli a1, " #a1
#define SBI_CLOBBERS "a0", "a1", "a6", "a7"

#define SBI_BENCH(name, setup)                                  \
	BENCH_DEFINE(name##_setup, CTR, setup, "", SBI_CLOBBERS) \
	BENCH_DEFINE(name, CTR, setup, "ecall", SBI_CLOBBERS)

BENCH_DEFINE(empty, CTR, "", "", "t0")
BENCH_DEFINE(rdtime, CTR, "", "csrr t0, time", "t0")
SBI_BENCH(sbi_spec_version, SBI_SETUP(0x10, 0, 0, 0))
SBI_BENCH(sbi_set_timer, SBI_SETUP(0x54494D45, 0, -1, 0))
SBI_BENCH(sbi_send_ipi, "csrci sip, 2\n\t" SBI_SETUP(0x735049, 0, 1, 0))
SBI_BENCH(sbi_fence_i, SBI_SETUP(0x52464E43, 0, 1, 0))
SBI_BENCH(sbi_unknown, SBI_SETUP(0x0A5A5A5A, 0, 0, 0))

#define SBI_ENTRIES(name) BENCH_ENTRY(name##_setup, name##_setup), BENCH_ENTRY(name, name##_setup)

static const struct bench benches[] = {
	BENCH_ENTRY(empty, empty),
	BENCH_ENTRY(rdtime, empty),
	SBI_ENTRIES(sbi_spec_version),
	SBI_ENTRIES(sbi_set_timer),
	SBI_ENTRIES(sbi_send_ipi),
	SBI_ENTRIES(sbi_fence_i),
	SBI_ENTRIES(sbi_unknown),
};

static uint32_t scratch[BENCH_SINGLES];

/* The IPI and fence benches target hart 0 as "this hart" (mask 1, base 0). */
static void check_setup(unsigned long hartid, struct sbiret version)
{
	printf("bench-sbi: hart %lu, SBI spec version %ld.%ld\n", hartid,
	       (version.value >> 24) & 0x7f, version.value & 0xffffff);
	if (hartid != 0 || version.error) {
		printf("bench-sbi: FAIL: needs hart 0 and a working SBI\n");
		sbi_shutdown();
	}
}

void payload_main(unsigned long hartid, unsigned long dtb)
{
	struct sbiret r = sbi_call(0x10, 0, 0, 0);

	(void)dtb;
	check_setup(hartid, r);
	for (unsigned i = 0; i < sizeof(benches) / sizeof(benches[0]); i++)
		bench_run(&benches[i], scratch);
	printf("bench-sbi: done\n");
	sbi_shutdown();
	printf("bench-sbi: SBI shutdown returned\n");
	for (;;)
		__asm__ volatile("wfi");
}
