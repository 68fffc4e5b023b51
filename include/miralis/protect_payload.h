/*
 * The sandbox policy (protect_payload, docs/sandbox.md): shared between
 * its files. The module itself is `module_protect_payload`.
 *
 *   protect_payload.c       hooks: PMP lock, hiding and restoring the
 *                           payload's registers and S-level CSRs, trap
 *                           redirects, sealing all harts at the first switch
 *   protect_payload_sbi.c   what each SBI call may see (per-call table)
 *   protect_payload_seal.c  locking every hart and measuring at the first switch
 *   protect_payload_hash.c  the measurement's digest
 *   protect_payload_window.c  payload memory a served trap names (windows)
 */
#ifndef MIRALIS_PROTECT_PAYLOAD_H
#define MIRALIS_PROTECT_PAYLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PP_REG(x) (1u << (x))
#define PP_A0 10	/* x10: first SBI argument and error (SBI v2.0 §3) */
#define PP_A6 16	/* x16: FID */
#define PP_A7 17	/* x17: EID */

/* What the payload's next entry after the firmware may be */
enum pp_after {
	PP_RETURNS,	/* back at the ecall + 4 (or the same pc) */
	PP_MAY_RESTART,	/* may instead restart fresh (HSM stop, non-retentive suspend) */
};

/* The view the firmware gets of one SBI call */
struct pp_call {
	uint32_t in;		/* GPRs (bit x) the firmware sees */
	uint32_t out;		/* GPRs the firmware's values go back to the payload */
	bool stimecmp;		/* the call may program the payload's stimecmp (TIME) */
	enum pp_after after;
	bool resumes_at_a1;	/* a non-retentive suspend: the restart is at a1 */
	bool known;		/* in the table; unknown calls forward no argument */
};

/*
 * The forwarding of SBI call (eid, fid) per SBI v2.0 (argument registers
 * a0.. in, a6/a7 in, a0/a1 out; legacy calls a0 out only).
 */
struct pp_call pp_sbi_call(uint64_t eid, uint64_t fid);

/* SBI v2.0 extensions the sandbox looks into */
#define PP_EID_HSM 0x48534dUL
#define PP_HSM_HART_START 0
#define PP_EID_DBCN 0x4442434eUL
#define PP_DBCN_WRITE 0
#define PP_DBCN_READ 1
#define PP_EID_LEGACY_SEND_IPI 0x04
#define PP_EID_LEGACY_SFENCE_VMA_ASID 0x07

/*
 * Calls that set up memory the firmware would keep accessing afterwards
 * (PMU snapshot, STA steal time, NACL shared memory): the sandbox cannot
 * lend it, so it answers them itself with SBI_ERR_NOT_SUPPORTED.
 */
bool pp_sbi_is_shmem(uint64_t eid, uint64_t fid);
#define PP_SBI_ERR_NOT_SUPPORTED (-2)

/*
 * A window of payload memory the firmware may access while it serves one
 * trap (protect_payload_window.c): cached bytes (up to 8, read as the
 * payload at the switch) or a live physical buffer.
 */
struct pp_window {
	uint64_t addr, len;	/* len 0: no window */
	uint64_t bytes;		/* cached: the bytes at addr, little-endian */
	bool live;		/* physical, accessed for real */
	bool write;		/* the firmware may also store (live only) */
};

struct vctx;

/* Cache len (<= 8, even) bytes at the payload's addr, as it reads them now */
bool pp_window_capture(struct vctx *c, struct pp_window *w, uint64_t addr, unsigned len);
/* A live window on [addr, addr + len) if the payload itself may access it */
bool pp_window_live(struct vctx *c, struct pp_window *w, uint64_t addr, uint64_t len, bool write);
/* The firmware's access fault: perform it if it lies inside w */
bool pp_window_access(struct vctx *c, const struct pp_window *w);

extern const struct module_ops module_protect_payload;

/* The payload has started: its region is locked for the firmware (all harts) */
bool pp_sealed(void);
/*
 * First switch to the payload (c about to enter it): lock the region on
 * every hart (monitor IPIs, each acknowledged), then measure the payload
 * and compare; a mismatch stops the monitor or continues, as configured.
 */
void pp_seal(struct vctx *c);
/* The sealing IPI reached this hart: recommit its PMP, acknowledge */
void pp_seal_ack(struct vctx *c);
/*
 * The entry pc that was measured, once the measurement is done (a hart
 * entering the payload meanwhile acknowledges the sealing and waits).
 */
uint64_t pp_measured_entry(struct vctx *c);

enum pp_hash_alg { PP_SHA256, PP_SHA3_256 };
#define PP_DIGEST_SIZE 32

/*
 * Digest of region[0..len) followed by the 8 little-endian bytes of the
 * entry pc (docs/sandbox.md, "Measurement").
 */
void pp_measure(enum pp_hash_alg alg, const void *region, size_t len, uint64_t entry,
		uint8_t out[PP_DIGEST_SIZE]);

/* Lower-case hex of a digest into buf (2 * PP_DIGEST_SIZE + 1 bytes) */
void pp_hex(const uint8_t d[PP_DIGEST_SIZE], char buf[2 * PP_DIGEST_SIZE + 1]);

#endif /* MIRALIS_PROTECT_PAYLOAD_H */
