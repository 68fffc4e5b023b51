/* Redirect a payload exception to the payload (include/miralis/redirect.h). */
#define LOG_MODULE "virt.redirect"

#include <miralis/arch.h>
#include <miralis/log.h>
#include <miralis/monitor.h>
#include <miralis/redirect.h>
#include <miralis/riscv/encoding.h>
#include <miralis/virt.h>

/* xstatus on a trap into S (VS) from mode `from`: SPP, SPIE = SIE, SIE = 0 */
static uint64_t s_trap_status(uint64_t st, unsigned from)
{
	st = (st & ~MSTATUS_SPP) | (from == PRV_S ? MSTATUS_SPP : 0);
	st = (st & ~MSTATUS_SPIE) | ((st & MSTATUS_SIE) ? MSTATUS_SPIE : 0);
	return st & ~MSTATUS_SIE;
}

static void to_vs(struct vctx *c, uint64_t cause, uint64_t tval)
{
	csr_write(CSR_VSEPC, c->pc);
	csr_write(CSR_VSCAUSE, cause);
	csr_write(CSR_VSTVAL, tval);
	csr_write(CSR_VSSTATUS, s_trap_status(csr_read(CSR_VSSTATUS), c->mode));
	/* exceptions always use the base, whatever the vector mode (4.1.2) */
	c->pc = csr_read(CSR_VSTVEC) & ~MTVEC_MODE_MASK;
	c->mode = PRV_S;
}

static void to_hs(struct vctx *c, uint64_t cause, uint64_t tval)
{
	bool same = cause == c->trap.mcause;

	if (c->hw->has_h) {
		uint64_t hs = csr_read(CSR_HSTATUS) & ~(HSTATUS_SPV | HSTATUS_GVA);

		if (c->virt) {
			/* SPVP records the nominal mode only for a trap from V = 1 */
			hs |= HSTATUS_SPV;
			hs = (hs & ~HSTATUS_SPVP) | (c->mode == PRV_S ? HSTATUS_SPVP : 0);
		}
		if (same && (c->trap.mstatus & MSTATUS_GVA))
			hs |= HSTATUS_GVA;
		csr_write(CSR_HSTATUS, hs);
		csr_write(CSR_HTVAL, same ? c->trap.mtval2 : 0);
		csr_write(CSR_HTINST, same ? c->trap.mtinst : 0);
	}
	csr_write(CSR_SEPC, c->pc);
	csr_write(CSR_SCAUSE, cause);
	csr_write(CSR_STVAL, tval);
	/* the payload's mstatus is installed from the vCSR at the next entry */
	c->csr.mstatus = s_trap_status(c->csr.mstatus, c->mode);
	c->pc = csr_read(CSR_STVEC) & ~MTVEC_MODE_MASK;
	c->mode = PRV_S;
	c->virt = false;
}

void vtrap_redirect_to_payload(struct vctx *c, uint64_t cause, uint64_t tval)
{
	if (c->mode == PRV_M || (cause & MCAUSE_INTERRUPT) || cause >= 64)
		monitor_panic("redirect of cause 0x%lx from mode %u to the payload", cause, c->mode);
	log_trace("payload trap %lu at 0x%lx redirected to the payload", cause, c->pc);
	if (c->virt && ((csr_read(CSR_HEDELEG) >> cause) & 1))
		to_vs(c, cause, tval);
	else
		to_hs(c, cause, tval);
}
