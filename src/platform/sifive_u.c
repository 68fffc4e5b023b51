/*
 * QEMU's sifive_u machine, a model of the HiFive Unleashed (FU540 SoC,
 * hw/riscv/sifive_u.c, QEMU 7.2): hart 0 is an E51 monitor core (M and U,
 * no S-mode), harts 1.. are U54s (priv 1.10, no H, no Sstc, no `time` CSR).
 * The closest QEMU has to the boards' layout (docs/platforms.md).
 *
 *   0x02000000  CLINT (msip, mtimecmp, mtime @ 1 MHz)  virtual: PMP-protected
 *   0x0c000000  PLIC (left to the firmware)
 *   0x10010000  UART0: SiFive UART (shared with the firmware)
 *   0x10060000  GPIO: pin 10 resets the machine (OpenSBI's gpio-restart)
 *   0x80000000  RAM: monitor, then firmware and payload
 *
 * No power-off device: the monitor's exit parks the hart.
 */
#include <miralis/arch.h>
#include <miralis/device.h>
#include <miralis/platform.h>
#include <miralis/sifive_uart.h>

#define UART_BASE 0x10010000UL

static const struct vdevice *const devices[] = { &vdev_clint };

/* The same QEMU 7.2 CPU code as on virt: lowest interrupt number first */
static const uint8_t irq_order[] = IRQ_ORDER_QEMU72;

void plat_init(void)
{
	/* QEMU's UART transmits without set-up */
}

bool plat_putc(char c)
{
	return sifive_uart_putc(UART_BASE, c);
}

void plat_exit(int code)
{
	(void)code;	/* no device reports it */
	arch_halt();
}

const struct plat_board plat_board = {
	.name = "QEMU sifive_u (HiFive Unleashed)",
	.irq_order = irq_order,
	.nb_irq_order = sizeof(irq_order),
	.devices = devices,
	.nb_devices = sizeof(devices) / sizeof(devices[0]),
	.csr_access = NULL,
};
