/*
 * keystone-4harts: four harts, one enclave each, everything at once. Every
 * hart creates its enclave (4 CREATEs racing: each waits until every other
 * hart's PMP locks its EPM), runs it to RANDOM and an edge call; with the
 * 4 enclaves alive each hart finds the other 3 EPMs locked, a fifth CREATE
 * is refused, and each hart resumes the enclave of the next hart (its
 * state moves between harts) to its exit, then destroys it. The boot hart
 * checks and prints everything; the other harts only record.
 */
#include "ks.h"

#define NHARTS 4
#define EXIT_VALUE(i) (0x4400UL + (i))
#define SETTLE 10000UL	/* 1 ms: a DESTROY's unlock reaches every hart (docs/keystone.md) */

static uint8_t stacks[NHARTS][8192] __attribute__((aligned(16)));
extern char ks_quad_entry[];

static struct {
	unsigned long create_err[NHARTS], run_err[NHARTS], random[NHARTS];
	unsigned long others_locked[NHARTS];	/* other EPMs whose first word faulted (cause 5) */
	unsigned long resume_err[NHARTS], resume_value[NHARTS], destroy_err[NHARTS];
	unsigned long boot, fifth_err;
	uint64_t eid[NHARTS];
	volatile unsigned long arrived;
} shared;

static void barrier(unsigned long round)
{
	__atomic_add_fetch(&shared.arrived, 1, __ATOMIC_ACQ_REL);
	while (__atomic_load_n(&shared.arrived, __ATOMIC_ACQUIRE) < round * NHARTS)
		;
}

static struct sbiret run_through(unsigned long fid, uint64_t eid)
{
	struct sbiret r = ks_call(fid, eid);

	while (r.error == KS_INTERRUPTED)
		r = ks_call(KS_RESUME, eid);
	return r;
}

static void settle(void)
{
	unsigned long t0, t;

	__asm__ volatile("rdtime %0" : "=r"(t0));
	do
		__asm__ volatile("rdtime %0" : "=r"(t));
	while (t - t0 < SETTLE);
}

/* Everything a hart does; slot = hart id (QEMU virt numbers them 0..3). */
static void hart_work(unsigned long me)
{
	unsigned long next = (me + 1) % NHARTS, v;
	struct sbiret r;

	ks_load_slot((unsigned)me);
	{
		struct ks_create_args a = ks_default_args((unsigned)me);

		barrier(1);	/* the 4 CREATEs start together */
		r = ks_create_args_at(&a);
	}
	shared.create_err[me] = (unsigned long)r.error;
	shared.eid[me] = (uint64_t)r.value;
	{
		struct ks_op *ops = ks_ops((unsigned)me);
		unsigned n = 0;

		n = ks_op_ecall(ops, n, KS_EID, KS_RANDOM, 0, 0, 0);
		n = ks_op_ecall(ops, n, KS_EID, KS_STOP, 1, 0, 0);
		ks_op_end(ops, n, EXIT_VALUE(me));
		r = run_through(KS_RUN, shared.eid[me]);
		shared.run_err[me] = (unsigned long)r.error;
		shared.random[me] = ops[0].w[2] == 0 ? ops[0].w[3] : 0;
	}
	barrier(2);	/* 4 enclaves alive, all stopped */
	for (unsigned long h = 0; h < NHARTS; h++)
		if (h != me && ks_try_load(EPM_AT(h), &v) == 5)
			shared.others_locked[me]++;
	barrier(3);
	if (me == shared.boot) {
		/* slot NHARTS: the EPM and UTM next to the 4 live ones */
		shared.fifth_err = (unsigned long)ks_create_slot(NHARTS).error;
	}
	barrier(4);
	r = run_through(KS_RESUME, shared.eid[next]);
	shared.resume_err[me] = (unsigned long)r.error;
	shared.resume_value[me] = (unsigned long)r.value;
	shared.destroy_err[me] = (unsigned long)ks_call(KS_DESTROY, shared.eid[next]).error;
	barrier(5);
}

void ks_quad_main(unsigned long hartid)
{
	ks_install_trap_handler();
	hart_work(hartid);
}

void ks_test_fourharts(unsigned long hartid)
{
	unsigned long v, scrubbed = 0, unlocked = 0;

	printf("keystone-4harts: boot hart %lu\n", hartid);
	shared.boot = hartid;
	if (hartid >= NHARTS) {
		ks_expect("keystone-4harts: boot hart id below 4", hartid, 0);
		ks_finish("keystone-4harts");
	}
	for (unsigned long h = 0; h < NHARTS; h++)
		if (h != hartid)
			ks_expect("keystone-4harts: hart_start",
				  (unsigned long)ks_hart_start(h, (unsigned long)ks_quad_entry,
							    (unsigned long)stacks[h] +
								    sizeof(stacks[h])),
				  0);
	hart_work(hartid);
	ks_expect("keystone-4harts: a fifth enclave while 4 are alive", shared.fifth_err,
		  KS_NO_FREE_RESOURCE);
	for (unsigned long h = 0; h < NHARTS; h++) {
		unsigned long n = (h + 1) % NHARTS;

		ks_expect("keystone-4harts: create", shared.create_err[h], 0);
		ks_expect("keystone-4harts: run to the edge call", shared.run_err[h],
			  KS_EDGE_CALL_HOST);
		ks_expect("keystone-4harts: other EPMs locked on this hart", shared.others_locked[h],
			  NHARTS - 1);
		ks_expect("keystone-4harts: resumed the next hart's enclave, exit",
			  shared.resume_err[h], 0);
		ks_expect("keystone-4harts: its exit value is the next hart's", shared.resume_value[h],
			  EXIT_VALUE(n));
		ks_expect("keystone-4harts: destroy", shared.destroy_err[h], 0);
		for (unsigned long j = 0; j < h; j++)
			if (shared.random[h] == shared.random[j])
				ks_expect("keystone-4harts: two RANDOM values equal", 1, 0);
	}
	printf("keystone-4harts: 4 enclaves created at once on 4 harts, each resumed and exited on another\n");
	settle();
	for (unsigned long h = 0; h < NHARTS; h++) {
		if (ks_try_load(EPM_AT(h), &v) == 0) {
			unlocked++;
			scrubbed |= v;
		}
	}
	ks_expect("keystone-4harts: destroyed EPMs readable again", unlocked, NHARTS);
	ks_expect("keystone-4harts: destroyed EPMs scrubbed (first words ORed)", scrubbed, 0);
	ks_finish("keystone-4harts");
}
