/*
 * protect_payload: the sandbox (issue 8 §2, spec §7.3; design and threat
 * model in docs/sandbox.md). After the first switch to the payload:
 *
 *   memory     two module PMP entries (OFF base + TOR to the top of the
 *              address space, no permission) cover the payload region in
 *              the firmware world, on every hart (protect_payload_seal.c:
 *              all harts locked before the payload is measured and entered)
 *   registers  at each payload -> firmware switch the payload's GPRs, FP
 *              registers, S-level CSRs, sie, its mstatus S fields and
 *              stimecmp are saved; the firmware sees zeros except what
 *              the trap it serves needs (per-call SBI table, CSR operands
 *              of an instruction it emulates)
 *   return     at firmware -> payload the saved state comes back, except
 *              the declared outputs (a0/a1 of an SBI call, rd of an
 *              emulated CSR read); the firmware may only resume the
 *              payload where the trap allows (same pc, past the
 *              instruction, its trap vector through a recognised
 *              redirect, or a restart the payload asked for)
 */
#define LOG_MODULE "protect_payload"

#include <miralis/arch.h>
#include <miralis/decode.h>
#include <miralis/emul.h>
#include <miralis/irq.h>
#include <miralis/log.h>
#include <miralis/misaligned.h>
#include <miralis/module.h>
#include <miralis/monitor.h>
#include <miralis/protect_payload.h>
#include <miralis/redirect.h>
#include <miralis/riscv/encoding.h>
#include <miralis/virt.h>

#include <config.h>

#define CSR_FCSR 0x003	/* unpriv. spec 13.2: fflags and frm */
#define NB_FPR 32

/* pmpaddr holds address bits 55:2: this TOR top covers the whole space */
#define PMPADDR_TOP ((1UL << 54) - 1)
enum { PMP_BASE, PMP_TOP, PP_NB_PMP };

/* The payload's mstatus S fields the firmware does not see (XS is read-only) */
#define HIDDEN_MSTATUS                                                        \
	(MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_UBE | MSTATUS_SUM |  \
	 MSTATUS_MXR | MSTATUS_FS | MSTATUS_VS)
/* The payload's S-level interrupt enables (sie) */
#define HIDDEN_SIE (MIP_SSIP | MIP_STIP | MIP_SEIP | MIP_LCOFIP)
/* stimecmp while hidden: no deadline, so STIP stays clear and says nothing */
#define STIMECMP_NONE UINT64_MAX

#define UNKNOWN_LOGGED_MAX 32

/* The payload state of one hart while the firmware serves it */
struct pp_saved {
	uint64_t regs[32];
	uint64_t fpr[NB_FPR], fcsr;
	uint64_t stvec, sscratch, sepc, scause, stval, satp, scounteren, senvcfg;
	uint64_t mstatus, sie, stimecmp;
	struct trap_info trap;
	uint64_t pc;
	unsigned mode;
	bool virt;
};

struct pp_hart {
	bool hidden;		/* the payload trapped: its state is in `saved` */
	bool to_blank;		/* hidden in this exit: the vCSRs still show it */
	struct pp_saved saved;
	uint32_t out;		/* GPRs whose firmware value goes back */
	unsigned len;		/* bytes the firmware may step over (ecall, emulated insn) */
	bool stimecmp_out;	/* the firmware programs the payload's stimecmp */
	bool show_scounteren;	/* it emulates a counter read: U-mode access is decided by scounteren */
	enum pp_after after;
	uint64_t resume_pc;	/* where a non-retentive suspend resumes */
	struct pp_window window;	/* payload memory the firmware may touch */
};

MODULE_HART_STATE(struct pp_hart, pp_state);

/* Where HSM hart_start asked each hart to start (0 = not asked) */
static uint64_t start_pc[CONFIG_NB_HARTS];

static struct {
	uint32_t lock;
	unsigned n;
	uint64_t eid[UNKNOWN_LOGGED_MAX], fid[UNKNOWN_LOGGED_MAX];
} unknown;

static bool has_fp(const struct vctx *c)
{
	return c->hw->misa & MISA_EXT('D');
}

/* ---- unknown SBI calls: forward nothing, log each (EID, FID) once ---- */

static void log_unknown(uint64_t eid, uint64_t fid)
{
	bool seen = false;

	while (__atomic_exchange_n(&unknown.lock, 1, __ATOMIC_ACQUIRE))
		;
	for (unsigned i = 0; i < unknown.n && !seen; i++)
		seen = unknown.eid[i] == eid && unknown.fid[i] == fid;
	if (!seen && unknown.n < UNKNOWN_LOGGED_MAX) {
		unknown.eid[unknown.n] = eid;
		unknown.fid[unknown.n++] = fid;
		log_warn("SBI call eid 0x%lx fid 0x%lx is not in the sandbox table: the firmware sees "
			 "no argument",
			 eid, fid);
	}
	__atomic_store_n(&unknown.lock, 0, __ATOMIC_RELEASE);
}

/* ---- what the firmware may see of the trap it serves ---- */

static void forward_ecall(struct vctx *c, struct pp_hart *s, uint32_t *in)
{
	uint64_t eid = vctx_get_reg(c, PP_A7), fid = vctx_get_reg(c, PP_A6);
	struct pp_call call = pp_sbi_call(eid, fid);

	if (!call.known)
		log_unknown(eid, fid);
	*in = call.in;
	s->out = call.out;
	s->len = 4;
	s->stimecmp_out = call.stimecmp;
	s->after = call.after;
	/* a non-retentive suspend resumes at a1 (SBI v2.0 HSM, SUSP); a stopped hart at its next hart_start */
	s->resume_pc = call.resumes_at_a1 ? vctx_get_reg(c, PP_A0 + 1) : 0;
	if (eid == PP_EID_HSM && fid == PP_HSM_HART_START && vctx_get_reg(c, PP_A0) < CONFIG_NB_HARTS)
		__atomic_store_n(&start_pc[vctx_get_reg(c, PP_A0)], vctx_get_reg(c, PP_A0 + 1),
				 __ATOMIC_RELEASE);
}

/*
 * Illegal instruction: OpenSBI emulates CSR reads the hart does not
 * implement for S/U (time, cycle, instret, hpmcounters when they trap) and
 * redirects the rest. The instruction is in mtval; a CSR instruction gets
 * its source register and gives back its destination.
 */
static void forward_illegal(struct vctx *c, struct pp_hart *s, uint32_t *in)
{
	uint32_t raw = c->trap.mtval ? (uint32_t)c->trap.mtval : vmem_fetch(c);
	struct insn insn;

	if (!decode(raw, &insn) || insn.kind < INSN_CSRRW || insn.kind > INSN_CSRRCI)
		return;
	if (insn.kind < INSN_CSRRWI)
		*in |= PP_REG(insn.rs1);
	s->out = PP_REG(insn.rd);
	s->len = insn.len;
	/* OpenSBI lets U-mode read a counter only if scounteren allows it (priv. 4.1.5) */
	s->show_scounteren = true;
}

/*
 * What the firmware may touch of payload memory for this trap: the
 * instruction it emulates, which it reads through MPRV when mtval does not
 * hold it (OpenSBI's sbi_get_insn: always for a compressed instruction,
 * QEMU's mtval being 16 bits wide then, and for misaligned accesses); the
 * hart mask of a legacy IPI/fence call; the buffer of a DBCN read/write.
 */
static void open_window(struct vctx *c, struct pp_hart *s)
{
	uint64_t cause = c->trap.mcause, eid = vctx_get_reg(c, PP_A7), lo = 0;
	uint64_t a0 = vctx_get_reg(c, PP_A0), fid = vctx_get_reg(c, PP_A6);

	if (cause == CAUSE_ILLEGAL_INSTRUCTION || cause == CAUSE_MISALIGNED_LOAD ||
	    cause == CAUSE_MISALIGNED_STORE) {
		if (!c->virt && arch_mprv_load(c->pc, 2, c->mode, &lo) == 0)
			pp_window_capture(c, &s->window, c->pc, decode_insn_len((uint32_t)lo));
	} else if (cause != CAUSE_SUPERVISOR_ECALL) {
		return;
	} else if (eid >= PP_EID_LEGACY_SEND_IPI && eid <= PP_EID_LEGACY_SFENCE_VMA_ASID) {
		pp_window_capture(c, &s->window, a0, sizeof(uint64_t));
	} else if (eid == PP_EID_DBCN && (fid == PP_DBCN_WRITE || fid == PP_DBCN_READ)) {
		/* RV64: the buffer is at base_lo (a1); base_hi (a2) must be 0 */
		if (vctx_get_reg(c, PP_A0 + 2) == 0)
			pp_window_live(c, &s->window, vctx_get_reg(c, PP_A0 + 1), a0,
				       fid == PP_DBCN_READ);
	}
}

static bool window_access(struct vctx *c)
{
	struct pp_hart *s = MODULE_THIS_HART(pp_state, c);

	return s->hidden && pp_window_access(c, &s->window);
}

/* ---- payload -> firmware: save, then show only what the trap needs ---- */

static void save_fp(struct vctx *c, struct pp_saved *sv)
{
	if (!has_fp(c))
		return;
	/* the registers exist whatever FS says; M-mode reaches them with FS on */
	csr_set(CSR_MSTATUS, MSTATUS_FS);
	arch_fpr_save_all(sv->fpr, true);
	sv->fcsr = csr_read(CSR_FCSR);
	csr_write(CSR_FCSR, 0);
}

static void restore_fp(struct vctx *c, const struct pp_saved *sv)
{
	if (!has_fp(c))
		return;
	csr_set(CSR_MSTATUS, MSTATUS_FS);
	arch_fpr_load_all(sv->fpr);
	csr_write(CSR_FCSR, sv->fcsr);
}

static void to_firmware(struct vctx *c)
{
	struct pp_hart *s = MODULE_THIS_HART(pp_state, c);
	struct pp_saved *sv = &s->saved;
	const struct hw_caps *hw = c->hw;
	uint32_t in = 0;

	if (!pp_sealed())
		return;
	for (unsigned r = 0; r < 32; r++)
		sv->regs[r] = c->regs[r];
	sv->pc = c->pc;
	sv->mode = c->mode;
	sv->virt = c->virt;
	sv->trap = c->trap;
	/* physical: the core copies them into the vCSRs after this hook */
	sv->mstatus = csr_read(CSR_MSTATUS) & HIDDEN_MSTATUS;
	sv->sie = csr_read(CSR_MIE) & HIDDEN_SIE;
	if (hw->has_s) {
		sv->stvec = csr_read(CSR_STVEC);
		sv->sscratch = csr_read(CSR_SSCRATCH);
		sv->sepc = csr_read(CSR_SEPC);
		sv->scause = csr_read(CSR_SCAUSE);
		sv->stval = csr_read(CSR_STVAL);
		sv->satp = csr_read(CSR_SATP);
		sv->scounteren = csr_read(CSR_SCOUNTEREN);
	}
	if (hw->csr[HW_senvcfg].present)
		sv->senvcfg = csr_read(CSR_SENVCFG);
	if (hw->has_sstc) {
		sv->stimecmp = csr_read(CSR_STIMECMP);
		csr_write(CSR_STIMECMP, STIMECMP_NONE);
	}
	save_fp(c, sv);

	s->out = 0;
	s->len = 0;
	s->window.len = 0;
	s->stimecmp_out = false;
	s->show_scounteren = false;
	s->after = PP_RETURNS;
	/*
	 * The trap itself goes to the firmware when pc is still the trapping
	 * one; otherwise the monitor handled it and an interrupt follows.
	 */
	if (!(c->trap.mcause & MCAUSE_INTERRUPT) && c->pc == c->trap.mepc) {
		if (c->trap.mcause == CAUSE_SUPERVISOR_ECALL)
			forward_ecall(c, s, &in);
		else if (c->trap.mcause == CAUSE_ILLEGAL_INSTRUCTION)
			forward_illegal(c, s, &in);
		open_window(c, s);
	}
	for (unsigned r = 1; r < 32; r++)
		if (!(in & PP_REG(r)))
			c->regs[r] = 0;
	s->hidden = true;
	s->to_blank = true;
}

/*
 * After the exit that switched to the firmware: the core has copied the
 * payload's S-level CSRs into the vCSRs the firmware reads; blank them.
 * stvec reads 0, so a trap redirect shows as an mret to 0 (see below).
 * That exit may also have begun in the firmware: its mret to the payload
 * with one of its own interrupts pending and enabled is followed, in the
 * same exit, by that interrupt taken from the payload.
 */
static void after_exit(struct vctx *c, enum world from, enum world to)
{
	struct pp_hart *s = MODULE_THIS_HART(pp_state, c);

	(void)from;
	if (to != WORLD_FIRMWARE || !s->to_blank)
		return;
	s->to_blank = false;
	c->csr.stvec = 0;
	c->csr.sscratch = 0;
	c->csr.sepc = 0;
	c->csr.scause = 0;
	c->csr.stval = 0;
	c->csr.satp = 0;
	if (!s->show_scounteren)
		c->csr.scounteren = 0;
	c->csr.senvcfg = 0;
	c->csr.mstatus &= ~HIDDEN_MSTATUS;
	c->csr.mie &= ~HIDDEN_SIE;
}

/* ---- firmware -> payload ---- */

static void restore_csrs(struct vctx *c, const struct pp_saved *sv, bool stimecmp_out)
{
	const struct hw_caps *hw = c->hw;

	if (hw->has_s) {
		csr_write(CSR_STVEC, c->csr.stvec = sv->stvec);
		csr_write(CSR_SSCRATCH, c->csr.sscratch = sv->sscratch);
		csr_write(CSR_SEPC, c->csr.sepc = sv->sepc);
		csr_write(CSR_SCAUSE, c->csr.scause = sv->scause);
		csr_write(CSR_STVAL, c->csr.stval = sv->stval);
		csr_write(CSR_SATP, c->csr.satp = sv->satp);
		csr_write(CSR_SCOUNTEREN, c->csr.scounteren = sv->scounteren);
	}
	if (hw->csr[HW_senvcfg].present)
		csr_write(CSR_SENVCFG, c->csr.senvcfg = sv->senvcfg);
	if (hw->has_sstc && !stimecmp_out)
		csr_write(CSR_STIMECMP, sv->stimecmp);
	c->csr.mstatus = (c->csr.mstatus & ~HIDDEN_MSTATUS) | sv->mstatus;
	c->csr.mie = (c->csr.mie & ~HIDDEN_SIE) | sv->sie;
	irq_install_payload(c);
	restore_fp(c, sv);
}

static void restore_regs(struct vctx *c, const struct pp_saved *sv, uint32_t keep)
{
	for (unsigned r = 1; r < 32; r++)
		if (!(keep & PP_REG(r)))
			c->regs[r] = sv->regs[r];
}

static void violation(struct vctx *c, const char *what)
{
	log_error("the firmware %s (pc 0x%lx, mode %u): stopping, the payload is not resumed", what,
		  c->pc, c->mode);
	monitor_exit(1);
}

/*
 * OpenSBI's sbi_trap_redirect: scause/stval/sepc written, mepc = stvec
 * (hidden: 0), MPP = S. Deliver the same trap to the payload's real
 * handler, from the state it trapped in (priv. spec 4.1.1, 4.1.7-4.1.9).
 * A payload whose own stvec is 0 cannot be told apart: it is the firmware's
 * entry at 0 with the trapping pc in sepc, i.e. a redirect, in both cases.
 */
static bool try_redirect(struct vctx *c, struct pp_hart *s)
{
	struct pp_saved *sv = &s->saved;
	uint64_t cause = c->csr.scause, tval = c->csr.stval;
	struct trap_info now = c->trap;

	if (c->mode != PRV_S || c->virt || c->pc != 0)
		return false;
	/* sepc read 0: the firmware wrote the epc of the trap (cause 0 is valid) */
	if (c->csr.sepc != sv->pc)
		violation(c, "entered the payload at its hidden stvec without the trapping pc in sepc");
	if ((cause & MCAUSE_INTERRUPT) || cause >= 64)
		violation(c, "redirected an interrupt cause to the payload");
	restore_regs(c, sv, 0);
	restore_csrs(c, sv, false);
	c->pc = sv->pc;
	c->mode = sv->mode;
	c->virt = sv->virt;
	/* the redirect carries the trap the payload took (GVA, htval, htinst) */
	c->trap = sv->trap;
	vtrap_redirect_to_payload(c, cause, tval);
	c->trap = now;
	return true;
}

/* A VS-level redirect writes the physical VS CSRs itself: nothing hidden there */
static bool is_vs_redirect(const struct vctx *c, const struct pp_saved *sv)
{
	return c->hw->has_h && sv->virt && c->virt && c->mode == PRV_S &&
	       c->pc == (csr_read(CSR_VSTVEC) & ~MTVEC_MODE_MASK);
}

/* The payload restarts on this hart: nothing of its old state comes back */
static bool is_restart(struct vctx *c, struct pp_hart *s)
{
	unsigned h = module_hart(c);
	uint64_t start = __atomic_load_n(&start_pc[h], __ATOMIC_ACQUIRE);

	return s->after == PP_MAY_RESTART && c->mode == PRV_S && !c->virt &&
	       ((s->resume_pc && c->pc == s->resume_pc) || (start && c->pc == start));
}

static void resume(struct vctx *c, struct pp_hart *s)
{
	struct pp_saved *sv = &s->saved;
	bool past = s->len && c->pc == sv->pc + s->len;

	s->hidden = false;
	if (try_redirect(c, s))
		return;
	if (is_restart(c, s)) {
		log_debug("hart %u: the payload restarts at 0x%lx", c->hart_id, c->pc);
		return;
	}
	if (is_vs_redirect(c, sv)) {
		restore_regs(c, sv, 0);
		restore_csrs(c, sv, false);
		return;
	}
	if ((c->pc != sv->pc && !past) || c->mode != sv->mode || c->virt != sv->virt)
		violation(c, "resumed the payload where its trap does not allow");
	restore_regs(c, sv, past ? s->out : 0);
	restore_csrs(c, sv, past && s->stimecmp_out);
}

static void to_payload(struct vctx *c)
{
	struct pp_hart *s = MODULE_THIS_HART(pp_state, c);
	uint64_t start = __atomic_load_n(&start_pc[module_hart(c)], __ATOMIC_ACQUIRE);

	if (!pp_sealed()) {
		pp_seal(c);
		return;
	}
	if (s->hidden) {
		resume(c, s);
		return;
	}
	/*
	 * The first entry on another hart: where the payload's hart_start
	 * said, or (a firmware that releases every hart at once) the entry
	 * that was measured; nowhere else.
	 */
	if (!start)
		start = pp_measured_entry(c);
	if (c->pc != start || c->mode != PRV_S || c->virt)
		violation(c, "started a hart of the payload elsewhere than its hart_start address "
			     "or the measured entry");
}

/*
 * The same addresses in both worlds, only the TOR entry's A field differs
 * (OFF matches nothing, priv. spec 3.7.1; the entry after it is the MPRV
 * entry or another module's, never TOR on this one): a world switch then
 * rewrites one pmpcfg register for them (issue 9).
 */
static void pmp_prepare(struct vctx *c, enum world w)
{
	bool on = w == WORLD_FIRMWARE && pp_sealed();

	module_pmp_set(c, &module_protect_payload, PMP_BASE, 0, CONFIG_PAYLOAD_START >> 2);
	module_pmp_set(c, &module_protect_payload, PMP_TOP, on ? PMP_A_TOR : 0, PMPADDR_TOP);
}

/*
 * Misaligned loads and stores of the payload: the firmware would need the
 * instruction and the data, both in payload memory, so the monitor
 * emulates them here, and a fault goes to the payload as OpenSBI's
 * emulation redirects it.
 */
static bool trap_from_payload(struct vctx *c)
{
	uint64_t cause = c->trap.mcause, tval = 0, val = 0;
	struct insn in;
	int rc;

	if ((cause != CAUSE_MISALIGNED_LOAD && cause != CAUSE_MISALIGNED_STORE) || c->virt ||
	    !pp_sealed())
		return false;
	if (!decode(vmem_fetch(c), &in) || (in.kind != INSN_LOAD && in.kind != INSN_STORE))
		return false;
	if (in.kind == INSN_LOAD) {
		rc = misaligned_load_tval(&in, c->trap.mtval, c->mode, &val, &tval);
		if (rc == 0)
			vctx_set_reg(c, in.rd, val);
	} else {
		rc = misaligned_store_tval(&in, c->trap.mtval, c->mode, vctx_get_reg(c, in.rs2),
					   &tval);
	}
	if (rc != 0)
		vtrap_redirect_to_payload(c, (uint64_t)rc, tval);
	else
		c->pc += in.len;
	return true;
}

/* Shared memory the firmware would write later: the sandbox cannot lend it */
static bool refuse_shmem(struct vctx *c)
{
	uint64_t eid = vctx_get_reg(c, PP_A7), fid = vctx_get_reg(c, PP_A6);

	if (!pp_sealed() || !pp_sbi_is_shmem(eid, fid))
		return false;
	log_warn_once("SBI shared memory (eid 0x%lx fid %lu) refused: the firmware cannot reach "
		      "payload memory", eid, fid);
	module_sbi_return(c, PP_SBI_ERR_NOT_SUPPORTED, 0);
	return true;
}

const struct module_ops module_protect_payload = {
	.name = "Protect Payload Policy",
	.nb_pmp = PP_NB_PMP,
	.trap_from_firmware = window_access,
	.ecall_from_payload = refuse_shmem,
	.trap_from_payload = trap_from_payload,
	.after_exit = after_exit,
	.to_payload = to_payload,
	.to_firmware = to_firmware,
	.pmp_prepare = pmp_prepare,
	.on_interrupt = pp_seal_ack,
	/* window_access: only the firmware's load/store faults; after_exit: only after to_firmware */
	.firmware_traps_only = (1u << CAUSE_LOAD_ACCESS) | (1u << CAUSE_STORE_ACCESS),
	.after_exit_on_switch = true,
};
