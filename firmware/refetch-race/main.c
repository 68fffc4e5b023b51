/* refetch-race (2 harts): an instruction rewritten while it traps.
 *
 * Hart 0 executes a site (racy.S) thousands of times while hart 1 keeps
 * swapping the site's word between two encodings. Natively the hart just
 * executes whichever word it fetched. Under the monitor each execution
 * traps (an access under MPRV, or to the PMP-protected CLINT) and the
 * monitor re-reads the word, which may by then be the other one:
 *
 *   1. mprv lw <-> fld, FS = Off: a load fault whose re-read is an FP
 *      load the hart could not have executed (illegal instruction with
 *      FS = Off). Emulating it would touch the FP registers with FS = Off.
 *   2. mprv sw <-> fsd, FS = Off: the same for stores.
 *   3. device lw <-> sw to RAM: a load fault at the CLINT whose re-read is
 *      a store elsewhere. Emulated, it would write 1 to msip[0] at mtval.
 *
 * A hart that fetches an FP site with FS = Off takes illegal instruction
 * (priv spec 3.1.6.6); the handler skips it. How many times that happens
 * depends on timing, so only fixed facts are printed: the iteration
 * counts, the RAM words' final values and msip[0] (never written natively). */
#include "clint.h"
#include "fw.h"

#define ITERS 4000
#define MPRV_S (MSTATUS_MPRV | (PRV_S << MSTATUS_MPP_SHIFT))

extern uint32_t race_mprv_load_at[], race_mprv_store_at[], race_dev_at[];
extern const uint32_t race_alt_load[2], race_alt_store[2], race_alt_dev[2];
uint64_t race_mprv_load(volatile uint64_t *addr, uint64_t bits);
void race_mprv_store(volatile uint64_t *addr, uint64_t bits, uint64_t val);
void race_dev(uint64_t dev, volatile uint64_t *ram, uint64_t val);

struct site {
	const char *name;
	uint32_t *at;
	const uint32_t *alt;
};

static const struct site sites[] = {
	{ "mprv lw/fld", race_mprv_load_at, race_alt_load },
	{ "mprv sw/fsd", race_mprv_store_at, race_alt_store },
	{ "device lw/sw", race_dev_at, race_alt_dev },
};

#define NSITES (sizeof(sites) / sizeof(sites[0]))

static volatile uint32_t phase;		/* 1 + site index hart 1 flips; 0 = idle */
static volatile uint32_t flipping;	/* hart 1 acknowledged the phase */
static volatile uint64_t data = 0x1122334455667788UL, ram_word;
static volatile uint64_t illegal;
static volatile uint32_t hart1_up;	/* hart 1 runs (under the monitor: its boot line is out) */

void trap_handler(struct trap_frame *f)
{
	uint32_t p = phase;

	if (f->mcause != CAUSE_ILLEGAL_INSN || p == 0 || f->mepc != (uint64_t)sites[p - 1].at) {
		printf("FAIL: unexpected trap: mcause=0x%lx mepc=0x%lx mtval=0x%lx\n", f->mcause,
		       f->mepc, f->mtval);
		exit_failure(2);
	}
	illegal++;
	trap_skip(f);
}

void secondary_main(unsigned long hartid)
{
	uint32_t p;

	if (hartid != 1)
		for (;;)
			__asm__ volatile("wfi");
	hart1_up = 1;
	for (;;) {
		while ((p = phase) == 0)
			;
		const struct site *s = &sites[p - 1];

		flipping = p;
		for (unsigned i = 0; phase == p; i++)
			*(volatile uint32_t *)s->at = s->alt[i & 1];
		*(volatile uint32_t *)s->at = s->alt[0];
		__asm__ volatile("fence.i");
		flipping = 0;
	}
}

static void run(unsigned idx)
{
	phase = idx + 1;
	while (flipping != idx + 1)
		;
	for (unsigned i = 0; i < ITERS; i++) {
		switch (idx) {
		case 0:
			race_mprv_load(&data, MPRV_S);
			break;
		case 1:
			race_mprv_store(&ram_word, MPRV_S, 0x5a5a5a5a);
			break;
		default:
			race_dev(CLINT_MSIP_ADDR(0), &ram_word, 1);
			break;
		}
	}
	phase = 0;
	while (flipping != 0)
		;
	__asm__ volatile("fence.i");
	printf("refetch-race: %s: %u iterations done\n", sites[idx].name, ITERS);
}

int main(void)
{
	while (!hart1_up)
		;
	printf("refetch-race: start\n");
	/* S-mode (MPRV) accesses need a PMP entry: NAPOT over everything, RWX */
	csr_write(pmpaddr0, ~0UL);
	csr_write(pmpcfg0, PMP_A_NAPOT | PMP_R | PMP_W | PMP_X);
	for (unsigned i = 0; i < NSITES; i++)
		run(i);
	printf("refetch-race: data = 0x%lx\n", data);
	printf("refetch-race: msip[0] = %u\n", *clint_msip(0));
	return 0;
}
