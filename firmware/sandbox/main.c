/* sandbox (meaningful only under the monitor, which owns 0x80000000..):
 * the firmware, although it believes to be in M-mode, must not reach the
 * monitor's memory. A load must raise a load access fault (mcause 5), a
 * store a store access fault (mcause 7), both with mtval = the address;
 * the same with MPRV = 1 and MPP = S. Natively 0x80002000 is this very
 * firmware, so the first load succeeds and the test fails right there,
 * before any store could damage the image. */
#include "fw.h"

#define MONITOR_ADDR 0x80002000UL

uint64_t sandbox_load(uint64_t addr);
void sandbox_store(uint64_t addr);
uint64_t sandbox_mprv_load(uint64_t addr);
void sandbox_mprv_store(uint64_t addr);

static volatile bool expecting;
static volatile unsigned traps;
static volatile uint64_t seen_cause, seen_tval;

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
	trap_skip(f);
}

static void expect_fault(const char *what, void (*access)(void), uint64_t cause)
{
	unsigned before = traps;

	expecting = true;
	access();
	expecting = false;
	if (traps == before) {
		printf("FAIL: %s 0x%lx did not trap: monitor memory is reachable "
		       "(this test only passes under the monitor)\n", what, MONITOR_ADDR);
		exit_failure(1);
	}
	check_eq(traps - before, 1, what);
	check_eq(seen_cause, cause, what);
	check_eq(seen_tval, MONITOR_ADDR, what);
	printf("sandbox: %s 0x%lx: mcause = %lu, mtval = 0x%lx\n", what, MONITOR_ADDR,
	       seen_cause, seen_tval);
}

static void do_load(void) { (void)sandbox_load(MONITOR_ADDR); }
static void do_store(void) { sandbox_store(MONITOR_ADDR); }
static void do_mprv_load(void) { (void)sandbox_mprv_load(MONITOR_ADDR); }
static void do_mprv_store(void) { sandbox_mprv_store(MONITOR_ADDR); }

int main(void)
{
	expect_fault("load from", do_load, CAUSE_LOAD_ACCESS);
	expect_fault("store to", do_store, CAUSE_STORE_ACCESS);
	expect_fault("MPRV=1 MPP=S load from", do_mprv_load, CAUSE_LOAD_ACCESS);
	expect_fault("MPRV=1 MPP=S store to", do_mprv_store, CAUSE_STORE_ACCESS);
	check_eq(csr_read(mstatus) & MSTATUS_MPRV, 0, "MPRV cleared after the accesses");
	printf("sandbox: monitor memory is protected\n");
	return 0;
}
