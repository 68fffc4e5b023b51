/*
 * EPMs the shape the upstream Linux driver gives when its buddy allocation
 * fails and it falls back to CMA (linux-keystone-driver/keystone-page.c):
 * page-aligned, min_pages pages long (not a power of two), or a power of
 * two aligned only to CONFIG_CMA_ALIGNMENT. Upstream's SM takes them (a TOR
 * PMP pair where NAPOT cannot describe the region); so must we. Each must
 * be locked from its first to its last byte and no further, and each
 * takes two of the policy's PMP entries, so a third enclave no longer fits.
 */
#include "ks.h"

#define CMA_EPM_ODD 0x80a00000UL	/* 17 pages: no power of two */
#define CMA_ODD_SIZE 0x11000UL
#define CMA_EPM_POW2 0x80a30000UL	/* 128 KiB, aligned to 64 KiB only */
#define CMA_POW2_SIZE 0x20000UL
#define LAST_WORD_MARK 0x5eed1a57UL	/* written by the host before CREATE */

static uint64_t create_at(uint64_t epm, uint64_t size, unsigned utm_slot)
{
	char *p = (char *)epm;
	unsigned long n = (unsigned long)(ks_enclave_end - ks_enclave_start);
	struct ks_create_args a = { epm, size, UTM_AT(utm_slot), UTM_SIZE,
				    epm + PAGE, epm + PAGE, epm + 2 * PAGE, 0 };
	struct sbiret r;

	for (unsigned long i = 0; i < 2 * PAGE; i++)
		p[i] = i < n ? ks_enclave_start[i] : 0;
	*(volatile uint64_t *)(epm + size - 8) = LAST_WORD_MARK;
	r = ks_create_args_at(&a);
	ks_expect("keystone: create with a CMA-shaped EPM", (unsigned long)r.error, 0);
	return r.error ? ~0UL : (uint64_t)r.value;
}

/* The enclave reads its own last word, then the first word past its EPM. */
static void run_probe(uint64_t eid, unsigned utm_slot, uint64_t epm, uint64_t size)
{
	struct ks_op *ops = ks_ops(utm_slot);
	unsigned n = ks_op_load(ops, 0, epm + size - 8);
	struct sbiret r;

	ks_op_end(ops, ks_op_load(ops, n, epm + size), 0);
	r = ks_call(KS_RUN, eid);
	ks_expect("keystone: CMA-shaped enclave read its last word", ops[0].w[1], LAST_WORD_MARK);
	ks_expect("keystone: CMA-shaped enclave reading past its EPM: run returned",
		  (unsigned long)r.error, KS_UNKNOWN_ERROR);
}

static void host_probe(uint64_t epm, uint64_t size)
{
	unsigned long v;

	ks_expect("keystone: host load from the first word of a CMA-shaped EPM faulted with cause",
		  ks_try_load(epm, &v), 5);
	ks_expect("keystone: host load from its last word faulted with cause",
		  ks_try_load(epm + size - 8, &v), 5);
	ks_expect("keystone: host load just past it faulted with cause",
		  ks_try_load(epm + size, &v), 0);
}

void ks_test_cma_shaped(void)
{
	uint64_t odd = create_at(CMA_EPM_ODD, CMA_ODD_SIZE, 0);
	uint64_t pow2 = create_at(CMA_EPM_POW2, CMA_POW2_SIZE, 1);
	struct ks_create_args third = ks_default_args(2);
	unsigned long v;

	host_probe(CMA_EPM_ODD, CMA_ODD_SIZE);
	host_probe(CMA_EPM_POW2, CMA_POW2_SIZE);
	ks_load_slot(2);
	ks_expect("keystone: a third enclave with every PMP entry taken",
		  (unsigned long)ks_create_args_at(&third).error, KS_PMP_FAILURE);
	run_probe(odd, 0, CMA_EPM_ODD, CMA_ODD_SIZE);
	run_probe(pow2, 1, CMA_EPM_POW2, CMA_POW2_SIZE);
	ks_expect("keystone: destroy the 17-page enclave",
		  (unsigned long)ks_call(KS_DESTROY, odd).error, 0);
	ks_expect("keystone: destroy the 128 KiB enclave",
		  (unsigned long)ks_call(KS_DESTROY, pow2).error, 0);
	ks_expect("keystone: host load from a destroyed CMA-shaped EPM faulted with cause",
		  ks_try_load(CMA_EPM_ODD + CMA_ODD_SIZE - 8, &v), 0);
}
