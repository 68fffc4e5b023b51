/* interrupt-storm: NREQ machine timer and NREQ machine software interrupts,
 * each handled exactly once. Round i arms a timer deadline a few ticks ahead
 * (mtimecmp = mtime + i % 64, sometimes already due) and a self-IPI
 * (msip[0] = 1), then waits in wfi with MIE set (common/wfi_mie.S) until
 * both handlers ran. Each request carries the sequence number i: a handler run
 * with no request armed (a duplicate, e.g. a source not silenced or an
 * interrupt delivered twice), or with a number other than the last one + 1
 * (a lost one), fails. Handlers silence the source (msip[0] = 0, mtimecmp =
 * max), which clears the pending bit (priv spec 3.1.9, 3.2.1). */
#include "clint.h"
#include "fw.h"
#include "wfi_mie.h"

#define NREQ		10000
#define DELTA_MASK	63

struct source {
	const char *name;
	volatile uint64_t armed;	/* sequence number of the pending request, 0 = none */
	volatile uint64_t last;		/* last sequence number handled */
	volatile uint64_t taken;	/* handler runs */
};

static struct source msi = { .name = "software" }, mti = { .name = "timer" };

static void take(struct source *s, uint64_t mcause)
{
	uint64_t seq = s->armed;

	if (seq == 0 || seq != s->last + 1) {
		printf("FAIL: %s interrupt (mcause 0x%lx) with request %lu armed, last handled %lu\n",
		       s->name, mcause, seq, s->last);
		exit_failure(1);
	}
	s->last = seq;
	s->armed = 0;
	s->taken++;
}

void trap_handler(struct trap_frame *f)
{
	if (!wfi_mie_fixup(f)) {
		printf("FAIL: trap outside the wait: mcause=0x%lx mepc=0x%lx\n", f->mcause, f->mepc);
		exit_failure(2);
	}
	switch (f->mcause) {
	case MCAUSE_INTR | IRQ_MSI:
		*clint_msip(0) = 0;
		take(&msi, f->mcause);
		break;
	case MCAUSE_INTR | IRQ_MTI:
		*clint_mtimecmp(0) = MTIMECMP_NEVER;
		take(&mti, f->mcause);
		break;
	default:
		printf("FAIL: unexpected trap: mcause=0x%lx mepc=0x%lx mtval=0x%lx\n", f->mcause,
		       f->mepc, f->mtval);
		exit_failure(2);
	}
}

int main(void)
{
	csr_clear(mstatus, MSTATUS_MIE);
	csr_write(mideleg, 0);
	*clint_msip(0) = 0;
	*clint_mtimecmp(0) = MTIMECMP_NEVER;
	csr_write(mie, (1UL << IRQ_MSI) | (1UL << IRQ_MTI));

	for (uint64_t i = 1; i <= NREQ; i++) {
		/* Arm before raising (MIE = 0 here, but be safe). */
		mti.armed = i;
		*clint_mtimecmp(0) = clint_mtime() + (i & DELTA_MASK);
		msi.armed = i;
		*clint_msip(0) = 1;
		while (mti.armed || msi.armed)
			wfi_mie();
		if (mti.last != i || msi.last != i)
			fw_fail("round did not complete", __FILE__, __LINE__);
	}
	csr_write(mie, 0);

	check_eq(mti.taken, NREQ, "timer interrupts taken");
	check_eq(msi.taken, NREQ, "software interrupts taken");
	check_eq(csr_read(mip) & (MIP_MSIP | MIP_MTIP), 0, "nothing pending at the end");
	printf("interrupt-storm: %lu timer interrupts requested, %lu taken, each once\n",
	       (uint64_t)NREQ, mti.taken);
	printf("interrupt-storm: %lu software interrupts requested, %lu taken, each once\n",
	       (uint64_t)NREQ, msi.taken);
	printf("interrupt-storm: all checks passed\n");
	return 0;
}
