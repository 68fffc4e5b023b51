/* pmp-locked-device: a PMP entry the firmware locks binds M-mode (priv.
 * spec 3.7.1), on device memory too. Entries 0 and 1 are locked NAPOT
 * entries with no permission over the CLINT's mtimecmp and mtime ranges,
 * entry 2 a locked read-only entry over the msip page. Loads and stores the entries deny
 * give access faults (5, 7) with mtval = the address, the others reach
 * the device. Under the monitor the CLINT is emulated: the emulation must
 * honour the firmware's own PMP. Locked entries stay until reset, so this
 * is the whole test. */
#include "clint.h"
#include "fw.h"

#define CFG(i, v) ((uint64_t)(v) << (8 * (i)))

static volatile bool expecting;
static volatile unsigned faults;
static volatile uint64_t seen_cause, seen_tval;

void trap_handler(struct trap_frame *f)
{
	if (!expecting) {
		printf("FAIL: unexpected trap: mcause=0x%lx mepc=0x%lx mtval=0x%lx\n", f->mcause,
		       f->mepc, f->mtval);
		exit_failure(2);
	}
	faults++;
	seen_cause = f->mcause;
	seen_tval = f->mtval;
	trap_skip(f);
}

static uint64_t napot(uint64_t base, uint64_t size)
{
	return (base >> 2) | ((size - 1) >> 3);
}

static void report(const char *what, uint64_t addr, unsigned before)
{
	if (faults == before) {
		printf("pmp-locked-device: %s 0x%lx: reached the device\n", what, addr);
		return;
	}
	check_eq(seen_tval, addr, "mtval = the device address");
	printf("pmp-locked-device: %s 0x%lx: mcause = %lu\n", what, addr, seen_cause);
}

static void load64(const char *what, uint64_t addr)
{
	unsigned before = faults;

	expecting = true;
	(void)*(volatile uint64_t *)(uintptr_t)addr;
	expecting = false;
	report(what, addr, before);
}

static void store64(const char *what, uint64_t addr, uint64_t v)
{
	unsigned before = faults;

	expecting = true;
	*(volatile uint64_t *)(uintptr_t)addr = v;
	expecting = false;
	report(what, addr, before);
}

static void load32(const char *what, uint64_t addr)
{
	unsigned before = faults;

	expecting = true;
	(void)*(volatile uint32_t *)(uintptr_t)addr;
	expecting = false;
	report(what, addr, before);
}

static void store32(const char *what, uint64_t addr, uint32_t v)
{
	unsigned before = faults;

	expecting = true;
	*(volatile uint32_t *)(uintptr_t)addr = v;
	expecting = false;
	report(what, addr, before);
}

int main(void)
{
	csr_write(pmpaddr0, napot(CLINT_BASE + 0x4000, 0x4000));	/* mtimecmp */
	csr_write(pmpaddr1, napot(CLINT_BASE + 0x8000, 0x8000));	/* mtime */
	csr_write(pmpaddr2, napot(CLINT_BASE, 0x1000));		/* msip */
	csr_write(pmpcfg0, CFG(0, PMP_L | PMP_A_NAPOT) | CFG(1, PMP_L | PMP_A_NAPOT) |
			   CFG(2, PMP_L | PMP_A_NAPOT | PMP_R));
	load64("load from mtime", CLINT_MTIME_ADDR);
	store64("store to mtimecmp", CLINT_MTIMECMP_ADDR(0), MTIMECMP_NEVER);
	load64("load from mtimecmp", CLINT_MTIMECMP_ADDR(0));
	load32("load from msip", CLINT_MSIP_ADDR(0));
	store32("store to msip", CLINT_MSIP_ADDR(0), 0);
	printf("pmp-locked-device: done\n");
	return 0;
}
