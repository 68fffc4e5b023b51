/* bench-fw: micro-benchmarks of the firmware's privileged operations, timed
 * with minstret (firmware/common/bench.h; runner/bench.py runs and reads it,
 * `make bench`). Natively each operation is one instruction; under the
 * monitor each traps and is emulated in virtual M-mode:
 *   csrw_mscratch   the firmware trap round trip (one emulated CSR write)
 *   csrr_*          the hot CSR reads
 *   mret            mret to virtual M-mode (MPP = M), the next instruction
 *   rdtime          the time CSR
 *   world_switch    an S-mode ecall to a minimal firmware handler (world.S)
 * Only meaningful under `-icount shift=0,align=off,sleep=off` with one hart:
 * otherwise the counters follow the host's clock. */
#include "bench.h"
#include "fw.h"

#define CTR "minstret"

BENCH_DEFINE(empty, CTR, "", "", "t0")
BENCH_DEFINE(csrw_mscratch, CTR, "", "csrw mscratch, t0", "t0")
BENCH_DEFINE(csrr_mstatus, CTR, "", "csrr t0, mstatus", "t0")
BENCH_DEFINE(csrr_mip, CTR, "", "csrr t0, mip", "t0")
BENCH_DEFINE(csrr_mie, CTR, "", "csrr t0, mie", "t0")
BENCH_DEFINE(csrr_mepc, CTR, "", "csrr t0, mepc", "t0")
BENCH_DEFINE(rdtime, CTR, "", "csrr t0, time", "t0")
/* mret with MPP = M and MPIE = 0 returns to the next instruction in M-mode
 * with MIE = 0; the set-up (mepc, MPP) is its calibration. */
#define MRET_SETUP "la t0, 2f\n\tcsrw mepc, t0\n\tli t1, " BENCH_STR(MSTATUS_MPP) "\n\tcsrs mstatus, t1"
BENCH_DEFINE(mret_setup, CTR, MRET_SETUP, "", "t0", "t1")
BENCH_DEFINE(mret, CTR, MRET_SETUP, "mret\n2:", "t0", "t1")

static const struct bench benches[] = {
	BENCH_ENTRY(empty, empty),
	BENCH_ENTRY(csrw_mscratch, empty),
	BENCH_ENTRY(csrr_mstatus, empty),
	BENCH_ENTRY(csrr_mip, empty),
	BENCH_ENTRY(csrr_mie, empty),
	BENCH_ENTRY(csrr_mepc, empty),
	BENCH_ENTRY(rdtime, empty),
	BENCH_ENTRY(mret_setup, mret_setup),
	BENCH_ENTRY(mret, mret_setup),
};

/* world.S: results of the S-mode side, layout shared with the assembly */
struct ws_out {
	uint32_t once[BENCH_SINGLES];
	uint32_t once_empty[BENCH_SINGLES];
	uint64_t loop;
	uint64_t loop_empty;
};
_Static_assert(sizeof(struct ws_out) == 8 * BENCH_SINGLES + 16, "world.S offsets");
void ws_run(struct ws_out *out, uint64_t n_once, uint64_t n_loop);

static uint32_t scratch[BENCH_SINGLES];
static struct ws_out ws;

int main(void)
{
	/* S-mode may use the whole address space and read instret (world switch) */
	csr_write(pmpaddr0, ~0UL >> 10);
	csr_write(pmpcfg0, PMP_A_TOR | PMP_R | PMP_W | PMP_X);
	csr_write(mcounteren, 0x7);
	csr_clear(mstatus, MSTATUS_MIE | MSTATUS_MPIE);

	for (unsigned i = 0; i < sizeof(benches) / sizeof(benches[0]); i++)
		bench_run(&benches[i], scratch);

	ws_run(&ws, BENCH_SINGLES, BENCH_LOOP);
	bench_report("world_switch_empty", "world_switch_empty", ws.loop_empty, ws.once_empty,
		     BENCH_SINGLES);
	bench_report("world_switch", "world_switch_empty", ws.loop, ws.once, BENCH_SINGLES);
	printf("bench-fw: done\n");
	return 0;
}
