/*
 * ns16550 transmit: wait for the transmit holding register to be empty
 * (LSR bit 5, THRE), then write the byte. The register layout is the
 * platform's (stride, access width). The firmware shares the UART and may
 * reprogram it; transmit needs nothing but THRE.
 *
 * The wait is bounded: a guest can leave the UART unable to transmit
 * (loopback, disabled clock, a full FIFO it never drains on some boards),
 * and the console must not stall the monitor, whose callers hold the log
 * lock every hart needs. The bound is far above one byte time at 9600
 * baud (about 1 ms) for MMIO reads of 10 ns to 1 us.
 */
#include <miralis/arch.h>
#include <miralis/ns16550.h>

#define UART_THR 0		/* transmit holding (write), DLL when LCR.DLAB */
#define UART_DLH 1		/* divisor latch high when LCR.DLAB */
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_LSR_THRE 0x20
#define UART_LCR_8N1 0x03
#define UART_LCR_DLAB 0x80
#define UART_FCR_FIFO_RESET 0x07	/* enable, clear RX and TX */
#define UART_MCR_DTR_RTS 0x03
#define UART_OVERSAMPLING 16	/* the 16550 samples each bit 16 times */

static uint64_t reg_read(const struct ns16550 *u, unsigned reg)
{
	return arch_mmio_read(u->base + (uint64_t)reg * u->stride, u->width);
}

static void reg_write(const struct ns16550 *u, unsigned reg, uint64_t val)
{
	arch_mmio_write(u->base + (uint64_t)reg * u->stride, u->width, val);
}

void ns16550_init(const struct ns16550 *u, uint32_t clk_hz, uint32_t baud)
{
	/* divisor = clk / (16 * baud), the fraction in 1/2^dlf_bits, rounded */
	uint64_t scale = u->dlf_reg ? 1UL << u->dlf_bits : 1;
	uint64_t div = ((uint64_t)clk_hz * scale + (uint64_t)UART_OVERSAMPLING * baud / 2) /
		       ((uint64_t)UART_OVERSAMPLING * baud);

	/* a divisor change in mid-byte garbles it; a stuck line is not waited for */
	for (unsigned polls = 0; polls < NS16550_TX_MAX_POLLS; polls++)
		if (reg_read(u, UART_LSR) & UART_LSR_THRE)
			break;
	reg_write(u, UART_LCR, UART_LCR_DLAB);
	reg_write(u, UART_THR, (div / scale) & 0xff);
	reg_write(u, UART_DLH, ((div / scale) >> 8) & 0xff);
	if (u->dlf_reg)
		reg_write(u, u->dlf_reg, div % scale);
	reg_write(u, UART_LCR, UART_LCR_8N1);
	reg_write(u, UART_FCR, UART_FCR_FIFO_RESET);
	reg_write(u, UART_MCR, UART_MCR_DTR_RTS);
}

bool ns16550_putc(const struct ns16550 *u, char c)
{
	for (unsigned polls = 0; polls < NS16550_TX_MAX_POLLS; polls++) {
		if (reg_read(u, UART_LSR) & UART_LSR_THRE) {
			reg_write(u, UART_THR, (uint8_t)c);
			return true;
		}
	}
	return false;
}
