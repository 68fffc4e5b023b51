/*
 * Test API of the host software hart (src/arch/host). Unit tests use it to
 * put the hart in a known state, to look behind the arch.h seam and to
 * script what the "hardware" does. Nothing here exists on metal.
 *
 * The hart models QEMU 7.2's default rv64 CPU on -M virt as seen from
 * M-mode: misa 0x80000000001411ad (RV64ACDFHIMSU), priv. spec 1.12, Sstc,
 * 16 PMP entries (host_set_pmp) with 4-byte grain, 16 HPM counters, 2 debug triggers,
 * no Smepmp/AIA/V. Writes are legalized as QEMU 7.2 target/riscv/csr.c
 * does (see csr.c for each register). Not modelled: counters do not tick
 * (they change only when written), nothing raises MTIP/MSIP/MEIP by itself
 * (set mip raw), and accesses are not checked against the PMP (use
 * host_fault_add to script faults).
 */
#ifndef MIRALIS_ARCH_HOST_HOST_H
#define MIRALIS_ARCH_HOST_HOST_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vctx;

/* QEMU 7.2 identification values. */
#define HOST_MISA 0x80000000001411adULL
#define HOST_MARCHID 0x70216ULL /* (7 << 16) | (2 << 8) | 22: QEMU 7.2.22 */
#define HOST_NB_PMP 16	/* at reset; host_set_pmp changes it */
#define HOST_PMP_MAX 64
#define HOST_NB_TRIGGERS 2

/* Everything back to QEMU's reset state; memory unmapped, hooks removed. */
void host_reset(void);

/*
 * The architectural state (CSR file and privilege), saved and put back:
 * the fuzzer runs the reference on a copy of the virtual state, then
 * restores the physical one the monitor runs on.
 */
struct host_state {
	_Alignas(8) unsigned char bytes[3072];
};
void host_state_save(struct host_state *s);
void host_state_restore(const struct host_state *s);

/* ---- CSR file ---- */

/* Would csrr of this CSR succeed in M-mode right now? */
bool host_csr_exists(unsigned csr);
/* Model a hart without this CSR (until host_reset): every access is illegal. */
void host_csr_remove(unsigned csr);
/*
 * Backing storage of a CSR, without WARL legalization or side effects
 * (for pmpcfg0/2 the packed 8 entries). Only for CSRs with their own
 * storage: views (sstatus, sie, sip, vsie, vsip, hie, hip, hvip, fcsr...)
 * and read-only constants abort with a message.
 */
uint64_t host_csr_get_raw(unsigned csr);
void host_csr_set_raw(unsigned csr, uint64_t value);

/*
 * Accesses the hart answered with an illegal-instruction exception
 * (absent CSR, write to a read-only one), as a trap would be seen.
 * arch_csr_probe() does not count: on metal it catches its own traps.
 */
unsigned host_illegal_count(void);
unsigned host_last_illegal_csr(void);
void host_clear_illegal(void);

/* The time CSR / mtime; raises STIP/VSTIP if [v]stimecmp is reached (Sstc). */
void host_set_time(uint64_t time);
uint64_t host_get_time(void);

void host_set_hart_id(unsigned id);

/*
 * PMP shape: nb implemented entries (0..64, 16 at reset); the CSRs of the
 * others trap as illegal when absent_traps (QEMU 7.2), else they read as
 * zero and ignore writes (priv. spec 3.7.1 allows both). nb = 0 with
 * absent_traps false is a hart whose PMP CSRs are all read-only zero.
 */
void host_set_pmp(unsigned nb, bool absent_traps);
/* Smepmp (QEMU's x-epmp=true): mseccfg exists, with QEMU 7.2's write rules. */
void host_set_smepmp(bool on);

/*
 * ---- privileged transitions: the reference model (priv.c) ----
 * The hart starts in M-mode after host_reset(); the CSR accessors above
 * then act with the current privilege (an access to a CSR of a higher
 * level is illegal, Priv. ISA 2.1). Causes are mcause values; the
 * functions return 0 or the exception the instruction raises instead.
 */
/*
 * One Zicsr instruction at the current privilege: *old (if not NULL) gets
 * the value read, then the bits in wmask are written with v. Returns 0, or
 * CAUSE_ILLEGAL_INSTRUCTION (nothing done) when the hart would trap. Does
 * not touch the illegal-access record.
 */
int host_csr_rmw(unsigned csr, uint64_t *old, uint64_t v, uint64_t wmask);
unsigned host_priv(void);
void host_set_priv(unsigned priv);
/* Take trap `cause` at pc epc: delegation, xstatus stack, x{epc,cause,tval}; returns the handler pc. */
uint64_t host_trap_enter(uint64_t cause, uint64_t tval, uint64_t epc);
int host_mret(uint64_t *pc);
int host_sret(uint64_t *pc);
/* wfi: *wakes = an enabled interrupt is pending (the hart would not sleep). */
int host_wfi(bool *wakes);
/* The interrupt (mcause value) the hart takes now, 0 when none. */
uint64_t host_interrupt_pending(void);
/* Whether PMP lets privilege `priv` make an access of len bytes (PMP_R/W/X in access). */
bool host_pmp_allows(uint64_t addr, unsigned len, unsigned access, unsigned priv);

/* ---- memory, seen through arch_mprv_load/store and arch_mmio_* ---- */

#define HOST_MODE_U (1u << 0)
#define HOST_MODE_S (1u << 1)
#define HOST_MODE_M (1u << 3)
#define HOST_MODE_ALL (HOST_MODE_U | HOST_MODE_S | HOST_MODE_M)

/* Map size zero-filled bytes at base (at most 8 regions). Returns 0 or -1. */
int host_mem_map(uint64_t base, uint64_t size);
/* Direct view of [addr, addr+len) if it lies in one region, else NULL. */
uint8_t *host_mem_ptr(uint64_t addr, uint64_t len);

/*
 * Make accesses to [addr, addr+len) from the privilege modes in `modes`
 * fault: loads with load_cause, stores with store_cause (0 = allowed).
 * The first matching rule wins; unmapped bytes give an access fault.
 * At most 16 rules.
 */
int host_fault_add(uint64_t addr, uint64_t len, unsigned modes,
		   int load_cause, int store_cause);

/*
 * Check MPRV accesses against the physical PMP as well (host_pmp_allows at
 * the access's privilege; default off: the rules above stand in for it).
 */
void host_set_pmp_enforced(bool on);

/* Whether an MPRV access not aligned to its width raises 4/6 (default on). */
void host_set_misaligned_traps(bool on);

/* MMIO callbacks for arch_mmio_*; without them mapped memory is used. */
typedef uint64_t (*host_mmio_read_fn)(uint64_t addr, unsigned width);
typedef void (*host_mmio_write_fn)(uint64_t addr, unsigned width, uint64_t val);
void host_set_mmio(host_mmio_read_fn rd, host_mmio_write_fn wr);

/* ---- events counted behind arch.h ---- */

/* An MPRV access the physical PMP let through (verify/harness.c mprv_pmp). */
struct host_access {
	uint64_t addr;
	unsigned width, mode;	/* mode: the privilege the PMP checked (V stripped) */
	unsigned access;	/* PMP_R (load) or PMP_W (store, AMO), as checked */
};
#define HOST_MPRV_LOG 4

struct host_stats {
	unsigned mprv_loads, mprv_stores;	/* calls, faulting ones included */
	unsigned mprv_max_width;		/* widest MPRV access seen */
	unsigned mprv_virt;			/* of those, with MPV = 1 (ARCH_MPRV_VIRT) */
	unsigned mprv_passed;			/* of those, past the PMP check */
	struct host_access mprv_log[HOST_MPRV_LOG];	/* the first ones of those */
	unsigned mmio_reads, mmio_writes;
	unsigned wfi;
	uint64_t wfi_mie;			/* mie during the last arch_wfi */
	unsigned sfence_vma, sfence_vma_args, fence_i;
	uint64_t sfence_vaddr, sfence_asid;	/* last arch_sfence_vma_args */
	bool sfence_has_vaddr, sfence_has_asid;
	unsigned hfence_vvma, hfence_gvma;
	unsigned run_vcpu;
	unsigned halts;				/* arch_halt */
	unsigned exits, reports, panics;	/* plat/monitor_exit, monitor_report/panic */
	int exit_code;				/* last plat_exit/monitor_exit code */
};
const struct host_stats *host_stats(void);

/* ---- scripted behaviour ---- */

/*
 * arch_run_vcpu() calls fn(ctx, arg), which plays the guest: it fills the
 * trap information the way the metal trap entry would. Without a callback
 * arch_run_vcpu aborts.
 */
typedef void (*host_run_vcpu_fn)(struct vctx *ctx, void *arg);
void host_set_run_vcpu(host_run_vcpu_fn fn, void *arg);

/* Called from arch_wfi while mie holds the requested value. */
typedef void (*host_wfi_fn)(void *arg);
void host_set_wfi_hook(host_wfi_fn fn, void *arg);

/*
 * The noreturn paths (arch_halt, plat_exit, monitor_exit, monitor_panic)
 * longjmp to *env (value 1) when set, so a test can check that the monitor
 * stopped and why (host_stats(), host_console()); otherwise they print a
 * message and abort. host_reset() clears it.
 */
void host_catch_halt(jmp_buf *env);

/* ---- platform and monitor services (platform.h, monitor.h) ---- */

struct vdevice;

/* While stuck, plat_putc drops every byte (a UART that never becomes ready). */
void host_console_set_stuck(bool stuck);
/* Everything written with plat_putc since the last reset/clear (64 KiB max). */
const char *host_console(void);
void host_console_clear(void);
/* Also copy the console to stdout (default off; handy when debugging). */
void host_console_echo(bool on);
/* What plat_devices() returns (default: no device). */
void host_set_devices(const struct vdevice *const *devs, size_t count);
/* The platform's one implementation-specific CSR (plat_csr_access), as a
 * P550 custom CSR; its value (0 after a reset). */
#define HOST_CUSTOM_CSR 0x7c8
uint64_t host_custom_csr(void);
/* What monitor_current_ctx() returns (default NULL). */
void host_set_current_ctx(struct vctx *ctx);

#endif /* MIRALIS_ARCH_HOST_HOST_H */
