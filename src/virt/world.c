/*
 * World switches between the firmware (vM-mode, physically U) and the
 * payload (S/U, or VS/VU with the H extension), see docs/trap-contract.md.
 *
 *                    firmware world             payload world
 *   mstatus.MPP      U                          virtual mode (S/U)
 *   mstatus.MPV      0                          virtual V
 *   medeleg/mideleg  0 (every trap comes here)  the firmware's
 *   mie              see src/virt/irq.c
 *   satp             0 (firmware is untranslated) the firmware's
 *   S CSRs           kept in the vCSRs          installed physically
 *   menvcfg/senvcfg  firmware's own env        the firmware's / payload's
 *   mstatus.UBE      vmstatus.MBE               the payload's
 *   H/VS CSRs, mip (but MSIP), stimecmp: physical in both worlds (csr.c)
 *   PMP              see include/miralis/pmp.h
 *   debug triggers   see include/miralis/trigger.h
 *
 * The firmware runs physically in U-mode, so everything that shapes U-mode
 * (endianness, cbo.*, pointer masking, CFI) is set to what M-mode would
 * have, never left as the payload's (docs/architecture.md).
 *
 * The S-level fields of mstatus (SIE, SPIE, SPP, SUM, MXR, FS, VS, ...) and
 * the S bits of mip/mie live physically while the payload runs and are
 * copied back into the vCSRs when it traps to the monitor.
 */
#define LOG_MODULE "virt.world"

#include <miralis/arch.h>
#include <miralis/emul.h>
#include <miralis/irq.h>
#include <miralis/log.h>
#include <miralis/module.h>
#include <miralis/pmp.h>
#include <miralis/riscv/encoding.h>
#include <miralis/trigger.h>
#include <miralis/vclint.h>
#include <miralis/virt.h>

#include <config.h>

/* menvcfg/senvcfg fields that act on U-mode (the firmware's world) */
#define ENVCFG_U_FIELDS                                                       \
	(MENVCFG_FIOM | MENVCFG_LPE | MENVCFG_SSE | MENVCFG_CBIE | MENVCFG_CBCFE | \
	 MENVCFG_CBZE | MENVCFG_PMM)

/*
 * What M-mode has, expressed for U-mode: every cbo.* allowed and
 * performed as written (CBIE = 11, Zicbom 2.5.1), pointer masking and
 * landing pads as mseccfg sets them for M, no shadow stack (Zicfiss has
 * none in M), FIOM off (M-mode fences are exact).
 */
static uint64_t firmware_env(const struct vctx *c)
{
	uint64_t e = MENVCFG_CBIE | MENVCFG_CBCFE | MENVCFG_CBZE;

	e |= c->csr.mseccfg & MSECCFG_PMM;
	if (c->csr.mseccfg & MSECCFG_MLPE)
		e |= MENVCFG_LPE;
	return e;
}

/*
 * menvcfg/senvcfg of the firmware's world: a function of the virtual
 * menvcfg and mseccfg only, computed again when one of them changed (not
 * at every world switch: issue 9).
 */
static __attribute__((noinline)) void firmware_env_compute(struct vctx *c)
{
	const struct hw_caps *hw = c->hw;
	struct world_env *e = &c->fw_env;
	uint64_t m = c->csr.menvcfg & ~ENVCFG_U_FIELDS;

	e->menvcfg_in = c->csr.menvcfg;
	e->mseccfg_in = c->csr.mseccfg;
	e->menvcfg = hw->csr[HW_menvcfg].present
			     ? hw_warl(hw, HW_menvcfg, m, m | firmware_env(c))
			     : 0;
	e->senvcfg = hw->csr[HW_senvcfg].present ? hw_warl(hw, HW_senvcfg, 0, firmware_env(c))
						 : 0;
	e->valid = true;
}

static const struct world_env *firmware_env_of(struct vctx *c)
{
	const struct world_env *e = &c->fw_env;

	if (!e->valid || e->menvcfg_in != c->csr.menvcfg || e->mseccfg_in != c->csr.mseccfg)
		firmware_env_compute(c);
	return e;
}

/* menvcfg/senvcfg of the current world, as the hart implements them */
static inline __attribute__((always_inline)) void install_env(struct vctx *c)
{
	const struct hw_caps *hw = c->hw;
	uint64_t m = c->csr.menvcfg, s = c->csr.senvcfg;

	if (c->mode == PRV_M) {
		const struct world_env *e = firmware_env_of(c);

		m = e->menvcfg;
		s = e->senvcfg;
	}
	if (hw->csr[HW_menvcfg].present)
		csr_write(CSR_MENVCFG, m);
	if (hw->csr[HW_senvcfg].present)
		csr_write(CSR_SENVCFG, s);
	c->env_dirty = false;
}

/* mstatus bits owned by the payload while it runs */
#define MSTATUS_S_FIELDS MSTATUS_PAYLOAD_FIELDS
static uint64_t payload_mstatus(const struct vctx *c)
{
	uint64_t ms = csr_read(CSR_MSTATUS);
	uint64_t keep = MSTATUS_S_FIELDS | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR;

	ms = (ms & ~keep) | (c->csr.mstatus & keep);
	ms &= ~(MSTATUS_MIE | MSTATUS_MPRV | MSTATUS_MPP | MSTATUS_MPV | MSTATUS_GVA);
	ms |= (uint64_t)c->mode << MSTATUS_MPP_SHIFT;
	if (c->virt)
		ms |= MSTATUS_MPV;
	return ms;
}

/*
 * [vcpu] trap_payload_time: the payload's time reads trap whatever the
 * firmware allowed, as on a hart without the time CSR (issue 8 §1).
 */
#define MCOUNTEREN_TM BIT(1)
static uint64_t payload_mcounteren(const struct vctx *c)
{
	return CONFIG_TRAP_PAYLOAD_TIME ? c->csr.mcounteren & ~MCOUNTEREN_TM : c->csr.mcounteren;
}

/*
 * The PMP of the current world: virtual entries, the modules' own, commit.
 * A world's layout depends only on the virtual PMP and mseccfg (which
 * invalidate the cache when written), pmp_layout_key and the module
 * entries, which the modules set at every switch (module_pmp_prepare) from
 * state of their own: a cached layout is used only if its module entries
 * are those just set, so a world switch installs it writing only the
 * registers that differ between the worlds (issue 9).
 */
static __attribute__((noinline)) void commit_pmp_full(struct vctx *c, unsigned key)
{
	if (pmp_layout_commit(c->pmp, key))
		return;
	if (vctx_world(c) == WORLD_FIRMWARE)
		pmp_load_firmware_world(c->pmp, c);
	else
		pmp_load_payload_world(c->pmp, c);
	pmp_commit(c->pmp);
	pmp_layout_save(c->pmp, key);
}

static void commit_pmp(struct vctx *c)
{
	struct pmp_state *p = c->pmp;
	unsigned key = pmp_layout_key(c);
	bool cached = true;

	if (p->nb_module) {
		module_pmp_prepare(c, vctx_world(c));
		cached = pmp_layout_modules_match(p, key);
	}
	/* after the modules: their entries are in the shadow, committed below */
	c->pmp_dirty = false;
	if (cached && pmp_layout_switch(p, key))
		return;
	commit_pmp_full(c, key);
}

void world_enter_payload(struct vctx *c)
{
	const struct hw_caps *hw = c->hw;

	log_debug("Execution mode: Firmware -> Payload");
	/*
	 * The env and the PMP are installed by world_prepare_run, once for the
	 * world the exit ends in (issue 9: one caller each, and none for a
	 * payload an interrupt leaves at once); the env here only for the
	 * to_payload hooks, which read it (keystone saves the host's senvcfg).
	 */
	c->env_dirty = true;
	if (module_has_to_payload())
		install_env(c);
	csr_write(CSR_MEDELEG, c->csr.medeleg);
	csr_write(CSR_MIDELEG, c->csr.mideleg);
	csr_write(CSR_MCOUNTEREN, payload_mcounteren(c));
	if (hw->has_s) {
		csr_write(CSR_STVEC, c->csr.stvec);
		csr_write(CSR_SSCRATCH, c->csr.sscratch);
		csr_write(CSR_SEPC, c->csr.sepc);
		csr_write(CSR_SCAUSE, c->csr.scause);
		csr_write(CSR_STVAL, c->csr.stval);
		csr_write(CSR_SCOUNTEREN, c->csr.scounteren);
		csr_write(CSR_SATP, c->csr.satp);
	}
	/*
	 * The payload's mstatus now, not at the next entry: an interrupt
	 * delivered in this same exit (the firmware's, pending at its mret)
	 * saves the S-level fields back from it. Installed before the modules
	 * (keystone saves the host's sstatus as the firmware left it) and
	 * again after them, as a module may have replaced the payload's S
	 * fields in the vCSR (the sandbox brings back the hidden ones).
	 */
	csr_write(CSR_MSTATUS, payload_mstatus(c));
	irq_install_payload(c);
	vtrig_install(c, WORLD_PAYLOAD);
	if (module_has_to_payload()) {
		module_to_payload(c);
		csr_write(CSR_MSTATUS, payload_mstatus(c));
	}
	c->pmp_dirty = true;
	c->payload_installed = true;
}

void world_enter_firmware(struct vctx *c)
{
	const struct hw_caps *hw = c->hw;
	uint64_t ms = csr_read(CSR_MSTATUS);

	log_debug("Execution mode: Payload -> Firmware (%lx)", c->trap.mcause);
	module_to_firmware(c);
	c->csr.mstatus = (c->csr.mstatus & ~MSTATUS_S_FIELDS) | (ms & MSTATUS_S_FIELDS);
	irq_save_payload(c);
	vtrig_install(c, WORLD_FIRMWARE);
	csr_write(CSR_MEDELEG, 0);
	csr_write(CSR_MIDELEG, 0);
	/* the payload cannot change mcounteren: the virtual one is still right */
	csr_write(CSR_MCOUNTEREN, 0);
	if (hw->has_s) {
		c->csr.stvec = csr_read(CSR_STVEC);
		c->csr.sscratch = csr_read(CSR_SSCRATCH);
		c->csr.sepc = csr_read(CSR_SEPC);
		c->csr.scause = csr_read(CSR_SCAUSE);
		c->csr.stval = csr_read(CSR_STVAL);
		c->csr.scounteren = csr_read(CSR_SCOUNTEREN);
		c->csr.satp = csr_read(CSR_SATP);
		/* the firmware runs untranslated in U-mode */
		csr_write(CSR_SATP, 0);
	}
	/* env_dirty: the payload's env was never installed (world_enter_payload in this exit) */
	if (hw->csr[HW_senvcfg].present && !c->env_dirty)
		c->csr.senvcfg = csr_read(CSR_SENVCFG);
	c->env_dirty = true;
	c->pmp_dirty = true;
}

/*
 * Just before entering the guest: mstatus for the current world, and the
 * PMP if the virtual PMP or vMPRV changed.
 */
void world_prepare_run(struct vctx *c)
{
	bool installed = c->payload_installed;

	c->payload_installed = false;
	if (c->env_dirty)
		install_env(c);
	if (c->mode == PRV_M) {
		uint64_t ms = csr_read(CSR_MSTATUS);
		uint64_t keep = MSTATUS_S_FIELDS & ~MSTATUS_UBE;

		/* S-level fields as the firmware set them; M-level ones are ours */
		ms = (ms & ~keep) | (c->csr.mstatus & keep);
		ms &= ~(MSTATUS_MIE | MSTATUS_MPRV | MSTATUS_MPP | MSTATUS_MPV | MSTATUS_GVA |
			MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR | MSTATUS_UBE);
		/* the firmware's loads and stores have M-mode's endianness (3.1.6.5) */
		if (c->csr.mstatus & MSTATUS_MBE)
			ms |= MSTATUS_UBE;
		csr_write(CSR_MSTATUS, ms);
		csr_write(CSR_MIE, irq_firmware_mie(c));
	} else if (!installed) {
		/*
		 * An exit that stayed in the payload's world. One that entered
		 * it (world_enter_payload: mret, sret) installed both already,
		 * and nothing since changed its mstatus, mode or mie (an
		 * interrupt delivered since makes the mode M; the after_exit
		 * hooks act on the firmware's world only): issue 9.
		 */
		csr_write(CSR_MSTATUS, payload_mstatus(c));
		/*
		 * MTIE for a payload deadline armed or delivered in this exit
		 * (set_timer handled in the monitor); the rest of mie holds the
		 * payload's live S-level enables and is left alone.
		 */
		if (!(c->csr.mie & MIP_MTIP)) {
			if (vclint_payload_timer_armed(c->hart_id))
				csr_set(CSR_MIE, MIP_MTIP);
			else
				csr_clear(CSR_MIE, MIP_MTIP);
		}
	}
	if (c->pmp_dirty)
		commit_pmp(c);
}

void world_sync_payload_mstatus(struct vctx *c)
{
	c->csr.mstatus = (c->csr.mstatus & ~MSTATUS_S_FIELDS) |
			 (c->trap.mstatus & MSTATUS_S_FIELDS);
}
