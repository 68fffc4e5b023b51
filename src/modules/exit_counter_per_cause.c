/*
 * exit_counter_per_cause (NAME "Counter per MCause"): counts the monitor's
 * exits per hart, per world they came from and per cause, prints them at
 * shutdown, and answers ABI_READ_COUNTERS (a0 = hart, a1 = cause, 0..23
 * for exceptions and 24 + n for interrupt n, or ~0 for all; returns
 * a0 = 0 and a1 = count, or a0 = SBI_ERR_INVALID_PARAM for a bad hart).
 * Installed with exit_counter, the one listed first answers the ABI.
 */
#define LOG_MODULE "exit_counter_per_cause"

#include <miralis/abi.h>
#include <miralis/log.h>
#include <miralis/module.h>
#include <miralis/riscv/encoding.h>
#include <miralis/virt.h>

#include <config.h>

#define NB_CAUSES 40	/* exceptions 0..23, interrupts 0..15 at 24 + irq */

static uint64_t counts[CONFIG_NB_HARTS][2][NB_CAUSES];

static unsigned bucket(uint64_t mcause)
{
	if (mcause & MCAUSE_INTERRUPT) {
		uint64_t irq = mcause & ~MCAUSE_INTERRUPT;

		return irq < 16 ? 24 + (unsigned)irq : NB_CAUSES - 1;
	}
	return mcause < 24 ? (unsigned)mcause : 14;
}

static void count(struct vctx *c)
{
	if (c->hart_id < CONFIG_NB_HARTS)
		counts[c->hart_id][vctx_world(c)][bucket(c->trap.mcause)]++;
}

static bool ecall(struct vctx *c)
{
	uint64_t hart = vctx_get_reg(c, 10), which = vctx_get_reg(c, 11), total = 0;

	if (vctx_get_reg(c, 16) != ABI_READ_COUNTERS)
		return false;
	if (hart < CONFIG_NB_HARTS)
		for (unsigned w = 0; w < 2; w++)
			for (unsigned i = 0; i < NB_CAUSES; i++)
				if (which == ~0UL || which == i)
					total += counts[hart][w][i];
	vctx_set_reg(c, 10, hart < CONFIG_NB_HARTS ? 0 : (uint64_t)-3);
	vctx_set_reg(c, 11, total);
	return true;
}

static void shutdown(void)
{
	for (unsigned h = 0; h < CONFIG_NB_HARTS; h++)
		for (unsigned i = 0; i < NB_CAUSES; i++)
			if (counts[h][0][i] || counts[h][1][i])
				log_info("hart %u %s %u: firmware %lu, payload %lu", h,
					 i >= 24 ? "interrupt" : "exception", i >= 24 ? i - 24 : i,
					 counts[h][0][i], counts[h][1][i]);
}

const struct module_ops module_exit_counter_per_cause = {
	.name = "Counter per MCause",
	.on_exit = count,
	.abi = ecall,
	.on_shutdown = shutdown,
};
