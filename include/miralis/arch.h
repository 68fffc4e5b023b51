/*
 * The hardware seam. Portable monitor code (core, virt, decode, pmp,
 * device, policy) touches the hart only through this header. Two
 * implementations exist:
 *
 *   src/arch/metal/   real RISC-V hart (inline asm, trap entry, MPRV)
 *   src/arch/host/    software hart for unit tests, fuzzing and CBMC
 *
 * Each provides <arch_impl.h>, which defines csr_read(), csr_write(),
 * csr_set(), csr_clear() and csr_swap() taking a CSR *number* known at
 * compile time (CSR_MSTATUS, ...).
 */
#ifndef MIRALIS_ARCH_H
#define MIRALIS_ARCH_H

#include <stdbool.h>
#include <stdint.h>

#include <arch_impl.h>

struct vctx;

/*
 * Enter the guest described by ctx (pc, GPRs; physical mstatus.MPP and the
 * world's CSRs are already installed) and return when it traps, with
 * ctx->regs, ctx->pc and ctx->trap filled (see docs/trap-contract.md).
 * Host only (unit tests): the monitor uses arch_vcpu_loop.
 */
void arch_run_vcpu(struct vctx *ctx);

/*
 * Metal only: enter the guest, and at each of its traps call on_exit(ctx)
 * with ctx filled as arch_run_vcpu leaves it, then enter it again; never
 * returns. on_exit starts on a fresh frame at the stack pointer of this
 * call, so nothing of the monitor is saved or restored around a guest run.
 */
void arch_vcpu_loop(struct vctx *ctx, void (*on_exit)(struct vctx *ctx))
	__attribute__((noreturn));

/*
 * Load/store of `width` bytes (1, 2, 4, 8) at addr as if executed in
 * privilege `mode` (PRV_U or PRV_S) with the physical satp and PMP as they
 * are now (mstatus.MPRV with MPP = mode). Returns 0 on success or the
 * exception cause (5/7 access fault, 13/15 page fault, 4/6 misaligned).
 */
int arch_mprv_load(uint64_t addr, unsigned width, unsigned mode, uint64_t *val);
/*
 * mode | ARCH_MPRV_VIRT: the access is made with mstatus.MPV = 1 as well,
 * two-stage through the physical vsatp and hgatp as VS/VU (H spec 8.4.1).
 * On a fault the physical mtval/mtval2/mtinst hold the hart's record, and
 * mstatus.GVA too (the caller clears it before).
 */
#define ARCH_MPRV_VIRT 4u
int arch_mprv_store(uint64_t addr, unsigned width, unsigned mode, uint64_t val);

/*
 * An AMO (enum amo_op, width 4 or 8) at addr as if executed in `mode`
 * with MPRV, like arch_mprv_load. *old receives the loaded value
 * (sign-extended for width 4). Returns 0 or the exception cause.
 */
int arch_mprv_amo(unsigned op, uint64_t addr, unsigned width, unsigned mode, uint64_t src,
		  uint64_t *old);

/*
 * Execute the hypervisor load/store form `hyp` (struct insn.hyp) in M-mode,
 * where it accesses memory as VS/VU per hstatus.SPVP with the physical
 * vsatp/hgatp (H spec 8.3.5): hlv returns the loaded value in *val, hsv
 * stores *val. Returns 0 or the exception cause; on a fault the physical
 * mtval/mtval2/mtinst hold what the hart recorded.
 */
int arch_hyp_access(uint32_t hyp, uint64_t addr, uint64_t *val);

/*
 * The guest's floating-point registers, live in the hart (the monitor is
 * built without F/D and never touches them otherwise): raw 64-bit
 * contents of f<r>. Needs mstatus.FS != Off, which holds whenever the
 * guest just executed an FP instruction.
 */
uint64_t arch_fpr_read(unsigned r);
void arch_fpr_write(unsigned r, uint64_t bits);
/*
 * All 32 at once, for a whole context switch (the sandbox at every world
 * switch, issue 9): f[r] = f<r> then, if zero, f<r> = 0; and f<r> = f[r].
 * f is 8-byte aligned.
 */
void arch_fpr_save_all(uint64_t f[32], bool zero);
void arch_fpr_load_all(const uint64_t f[32]);

/* The monitor's own device accesses (M-mode, physical). */
uint64_t arch_mmio_read(uint64_t addr, unsigned width);
void arch_mmio_write(uint64_t addr, unsigned width, uint64_t val);
/*
 * The same on behalf of a guest: a bus error (a width the device rejects)
 * comes back as the exception cause instead of a monitor panic.
 */
int arch_mmio_try_read(uint64_t addr, unsigned width, uint64_t *val);
int arch_mmio_try_write(uint64_t addr, unsigned width, uint64_t val);

/* Wait for an interrupt with the given mie, restoring mie afterwards. */
void arch_wfi(uint64_t mie);
void arch_sfence_vma(void);
/* fence.i on this hart (Zifencei): its instruction fetches see prior stores */
void arch_fence_i(void);
void arch_sfence_vma_args(uint64_t vaddr, uint64_t asid, bool has_vaddr, bool has_asid);
void arch_hfence_vvma(void);
void arch_hfence_gvma(void);

/*
 * Probe CSR number csr: read it (*orig), write value, read back
 * (*readback), restore *orig. Returns false (outputs untouched) when the
 * CSR does not exist (the access raised an illegal-instruction trap).
 * Supports every CSR listed in <miralis/hw.h> HW_PROBED_CSRS plus
 * tdata1..3, satp, hgatp, vsatp, pmpcfg*, pmpaddr*, misa and the
 * read-only identification CSRs. Never called with PMP lock bits set.
 */
bool arch_csr_probe(unsigned csr, uint64_t value, uint64_t *orig, uint64_t *readback);
/*
 * The same, but the bits in keep are written as they were found (value's
 * are ignored there): for bits that must not change even for the length
 * of a probe, as mseccfg.RLB, which cannot be set again once cleared while
 * an entry is locked (Smepmp 2.1).
 */
bool arch_csr_probe_keep(unsigned csr, uint64_t value, uint64_t keep, uint64_t *orig,
			 uint64_t *readback);

/*
 * The hart's own trap entry, for the fields whose update the spec leaves to
 * the implementation or that harts get wrong: set mstatus.GVA and MPV, and
 * mtval2/mtinst to `mark` (H harts only: the caller checks), take one illegal-instruction trap
 * from M-mode into M-mode, and return what the handler sees. The monitor
 * then does the same on its virtual trap entries. Boot only (mstatus.MIE = 0).
 */
struct arch_trap_entry {
	uint64_t mstatus, mtval2, mtinst;
};
void arch_probe_trap_entry(uint64_t mark, struct arch_trap_entry *out);

/*
 * mhpmcounter3..31 (0xb03..0xb1f) and mhpmevent3..31 (0x323..0x33f), read
 * or written physically. Returns 0, or -1 when the hart does not implement
 * that CSR (the access trapped).
 */
int arch_hpm_access(unsigned csr, bool write, uint64_t *val);

/*
 * One read of the Zkr entropy source (csrrw rd, seed, x0; the
 * scalar-crypto spec, "Entropy Source"). Returns false when the hart has no
 * seed CSR (the access raised an illegal-instruction trap).
 */
bool arch_seed_read(uint64_t *val);

/*
 * Raw access by number to pmpcfg*, pmpaddr*, tselect, tdata1..3, tinfo, mstatus,
 * sstatus and the probed H and VS CSRs (no trap on absence: only for CSRs known
 * to exist).
 */
uint64_t arch_csr_read_num(unsigned csr);
void arch_csr_write_num(unsigned csr, uint64_t value);
/*
 * arch_pmp_write(idx, value), in <arch_impl.h>: the same for the PMP CSRs
 * on the world switch path, by idx = the CSR number - CSR_PMPCFG0
 * (pmpcfg<2r>: 2r, pmpaddr<i>: 16 + i; never an odd pmpcfg), inline and
 * without a look-up (issue 9).
 */

/* ecall to the next level down (a7 = eid, a6 = fid, a0 = arg); returns a0. */
uint64_t arch_ecall(uint64_t eid, uint64_t fid, uint64_t arg);

/* Hart id of the running hart. */
unsigned arch_hart_id(void);

/* Never returns: park the hart (used after exit requests). */
void arch_halt(void) __attribute__((noreturn));

#endif /* MIRALIS_ARCH_H */
