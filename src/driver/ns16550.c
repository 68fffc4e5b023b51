/*
 * ns16550a transmit: wait for the transmit holding register to be empty
 * (LSR bit 5, THRE), then write the byte. Registers are byte-wide at
 * stride 1, as on QEMU virt. The firmware shares the UART and may
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

#define UART_THR 0
#define UART_LSR 5
#define UART_LSR_THRE 0x20

bool ns16550_putc(uint64_t base, char c)
{
	for (unsigned polls = 0; polls < NS16550_TX_MAX_POLLS; polls++) {
		if (arch_mmio_read(base + UART_LSR, 1) & UART_LSR_THRE) {
			arch_mmio_write(base + UART_THR, 1, (uint8_t)c);
			return true;
		}
	}
	return false;
}
