/*
 * SiFive HiFive Premier P550 (ESWIN EIC7700X SoC): four P550 harts (RV64GC,
 * M/S/U, Sv39/48), hart 1 boots the monitor (configs/premierp550.toml).
 * Each hart's CSRs, PMP count included, are probed at boot (src/virt/hw.c).
 *
 *   0x02000000  CLINT (msip, mtimecmp, mtime @ 1 MHz)  virtual: PMP-protected
 *   0x0c000000  PLIC (left to the firmware)
 *   0x50900000  UART0: DesignWare 8250, registers 4 bytes apart, 32-bit
 *               accesses, 200 MHz input clock, fractional divisor (DLF) at
 *               register 48; reprogrammed to 115200 8N1 at boot
 *   0x80000000  DRAM: the firmware (OpenSBI) at 0x80000000, the monitor at
 *               0x80080000
 *
 * The P550 has implementation-specific M-mode CSRs 0x7c0-0x7c4 and 0x7c8
 * (feature and power controls the vendor's OpenSBI sets); the firmware's
 * reads and writes of them go to the hardware, as in the original.
 *
 * No test device and no way to power off: the monitor's exit parks the hart.
 */
#include <miralis/arch.h>
#include <miralis/device.h>
#include <miralis/ns16550.h>
#include <miralis/platform.h>

#define UART_CLOCK_HZ 200000000
#define UART_BAUD 115200

static const struct ns16550 uart = {
	.base = 0x50900000, .stride = 4, .width = 4, .dlf_reg = 48, .dlf_bits = 4,
};

static const struct vdevice *const devices[] = { &vdev_clint };

/* Real hardware takes simultaneous interrupts in the privileged spec's order */
static const uint8_t irq_order[] = IRQ_ORDER_SPEC;

void plat_init(void)
{
	/* the previous stage leaves the UART at a rate the console does not
	 * use (spec 9): set it before the first line */
	ns16550_init(&uart, UART_CLOCK_HZ, UART_BAUD);
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

/*
 * A csr instruction encodes its CSR number: one case per custom CSR. The
 * numbers are the spec's (section 9), their meaning the vendor's.
 */
#define P550_CUSTOM_CSRS(X) X(0x7c0) X(0x7c1) X(0x7c2) X(0x7c3) X(0x7c4) X(0x7c8)

static int p550_csr_access(unsigned csr, bool write, uint64_t *val)
{
	switch (csr) {
#define P550_CSR_CASE(num)                                                    \
	case num:                                                             \
		if (write)                                                    \
			csr_write(num, *val);                                 \
		else                                                          \
			*val = csr_read(num);                                 \
		return 0;
		P550_CUSTOM_CSRS(P550_CSR_CASE)
#undef P550_CSR_CASE
	default:
		return -1;
	}
}

const struct plat_board plat_board = {
	.name = "Premier P550 board",
	.irq_order = irq_order,
	.nb_irq_order = sizeof(irq_order),
	.devices = devices,
	.nb_devices = sizeof(devices) / sizeof(devices[0]),
	.csr_access = p550_csr_access,
};
