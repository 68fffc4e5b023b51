/*
 * Trap dispatch for the virtual hart, exception injection into vM-mode and
 * virtual interrupt delivery.
 *
 *   trap from the firmware (vM-mode, physically U)
 *     illegal instruction  -> emulate (csr*, mret, sret, wfi, fences) or inject
 *     ecall (cause 8)      -> monitor ABI, else inject as ecall from M (11)
 *     access fault 5/7     -> virtual device, MPRV emulation, or inject
 *     anything else        -> inject unchanged
 *   trap from the payload (S/U, or VS/VU)
 *     ecall to the monitor ABI -> handled; everything else -> inject
 *     (world switch to the firmware)
 */
#define LOG_MODULE "virt.trap"

#include <miralis/abi.h>
#include <miralis/arch.h>
#include <miralis/decode.h>
#include <miralis/emul.h>
#include <miralis/irq.h>
#include <miralis/log.h>
#include <miralis/module.h>
#include <miralis/monitor.h>
#include <miralis/platform.h>
#include <miralis/riscv/encoding.h>
#include <miralis/vcsr.h>
#include <miralis/virt.h>

static uint64_t trap_vector(const struct vctx *c, uint64_t cause)
{
	uint64_t base = c->csr.mtvec & ~MTVEC_MODE_MASK;

	if ((c->csr.mtvec & MTVEC_MODE_MASK) == MTVEC_VECTORED && (cause & MCAUSE_INTERRUPT))
		return base + 4 * (cause & ~MCAUSE_INTERRUPT);
	return base;
}

/*
 * Enter vM-mode's handler the way this hart takes a trap into M (3.1.6.1,
 * H 8.6.4), at c->pc. `gva`: the hart recorded a guest virtual address in
 * tval for this trap; `recorded`: c->trap holds the hart's mtval2/mtinst
 * for it. For what a trap has nothing to record in (GVA, MPV, mtval2,
 * mtinst), the hart's own rule probed at boot applies: QEMU 7.2 keeps GVA.
 */
static void enter_vm_trap(struct vctx *c, uint64_t cause, uint64_t tval, bool gva, bool recorded)
{
	const struct hw_caps *hw = c->hw;
	unsigned from = c->mode;
	bool from_virt = from != PRV_M && c->virt;
	uint64_t ms, epc;

	/* Leaving the payload: bring its S-level state back into the vCSRs first */
	if (from != PRV_M) {
		world_enter_firmware(c);
		/*
		 * A module's to_firmware hook may have replaced the payload's
		 * context (keystone parks an interrupted enclave and shows the
		 * firmware its host): the trap is taken where that one stands.
		 */
		from = c->mode;
		from_virt = c->virt;
	}
	epc = c->pc;
	ms = c->csr.mstatus;
	ms = (ms & ~MSTATUS_MPIE) | ((ms & MSTATUS_MIE) ? MSTATUS_MPIE : 0);
	ms &= ~MSTATUS_MIE;
	ms = (ms & ~MSTATUS_MPP) | ((uint64_t)from << MSTATUS_MPP_SHIFT);
	if (hw->has_h) {
		uint64_t kept = (hw->trap_keeps_gva ? MSTATUS_GVA : 0) |
				(hw->trap_keeps_mpv ? MSTATUS_MPV : 0);
		/* an exception taken by the payload always comes from a physical trap */
		bool carried = (from != PRV_M || recorded) && !(cause & MCAUSE_INTERRUPT);

		ms &= kept | ~(MSTATUS_MPV | MSTATUS_GVA);
		if (from_virt)
			ms |= MSTATUS_MPV;
		if (gva)
			ms |= MSTATUS_GVA;
		if (carried) {
			c->csr.mtval2 = c->trap.mtval2;
			c->csr.mtinst = c->trap.mtinst;
		} else {
			c->csr.mtval2 = hw->trap_keeps_mtval2 ? c->csr.mtval2 : 0;
			c->csr.mtinst = hw->trap_keeps_mtinst ? c->csr.mtinst : 0;
		}
	}
	c->csr.mstatus = ms;
	c->csr.mepc = epc & hw->csr[HW_mepc].wmask;
	c->csr.mcause = cause;
	c->csr.mtval = tval;
	c->pmp_dirty = true;
	c->mode = PRV_M;
	c->virt = false;
	c->pc = trap_vector(c, cause);
	/* vM-mode with MIE clear takes no interrupt: the check has nothing to find (issue 9) */
	c->irq_unchanged = true;
}

void vtrap_inject(struct vctx *c, uint64_t cause, uint64_t tval)
{
	enter_vm_trap(c, cause, tval, false, false);
}

void vtrap_inject_gva(struct vctx *c, uint64_t cause, uint64_t tval, bool gva)
{
	enter_vm_trap(c, cause, tval, gva, true);
}

/*
 * Hand a physical exception to vM-mode as the hart recorded it, GVA
 * included: the hart sets it for a guest address (V = 1, or hlv/hsv run in
 * HS-mode), which the monitor could not tell from the cause alone.
 */
static void forward_trap(struct vctx *c)
{
	bool gva = c->hw->has_h && (c->trap.mstatus & MSTATUS_GVA);

	enter_vm_trap(c, c->trap.mcause, c->trap.mtval, gva, gva);
}

/* the pending and enabled ones, in the order this platform's hart takes them (plat_irq_order) */
static __attribute__((noinline)) bool deliver_pending(struct vctx *c, uint64_t enabled)
{
	uint64_t pending = enabled & irq_virtual_mip_of(c, enabled);
	size_t n;
	const uint8_t *order = plat_irq_order(&n);

	if (!pending)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (pending & (1UL << order[i])) {
			enter_vm_trap(c, MCAUSE_INTERRUPT | order[i], 0, false, false);
			return true;
		}
	}
	return false;
}

bool vtrap_check_interrupts(struct vctx *c)
{
	uint64_t enabled = c->csr.mie & ~c->csr.mideleg;

	/*
	 * M-level interrupts are enabled below M, or in M when MIE is set.
	 * Checked before the virtual mip is computed: it has no side effect,
	 * and its MTIP costs an mtime read (issue 9), needed only when
	 * MTIE is enabled. This test alone, without a frame, on most exits.
	 */
	if (!enabled || (c->mode == PRV_M && !(c->csr.mstatus & MSTATUS_MIE)))
		return false;
	return deliver_pending(c, enabled);
}

static void firmware_ecall(struct vctx *c)
{
	if (module_ecall_from_firmware(c))
		return;
	if (vctx_get_reg(c, 17) == ABI_EID && abi_handle(c))
		return;
	/* vM-mode executed ecall: the firmware sees an ecall from M (3.1.15), mtval as recorded */
	vtrap_inject(c, CAUSE_MACHINE_ECALL, c->trap.mtval);
}

static void from_firmware(struct vctx *c)
{
	uint64_t cause = c->trap.mcause;

	if (module_trap_from_firmware(c))
		return;
	if (cause & MCAUSE_INTERRUPT) {
		vtrap_physical_interrupt(c);
		return;
	}
	switch (cause) {
	case CAUSE_ILLEGAL_INSTRUCTION:
		emul_illegal(c);
		break;
	case CAUSE_USER_ECALL:
		firmware_ecall(c);
		break;
	case CAUSE_LOAD_ACCESS:
	case CAUSE_STORE_ACCESS:
		vmem_access_fault(c);
		break;
	default:
		forward_trap(c);
		break;
	}
}

static void from_payload(struct vctx *c)
{
	uint64_t cause = c->trap.mcause;

	if (module_trap_from_payload(c))
		return;
	if (cause & MCAUSE_INTERRUPT) {
		vtrap_physical_interrupt(c);
		return;
	}
	if (cause == CAUSE_SUPERVISOR_ECALL && module_ecall_from_payload(c))
		return;
	if (cause == CAUSE_SUPERVISOR_ECALL && vctx_get_reg(c, 17) == ABI_EID && abi_handle(c))
		return;
	if ((cause == CAUSE_LOAD_ACCESS || cause == CAUSE_STORE_ACCESS) && vmem_payload_device(c))
		return;
	log_trace("payload trap %lu at 0x%lx forwarded", cause, c->pc);
	forward_trap(c);
}

static void count_exit(struct vctx *c)
{
#if CONFIG_MAX_FIRMWARE_EXITS
	/* The guard against a guest that loops through the monitor forever */
	if (c->nb_exits + 1 >= CONFIG_MAX_FIRMWARE_EXITS) {
		log_error("Reached maximum number of exits: %lu", c->nb_exits);
		monitor_exit(1);
	}
#endif
	c->nb_exits++;
}

/* the hart marks FP/vector state Dirty as the firmware uses it (3.1.6.6) */
static void firmware_fs_vs(struct vctx *c)
{
	c->csr.mstatus = (c->csr.mstatus & ~(MSTATUS_FS | MSTATUS_VS)) |
			 (c->trap.mstatus & (MSTATUS_FS | MSTATUS_VS));
}

/*
 * vtrap_handle for one kind of exit only: the firmware's illegal
 * instruction that is a CSR access emul_csr_is_fast takes, with the hart
 * reporting the instruction in mtval and no module claiming the firmware's
 * illegal-instruction traps. Each step is vtrap_handle's (exit count and budget, FS/VS,
 * module counting, emulation, interrupt check, after_exit hooks), minus
 * the general dispatch and decode. The next entry needs no preparation
 * when the access changed nothing world_prepare_run installs: the mode,
 * mstatus, mie and mideleg (the same inputs as the interrupt check:
 * irq_unchanged), the PMP and the env CSRs (their dirty flags). The
 * physical mstatus is then already what world_prepare_run would write:
 * the trap from U-mode left MIE, MPRV, MPP and MPV as it clears them, the
 * firmware cannot write mstatus physically, and FS/VS are the hart's own.
 */
enum fast_result vtrap_handle_fast(struct vctx *c)
{
	struct insn in;

	if (c->mode != PRV_M || c->trap.mcause != CAUSE_ILLEGAL_INSTRUCTION ||
	    module_claims_firmware_traps() || !decode_csr((uint32_t)c->trap.mtval, &in) ||
	    !emul_csr_is_fast(&in))
		return FAST_NONE;
	count_exit(c);
	firmware_fs_vs(c);
	module_count_exit(c);
	c->irq_unchanged = false;
	emul_csr_exit(c, &in);
	if (!c->irq_unchanged)
		vtrap_check_interrupts(c);
	module_after_exit(c, WORLD_FIRMWARE, vctx_world(c));
	return c->irq_unchanged && !c->pmp_dirty && !c->env_dirty && !c->done ? FAST_DONE
									       : FAST_PREPARE;
}

enum exit_result vtrap_handle(struct vctx *c)
{
	enum world from;

	count_exit(c);
	/*
	 * The payload moves between S and U (and V=0/1) without the monitor:
	 * the mode it trapped from is the one the hardware recorded.
	 */
	if (c->mode != PRV_M) {
		c->mode = (unsigned)((c->trap.mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
		c->virt = c->hw->has_h && (c->trap.mstatus & MSTATUS_MPV);
		/* re-entry installs them from the vCSR: keep what the payload set */
		world_sync_payload_mstatus(c);
	} else {
		firmware_fs_vs(c);
	}
	module_count_exit(c);
	from = vctx_world(c);
	c->irq_unchanged = false;
	if (from == WORLD_FIRMWARE)
		from_firmware(c);
	else
		from_payload(c);
	/*
	 * After a CSR access that changed none of its inputs the check would
	 * find nothing new: an interrupt pending and enabled before this exit
	 * was delivered by an earlier check, and one that became pending
	 * since is pending physically and enabled in physical mie (src/virt/
	 * irq.c; a passed firmware deadline too: it was programmed into the
	 * physical mtimecmp, src/device/clint.c), so it traps as soon as the
	 * guest runs again, before its next instruction, as on the hart.
	 */
	if (!c->irq_unchanged)
		vtrap_check_interrupts(c);
	module_after_exit(c, from, vctx_world(c));
	return c->done ? EXIT_DONE : EXIT_CONTINUE;
}
