/*
 * SiFive UART transmit: txdata (offset 0) reads with bit 31 set while the
 * transmit FIFO is full; a write of the byte queues it. The previous stage
 * (QEMU, or the firmware) enabled the transmitter; the monitor only queues.
 */
#include <miralis/arch.h>
#include <miralis/sifive_uart.h>

#define UART_TXDATA 0
#define UART_TXDATA_FULL (1U << 31)

bool sifive_uart_putc(uint64_t base, char c)
{
	/* bounded: the console must never stall the monitor (docs/security.md) */
	for (unsigned polls = 0; polls < SIFIVE_UART_TX_MAX_POLLS; polls++) {
		if (!(arch_mmio_read(base + UART_TXDATA, 4) & UART_TXDATA_FULL)) {
			arch_mmio_write(base + UART_TXDATA, 4, (uint8_t)c);
			return true;
		}
	}
	return false;
}
