/* clint-interrupt-priority: simultaneous pending interrupts are taken in the
 * order MEI > MSI > MTI > SEI > SSI > STI (priv spec 3.1.9), whatever the
 * order in which they became pending.
 * A. msip[0] = 1 and mtimecmp = mtime, mie = MSIE|MTIE, then MIE: the MSI is
 *    taken first (MTIP still pending in its handler), then the MTI; the
 *    handlers clear the sources (msip[0] = 0, mtimecmp = max) and afterwards
 *    the M-level bits of mip read 0.
 * B. Same sources made pending in the other order, but only MTIE enabled:
 *    only the MTI is taken; enabling MSIE then takes the MSI (mie masks).
 * C. With mideleg = 0, a supervisor software interrupt (mip.SSIP, set by
 *    M-mode software) is an M-level interrupt too and is taken in M-mode.
 *    The spec puts MTI before SSI, but QEMU 7.2 without AIA takes the
 *    lowest-numbered pending interrupt (riscv_cpu_pending_to_irq: ctz), i.e.
 *    SSI first, so only the set of interrupts taken is checked there. Only
 *    MSI > MTI is both the spec's order and QEMU's (MEI is not tested: it
 *    needs the PLIC, and QEMU would also take it after MSI and MTI). */
#include "clint.h"
#include "fw.h"

void enable_mie(void);
extern char mie_set_done[];

#define MIP_SSIP	(1UL << IRQ_SSI)
#define M_BITS		(MIP_MSIP | MIP_MTIP | MIP_MEIP)
#define MAX_TRAPS	4

static volatile unsigned traps;
static volatile uint64_t seen_code[MAX_TRAPS], seen_mip[MAX_TRAPS], seen_epc[MAX_TRAPS];

void trap_handler(struct trap_frame *f)
{
	uint64_t code = f->mcause & ~MCAUSE_INTR;

	if (!(f->mcause & MCAUSE_INTR) || traps >= MAX_TRAPS) {
		printf("FAIL: unexpected trap: mcause=0x%lx mepc=0x%lx mtval=0x%lx\n", f->mcause,
		       f->mepc, f->mtval);
		exit_failure(2);
	}
	seen_code[traps] = code;
	seen_mip[traps] = csr_read(mip);
	seen_epc[traps] = f->mepc;
	traps++;
	/* Clear the source, so that mret (MIE = MPIE = 1) takes the next one. */
	switch (code) {
	case IRQ_MSI:
		*clint_msip(0) = 0;
		break;
	case IRQ_MTI:
		*clint_mtimecmp(0) = MTIMECMP_NEVER;
		break;
	case IRQ_SSI:
		csr_clear(mip, MIP_SSIP);
		break;
	default:
		printf("FAIL: unexpected interrupt %lu\n", code);
		exit_failure(1);
	}
}

static const char *irq_name(uint64_t code)
{
	switch (code) {
	case IRQ_SSI:
		return "SSI";
	case IRQ_MSI:
		return "MSI";
	case IRQ_MTI:
		return "MTI";
	default:
		return "?";
	}
}

/* Check the trap sequence; every trap came right after MIE was set or
 * right after the previous handler's mret, i.e. at mie_set_done. */
static void expect(const char *what, unsigned n, const uint64_t *codes, uint64_t still_pending,
		   bool any_order)
{
	check_eq(traps, n, "number of interrupts taken");
	if (any_order && n == 2 && seen_code[0] == codes[1]) {
		/* Same set, other order: compare and print in the spec's order. */
		uint64_t c = seen_code[0], m = seen_mip[0];
		seen_code[0] = seen_code[1];
		seen_code[1] = c;
		seen_mip[0] = seen_mip[1] | m;	/* the first one saw both pending */
		seen_mip[1] = m;
	}
	for (unsigned i = 0; i < n; i++) {
		check_eq(seen_code[i], codes[i], "interrupt order");
		check_eq(seen_epc[i], (uint64_t)(uintptr_t)mie_set_done, "taken right away");
		/* Every interrupt taken later was pending during the earlier handlers. */
		for (unsigned j = i; j < n; j++)
			check(seen_mip[i] & (1UL << codes[j]), "later interrupt pending in handler");
	}
	check_eq(csr_read(mip) & (M_BITS | MIP_SSIP), still_pending, "mip after the handlers");
	printf("clint-interrupt-priority: %s:", what);
	for (unsigned i = 0; i < n; i++)
		printf(" %s", irq_name(seen_code[i]));
	printf(", then mip & 0x88a = 0x%lx\n", still_pending);
	traps = 0;
}

static void mti_now(void)
{
	*clint_mtimecmp(0) = clint_mtime();
}

int main(void)
{
	csr_clear(mstatus, MSTATUS_MIE);
	csr_write(mie, 0);
	csr_write(mideleg, 0);
	*clint_msip(0) = 0;
	*clint_mtimecmp(0) = MTIMECMP_NEVER;
	check_eq(csr_read(mip) & (M_BITS | MIP_SSIP), 0, "nothing pending at the start");

	/* A */
	*clint_msip(0) = 1;
	mti_now();
	check_eq(csr_read(mip) & M_BITS, MIP_MSIP | MIP_MTIP, "MSIP and MTIP pending");
	csr_write(mie, (1UL << IRQ_MSI) | (1UL << IRQ_MTI));
	check_eq(traps, 0, "no trap while MIE = 0");
	enable_mie();
	csr_clear(mstatus, MSTATUS_MIE);
	expect("MSI and MTI pending", 2, (const uint64_t[]){ IRQ_MSI, IRQ_MTI }, 0, false);

	/* B */
	csr_write(mie, 1UL << IRQ_MTI);
	mti_now();
	*clint_msip(0) = 1;
	enable_mie();
	csr_clear(mstatus, MSTATUS_MIE);
	expect("MTI and MSI pending, only MTIE", 1, (const uint64_t[]){ IRQ_MTI }, MIP_MSIP, false);
	csr_set(mie, 1UL << IRQ_MSI);
	enable_mie();
	csr_clear(mstatus, MSTATUS_MIE);
	expect("then MSIE too", 1, (const uint64_t[]){ IRQ_MSI }, 0, false);

	/* C */
	csr_write(mie, (1UL << IRQ_SSI) | (1UL << IRQ_MTI));
	csr_set(mip, MIP_SSIP);
	mti_now();
	enable_mie();
	csr_clear(mstatus, MSTATUS_MIE);
	expect("SSI (mideleg = 0) and MTI pending, any order", 2,
	       (const uint64_t[]){ IRQ_MTI, IRQ_SSI }, 0, true);

	csr_write(mie, 0);
	printf("clint-interrupt-priority: all checks passed\n");
	return 0;
}
