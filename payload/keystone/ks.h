/*
 * Host side of the keystone tests: an S-mode payload that drives the
 * monitor's Keystone SM interface (docs/keystone.md) the way the upstream
 * Linux driver does, with enclaves built from enclave.S.
 *
 * The enclave is a tiny interpreter: it runs the list of operations the
 * host wrote into its UTM (struct ks_op), so one measured image serves
 * every scenario and the host reads each result back from the UTM.
 */
#ifndef PAYLOAD_KS_H
#define PAYLOAD_KS_H

#include <stdint.h>

#include "payload.h"

#define KS_EID 0x08424b45UL
#define KS_CREATE 2001
#define KS_DESTROY 2002
#define KS_RUN 2003
#define KS_RESUME 2005
#define KS_RANDOM 3001
#define KS_ATTEST 3002
#define KS_SEALING_KEY 3003
#define KS_STOP 3004
#define KS_EXIT 3006

#define KS_INTERRUPTED 100002
#define KS_PMP_FAILURE 100003
#define KS_NOT_DESTROYABLE 100005
#define KS_REGION_OVERLAPS 100006
#define KS_NOT_ACCESSIBLE 100007
#define KS_ILLEGAL_ARGUMENT 100008
#define KS_NOT_RESUMABLE 100010
#define KS_EDGE_CALL_HOST 100011
#define KS_NO_FREE_RESOURCE 100013
#define KS_SBI_PROHIBITED 100014
#define KS_NOT_FRESH 100016
#define KS_UNKNOWN_ERROR 100000
#define KS_DEPRECATED 100099
#define KS_NOT_IMPLEMENTED 100100

#define SBI_LEGACY_SET_TIMER 0
#define SBI_LEGACY_PUTCHAR 1

#define PAGE 0x1000UL
#define EPM_SIZE 0x10000UL
#define UTM_SIZE PAGE
#define EPM_AT(i) (0x80800000UL + (unsigned long)(i) * EPM_SIZE)
#define UTM_AT(i) (0x80900000UL + (unsigned long)(i) * UTM_SIZE)
#define HOST_ADDR 0x80200000UL	/* the payload's own image */

/* UTM layout shared with enclave.S */
#define UTM_OPS 0x40	/* struct ks_op[], ended by KS_OP_END */
#define UTM_REPORT 0x600	/* 1352-byte attestation report */
#define MAX_OPS ((UTM_REPORT - UTM_OPS) / sizeof(struct ks_op))

enum ks_op_kind {
	KS_OP_END,	/* exit(w[0]) */
	KS_OP_ECALL,	/* a7 = w[0], a6 = w[1], a0..a2 = w[2..4]; a0, a1 -> w[2], w[3] */
	KS_OP_LOAD,	/* w[1] = *(u64 *)w[0] */
	KS_OP_COPY,	/* copy w[2] bytes from w[0] to w[1] */
	KS_OP_SPIN,	/* spin until w[0] ticks of `time` passed; w[1] = ticks counted */
	KS_OP_FP,	/* f0-f31, fcsr to the 33 dwords at w[0]; then from w[1] unless 0 */
	KS_OP_SATP,	/* satp = w[0] (and sfence.vma) */
};

#define FP_WORDS 33	/* f0-f31, fcsr */
/* The host's own FP registers (sets sstatus.FS). */
void ks_fp_set(const uint64_t *v);
void ks_fp_get(uint64_t *v);

struct ks_op {
	uint64_t kind;
	uint64_t w[5];
};

struct ks_create_args {
	uint64_t epm_base, epm_size, utm_base, utm_size;
	uint64_t runtime, user, free, free_requested;
};

extern const char ks_enclave_start[], ks_enclave_end[];

struct sbiret ks_call(unsigned long fid, unsigned long a0);
/* SBI HSM hart_start: start hart at entry (S-mode) with a1 = opaque. */
long ks_hart_start(unsigned long hart, unsigned long entry, unsigned long opaque);
/* Copy the enclave image (and a zero page) to EPM_AT(slot). */
void ks_load_slot(unsigned slot);
/* ks_load_slot, then create it over EPM/UTM slot with ks_default_args. */
struct sbiret ks_create_slot(unsigned slot);
struct sbiret ks_create_args_at(const struct ks_create_args *a);
struct ks_create_args ks_default_args(unsigned slot);
/* Op list builder for the UTM of slot. */
struct ks_op *ks_ops(unsigned slot);
unsigned ks_op_ecall(struct ks_op *ops, unsigned n, uint64_t eid, uint64_t fid, uint64_t a0,
		     uint64_t a1, uint64_t a2);
unsigned ks_op_puts(struct ks_op *ops, unsigned n, const char *s);
unsigned ks_op_load(struct ks_op *ops, unsigned n, uint64_t addr);
unsigned ks_op_copy(struct ks_op *ops, unsigned n, uint64_t from, uint64_t to, uint64_t len);
unsigned ks_op_fp(struct ks_op *ops, unsigned n, uint64_t dump, uint64_t load);
unsigned ks_op_satp(struct ks_op *ops, unsigned n, uint64_t satp);
unsigned ks_op_spin(struct ks_op *ops, unsigned n, uint64_t ticks);
unsigned ks_op_end(struct ks_op *ops, unsigned n, uint64_t exit_value);

/* A host load/store that may fault: returns scause, or 0 when it did not. */
unsigned long ks_try_load(unsigned long addr, unsigned long *val);
unsigned long ks_try_store(unsigned long addr, unsigned long val);
void ks_install_trap_handler(void);

/* Check helper: prints the line and counts a failure when got != want. */
void ks_expect(const char *what, unsigned long got, unsigned long want);
int ks_failures(void);
void ks_finish(const char *test);

void ks_test_lifecycle(unsigned long hartid);
void ks_test_cma_shaped(void);
void ks_test_attest(unsigned long hartid);
void ks_test_misuse(unsigned long hartid);
void ks_test_multihart(unsigned long hartid);
void ks_test_fwview(unsigned long hartid);
void ks_test_random(unsigned long hartid);
void ks_test_fourharts(unsigned long hartid);
void ks_secondary_main(unsigned long hartid);

#endif /* PAYLOAD_KS_H */
