/* vectored-mtvec: mtvec.MODE = 1 (Vectored, priv spec 3.1.7).
 * 1. mtvec = vector_table | 1 reads back unchanged.
 * 2. An ecall (a synchronous exception) enters at BASE (slot 0), mcause 11.
 * 3. A machine software interrupt (msip[0] = 1, MSIE) enters at BASE + 4*3.
 * 4. A machine timer interrupt (mtimecmp = mtime, MTIE) enters at BASE + 4*7
 *    with mcause 0x8000000000000007; a bounded spin with no trap fails.
 * In 3 and 4 the interrupt is pending before MIE is set, so it must trap right
 * after the csrs that sets MIE (priv spec 3.1.9), with MPIE = 1, MIE = 0 and
 * MPP = M in mstatus (priv spec 3.1.6.1). Any other slot fails. */
#include "clint.h"
#include "fw.h"

extern char vector_table[], vector_table_end[];
extern volatile uint64_t vector_entry;
void do_ecall(void);
extern char ecall_insn[];
void enable_mie(void);
void trap_entry(void);	/* common/trap.S, direct mode */
extern char mie_set_done[];

#define SPIN_LIMIT 10000

static volatile unsigned traps;
static volatile uint64_t seen_entry, seen_cause, seen_epc, seen_mstatus, seen_mip;

void trap_handler(struct trap_frame *f)
{
	uint64_t entry = vector_entry;

	vector_entry = (uint64_t)-1;
	traps++;
	seen_entry = entry;
	seen_cause = f->mcause;
	seen_epc = f->mepc;
	seen_mstatus = f->mstatus;
	seen_mip = csr_read(mip);
	if (f->mcause & MCAUSE_INTR) {
		/* Vectored: interrupt cause i enters at slot i; nothing else may. */
		uint64_t code = f->mcause & ~MCAUSE_INTR;
		if (entry != code) {
			printf("FAIL: interrupt mcause 0x%lx entered at slot %ld\n", f->mcause,
			       (long)entry);
			exit_failure(1);
		}
		/* Silence the source, or mret would re-enter at once. */
		if (code == IRQ_MSI)
			*clint_msip(0) = 0;
		else if (code == IRQ_MTI)
			*clint_mtimecmp(0) = MTIMECMP_NEVER;
		else
			fw_fail("unexpected interrupt cause", __FILE__, __LINE__);
		return;
	}
	if (entry != 0) {
		printf("FAIL: exception mcause 0x%lx entered at slot %ld, not BASE\n", f->mcause,
		       (long)entry);
		exit_failure(1);
	}
	if (f->mcause != CAUSE_ECALL_M)
		fw_fail_eq("unexpected exception", f->mcause, CAUSE_ECALL_M, __FILE__, __LINE__);
	trap_skip(f);
}

static void check_interrupt_entry(const char *name, unsigned irq)
{
	check_eq(traps, 1, "one interrupt trap");
	check_eq(seen_entry, irq, "vector slot");
	check_eq(seen_cause, MCAUSE_INTR | irq, "mcause");
	check_eq(seen_epc, (uint64_t)(uintptr_t)mie_set_done, "trap right after MIE was set");
	check_eq(seen_mstatus & (MSTATUS_MIE | MSTATUS_MPIE), MSTATUS_MPIE,
		 "mstatus.MIE = 0, MPIE = 1 in the handler");
	check_eq(mstatus_mpp(seen_mstatus), PRV_M, "mstatus.MPP = M");
	check(seen_mip & (1UL << irq), "mip bit pending in the handler");
	/* mret restored MIE from MPIE; the handler silenced the source. */
	check(csr_read(mstatus) & MSTATUS_MIE, "mstatus.MIE = 1 after mret");
	csr_clear(mstatus, MSTATUS_MIE);
	check_eq(csr_read(mip) & (1UL << irq), 0, "mip bit clear after the handler");
	printf("vectored-mtvec: %s entered at BASE + 4*%lu, mcause = 0x%lx\n", name, seen_entry,
	       seen_cause);
}

int main(void)
{
	uint64_t base = (uint64_t)(uintptr_t)vector_table;

	check_eq(vector_table_end - vector_table, 16 * 4, "16 four-byte slots");
	csr_write(mie, 0);
	csr_clear(mstatus, MSTATUS_MIE);
	csr_write(mideleg, 0);	/* M-level interrupts cannot be delegated anyway */
	csr_write(mtvec, base | 1);
	check_eq(csr_read(mtvec), base | 1, "mtvec read-back in vectored mode");
	printf("vectored-mtvec: mtvec = BASE | 1 (vectored) reads back\n");

	/* Synchronous exception: always BASE. */
	do_ecall();
	check_eq(traps, 1, "one ecall trap");
	check_eq(seen_entry, 0, "ecall entry slot");
	check_eq(seen_cause, CAUSE_ECALL_M, "ecall mcause");
	check_eq(seen_epc, (uint64_t)(uintptr_t)ecall_insn, "ecall mepc");
	printf("vectored-mtvec: ecall entered at BASE, mcause = %lu\n", seen_cause);

	/* Machine software interrupt through msip[0]. */
	traps = 0;
	csr_write(mie, 1UL << IRQ_MSI);
	*clint_msip(0) = 1;
	check(csr_read(mip) & MIP_MSIP, "mip.MSIP after msip[0] = 1");
	check_eq(traps, 0, "no trap while mstatus.MIE = 0");
	enable_mie();
	for (unsigned i = 0; i < SPIN_LIMIT && !traps; i++)
		__asm__ volatile("nop");
	if (!traps)
		fw_fail("no software interrupt trap", __FILE__, __LINE__);
	check_interrupt_entry("machine software interrupt", IRQ_MSI);

	/* Machine timer interrupt: mtimecmp = mtime makes MTIP pending now
	 * (priv spec 3.2.1: pending while mtime >= mtimecmp). */
	traps = 0;
	csr_write(mie, 1UL << IRQ_MTI);
	*clint_mtimecmp(0) = clint_mtime();
	check(csr_read(mip) & MIP_MTIP, "mip.MTIP after mtimecmp = mtime");
	check_eq(traps, 0, "no trap while mstatus.MIE = 0");
	enable_mie();
	for (unsigned i = 0; i < SPIN_LIMIT && !traps; i++)
		__asm__ volatile("nop");
	if (!traps) {
		printf("FAIL: firmware did not trap\n");
		exit_failure(1);
	}
	check_interrupt_entry("machine timer interrupt", IRQ_MTI);

	csr_write(mie, 0);
	csr_write(mtvec, (uint64_t)(uintptr_t)trap_entry);
	printf("vectored-mtvec: all checks passed\n");
	return 0;
}
