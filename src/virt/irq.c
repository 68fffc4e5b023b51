/*
 * Interrupt plumbing between the physical hart and the virtual one.
 *
 * mip is never virtualized: the firmware reads and writes the physical
 * one (src/virt/csr.c), whose M-level bits come from the real CLINT and
 * PLIC that the firmware programs through the monitor. What the monitor
 * controls is physical mie, so that an interrupt traps exactly when the
 * virtual hart would take it (priv. spec 3.1.9):
 *
 *   firmware world   vmstatus.MIE ? vmie & ~vmideleg : 0
 *                    (an M-mode hart takes nothing while MIE is clear)
 *   payload world    vmie  (M-level ones always trap below M; delegated
 *                    S-level ones go to the payload via physical mideleg)
 *
 * A physical interrupt that reaches the monitor is then delivered to
 * vM-mode by vtrap_check_interrupts, with the same priority order.
 */
#define LOG_MODULE "virt.irq"

#include <miralis/arch.h>
#include <miralis/emul.h>
#include <miralis/irq.h>
#include <miralis/log.h>
#include <miralis/riscv/encoding.h>
#include <miralis/virt.h>

uint64_t irq_physical_mie(const struct vctx *c)
{
	if (c->mode != PRV_M)
		return c->csr.mie;
	return (c->csr.mstatus & MSTATUS_MIE) ? c->csr.mie & ~c->csr.mideleg : 0;
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
	/*
	 * Nothing to record: the pending bit is in physical mip, which is the
	 * virtual one. A spurious wake-up (the source went away) is harmless.
	 */
	log_trace("interrupt %lu in mode %u", c->trap.mcause & ~MCAUSE_INTERRUPT, c->mode);
}
