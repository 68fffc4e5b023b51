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
#define CLINT_MTIMECMP_OFF 0x4000UL	/* mtimecmp[h] at 0x4000 + 8 h, 64-bit */
#define CLINT_MTIME_OFF 0xbff8UL

/* Work bits of the core in the monitor-IPI bitmap (modules use 0 .. MODULE_MAX-1) */
#define VCLINT_WORK_TIMER (1u << 31)	/* reprogram this hart's physical mtimecmp */

struct vctx;

/*
 * Reset state of hart's virtual CLINT: no msip, no work, no deadline. The
 * monitor starts with it zeroed (BSS) and never resets it at a hart's boot,
 * where another hart may already have sent an IPI; the host tests reset it
 * between tests (tests/unit/vhart.h).
 */
void vclint_reset(unsigned hart);
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

/*
 * The timer (docs/architecture.md, "Who owns mtimecmp"): the firmware's
 * mtimecmp[h] is a deadline in the monitor, a policy may arm a payload
 * deadline, and the physical mtimecmp holds the earlier of those not yet
 * delivered. Before the firmware first writes its mtimecmp, the physical
 * one is the firmware's and untouched.
 */
uint64_t vclint_mtime(void);
/* where the platform's mtime is (8 bytes, MMIO): for the trap entry's rdtime */
uint64_t vclint_mtime_addr(void);
/* The firmware's MTIP on the running hart, given the physical mip.MTIP. */
bool vclint_mtip(unsigned hart, bool physical_mtip);
/*
 * The payload's deadline on the running hart (UINT64_MAX: none, as a
 * comparison with the 64-bit mtime never reaches it); clears
 * STIP, and sets it at once if the deadline has passed (SBI v2.0 §6.1).
 */
void vclint_set_payload_deadline(struct vctx *c, uint64_t deadline);
/* Whether the running hart has a payload deadline armed (needs MTIE). */
bool vclint_payload_timer_armed(unsigned hart);
/* Deliver what is due on the running hart (STIP for the payload), reprogram. */
void vclint_timer_service(struct vctx *c);

#endif /* MIRALIS_VCLINT_H */
