/* QEMU's spike machine: console and end of run through HTIF, the
 * host-target interface of the Spike simulator (QEMU 7.2
 * hw/char/riscv_htif.c). A command is one 64-bit store to `tohost`:
 *     device << 56 | command << 48 | payload
 * device 1, command 1 writes the payload's low byte to the console; device
 * 0, command 0 with payload (code << 1) | 1 ends QEMU with status `code`.
 * QEMU handles the command at once, clears tohost and answers in fromhost,
 * which the guest acknowledges by clearing it.
 *
 * QEMU takes the two registers' addresses from the `tohost`/`fromhost`
 * symbols (8 bytes each) of the ELF images it loads, else puts them at
 * 0x1000000 and says so in the device tree. Defining them as absolute
 * symbols at exactly that place makes both agree: HTIF is one fixed MMIO
 * device, natively and under the monitor (which PMP-protects and emulates
 * it, docs/platforms.md), whatever image QEMU read last. */
#include <stdint.h>

#include "board.h"

#define HTIF_FROMHOST	0x1000000	/* QEMU 7.2 spike: memmap[SPIKE_HTIF] */
#define HTIF_TOHOST	0x1000008
#define STR_(x)		#x
#define STR(x)		STR_(x)

/* Only QEMU reads these symbols; the code below uses the addresses (an
 * absolute symbol cannot be the operand of a PC-relative access here).
 * A payload runs behind a firmware and exports none: with symbols in the
 * payload QEMU would drop the device tree's /htif reg, and a raw OpenSBI
 * would then not find HTIF. */
#ifndef GUEST_PAYLOAD
__asm__(".globl fromhost\n.type fromhost, @object\n.size fromhost, 8\n"
	".set fromhost, " STR(HTIF_FROMHOST) "\n"
	".globl tohost\n.type tohost, @object\n.size tohost, 8\n"
	".set tohost, " STR(HTIF_TOHOST) "\n");
#endif

#define tohost		(*(volatile uint64_t *)HTIF_TOHOST)
#define fromhost	(*(volatile uint64_t *)HTIF_FROMHOST)

#define HTIF_DEV_SYSCALL	0UL	/* command 0: exit when payload bit 0 is set */
#define HTIF_DEV_CONSOLE	1UL
#define HTIF_CONSOLE_PUTC	1UL

static void htif_command(uint64_t dev, uint64_t cmd, uint64_t payload)
{
	tohost = dev << 56 | cmd << 48 | payload;
	while (tohost != 0)
		;
	fromhost = 0;
}

void board_putc(char c)
{
	htif_command(HTIF_DEV_CONSOLE, HTIF_CONSOLE_PUTC, (uint8_t)c);
}

void board_exit(unsigned code)
{
	tohost = HTIF_DEV_SYSCALL << 56 | (uint64_t)code << 1 | 1;
	for (;;)
		__asm__ volatile("wfi");
}
