/* Reset state of the virtual hart (what the firmware finds at its entry). */
#include <stddef.h>

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
	 * hidden by using the architectural reset values instead. A table and
	 * a loop rather than an assignment each (image size, issue 9).
	 */
	static const struct {
		uint16_t field;	/* offset in struct vcsr */
		uint8_t idx;	/* enum hw_csr_index */
	} reset[] = {
#define RESET(name) { (uint16_t)offsetof(struct vcsr, name), HW_##name },
		RESET(mstatus) RESET(medeleg) RESET(mideleg) RESET(mcounteren) RESET(mseccfg)
		RESET(menvcfg) RESET(mepc) RESET(mcause) RESET(mtval) RESET(mtinst) RESET(mtval2)
		RESET(stvec) RESET(scounteren) RESET(senvcfg) RESET(sscratch) RESET(sepc)
		RESET(scause) RESET(stval) RESET(tselect)
#undef RESET
	};

	v->misa = hw->misa;
	for (size_t i = 0; i < sizeof(reset) / sizeof(reset[0]); i++) {
		const struct hw_warl *w = &hw->csr[reset[i].idx];

		*(uint64_t *)((char *)v + reset[i].field) = w->present ? w->reset : 0;
	}
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
