/*
 * QEMU's spike machine (hw/riscv/spike.c, QEMU 7.2), the stand-in for the
 * Spike simulator (not packaged in Debian 12):
 *
 *   0x00001000  reset ROM
 *   0x01000000  HTIF fromhost/tohost: console and exit   virtual: PMP-protected
 *   0x02000000  CLINT (msip, mtimecmp, mtime @ 10 MHz)   virtual: PMP-protected
 *   0x02020000  monitor test device                      virtual only
 *   0x80000000  RAM: monitor, then firmware and payload (configs/spike.toml)
 *
 * No UART, no PLIC, no finisher. QEMU places HTIF where the `tohost` and
 * `fromhost` ELF symbols of the images it loads say, else at 0x1000000
 * with a `reg` in the device tree's /htif node (Debian's OpenSBI reads it).
 * The monitor exports no such symbols, so a firmware that has none (a raw
 * OpenSBI) gets the device tree entry, and the test firmwares export them
 * as absolute symbols at 0x1000000 (firmware/common/board/spike.c): HTIF
 * is at 0x1000000 in every run. docs/platforms.md.
 */
#include <miralis/arch.h>
#include <miralis/device.h>
#include <miralis/htif.h>
#include <miralis/platform.h>

static const struct vdevice *const devices[] = { &vdev_clint, &vdev_tester, &vdev_htif };

void plat_init(void)
{
	/* HTIF needs no set-up */
}

bool plat_putc(char c)
{
	return htif_putc(vdev_htif.base, c);
}

void plat_exit(int code)
{
	htif_exit(vdev_htif.base, code < 0 ? 1 : (unsigned)code);
	arch_halt();
}

/* The same QEMU 7.2 CPU model as on virt: lowest interrupt number first */
static const uint8_t irq_order[] = IRQ_ORDER_QEMU72;

const struct plat_board plat_board = {
	.name = "Spike (QEMU spike machine)",
	.irq_order = irq_order,
	.nb_irq_order = sizeof(irq_order),
	.devices = devices,
	.nb_devices = sizeof(devices) / sizeof(devices[0]),
	.csr_access = NULL,
};
