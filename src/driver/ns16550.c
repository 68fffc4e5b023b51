/*
 * ns16550a transmit: wait for the transmit holding register to be empty
 * (LSR bit 5, THRE), then write the byte. Registers are byte-wide at
 * stride 1, as on QEMU virt. The firmware shares the UART and may
 * reprogram it; transmit needs nothing but THRE.
 */
#include <miralis/arch.h>
#include <miralis/ns16550.h>

#define UART_THR 0
#define UART_LSR 5
#define UART_LSR_THRE 0x20

void ns16550_putc(uint64_t base, char c)
{
	while (!(arch_mmio_read(base + UART_LSR, 1) & UART_LSR_THRE))
		;
	arch_mmio_write(base + UART_THR, 1, (uint8_t)c);
}
