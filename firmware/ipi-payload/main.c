/* ipi-payload (2 harts): an IPI (msip) to a hart running in S-mode.
 * Hart 1 enables MSIE (MIE = 0, mideleg = 0) and mrets into an S-mode
 * spin loop, which sets a flag; hart 0 waits for the flag and writes
 * msip[1] = 1. M-level interrupts are always enabled below M (3.1.9): hart 1
 * traps to M with mcause MSI, MPP = S, mepc in the loop. */
#include "clint.h"
#include "fw.h"

void go_lower(uint64_t *res, uint64_t pc);
void spin_s(void);
extern char ipi_handler[];
extern volatile uint32_t spin_s_ready;

static uint64_t res[3];
static volatile uint32_t done;

void secondary_main(unsigned long hartid)
{
	if (hartid == 1) {
		csr_write(pmpaddr0, ~0UL >> 10);
		csr_write(pmpcfg0, PMP_A_TOR | PMP_R | PMP_W | PMP_X);
		csr_clear(mstatus, MSTATUS_MIE);
		csr_write(medeleg, 0);
		csr_write(mideleg, 0);
		csr_write(mie, 1UL << IRQ_MSI);
		csr_write(mtvec, (uint64_t)(uintptr_t)ipi_handler);
		csr_clear(mstatus, MSTATUS_MPP);
		csr_set(mstatus, PRV_S << MSTATUS_MPP_SHIFT);
		go_lower(res, (uint64_t)(uintptr_t)spin_s);
		*clint_msip(1) = 0;
		csr_write(mie, 0);
		__atomic_store_n(&done, 1, __ATOMIC_SEQ_CST);
	}
	for (;;)
		__asm__ volatile("wfi");
}

int main(void)
{
	while (!__atomic_load_n(&spin_s_ready, __ATOMIC_SEQ_CST))
		;
	uint64_t until = clint_mtime() + CLINT_TIMEBASE_HZ / 1000;
	while (clint_mtime() < until)
		;
	*clint_msip(1) = 1;
	while (!__atomic_load_n(&done, __ATOMIC_SEQ_CST))
		;
	printf("ipi-payload: hart 1 in S: mcause = 0x%lx, MPP = %lu, mepc in the loop = %d\n",
	       res[0], mstatus_mpp(res[2]),
	       res[1] >= (uint64_t)(uintptr_t)spin_s && res[1] < (uint64_t)(uintptr_t)spin_s + 20);
	printf("ipi-payload: msip[1] = %u, done\n", *clint_msip(1));
	return 0;
}
