/* clint-multihart-8 (NHARTS harts, default 8): all-to-all IPIs through the
 * CLINT msip registers. Every hart sends ROUNDS IPIs to every other hart and
 * must receive exactly ROUNDS from each; hart 0 checks and prints the counts.
 * The hart count is a build parameter (-DNHARTS=n, 2..FW_MAX_HARTS, through a
 * build.mk reusing this directory as SRC_DIR); the output names it
 * ("clint-multihart-<n>: ...") and the QEMU config must start that many harts.
 *
 * msip is one bit per hart (priv spec 3.1.9, MSIP "written by accessing
 * memory-mapped control registers"), so IPIs from several senders may merge
 * into one interrupt. The sender therefore names itself in a per-target
 * mailbox bit (AMO) before it writes msip, and the target clears msip before
 * it swaps its mailbox to 0: a bit that lands after the swap was followed by
 * an msip write after the clear, i.e. by a new interrupt. A sender waits for
 * its previous IPI to a target to be consumed before the next one, so every
 * IPI is counted on its own and a duplicate shows as a count above ROUNDS. */
#include "clint.h"
#include "fw.h"
#include "wfi_mie.h"

#ifndef NHARTS
#define NHARTS	8
#endif
#ifndef ROUNDS
#define ROUNDS	50
#endif
#if NHARTS < 2 || NHARTS > FW_MAX_HARTS
#error "NHARTS must be 2..FW_MAX_HARTS (common/frame.h: one stack per hart)"
#endif

#define STR_(x)	#x
#define STR(x)	STR_(x)
#define NAME	"clint-multihart-" STR(NHARTS)

static uint32_t mailbox[NHARTS];		/* bit s: unconsumed IPI from hart s */
static uint32_t count[NHARTS][NHARTS];		/* count[t][s]: IPIs from s taken by t */
static uint32_t ready, done;

/* msip accesses are device I/O, the mailbox is memory: order both sets
 * (unpriv spec, FENCE predecessor/successor sets). */
static inline void fence_io_mem(void)
{
	__asm__ volatile("fence iorw, iorw" ::: "memory");
}

void trap_handler(struct trap_frame *f)
{
	unsigned long t = csr_read(mhartid);

	if (t >= NHARTS || f->mcause != (MCAUSE_INTR | IRQ_MSI)) {
		printf("FAIL: unexpected trap on hart %lu: mcause=0x%lx mepc=0x%lx mtval=0x%lx\n",
		       t, f->mcause, f->mepc, f->mtval);
		exit_failure(2);
	}
	wfi_mie_fixup(f);	/* also taken in busy-waits with MIE = 1 */
	*clint_msip(t) = 0;
	fence_io_mem();
	uint32_t from = __atomic_exchange_n(&mailbox[t], 0, __ATOMIC_SEQ_CST);
	/* An empty mailbox is fine: an earlier run of this handler may have
	 * consumed the bit of the msip write that started this one. */
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
		;	/* the previous one is not consumed yet */
	__atomic_fetch_or(&mailbox[to], 1U << from, __ATOMIC_SEQ_CST);
	fence_io_mem();
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
	/* Nobody sends before every hart takes IPIs. */
	__atomic_fetch_add(&ready, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&ready, __ATOMIC_SEQ_CST) != NHARTS)
		;
	for (unsigned r = 0; r < ROUNDS; r++)
		for (unsigned k = 1; k < NHARTS; k++)
			send(h, (h + k) % NHARTS);	/* harts start on different targets */
	csr_clear(mstatus, MSTATUS_MIE);		/* wfi_mie: no lost wake-up */
	while (!received_all(h))
		wfi_mie();
	__atomic_fetch_add(&done, 1, __ATOMIC_SEQ_CST);
}

void secondary_main(unsigned long hartid)
{
	if (hartid < NHARTS)
		run(hartid);
	for (;;)
		__asm__ volatile("wfi");	/* MIE = 0: nothing left to take */
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
		printf(NAME ": hart %u received %u IPIs from each of the other %u harts\n", t,
		       ROUNDS, NHARTS - 1);
	}
	check_eq(total, NHARTS * (NHARTS - 1) * ROUNDS, "total IPIs");
	printf(NAME ": %u IPIs sent and received, each once\n", total);
	return 0;
}
