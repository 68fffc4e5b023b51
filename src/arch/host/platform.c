/*
 * The platform hooks of <miralis/platform.h> for the host build: the
 * console is captured for tests to read (host_console()), the device list
 * is whatever the test installs, and plat_exit ends like arch_halt (caught
 * by host_catch_halt, else abort).
 */
#include <stdio.h>
#include <string.h>

#include <miralis/platform.h>

#include "host.h"
#include "host_internal.h"

#define CONSOLE_SIZE 65536

static char console[CONSOLE_SIZE];
static size_t console_len;
static bool console_echo;
static bool console_stuck;
static const struct vdevice *const *devices;
static size_t nb_devices;
static uint64_t custom_csr;

void host_platform_reset(void)
{
	console_len = 0;
	console[0] = '\0';
	console_echo = false;
	console_stuck = false;
	devices = NULL;
	nb_devices = 0;
	custom_csr = 0;
}

const char *host_console(void)
{
	return console;
}

void host_console_clear(void)
{
	console_len = 0;
	console[0] = '\0';
}

void host_console_echo(bool on)
{
	console_echo = on;
}

void host_set_devices(const struct vdevice *const *devs, size_t count)
{
	devices = devs;
	nb_devices = count;
}

const char *plat_name(void)
{
	return "host";
}

void plat_init(void)
{
}

void host_console_set_stuck(bool stuck)
{
	console_stuck = stuck;
}

/* Output beyond the buffer is dropped; the buffer stays a C string. */
bool plat_putc(char c)
{
	if (console_stuck)
		return false;
	if (console_echo)
		putchar(c);
	if (console_len + 1 < CONSOLE_SIZE) {
		console[console_len++] = c;
		console[console_len] = '\0';
	}
	return true;
}

void plat_exit(int code)
{
	host_stat.exits++;
	host_stat.exit_code = code;
	host_noreturn("plat_exit");
}

/* The software hart follows the privileged spec's order. */
static const uint8_t irq_order[] = IRQ_ORDER_SPEC;

const uint8_t *plat_irq_order(size_t *count)
{
	*count = sizeof(irq_order);
	return irq_order;
}

/* One implementation-specific CSR, HOST_CUSTOM_CSR: a plain register. */
int plat_csr_access(unsigned csr, bool write, uint64_t *val)
{
	if (csr != HOST_CUSTOM_CSR)
		return -1;
	if (write)
		custom_csr = *val;
	else
		*val = custom_csr;
	return 0;
}

uint64_t host_custom_csr(void)
{
	return custom_csr;
}

const struct vdevice *const *plat_devices(size_t *count)
{
	*count = nb_devices;
	return devices;
}
