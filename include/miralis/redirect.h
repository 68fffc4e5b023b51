/*
 * Delivering a trap of the payload to the payload's own trap handler, as
 * the hardware would have had the cause been delegated: what OpenSBI's
 * sbi_trap_redirect does for traps it does not handle itself. Used by
 * policies that handle payload traps in the monitor (misaligned accesses
 * whose emulation faults, page faults the firmware did not delegate).
 */
#ifndef MIRALIS_REDIRECT_H
#define MIRALIS_REDIRECT_H

#include <stdint.h>

struct vctx;

/*
 * The payload (c->mode S or U, V = c->virt) took exception `cause` with
 * trap value tval at c->pc. Deliver it to VS-mode when it came from V = 1
 * and hedeleg delegates it (H spec 8.6.4), else to HS/S-mode (priv. spec
 * 3.1.6.1, 4.1.1; H spec 8.6.3): xepc, xcause, xtval, xstatus SPP, SPIE,
 * SIE, and with the H extension hstatus SPV, SPVP, GVA, htval, htinst; pc
 * = xtvec base. When cause is the trap being handled (c->trap.mcause), its
 * GVA, mtval2 and mtinst are passed on; otherwise they are 0. The payload
 * keeps running: no world switch.
 */
void vtrap_redirect_to_payload(struct vctx *c, uint64_t cause, uint64_t tval);

#endif /* MIRALIS_REDIRECT_H */
