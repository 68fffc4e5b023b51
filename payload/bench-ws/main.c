/* bench-ws: the S-mode side of the world switch micro-benchmark (issue 9),
 * behind firmware/bench-fw, whose trap handler is the smallest possible
 * (csrr mepc, advance it, csrw mepc, mret: firmware/bench-fw/world.S), as the
 * original Miralis's tracing firmware measures it. A separate image so that
 * the sandbox (protect_payload) can measure and protect it: `make bench`
 * runs it natively, under the monitor, with offload and with the sandbox.
 *
 * The ecall is an SBI BASE get_spec_version (a7 = 0x10, a6 = 0) that the
 * handler ignores: under the sandbox a call the SBI table knows forwards no
 * argument and is not logged, and a0/a1 come back from the firmware (SBI
 * v2.0 §3), so they are clobbered, as t0 (the handler's). Timed with
 * instret (mcounteren.IR is set by bench-fw); the set-up is the
 * calibration. Ends the run on the board's exit device (the handler is no
 * SBI). Only meaningful under `-icount shift=0,align=off,sleep=off`. */
#include "bench.h"
#include "board.h"
#include "payload.h"

#define CTR "instret"
#define WS_SETUP "li a7, 0x10\n\tli a6, 0"
#define WS_CLOBBERS "t0", "a0", "a1", "a6", "a7"

BENCH_DEFINE(world_switch_setup, CTR, WS_SETUP, "", WS_CLOBBERS)
BENCH_DEFINE(world_switch, CTR, WS_SETUP, "ecall", WS_CLOBBERS)

static const struct bench benches[] = {
	BENCH_ENTRY(world_switch_setup, world_switch_setup),
	BENCH_ENTRY(world_switch, world_switch_setup),
};

static uint32_t scratch[BENCH_SINGLES];

void payload_main(unsigned long hartid, unsigned long dtb)
{
	(void)dtb;
	printf("bench-ws: hart %lu in S-mode\n", hartid);
	for (unsigned i = 0; i < sizeof(benches) / sizeof(benches[0]); i++)
		bench_run(&benches[i], scratch);
	printf("bench-ws: done\n");
	board_exit(0);
}
