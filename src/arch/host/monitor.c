/*
 * Monitor-wide services of <miralis/monitor.h> for the host build (on
 * metal they live in src/core/main.c). Panics and exits are recorded in
 * host_stats(), the panic message goes to the captured console, and both
 * end in host_noreturn(), which a test can catch with host_catch_halt().
 */
#include <stdarg.h>
#include <stdio.h>

#include <miralis/monitor.h>
#include <miralis/platform.h>
#include <miralis/virt.h>

#include "host.h"
#include "host_internal.h"

static struct vctx *current;

void host_monitor_reset(void)
{
	current = NULL;
}

void host_set_current_ctx(struct vctx *ctx)
{
	current = ctx;
}

struct vctx *monitor_current_ctx(void)
{
	return current;
}

uint64_t monitor_total_exits(void)
{
	return current ? current->nb_exits : 0;
}

/* A stand-in image: the host has no loaded monitor to measure. */
void monitor_image(uint64_t *base, uint64_t *size)
{
	static const char image[] = "host monitor image";

	*base = (uint64_t)(uintptr_t)image;
	*size = sizeof(image);
}

void monitor_report(void)
{
	host_stat.reports++;
}

void monitor_exit(int code)
{
	monitor_report();
	host_stat.exits++;
	host_stat.exit_code = code;
	host_noreturn("monitor_exit");
}

void monitor_panic(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	for (const char *p = "[PANIC] "; *p; p++)
		plat_putc(*p);
	for (const char *p = msg; *p; p++)
		plat_putc(*p);
	plat_putc('\n');
	host_stat.panics++;
	host_noreturn(msg);
}
