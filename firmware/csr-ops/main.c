/* csr-ops: CSR instruction semantics and CSR round trips. Values the
 * hardware chooses (IDs, WARL read-backs) are printed, so that a run under
 * the monitor can be compared line by line with a native run; only
 * architectural facts are checked. */
#include "csr_ops.h"

volatile bool expecting;
volatile unsigned traps;
volatile uint64_t seen_cause, seen_tval, seen_insn;

void trap_handler(struct trap_frame *f)
{
	if (!expecting) {
		printf("FAIL: unexpected trap: mcause=0x%lx mepc=0x%lx mtval=0x%lx\n",
		       f->mcause, f->mepc, f->mtval);
		exit_failure(2);
	}
	traps++;
	seen_cause = f->mcause;
	seen_tval = f->mtval;
	seen_insn = *(volatile uint32_t *)(uintptr_t)f->mepc;
	trap_skip(f);
}

bool implemented(const char *name, unsigned read_traps)
{
	if (read_traps == 0)
		return true;
	check_eq(seen_cause, CAUSE_ILLEGAL_INSN, "reading an absent CSR");
	printf("csr-ops: %s is not implemented\n", name);
	return false;
}

uint64_t show(const char *name, uint64_t v)
{
	printf("csr-ops: %s = 0x%lx\n", name, v);
	return v;
}

int main(void)
{
	test_forms();
	test_readonly();
	test_mcsrs();
	test_scsrs();
	printf("csr-ops: all checks passed\n");
	return 0;
}
