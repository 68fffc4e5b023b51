/* priv-loads: loads M-mode firmware may use to read lower-privilege memory.
 *  1. fld/fsd with mstatus.MPRV = 1, MPP = S, bare satp (priv. 3.1.6.3:
 *     MPRV applies to every explicit load and store, FP included).
 *  (hlv/hsv are left out: QEMU 7.2 executes them in U-mode without
 *  trapping even with hstatus.HU = 0, so no monitor can see them there;
 *  see docs/deviations.md.)
 * Each prints whether it trapped and the value; native is the oracle. */
#include "fw.h"

#define MSTATUS_FS (3UL << 13)

static volatile bool expecting;
static volatile unsigned traps;
static volatile uint64_t seen_cause;
static volatile uint64_t word = 0x1122334455667788UL, out;

void trap_handler(struct trap_frame *f)
{
	if (!expecting) {
		printf("FAIL: unexpected trap: mcause=0x%lx mepc=0x%lx\n", f->mcause, f->mepc);
		exit_failure(2);
	}
	traps++;
	seen_cause = f->mcause;
	trap_skip(f);
}

static void report(const char *what, unsigned before, uint64_t v)
{
	if (traps == before)
		printf("priv-loads: %s: no trap, 0x%lx\n", what, v);
	else
		printf("priv-loads: %s: mcause = %lu\n", what, seen_cause);
}

int main(void)
{
	unsigned before;
	uint64_t v = 0;

	csr_write(pmpaddr0, ~0UL >> 10);
	csr_write(pmpcfg0, PMP_A_TOR | PMP_R | PMP_W | PMP_X);
	if (csr_read(misa) & ((1UL << ('D' - 'A')))) {
		csr_set(mstatus, MSTATUS_FS);
		csr_clear(mstatus, MSTATUS_MPP);
		csr_set(mstatus, PRV_S << MSTATUS_MPP_SHIFT);
		before = traps;
		expecting = true;
		/* fld f1, 0(a0); mprv on around it; fmv.x.d a1, f1 after */
		__asm__ volatile("mv a0, %1\n"
				 "li t0, %2\n"
				 "csrs mstatus, t0\n"
				 ".word 0x00053087\n"	/* fld f1, 0(a0) */
				 "csrc mstatus, t0\n"
				 ".word 0xe20085d3\n"	/* fmv.x.d a1, f1 */
				 "mv %0, a1\n"
				 : "=r"(v) : "r"(&word), "i"(MSTATUS_MPRV)
				 : "a0", "a1", "t0", "memory");
		expecting = false;
		report("fld with MPRV=1 MPP=S", before, v);
	}
	printf("priv-loads: done\n");
	return 0;
}
