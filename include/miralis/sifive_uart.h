/* SiFive UART (FU540 manual, chapter 13), polled transmit only. */
#ifndef MIRALIS_SIFIVE_UART_H
#define MIRALIS_SIFIVE_UART_H

#include <stdint.h>

void sifive_uart_putc(uint64_t base, char c);

#endif /* MIRALIS_SIFIVE_UART_H */
