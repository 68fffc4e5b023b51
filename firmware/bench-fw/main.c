/* bench-fw: micro-benchmarks of the firmware's privileged operations, timed
 * with minstret (firmware/common/bench.h; runner/bench.py runs and reads it,
 * `make bench`). Natively each operation is one instruction; under the
 * monitor each traps and is emulated in virtual M-mode:
 *   csrw_mscratch   the firmware trap round trip (one emulated CSR write)
 *   csrr_*          the hot CSR reads
 *   mret            mret to virtual M-mode (MPP = M), the next instruction
 *   rdtime          the time CSR
 * then it enters payload/bench-ws in S-mode, which times the world switch
 * (an S-mode ecall to world.S's minimal handler) and ends the run.
 * Only meaningful under `-icount shift=0,align=off,sleep=off` with one hart:
 * otherwise the counters follow the host's clock. */
#include "bench.h"
#include "fw.h"
#include "payload_abi.h"

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

/* world.S: jump to the payload with the world switch's handler installed */
void ws_enter(uint64_t hartid, uint64_t entry) __attribute__((noreturn));

static uint32_t scratch[BENCH_SINGLES];

int main(void)
{
	volatile const uint64_t *magic = (const uint64_t *)(PAYLOAD_ADDR + PAYLOAD_MAGIC_OFFSET);

	/* S-mode may use the whole address space and read instret (world switch) */
	csr_write(pmpaddr0, ~0UL >> 10);
	csr_write(pmpcfg0, PMP_A_TOR | PMP_R | PMP_W | PMP_X);
	csr_write(mcounteren, 0x7);
	csr_clear(mstatus, MSTATUS_MIE | MSTATUS_MPIE);

	for (unsigned i = 0; i < sizeof(benches) / sizeof(benches[0]); i++)
		bench_run(&benches[i], scratch);
	printf("bench-fw: done\n");
	if (*magic != PAYLOAD_MAGIC) {
		printf("bench-fw: FAIL: no payload at 0x%lx for the world switch (payload/bench-ws)\n",
		       PAYLOAD_ADDR);
		return 1;
	}
	ws_enter(csr_read(mhartid), PAYLOAD_ADDR);
}
