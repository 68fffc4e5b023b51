/*
 * The virtual hart: everything the firmware believes about "its" M-mode.
 *
 * Layout of the head of struct vctx is shared with the trap entry in
 * src/arch/metal/trap.S (see docs/trap-contract.md):
 *
 *   offset   0  host_sp     monitor stack pointer while the guest runs
 *   offset   8  regs[0..31] guest x0..x31
 *   offset 264  pc          guest pc (mepc on trap)
 *   offset 272  nb_exits, mode, fast_csr, the dirty flags, done, the
 *               CSR fast path's table, and csr.mstatus: read (and the
 *               exit count, the table's vCSRs, mstatus.FS/VS written)
 *               by the trap entry's CSR fast path (VCTX_*_OFF below)
 *
 * Everything else is private to C.
 */
#ifndef MIRALIS_VIRT_H
#define MIRALIS_VIRT_H


#define VCTX_HOST_SP_OFF 0
#define VCTX_REGS_OFF 8
#define VCTX_PC_OFF 264
#define VCTX_NB_EXITS_OFF 272
#define VCTX_STATE_OFF 280	/* mode, fast_csr, pmp_dirty, env_dirty, done: one doubleword */
#define VCTX_FAST_PAYLOAD_OFF 288	/* fast_payload, then virt */
#define VCTX_VIRT_OFF 289
#define VCTX_LIGHT_OFF 290	/* light: the world switches' exits save only what C may touch */
#define VCTX_MTIME_ADDR_OFF 296
#define VCTX_FAST_INDEX_OFF 304
#define VCTX_FAST_RULES_OFF 560
#define VCTX_MSTATUS_OFF 1200

/*
 * fast_payload: the payload exits the trap entry answers itself, as the
 * one module that sees payload exits does (module_fast_init): the SBI
 * set_timer through stimecmp (Sstc, menvcfg.STCE set), a trapped read of
 * the time CSR (from mtime at mtime_addr), and on a one-hart monitor the
 * SBI remote_fence_i of that hart. src/policy/offload.c.
 */
#define VCTX_FAST_SET_TIMER 1
#define VCTX_FAST_RDTIME 2
#define VCTX_FAST_FENCE_I 4	/* SBI remote_fence_i of the only hart: a local fence.i */

/* mstatus fields owned by the payload while it runs, copied back at its traps (world.c) */
#define MSTATUS_PAYLOAD_FIELDS                                                \
	(MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_UBE | MSTATUS_SPP | MSTATUS_VS |  \
	 MSTATUS_FS | MSTATUS_XS | MSTATUS_SUM | MSTATUS_MXR)

/*
 * The doubleword at VCTX_STATE_OFF when the trap entry may emulate a CSR
 * access itself (src/arch/metal/trap.S): mode PRV_M, fast_csr set, no
 * PMP or env reload pending, not done (little-endian byte order).
 */
#define VCTX_STATE_FAST 0x100000003

/* The CSRs the trap entry emulates itself (vcsr_fast_init), one rule each */
#define VCSR_FAST_RULES 18
#define VCSR_FAST_RULE_SIZE 32
#define VCSR_FAST_RULE_CSR 0
#define VCSR_FAST_RULE_FIELD 2
#define VCSR_FAST_RULE_WRITABLE 4
#define VCSR_FAST_RULE_SD_VIEW 5
#define VCSR_FAST_RULE_SAME 6
#define VCSR_FAST_RULE_WMASK 8
#define VCSR_FAST_RULE_SET1 16

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <miralis/hw.h>

#define VPMP_MAX 64
#define VTRIG_MAX 8

/* The firmware's view of the M-, S- and H-level CSRs. */
struct vcsr {
	uint64_t misa, mstatus, medeleg, mideleg, mie, mtvec;
	uint64_t mcounteren, mseccfg, menvcfg;
	uint64_t mscratch, mepc, mcause, mtval, mtinst, mtval2;
	uint64_t tselect;
	uint64_t tdata[VTRIG_MAX][3];
	uint8_t tdata_valid;	/* bit t: tdata of trigger t initialised */
	uint64_t stvec, scounteren, senvcfg, sscratch, sepc, scause, stval;
	uint64_t satp;
	/* mip (but MSIP), stimecmp and the H/VS CSRs stay physical (src/virt/csr.c) */
	uint64_t pmpaddr[VPMP_MAX];
	uint8_t pmpcfg[VPMP_MAX];
};

/*
 * One CSR the trap entry emulates without C (trap.S): a plain vCSR whose
 * WARL rule is the probed mask (hw_warl) and whose read ORs in set1,
 * exactly as vcsr_read/vcsr_write do for the same PLAIN_CSRS entry.
 */
struct vcsr_fast_rule {
	uint16_t csr;		/* CSR number (0: unused slot) */
	uint16_t field;		/* offset of its vCSR in struct vctx */
	uint8_t writable;	/* a write changes nothing but the field (emul_csr_is_fast) */
	uint8_t sd_view;	/* mstatus: read with SD folded in (vcsr_mstatus) */
	/*
	 * Not writable, but a write of the value a read returns changes
	 * nothing (mstatus on a hart that keeps it: vcsr_fast_init): such a
	 * write is emulated as a read, any other goes to C
	 */
	uint8_t same;
	uint8_t pad;
	uint64_t wmask, set1;	/* hw->csr[idx], the rule hw_warl applies */
	uint64_t pad2;
};

/*
 * index[vcsr_fast_hash(csr)] = rule slot + 1, or 0: not emulated by the
 * trap entry. The rule's csr field is compared, so a hash collision only
 * sends an access to the C path.
 */
struct vcsr_fast {
	uint8_t index[256];
	struct vcsr_fast_rule rule[VCSR_FAST_RULES];
};

static inline unsigned vcsr_fast_hash(unsigned csr)
{
	return ((csr >> 2) & 0x80) | (csr & 0x7f);
}

/* Physical CSRs captured by the trap entry (docs/trap-contract.md). */
struct trap_info {
	uint64_t mcause, mepc, mtval, mstatus, mip, mtval2, mtinst;
};

/* Where the virtual hart currently executes. */
enum world { WORLD_FIRMWARE, WORLD_PAYLOAD };

/* The firmware world's menvcfg/senvcfg and the vCSRs they derive from (world.c) */
struct world_env {
	bool valid;
	uint64_t menvcfg_in, mseccfg_in;
	uint64_t menvcfg, senvcfg;
};

struct vctx {
	uint64_t host_sp;
	uint64_t regs[32];
	uint64_t pc;
	/* ---- read and updated by the trap entry's CSR fast path too ---- */
	uint64_t nb_exits;
	unsigned mode;		/* virtual privilege: PRV_M (firmware), PRV_S, PRV_U */
	bool fast_csr;		/* the trap entry may emulate vcsr_fast's CSRs (no module hook) */
	bool pmp_dirty;		/* virtual PMP or vMPRV changed: reload before entry */
	bool env_dirty;		/* menvcfg/senvcfg of the world to install before entry */
	bool done;		/* the guest asked the monitor to stop (ABI success) */
	uint8_t fast_payload;	/* VCTX_FAST_*: payload exits the trap entry answers */
	bool virt;		/* V bit: payload runs in VS/VU (H extension) */
	/*
	 * No module is configured: the firmware's mret and the payload's
	 * S-mode ecall, whose handling in C reads and writes no guest
	 * register but a0-a7, enter C with the callee-saved ones (s0-s11)
	 * and gp/tp left live in the hart, which C preserves (trap.S).
	 */
	bool light;
	uint64_t mtime_addr;	/* with VCTX_FAST_RDTIME: the platform's mtime */
	struct vcsr_fast fast;
	/* ---- private to C below (but csr.mstatus: FS/VS, VCTX_MSTATUS_OFF) ---- */
	struct trap_info trap;
	struct vcsr csr;
	unsigned hart_id;
	unsigned nb_pmp;	/* virtual PMP entries exposed to the firmware */
	uint64_t slow_exits;	/* exits handled in C (the stack guard's period) */
	/*
	 * This exit left every input of the virtual interrupt check as it
	 * was (mode, mstatus.MIE, mie, mip, mideleg): see vtrap_handle.
	 */
	bool irq_unchanged;
	/*
	 * world_enter_payload installed the payload's mstatus and mie in this
	 * exit: world_prepare_run need not compute them again (issue 9).
	 */
	bool payload_installed;
	struct world_env fw_env;
	const struct hw_caps *hw;
	struct pmp_state *pmp;
};

_Static_assert(offsetof(struct vctx, host_sp) == VCTX_HOST_SP_OFF, "trap.S out of sync");
_Static_assert(offsetof(struct vctx, regs) == VCTX_REGS_OFF, "trap.S out of sync");
_Static_assert(offsetof(struct vctx, pc) == VCTX_PC_OFF, "trap.S out of sync");
_Static_assert(offsetof(struct vctx, nb_exits) == VCTX_NB_EXITS_OFF, "trap.S out of sync");
_Static_assert(offsetof(struct vctx, mode) == VCTX_STATE_OFF, "trap.S out of sync");
_Static_assert(offsetof(struct vctx, fast_csr) == VCTX_STATE_OFF + 4, "trap.S out of sync");
_Static_assert(offsetof(struct vctx, pmp_dirty) == VCTX_STATE_OFF + 5, "trap.S out of sync");
_Static_assert(offsetof(struct vctx, env_dirty) == VCTX_STATE_OFF + 6, "trap.S out of sync");
_Static_assert(offsetof(struct vctx, done) == VCTX_STATE_OFF + 7, "trap.S out of sync");
_Static_assert(offsetof(struct vctx, fast_payload) == VCTX_FAST_PAYLOAD_OFF, "trap.S out of sync");
_Static_assert(offsetof(struct vctx, virt) == VCTX_VIRT_OFF, "trap.S out of sync");
_Static_assert(offsetof(struct vctx, light) == VCTX_LIGHT_OFF, "trap.S out of sync");
_Static_assert(offsetof(struct vctx, mtime_addr) == VCTX_MTIME_ADDR_OFF, "trap.S out of sync");
_Static_assert(offsetof(struct vctx, fast.index) == VCTX_FAST_INDEX_OFF, "trap.S out of sync");
_Static_assert(offsetof(struct vctx, fast.rule) == VCTX_FAST_RULES_OFF, "trap.S out of sync");
_Static_assert(offsetof(struct vctx, csr.mstatus) == VCTX_MSTATUS_OFF, "trap.S out of sync");
_Static_assert(sizeof(struct vcsr_fast_rule) == VCSR_FAST_RULE_SIZE, "trap.S out of sync");
_Static_assert(offsetof(struct vcsr_fast_rule, field) == VCSR_FAST_RULE_FIELD, "trap.S");
_Static_assert(offsetof(struct vcsr_fast_rule, writable) == VCSR_FAST_RULE_WRITABLE, "trap.S");
_Static_assert(offsetof(struct vcsr_fast_rule, sd_view) == VCSR_FAST_RULE_SD_VIEW, "trap.S");
_Static_assert(offsetof(struct vcsr_fast_rule, same) == VCSR_FAST_RULE_SAME, "trap.S");
_Static_assert(offsetof(struct vcsr_fast_rule, wmask) == VCSR_FAST_RULE_WMASK, "trap.S");
_Static_assert(offsetof(struct vcsr_fast_rule, set1) == VCSR_FAST_RULE_SET1, "trap.S");

static inline enum world vctx_world(const struct vctx *c)
{
	return c->mode == 3 ? WORLD_FIRMWARE : WORLD_PAYLOAD;
}

static inline uint64_t vctx_get_reg(const struct vctx *c, unsigned r)
{
	return r == 0 ? 0 : c->regs[r & 31];
}

static inline void vctx_set_reg(struct vctx *c, unsigned r, uint64_t v)
{
	if (r != 0)
		c->regs[r & 31] = v;
}

/* Reset the virtual hart to the state the firmware sees at its entry. */
void vctx_init(struct vctx *c, unsigned hart_id, const struct hw_caps *hw,
	       struct pmp_state *pmp, uint64_t entry, uint64_t a1);

#endif /* __ASSEMBLER__ */
#endif /* MIRALIS_VIRT_H */
