/*
 * The QEMU sifive_test finisher, as seen by the guests. A write that ends
 * the machine (pass 0x5555, fail 0x3333 | code << 16, reset 0x7777) first
 * gets the monitor's closing report, then is performed for real, so a test
 * firmware ends the same way natively and virtualized.
 */
#include <miralis/arch.h>
#include <miralis/device.h>
#include <miralis/monitor.h>

#define FINISHER_BASE 0x100000UL

/* QEMU's sifive_test takes 2- and 4-byte accesses only (hw/misc/sifive_test.c) */
static int finisher_width_ok(unsigned width)
{
	return width == 2 || width == 4;
}

static int finisher_read(struct vctx *c, uint64_t off, unsigned width, uint64_t *val)
{
	(void)c;
	if (!finisher_width_ok(width))
		return -1;
	return arch_mmio_try_read(FINISHER_BASE + off, width, val) ? -1 : 0;
}

static int finisher_write(struct vctx *c, uint64_t off, unsigned width, uint64_t val)
{
	unsigned status = (unsigned)(val & 0xffff);

	(void)c;
	if (!finisher_width_ok(width))
		return -1;
	if (off == 0 && (status == 0x5555 || status == 0x3333 || status == 0x7777))
		monitor_report();
	return arch_mmio_try_write(FINISHER_BASE + off, width, val) ? -1 : 0;
}

const struct vdevice vdev_finisher = {
	.name = "finisher",
	.base = FINISHER_BASE,
	.size = 0x1000,
	.read = finisher_read,
	.write = finisher_write,
};
