/* clint-multihart-4 (4 harts): all-to-all IPIs through the CLINT msip
 * registers. Every hart sends ROUNDS IPIs to every other hart and must
 * receive exactly ROUNDS from each. msip is a single bit per hart (priv spec
 * 3.1.9), so IPIs from several senders can merge into one interrupt: the
 * sender is named in a per-target mailbox bit set with an AMO before msip is
 * written, and the target clears msip before it swaps its mailbox to 0. A
 * sender whose bit arrives after the swap has written msip after the clear,
 * so it raises a new interrupt; nothing is lost. A sender waits until its
 * previous IPI to a target was consumed before sending the next, so each IPI
 * is counted on its own and a duplicate shows up as a count above ROUNDS.
 * Hart 0 checks all counts and prints them. */
#include "clint.h"
#include "fw.h"
#include "wfi_mie.h"

#define NHARTS	4
#define ROUNDS	50

static uint32_t mailbox[NHARTS];		/* bit s: unconsumed IPI from hart s */
static uint32_t count[NHARTS][NHARTS];		/* count[t][s]: IPIs from s handled by t */
static uint32_t ready, done;

/* Orders the device (I/O) accesses to msip with the memory AMOs on the
 * mailbox (unpriv spec, FENCE: I/O and memory are separate sets). */
static inline void fence_all(void)
{
	__asm__ volatile("fence iorw, iorw" ::: "memory");
}

void trap_handler(struct trap_frame *f)
{
	unsigned long t = csr_read(mhartid);

	if (t >= NHARTS || f->mcause != (MCAUSE_INTR | IRQ_MSI)) {
		printf("FAIL: unexpected trap on hart %lu: mcause=0x%lx mepc=0x%lx mtval=0x%lx\n", t,
		       f->mcause, f->mepc, f->mtval);
		exit_failure(2);
	}
	wfi_mie_fixup(f);	/* interrupts are also taken in busy-waits */
	*clint_msip(t) = 0;
	fence_all();
	uint32_t from = __atomic_exchange_n(&mailbox[t], 0, __ATOMIC_SEQ_CST);
	/* Spurious (empty) rounds are fine: an IPI may be consumed by the
	 * handler run that an earlier msip write started. */
	for (unsigned s = 0; s < NHARTS; s++) {
		if (!(from & (1U << s)))
			continue;
		if (s == t || __atomic_load_n(&count[t][s], __ATOMIC_SEQ_CST) >= ROUNDS) {
			printf("FAIL: hart %lu: unexpected IPI from hart %u\n", t, s);
			exit_failure(1);
		}
		__atomic_fetch_add(&count[t][s], 1, __ATOMIC_SEQ_CST);
	}
}

static void send(unsigned long from, unsigned long to)
{
	while (__atomic_load_n(&mailbox[to], __ATOMIC_SEQ_CST) & (1U << from))
		;	/* previous one not consumed yet */
	__atomic_fetch_or(&mailbox[to], 1U << from, __ATOMIC_SEQ_CST);
	fence_all();
	*clint_msip(to) = 1;
}

static bool received_all(unsigned long h)
{
	for (unsigned s = 0; s < NHARTS; s++)
		if (s != h && __atomic_load_n(&count[h][s], __ATOMIC_SEQ_CST) != ROUNDS)
			return false;
	return true;
}

static void run(unsigned long h)
{
	csr_write(mie, 1UL << IRQ_MSI);
	csr_set(mstatus, MSTATUS_MIE);
	/* Nobody sends before every hart can take IPIs. */
	__atomic_fetch_add(&ready, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&ready, __ATOMIC_SEQ_CST) != NHARTS)
		;
	for (unsigned r = 0; r < ROUNDS; r++)
		for (unsigned k = 1; k < NHARTS; k++)
			send(h, (h + k) % NHARTS);	/* each hart starts with a different target */
	csr_clear(mstatus, MSTATUS_MIE);	/* wfi_mie: no lost wake-up */
	while (!received_all(h))
		wfi_mie();
	__atomic_fetch_add(&done, 1, __ATOMIC_SEQ_CST);
}

void secondary_main(unsigned long hartid)
{
	if (hartid < NHARTS)
		run(hartid);
	for (;;)
		__asm__ volatile("wfi");	/* nothing left to receive */
}

int main(void)
{
	*clint_msip(0) = 0;
	run(0);
	while (__atomic_load_n(&done, __ATOMIC_SEQ_CST) != NHARTS)
		;
	unsigned total = 0;
	for (unsigned t = 0; t < NHARTS; t++) {
		for (unsigned s = 0; s < NHARTS; s++) {
			uint32_t n = __atomic_load_n(&count[t][s], __ATOMIC_SEQ_CST);
			check_eq(n, s == t ? 0 : ROUNDS, "IPIs from one hart to another");
			total += n;
		}
		check_eq(__atomic_load_n(&mailbox[t], __ATOMIC_SEQ_CST), 0, "no IPI left over");
		printf("clint-multihart-4: hart %u received %u IPIs from each of the other %u harts\n",
		       t, ROUNDS, NHARTS - 1);
	}
	check_eq(total, NHARTS * (NHARTS - 1) * ROUNDS, "total IPIs");
	printf("clint-multihart-4: %u IPIs sent and received, each once\n", total);
	return 0;
}
