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
 *   H/VS CSRs, mip, menvcfg, stimecmp: physical in both worlds (csr.c)
 *   PMP              see include/miralis/pmp.h
 *   debug triggers   see include/miralis/trigger.h
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
#include <miralis/virt.h>

/* mstatus bits owned by the payload while it runs */
#define MSTATUS_S_FIELDS                                                      \
	(MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_UBE | MSTATUS_SPP | MSTATUS_VS |  \
	 MSTATUS_FS | MSTATUS_XS | MSTATUS_SUM | MSTATUS_MXR)
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

void world_enter_payload(struct vctx *c)
{
	const struct hw_caps *hw = c->hw;

	log_debug("Execution mode: Firmware -> Payload");
	if (hw->csr[HW_senvcfg].present)
		csr_write(CSR_SENVCFG, c->csr.senvcfg);
	csr_write(CSR_MEDELEG, c->csr.medeleg);
	csr_write(CSR_MIDELEG, c->csr.mideleg);
	csr_write(CSR_MCOUNTEREN, c->csr.mcounteren);
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
	 * delivered in this same exit saves the S-level fields back from it.
	 */
	csr_write(CSR_MSTATUS, payload_mstatus(c));
	irq_install_payload(c);
	vtrig_install(c, WORLD_PAYLOAD);
	module_to_payload(c);
	pmp_load_payload_world(c->pmp, c);
	pmp_commit(c->pmp);
	c->pmp_dirty = false;
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
	c->csr.mcounteren = csr_read(CSR_MCOUNTEREN);
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
	if (hw->csr[HW_senvcfg].present)
		c->csr.senvcfg = csr_read(CSR_SENVCFG);
	c->pmp_dirty = true;
}

/*
 * Just before entering the guest: mstatus for the current world, and the
 * PMP if the virtual PMP or vMPRV changed.
 */
void world_prepare_run(struct vctx *c)
{
	if (c->mode == PRV_M) {
		uint64_t ms = csr_read(CSR_MSTATUS);
		uint64_t keep = MSTATUS_S_FIELDS;

		/* S-level fields as the firmware set them; M-level ones are ours */
		ms = (ms & ~keep) | (c->csr.mstatus & keep);
		ms &= ~(MSTATUS_MIE | MSTATUS_MPRV | MSTATUS_MPP | MSTATUS_MPV | MSTATUS_GVA |
			MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR);
		csr_write(CSR_MSTATUS, ms);
		csr_write(CSR_MIE, irq_physical_mie(c));
		if (c->pmp_dirty) {
			pmp_load_firmware_world(c->pmp, c);
			pmp_commit(c->pmp);
			c->pmp_dirty = false;
		}
	} else {
		csr_write(CSR_MSTATUS, payload_mstatus(c));
		if (c->pmp_dirty) {
			pmp_load_payload_world(c->pmp, c);
			pmp_commit(c->pmp);
			c->pmp_dirty = false;
		}
	}
}
