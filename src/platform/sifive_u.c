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

const char *plat_name(void)
{
	return "QEMU sifive_u (HiFive Unleashed)";
}

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

const uint8_t *plat_irq_order(size_t *count)
{
	*count = sizeof(irq_order);
	return irq_order;
}

/* No implementation-specific CSR is passed through */
int plat_csr_access(unsigned csr, bool write, uint64_t *val)
{
	(void)csr;
	(void)write;
	(void)val;
	return -1;
}

const struct vdevice *const *plat_devices(size_t *count)
{
	*count = sizeof(devices) / sizeof(devices[0]);
	return devices;
}
