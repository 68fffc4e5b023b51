/*
 * HTIF console and exit (include/miralis/htif.h). Harts share the two
 * registers; a command is a single 64-bit store and QEMU completes it
 * before the store retires, so no lock is needed between harts.
 */
#include <miralis/arch.h>
#include <miralis/htif.h>

#define HTIF_PAYLOAD_MASK ((1UL << HTIF_CMD_SHIFT) - 1)

static uint64_t htif_cmd(uint64_t dev, uint64_t cmd, uint64_t payload)
{
	return dev << HTIF_DEV_SHIFT | cmd << HTIF_CMD_SHIFT | payload;
}

bool htif_is_exit(uint64_t cmd)
{
	return cmd >> HTIF_CMD_SHIFT == 0 && (cmd & 1);
}

bool htif_putc(uint64_t base, char c)
{
	arch_mmio_write(base + HTIF_TOHOST_OFF, 8, htif_cmd(HTIF_DEV_CONSOLE, HTIF_CONSOLE_PUTC, (uint8_t)c));
	/* bounded: the console must never stall the monitor (docs/security.md) */
	for (unsigned polls = 0; polls < HTIF_TX_MAX_POLLS; polls++) {
		if (!arch_mmio_read(base + HTIF_TOHOST_OFF, 8)) {
			arch_mmio_write(base + HTIF_FROMHOST_OFF, 8, 0);	/* acknowledge the answer */
			return true;
		}
	}
	return false;
}

void htif_exit(uint64_t base, unsigned code)
{
	uint64_t payload = ((uint64_t)code << 1 | 1) & HTIF_PAYLOAD_MASK;

	arch_mmio_write(base + HTIF_TOHOST_OFF, 8, htif_cmd(HTIF_DEV_SYSCALL, 0, payload));
}
