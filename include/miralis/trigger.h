/*
 * The firmware's debug triggers (Sdtrig, RISC-V debug spec 1.0 ch. 5),
 * armed in the physical hart for the world that runs. The firmware runs
 * physically in U-mode, so in its world a trigger's M bit becomes the U
 * bit (and S/U/VS/VU are off: nothing below vM runs there); in the payload
 * world the M bit is off and the S/U/VS/VU bits are the firmware's (newer
 * OpenSBI hands triggers to the OS through the SBI debug-trigger
 * extension). The monitor itself, in M-mode, is never matched.
 */
#ifndef MIRALIS_TRIGGER_H
#define MIRALIS_TRIGGER_H

#include <miralis/virt.h>

/*
 * At a world switch, before entering w: re-arm every trigger the firmware
 * wrote. Most firmwares never touch one: then nothing but one test on the
 * world switch path (issue 9).
 */
void vtrig_install_all(struct vctx *c, enum world w);
static inline void vtrig_install(struct vctx *c, enum world w)
{
	if (c->csr.tdata_valid)
		vtrig_install_all(c, w);
}

/* After the firmware wrote tdata1/tdata2 of trigger t: arm it for its world. */
void vtrig_arm(struct vctx *c, unsigned t);

/* Before the firmware reads tdata1 of trigger t: fold in what the hart changed (hit, count). */
void vtrig_sync(struct vctx *c, unsigned t);

/* tdata1 of a trigger as armed in world w (exposed for unit tests). */
uint64_t vtrig_physical_tdata1(uint64_t tdata1, enum world w);

#endif /* MIRALIS_TRIGGER_H */
