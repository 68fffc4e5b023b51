/*
 * keystone-random: one enclave asks for RANDOM (FID 3001) four times and
 * exits; the host prints the four values. Under `-icount` everything but
 * the Zkr entropy source is the same from one boot to the next, so the
 * runner boots twice and compares the values (runner/checks.py): with Zkr
 * they must differ (the seed bits were absorbed), without it they repeat
 * (the documented keyed ratchet, and proof that the check can fail).
 */
#include "ks.h"

#define NB_RANDOM 4

void ks_test_random(unsigned long hartid)
{
	struct ks_op *ops = ks_ops(0);
	struct sbiret r;
	unsigned n = 0;

	(void)hartid;
	r = ks_create_slot(0);
	ks_expect("keystone-random: create", (unsigned long)r.error, 0);
	uint64_t eid = (uint64_t)r.value;

	/* after CREATE, which zeroes the UTM */
	for (unsigned i = 0; i < NB_RANDOM; i++)
		n = ks_op_ecall(ops, n, KS_EID, KS_RANDOM, 0, 0, 0);
	ks_op_end(ops, n, 0);

	r = ks_call(KS_RUN, eid);
	ks_expect("keystone-random: run", (unsigned long)r.error, 0);
	for (unsigned i = 0; i < NB_RANDOM; i++) {
		ks_expect("keystone-random: RANDOM returned", ops[i].w[2], 0);
		for (unsigned j = 0; j < i; j++)
			if (ops[i].w[3] == ops[j].w[3])
				ks_expect("keystone-random: two values equal", 1, 0);
		printf("keystone-random: value %u: 0x%016lx\n", i, (unsigned long)ops[i].w[3]);
	}
	ks_expect("keystone-random: destroy", (unsigned long)ks_call(KS_DESTROY, eid).error, 0);
	ks_finish("keystone-random");
}
