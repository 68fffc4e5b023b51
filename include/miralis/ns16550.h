/* ns16550a UART, polled transmit only (the monitor never reads the console). */
#ifndef MIRALIS_NS16550_H
#define MIRALIS_NS16550_H

#include <stdbool.h>
#include <stdint.h>

/* Reads of LSR before a byte is given up (src/driver/ns16550.c) */
#define NS16550_TX_MAX_POLLS 100000u

/* Send c; false (c dropped) when THRE stayed clear for NS16550_TX_MAX_POLLS reads. */
bool ns16550_putc(uint64_t base, char c);

#endif /* MIRALIS_NS16550_H */
