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

static int finisher_read(struct vctx *c, uint64_t off, unsigned width, uint64_t *val)
{
	(void)c;
	*val = arch_mmio_read(FINISHER_BASE + off, width);
	return 0;
}

static int finisher_write(struct vctx *c, uint64_t off, unsigned width, uint64_t val)
{
	unsigned status = (unsigned)(val & 0xffff);

	(void)c;
	if (off == 0 && (status == 0x5555 || status == 0x3333 || status == 0x7777))
		monitor_report();
	arch_mmio_write(FINISHER_BASE + off, width, val);
	return 0;
}

const struct vdevice vdev_finisher = {
	.name = "finisher",
	.base = FINISHER_BASE,
	.size = 0x1000,
	.read = finisher_read,
	.write = finisher_write,
};
