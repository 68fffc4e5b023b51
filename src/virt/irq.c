/*
 * Interrupt plumbing between the physical hart and the virtual one.
 *
 * mip is the physical one except MSIP and MTIP: the firmware's msip[h]
 * and mtimecmp[h] are virtual (include/miralis/vclint.h), because the
 * physical MSIP also carries the monitor's own IPIs and the physical timer
 * also the payload's deadline. The other bits come from the real devices. What the monitor
 * controls is physical mie, so that an interrupt traps exactly when the
 * virtual hart would take it (priv. spec 3.1.9):
 *
 *   firmware world   vmstatus.MIE ? vmie & ~vmideleg : 0
 *                    (an M-mode hart takes nothing while MIE is clear)
 *   payload world    vmie  (M-level ones always trap below M; delegated
 *                    S-level ones go to the payload via physical mideleg)
 *   both             | MSIE: monitor IPIs are taken whatever the guest
 *                    enabled; a physical MSI is consumed at once, so the
 *                    firmware's own MSIP never causes a storm
 *   payload world    | MTIE while a payload deadline is armed
 *
 * A physical interrupt that reaches the monitor is then delivered to
 * vM-mode by vtrap_check_interrupts, with the same priority order.
 */
#define LOG_MODULE "virt.irq"

#include <miralis/arch.h>
#include <miralis/emul.h>
#include <miralis/irq.h>
#include <miralis/log.h>
#include <miralis/module.h>
#include <miralis/riscv/encoding.h>
#include <miralis/vclint.h>
#include <miralis/virt.h>

uint64_t irq_physical_mie(const struct vctx *c)
{
	if (c->mode != PRV_M)
		return c->csr.mie | MIP_MSIP |
		       (vclint_payload_timer_armed(c->hart_id) ? MIP_MTIP : 0);
	return irq_firmware_mie(c);
}

uint64_t irq_virtual_mip_of(const struct vctx *c, uint64_t want)
{
	uint64_t mip = csr_read(CSR_MIP);
	/* the firmware's MTIP compares mtime (an MMIO read): only when asked for */
	bool mtip = (want & MIP_MTIP) && vclint_mtip(c->hart_id, mip & MIP_MTIP);

	mip &= ~(MIP_MSIP | MIP_MTIP);
	return mip | (vclint_msip(c->hart_id) ? MIP_MSIP : 0) | (mtip ? MIP_MTIP : 0);
}

uint64_t irq_virtual_mip(const struct vctx *c)
{
	return irq_virtual_mip_of(c, ~0UL);
}

void irq_install_payload(struct vctx *c)
{
	csr_write(CSR_MIE, irq_physical_mie(c));
}

void irq_save_payload(struct vctx *c)
{
	/* the payload may have changed its S-level enables through sie */
	uint64_t s_bits = c->csr.mideleg;

	c->csr.mie = (c->csr.mie & ~s_bits) | (csr_read(CSR_MIE) & s_bits);
}

void vtrap_physical_interrupt(struct vctx *c)
{
	uint64_t irq = c->trap.mcause & ~MCAUSE_INTERRUPT;

	log_trace("interrupt %lu in mode %u", irq, c->mode);
	/*
	 * A software interrupt is the monitor's: its work for this hart, then
	 * the firmware's MSIP, which is the virtual bit. A timer interrupt:
	 * deliver the deadlines that are due (the firmware's MTIP is computed).
	 * Other pending bits are in physical mip, which is the virtual one; a
	 * spurious wake-up (the source went away) is harmless.
	 */
	if (irq == IRQ_M_SOFT) {
		uint32_t work = vclint_take_work(c->hart_id);

		if (work & VCLINT_WORK_TIMER)
			vclint_timer_service(c);
		module_interrupt(c, work & ~VCLINT_WORK_TIMER);
	} else if (irq == IRQ_M_TIMER) {
		vclint_timer_service(c);
	}
}
