/*
 * boot_counter (spec §7.5, NAME "Boot Benchmark"): exits per category
 * (include/miralis/exit_category.h) in 15 intervals of 2,000,000 time
 * ticks from the first exit (0.2 s each at QEMU's 10 MHz), over all harts.
 * The table is printed once, as the original's CSV: when time passes the
 * last interval, on monitor ABI function 4, or at shutdown. Unlike the
 * original, no hart is parked afterwards: the boot goes on. It measures
 * what offload takes away, so it requires the offload module.
 */
#define LOG_MODULE "boot_counter"

#include <miralis/abi.h>
#include <miralis/exit_category.h>
#include <miralis/log.h>
#include <miralis/module.h>
#include <miralis/monitor.h>
#include <miralis/vclint.h>
#include <miralis/virt.h>

#define INTERVAL_TICKS 2000000UL
#define NB_INTERVALS 15
/* the original's columns: every category but page faults */
#define NB_COLUMNS EXIT_PAGE_FAULT

extern const struct module_ops module_offload;

static uint64_t buckets[NB_INTERVALS][EXIT_NB_CATEGORIES];
static uint64_t start;
static uint32_t started, printed;

static void init(unsigned hart)
{
	if (!module_installed(&module_offload))
		monitor_panic("boot_counter: installed modules lack 'offload', which it measures");
	(void)hart;
}

static void print_table(void)
{
	if (__atomic_exchange_n(&printed, 1u, __ATOMIC_SEQ_CST))
		return;
	log_info("no-offload, read-time, set-timer, misaligned-op, ipi, remote-fence, firmware-trap");
	for (unsigned i = 0; i < NB_INTERVALS; i++) {
		const uint64_t *b = buckets[i];

		log_info("%lu, %lu, %lu, %lu, %lu, %lu, %lu", b[0], b[1], b[2], b[3], b[4], b[5],
			 b[6]);
	}
}

static void after_exit(struct vctx *c, enum world from, enum world to)
{
	enum exit_category k = exit_category(c, from, to);
	uint64_t now = vclint_mtime(), i;

	if (!__atomic_exchange_n(&started, 1u, __ATOMIC_SEQ_CST))
		__atomic_store_n(&start, now, __ATOMIC_SEQ_CST);
	i = (now - __atomic_load_n(&start, __ATOMIC_SEQ_CST)) / INTERVAL_TICKS;
	if (i >= NB_INTERVALS) {
		print_table();
		return;
	}
	if (k < NB_COLUMNS)
		__atomic_fetch_add(&buckets[i][k], 1, __ATOMIC_RELAXED);
}

static bool abi(struct vctx *c)
{
	if (vctx_get_reg(c, 16) != ABI_READ_COUNTERS)
		return false;
	print_table();
	vctx_set_reg(c, 10, 0);
	return true;
}

const struct module_ops module_boot_counter = {
	.name = "Boot Benchmark",
	.init = init,
	.after_exit = after_exit,
	.abi = abi,
	.on_shutdown = print_table,
};
