/*
 * Emulation of the privileged instructions the firmware executes in
 * vM-mode (physically U-mode, where each of them traps as illegal).
 */
#define LOG_MODULE "virt.emul"

#include <miralis/arch.h>
#include <miralis/decode.h>
#include <miralis/emul.h>
#include <miralis/irq.h>
#include <miralis/log.h>
#include <miralis/riscv/encoding.h>
#include <miralis/vclint.h>
#include <miralis/vcsr.h>
#include <miralis/virt.h>

/* CSRs whose writes change only the virtual mstatus, mie or mideleg */
static bool csr_virtual_irq_view(unsigned csr)
{
	return csr == CSR_MSTATUS || csr == CSR_SSTATUS || csr == CSR_MIE || csr == CSR_SIE ||
	       csr == CSR_MIDELEG;
}

/* Zicsr semantics (unpriv. spec 9.1): which accesses happen decides legality */
static bool emul_csr(struct vctx *c, const struct insn *in)
{
	bool is_imm = in->kind >= INSN_CSRRWI;
	uint64_t src = is_imm ? in->uimm : vctx_get_reg(c, in->rs1);
	bool src_zero = is_imm ? in->uimm == 0 : in->rs1 == 0;
	/* csrrs/c with x0 or uimm 0 do not write; csrrw always does */
	bool do_write = in->kind == INSN_CSRRW || in->kind == INSN_CSRRWI || !src_zero;
	uint64_t old = 0, nv;

	c->irq_unchanged = !do_write || vcsr_irq_neutral(in->csr);

	/*
	 * mip.SEIP reads as the OR of the software bit and the external
	 * signal, but csrrs/csrrc modify only the software bit (priv. spec
	 * 3.1.9): a read-then-write would latch the external level into the
	 * software bit. mip is physical, so use the real instruction.
	 */
	if (in->csr == CSR_MIP && do_write && in->kind != INSN_CSRRW && in->kind != INSN_CSRRWI) {
		old = irq_virtual_mip(c);
		if (in->kind == INSN_CSRRS || in->kind == INSN_CSRRSI)
			csr_set(CSR_MIP, src);
		else
			csr_clear(CSR_MIP, src);
		vctx_set_reg(c, in->rd, old);
		return true;
	}
	/* Read-only CSRs trap on any write attempt, before anything else */
	if (do_write && ((in->csr >> 10) & 3) == 3)
		return false;
	/* seed only answers the writing forms (scalar crypto spec 4.1) */
	if (in->csr == CSR_SEED && !do_write)
		return false;
	/*
	 * csrrw with rd = x0 does not read the CSR. For the table CSRs the
	 * write alone tells whether the CSR exists; for the others the
	 * virtual read (no side effect that hardware would skip) does.
	 */
	if (in->rd == 0 && (in->kind == INSN_CSRRW || in->kind == INSN_CSRRWI)) {
		int rc = vcsr_write_unread(c, in->csr, src);

		if (rc <= 0)
			return rc == 0;
	}
	if (vcsr_read(c, in->csr, &old) != 0)
		return false;	/* no such CSR for vM-mode */
	if (do_write) {
		uint64_t ms = c->csr.mstatus, mie = c->csr.mie, mideleg = c->csr.mideleg;

		switch (in->kind) {
		case INSN_CSRRS:
		case INSN_CSRRSI:
			nv = old | src;
			break;
		case INSN_CSRRC:
		case INSN_CSRRCI:
			nv = old & ~src;
			break;
		default:
			nv = src;
			break;
		}
		if (vcsr_write(c, in->csr, nv) != 0)
			return false;
		/*
		 * A write of a view of the virtual mstatus, mie or mideleg that
		 * left all three as they were (OpenSBI's trap exit writes back
		 * the mstatus it read) changed no input of the interrupt check
		 * and nothing world_prepare_run installs (issue 9).
		 */
		if (csr_virtual_irq_view(in->csr) && ms == c->csr.mstatus && mie == c->csr.mie &&
		    mideleg == c->csr.mideleg)
			c->irq_unchanged = true;
	}
	vctx_set_reg(c, in->rd, old);
	return true;
}

static unsigned mpp_of(uint64_t ms)
{
	return (unsigned)((ms & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
}

/* Least-privileged supported mode, the value xPP takes after xRET (3.1.6.1) */
static unsigned lowest_mode(const struct vctx *c)
{
	return (c->hw->misa & MISA_EXT('U')) ? PRV_U : PRV_M;
}

/* priv. spec 3.3.2 (MRET), H spec 8.6.4 (MPV) */
static void emul_mret(struct vctx *c)
{
	uint64_t ms = c->csr.mstatus;
	unsigned y = mpp_of(ms);
	bool to_virt = c->hw->has_h && (ms & MSTATUS_MPV) && y != PRV_M;

	ms = (ms & ~MSTATUS_MIE) | ((ms & MSTATUS_MPIE) ? MSTATUS_MIE : 0);
	ms |= MSTATUS_MPIE;
	ms = (ms & ~MSTATUS_MPP) | ((uint64_t)lowest_mode(c) << MSTATUS_MPP_SHIFT);
	if (y != PRV_M)
		ms &= ~MSTATUS_MPRV;
	ms &= ~MSTATUS_MPV;
	c->csr.mstatus = ms;
	c->pmp_dirty = true;
	c->pc = c->csr.mepc;
	c->mode = y;
	c->virt = to_virt;
	if (y != PRV_M)
		world_enter_payload(c);
}

/* priv. spec 3.3.2 (SRET executed in M-mode), H spec 8.6.4 (SPV) */
static void emul_sret(struct vctx *c)
{
	uint64_t ms = c->csr.mstatus;
	unsigned y = (ms & MSTATUS_SPP) ? PRV_S : PRV_U;
	bool to_virt = false;

	if (c->hw->has_h) {
		to_virt = csr_read(CSR_HSTATUS) & HSTATUS_SPV;
		csr_clear(CSR_HSTATUS, HSTATUS_SPV);
	}
	ms = (ms & ~MSTATUS_SIE) | ((ms & MSTATUS_SPIE) ? MSTATUS_SIE : 0);
	ms |= MSTATUS_SPIE;
	ms &= ~MSTATUS_SPP;
	ms &= ~MSTATUS_MPRV;
	c->csr.mstatus = ms;
	c->pmp_dirty = true;
	c->pc = c->csr.sepc;
	c->mode = y;
	c->virt = to_virt;
	world_enter_payload(c);
}

/*
 * WFI in M-mode waits until an interrupt is pending and enabled in mie,
 * whatever mstatus.MIE or mideleg say (3.3.3). The monitor waits
 * physically with the firmware's mie, so the same events wake it; the
 * interrupt itself is then delivered by vtrap_check_interrupts.
 */
static void emul_wfi(struct vctx *c)
{
	/*
	 * Monitor IPIs wake it too (a spurious wake-up is allowed, 3.3.3).
	 * A payload deadline due now is delivered first, so the physical
	 * timer it leaves pending cannot end the wait at once.
	 */
	vclint_timer_service(c);
	if (!(c->csr.mie & irq_virtual_mip(c)))
		arch_wfi(c->csr.mie | MIP_MSIP);
	c->pc += 4;
}

/*
 * hlv/hlvx/hsv in vM-mode (H spec 8.3.5): M-mode runs them as VS/VU with
 * the guest translation, which is physical in both worlds, so the monitor
 * executes the same form itself. A fault goes to the firmware with what
 * the hart recorded (tval, mtval2, mtinst, GVA; the monitor runs with
 * GVA = 0, so the hart's GVA is its answer for this trap alone).
 */
static bool emul_hyp_access(struct vctx *c, const struct insn *in)
{
	uint64_t addr = vctx_get_reg(c, in->rs1);
	uint64_t val = in->kind == INSN_HSV ? vctx_get_reg(c, in->rs2) : 0;
	int cause = arch_hyp_access(in->hyp, addr, &val);

	if (cause == CAUSE_ILLEGAL_INSTRUCTION)
		return false;
	if (cause != 0) {
		c->trap.mtval2 = csr_read(CSR_MTVAL2);
		c->trap.mtinst = csr_read(CSR_MTINST);
		vtrap_inject_gva(c, (uint64_t)cause, csr_read(CSR_MTVAL),
				 csr_read(CSR_MSTATUS) & MSTATUS_GVA);
		return true;
	}
	if (in->kind == INSN_HLV)
		vctx_set_reg(c, in->rd, val);
	c->pc += 4;
	return true;
}

bool emul_priv(struct vctx *c, const struct insn *in, uint32_t raw)
{
	(void)raw;
	switch (in->kind) {
	case INSN_CSRRW:
	case INSN_CSRRS:
	case INSN_CSRRC:
	case INSN_CSRRWI:
	case INSN_CSRRSI:
	case INSN_CSRRCI:
		if (!emul_csr(c, in))
			return false;
		c->pc += 4;
		return true;
	case INSN_MRET:
		emul_mret(c);
		return true;
	case INSN_SRET:
		if (!c->hw->has_s)
			return false;
		emul_sret(c);
		return true;
	case INSN_WFI:
		emul_wfi(c);
		return true;
	case INSN_SFENCE_VMA:
		if (!c->hw->has_s)
			return false;
		arch_sfence_vma_args(vctx_get_reg(c, in->rs1), vctx_get_reg(c, in->rs2),
				     in->rs1 != 0, in->rs2 != 0);
		c->pc += 4;
		return true;
	case INSN_HFENCE_VVMA:
	case INSN_HFENCE_GVMA:
		if (!c->hw->has_h)
			return false;
		/* Conservative: flush everything the hypervisor could mean */
		if (in->kind == INSN_HFENCE_VVMA)
			arch_hfence_vvma();
		else
			arch_hfence_gvma();
		c->pc += 4;
		return true;
	case INSN_HLV:
	case INSN_HSV:
		return c->hw->has_h && emul_hyp_access(c, in);
	default:
		return false;
	}
}

/*
 * The fast exit's CSR accesses: none of the special cases of emul_csr
 * (mip set/clear, a write to a read-only CSR) and nothing that changes an
 * input of the interrupt check or of the next entry (csr_irq_neutral; PMP
 * writes mark pmp_dirty, which the caller sees).
 */
bool emul_csr_is_fast(const struct insn *in)
{
	bool rw = in->kind == INSN_CSRRW || in->kind == INSN_CSRRWI;
	bool src_zero = in->kind >= INSN_CSRRWI ? in->uimm == 0 : in->rs1 == 0;

	if (!rw && src_zero)
		return true;	/* a read */
	/* a view of mstatus/mie/mideleg: the caller prepares the world if the write changed one */
	return ((in->csr >> 10) & 3) != 3 &&
	       (vcsr_irq_neutral(in->csr) || csr_virtual_irq_view(in->csr));
}

void emul_csr_exit(struct vctx *c, const struct insn *in)
{
	if (emul_csr(c, in)) {
		c->pc += 4;
		return;
	}
	c->irq_unchanged = false;
	log_debug("illegal instruction 0x%x at 0x%lx: injected", (uint32_t)c->trap.mtval, c->pc);
	vtrap_inject(c, CAUSE_ILLEGAL_INSTRUCTION, c->trap.mtval);
}

void emul_illegal(struct vctx *c)
{
	/*
	 * QEMU and most cores report the instruction bits in mtval (3.1.16):
	 * that is what the hart executed, whatever the word at pc holds now
	 * (another hart may have rewritten it), so it is not re-read. Only a
	 * hart that leaves mtval 0 makes the monitor fetch (behind the fault
	 * catcher: the pc may no longer hold a readable instruction).
	 */
	uint32_t raw = c->trap.mtval ? (uint32_t)c->trap.mtval : vmem_fetch(c);
	struct insn in;

	/* mret, every switch to the payload: its one encoding, without the decoder */
	if (raw == INSN_RAW_MRET) {
		emul_mret(c);
		return;
	}

	if (decode(raw, &in) && in.len == 4 && emul_priv(c, &in, raw))
		return;
	c->irq_unchanged = false;
	log_debug("illegal instruction 0x%x at 0x%lx: injected", raw, c->pc);
	/* mtval as the hart recorded it: the bits, or 0 on harts that do not report them */
	vtrap_inject(c, CAUSE_ILLEGAL_INSTRUCTION, c->trap.mtval);
}
