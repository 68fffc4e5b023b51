/*
 * Monitor test device (spec §6.4): a deterministic MMIO device that exists
 * only under the monitor, used to test device emulation end to end.
 *   +0  32-bit read-only  0xdeadbeef
 *   +4  32-bit read/write scratch register (shared by all harts)
 */
#include <miralis/device.h>

static volatile uint32_t scratch;

static int tester_read(struct vctx *c, uint64_t off, unsigned width, uint64_t *val)
{
	(void)c;
	if (width != 4)
		return -1;
	if (off == 0)
		*val = 0xdeadbeef;
	else if (off == 4)
		*val = scratch;
	else
		return -1;
	return 0;
}

static int tester_write(struct vctx *c, uint64_t off, unsigned width, uint64_t val)
{
	(void)c;
	if (width != 4 || (off != 0 && off != 4))
		return -1;
	if (off == 4)
		scratch = (uint32_t)val;
	return 0;
}

const struct vdevice vdev_tester = {
	.name = "test device",
	.base = 0x2020000,
	.size = 0x10000,
	.read = tester_read,
	.write = tester_write,
};
