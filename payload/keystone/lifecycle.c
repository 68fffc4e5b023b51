/*
 * keystone: four enclaves alive at once, each created, run to an edge
 * call, resumed through a stop, exited; the host faults on their memory,
 * an enclave faults on another's and on the host's, and destroyed
 * enclaves leave zeroed memory behind.
 */
#include <stdbool.h>

#include "ks.h"

#define NB 4
#define EXIT_VALUE(i) (0xbeef00UL + (i))
#define TIMER_DELAY 100000UL	/* 10 ms at QEMU virt's 10 MHz */

static uint64_t eids[NB];

/* putchar line, RANDOM, stop for an edge call, stop, legacy set_timer, exit */
static void program(unsigned i)
{
	struct ks_op *ops = ks_ops(i);
	char line[] = "[enclave X] hello\n";
	unsigned n = 0;

	line[9] = (char)('0' + i);
	n = ks_op_puts(ops, n, line);
	n = ks_op_ecall(ops, n, KS_EID, KS_RANDOM, 0, 0, 0);
	n = ks_op_ecall(ops, n, KS_EID, KS_STOP, 1, 0, 0);
	n = ks_op_ecall(ops, n, KS_EID, KS_STOP, 0, 0, 0);
	n = ks_op_ecall(ops, n, SBI_LEGACY_SET_TIMER, 0, ~0UL, 0, 0);
	ks_op_end(ops, n, EXIT_VALUE(i));
}

/* index in ops of the RANDOM call: after the putchar ops */
static struct ks_op *random_op(unsigned i)
{
	struct ks_op *ops = ks_ops(i);
	unsigned k = 0;

	while (ops[k].w[0] == SBI_LEGACY_PUTCHAR)
		k++;
	return &ops[k];
}

/*
 * The enclave arms the timer (legacy set_timer, through the firmware) and
 * spins past the deadline: the M-timer interrupt stops it (INTERRUPTED),
 * the firmware takes the interrupt with the host's state, the host resumes
 * it and it continues exactly where it was.
 */
static void interrupted(unsigned slot)
{
	struct ks_op *ops;
	struct sbiret r;
	unsigned long now, stops = 0;
	unsigned n = 0;

	r = ks_create_slot(slot);
	ks_expect("keystone: create timer enclave", (unsigned long)r.error, 0);
	eids[slot] = (uint64_t)r.value;
	ops = ks_ops(slot);
	__asm__ volatile("rdtime %0" : "=r"(now));
	n = ks_op_ecall(ops, n, SBI_LEGACY_SET_TIMER, 0, now + TIMER_DELAY, 0, 0);
	n = ks_op_spin(ops, n, 2 * TIMER_DELAY);
	ks_op_end(ops, n, 0x7173);
	for (r = ks_call(KS_RUN, eids[slot]); r.error == KS_INTERRUPTED && stops < 100;
	     r = ks_call(KS_RESUME, eids[slot]))
		stops++;
	printf("keystone: timer enclave interrupted %s\n", stops ? "at least once" : "never");
	ks_expect("keystone: timer enclave exit", (unsigned long)r.error, 0);
	ks_expect("keystone: timer enclave exit value", (unsigned long)r.value, 0x7173);
	ks_expect("keystone: spin saw the whole delay", ops[1].w[1] >= 2 * TIMER_DELAY, 1);
	ks_expect("keystone: destroy timer enclave",
		  (unsigned long)ks_call(KS_DESTROY, eids[slot]).error, 0);
}

/*
 * Host and enclave each keep their own f0-f31 and fcsr: the enclave starts
 * with zeros, the host's survive the enclave's, and the enclave's survive
 * the host's changes while it is stopped.
 */
#define UTM_FP_SEEN 0x600	/* 33 dwords each */
#define UTM_FP_MINE 0x800
#define UTM_FP_AGAIN 0xa00

static bool fp_equal(const uint64_t *a, const uint64_t *b)
{
	for (unsigned i = 0; i < FP_WORDS; i++) {
		if (a[i] != b[i]) {
			printf("keystone: FP word %u: 0x%lx != 0x%lx\n", i, (unsigned long)a[i],
			       (unsigned long)b[i]);
			return false;
		}
	}
	return true;
}

static void fp_pattern(uint64_t *v, uint64_t base)
{
	for (unsigned i = 0; i < FP_WORDS - 1; i++)
		v[i] = base + i;
	v[FP_WORDS - 1] = base & 0x1f;	/* fcsr: accrued flags only */
}

static void fp_state(unsigned slot)
{
	uint64_t utm = UTM_AT(slot), host[FP_WORDS], now[FP_WORDS], zero[FP_WORDS] = { 0 };
	uint64_t *seen = (uint64_t *)(utm + UTM_FP_SEEN), *mine = (uint64_t *)(utm + UTM_FP_MINE);
	uint64_t *again = (uint64_t *)(utm + UTM_FP_AGAIN);
	struct ks_op *ops;
	struct sbiret r = ks_create_slot(slot);
	unsigned n = 0;

	ks_expect("keystone: create FP enclave", (unsigned long)r.error, 0);
	eids[slot] = (uint64_t)r.value;
	ops = ks_ops(slot);
	fp_pattern(mine, 0xe0e0e0e000000003UL);
	n = ks_op_fp(ops, n, utm + UTM_FP_SEEN, utm + UTM_FP_MINE);
	n = ks_op_ecall(ops, n, KS_EID, KS_STOP, 1, 0, 0);
	n = ks_op_fp(ops, n, utm + UTM_FP_AGAIN, 0);
	ks_op_end(ops, n, 0);

	fp_pattern(host, 0x1515151500000005UL);
	ks_fp_set(host);
	r = ks_call(KS_RUN, eids[slot]);
	ks_fp_get(now);
	ks_expect("keystone: FP enclave stopped", (unsigned long)r.error, KS_EDGE_CALL_HOST);
	ks_expect("keystone: the enclave started with zero FP registers", fp_equal(seen, zero), 1);
	ks_expect("keystone: the host's FP registers survived the enclave", fp_equal(now, host), 1);
	fp_pattern(host, 0x2626262600000006UL);
	ks_fp_set(host);
	r = ks_call(KS_RESUME, eids[slot]);
	ks_fp_get(now);
	ks_expect("keystone: FP enclave exited", (unsigned long)r.error, 0);
	ks_expect("keystone: the enclave's FP registers survived the host", fp_equal(again, mine),
		  1);
	ks_expect("keystone: the host's FP registers survived again", fp_equal(now, host), 1);
	ks_expect("keystone: destroy FP enclave",
		  (unsigned long)ks_call(KS_DESTROY, eids[slot]).error, 0);
}

/*
 * The host with paging on (Sv39): CREATE's argument is read through its
 * satp (an alias VA of the struct works, an unmapped VA is refused), and
 * running an enclave (satp 0) gives the host its own satp back.
 */
#define SATP_SV39 (8UL << 60)
#define PTE_V 0x1UL
#define PTE_RWX 0xeUL
#define PTE_AD 0xc0UL
#define GIGA 0x40000000UL
#define ALIAS_OFFSET GIGA	/* VA 0x40000000.. -> PA 0x80000000.. */

static uint64_t root_pt[512] __attribute__((aligned(4096)));

static void paging(bool on)
{
	unsigned long satp = on ? SATP_SV39 | ((unsigned long)root_pt >> 12) : 0;

	__asm__ volatile("csrw satp, %0\n\tsfence.vma" : : "r"(satp) : "memory");
}

static void paged_host(unsigned slot)
{
	struct ks_create_args a = ks_default_args(slot);
	unsigned long satp;
	struct sbiret r;

	/* identity gigapages for devices and RAM, plus the alias of RAM */
	root_pt[0] = (0UL >> 2) | PTE_AD | PTE_RWX | PTE_V;
	root_pt[2] = ((2 * GIGA) >> 2) | PTE_AD | PTE_RWX | PTE_V;
	root_pt[1] = ((2 * GIGA) >> 2) | PTE_AD | 0x6UL | PTE_V;	/* RW */
	ks_load_slot(slot);
	paging(true);
	r = ks_call(KS_CREATE, (unsigned long)&a - ALIAS_OFFSET);
	ks_expect("keystone: create through the host's page table", (unsigned long)r.error, 0);
	eids[slot] = (uint64_t)r.value;
	ks_op_end(ks_ops(slot), 0, 0x5a);
	r = ks_call(KS_RUN, eids[slot]);
	__asm__ volatile("csrr %0, satp" : "=r"(satp));
	ks_expect("keystone: paged host ran an enclave, exit value", (unsigned long)r.value, 0x5a);
	ks_expect("keystone: the host's satp is back", satp,
		  SATP_SV39 | ((unsigned long)root_pt >> 12));
	ks_expect("keystone: create from an unmapped VA",
		  (unsigned long)ks_call(KS_CREATE, 3 * GIGA + 0x100).error, KS_REGION_OVERLAPS);
	paging(false);
	ks_expect("keystone: destroy paged host's enclave",
		  (unsigned long)ks_call(KS_DESTROY, eids[slot]).error, 0);
}

/*
 * An enclave with paging on: ATTEST's buffers are read and written through
 * the enclave's satp. Its root page table is in its (measured) second page:
 * RAM mapped at its own address and again at ALIAS_OFFSET below.
 */
#define REPORT_DATA_LEN 72	/* at 72: data_len, then the data */

static void paged_enclave(unsigned slot)
{
	uint64_t epm = EPM_AT(slot), utm = UTM_AT(slot);
	uint64_t *pt = (uint64_t *)(epm + PAGE);
	uint8_t *report = (uint8_t *)(utm + UTM_REPORT), *data = (uint8_t *)(utm + 0xc00);
	struct ks_op *ops;
	struct sbiret r;
	unsigned n = 0, same = 1;

	ks_load_slot(slot);
	pt[1] = ((2 * GIGA) >> 2) | PTE_AD | 0x6UL | PTE_V;	/* alias, RW */
	pt[2] = ((2 * GIGA) >> 2) | PTE_AD | PTE_RWX | PTE_V;
	r = ks_create_args_at(&(struct ks_create_args){ epm, EPM_SIZE, utm, UTM_SIZE, epm + PAGE,
							 epm + PAGE, epm + 2 * PAGE, 0 });
	ks_expect("keystone: create paged enclave", (unsigned long)r.error, 0);
	eids[slot] = (uint64_t)r.value;
	for (unsigned i = 0; i < 16; i++)
		data[i] = (uint8_t)(0x40 + i);
	ops = ks_ops(slot);
	n = ks_op_satp(ops, n, SATP_SV39 | ((epm + PAGE) >> 12));
	n = ks_op_ecall(ops, n, KS_EID, KS_ATTEST, utm + UTM_REPORT - ALIAS_OFFSET,
			utm + 0xc00 - ALIAS_OFFSET, 16);
	n = ks_op_ecall(ops, n, KS_EID, KS_ATTEST, utm + UTM_REPORT, 3 * GIGA, 16);
	ks_op_end(ops, n, 0);
	r = ks_call(KS_RUN, eids[slot]);
	ks_expect("keystone: paged enclave exit", (unsigned long)r.error, 0);
	ks_expect("keystone: attest through the enclave's page table", ops[1].w[2], 0);
	for (unsigned i = 0; i < 16; i++)
		same &= report[REPORT_DATA_LEN + i] == data[i];
	ks_expect("keystone: report data read through the alias", same && report[64] == 16, 1);
	ks_expect("keystone: attest data at an unmapped VA", ops[2].w[2], KS_NOT_ACCESSIBLE);
	ks_expect("keystone: destroy paged enclave",
		  (unsigned long)ks_call(KS_DESTROY, eids[slot]).error, 0);
}

static void run_alone(unsigned slot, unsigned long probe, const char *what)
{
	struct ks_op *ops;
	struct sbiret r = ks_create_slot(slot);

	ks_expect("keystone: create prober", (unsigned long)r.error, 0);
	eids[slot] = (uint64_t)r.value;
	ops = ks_ops(slot);
	ks_op_end(ops, ks_op_load(ops, 0, probe), 0);
	r = ks_call(KS_RUN, eids[slot]);
	printf("keystone: enclave reading %s: ", what);
	ks_expect("run returned", (unsigned long)r.error, KS_UNKNOWN_ERROR);
	ks_expect("keystone: it was killed by cause", (unsigned long)r.value, 5);
	ks_expect("keystone: destroy prober", (unsigned long)ks_call(KS_DESTROY, eids[slot]).error,
		  0);
}

void ks_test_lifecycle(unsigned long hartid)
{
	(void)hartid;
	struct sbiret r;
	unsigned long v, cause;

	printf("keystone: creating %d enclaves\n", NB);
	for (unsigned i = 0; i < NB; i++) {
		r = ks_create_slot(i);
		ks_expect("keystone: create", (unsigned long)r.error, 0);
		eids[i] = (uint64_t)r.value;
		program(i);
	}
	for (unsigned i = 0; i < NB; i++) {
		r = ks_call(KS_RUN, eids[i]);
		printf("keystone: enclave %u ", i);
		ks_expect("run stopped for an edge call", (unsigned long)r.error, KS_EDGE_CALL_HOST);
	}
	for (unsigned i = 0; i < NB; i++) {
		ks_expect("keystone: RANDOM returned", random_op(i)->w[2], 0);
		for (unsigned j = 0; j < i; j++)
			if (random_op(i)->w[3] == random_op(j)->w[3])
				ks_expect("keystone: two RANDOM values equal", 1, 0);
	}
	printf("keystone: 4 enclaves stopped at once, random values distinct\n");
	for (unsigned i = 0; i < NB; i++) {
		r = ks_call(KS_RESUME, eids[i]);
		printf("keystone: enclave %u ", i);
		ks_expect("resume stopped again, interrupted", (unsigned long)r.error, KS_INTERRUPTED);
	}
	for (unsigned i = 0; i < NB; i++) {
		r = ks_call(KS_RESUME, eids[i]);
		printf("keystone: enclave %u ", i);
		ks_expect("exited with", (unsigned long)r.error, 0);
		ks_expect("keystone: exit value", (unsigned long)r.value, EXIT_VALUE(i));
	}

	cause = ks_try_load(EPM_AT(1) + 8, &v);
	ks_expect("keystone: host load from enclave 1 memory faulted with cause", cause, 5);
	cause = ks_try_store(EPM_AT(2), 0x1234);
	ks_expect("keystone: host store to enclave 2 memory faulted with cause", cause, 7);

	/* a fresh enclave in slot 3 probes enclave 0's EPM, then the host's memory */
	ks_expect("keystone: destroy enclave 3", (unsigned long)ks_call(KS_DESTROY, eids[3]).error,
		  0);
	run_alone(3, EPM_AT(0) + 16, "enclave 0's memory");
	run_alone(3, HOST_ADDR, "host memory");
	run_alone(3, UTM_AT(0), "enclave 0's UTM");
	interrupted(3);
	fp_state(3);
	paged_host(3);
	paged_enclave(3);

	for (unsigned i = 0; i < 3; i++) {
		printf("keystone: enclave %u ", i);
		ks_expect("destroyed", (unsigned long)ks_call(KS_DESTROY, eids[i]).error, 0);
	}
	cause = ks_try_load(EPM_AT(1) + 8, &v);
	ks_expect("keystone: host load from destroyed enclave memory faulted with cause", cause, 0);
	v = 0;
	for (unsigned long *p = (unsigned long *)EPM_AT(1); p < (unsigned long *)(EPM_AT(1) + EPM_SIZE);
	     p++)
		v |= *p;
	ks_expect("keystone: destroyed enclave memory ORed together", v, 0);
	ks_test_cma_shaped();
	ks_finish("keystone");
}
