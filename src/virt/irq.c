/*
 * Interrupt plumbing between the physical hart and the virtual one.
 *
 * S- and VS-level interrupts the firmware delegated are taken by the
 * payload directly (physical mideleg = virtual mideleg). Those it did not
 * delegate trap to the monitor, which reflects them in the virtual mip and
 * delivers them to vM-mode (vtrap_check_interrupts).
 */
#define LOG_MODULE "virt.irq"

#include <miralis/arch.h>
#include <miralis/emul.h>
#include <miralis/irq.h>
#include <miralis/log.h>
#include <miralis/riscv/encoding.h>
#include <miralis/virt.h>

#define MIP_S_LEVEL                                                           \
	(MIP_SSIP | MIP_STIP | MIP_SEIP | MIP_VSSIP | MIP_VSTIP | MIP_VSEIP |   \
	 MIP_SGEIP | MIP_LCOFIP)

uint64_t irq_monitor_mie(const struct vctx *c)
{
	(void)c;
	return 0;
}

void irq_install_payload(struct vctx *c)
{
	uint64_t wm = c->hw->csr[HW_mip].wmask & MIP_S_LEVEL;

	if (c->csr.menvcfg & MENVCFG_STCE)
		wm &= ~MIP_STIP;
	csr_clear(CSR_MIP, wm & ~c->csr.mip);
	csr_set(CSR_MIP, wm & c->csr.mip);
	csr_write(CSR_MIE, (c->csr.mie & MIP_S_LEVEL) | irq_monitor_mie(c));
}

void irq_save_payload(struct vctx *c)
{
	uint64_t mip = csr_read(CSR_MIP), mie = csr_read(CSR_MIE);

	c->csr.mip = (c->csr.mip & ~MIP_S_LEVEL) | (mip & MIP_S_LEVEL);
	c->csr.mie = (c->csr.mie & ~MIP_S_LEVEL) | (mie & MIP_S_LEVEL);
	csr_write(CSR_MIE, irq_monitor_mie(c));
}

void vtrap_physical_interrupt(struct vctx *c)
{
	uint64_t irq = c->trap.mcause & ~MCAUSE_INTERRUPT;

	if (c->mode != PRV_M && (MIP_S_LEVEL & (1UL << irq))) {
		/* an S-level interrupt the firmware kept for itself */
		c->csr.mip = (c->csr.mip & ~MIP_S_LEVEL) | (c->trap.mip & MIP_S_LEVEL);
		return;
	}
	log_warn("unexpected physical interrupt %lu in mode %u", irq, c->mode);
}
