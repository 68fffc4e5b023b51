/*
 * StarFive VisionFive 2 (JH7110 SoC): hart 0 is an S7 monitor core (RV64IMAC,
 * M and U only, no S-mode), harts 1-4 are U74 application cores (RV64GC,
 * M/S/U, Sv39, 8 PMP entries, no `time` CSR: rdtime traps and the firmware
 * emulates it from the CLINT's mtime). The monitor serves all five harts;
 * hart 1 boots it (configs/visionfive2.toml). Each hart's CSRs, PMP count
 * included, are probed at boot (src/virt/hw.c), never configured here.
 *
 *   0x02000000  CLINT (msip, mtimecmp, mtime @ 4 MHz)  virtual: PMP-protected
 *   0x0c000000  PLIC (left to the firmware)
 *   0x10000000  UART0: DesignWare 8250, registers 4 bytes apart, 32-bit
 *               accesses, already programmed by U-Boot SPL (115200 8N1)
 *   0x40000000  DRAM: the firmware (OpenSBI) at 0x40000000, U-Boot proper at
 *               0x40200000, the monitor at 0x43000000
 *
 * No test device and no way to power off: the monitor's exit parks the hart.
 * docs/platforms.md says how to boot it.
 */
#include <miralis/arch.h>
#include <miralis/device.h>
#include <miralis/ns16550.h>
#include <miralis/platform.h>

static const struct ns16550 uart = { .base = 0x10000000, .stride = 4, .width = 4 };

static const struct vdevice *const devices[] = { &vdev_clint };

/* Real hardware takes simultaneous interrupts in the privileged spec's order */
static const uint8_t irq_order[] = IRQ_ORDER_SPEC;

void plat_init(void)
{
	/* U-Boot SPL left the UART programmed: reprogramming it could only
	 * disagree with what the firmware and Linux expect */
}

bool plat_putc(char c)
{
	return ns16550_putc(&uart, c);
}

void plat_exit(int code)
{
	(void)code;	/* nothing on the board reports it */
	arch_halt();
}

const struct plat_board plat_board = {
	.name = "VisionFive 2 board",
	.irq_order = irq_order,
	.nb_irq_order = sizeof(irq_order),
	.devices = devices,
	.nb_devices = sizeof(devices) / sizeof(devices[0]),
	.csr_access = NULL,
};
