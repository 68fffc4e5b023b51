/* vs-irq-m: a VS-level software interrupt (hvip.VSSIP) with mie.VSSIE and
 * mstatus.MIE set in M-mode, before the firmware ever touches mideleg.
 * Whether M takes it depends on mideleg's H bits (QEMU 7.2 sets them on the
 * first mideleg access); the firmware prints what happened and then reads
 * mideleg and tries again. The native run is the oracle. */
#include "fw.h"

#define VSSI 2
#define CSR_HVIP 0x645

static volatile unsigned traps;
static volatile uint64_t seen_cause, seen_mepc;

void trap_handler(struct trap_frame *f)
{
	traps++;
	seen_cause = f->mcause;
	seen_mepc = f->mepc;
	csr_write(CSR_HVIP, 0);
	csr_write(mie, 0);
	if (!(f->mcause >> 63)) {
		printf("FAIL: exception: mcause=0x%lx mepc=0x%lx mtval=0x%lx\n", f->mcause,
		       f->mepc, f->mtval);
		exit_failure(2);
	}
}

static void attempt(const char *what)
{
	unsigned before = traps;

	csr_write(mie, 1UL << VSSI);
	csr_write(CSR_HVIP, 1UL << VSSI);
	csr_set(mstatus, MSTATUS_MIE);
	for (volatile int i = 0; i < 100; i++)
		;
	csr_clear(mstatus, MSTATUS_MIE);
	csr_write(CSR_HVIP, 0);
	csr_write(mie, 0);
	if (traps == before)
		printf("vs-irq-m: %s: not taken in M\n", what);
	else
		printf("vs-irq-m: %s: taken in M, mcause = 0x%lx\n", what, seen_cause);
}

int main(void)
{
	if (!(csr_read(misa) & (1UL << ('H' - 'A')))) {
		printf("vs-irq-m: no H extension\n");
		return 0;
	}
	attempt("before any mideleg access");
	printf("vs-irq-m: mideleg = 0x%lx\n", csr_read(mideleg));
	attempt("after reading mideleg");
	printf("vs-irq-m: done\n");
	return 0;
}
