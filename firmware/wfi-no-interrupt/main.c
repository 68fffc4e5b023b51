/* wfi-no-interrupt: wfi with interrupts globally disabled (priv spec 3.3.3:
 * "The operation of WFI must be unaffected by the global interrupt bits in
 * mstatus (MIE and SIE) and the delegation register mideleg (i.e., the hart
 * must resume if a locally enabled interrupt becomes pending, even if it has
 * been delegated to a less-privileged mode)", and then no trap is taken).
 * wfi may also return at any time (it is a hint), so nothing here relies on
 * it waiting; the tests only make sure that it returns when it must and that
 * it takes no trap. Checks, each with mstatus.MIE = 0:
 *  1. mie = MTIE, mtimecmp in the past: wfi returns, no trap, mip.MTIP = 1;
 *     the same with mstatus.TW = 1 (TW only traps wfi below M, 3.1.6.5);
 *  2. mie = MTIE, mtimecmp a little in the future: a wfi loop ends when
 *     MTIP rises, no trap;
 *  3. mie = MSIE, msip = 1: wfi returns, no trap, mip.MSIP = 1;
 *  4. mie = SSIE, mip.SSIP set by software and delegated in mideleg: wfi
 *     returns; no trap even with MIE = 1, since an interrupt delegated to S
 *     is never taken in M (3.1.9); undelegated, it traps at once (cause 1);
 *  5. the MTI left pending by 1 traps as soon as MIE is set (3.1.9: pending
 *     interrupts are evaluated right after the mstatus write), cause 7. */
#include "clint.h"
#include "fw.h"

#define MIP_SSIP (1UL << IRQ_SSI)
#define LOCAL_BITS (MIP_SSIP | MIP_MSIP | MIP_MTIP)	/* the ones this test drives */

static volatile unsigned traps;
static volatile uint64_t seen_cause, seen_mip;

void trap_handler(struct trap_frame *f)
{
	traps++;
	seen_cause = f->mcause;
	seen_mip = csr_read(mip);
	/* Silence the source so that the mret does not re-trap. */
	if (f->mcause == (MCAUSE_INTR | IRQ_MTI)) {
		*clint_mtimecmp(0) = MTIMECMP_NEVER;
	} else if (f->mcause == (MCAUSE_INTR | IRQ_SSI)) {
		csr_clear(mip, MIP_SSIP);
	} else {
		printf("FAIL: unexpected trap: mcause=0x%lx mepc=0x%lx mtval=0x%lx\n",
		       f->mcause, f->mepc, f->mtval);
		exit_failure(2);
	}
}

static void wfi(void)
{
	__asm__ volatile("wfi" ::: "memory");
}

static void quiet(void)
{
	csr_write(mie, 0);
	*clint_msip(0) = 0;
	*clint_mtimecmp(0) = MTIMECMP_NEVER;
	csr_clear(mip, MIP_SSIP);
	csr_write(mideleg, 0);
	check_eq(csr_read(mip) & LOCAL_BITS, 0, "no local interrupt pending");
}

static void test_mtip_past(void)
{
	quiet();
	csr_write(mie, MIP_MTIP);
	*clint_mtimecmp(0) = 0;		/* mtime >= 0: MTIP pending (priv spec 3.2.1) */
	wfi();
	check_eq(traps, 0, "no trap from wfi with MIE = 0");
	check(csr_read(mip) & MIP_MTIP, "mip.MTIP after wfi");
	printf("wfi-no-interrupt: MIE = 0, MTIE, mtimecmp = 0: wfi returned, no trap, "
	       "mip.MTIP = %lu\n", (csr_read(mip) & MIP_MTIP) >> IRQ_MTI);

	csr_set(mstatus, MSTATUS_TW);
	check(csr_read(mstatus) & MSTATUS_TW, "mstatus.TW is writable");
	wfi();
	csr_clear(mstatus, MSTATUS_TW);
	check_eq(traps, 0, "no trap from wfi in M-mode with TW = 1");
	printf("wfi-no-interrupt: the same with mstatus.TW = 1: no illegal instruction in M-mode\n");
}

static void test_mtip_future(void)
{
	unsigned wfis = 0;

	*clint_mtimecmp(0) = MTIMECMP_NEVER;
	check_eq(csr_read(mip) & MIP_MTIP, 0, "MTIP clear with mtimecmp = max");
	*clint_mtimecmp(0) = clint_mtime() + 1000000;	/* 100 ms at 10 MHz: room for a loaded host */
	while (!(csr_read(mip) & MIP_MTIP)) {
		wfi();
		wfis++;
	}
	check_eq(traps, 0, "no trap while waiting with MIE = 0");
	check(wfis >= 1, "at least one wfi");
	printf("wfi-no-interrupt: MIE = 0, MTIE, mtimecmp = mtime + 1000000: wfi loop ended on "
	       "MTIP, no trap\n");
}

static void test_msip(void)
{
	quiet();
	csr_write(mie, MIP_MSIP);
	*clint_msip(0) = 1;
	wfi();
	check_eq(traps, 0, "no trap from wfi with MIE = 0 and MSIP");
	check(csr_read(mip) & MIP_MSIP, "mip.MSIP after wfi");
	printf("wfi-no-interrupt: MIE = 0, MSIE, msip = 1: wfi returned, no trap, mip.MSIP = %lu\n",
	       (csr_read(mip) & MIP_MSIP) >> IRQ_MSI);
	*clint_msip(0) = 0;
	check_eq(csr_read(mip) & MIP_MSIP, 0, "mip.MSIP after msip = 0");
}

static void test_ssip(void)
{
	quiet();
	csr_write(mideleg, MIP_SSIP);
	check(csr_read(mideleg) & MIP_SSIP, "mideleg.SSI is writable");
	csr_write(mie, MIP_SSIP);
	csr_set(mip, MIP_SSIP);
	check(csr_read(mip) & MIP_SSIP, "mip.SSIP set by software");
	wfi();
	check_eq(traps, 0, "no trap from wfi with a delegated SSIP");

	/* A delegated interrupt is disabled in M whatever MIE says (3.1.9). */
	csr_set(mstatus, MSTATUS_MIE);
	__asm__ volatile("nop; nop" ::: "memory");
	csr_clear(mstatus, MSTATUS_MIE);
	check_eq(traps, 0, "a delegated SSIP never traps in M-mode");
	check(csr_read(mip) & MIP_SSIP, "mip.SSIP still pending");
	printf("wfi-no-interrupt: MIE = 0, SSIE, SSIP delegated: wfi returned, no trap, "
	       "not taken in M with MIE = 1 either\n");

	/* Undelegated, the same pending SSIP is an M-level interrupt. */
	csr_write(mideleg, 0);
	csr_set(mstatus, MSTATUS_MIE);
	__asm__ volatile("nop; nop" ::: "memory");
	csr_clear(mstatus, MSTATUS_MIE);
	check_eq(traps, 1, "SSIP undelegated traps once MIE = 1");
	check_eq(seen_cause, MCAUSE_INTR | IRQ_SSI, "mcause of the SSI");
	check_eq(csr_read(mip) & MIP_SSIP, 0, "the handler cleared mip.SSIP");
	printf("wfi-no-interrupt: undelegated, it traps as soon as MIE = 1: mcause = 0x%lx\n",
	       seen_cause);
	traps = 0;
}

static void test_mti_after(void)
{
	quiet();
	csr_write(mie, MIP_MTIP);
	*clint_mtimecmp(0) = 0;
	wfi();
	check_eq(traps, 0, "no trap from wfi with MIE = 0");
	csr_set(mstatus, MSTATUS_MIE);
	__asm__ volatile("nop; nop" ::: "memory");
	csr_clear(mstatus, MSTATUS_MIE);
	check_eq(traps, 1, "the pending MTI traps once MIE = 1");
	check_eq(seen_cause, MCAUSE_INTR | IRQ_MTI, "mcause of the MTI");
	check(seen_mip & MIP_MTIP, "mip.MTIP in the handler");
	check_eq(csr_read(mip) & MIP_MTIP, 0, "MTIP clear after mtimecmp = max");
	printf("wfi-no-interrupt: the MTI left pending traps as soon as MIE = 1: mcause = 0x%lx\n",
	       seen_cause);
}

int main(void)
{
	csr_clear(mstatus, MSTATUS_MIE);
	test_mtip_past();
	test_mtip_future();
	test_msip();
	test_ssip();
	test_mti_after();
	quiet();
	printf("wfi-no-interrupt: all checks passed\n");
	return 0;
}
