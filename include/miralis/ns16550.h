/* ns16550a UART, polled transmit only (the monitor never reads the console). */
#ifndef MIRALIS_NS16550_H
#define MIRALIS_NS16550_H

#include <stdint.h>

void ns16550_putc(uint64_t base, char c);

#endif /* MIRALIS_NS16550_H */
