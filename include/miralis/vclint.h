/*
 * What the monitor keeps of the CLINT for itself (docs/architecture.md,
 * "The firmware's own view of payload state"): the firmware's msip[h] bits
 * are virtual, so the physical MSIP can also carry monitor-private IPIs
 * (a per-hart pending-work bitmap) that the firmware never sees.
 */
#ifndef MIRALIS_VCLINT_H
#define MIRALIS_VCLINT_H

#include <stdbool.h>
#include <stdint.h>

#define CLINT_BASE 0x2000000UL
#define CLINT_MSIP_OFF 0x0UL
#define CLINT_MSIP_END 0x4000UL	/* msip[h] at 4 h, 32-bit */

/* The firmware's msip[hart] (its mip.MSIP on that hart). */
bool vclint_msip(unsigned hart);
/* The firmware wrote msip[hart]: record it; wake the hart when set. */
void vclint_set_msip(unsigned self, unsigned hart, bool on);

/* Add monitor work bits for hart, then raise its physical MSIP. */
void vclint_send_work(unsigned hart, uint32_t bits);
/*
 * On a physical MSI of `hart` (the running one): clear its physical MSIP,
 * then take and return its pending work (the firmware's msip stays).
 */
uint32_t vclint_take_work(unsigned hart);
/* Pending work of hart, not taken (0 once on_interrupt ran). */
uint32_t vclint_pending_work(unsigned hart);

#endif /* MIRALIS_VCLINT_H */
