/*
 * Physical interrupt state of each world (src/virt/irq.c). The monitor
 * never runs with mstatus.MIE set; interrupts only trap while a guest runs.
 */
#ifndef MIRALIS_IRQ_H
#define MIRALIS_IRQ_H

#include <stdint.h>

#include <miralis/riscv/encoding.h>
#include <miralis/virt.h>

/* mip/mie for the payload world, from the virtual ones */
void irq_install_payload(struct vctx *c);
/* copy the payload's S-level mip/mie bits back, then firmware-world mie */
void irq_save_payload(struct vctx *c);
/* physical mie for the current world and virtual state */
uint64_t irq_physical_mie(const struct vctx *c);
/* the same in the firmware's world: vM-mode takes nothing while vmstatus.MIE is clear */
static inline uint64_t irq_firmware_mie(const struct vctx *c)
{
	return ((c->csr.mstatus & MSTATUS_MIE) ? c->csr.mie & ~c->csr.mideleg : 0) | MIP_MSIP;
}
/* mip as vM-mode sees it: physical, with the firmware's own MSIP */
uint64_t irq_virtual_mip(const struct vctx *c);
/* the same for the bits in `want` (the others may read 0): MTIP only if wanted */
uint64_t irq_virtual_mip_of(const struct vctx *c, uint64_t want);

#endif /* MIRALIS_IRQ_H */
