/*
 * The rest of <miralis/arch.h> for the host hart: fences, WFI, CSR probe,
 * hart id, halt and guest entry, each recorded in host_stats() or handed
 * to a hook the test installed (see host.h).
 */
#include <stdio.h>
#include <stdlib.h>

#include <miralis/arch.h>
#include <miralis/riscv/encoding.h>

#include "host.h"
#include "host_internal.h"

struct host_stats host_stat;

static host_run_vcpu_fn run_fn;
static void *run_arg;
static host_wfi_fn wfi_fn;
static void *wfi_arg;
static jmp_buf *halt_env;

void host_die(const char *msg, uint64_t detail)
{
	fprintf(stderr, "host hart: %s (0x%llx)\n", msg,
		(unsigned long long)detail);
	abort();
}

void host_reset(void)
{
	host_csr_reset();
	host_priv_reset();
	host_mem_reset();
	host_platform_reset();
	host_monitor_reset();
	host_stat = (struct host_stats){ 0 };
	run_fn = NULL;
	run_arg = NULL;
	wfi_fn = NULL;
	wfi_arg = NULL;
	halt_env = NULL;
}

const struct host_stats *host_stats(void)
{
	return &host_stat;
}

void host_set_run_vcpu(host_run_vcpu_fn fn, void *arg)
{
	run_fn = fn;
	run_arg = arg;
}

void host_set_wfi_hook(host_wfi_fn fn, void *arg)
{
	wfi_fn = fn;
	wfi_arg = arg;
}

void host_catch_halt(jmp_buf *env)
{
	halt_env = env;
}

void arch_run_vcpu(struct vctx *ctx)
{
	host_stat.run_vcpu++;
	if (!run_fn)
		host_die("arch_run_vcpu without a test callback", 0);
	run_fn(ctx, run_arg);
}

/* As on metal: mie = the requested set while waiting, then restored. */
void arch_wfi(uint64_t mie)
{
	uint64_t saved = host_csr_swap(CSR_MIE, mie);

	host_stat.wfi++;
	host_stat.wfi_mie = host_csr_read(CSR_MIE);
	if (wfi_fn)
		wfi_fn(wfi_arg);
	host_csr_write(CSR_MIE, saved);
}

void arch_sfence_vma(void)
{
	host_stat.sfence_vma++;
}

void arch_fence_i(void)
{
	host_stat.fence_i++;
}

void arch_sfence_vma_args(uint64_t vaddr, uint64_t asid, bool has_vaddr,
			  bool has_asid)
{
	host_stat.sfence_vma_args++;
	host_stat.sfence_vaddr = vaddr;
	host_stat.sfence_asid = asid;
	host_stat.sfence_has_vaddr = has_vaddr;
	host_stat.sfence_has_asid = has_asid;
}

void arch_hfence_vvma(void)
{
	host_stat.hfence_vvma++;
}

void arch_hfence_gvma(void)
{
	host_stat.hfence_gvma++;
}

/*
 * As the metal probe: read, write, read back, restore; false when the
 * read traps (absent CSR). A CSR whose write traps (read-only number)
 * reads back unchanged, as metal's read-only cases report it.
 */
bool arch_csr_probe(unsigned csr, uint64_t value, uint64_t *orig,
		    uint64_t *readback)
{
	return arch_csr_probe_keep(csr, value, 0, orig, readback);
}

bool arch_csr_probe_keep(unsigned csr, uint64_t value, uint64_t keep, uint64_t *orig,
			 uint64_t *readback)
{
	uint64_t old, got;

	if (host_csr_rmw(csr, &old, 0, 0))
		return false;
	got = old;
	value = (value & ~keep) | (old & keep);
	/* as on metal: the timer compares are only read (a write re-arms the timer) */
	if (csr != 0x14d && csr != 0x24d && !host_csr_rmw(csr, NULL, value, ~0ULL)) {
		(void)host_csr_rmw(csr, &got, 0, 0);
		(void)host_csr_rmw(csr, NULL, old, ~0ULL);
	}
	*orig = old;
	*readback = got;
	return true;
}

/*
 * QEMU 7.2's trap entry into M-mode (target/riscv/cpu_helper.c): MPV takes
 * V (0 from M), GVA is only ever set, mtval2 and mtinst are written.
 */
void arch_probe_trap_entry(uint64_t mark, struct arch_trap_entry *out)
{
	(void)mark;
	out->mstatus = host_csr_read(CSR_MSTATUS) | MSTATUS_GVA;
	out->mtval2 = 0;
	out->mtinst = 0;
}

/* Performance counters of the software hart, as the metal stubs see them. */
/* The software hart has no Zkr entropy source. */
bool arch_seed_read(uint64_t *val)
{
	(void)val;
	return false;
}

int arch_hpm_access(unsigned csr, bool write, uint64_t *val)
{
	if (!((csr >= 0xb03 && csr <= 0xb1f) || (csr >= 0x323 && csr <= 0x33f)))
		return -1;
	if (write)
		return host_csr_rmw(csr, NULL, *val, ~0ULL) ? -1 : 0;
	return host_csr_rmw(csr, val, 0, 0) ? -1 : 0;
}

/* By-number access: a trap here would be unexpected, so it is recorded. */
uint64_t arch_csr_read_num(unsigned csr)
{
	return host_csr_read(csr);
}

void arch_csr_write_num(unsigned csr, uint64_t value)
{
	host_csr_write(csr, value);
}

/* The host hart has nothing below it: an ecall is reported as unsupported. */
uint64_t arch_ecall(uint64_t eid, uint64_t fid, uint64_t arg)
{
	(void)eid;
	(void)fid;
	(void)arg;
	return (uint64_t)-2;	/* SBI_ERR_NOT_SUPPORTED */
}

unsigned arch_hart_id(void)
{
	return host_csr_hart_id();
}

void host_noreturn(const char *why)
{
	if (halt_env)
		longjmp(*halt_env, 1);
	fprintf(stderr, "host hart: %s reached with no host_catch_halt()\n", why);
	abort();
}

void arch_halt(void)
{
	host_stat.halts++;
	host_noreturn("arch_halt");
}
