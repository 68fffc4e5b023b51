/*
 * HTIF, the host-target interface of the Spike simulator as QEMU's spike
 * machine implements it (QEMU 7.2 hw/char/riscv_htif.c): two 64-bit
 * registers, fromhost then tohost. A command is one store to tohost,
 *     device << 56 | command << 48 | payload,
 * handled at once: QEMU clears tohost and answers in fromhost.
 */
#ifndef MIRALIS_HTIF_H
#define MIRALIS_HTIF_H

#include <stdbool.h>
#include <stdint.h>

#define HTIF_FROMHOST_OFF 0
#define HTIF_TOHOST_OFF 8
#define HTIF_DEV_SHIFT 56
#define HTIF_CMD_SHIFT 48
#define HTIF_DEV_SYSCALL 0	/* command 0, payload bit 0 set: exit(payload >> 1) */
#define HTIF_DEV_CONSOLE 1	/* command 1: write the payload's low byte */
#define HTIF_CONSOLE_PUTC 1

/* True if `cmd`, written to tohost, ends the machine. */
bool htif_is_exit(uint64_t cmd);
/* Polls of tohost before a console byte is given up (a stuck host) */
#define HTIF_TX_MAX_POLLS 100000u

/* Send c; false (c dropped) when the host did not take it within HTIF_TX_MAX_POLLS reads. */
bool htif_putc(uint64_t base, char c);
/* Exit status `code` (0 = success). Returns only if the host does not stop. */
void htif_exit(uint64_t base, unsigned code);

#endif /* MIRALIS_HTIF_H */
