/* clint-interrupt-multihart (2 harts): inter-processor interrupts through
 * the CLINT's msip registers (priv spec 3.1.9: MSIP is written by accessing
 * memory-mapped control registers, which remote harts use for IPIs).
 * 1. Hart 0 enables MSIE and waits in wfi with MIE set (common/wfi_mie.S);
 *    hart 1 writes msip[0] = 1.
 *    Hart 0's handler sees mcause 0x8000000000000003 and msip[0] = 1, and
 *    clears msip[0], which clears its mip.MSIP.
 * 2. The other way round: hart 1 waits in wfi, hart 0 sends.
 * Only hart 0 prints, so the output cannot interleave. */
#include "clint.h"
#include "fw.h"
#include "wfi_mie.h"

#define NHARTS 2

static volatile uint32_t ready[NHARTS];		/* hart h waits with MSIE+MIE set */
static volatile uint32_t received[NHARTS];	/* IPIs handled by hart h */
static volatile uint64_t seen_cause[NHARTS], seen_msip[NHARTS], seen_mip_after[NHARTS];

void trap_handler(struct trap_frame *f)
{
	unsigned long h = csr_read(mhartid);

	if (h >= NHARTS || f->mcause != (MCAUSE_INTR | IRQ_MSI)) {
		printf("FAIL: unexpected trap on hart %lu: mcause=0x%lx mepc=0x%lx mtval=0x%lx\n", h,
		       f->mcause, f->mepc, f->mtval);
		exit_failure(2);
	}
	if (!wfi_mie_fixup(f)) {
		printf("FAIL: hart %lu: IPI outside the wait, mepc=0x%lx\n", h, f->mepc);
		exit_failure(2);
	}
	seen_cause[h] = f->mcause;
	seen_msip[h] = *clint_msip(h);
	*clint_msip(h) = 0;
	seen_mip_after[h] = csr_read(mip);
	__atomic_fetch_add(&received[h], 1, __ATOMIC_SEQ_CST);
}

static void wait_for_ipi(unsigned long h)
{
	csr_write(mie, 1UL << IRQ_MSI);
	__atomic_store_n(&ready[h], 1, __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&received[h], __ATOMIC_SEQ_CST))
		wfi_mie();
	csr_write(mie, 0);
}

/* Give the target time to reach its wfi (1 ms at 10 MHz): the IPI should
 * wake a sleeping hart, not merely be found pending. */
static void send_ipi(unsigned long to)
{
	while (!__atomic_load_n(&ready[to], __ATOMIC_SEQ_CST))
		;
	uint64_t until = clint_mtime() + CLINT_TIMEBASE_HZ / 1000;
	while (clint_mtime() < until)
		;
	*clint_msip(to) = 1;
}

static void check_received(unsigned long h)
{
	check_eq(received[h], 1, "exactly one IPI handled");
	check_eq(seen_cause[h], MCAUSE_INTR | IRQ_MSI, "mcause of the IPI");
	check_eq(seen_msip[h], 1, "msip set while the handler runs");
	check_eq(seen_mip_after[h] & MIP_MSIP, 0, "clearing msip clears mip.MSIP");
	check_eq(*clint_msip(h), 0, "msip cleared");
}

void secondary_main(unsigned long hartid)
{
	if (hartid == 1) {
		send_ipi(0);
		wait_for_ipi(1);
	}
	for (;;)
		__asm__ volatile("wfi");	/* mie = 0: parked */
}

int main(void)
{
	csr_clear(mstatus, MSTATUS_MIE);
	*clint_msip(0) = 0;
	wait_for_ipi(0);
	check_received(0);
	printf("clint-interrupt-multihart: hart 1 -> hart 0: mcause = 0x%lx, msip[0] cleared\n",
	       seen_cause[0]);

	send_ipi(1);
	while (!__atomic_load_n(&received[1], __ATOMIC_SEQ_CST))
		;
	check_received(1);
	check_eq(received[0], 1, "no second IPI on hart 0");
	printf("clint-interrupt-multihart: hart 0 -> hart 1: mcause = 0x%lx, msip[1] cleared\n",
	       seen_cause[1]);
	printf("clint-interrupt-multihart: all checks passed\n");
	return 0;
}
