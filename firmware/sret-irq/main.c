/* sret-irq: sret executed in M-mode (priv. spec 3.3.2) sets SIE = SPIE,
 * SPIE = 1, SPP = U and enters S (SPP was S). An M-level interrupt that is
 * pending and enabled (mie.MSIE, msip = 1) is taken right away from S
 * (M-level interrupts are always enabled below M, 3.1.9): the M-mode
 * handler sees mepc = the sret target, MPP = S, and the sstatus fields as
 * the sret left them: SPP = 0, SIE = 1 (was SPIE = 1), SPIE = 1.
 * Then the same with mret into S (MPP = S): the S fields are untouched. */
#include "clint.h"
#include "fw.h"

void do_sret(uint64_t *res);
extern char payload_spin[], sret_irq_handler[];

static uint64_t res[3];

int main(void)
{
	uint64_t ms, saved_mtvec;

	csr_write(pmpaddr0, ~0UL >> 10);
	csr_write(pmpcfg0, PMP_A_TOR | PMP_R | PMP_W | PMP_X);
	csr_clear(mstatus, MSTATUS_MIE);
	csr_write(medeleg, 0);
	csr_write(mideleg, 0);
	csr_write(mie, 1UL << IRQ_MSI);
	*clint_msip(0) = 1;

	/* SPP = S, SPIE = 1, SIE = 0 */
	csr_clear(mstatus, MSTATUS_SIE);
	csr_set(mstatus, MSTATUS_SPP | MSTATUS_SPIE);
	saved_mtvec = csr_swap(mtvec, (uint64_t)(uintptr_t)sret_irq_handler);
	do_sret(res);
	csr_write(mtvec, saved_mtvec);
	*clint_msip(0) = 0;
	csr_write(mie, 0);

	ms = res[2];
	printf("sret-irq: mcause = 0x%lx, mepc at the sret target = %d, MPP = %lu\n", res[0],
	       res[1] == (uint64_t)(uintptr_t)payload_spin, mstatus_mpp(ms));
	printf("sret-irq: after sret: SPP = %lu, SIE = %lu, SPIE = %lu\n", (ms >> 8) & 1,
	       (ms >> 1) & 1, (ms >> 5) & 1);
	printf("sret-irq: done\n");
	return 0;
}
