/*
 * QEMU virt machine (hw/riscv/virt.c):
 *
 *   0x00100000  sifive_test finisher (exit)     virtual: PMP-protected
 *   0x02000000  CLINT (msip, mtimecmp, mtime)   virtual: PMP-protected
 *   0x02020000  monitor test device             virtual only
 *   0x10000000  ns16550a UART (shared with the firmware)
 *   0x80000000  RAM: monitor, then firmware and payload
 */
#include <miralis/arch.h>
#include <miralis/device.h>
#include <miralis/ns16550.h>
#include <miralis/platform.h>

/* QEMU's ns16550a: byte registers, stride 1, set up by QEMU */
static const struct ns16550 uart = { .base = 0x10000000, .stride = 1, .width = 1 };
#define FINISHER_BASE 0x100000UL
#define FINISHER_PASS 0x5555
#define FINISHER_FAIL 0x3333

static const struct vdevice *const devices[] = { &vdev_clint, &vdev_tester, &vdev_finisher };

void plat_init(void)
{
	/* QEMU's UART needs no set-up; the firmware programs it as it likes */
}

bool plat_putc(char c)
{
	return ns16550_putc(&uart, c);
}

void plat_exit(int code)
{
	uint32_t v = code == 0 ? FINISHER_PASS : ((uint32_t)code << 16) | FINISHER_FAIL;

	arch_mmio_write(FINISHER_BASE, 4, v);
	arch_halt();
}

/* QEMU 7.2's order, not the spec's: the virtual hart follows the hardware */
static const uint8_t irq_order[] = IRQ_ORDER_QEMU72;

const struct plat_board plat_board = {
	.name = "QEMU virt",
	.irq_order = irq_order,
	.nb_irq_order = sizeof(irq_order),
	.devices = devices,
	.nb_devices = sizeof(devices) / sizeof(devices[0]),
	.csr_access = NULL,
};
