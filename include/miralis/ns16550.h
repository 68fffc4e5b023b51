/*
 * ns16550-compatible UART (QEMU's ns16550a, the DesignWare 8250 of the
 * boards), polled transmit only: the monitor never reads the console.
 */
#ifndef MIRALIS_NS16550_H
#define MIRALIS_NS16550_H

#include <stdbool.h>
#include <stdint.h>

struct ns16550 {
	uint64_t base;
	uint8_t stride;		/* bytes between registers: 1 (QEMU), 4 (boards) */
	uint8_t width;		/* access width in bytes: 1, or 4 on 32-bit buses */
	uint8_t dlf_reg;	/* DesignWare fractional divisor register; 0: none */
	uint8_t dlf_bits;	/* its width (fraction of the divisor in 1/2^bits) */
};

/* 8N1 at `baud` from the UART's input clock, FIFOs on. For UARTs the
 * previous boot stage does not leave usable (spec 9: the P550). */
void ns16550_init(const struct ns16550 *u, uint32_t clk_hz, uint32_t baud);
/* Reads of LSR before a byte is given up (src/driver/ns16550.c) */
#define NS16550_TX_MAX_POLLS 100000u

/* Send c; false (c dropped) when THRE stayed clear for NS16550_TX_MAX_POLLS reads. */
bool ns16550_putc(const struct ns16550 *u, char c);

#endif /* MIRALIS_NS16550_H */
