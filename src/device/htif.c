/*
 * The HTIF of QEMU's spike machine as the firmware sees it (the platform's
 * console and exit, shared with the monitor). Every access is forwarded to
 * the real registers at the width and offset the firmware used; a store to
 * tohost that ends the machine first gets the monitor's closing report, as
 * the sifive_test finisher does on QEMU virt (finisher.c).
 */
#include <miralis/arch.h>
#include <miralis/device.h>
#include <miralis/htif.h>
#include <miralis/monitor.h>

#define HTIF_BASE 0x1000000UL	/* QEMU 7.2 spike: memmap[SPIKE_HTIF] */

static int htif_read(struct vctx *c, uint64_t off, unsigned width, uint64_t *val)
{
	(void)c;
	return arch_mmio_try_read(HTIF_BASE + off, width, val) ? -1 : 0;
}

static int htif_write(struct vctx *c, uint64_t off, unsigned width, uint64_t val)
{
	(void)c;
	/* a 64-bit store is one command; split stores are passed on as they come */
	if (off == HTIF_TOHOST_OFF && width == 8 && htif_is_exit(val))
		monitor_report();
	return arch_mmio_try_write(HTIF_BASE + off, width, val) ? -1 : 0;
}

const struct vdevice vdev_htif = {
	.name = "HTIF",
	.base = HTIF_BASE,
	.size = 0x1000,
	.read = htif_read,
	.write = htif_write,
};
