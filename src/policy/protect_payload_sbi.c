/*
 * What the firmware sees of each SBI call of the payload under the sandbox
 * (docs/sandbox.md, "Per-call forwarding"): the argument registers the SBI
 * v2.0 specification defines for the function, plus a6 (FID) and a7 (EID);
 * the firmware's a0 (error) and a1 (value) go back (SBI v2.0 §3). Legacy
 * calls (§5) return in a0 only. A call not in the table forwards no argument.
 */
#include <miralis/protect_payload.h>

#include <stddef.h>

#define MAX_FIDS 8

struct sbi_ext {
	uint64_t eid;
	unsigned nb_fid;
	uint8_t nb_args[MAX_FIDS];	/* argument registers a0.. of FID i */
};

/* SBI v2.0, one line per extension; FIDs 0.. in order */
static const struct sbi_ext extensions[] = {
	/* Base §4: spec/impl version, impl id, probe_extension(eid), mvendorid, marchid, mimpid */
	{ 0x10, 7, { 0, 0, 0, 1, 0, 0, 0 } },
	/* TIME §6: set_timer(stime) */
	{ 0x54494d45, 1, { 1 } },
	/* IPI §7: send_ipi(hart_mask, hart_mask_base) */
	{ 0x735049, 1, { 2 } },
	/* RFNC §8: fence_i(mask, base), sfence_vma(+start, size), _asid(+asid),
	 * hfence_gvma_vmid(+vmid), hfence_gvma, hfence_vvma_asid(+asid), hfence_vvma */
	{ 0x52464e43, 7, { 2, 4, 5, 5, 4, 5, 4 } },
	/* HSM §9: hart_start(hartid, addr, opaque), hart_stop, get_status(hartid),
	 * hart_suspend(type, resume_addr, opaque) */
	{ PP_EID_HSM, 4, { 3, 0, 1, 3 } },
	/* SRST §10: system_reset(type, reason) */
	{ 0x53525354, 1, { 2 } },
	/* PMU §11: num_counters, get_info(idx), config_matching(base, mask, flags,
	 * event, data), start(base, mask, flags, value), stop(base, mask, flags),
	 * fw_read(idx), fw_read_hi(idx), snapshot_set_shmem(lo, hi, flags) */
	{ 0x504d55, 8, { 0, 1, 5, 4, 3, 1, 1, 3 } },
	/* DBCN §12: write(num, lo, hi), read(num, lo, hi), write_byte(byte) */
	{ PP_EID_DBCN, 3, { 3, 3, 1 } },
	/* SUSP §13: system_suspend(type, resume_addr, opaque) */
	{ 0x53555350, 1, { 3 } },
	/* CPPC §14: probe(reg), read(reg), read_hi(reg), write(reg, value) */
	{ 0x43505043, 4, { 1, 1, 1, 2 } },
	/* NACL §15: probe_feature(id), set_shmem(lo, hi, flags), sync_csr(num),
	 * sync_hfence(index), sync_sret() */
	{ 0x4e41434c, 5, { 1, 3, 1, 1, 0 } },
	/* STA §16: set_shmem(lo, hi, flags) */
	{ 0x535441, 1, { 3 } },
};

/* Legacy extensions §5, EID 0x00..0x08 (FID ignored): set_timer(stime),
 * putchar(c), getchar(), clear_ipi(), send_ipi(*mask), remote_fence_i(*mask),
 * sfence_vma(*mask, start, size), sfence_vma_asid(*mask, start, size, asid),
 * shutdown() */
static const uint8_t legacy_args[] = { 1, 1, 0, 0, 1, 1, 3, 4, 0 };
#define LEGACY_SET_TIMER 0x0
#define TIME_EID 0x54494d45UL
#define SUSP_EID 0x53555350UL
#define HSM_HART_STOP 1
#define HSM_HART_SUSPEND 3

static uint32_t args_mask(unsigned n)
{
	uint32_t m = PP_REG(PP_A6) | PP_REG(PP_A7);

	for (unsigned i = 0; i < n; i++)
		m |= PP_REG(PP_A0 + i);
	return m;
}

#define PMU_EID 0x504d55UL
#define PMU_SNAPSHOT_SET_SHMEM 7
#define NACL_EID 0x4e41434cUL
#define NACL_SET_SHMEM 1
#define STA_EID 0x535441UL
#define STA_SET_SHMEM 0

bool pp_sbi_is_shmem(uint64_t eid, uint64_t fid)
{
	return (eid == PMU_EID && fid == PMU_SNAPSHOT_SET_SHMEM) ||
	       (eid == NACL_EID && fid == NACL_SET_SHMEM) || (eid == STA_EID && fid == STA_SET_SHMEM);
}

struct pp_call pp_sbi_call(uint64_t eid, uint64_t fid)
{
	/*
	 * Unknown: no argument, but the firmware must know which call it
	 * serves (else EID 0 would read as legacy set_timer), and its answer
	 * (SBI_ERR_NOT_SUPPORTED, or a vendor result) must arrive.
	 */
	struct pp_call call = { .in = args_mask(0), .out = PP_REG(PP_A0) | PP_REG(PP_A0 + 1),
				.after = PP_RETURNS, .known = false };

	if (eid < sizeof(legacy_args)) {
		call.in = args_mask(legacy_args[eid]);
		call.out = PP_REG(PP_A0);
		call.stimecmp = eid == LEGACY_SET_TIMER;
		call.known = true;
		return call;
	}
	for (size_t i = 0; i < sizeof(extensions) / sizeof(extensions[0]); i++) {
		const struct sbi_ext *e = &extensions[i];

		if (e->eid != eid || fid >= e->nb_fid)
			continue;
		call.in = args_mask(e->nb_args[fid]);
		call.out = PP_REG(PP_A0) | PP_REG(PP_A0 + 1);
		call.stimecmp = eid == TIME_EID;
		/* a successful stop or non-retentive suspend resumes at a new address */
		if ((eid == PP_EID_HSM && (fid == HSM_HART_STOP || fid == HSM_HART_SUSPEND)) ||
		    eid == SUSP_EID)
			call.after = PP_MAY_RESTART;
		call.resumes_at_a1 = (eid == PP_EID_HSM && fid == HSM_HART_SUSPEND) || eid == SUSP_EID;
		call.known = true;
		return call;
	}
	return call;
}
