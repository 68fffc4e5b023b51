/* The QEMU virt CLINT (SiFive layout, toolchain-notes section 2): msip[h]
 * at +4h (32-bit), mtimecmp[h] at +0x4000 + 8h and mtime at +0xbff8
 * (64-bit), mtime counting at 10 MHz. Under the monitor the device is
 * PMP-protected, so every access below traps and is emulated on the real
 * CLINT with the same width. */
#ifndef FW_CLINT_H
#define FW_CLINT_H

#include <stdint.h>

#define CLINT_BASE		0x2000000UL
#define CLINT_MSIP_OFF		0x0UL
#define CLINT_MTIMECMP_OFF	0x4000UL
#define CLINT_MTIME_OFF		0xbff8UL
#define CLINT_MSIP_ADDR(h)	(CLINT_BASE + CLINT_MSIP_OFF + 4UL * (h))
#define CLINT_MTIMECMP_ADDR(h)	(CLINT_BASE + CLINT_MTIMECMP_OFF + 8UL * (h))
#define CLINT_MTIME_ADDR	(CLINT_BASE + CLINT_MTIME_OFF)
#define CLINT_TIMEBASE_HZ	10000000UL

/* mtimecmp value that never fires: the comparison is unsigned (priv spec
 * 3.2.1), so mtime >= UINT64_MAX does not happen in practice. */
#define MTIMECMP_NEVER		UINT64_MAX

#define MIP_MSIP	(1UL << 3)	/* IRQ_MSI */
#define MIP_MTIP	(1UL << 7)	/* IRQ_MTI */
#define MIP_MEIP	(1UL << 11)	/* IRQ_MEI */
#define MCAUSE_INTR	(1UL << 63)	/* priv spec 3.1.15: interrupt bit */

static inline volatile uint32_t *clint_msip(unsigned long hart)
{
	return (volatile uint32_t *)CLINT_MSIP_ADDR(hart);
}

static inline volatile uint64_t *clint_mtimecmp(unsigned long hart)
{
	return (volatile uint64_t *)CLINT_MTIMECMP_ADDR(hart);
}

static inline uint64_t clint_mtime(void)
{
	return *(volatile uint64_t *)CLINT_MTIME_ADDR;
}

#endif /* FW_CLINT_H */
