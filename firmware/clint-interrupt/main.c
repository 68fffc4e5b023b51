/* clint-interrupt: a machine timer interrupt that stays pending.
 * mtimecmp = mtime makes MTIP pending (priv spec 3.2.1: while mtime >=
 * mtimecmp); with MTIE set, setting mstatus.MIE must trap at once (3.1.9).
 * mip.MTIP is read-only (3.1.9: cleared only by writing mtimecmp), so the
 * handler's csrc mip has no effect and the interrupt stays pending: each of
 * the 10 re-enables traps again. The handler clears MPIE so that its mret
 * leaves MIE = 0 (3.1.6.1) instead of re-trapping in a loop. Finally
 * mtimecmp = max clears MTIP and re-enabling takes no trap.
 * mtime and mtimecmp are accessed with ld/sd, c.ld/c.sd, lw/lwu/sw and c.lw/c.sw
 * (32-bit halves, written in the order of priv spec 3.2.1 so no transient
 * value fires), msip with sw/lw and c.sw/c.lw. */
#include "clint.h"
#include "fw.h"

uint64_t clint_ld(uint64_t addr);
uint64_t clint_cld(uint64_t addr);
uint64_t clint_lw(uint64_t addr);
uint64_t clint_clw(uint64_t addr);
uint64_t clint_ld_hi(uint64_t addr);
uint64_t clint_clw_hi(uint64_t addr);
void clint_sd(uint64_t addr, uint64_t v);
void clint_csd(uint64_t addr, uint64_t v);
void clint_sw(uint64_t addr, uint64_t v);
void clint_csw(uint64_t addr, uint64_t v);
void clint_sw_hi(uint64_t addr, uint64_t v);
void clint_csw_hi(uint64_t addr, uint64_t v);
void enable_mie(void);
extern char mie_set_done[];

#define NFORMS		4
#define REENABLES	10
#define SPIN_LIMIT	10000
#define MTIMECMP0	CLINT_MTIMECMP_ADDR(0)
#define MSIP0		CLINT_MSIP_ADDR(0)

static const char *const form_name[NFORMS] = { "ld/sd", "c.ld/c.sd", "lw/sw", "c.lw/c.sw" };

/* A 32-bit load: lw and c.lw sign-extend, lwu zero-extends (unpriv spec
 * RV64I "Load and Store Instructions"); the non-compressed high half uses
 * lwu. Check the upper 32 bits, then return the loaded ones. */
static uint32_t load32(bool compressed, bool high, uint64_t addr)
{
	uint64_t v;

	if (!compressed && high) {
		v = clint_ld_hi(addr);
		check_eq(v >> 32, 0, "lwu zero-extends");
	} else {
		v = compressed ? (high ? clint_clw_hi(addr) : clint_clw(addr)) : clint_lw(addr);
		check_eq(v, (uint64_t)(int64_t)(int32_t)(uint32_t)v, "lw/c.lw sign-extend");
	}
	return (uint32_t)v;
}

static uint64_t read64(unsigned form, uint64_t addr)
{
	switch (form) {
	case 0:
		return clint_ld(addr);
	case 1:
		return clint_cld(addr);
	default: {
		/* High, low, high again: retry if the low half wrapped in between. */
		bool c = form == 3;
		uint32_t hi, lo;
		do {
			hi = load32(c, true, addr);
			lo = load32(c, false, addr);
		} while (load32(c, true, addr) != hi);
		return (uint64_t)hi << 32 | lo;
	}
	}
}

static void write64(unsigned form, uint64_t addr, uint64_t v)
{
	switch (form) {
	case 0:
		clint_sd(addr, v);
		break;
	case 1:
		clint_csd(addr, v);
		break;
	case 2:
		clint_sw(addr, 0xffffffffUL);	/* no smaller than old or new value */
		clint_sw_hi(addr, v >> 32);
		clint_sw(addr, v & 0xffffffffUL);
		break;
	default:
		clint_csw(addr, 0xffffffffUL);
		clint_csw_hi(addr, v >> 32);
		clint_csw(addr, v & 0xffffffffUL);
		break;
	}
}

static volatile unsigned traps;
static volatile uint64_t seen_epc, seen_mip_before, seen_mip_after;

void trap_handler(struct trap_frame *f)
{
	if (f->mcause != (MCAUSE_INTR | IRQ_MTI)) {
		printf("FAIL: unexpected trap: mcause=0x%lx mepc=0x%lx mtval=0x%lx\n", f->mcause,
		       f->mepc, f->mtval);
		exit_failure(2);
	}
	if (++traps > 1 + REENABLES) {
		printf("FAIL: more timer interrupts than MIE was enabled\n");
		exit_failure(1);
	}
	seen_epc = f->mepc;
	seen_mip_before = csr_read(mip);
	csr_clear(mip, MIP_MTIP);		/* read-only bit: no effect */
	seen_mip_after = csr_read(mip);
	csr_clear(mstatus, MSTATUS_MPIE);	/* mret leaves MIE = 0 */
}

static void test_access_forms(void)
{
	/* A far-future deadline with bit 31 set in both halves, so that the
	 * sign extension of c.lw shows up. */
	const uint64_t pattern = 0x7eadbeef87654321UL;

	for (unsigned w = 0; w < NFORMS; w++) {
		for (unsigned r = 0; r < NFORMS; r++) {
			uint64_t v = pattern ^ ((uint64_t)w << 4 | r);
			write64(w, MTIMECMP0, v);
			check_eq(read64(r, MTIMECMP0), v, "mtimecmp read-back");
			check_eq(csr_read(mip) & MIP_MTIP, 0, "far mtimecmp: MTIP clear");
		}
		printf("clint-interrupt: mtimecmp written with %s reads back with every form\n",
		       form_name[w]);
	}
	uint64_t prev = 0;
	for (unsigned r = 0; r < NFORMS; r++) {
		uint64_t t = read64(r, CLINT_MTIME_ADDR);
		check(t >= prev, "mtime never goes backwards");
		prev = t;
	}
	printf("clint-interrupt: mtime read with every form is monotonic\n");

	clint_sw(MSIP0, 1);
	check_eq(load32(false, false, MSIP0), 1, "msip[0] after sw 1");
	check(csr_read(mip) & MIP_MSIP, "mip.MSIP follows msip[0]");
	clint_csw(MSIP0, 0);
	check_eq(load32(true, false, MSIP0), 0, "msip[0] after c.sw 0");
	check_eq(csr_read(mip) & MIP_MSIP, 0, "mip.MSIP follows msip[0]");
	printf("clint-interrupt: msip[0] written with sw and c.sw drives mip.MSIP\n");
}

static void enable_and_expect_trap(unsigned want)
{
	enable_mie();
	check_eq(traps, want, "exactly one trap when MIE is set");
	check_eq(seen_epc, (uint64_t)(uintptr_t)mie_set_done, "trap right after MIE was set");
	check(seen_mip_before & MIP_MTIP, "mip.MTIP pending in the handler");
	check(seen_mip_after & MIP_MTIP, "csrc mip.MTIP had no effect");
	check_eq(csr_read(mstatus) & MSTATUS_MIE, 0, "mret restored MIE from the cleared MPIE");
	check(csr_read(mip) & MIP_MTIP, "MTIP still pending after the handler");
}

int main(void)
{
	csr_clear(mstatus, MSTATUS_MIE);
	csr_write(mie, 0);
	test_access_forms();

	csr_write(mie, 1UL << IRQ_MTI);
	write64(0, MTIMECMP0, read64(0, CLINT_MTIME_ADDR));
	check(csr_read(mip) & MIP_MTIP, "mtimecmp = mtime: MTIP pending");
	check_eq(traps, 0, "no trap while MIE = 0");
	enable_and_expect_trap(1);
	printf("clint-interrupt: MTI trapped as soon as MIE was set, mcause = 0x%lx\n",
	       MCAUSE_INTR | IRQ_MTI);
	printf("clint-interrupt: csrc mip.MTIP left it pending\n");

	for (unsigned i = 0; i < REENABLES; i++) {
		/* Every other round re-arms mtimecmp = mtime with another form;
		 * the others leave the old, still pending, deadline alone. */
		if (i & 1) {
			unsigned form = (i / 2) % NFORMS;
			write64(form, MTIMECMP0, read64((form + 1) % NFORMS, CLINT_MTIME_ADDR));
		}
		enable_and_expect_trap(2 + i);
	}
	printf("clint-interrupt: %u re-enables, %u re-traps\n", REENABLES, traps - 1);

	write64(3, MTIMECMP0, MTIMECMP_NEVER);
	check_eq(read64(2, MTIMECMP0), MTIMECMP_NEVER, "mtimecmp = max");
	check_eq(csr_read(mip) & MIP_MTIP, 0, "mtimecmp = max clears MTIP");
	unsigned before = traps;
	enable_mie();
	for (unsigned i = 0; i < SPIN_LIMIT; i++)
		__asm__ volatile("nop");
	csr_clear(mstatus, MSTATUS_MIE);
	check_eq(traps, before, "no trap once mtimecmp = max");
	csr_write(mie, 0);
	printf("clint-interrupt: mtimecmp = max: MIE re-enabled, no more traps\n");
	printf("clint-interrupt: all checks passed\n");
	return 0;
}
