/*
 * keystone-attest: an enclave asks for its report over 64 bytes of data and
 * for a sealing key. The host prints the report and the measured EPM bytes
 * as hex lines; the runner (runner/checks/keystone.py) recomputes the
 * measurement with hashlib.sha3_512 and verifies both Ed25519 signatures
 * with python3-cryptography.
 */
#include "ks.h"

#define DATA_LEN 64
#define UTM_DATA 0xc00
#define UTM_KEY 0xd00	/* 192-byte sealing key struct copied out */
#define EPM_SCRATCH (2 * PAGE - 0x200)	/* free page: sealing key output */
#define IDENT_LEN 16

static void print_hex(const char *tag, const uint8_t *p, unsigned long len)
{
	for (unsigned long off = 0; off < len; off += 64) {
		printf("keystone-attest: %s %04lx ", tag, off);
		for (unsigned long i = off; i < len && i < off + 64; i++)
			printf("%02x", p[i]);
		printf("\n");
	}
}

static void ask_report(unsigned slot, uint64_t eid, const char *tag)
{
	struct ks_op *ops = ks_ops(slot);
	uint64_t utm = UTM_AT(slot), epm = EPM_AT(slot);
	struct sbiret r;
	unsigned n = 0;

	for (unsigned i = 0; i < DATA_LEN; i++)
		((uint8_t *)utm)[UTM_DATA + i] = (uint8_t)(0xa0 + i);
	n = ks_op_ecall(ops, n, KS_EID, KS_ATTEST, utm + UTM_REPORT, utm + UTM_DATA, DATA_LEN);
	/* identifier: the first bytes of the enclave's own code, inside its EPM */
	n = ks_op_ecall(ops, n, KS_EID, KS_SEALING_KEY, epm + EPM_SCRATCH, epm, IDENT_LEN);
	n = ks_op_copy(ops, n, epm + EPM_SCRATCH, utm + UTM_KEY, 192);
	ks_op_end(ops, n, 0);
	r = ks_call(KS_RUN, eid);
	ks_expect("keystone-attest: run", (unsigned long)r.error, 0);
	ks_expect("keystone-attest: attest returned", ops[0].w[2], 0);
	ks_expect("keystone-attest: sealing key returned", ops[1].w[2], 0);
	print_hex(tag, (const uint8_t *)(utm + UTM_REPORT), 1352);
	print_hex("sealing", (const uint8_t *)(utm + UTM_KEY), 192);
}

void ks_test_attest(unsigned long hartid)
{
	(void)hartid;
	struct ks_create_args a = ks_default_args(0);
	struct sbiret r;
	uint64_t eid;

	/* what the monitor will measure, printed before the EPM is locked away */
	ks_load_slot(0);
	printf("keystone-attest: sizes %lx %lx %lx\n", (unsigned long)(a.runtime - a.epm_base),
	       (unsigned long)(a.user - a.runtime), (unsigned long)(a.free - a.user));
	print_hex("epm", (const uint8_t *)EPM_AT(0), a.free - a.epm_base);
	r = ks_create_args_at(&a);
	eid = (uint64_t)r.value;
	ks_expect("keystone-attest: create", (unsigned long)r.error, 0);
	ask_report(0, eid, "report");
	ks_expect("keystone-attest: destroy", (unsigned long)ks_call(KS_DESTROY, eid).error, 0);
	ks_finish("keystone-attest");
}
