/* hypervisor: the H extension seen from M-mode.
 * Without H (misa.H, bit 7, clear) the H CSRs and instructions do not exist:
 * csrr hstatus and hfence.vvma are illegal instructions (mcause 2); the rest
 * is skipped. With H:
 * 1. Each HS/VS CSR is written with all ones and with 0 and the legalized
 *    values are printed and checked against the H spec's fixed bits (where
 *    QEMU 7.2 follows them: the printed lines must match a native run).
 * 2. hfence.vvma and hfence.gvma execute in M-mode (H spec: legal in M and HS).
 * 3. mret with mstatus.MPV = 1 and MPP = S enters VS-mode (H spec, "Trap
 *    Return"); the guest's ecall traps to M with mcause 10 (environment call
 *    from VS-mode), and the trap sets MPV = 1 (V was 1), MPP = S, GVA = 0.
 *    The same with MPV = 0 gives mcause 9 and MPV = 0. */
#include "fw.h"

#define MISA_H		(1UL << ('H' - 'A'))
#define MSTATUS_GVA	(1UL << 38)
#define MSTATUS_MPV	(1UL << 39)
#define HSTATUS_VSXL	(3UL << 32)
#define VS_INTS		0x444UL		/* VSSIP, VSTIP, VSEIP (H spec hip/hie) */
#define CAUSE_ECALL_VS	10

void do_hfences(void);
uint64_t probe_hstatus(void);
uint64_t probe_hfence(void);
extern char probe_hstatus_insn[], probe_hfence_insn[];
void guest_entry(void);
extern char guest_ecall[];

static volatile unsigned traps;
static volatile uint64_t seen_cause, seen_epc;

/* Only the no-H probes may trap in M-mode. */
void trap_handler(struct trap_frame *f)
{
	bool probe = f->mepc == (uint64_t)(uintptr_t)probe_hstatus_insn ||
		     f->mepc == (uint64_t)(uintptr_t)probe_hfence_insn;

	if (!probe) {
		printf("FAIL: unexpected trap: mcause=0x%lx mepc=0x%lx mtval=0x%lx\n", f->mcause,
		       f->mepc, f->mtval);
		exit_failure(2);
	}
	traps++;
	seen_cause = f->mcause;
	seen_epc = f->mepc;
	trap_skip(f);
}

static int without_h(void)
{
	printf("hypervisor: H extension is not available, skipping\n");
	uint64_t v = probe_hstatus();
	check_eq(traps, 1, "csrr hstatus traps");
	check_eq(seen_cause, CAUSE_ILLEGAL_INSN, "mcause of csrr hstatus without H");
	check_eq(seen_epc, (uint64_t)(uintptr_t)probe_hstatus_insn, "mepc = the csrr");
	check_eq(v, (uint64_t)-1, "rd not written by the trapping csrr");
	printf("hypervisor: csrr hstatus traps with mcause %lu\n", seen_cause);
	probe_hfence();
	check_eq(traps, 2, "hfence.vvma traps");
	check_eq(seen_cause, CAUSE_ILLEGAL_INSN, "mcause of hfence.vvma without H");
	printf("hypervisor: hfence.vvma traps with mcause %lu\n", seen_cause);
	return 0;
}

struct rw {
	uint64_t ones, zero;	/* read-back after writing ~0, then 0 */
};

/* Writing ~0 then 0 right away leaves nothing enabled behind (hvip and hie
 * are never non-zero together, so no VS interrupt can become deliverable). */
#define PROBE(csr) __extension__({                                            \
	struct rw r_;                                                         \
	csr_write(csr, ~0UL);                                                 \
	r_.ones = csr_read(csr);                                              \
	csr_write(csr, 0);                                                    \
	r_.zero = csr_read(csr);                                              \
	printf("hypervisor: %-9s write ~0 reads 0x%lx, write 0 reads 0x%lx\n", \
	       #csr, r_.ones, r_.zero);                                       \
	r_; })

static void test_csrs(void)
{
	struct rw r;

	r = PROBE(hstatus);
	/* VSXL is WARL and may be read-only 2 (64-bit VS-mode) in RV64. */
	check_eq(r.zero & ~HSTATUS_VSXL, 0, "hstatus = 0 apart from VSXL");
	check(((r.ones & HSTATUS_VSXL) >> 32) == 2, "hstatus.VSXL = 64-bit");
	r = PROBE(hedeleg);
	/* Environment calls from HS/VS/M and guest-page faults cannot be
	 * delegated further (H spec, hedeleg: read-only zero). */
	check_eq(r.ones & ((7UL << 9) | (0xfUL << 20)), 0, "hedeleg read-only zero bits");
	check_eq(r.zero, 0, "hedeleg = 0");
	r = PROBE(hideleg);
	check_eq(r.ones & ~VS_INTS, 0, "hideleg: only VS interrupts are delegable");
	check_eq(r.zero, 0, "hideleg = 0");
	r = PROBE(hvip);
	check_eq(r.ones, VS_INTS, "hvip: VSEIP, VSTIP, VSSIP writable");
	check_eq(r.zero, 0, "hvip = 0");
	r = PROBE(hie);
	check_eq(r.ones & ~(VS_INTS | (1UL << 12)), 0, "hie: VS enables and SGEIE only");
	check_eq(r.ones & VS_INTS, VS_INTS, "hie: VSEIE, VSTIE, VSSIE writable");
	check_eq(r.zero, 0, "hie = 0");
	/* "SGEIE, VSEIE, VSTIE, and VSSIE in mie are aliases for the same bits
	 * in hypervisor CSR hie" (priv spec, H chapter, mip/mie). hvip = 0, so
	 * nothing becomes deliverable. */
	csr_write(hie, VS_INTS);
	check_eq(csr_read(mie) & VS_INTS, VS_INTS, "mie shows the enables written to hie");
	csr_write(mie, 0);
	check_eq(csr_read(hie), 0, "hie shows mie = 0");
	printf("hypervisor: hie and mie share the VS enables\n");
	r = PROBE(htval);
	check_eq(r.zero, 0, "htval = 0");
	r = PROBE(htinst);
	check_eq(r.zero, 0, "htinst = 0");
	r = PROBE(hgatp);
	check_eq(r.zero, 0, "hgatp = 0 (Bare)");
	r = PROBE(vsstatus);
	r = PROBE(vstvec);
	check_eq(r.zero, 0, "vstvec = 0");
	r = PROBE(vsscratch);
	check_eq(r.ones, ~0UL, "vsscratch holds any value");
	check_eq(r.zero, 0, "vsscratch = 0");
	r = PROBE(vsepc);
	/* The spec makes bit 0 read as zero (as in sepc), but QEMU 7.2 stores
	 * vsepc, vstvec and hgatp unlegalized; the native run is the reference
	 * for the printed values, so only the zero write is checked here. */
	check_eq(r.zero, 0, "vsepc = 0");
	r = PROBE(vsatp);
	check_eq(r.zero, 0, "vsatp = 0 (Bare)");
	/* Leave VS-mode with a stack-free stub and no translation at all. */
	csr_write(hstatus, 0);
	csr_write(vsstatus, 0);
}

static bool stop(struct lower_ctx *ctx, struct trap_frame *f)
{
	(void)ctx;
	(void)f;
	return false;
}

/* mret to guest_entry in S-mode with MPV = virt; return the trap frame. */
static struct trap_frame run_guest(bool virt)
{
	struct lower_ctx ctx = { .pc = (uint64_t)(uintptr_t)guest_entry, .mode = PRV_S,
				 .on_trap = stop };

	if (virt)
		csr_set(mstatus, MSTATUS_MPV);
	else
		csr_clear(mstatus, MSTATUS_MPV);
	enter_lower(&ctx);
	check_eq(ctx.regs.mepc, (uint64_t)(uintptr_t)guest_ecall, "mepc = the guest's ecall");
	check_eq(ctx.regs.x[10], 0x56, "the guest ran");
	check_eq(ctx.regs.mtval, 0, "mtval = 0 for an ecall");
	return ctx.regs;
}

static void test_guest(void)
{
	/* S-level code runs only with a PMP grant (priv spec 3.7.1). */
	csr_write(pmpaddr0, ~0UL >> 10);
	csr_write(pmpcfg0, PMP_A_TOR | PMP_R | PMP_W | PMP_X);
	csr_write(medeleg, 0);
	csr_write(hedeleg, 0);

	struct trap_frame f = run_guest(true);
	uint64_t ms = csr_read(mstatus);
	check_eq(f.mcause, CAUSE_ECALL_VS, "mcause of an ecall from VS-mode");
	check(f.mstatus & MSTATUS_MPV, "mstatus.MPV = 1 in the trap");
	check(ms & MSTATUS_MPV, "mstatus.MPV still 1 after the trap");
	check_eq(mstatus_mpp(f.mstatus), PRV_S, "mstatus.MPP = S");
	check_eq(f.mstatus & MSTATUS_GVA, 0, "mstatus.GVA = 0 (no guest address in mtval)");
	printf("hypervisor: VS-mode ecall: mcause = %lu, MPV = %lu, MPP = %lu\n", f.mcause,
	       (ms & MSTATUS_MPV) >> 39, mstatus_mpp(f.mstatus));

	f = run_guest(false);
	ms = csr_read(mstatus);
	check_eq(f.mcause, CAUSE_ECALL_S, "mcause of an ecall from HS-mode");
	check_eq(ms & MSTATUS_MPV, 0, "mstatus.MPV = 0 after a trap from HS-mode");
	check_eq(mstatus_mpp(f.mstatus), PRV_S, "mstatus.MPP = S");
	printf("hypervisor: HS-mode ecall: mcause = %lu, MPV = %lu, MPP = %lu\n", f.mcause,
	       (ms & MSTATUS_MPV) >> 39, mstatus_mpp(f.mstatus));
}

int main(void)
{
	csr_clear(mstatus, MSTATUS_MIE);
	csr_write(mie, 0);
	if (!(csr_read(misa) & MISA_H))
		return without_h();
	printf("hypervisor: H extension is available\n");
	test_csrs();
	do_hfences();
	printf("hypervisor: hfence.vvma and hfence.gvma executed in M-mode\n");
	test_guest();
	printf("hypervisor: all checks passed\n");
	return 0;
}
