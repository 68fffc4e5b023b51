/*
 * keystone-multihart: enclaves on two harts. The boot hart creates
 * enclaves 0 and 1 and starts the other hart (SBI HSM), which finds their
 * memory locked, runs enclave 1 to an edge call and creates enclave 2. The
 * boot hart runs enclave 0 meanwhile, then finishes enclave 1 (stopped on
 * the other hart) and finds enclave 2 locked as soon as CREATE returned
 * there; the other hart finishes enclave 0 and destroys enclave 2, whose
 * memory the boot hart can then use. Enclave 2's EPM is 15 pages (the
 * shape of the upstream driver's CMA fallback: a TOR pair), so each hart
 * packs one TOR pair next to two NAPOT entries. Only the boot hart prints.
 */
#include "ks.h"

#define EXIT_VALUE(i) (0xa0UL + (i))
#define IPI_SETTLE 10000UL	/* 1 ms: an unlock reaches the other hart (docs/keystone.md) */
#define EPM2_SIZE 0xf000UL	/* not a power of two: locked by a TOR pair */
#define EPM2_LAST (EPM_AT(2) + EPM2_SIZE - 8)

static uint8_t secondary_stack[8192] __attribute__((aligned(16)));
extern char ks_secondary_entry[];

static struct {
	volatile unsigned long phase;	/* 1: secondary did phase 1, 2: go on, 3: done */
	unsigned long epm0_cause, run1_err, create2_err, resume0_err, resume0_value, destroy2_err;
	uint64_t eid2;
} shared;

static uint64_t eids[2];

static void program(unsigned i)
{
	struct ks_op *ops = ks_ops(i);
	unsigned n = 0;

	n = ks_op_ecall(ops, n, KS_EID, KS_STOP, 1, 0, 0);
	ks_op_end(ops, n, EXIT_VALUE(i));
}

/*
 * RUN or RESUME, then RESUME again while an interrupt stopped it (100002),
 * as the SDK does: the other hart's IPIs may land while the enclave runs.
 */
static struct sbiret run_through(unsigned long fid, uint64_t eid)
{
	struct sbiret r = ks_call(fid, eid);

	while (r.error == KS_INTERRUPTED)
		r = ks_call(KS_RESUME, eid);
	return r;
}

static void wait_phase(unsigned long p)
{
	while (shared.phase < p)
		__asm__ volatile("" ::: "memory");
}

static void settle(void)
{
	unsigned long t0, t;

	__asm__ volatile("rdtime %0" : "=r"(t0));
	do
		__asm__ volatile("rdtime %0" : "=r"(t));
	while (t - t0 < IPI_SETTLE);
}

void ks_secondary_main(unsigned long hartid)
{
	struct ks_create_args a = ks_default_args(2);
	unsigned long v;
	struct sbiret r;

	(void)hartid;
	ks_install_trap_handler();
	shared.epm0_cause = ks_try_load(EPM_AT(0), &v);
	shared.run1_err = (unsigned long)run_through(KS_RUN, eids[1]).error;
	a.epm_size = EPM2_SIZE;
	ks_load_slot(2);
	r = ks_create_args_at(&a);
	shared.create2_err = (unsigned long)r.error;
	shared.eid2 = (uint64_t)r.value;
	__atomic_store_n(&shared.phase, 1, __ATOMIC_RELEASE);
	wait_phase(2);
	r = run_through(KS_RESUME, eids[0]);
	shared.resume0_err = (unsigned long)r.error;
	shared.resume0_value = (unsigned long)r.value;
	shared.destroy2_err = (unsigned long)ks_call(KS_DESTROY, shared.eid2).error;
	__atomic_store_n(&shared.phase, 3, __ATOMIC_RELEASE);
}

void ks_test_multihart(unsigned long hartid)
{
	unsigned long other = hartid ^ 1, v;
	struct sbiret r;

	printf("keystone-multihart: boot hart %lu, other hart %lu\n", hartid, other);
	for (unsigned i = 0; i < 2; i++) {
		r = ks_create_slot(i);
		ks_expect("keystone-multihart: create", (unsigned long)r.error, 0);
		eids[i] = (uint64_t)r.value;
		program(i);
	}
	ks_expect("keystone-multihart: hart_start",
		  (unsigned long)ks_hart_start(other, (unsigned long)ks_secondary_entry,
					    (unsigned long)secondary_stack + sizeof(secondary_stack)),
		  0);
	r = run_through(KS_RUN, eids[0]);
	ks_expect("keystone-multihart: enclave 0 run here, edge call", (unsigned long)r.error,
		  KS_EDGE_CALL_HOST);
	wait_phase(1);
	ks_expect("keystone-multihart: other hart's load from enclave 0 faulted with cause",
		  shared.epm0_cause, 5);
	ks_expect("keystone-multihart: enclave 1 run on the other hart, edge call", shared.run1_err,
		  KS_EDGE_CALL_HOST);
	ks_expect("keystone-multihart: other hart created enclave 2", shared.create2_err, 0);
	r = run_through(KS_RESUME, eids[1]);
	ks_expect("keystone-multihart: enclave 1 resumed here, exit", (unsigned long)r.error, 0);
	ks_expect("keystone-multihart: enclave 1 exit value", (unsigned long)r.value,
		  EXIT_VALUE(1));
	/* CREATE returned on the other hart only once this hart had it locked: no wait */
	ks_expect("keystone-multihart: load from enclave 2 (made on the other hart) faulted with cause",
		  ks_try_load(EPM_AT(2), &v), 5);
	ks_expect("keystone-multihart: load from enclave 2's last word faulted with cause",
		  ks_try_load(EPM2_LAST, &v), 5);
	__atomic_store_n(&shared.phase, 2, __ATOMIC_RELEASE);
	wait_phase(3);
	ks_expect("keystone-multihart: enclave 0 resumed on the other hart, exit", shared.resume0_err,
		  0);
	ks_expect("keystone-multihart: enclave 0 exit value", shared.resume0_value, EXIT_VALUE(0));
	ks_expect("keystone-multihart: other hart destroyed enclave 2", shared.destroy2_err, 0);
	settle();	/* DESTROY unlocks elsewhere asynchronously */
	ks_expect("keystone-multihart: load from destroyed enclave 2 faulted with cause",
		  ks_try_load(EPM_AT(2), &v), 0);
	ks_expect("keystone-multihart: load from its last word faulted with cause",
		  ks_try_load(EPM2_LAST, &v), 0);
	for (unsigned i = 0; i < 2; i++)
		ks_expect("keystone-multihart: destroy", (unsigned long)ks_call(KS_DESTROY, eids[i]).error,
			  0);
	ks_finish("keystone-multihart");
}
