/*
 * Load/store access faults taken by the firmware world, and instruction
 * fetch on behalf of the emulator.
 *
 *   fault address in a virtual device  -> emulate the MMIO access
 *   vMPRV set with vMPP below M        -> perform the access as vMPP would
 *                                         (payload-world PMP, virtual satp)
 *   otherwise                          -> the firmware gets the fault
 */
#define LOG_MODULE "virt.memory"

#include <miralis/arch.h>
#include <miralis/decode.h>
#include <miralis/device.h>
#include <miralis/emul.h>
#include <miralis/log.h>
#include <miralis/platform.h>
#include <miralis/pmp.h>
#include <miralis/riscv/encoding.h>
#include <miralis/virt.h>

uint32_t vmem_fetch(struct vctx *c)
{
	uint64_t lo = 0, hi = 0;
	unsigned mode = c->mode;

	/* The firmware runs untranslated: its pc is a physical address */
	if (mode == PRV_M) {
		lo = arch_mmio_read(c->pc, 2);
		if (decode_insn_len((uint32_t)lo) == 4)
			hi = arch_mmio_read(c->pc + 2, 2);
		return (uint32_t)(lo | (hi << 16));
	}
	if (arch_mprv_load(c->pc, 2, mode, &lo) != 0)
		return 0;
	if (decode_insn_len((uint32_t)lo) == 4 && arch_mprv_load(c->pc + 2, 2, mode, &hi) != 0)
		return 0;
	return (uint32_t)(lo | (hi << 16));
}

static const struct vdevice *find_device(uint64_t addr)
{
	size_t n = 0;
	const struct vdevice *const *devs = plat_devices(&n);

	for (size_t i = 0; i < n; i++)
		if (addr >= devs[i]->base && addr - devs[i]->base < devs[i]->size)
			return devs[i];
	return NULL;
}

static bool decode_access(struct vctx *c, struct insn *in)
{
	uint32_t raw = vmem_fetch(c);

	if (!decode(raw, in))
		return false;
	return in->kind == INSN_LOAD || in->kind == INSN_STORE;
}

/* What vMPRV replays: loads, stores (integer and F/D) and AMOs (LR/SC: docs/deviations.md) */
static bool decode_mprv(struct vctx *c, struct insn *in)
{
	uint32_t raw = vmem_fetch(c);

	return decode(raw, in) &&
	       (in->kind == INSN_LOAD || in->kind == INSN_STORE || in->kind == INSN_AMO ||
		in->kind == INSN_FLOAD || in->kind == INSN_FSTORE);
}

static void mmio(struct vctx *c, const struct vdevice *d, const struct insn *in, uint64_t addr)
{
	uint64_t off = addr - d->base, val = 0;
	int rc;

	if (in->kind == INSN_LOAD) {
		rc = d->read ? d->read(c, off, in->width, &val) : -1;
		if (rc == 0)
			vctx_set_reg(c, in->rd, decode_load_value(in, val));
	} else {
		val = vctx_get_reg(c, in->rs2);
		if (in->width < 8)
			val &= (1UL << (8 * in->width)) - 1;
		rc = d->write ? d->write(c, off, in->width, val) : -1;
	}
	if (rc != 0) {
		log_debug("%s: bad %s at offset 0x%lx width %u", d->name,
			  in->kind == INSN_LOAD ? "read" : "write", off, in->width);
		vtrap_inject(c, c->trap.mcause, c->trap.mtval);
		return;
	}
	c->pc += in->len;
}

/*
 * Run one access as vMPP with the firmware's PMP and satp (priv. spec
 * 3.1.6.3); with vMPV = 1 physically with MPV = 1 too, so the hart itself
 * walks the guest's two stages (vsatp, hgatp and vsstatus are physical in
 * both worlds) and records a fault as it would for the firmware (H 8.4.1).
 */
static void mprv_access(struct vctx *c, const struct insn *in, uint64_t addr)
{
	unsigned mode = (unsigned)((c->csr.mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
	uint64_t sum_mxr = c->csr.mstatus & (MSTATUS_SUM | MSTATUS_MXR), val = 0;
	bool virt = c->hw->has_h && (c->csr.mstatus & MSTATUS_MPV);
	int cause;

	if (virt) {
		mode |= ARCH_MPRV_VIRT;
		csr_clear(CSR_MSTATUS, MSTATUS_GVA);	/* then GVA is the hart's record */
	}

	pmp_load_payload_world(c->pmp, c);
	pmp_commit(c->pmp);
	if (c->hw->has_s)
		csr_write(CSR_SATP, c->csr.satp);
	csr_clear(CSR_MSTATUS, MSTATUS_SUM | MSTATUS_MXR);
	csr_set(CSR_MSTATUS, sum_mxr);
	arch_sfence_vma();
	if (in->kind == INSN_FLOAD) {
		cause = arch_mprv_load(addr, in->width, mode, &val);
		if (cause == 0) {
			/* flw NaN-boxes the single in the 64-bit register (D 12.2) */
			arch_fpr_write(in->rd, in->width == 4 ? val | 0xffffffff00000000UL : val);
			c->csr.mstatus |= MSTATUS_FS;	/* the FP state is now Dirty */
		}
	} else if (in->kind == INSN_FSTORE) {
		val = arch_fpr_read(in->rs2);
		cause = arch_mprv_store(addr, in->width, mode, val);
	} else if (in->kind == INSN_AMO) {
		cause = arch_mprv_amo(in->amo, addr, in->width, mode, vctx_get_reg(c, in->rs2), &val);
		if (cause == 0)
			vctx_set_reg(c, in->rd, val);
	} else if (in->kind == INSN_LOAD) {
		cause = arch_mprv_load(addr, in->width, mode, &val);
		if (cause == 0)
			vctx_set_reg(c, in->rd, decode_load_value(in, val));
	} else {
		cause = arch_mprv_store(addr, in->width, mode, vctx_get_reg(c, in->rs2));
	}
	if (c->hw->has_s)
		csr_write(CSR_SATP, 0);
	arch_sfence_vma();
	c->pmp_dirty = true;	/* back to the firmware-world layout before running */
	if (cause != 0 && virt) {
		c->trap.mtval2 = csr_read(CSR_MTVAL2);
		c->trap.mtinst = csr_read(CSR_MTINST);
		vtrap_inject_gva(c, (uint64_t)cause, csr_read(CSR_MTVAL),
				 csr_read(CSR_MSTATUS) & MSTATUS_GVA);
		return;
	}
	if (cause != 0) {
		vtrap_inject(c, (uint64_t)cause, addr);
		return;
	}
	c->pc += in->len;
}

/*
 * A payload load/store hit a monitor-protected page. If it is a virtual
 * device the firmware's PMP lets the payload reach, emulate the access as
 * for the firmware. Only untranslated accesses are recognised (satp Bare,
 * V=0): the fault address is then physical. Returns false otherwise.
 */
bool vmem_payload_device(struct vctx *c)
{
	uint64_t addr = c->trap.mtval;
	const struct vdevice *d = find_device(addr);
	struct insn in;

	if (!d || c->virt || (csr_read(CSR_SATP) >> SATP_MODE_SHIFT) != 0 || !decode_access(c, &in))
		return false;
	if (!vpmp_allows(c, addr, in.width, in.kind == INSN_LOAD ? PMP_R : PMP_W))
		return false;
	mmio(c, d, &in, addr);
	return true;
}

void vmem_access_fault(struct vctx *c)
{
	uint64_t addr = c->trap.mtval;
	const struct vdevice *d = find_device(addr);
	unsigned mpp = (unsigned)((c->csr.mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
	struct insn in;

	/*
	 * With vMPRV the address is vMPP's (possibly virtual): replay it, never
	 * match it against device addresses.
	 */
	if ((c->csr.mstatus & MSTATUS_MPRV) && mpp != PRV_M) {
		if (decode_mprv(c, &in))
			mprv_access(c, &in, vctx_get_reg(c, in.rs1) + (uint64_t)in.imm);
		else
			vtrap_inject(c, c->trap.mcause, addr);
		return;
	}
	if (d) {
		if (!decode_access(c, &in)) {
			log_warn("%s: access at 0x%lx by an instruction the monitor does not emulate",
				 d->name, c->pc);
			vtrap_inject(c, c->trap.mcause, addr);
			return;
		}
		/* The firmware's own locked entries (or vMML/vMMWP) bind it here too */
		if (!vpmp_allows_firmware(c, addr, in.width, in.kind == INSN_LOAD ? PMP_R : PMP_W)) {
			vtrap_inject(c, c->trap.mcause, addr);
			return;
		}
		mmio(c, d, &in, addr);
		return;
	}
	vtrap_inject(c, c->trap.mcause, addr);
}
