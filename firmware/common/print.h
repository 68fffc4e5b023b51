/* Console output: printf goes to the board's console (board.h); uart_putc
 * is the ns16550a driver of QEMU virt (uart.c). Privilege independent: also
 * linked into the S-mode payloads. */
#ifndef FW_PRINT_H
#define FW_PRINT_H

#include <stdarg.h>

void uart_putc(char c);
void uart_puts(const char *s);

/* Subset of printf: %c %s %d %i %u %x %X %p %%, flags '-' '0', a width,
 * length modifiers l, ll, z. Returns the number of characters written. */
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);

#endif /* FW_PRINT_H */
