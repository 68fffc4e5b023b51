/*
 * Virtual CLINT (spec §6.1). The real CLINT is PMP-protected from the
 * firmware; every access is forwarded to it at the width and offset the
 * firmware used, behind a fault catcher, so gaps read as the device reads
 * them and a width it rejects faults as it would natively.
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

static int clint_read(struct vctx *c, uint64_t off, unsigned width, uint64_t *val)
{
	(void)c;
	return arch_mmio_try_read(CLINT_BASE + off, width, val) ? -1 : 0;
}

static int clint_write(struct vctx *c, uint64_t off, unsigned width, uint64_t val)
{
	(void)c;
	return arch_mmio_try_write(CLINT_BASE + off, width, val) ? -1 : 0;
}

const struct vdevice vdev_clint = {
	.name = "CLINT",
	.base = CLINT_BASE,
	.size = 0x10000,
	.read = clint_read,
	.write = clint_write,
};
