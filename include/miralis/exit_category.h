/*
 * The original Miralis' exit categories (spec §7.5), shared by the
 * counting modules: what an exit was, from the worlds it went between and
 * its cause. The numbers are the original's ABI (exit_counter FID 4).
 */
#ifndef MIRALIS_EXIT_CATEGORY_H
#define MIRALIS_EXIT_CATEGORY_H

#include <miralis/virt.h>

enum exit_category {
	EXIT_NOT_OFFLOADED = 0,	/* payload -> firmware: a world switch */
	EXIT_READ_TIME = 1,	/* payload time read answered in the monitor */
	EXIT_SET_TIMER = 2,	/* SBI set_timer answered in the monitor */
	EXIT_MISALIGNED = 3,	/* payload misaligned access emulated */
	EXIT_IPI = 4,		/* SBI send_ipi answered in the monitor */
	EXIT_REMOTE_FENCE = 5,	/* SBI remote fence answered in the monitor */
	EXIT_FIRMWARE_TRAP = 6,	/* firmware -> firmware (emulation) */
	EXIT_PAGE_FAULT = 7,	/* payload page fault redirected to it */
	EXIT_NB_CATEGORIES,
	EXIT_NONE = EXIT_NB_CATEGORIES	/* none of these (e.g. firmware -> payload) */
};

/* Category of the exit c just took from world `from` to world `to`. */
enum exit_category exit_category(const struct vctx *c, enum world from, enum world to);
/* Short name, as the shutdown report prints it. */
const char *exit_category_name(enum exit_category k);

#endif /* MIRALIS_EXIT_CATEGORY_H */
