/* trap-entry: what a trap into M-mode does to the fields the H extension adds
 * (H spec 8.6.4: mstatus.GVA, mstatus.MPV, mtval2, mtinst), for traps that
 * have no guest address to record and for an hlv fault in HS-mode that has
 * one. Before each trap GVA is set (cleared before the hlv), MPV too for
 * traps from M, and mtval2/mtinst hold a mark; the handler prints what it
 * finds. Harts differ here (QEMU 7.2 keeps
 * GVA across a trap from M-mode), so the native run is the oracle: the
 * monitor must give the same lines. Without H only the causes are printed. */
#include "fw.h"

#define MISA_H		(1UL << 7)
#define MSTATUS_GVA	(1UL << 38)
#define MSTATUS_MPV	(1UL << 39)
#define HSTATUS_SPVP	(1UL << 8)
#define MARK		0x5a5a5a58UL
#define BAD_ADDR	0x8UL	/* nothing is mapped there on QEMU virt; not 0: QEMU sets GVA only for a non-zero tval */

void do_illegal(void);
void do_ecall(void);
void do_ebreak(void);
uint64_t do_hlv(uint64_t unused, uint64_t addr);
extern char s_code[];

static bool has_h;
static volatile uint64_t seen_cause, seen_ms, seen_tval2, seen_tinst, seen_tval;

static void record(struct trap_frame *f)
{
	seen_cause = f->mcause;
	seen_ms = f->mstatus;
	seen_tval = f->mtval;
	if (has_h) {
		seen_tval2 = csr_read(0x34b);
		seen_tinst = csr_read(0x34a);
	}
}

void trap_handler(struct trap_frame *f)
{
	record(f);
	if (f->mcause & (1UL << 63)) {
		csr_clear(mip, 1UL << IRQ_SSI);
		return;
	}
	trap_skip(f);
}

static void preset(bool gva, bool mpv)
{
	if (!has_h)
		return;
	csr_clear(mstatus, MSTATUS_GVA | MSTATUS_MPV);
	csr_set(mstatus, (gva ? MSTATUS_GVA : 0) | (mpv ? MSTATUS_MPV : 0));
	csr_write(0x34b, MARK);
	csr_write(0x34a, MARK);
}

static void report(const char *what, bool with_tval)
{
	printf("trap-entry: %s: mcause = 0x%lx", what, seen_cause);
	if (has_h)
		printf(", GVA = %lu, MPV = %lu, mtval2 %s, mtinst %s",
		       (seen_ms & MSTATUS_GVA) ? 1UL : 0UL, (seen_ms & MSTATUS_MPV) ? 1UL : 0UL,
		       seen_tval2 == MARK ? "kept" : seen_tval2 ? "written" : "= 0",
		       seen_tinst == MARK ? "kept" : seen_tinst ? "written" : "= 0");
	if (with_tval)
		printf(", mtval = 0x%lx", seen_tval);
	printf("\n");
	if (has_h)
		csr_clear(mstatus, MSTATUS_GVA | MSTATUS_MPV);
}

static void from_m(void)
{
	preset(true, true);
	do_illegal();
	report("illegal instruction in M", false);
	preset(true, true);
	do_ecall();
	report("ecall in M", true);
	preset(true, true);
	do_ebreak();
	report("ebreak in M", false);
	/* an S software interrupt, not delegated, taken in M at once */
	csr_write(mideleg, 0);
	csr_set(mie, 1UL << IRQ_SSI);
	preset(true, true);
	csr_set(mip, 1UL << IRQ_SSI);
	csr_set(mstatus, MSTATUS_MIE);
	csr_clear(mstatus, MSTATUS_MIE);
	csr_clear(mie, 1UL << IRQ_SSI);
	report("S software interrupt taken in M", false);
	/* hlv in M-mode is left out: QEMU 7.2 runs it in U-mode without
	 * trapping (docs/deviations.md), so the firmware world cannot match */
}

static unsigned s_traps;

static bool on_s_trap(struct lower_ctx *ctx, struct trap_frame *f)
{
	(void)ctx;
	record(f);
	s_traps++;
	switch (s_traps) {
	case 1:
		report("ecall from S", false);
		if (!has_h)
			return false;
		preset(false, false);	/* does the hart set GVA for the guest address? */
		break;
	case 2:
		report("hlv.w guest-page fault in HS", true);
		preset(false, false);
		break;
	default:
		report("ecall from S after the hlv fault", false);
		return false;
	}
	trap_skip(f);
	return true;
}

/* An empty Sv39x4 root (16 KiB, 16 KiB aligned): every guest-physical
 * address faults in the G stage (H spec 8.5.1). */
static uint64_t g_root[2048] __attribute__((aligned(16384)));

static void from_s(void)
{
	struct lower_ctx ctx = { .pc = (uint64_t)(uintptr_t)s_code, .mode = PRV_S,
				 .on_trap = on_s_trap };

	/* S-mode may reach all memory (TOR over everything, RWX) */
	csr_write(pmpaddr0, ~0UL >> 10);
	csr_write(pmpcfg0, PMP_A_TOR | PMP_R | PMP_W | PMP_X);
	if (has_h) {
		/* the S-mode hlv goes through an empty G stage: a guest-page fault */
		csr_write(0x280, 0);
		csr_write(0x680, 8UL << 60 | (uint64_t)(uintptr_t)g_root >> 12);
	}
	ctx.regs.x[11] = BAD_ADDR;
	preset(true, false);	/* mret keeps GVA: does the trap from S? */
	enter_lower(&ctx);
}

int main(void)
{
	has_h = csr_read(misa) & MISA_H;
	printf("trap-entry: H extension %s\n", has_h ? "present" : "absent");
	from_m();
	from_s();
	printf("trap-entry: done\n");
	return 0;
}
