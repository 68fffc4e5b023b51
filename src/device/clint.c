/*
 * Virtual CLINT (spec §6.1). The real CLINT is PMP-protected from the
 * firmware; accesses are forwarded to it at the width the firmware used.
 *
 *   0x0000 + 4h   msip[h]      (32-bit)
 *   0x4000 + 8h   mtimecmp[h]  (64-bit, or two 32-bit halves)
 *   0xbff8        mtime        (64-bit, or two 32-bit halves)
 */
#define LOG_MODULE "clint"

#include <miralis/arch.h>
#include <miralis/device.h>
#include <miralis/log.h>

#include <config.h>

#define CLINT_BASE 0x2000000UL
#define MSIP_END (4 * CONFIG_NB_HARTS)
#define MTIMECMP_OFF 0x4000
#define MTIMECMP_END (MTIMECMP_OFF + 8 * CONFIG_NB_HARTS)
#define MTIME_OFF 0xbff8

/* Offsets and widths a real CLINT accepts for harts the monitor serves */
static int clint_check(uint64_t off, unsigned width)
{
	if (off < MSIP_END)
		return width == 4 && !(off & 3) ? 0 : -1;
	if ((off >= MTIMECMP_OFF && off < MTIMECMP_END) || (off >= MTIME_OFF && off < MTIME_OFF + 8))
		return (width == 4 || width == 8) && !(off & (width - 1)) ? 0 : -1;
	return -1;
}

static int clint_read(struct vctx *c, uint64_t off, unsigned width, uint64_t *val)
{
	(void)c;
	if (clint_check(off, width))
		return -1;
	return arch_mmio_try_read(CLINT_BASE + off, width, val) ? -1 : 0;
}

static int clint_write(struct vctx *c, uint64_t off, unsigned width, uint64_t val)
{
	(void)c;
	if (clint_check(off, width))
		return -1;
	return arch_mmio_try_write(CLINT_BASE + off, width, val) ? -1 : 0;
}

const struct vdevice vdev_clint = {
	.name = "CLINT",
	.base = CLINT_BASE,
	.size = 0x10000,
	.read = clint_read,
	.write = clint_write,
};
