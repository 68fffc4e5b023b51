/* interrupt: the M-mode interrupt CSRs and a timer interrupt taken from wfi.
 * 1. mie is WARL: writing 0xbbb keeps only the implemented enables (priv spec
 *    3.1.9; bits 0, 4, 8 are the removed user-level ones), 0xaaa.
 * 2. sie and sip are views of mie and mip restricted to the bits delegated in
 *    mideleg (priv spec 4.1.3); M-level bits of mip are read-only (3.1.9).
 * 3. wfi resumes when an enabled interrupt becomes pending even with
 *    mstatus.MIE = 0, and then no trap is taken (priv spec 3.3.3).
 * 4. With MTIE set, mtimecmp = mtime + 10000 and a wfi loop with MIE set
 *    (common/wfi_mie.S, free of the lost wake-up race), the handler sees
 *    mcause = MTI with mip.MTIP set, taken from the wait, and silences the
 *    timer by setting mtimecmp to the maximum. */
#include "clint.h"
#include "fw.h"
#include "wfi_mie.h"

#define S_BITS	((1UL << IRQ_SSI) | (1UL << IRQ_STI) | (1UL << IRQ_SEI))	/* 0x222 */
#define M_BITS	(MIP_MSIP | MIP_MTIP | MIP_MEIP)				/* 0x888 */
#define MIP_SSIP (1UL << IRQ_SSI)

static volatile unsigned traps;
static volatile uint64_t seen_cause, seen_mip;
static volatile bool seen_in_wait;

void trap_handler(struct trap_frame *f)
{
	traps++;
	seen_cause = f->mcause;
	seen_mip = csr_read(mip);
	seen_in_wait = wfi_mie_fixup(f);
	if (f->mcause != (MCAUSE_INTR | IRQ_MTI)) {
		printf("FAIL: unexpected trap: mcause=0x%lx mepc=0x%lx mtval=0x%lx\n", f->mcause,
		       f->mepc, f->mtval);
		exit_failure(2);
	}
	*clint_mtimecmp(0) = MTIMECMP_NEVER;	/* MTIP clears when mtime < mtimecmp */
}

static void test_mie_sie(void)
{
	csr_write(mie, 0xbbb);
	uint64_t mie = csr_read(mie);
	check_eq(mie, 0xaaa, "mie after writing 0xbbb");
	printf("interrupt: mie write 0xbbb reads 0x%lx\n", mie);

	csr_write(mie, 0);
	csr_write(mideleg, S_BITS);
	uint64_t mideleg = csr_read(mideleg);
	check_eq(mideleg & 0xfff & ~0x444UL, S_BITS, "S-level bits of mideleg are writable");
	check_eq(mideleg & M_BITS, 0, "M-level interrupts are never delegable");
	printf("interrupt: mideleg write 0x222 reads 0x%lx\n", mideleg);

	csr_write(sie, 0x3ff);
	check_eq(csr_read(sie), S_BITS, "sie after writing 0x3ff with mideleg = 0x222");
	check_eq(csr_read(mie), S_BITS, "sie writes reach mie's delegated bits only");
	printf("interrupt: sie write 0x3ff reads 0x%lx, mie = 0x%lx\n", csr_read(sie),
	       csr_read(mie));

	csr_write(mideleg, 0);
	check_eq(csr_read(sie), 0, "sie shows nothing when nothing is delegated");
	check_eq(csr_read(mie), S_BITS, "mie unchanged by mideleg");
	csr_write(sie, 0);
	check_eq(csr_read(mie), S_BITS, "sie writes ignore undelegated bits");
	csr_write(mideleg, S_BITS);
	check_eq(csr_read(sie), S_BITS, "sie with mideleg = 0x222 again");

	csr_write(mie, 0x3ff);
	mie = csr_read(mie);
	check_eq(mie & 0xaaa, 0x2aa, "mie after writing 0x3ff: the standard enables below bit 10");
	check_eq(mie & 0x111, 0, "mie after writing 0x3ff: no user-level enables");
	check_eq(csr_read(sie), S_BITS, "sie after writing mie = 0x3ff");
	printf("interrupt: mie write 0x3ff reads 0x%lx, sie = 0x%lx\n", mie, csr_read(sie));
	csr_write(mie, 0);
}

static void test_mip_sip(void)
{
	/* mie = 0, mstatus.MIE = 0: nothing below can trap. mtimecmp resets to
	 * 0 on QEMU, so MTIP is pending until the timer is pushed away. */
	*clint_msip(0) = 0;
	*clint_mtimecmp(0) = MTIMECMP_NEVER;
	check_eq(csr_read(mip) & (M_BITS | MIP_SSIP), 0, "mip.MSIP/MTIP/MEIP/SSIP clear");

	csr_write(mideleg, S_BITS);
	csr_set(mip, MIP_SSIP);
	check(csr_read(mip) & MIP_SSIP, "mip.SSIP is writable in M-mode");
	check(csr_read(sip) & MIP_SSIP, "sip.SSIP shows the delegated mip.SSIP");
	csr_write(mideleg, 0);
	check_eq(csr_read(sip), 0, "sip shows nothing when nothing is delegated");
	check(csr_read(mip) & MIP_SSIP, "mip.SSIP unchanged by mideleg");
	csr_clear(mip, MIP_SSIP);
	check_eq(csr_read(mip) & MIP_SSIP, 0, "csrc mip.SSIP");

	csr_set(sip, MIP_SSIP);
	check_eq(csr_read(mip) & MIP_SSIP, 0, "sip.SSIP is read-only zero when not delegated");
	csr_write(mideleg, S_BITS);
	csr_set(sip, MIP_SSIP);
	check(csr_read(mip) & MIP_SSIP, "sip.SSIP writes reach mip when delegated");
	csr_clear(sip, MIP_SSIP);
	check_eq(csr_read(mip) & MIP_SSIP, 0, "csrc sip.SSIP reaches mip");
	printf("interrupt: sip.SSIP is mip.SSIP when delegated, 0 and read-only otherwise\n");

	/* MSIP/MTIP/MEIP are driven by the CLINT and the PLIC. */
	csr_set(mip, M_BITS);
	check_eq(csr_read(mip) & M_BITS, 0, "M-level bits of mip are read-only");
	printf("interrupt: csrs mip 0x888 leaves mip.MSIP/MTIP/MEIP clear\n");
}

static void test_wfi_mie_off(void)
{
	csr_clear(mstatus, MSTATUS_MIE);
	csr_write(mie, 1UL << IRQ_MTI);

	/* Already pending: wfi must not wait at all. */
	*clint_mtimecmp(0) = 0;
	check(csr_read(mip) & MIP_MTIP, "MTIP with mtimecmp = 0");
	__asm__ volatile("wfi");
	check_eq(traps, 0, "no trap with mstatus.MIE = 0");

	/* Becomes pending while waiting. wfi may also return early (it is a
	 * hint), hence the loop; if it never returned the test would time out. */
	*clint_mtimecmp(0) = MTIMECMP_NEVER;
	check_eq(csr_read(mip) & MIP_MTIP, 0, "MTIP clear with mtimecmp = max");
	*clint_mtimecmp(0) = clint_mtime() + 10000;
	while (!(csr_read(mip) & MIP_MTIP))
		__asm__ volatile("wfi");
	check_eq(traps, 0, "no trap with mstatus.MIE = 0");
	*clint_mtimecmp(0) = MTIMECMP_NEVER;
	check_eq(csr_read(mip) & MIP_MTIP, 0, "MTIP clear with mtimecmp = max");
	csr_write(mie, 0);
	printf("interrupt: wfi returned on a pending MTI with mstatus.MIE = 0, no trap\n");
}

static void test_timer_interrupt(void)
{
	csr_write(mideleg, 0);
	csr_write(mie, 1UL << IRQ_MTI);
	*clint_mtimecmp(0) = clint_mtime() + 10000;
	while (!traps)
		wfi_mie();
	check_eq(traps, 1, "one timer interrupt");
	check(seen_in_wait, "the interrupt was taken in the wfi loop");
	check_eq(seen_cause, MCAUSE_INTR | IRQ_MTI, "mcause of the timer interrupt");
	check(seen_mip & MIP_MTIP, "mip.MTIP set in the handler");
	check_eq(csr_read(mip) & MIP_MTIP, 0, "mip.MTIP clear after mtimecmp = max");
	csr_write(mie, 0);
	printf("interrupt: timer interrupt from wfi: mcause = 0x%lx, mip.MTIP was set\n",
	       seen_cause);
}

int main(void)
{
	csr_clear(mstatus, MSTATUS_MIE);
	test_mie_sie();
	test_mip_sip();
	test_wfi_mie_off();
	test_timer_interrupt();
	printf("interrupt: all checks passed\n");
	return 0;
}
