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
#include <miralis/handover.h>
#include <miralis/log.h>
#include <miralis/platform.h>
#include <miralis/pmp.h>
#include <miralis/ptwalk.h>
#include <miralis/riscv/encoding.h>
#include <miralis/virt.h>

/*
 * The instruction at the guest pc, read behind the fault catcher: the word
 * can change under the monitor (another hart writes it), and a 16-bit
 * parcel rewritten into a 32-bit prefix can make the second parcel fall
 * outside memory. Returns false when either parcel cannot be read.
 */
static bool fetch(const struct vctx *c, uint32_t *raw)
{
	uint64_t lo = 0, hi = 0;
	unsigned mode = c->mode;

	/* The firmware runs untranslated: its pc is a physical address */
	if (mode == PRV_M) {
		if (arch_mmio_try_read(c->pc, 2, &lo) != 0)
			return false;
		if (decode_insn_len((uint32_t)lo) == 4 && arch_mmio_try_read(c->pc + 2, 2, &hi) != 0)
			return false;
	} else {
		if (arch_mprv_load(c->pc, 2, mode, &lo) != 0)
			return false;
		if (decode_insn_len((uint32_t)lo) == 4 && arch_mprv_load(c->pc + 2, 2, mode, &hi) != 0)
			return false;
	}
	*raw = (uint32_t)(lo | (hi << 16));
	return true;
}

uint32_t vmem_fetch(struct vctx *c)
{
	uint32_t raw = 0;

	return fetch(c, &raw) ? raw : 0;
}

static bool in_device(const struct vdevice *d, uint64_t addr)
{
	return d && addr >= d->base && addr - d->base < d->size;
}

/* The platform's devices, then the boot hand-over data inside monitor memory */
static const struct vdevice *find_device(uint64_t addr)
{
	size_t n = 0;
	const struct vdevice *const *devs = plat_devices(&n);

	for (size_t i = 0; i < n; i++)
		if (in_device(devs[i], addr))
			return devs[i];
	return in_device(handover_device(), addr) ? handover_device() : NULL;
}

static bool is_fp(const struct insn *in)
{
	return in->kind == INSN_FLOAD || in->kind == INSN_FSTORE;
}

/* A load fault (5) comes from a load or an AMO, a store fault (7) from a store or an AMO */
static bool cause_agrees(const struct insn *in, uint64_t cause)
{
	bool load = in->kind == INSN_LOAD || in->kind == INSN_FLOAD;
	bool store = in->kind == INSN_STORE || in->kind == INSN_FSTORE;

	if (in->kind == INSN_AMO)
		return true;
	return cause == CAUSE_LOAD_ACCESS ? load : store;
}

/*
 * The hart's own record (H spec 8.6.3): a transformed load/store/AMO has
 * bit 0 set, bit 1 clear when the original was compressed, the immediate
 * cleared and, in the rs1 field, the offset of mtval from the access's
 * address (non-zero only for a misaligned access). Pseudo-instructions
 * (bit 0 clear) are for implicit accesses, which the monitor never
 * emulates.
 */
static enum vmem_decode from_mtinst(const struct vctx *c, struct insn *in, uint64_t *addr)
{
	uint32_t t = (uint32_t)c->trap.mtinst;

	if (!(t & 1) || !decode(t | 3u, in))
		return VMEM_OTHER;
	in->len = (t & 2) ? 4 : 2;
	*addr = c->trap.mtval - in->rs1;
	in->rs1 = 0;
	/*
	 * As for a re-read word: an F/D access with FS = Off is not what
	 * faulted (the hart raises illegal instruction for it), and replaying
	 * it would touch the FP registers with FS = Off, a trap inside the
	 * monitor. Found by the mprv_pmp harness (docs/verification.md).
	 */
	if (is_fp(in) && !(c->trap.mstatus & MSTATUS_FS))
		return VMEM_OTHER;
	return cause_agrees(in, c->trap.mcause) ? VMEM_DECODED : VMEM_OTHER;
}

enum vmem_decode vmem_decode_fault(const struct vctx *c, struct insn *in, uint64_t *addr)
{
	uint64_t base, tval = c->trap.mtval;
	uint32_t raw;

	if (c->trap.mtinst != 0)
		return from_mtinst(c, in, addr);
	/*
	 * Re-read: the word may have changed since the hart executed it. Only
	 * an instruction that agrees with the hart's record (kind from the
	 * cause, address from mtval) can be the one that faulted; anything
	 * else is retried, as hardware would fetch and execute afresh.
	 */
	if (!fetch(c, &raw) || !decode_is_mem_access(raw))
		return VMEM_RETRY;
	if (!decode(raw, in) || in->kind == INSN_HLV || in->kind == INSN_HSV)
		return VMEM_OTHER;	/* a memory access the monitor does not emulate */
	base = vctx_get_reg(c, in->rs1);
	*addr = base + (uint64_t)in->imm;
	if (!cause_agrees(in, c->trap.mcause))
		return VMEM_RETRY;
	/* mtval is the faulting byte: the first, or one inside a misaligned access */
	if (tval < *addr || tval - *addr >= in->width)
		return VMEM_RETRY;
	/* With FS = Off the hart raises illegal instruction for an F/D access */
	if (is_fp(in) && !(c->trap.mstatus & MSTATUS_FS))
		return VMEM_RETRY;
	return VMEM_DECODED;
}

/* Device accesses the monitor emulates: integer loads and stores */
static bool is_device_access(const struct insn *in)
{
	return in->kind == INSN_LOAD || in->kind == INSN_STORE;
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
 * The physical address of a payload access at virtual `va`: itself with
 * satp Bare, else through the payload's page tables (physical satp: the
 * payload's while it traps). With paging on, mtval is virtual (4.1.9).
 */
static bool payload_phys(uint64_t va, bool write, uint64_t *pa)
{
	uint64_t satp = csr_read(CSR_SATP);

	if ((satp >> SATP_MODE_SHIFT) == 0) {
		*pa = va;
		return true;
	}
	return ptwalk_translate(satp, va, write, pa);
}

/*
 * A payload load/store hit a monitor-protected page. If it is a virtual
 * device the firmware's PMP lets the payload reach, emulate the access as
 * for the firmware (e.g. Linux's syscon-poweroff writing the finisher
 * through its page tables). Not with V=1 (two-stage translation). Returns
 * false otherwise.
 */
bool vmem_payload_device(struct vctx *c)
{
	bool write = c->trap.mcause == CAUSE_STORE_ACCESS;
	const struct vdevice *d;
	struct insn in;
	uint64_t addr = 0, tval_pa = 0;

	if (c->virt || !payload_phys(c->trap.mtval, write, &tval_pa))
		return false;
	d = find_device(tval_pa);
	if (!d)
		return false;
	switch (vmem_decode_fault(c, &in, &addr)) {
	case VMEM_RETRY:
		return true;
	case VMEM_OTHER:
		return false;
	default:
		break;
	}
	/* mtval lies inside the access (vmem_decode_fault): same page as addr up to a crossing */
	if (!is_device_access(&in) || !payload_phys(addr, write, &addr) || find_device(addr) != d ||
	    !vpmp_allows(c, addr, in.width, in.kind == INSN_LOAD ? PMP_R : PMP_W))
		return false;
	mmio(c, d, &in, addr);
	return true;
}

void vmem_access_fault(struct vctx *c)
{
	uint64_t addr = 0;
	const struct vdevice *d = find_device(c->trap.mtval);
	unsigned mpp = (unsigned)((c->csr.mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
	bool mprv = (c->csr.mstatus & MSTATUS_MPRV) && mpp != PRV_M;
	struct insn in;

	/* Neither a device access nor a vMPRV replay: the firmware's own fault */
	if (!mprv && !d) {
		vtrap_inject(c, c->trap.mcause, c->trap.mtval);
		return;
	}
	switch (vmem_decode_fault(c, &in, &addr)) {
	case VMEM_RETRY:
		log_trace("instruction at 0x%lx changed since it faulted: retried", c->pc);
		return;
	case VMEM_OTHER:
		vtrap_inject(c, c->trap.mcause, c->trap.mtval);
		return;
	default:
		break;
	}
	/*
	 * With vMPRV the address is vMPP's (possibly virtual): replay it,
	 * never match it against device addresses. LR/SC are not replayed
	 * (docs/deviations.md).
	 */
	if (mprv) {
		mprv_access(c, &in, addr);
		return;
	}
	if (!is_device_access(&in) || find_device(addr) != d) {
		log_debug("%s: access at 0x%lx by an instruction the monitor does not emulate",
			  d->name, c->pc);
		vtrap_inject(c, c->trap.mcause, c->trap.mtval);
		return;
	}
	/* The firmware's own locked entries (or vMML/vMMWP) bind it here too */
	if (!vpmp_allows_firmware(c, addr, in.width, in.kind == INSN_LOAD ? PMP_R : PMP_W)) {
		vtrap_inject(c, c->trap.mcause, c->trap.mtval);
		return;
	}
	mmio(c, d, &in, addr);
}
