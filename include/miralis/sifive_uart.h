/* SiFive UART (FU540 manual, chapter 13), polled transmit only. */
#ifndef MIRALIS_SIFIVE_UART_H
#define MIRALIS_SIFIVE_UART_H

#include <stdbool.h>
#include <stdint.h>

/* Reads of txdata before a byte is given up (a transmit FIFO that never drains) */
#define SIFIVE_UART_TX_MAX_POLLS 100000u

/* Queue c; false (c dropped) when the FIFO stayed full for SIFIVE_UART_TX_MAX_POLLS reads. */
bool sifive_uart_putc(uint64_t base, char c);

#endif /* MIRALIS_SIFIVE_UART_H */
