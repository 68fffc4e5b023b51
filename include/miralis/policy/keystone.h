/*
 * The keystone policy: an enclave monitor speaking the upstream Keystone
 * security-monitor SBI interface (docs/keystone.md and
 * ../shared/spec/keystone-interface.md), so the unmodified Linux driver,
 * SDK and Eyrie runtime can use it. Declarations shared by its files:
 *
 *   keystone.c          SBI dispatch, enclave lifecycle, context switches
 *   keystone_context.c  save/install a context's S-level and FP state
 *   keystone_region.c   validation of the create arguments (pure)
 *   keystone_attest.c   measurement, keys, attestation report, sealing keys
 */
#ifndef MIRALIS_POLICY_KEYSTONE_H
#define MIRALIS_POLICY_KEYSTONE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <miralis/crypto/ed25519.h>
#include <miralis/crypto/sha3.h>
#include <miralis/riscv/encoding.h>

#define KS_EID 0x08424b45UL	/* "BKE", SBI_EXT_EXPERIMENTAL_KEYSTONE_ENCLAVE */

/* Function IDs (sdk/include/shared/sm_call.h) */
#define KS_FID_DEPRECATED_MAX 1999
#define KS_FID_CREATE 2001
#define KS_FID_DESTROY 2002
#define KS_FID_RUN 2003
#define KS_FID_RESUME 2005
#define KS_FID_RANDOM 3001
#define KS_FID_ATTEST 3002
#define KS_FID_SEALING_KEY 3003
#define KS_FID_STOP 3004
#define KS_FID_EXIT 3006
#define KS_FID_CALL_PLUGIN 4000

/* Stop reasons, a0 of KS_FID_STOP */
#define KS_STOP_TIMER_INTERRUPT 0
#define KS_STOP_EDGE_CALL_HOST 1
#define KS_STOP_EXIT_ENCLAVE 2

/* Return codes in a0 (sdk/include/shared/sm_err.h): positive, verbatim */
#define KS_SUCCESS 0
#define KS_ERR_UNKNOWN 100000
#define KS_ERR_INTERRUPTED 100002
#define KS_ERR_PMP_FAILURE 100003
#define KS_ERR_NOT_DESTROYABLE 100005
#define KS_ERR_REGION_OVERLAPS 100006
#define KS_ERR_NOT_ACCESSIBLE 100007
#define KS_ERR_ILLEGAL_ARGUMENT 100008
#define KS_ERR_NOT_RUNNING 100009
#define KS_ERR_NOT_RESUMABLE 100010
#define KS_ERR_EDGE_CALL_HOST 100011
#define KS_ERR_NOT_INITIALIZED 100012
#define KS_ERR_NO_FREE_RESOURCE 100013
#define KS_ERR_SBI_PROHIBITED 100014
#define KS_ERR_NOT_FRESH 100016
#define KS_ERR_DEPRECATED 100099
#define KS_ERR_NOT_IMPLEMENTED 100100

/*
 * Enclaves alive at once, and the PMP entries the policy owns. Locking an
 * EPM while it does not run costs one entry when it is NAPOT-shaped, two (a
 * TOR pair) otherwise, so 4 NAPOT EPMs fit, or 2 of the other shape; a
 * running enclave needs at most four (EPM, UTM, deny-all).
 */
#define KS_MAX_ENCLAVES 4
#define KS_PMP_ENTRIES KS_MAX_ENCLAVES
#define KS_PAGE_SIZE 0x1000UL

#define KS_REPORT_DATA_MAX 1024
#define KS_REPORT_SIZE 1352
#define KS_SEALING_KEY_SIZE 128
#define KS_SEALING_STRUCT_SIZE (KS_SEALING_KEY_SIZE + ED25519_SIGNATURE_SIZE)

/* struct keystone_sbi_create_t: 8 little-endian u64, read in this order */
struct ks_create_args {
	uint64_t epm_base, epm_size, utm_base, utm_size;
	uint64_t runtime, user, free, free_requested;
};

#define KS_CREATE_WORDS 8

/* Physical memory an enclave region may never touch: monitor, firmware. */
struct ks_reserved {
	uint64_t base, size;
};

/* Memory an enclave may be built from: [ram_base, ram_end) minus the reserved ranges. */
struct ks_memory {
	uint64_t ram_base, ram_end;
	const struct ks_reserved *reserved;
	size_t nb_reserved;
};

/*
 * KS_SUCCESS, or the error CREATE returns for these arguments: upstream's
 * ILLEGAL_ARGUMENT checks, then PMP_FAILURE for an EPM that is not whole
 * pages (upstream's PMP granularity; any such EPM is one NAPOT entry or a
 * TOR pair, as upstream's pmp_region_init makes it), a UTM that is not one
 * NAPOT entry (power-of-two size >= 4 KiB, aligned: upstream asserts it),
 * a region outside `mem`, or one that overlaps a reserved range, the other
 * region or any of the `nb_live` regions in `live` (EPMs and UTMs of the
 * live enclaves).
 */
int ks_check_create(const struct ks_create_args *a, const struct ks_memory *mem,
		    const struct ks_reserved *live, size_t nb_live);
/* PMP entries that lock an accepted EPM: 1 if NAPOT-shaped, else 2 (TOR). */
unsigned ks_epm_pmp_entries(uint64_t base, uint64_t size);
/* Whether [addr, addr + len) lies inside [base, base + size) without wrapping. */
bool ks_range_inside(uint64_t addr, uint64_t len, uint64_t base, uint64_t size);

/* ---- keystone_context.c ---- */

#define KS_NB_REGS 32

/* mstatus fields that belong to S-mode (sstatus), swapped with the context */
#define KS_SSTATUS_FIELDS                                                     \
	(MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_UBE | MSTATUS_SPP | MSTATUS_VS |  \
	 MSTATUS_FS | MSTATUS_XS | MSTATUS_SUM | MSTATUS_MXR)

/* The S-level state a context owns besides its GPRs and pc. */
struct ks_sstate {
	uint64_t sstatus, stvec, sscratch, sepc, scause, stval, satp, scounteren, senvcfg;
};

/* f0-f31 and fcsr: the monitor itself never uses them, the two sides share them */
struct ks_fpstate {
	uint64_t f[KS_NB_REGS];
	uint64_t fcsr;
};

struct ks_context {
	uint64_t regs[KS_NB_REGS];
	uint64_t pc;
	unsigned mode;	/* PRV_S or PRV_U */
	struct ks_sstate s;
	struct ks_fpstate fp;
};

struct vctx;

void ks_save_sstate(const struct vctx *c, struct ks_sstate *s);
/* Physical CSRs and the vCSR copy of the S fields (world_prepare_run installs it). */
void ks_load_sstate(struct vctx *c, const struct ks_sstate *s);
/* No-ops on a hart without F and D. */
void ks_save_fp(const struct vctx *c, struct ks_fpstate *fp);
void ks_load_fp(const struct vctx *c, const struct ks_fpstate *fp);
void ks_copy_regs(uint64_t *dst, const uint64_t *src);

/* ---- keystone_attest.c ---- */

/* Measure the monitor and derive the keys (boot hart, once). */
void ks_attest_init(void);
/* SHA3-512 of an enclave being created, as upstream hashes it. */
void ks_measure_enclave(const struct ks_create_args *a, uint8_t hash[SHA3_512_DIGEST_SIZE]);
/*
 * The 1352-byte report for an enclave of measurement `hash` and the
 * caller's data (len <= KS_REPORT_DATA_MAX).
 */
void ks_build_report(uint8_t report[KS_REPORT_SIZE], const uint8_t hash[SHA3_512_DIGEST_SIZE],
		     const uint8_t *data, size_t len);
/* struct sealing_key { key[128]; signature[64]; } for an enclave and identifier. */
bool ks_sealing_key(uint8_t out[KS_SEALING_STRUCT_SIZE], const uint8_t hash[SHA3_512_DIGEST_SIZE],
		    const uint8_t *ident, size_t len);
/* 64 random bits (Zkr seed when the hart has it, else the documented fallback); callers serialise. */
uint64_t ks_random(void);

#endif /* MIRALIS_POLICY_KEYSTONE_H */
