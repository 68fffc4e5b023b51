/*
 * What a platform provides (link-time: exactly one platform file,
 * src/platform/<name>.c, is linked): the board's facts as one data record,
 * plat_board, and its console and exit as functions. The accessors below
 * read the record (src/core/plat.c). The memory map lives in the platform
 * file as data.
 */
#ifndef MIRALIS_PLATFORM_H
#define MIRALIS_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vdevice;

/* One board's facts (each platform file defines plat_board). */
struct plat_board {
	const char *name;			/* see plat_name */
	const uint8_t *irq_order;		/* see plat_irq_order */
	size_t nb_irq_order;
	const struct vdevice *const *devices;	/* see plat_devices */
	size_t nb_devices;
	/* implementation-specific CSRs (see plat_csr_access), NULL: none */
	int (*csr_access)(unsigned csr, bool write, uint64_t *val);
};

extern const struct plat_board plat_board;

/* Human-readable name, e.g. "QEMU virt". */
const char *plat_name(void);
/* Console and anything else needed before the first log line (boot hart). */
void plat_init(void);
/* Console output; false when the byte was dropped (device not ready in bounded time). */
bool plat_putc(char c);
/* Real exit: code 0 = success. Does not return. */
void plat_exit(int code) __attribute__((noreturn));
/*
 * The order in which this hart takes simultaneous interrupts, highest
 * priority first (interrupt numbers). The monitor delivers virtual
 * interrupts in the same order, so a firmware observes what it would
 * natively. IRQ_ORDER_SPEC is the privileged spec's (3.1.9, H 8.2.11).
 * IRQ_ORDER_QEMU72 is QEMU 7.2's CPU model without AIA, on every machine it
 * emulates: lowest-numbered pending interrupt first (target/riscv/
 * cpu_helper.c, riscv_cpu_pending_to_irq: ctz64), not the spec's order.
 */
#define IRQ_ORDER_SPEC { 11, 3, 7, 9, 1, 5, 12, 10, 2, 6, 13 }
#define IRQ_ORDER_QEMU72 { 1, 2, 3, 5, 6, 7, 9, 10, 11, 12, 13 }
const uint8_t *plat_irq_order(size_t *count);

/*
 * The platform's implementation-specific CSRs (custom M-mode CSRs such as
 * the P550's), which the firmware reads and writes on the hardware: if
 * `csr` is one, perform the access (a read fills *val, a write takes it)
 * and return 0; else return -1 and the firmware gets the illegal
 * instruction a missing CSR gives.
 */
int plat_csr_access(unsigned csr, bool write, uint64_t *val);

/* Virtual devices the firmware sees instead of real ones (PMP-protected). */
const struct vdevice *const *plat_devices(size_t *count);

#endif /* MIRALIS_PLATFORM_H */
