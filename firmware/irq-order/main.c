/* irq-order: the order in which simultaneously pending M-level interrupts
 * are taken, as the native QEMU 7.2 hart takes them (no AIA: the
 * lowest-numbered pending and enabled interrupt first,
 * riscv_cpu_pending_to_irq -> ctz64). mideleg = 0, so the S-level sources
 * are M-level interrupts. Each case makes two sources pending with
 * MIE = 0, then sets MIE; the handler clears the source it took and mrets,
 * which takes the other one. */
#include "clint.h"
#include "fw.h"

void enable_mie(void);

#define MIP_SSIP	(1UL << IRQ_SSI)
#define MIP_STIP	(1UL << IRQ_STI)

static volatile unsigned traps;
static volatile uint64_t seen[4];

void trap_handler(struct trap_frame *f)
{
	uint64_t code = f->mcause & ~MCAUSE_INTR;

	if (!(f->mcause & MCAUSE_INTR) || traps >= 4) {
		printf("FAIL: unexpected trap: mcause=0x%lx mepc=0x%lx\n", f->mcause, f->mepc);
		exit_failure(2);
	}
	seen[traps++] = code;
	switch (code) {
	case IRQ_SSI:
		csr_clear(mip, MIP_SSIP);
		break;
	case IRQ_STI:
		csr_clear(mip, MIP_STIP);
		break;
	case IRQ_MSI:
		*clint_msip(0) = 0;
		break;
	case IRQ_MTI:
		*clint_mtimecmp(0) = MTIMECMP_NEVER;
		break;
	default:
		printf("FAIL: unexpected interrupt %lu\n", code);
		exit_failure(1);
	}
}

static const char *name(uint64_t code)
{
	switch (code) {
	case IRQ_SSI: return "SSI";
	case IRQ_STI: return "STI";
	case IRQ_MSI: return "MSI";
	case IRQ_MTI: return "MTI";
	default: return "?";
	}
}

static void run(const char *what, uint64_t mie)
{
	csr_write(mie, mie);
	enable_mie();
	csr_clear(mstatus, MSTATUS_MIE);
	check_eq(traps, 2, "both interrupts taken");
	printf("irq-order: %s: %s then %s\n", what, name(seen[0]), name(seen[1]));
	traps = 0;
	csr_write(mie, 0);
}

int main(void)
{
	csr_clear(mstatus, MSTATUS_MIE);
	csr_write(mie, 0);
	csr_write(mideleg, 0);
	*clint_msip(0) = 0;
	*clint_mtimecmp(0) = MTIMECMP_NEVER;

	csr_set(mip, MIP_SSIP);
	*clint_msip(0) = 1;
	run("SSI and MSI", MIP_SSIP | MIP_MSIP);

	csr_set(mip, MIP_SSIP);
	*clint_mtimecmp(0) = clint_mtime();
	run("SSI and MTI", MIP_SSIP | MIP_MTIP);

	csr_set(mip, MIP_STIP);
	*clint_mtimecmp(0) = clint_mtime();
	run("STI and MTI", MIP_STIP | MIP_MTIP);

	printf("irq-order: done\n");
	return 0;
}
