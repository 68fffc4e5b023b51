/* Reset state of the virtual hart (what the firmware finds at its entry). */
#include <miralis/hw.h>
#include <miralis/pmp.h>
#include <miralis/riscv/encoding.h>
#include <miralis/vcsr.h>
#include <miralis/virt.h>

#include <config.h>

void vctx_init(struct vctx *c, unsigned hart_id, const struct hw_caps *hw,
	       struct pmp_state *pmp, uint64_t entry, uint64_t a1)
{
	struct vcsr *v = &c->csr;

	*c = (struct vctx){ 0 };
	c->hw = hw;
	c->pmp = pmp;
	c->hart_id = hart_id;
	c->mode = PRV_M;
	c->pc = entry;
	c->regs[10] = hart_id;
	c->regs[11] = a1;
	c->nb_pmp = pmp->nb_virt;
	c->pmp_dirty = true;
	c->env_dirty = true;

	/*
	 * The hardware's reset values, as probed before the monitor touched
	 * them; the monitor's own boot writes (mtvec, mscratch, mie) are
	 * hidden by using the architectural reset values instead.
	 */
#define RESET(name, num, avoid) v->name = hw->csr[HW_##name].present ? hw->csr[HW_##name].reset : 0;
	v->misa = hw->misa;
	RESET(mstatus, 0, 0)
	RESET(medeleg, 0, 0)
	RESET(mideleg, 0, 0)
	RESET(mcounteren, 0, 0)
	RESET(mseccfg, 0, 0)
	RESET(menvcfg, 0, 0)
	RESET(mepc, 0, 0)
	RESET(mcause, 0, 0)
	RESET(mtval, 0, 0)
	RESET(mtinst, 0, 0)
	RESET(mtval2, 0, 0)
	RESET(stvec, 0, 0)
	RESET(scounteren, 0, 0)
	RESET(senvcfg, 0, 0)
	RESET(sscratch, 0, 0)
	RESET(sepc, 0, 0)
	RESET(scause, 0, 0)
	RESET(stval, 0, 0)
	RESET(tselect, 0, 0)
#undef RESET
	/* tselect indexes the virtual triggers: a reset value beyond them selects trigger 0 */
	if (v->tselect >= hw->nb_triggers || v->tselect >= VTRIG_MAX)
		v->tselect = 0;
	v->mie = 0;
	v->mtvec = 0;
	v->mscratch = 0;
	v->satp = hw->satp.reset;
	/* the plain CSRs' rules, which vcsr_read/vcsr_write use too; the trap entry's use is off */
	vcsr_fast_init(c, false);
}
