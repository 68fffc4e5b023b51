/*
 * exit_counter (spec §7.5, NAME "Counter Benchmark"): exits per hart and
 * per category (include/miralis/exit_category.h), behind the original's
 * ABI so its tooling works: monitor ABI function 4 with a0 = hart, a1 =
 * category returns the count in a0. At shutdown it prints every hart's
 * counts and the total of world switches into the firmware.
 */
#define LOG_MODULE "exit_counter"

#include <miralis/abi.h>
#include <miralis/exit_category.h>
#include <miralis/log.h>
#include <miralis/module.h>
#include <miralis/virt.h>

#include <config.h>

MODULE_HART_STATE(uint64_t, counts)[EXIT_NB_CATEGORIES];

static void init(unsigned hart)
{
	if (hart < CONFIG_NB_HARTS)
		for (unsigned k = 0; k < EXIT_NB_CATEGORIES; k++)
			counts[hart][k] = 0;
}

static void after_exit(struct vctx *c, enum world from, enum world to)
{
	enum exit_category k = exit_category(c, from, to);

	if (k != EXIT_NONE)
		(*MODULE_THIS_HART(counts, c))[k]++;
}

static bool abi(struct vctx *c)
{
	uint64_t hart = vctx_get_reg(c, 10), k = vctx_get_reg(c, 11);

	if (vctx_get_reg(c, 16) != ABI_READ_COUNTERS)
		return false;
	if (hart >= CONFIG_NB_HARTS || k >= EXIT_NB_CATEGORIES) {
		log_warn("exit counter of hart %lu, category %lu: no such counter", hart, k);
		vctx_set_reg(c, 10, 0);
		return true;
	}
	vctx_set_reg(c, 10, counts[hart][k]);
	return true;
}

static void shutdown(void)
{
	uint64_t switches = 0;

	for (unsigned h = 0; h < CONFIG_NB_HARTS; h++) {
		const uint64_t *n = counts[h];

		log_info("hart %u exits: not offloaded %lu, read time %lu, set timer %lu, "
			 "misaligned %lu, ipi %lu, remote fence %lu, firmware trap %lu, page fault %lu",
			 h, n[EXIT_NOT_OFFLOADED], n[EXIT_READ_TIME], n[EXIT_SET_TIMER],
			 n[EXIT_MISALIGNED], n[EXIT_IPI], n[EXIT_REMOTE_FENCE],
			 n[EXIT_FIRMWARE_TRAP], n[EXIT_PAGE_FAULT]);
		switches += n[EXIT_NOT_OFFLOADED];
	}
	log_info("World switches into the firmware: %lu", switches);
}

const struct module_ops module_exit_counter = {
	.name = "Counter Benchmark",
	.init = init,
	.after_exit = after_exit,
	.abi = abi,
	.on_shutdown = shutdown,
};
