/*
 * The monitor built as a firmware of another monitor (nested
 * virtualization). It runs in the outer monitor's vM-mode and sees the
 * virtual QEMU virt the outer one presents: the same memory map, the
 * CLINT and finisher protected and emulated by the outer monitor, the
 * UART shared. It ends through the outer monitor's ABI (success/failure
 * ecall), so both monitors print their closing lines.
 *
 *   outer monitor  0x80000000  physical M-mode
 *   this monitor   0x80200000  vM-mode of the outer one (configs/qemu-virt-nested.toml)
 *   its firmware   0x80400000  vM-mode of this one
 */
#include <miralis/abi.h>
#include <miralis/arch.h>
#include <miralis/device.h>
#include <miralis/ns16550.h>
#include <miralis/platform.h>

/* QEMU's ns16550a: byte registers, stride 1, set up by QEMU */
static const struct ns16550 uart = { .base = 0x10000000, .stride = 1, .width = 1 };

static const struct vdevice *const devices[] = { &vdev_clint, &vdev_tester, &vdev_finisher };

void plat_init(void)
{
}

bool plat_putc(char c)
{
	return ns16550_putc(&uart, c);
}

void plat_exit(int code)
{
	arch_ecall(ABI_EID, code == 0 ? ABI_SUCCESS : ABI_FAILURE, 0);
	arch_halt();	/* the outer monitor does not return from either */
}

/* The outer monitor on QEMU virt delivers lowest number first, as QEMU 7.2 */
static const uint8_t irq_order[] = IRQ_ORDER_QEMU72;

const struct plat_board plat_board = {
	.name = "Miralis (nested, on QEMU virt)",
	.irq_order = irq_order,
	.nb_irq_order = sizeof(irq_order),
	.devices = devices,
	.nb_devices = sizeof(devices) / sizeof(devices[0]),
	.csr_access = NULL,
};
