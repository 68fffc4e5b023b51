/*
 * The virtual hart: everything the firmware believes about "its" M-mode.
 *
 * Layout of the head of struct vctx is shared with the trap entry in
 * src/arch/metal/trap.S (see docs/trap-contract.md):
 *
 *   offset   0  host_sp     monitor stack pointer while the guest runs
 *   offset   8  regs[0..31] guest x0..x31
 *   offset 264  pc          guest pc (mepc on trap)
 *
 * Everything after pc is private to C.
 */
#ifndef MIRALIS_VIRT_H
#define MIRALIS_VIRT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <miralis/hw.h>

#define VCTX_HOST_SP_OFF 0
#define VCTX_REGS_OFF 8
#define VCTX_PC_OFF 264

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

/* Physical CSRs captured by the trap entry (docs/trap-contract.md). */
struct trap_info {
	uint64_t mcause, mepc, mtval, mstatus, mip, mtval2, mtinst;
};

/* Where the virtual hart currently executes. */
enum world { WORLD_FIRMWARE, WORLD_PAYLOAD };

struct vctx {
	uint64_t host_sp;
	uint64_t regs[32];
	uint64_t pc;
	/* ---- private to C below ---- */
	struct trap_info trap;
	struct vcsr csr;
	unsigned mode;		/* virtual privilege: PRV_M (firmware), PRV_S, PRV_U */
	bool virt;		/* V bit: payload runs in VS/VU (H extension) */
	unsigned hart_id;
	unsigned nb_pmp;	/* virtual PMP entries exposed to the firmware */
	uint64_t nb_exits;
	bool done;		/* the guest asked the monitor to stop (ABI success) */
	bool pmp_dirty;		/* virtual PMP or vMPRV changed: reload before entry */
	bool env_dirty;		/* menvcfg/senvcfg of the world to install before entry */
	/*
	 * This exit left every input of the virtual interrupt check as it
	 * was (mode, mstatus.MIE, mie, mip, mideleg): see vtrap_handle.
	 */
	bool irq_unchanged;
	const struct hw_caps *hw;
	struct pmp_state *pmp;
};

_Static_assert(offsetof(struct vctx, host_sp) == VCTX_HOST_SP_OFF, "trap.S out of sync");
_Static_assert(offsetof(struct vctx, regs) == VCTX_REGS_OFF, "trap.S out of sync");
_Static_assert(offsetof(struct vctx, pc) == VCTX_PC_OFF, "trap.S out of sync");

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

#endif /* MIRALIS_VIRT_H */
