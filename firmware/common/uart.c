/* Polled ns16550a output at QEMU virt's 0x10000000 (see the virt DT in
 * /work/shared/toolchain-notes.md section 2). QEMU needs no divisor set-up,
 * so we only poll LSR.THRE (bit 5) before each byte; that keeps the driver
 * free of state and safe to call from any hart and any privilege level. */
#include <stdint.h>

#include "print.h"

#define UART_BASE	0x10000000UL
#define UART_THR	0	/* transmit holding register (write) */
#define UART_LSR	5	/* line status register */
#define UART_LSR_THRE	0x20	/* THR empty: may write the next byte */

static volatile uint8_t *const uart = (volatile uint8_t *)UART_BASE;

void uart_putc(char c)
{
	while (!(uart[UART_LSR] & UART_LSR_THRE))
		;
	uart[UART_THR] = (uint8_t)c;
}

void uart_puts(const char *s)
{
	while (*s)
		uart_putc(*s++);
}
