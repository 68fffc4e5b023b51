/*
 * The firmware's CSR file (src/virt/csr.c, vpmp_* of src/pmp/pmp.c)
 * against the hardware as the oracle: for every CSR, writing a value
 * virtually must read back what writing it to the software hart's real
 * CSR reads back (the hart models QEMU 7.2, see src/arch/host/host.h),
 * and a CSR must be absent or read-only virtually exactly when it is
 * physically. Then the rules the masks cannot express, one per test.
 */
#include <stdio.h>

#include <miralis/arch.h>
#include <miralis/riscv/encoding.h>
#include <miralis/trigger.h>
#include <miralis/vcsr.h>
#include <miralis/virt.h>

#include "check.h"
#include "host.h"
#include "vhart.h"

#define HS_INTS (MIP_SGEIP | MIP_VSSIP | MIP_VSTIP | MIP_VSEIP)
#define S_INTS (MIP_SSIP | MIP_STIP | MIP_SEIP | MIP_LCOFIP)
#define M_INTS (MIP_MSIP | MIP_MTIP | MIP_MEIP)
#define NO_LOCK 0x7f7f7f7f7f7f7f7fULL

static uint64_t vread(struct vctx *c, unsigned csr)
{
	uint64_t v = 0xbad;

	CHECK_EQ(vcsr_read(c, csr, &v), 0);
	return v;
}

static void vwrite(struct vctx *c, unsigned csr, uint64_t v)
{
	CHECK_EQ(vcsr_write(c, csr, v), 0);
}

/* ---- the oracle ---- */

enum {
	NOSYNC = 1,	/* counters: the physical one must not move under the offset */
	NOLOCK = 2,	/* pmpcfg: lock bits are exercised in their own tests */
	TYPED = 4,	/* tdata1: also try the trigger types the hart implements */
	NOVS = 8,	/* vsie: leave bits 2, 6, 10 clear (QEMU 7.2 quirk, see below) */
};

struct ocsr {
	const char *name;
	unsigned num;
	unsigned flags;
	/*
	 * bits not compared: where QEMU 7.2 departs from the spec (medeleg[11]
	 * and xepc[0] are read-only zero in the spec) and UXL, whose QEMU rule
	 * depends on the written value (a zero UXL is not written)
	 */
	uint64_t skip;
};

static const struct ocsr oracle_csrs[] = {
	{ "cycle", CSR_CYCLE, 0, 0 },	/* before mcycle: both show its offset */
	{ "time", CSR_TIME, 0, 0 },
	{ "instret", CSR_INSTRET, 0, 0 },
	{ "mstatus", CSR_MSTATUS, 0, 0 },
	{ "misa", CSR_MISA, 0, 0 },
	{ "medeleg", CSR_MEDELEG, 0, BIT(CAUSE_MACHINE_ECALL) },
	{ "mideleg", CSR_MIDELEG, 0, 0 },
	{ "mie", CSR_MIE, 0, 0 },
	{ "mtvec", CSR_MTVEC, 0, 0 },
	{ "mcounteren", CSR_MCOUNTEREN, 0, 0 },
	{ "menvcfg", CSR_MENVCFG, 0, 0 },
	{ "mcountinhibit", CSR_MCOUNTINHIBIT, 0, 0 },
	{ "mscratch", CSR_MSCRATCH, 0, 0 },
	{ "mepc", CSR_MEPC, 0, 1 },
	{ "mcause", CSR_MCAUSE, 0, 0 },
	{ "mtval", CSR_MTVAL, 0, 0 },
	{ "mip", CSR_MIP, 0, 0 },
	{ "mtinst", CSR_MTINST, 0, 0 },
	{ "mtval2", CSR_MTVAL2, 0, 0 },
	{ "mseccfg", CSR_MSECCFG, 0, 0 },
	{ "mcycle", CSR_MCYCLE, NOSYNC, 0 },
	{ "minstret", CSR_MINSTRET, NOSYNC, 0 },
	{ "mvendorid", CSR_MVENDORID, 0, 0 },
	{ "marchid", CSR_MARCHID, 0, 0 },
	{ "mimpid", CSR_MIMPID, 0, 0 },
	{ "mhartid", CSR_MHARTID, 0, 0 },
	{ "mconfigptr", CSR_MCONFIGPTR, 0, 0 },
	{ "sstatus", CSR_SSTATUS, 0, 0 },
	{ "sie", CSR_SIE, 0, 0 },
	{ "stvec", CSR_STVEC, 0, 0 },
	{ "scounteren", CSR_SCOUNTEREN, 0, 0 },
	{ "senvcfg", CSR_SENVCFG, 0, 0 },
	{ "sscratch", CSR_SSCRATCH, 0, 0 },
	{ "sepc", CSR_SEPC, 0, 1 },
	{ "scause", CSR_SCAUSE, 0, 0 },
	{ "stval", CSR_STVAL, 0, 0 },
	{ "sip", CSR_SIP, 0, 0 },
	/* stimecmp: physical, and probes only read it (a write re-arms the S timer) */
	{ "satp", CSR_SATP, 0, 0 },
	{ "hstatus", CSR_HSTATUS, 0, 0 },
	{ "hedeleg", CSR_HEDELEG, 0, 0 },
	{ "hideleg", CSR_HIDELEG, 0, 0 },
	{ "hie", CSR_HIE, 0, 0 },
	{ "htimedelta", CSR_HTIMEDELTA, 0, 0 },
	{ "hcounteren", CSR_HCOUNTEREN, 0, 0 },
	{ "hgeie", CSR_HGEIE, 0, 0 },
	{ "henvcfg", CSR_HENVCFG, 0, 0 },
	{ "htval", CSR_HTVAL, 0, 0 },
	{ "hip", CSR_HIP, 0, 0 },
	{ "hvip", CSR_HVIP, 0, 0 },
	{ "htinst", CSR_HTINST, 0, 0 },
	{ "hgatp", CSR_HGATP, 0, 0 },
	{ "hgeip", CSR_HGEIP, 0, 0 },
	{ "vsstatus", CSR_VSSTATUS, 0, 0 },
	{ "vsie", CSR_VSIE, NOVS, 0 },
	{ "vstvec", CSR_VSTVEC, 0, 0 },
	{ "vsscratch", CSR_VSSCRATCH, 0, 0 },
	{ "vsepc", CSR_VSEPC, 0, 0 },
	{ "vscause", CSR_VSCAUSE, 0, 0 },
	{ "vstval", CSR_VSTVAL, 0, 0 },
	{ "vsip", CSR_VSIP, 0, 0 },
	{ "vsatp", CSR_VSATP, 0, 0 },
	{ "tselect", CSR_TSELECT, 0, 0 },
	{ "tdata1", CSR_TDATA1, TYPED, 0 },
	{ "tdata2", CSR_TDATA2, 0, 0 },
	{ "tdata3", CSR_TDATA3, 0, 0 },
	{ "pmpcfg0", CSR_PMPCFG0, NOLOCK, 0 },
	{ "pmpaddr0", CSR_PMPADDR0, 0, 0 },
	{ "pmpaddr5", CSR_PMPADDR0 + 5, 0, 0 },
	{ "pmpaddr7", CSR_PMPADDR0 + 7, 0, 0 },
};

#define NB_VALUES 80

/* Values tried on every CSR: edges, single fields, then pseudo-random. */
static uint64_t oracle_value(const struct ocsr *o, unsigned i, uint64_t *seed)
{
	static const uint64_t fixed[] = {
		~0ULL, 0, 0x5555555555555555ULL, 0xaaaaaaaaaaaaaaaaULL, 1, 2, 3,
		0x80000000ULL | 1, 0x80000000ULL | 2, 0x80000000ULL | 3,
		0x8ULL << 60 | 0x12345, 0x9ULL << 60 | 0xfffffffffffULL,
		0xaULL << 60 | 1, 0x1ULL << 60 | 7, 0x5ULL << 60,
		0x2ULL << 60 | 0x5f, 0x6ULL << 60 | 0x50000 | 0x5f,
		MSTATUS_FS, MSTATUS_VS, MSTATUS_XS, 1ULL << 32, 2ULL << 32, 3ULL << 32,
		2ULL << MSTATUS_MPP_SHIFT, 1ULL << MSTATUS_MPP_SHIFT,
		MSTATUS_MPRV | MSTATUS_MPP, ~0ULL >> 1, 0x222, 0xaaa, 0x1fff,
	};
	const unsigned nb_fixed = sizeof(fixed) / sizeof(fixed[0]);
	uint64_t v = i < nb_fixed ? fixed[i] : vhart_rand(seed);

	/* tdata1: keep half of the random values in the implemented types */
	if ((o->flags & TYPED) && i >= nb_fixed && (i & 1))
		v = (v & ~(0xfULL << 60)) | ((i & 2) ? 2ULL : 6ULL) << 60;
	if (o->flags & NOLOCK)
		v &= NO_LOCK;
	if (o->flags & NOVS)
		v &= ~(uint64_t)(MIP_VSSIP | MIP_VSTIP | MIP_VSEIP);
	return v;
}

/*
 * One step: the hardware's answer for writing v (probe: write, read back,
 * restore), the virtual answer, then the same write physically so that the
 * next step starts from the same old value on both sides.
 */
static bool oracle_step(struct vctx *c, const struct ocsr *o, uint64_t v)
{
	uint64_t orig = 0, hw_rb = 0, got = 0, keep = ~o->skip;
	bool present = arch_csr_probe(o->num, v, &orig, &hw_rb);
	bool writable = present && ((o->num >> 10) & 3) != 3;
	int wrc = vcsr_write(c, o->num, v);
	int rrc;
	bool ok = true;

	if (!(o->flags & NOSYNC)) {
		host_clear_illegal();
		csr_write(o->num, v);
		writable = writable && host_illegal_count() == 0;
		host_clear_illegal();
	}
	rrc = vcsr_read(c, o->num, &got);
	if ((rrc == 0) != present || (wrc == 0) != writable) {
		printf("  %s (0x%03x) write 0x%016llx: virtual read %d write %d, "
		       "hardware present %d writable %d\n",
		       o->name, o->num, (unsigned long long)v, rrc, wrc, present, writable);
		ok = false;
	} else if (present && (got & keep) != (hw_rb & keep)) {
		printf("  %s (0x%03x) write 0x%016llx: virtual 0x%016llx, hardware 0x%016llx\n",
		       o->name, o->num, (unsigned long long)v, (unsigned long long)got,
		       (unsigned long long)hw_rb);
		ok = false;
	}
	return ok;
}

TEST(vcsr_writes_read_back_as_on_the_hardware)
{
	struct vhart h;
	uint64_t seed = 0x9e3779b97f4a7c15ULL;

	vhart_boot(&h, 0);
	/* the views sie/sip/sstatus depend on mideleg: delegate the same on both sides */
	vwrite(&h.ctx, CSR_MIDELEG, ~0ULL);
	csr_write(CSR_MIDELEG, ~0ULL);
	for (size_t k = 0; k < sizeof(oracle_csrs) / sizeof(oracle_csrs[0]); k++) {
		const struct ocsr *o = &oracle_csrs[k];
		unsigned bad = 0;

		for (unsigned i = 0; i < NB_VALUES && bad < 3; i++)
			if (!oracle_step(&h.ctx, o, oracle_value(o, i, &seed)))
				bad++;
		CHECK_EQ(bad, 0);
	}
}

/* Without delegation the S views show nothing, on both sides. */
TEST(vcsr_s_views_read_back_as_on_the_hardware_without_delegation)
{
	static const struct ocsr views[] = {
		{ "sie", CSR_SIE, 0, 0 }, { "sip", CSR_SIP, 0, 0 },
		{ "sstatus", CSR_SSTATUS, 0, 0 }, { "mie", CSR_MIE, 0, 0 },
	};
	struct vhart h;
	uint64_t seed = 42;

	vhart_boot(&h, 0);
	vwrite(&h.ctx, CSR_MIDELEG, 0);
	csr_write(CSR_MIDELEG, 0);
	for (size_t k = 0; k < sizeof(views) / sizeof(views[0]); k++) {
		unsigned bad = 0;

		for (unsigned i = 0; i < NB_VALUES && bad < 3; i++)
			if (!oracle_step(&h.ctx, &views[k], oracle_value(&views[k], i, &seed)))
				bad++;
		CHECK_EQ(bad, 0);
	}
}

/*
 * vsie shows the VS enables of mie one position down (H spec 8.2.12): its
 * bits 1, 5, 9 map to mie bits 2, 6, 10, and its own bits 2, 6, 10 are
 * not VS enables. QEMU 7.2 (rmw_vsie64) ORs the shifted bits into the
 * written value without clearing bits 2, 6, 10 first, so a written bit 2
 * sets VSSIE there; vM-mode follows the spec, hence NOVS in the oracle.
 */
TEST(vcsr_vsie_is_the_delegated_vs_enables_one_position_down)
{
	struct vhart h;

	vhart_boot(&h, 0);
	csr_write(CSR_HIDELEG, MIP_VSSIP | MIP_VSTIP);
	vwrite(&h.ctx, CSR_VSIE, ~0ULL);
	CHECK_EQ(vread(&h.ctx, CSR_VSIE), MIP_SSIP | MIP_STIP);
	CHECK_EQ(vread(&h.ctx, CSR_MIE), MIP_VSSIP | MIP_VSTIP);
	CHECK_EQ(vread(&h.ctx, CSR_HIE), MIP_VSSIP | MIP_VSTIP);
	vwrite(&h.ctx, CSR_VSIE, MIP_VSSIP | MIP_VSTIP | MIP_VSEIP);
	CHECK_EQ(vread(&h.ctx, CSR_VSIE), 0);
	CHECK_EQ(vread(&h.ctx, CSR_MIE), 0);
	/* hie writes the VS enables (and SGEIE) of mie whatever hideleg says */
	vwrite(&h.ctx, CSR_HIE, ~0ULL);
	CHECK_EQ(vread(&h.ctx, CSR_MIE), MIP_VSSIP | MIP_VSTIP | MIP_VSEIP | MIP_SGEIP);
	CHECK_EQ(vread(&h.ctx, CSR_VSIE), MIP_SSIP | MIP_STIP);
	/* virtual: the physical mie is the monitor's */
	CHECK_EQ(host_csr_get_raw(CSR_MIE), 0);
}

/* ---- mstatus ---- */

TEST(vcsr_mstatus_reset_is_the_hardware_reset)
{
	struct vhart h;

	vhart_boot(&h, 0);
	/* QEMU: SXL = UXL = 64-bit, everything else 0 (vMPP = U, vMIE = 0) */
	CHECK_EQ(vread(&h.ctx, CSR_MSTATUS), 0xa00000000ULL);
	CHECK_EQ(vread(&h.ctx, CSR_MTVEC), 0);
	CHECK_EQ(vread(&h.ctx, CSR_MIE), 0);
	CHECK_EQ(h.ctx.mode, PRV_M);
	CHECK_EQ(h.ctx.pc, VHART_FW_ENTRY);
	CHECK_EQ(h.ctx.regs[10], 0);
	CHECK_EQ(h.ctx.regs[11], VHART_DTB);
}

TEST(vcsr_mstatus_mie_is_writable_though_never_probed)
{
	struct vhart h;

	vhart_boot(&h, 0);
	vwrite(&h.ctx, CSR_MSTATUS, MSTATUS_MIE);
	CHECK(vread(&h.ctx, CSR_MSTATUS) & MSTATUS_MIE);
	vwrite(&h.ctx, CSR_MSTATUS, 0);
	CHECK(!(vread(&h.ctx, CSR_MSTATUS) & MSTATUS_MIE));
}

TEST(vcsr_mstatus_mpp_takes_supported_modes)
{
	struct vhart h;

	vhart_boot(&h, 0);
	for (uint64_t m = 0; m < 4; m++) {
		vwrite(&h.ctx, CSR_MSTATUS, m << MSTATUS_MPP_SHIFT);
		/* QEMU 7.2 stores every value, reserved 2 included: so does vM-mode */
		CHECK_EQ((vread(&h.ctx, CSR_MSTATUS) & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT, m);
	}
}

TEST(vcsr_mstatus_mpp_reserved_keeps_old_on_a_hart_that_drops_it)
{
	struct vhart h;

	vhart_boot(&h, 0);
	/* a hart that keeps the old MPP for 2, and for S when it has no S-mode */
	for (unsigned o = 0; o < HW_FIELD_VALUES; o++)
		h.hw.mstatus_field[HW_FIELD_MPP].next[o][2] = (uint8_t)o;
	vwrite(&h.ctx, CSR_MSTATUS, 1ULL << MSTATUS_MPP_SHIFT);
	vwrite(&h.ctx, CSR_MSTATUS, 2ULL << MSTATUS_MPP_SHIFT | MSTATUS_SUM);
	/* the rest of the write happens, MPP keeps S */
	CHECK_EQ(vread(&h.ctx, CSR_MSTATUS) & (MSTATUS_MPP | MSTATUS_SUM),
		 1ULL << MSTATUS_MPP_SHIFT | MSTATUS_SUM);
	/* without S-mode, S is not a legal MPP either */
	h.hw.has_s = false;
	for (unsigned o = 0; o < HW_FIELD_VALUES; o++)
		h.hw.mstatus_field[HW_FIELD_MPP].next[o][PRV_S] = (uint8_t)o;
	vwrite(&h.ctx, CSR_MSTATUS, 3ULL << MSTATUS_MPP_SHIFT);
	vwrite(&h.ctx, CSR_MSTATUS, 1ULL << MSTATUS_MPP_SHIFT);
	CHECK_EQ(vread(&h.ctx, CSR_MSTATUS) & MSTATUS_MPP, MSTATUS_MPP);
}

TEST(vcsr_mstatus_sd_summarises_fs_vs_and_is_not_writable)
{
	struct vhart h;

	vhart_boot(&h, 0);
	vwrite(&h.ctx, CSR_MSTATUS, MSTATUS_SD);
	CHECK_EQ(vread(&h.ctx, CSR_MSTATUS) & MSTATUS_SD, 0);
	vwrite(&h.ctx, CSR_MSTATUS, MSTATUS_FS);
	CHECK_EQ(vread(&h.ctx, CSR_MSTATUS) & MSTATUS_SD, MSTATUS_SD);
	CHECK_EQ(vread(&h.ctx, CSR_SSTATUS) & MSTATUS_SD, MSTATUS_SD);
	vwrite(&h.ctx, CSR_MSTATUS, 1ULL << 13);	/* FS = Initial */
	CHECK_EQ(vread(&h.ctx, CSR_MSTATUS) & MSTATUS_SD, 0);
	vwrite(&h.ctx, CSR_MSTATUS, MSTATUS_VS);
	CHECK_EQ(vread(&h.ctx, CSR_MSTATUS) & MSTATUS_SD, MSTATUS_SD);
	vwrite(&h.ctx, CSR_MSTATUS, 2ULL << 9);		/* VS = Clean */
	CHECK_EQ(vread(&h.ctx, CSR_MSTATUS) & MSTATUS_SD, 0);
	/* through sstatus too */
	vwrite(&h.ctx, CSR_SSTATUS, MSTATUS_FS);
	CHECK_EQ(vread(&h.ctx, CSR_MSTATUS) & (MSTATUS_SD | MSTATUS_FS), MSTATUS_SD | MSTATUS_FS);
}

TEST(vcsr_sstatus_writes_only_the_s_fields)
{
	struct vhart h;
	uint64_t before;

	vhart_boot(&h, 0);
	vwrite(&h.ctx, CSR_MSTATUS, MSTATUS_MPIE | MSTATUS_MIE | 3ULL << MSTATUS_MPP_SHIFT);
	before = vread(&h.ctx, CSR_MSTATUS);
	vwrite(&h.ctx, CSR_SSTATUS, ~0ULL);
	CHECK_EQ(vread(&h.ctx, CSR_MSTATUS) & (MSTATUS_MPIE | MSTATUS_MIE | MSTATUS_MPP |
						MSTATUS_MPRV | MSTATUS_TVM),
		 before & (MSTATUS_MPIE | MSTATUS_MIE | MSTATUS_MPP));
	CHECK(vread(&h.ctx, CSR_MSTATUS) & MSTATUS_SUM);
	vwrite(&h.ctx, CSR_SSTATUS, 0);
	CHECK_EQ(vread(&h.ctx, CSR_SSTATUS) & (MSTATUS_SUM | MSTATUS_SIE | MSTATUS_SPP), 0);
	CHECK(vread(&h.ctx, CSR_MSTATUS) & MSTATUS_MIE);
}

/* ---- trap CSRs ---- */

TEST(vcsr_tvec_reserved_modes_drop_the_write_like_qemu)
{
	static const unsigned tvecs[] = { CSR_MTVEC, CSR_STVEC };
	struct vhart h;

	vhart_boot(&h, 0);
	CHECK(h.hw.tvec_drops_reserved);
	for (unsigned i = 0; i < 2; i++) {
		vwrite(&h.ctx, tvecs[i], 0x80001001);
		vwrite(&h.ctx, tvecs[i], 0x80002002);
		CHECK_EQ(vread(&h.ctx, tvecs[i]), 0x80001001);
		vwrite(&h.ctx, tvecs[i], 0x80003003);
		CHECK_EQ(vread(&h.ctx, tvecs[i]), 0x80001001);
		vwrite(&h.ctx, tvecs[i], 0x80004000);
		CHECK_EQ(vread(&h.ctx, tvecs[i]), 0x80004000);
	}
}

TEST(vcsr_tvec_reserved_mode_keeps_old_mode_on_other_harts)
{
	struct vhart h;

	vhart_boot(&h, 0);
	h.hw.tvec_drops_reserved = false;
	vwrite(&h.ctx, CSR_MTVEC, 0x80001001);
	vwrite(&h.ctx, CSR_MTVEC, 0x80002002);
	CHECK_EQ(vread(&h.ctx, CSR_MTVEC), 0x80002001);
	vwrite(&h.ctx, CSR_MTVEC, 0x80003000);
	vwrite(&h.ctx, CSR_MTVEC, 0x80004003);
	CHECK_EQ(vread(&h.ctx, CSR_MTVEC), 0x80004000);
}

TEST(vcsr_medeleg_follows_hardware_mask)
{
	struct vhart h;

	vhart_boot(&h, 0);
	vwrite(&h.ctx, CSR_MEDELEG, BIT(CAUSE_USER_ECALL) | BIT(14) | BIT(16));
	/* 14 and 16 are not delegable on this hart */
	CHECK_EQ(vread(&h.ctx, CSR_MEDELEG), BIT(CAUSE_USER_ECALL));
}

TEST(vcsr_mideleg_vs_bits_read_one_after_any_write)
{
	struct vhart h;

	vhart_boot(&h, 0);
	/* QEMU 7.2 shows VS/SGEI as one from reset (test ref-fuzz-b) and keeps them */
	CHECK_EQ(vread(&h.ctx, CSR_MIDELEG), HS_INTS);
	vwrite(&h.ctx, CSR_MIDELEG, 0);
	CHECK_EQ(vread(&h.ctx, CSR_MIDELEG), HS_INTS);
	vwrite(&h.ctx, CSR_MIDELEG, ~0ULL);
	CHECK_EQ(vread(&h.ctx, CSR_MIDELEG), HS_INTS | S_INTS);
	vwrite(&h.ctx, CSR_MIDELEG, M_INTS);
	CHECK_EQ(vread(&h.ctx, CSR_MIDELEG), HS_INTS);
}

TEST(vcsr_sie_is_mie_seen_through_mideleg)
{
	struct vhart h;

	vhart_boot(&h, 0);
	vwrite(&h.ctx, CSR_MIE, MIP_MTIP | MIP_STIP | MIP_SSIP);
	/* nothing delegated: sie shows and takes nothing */
	CHECK_EQ(vread(&h.ctx, CSR_SIE), 0);
	vwrite(&h.ctx, CSR_SIE, MIP_SEIP);
	CHECK_EQ(vread(&h.ctx, CSR_MIE), MIP_MTIP | MIP_STIP | MIP_SSIP);
	/* STIP delegated: only that bit shows and is written */
	vwrite(&h.ctx, CSR_MIDELEG, MIP_STIP);
	CHECK_EQ(vread(&h.ctx, CSR_SIE), MIP_STIP);
	vwrite(&h.ctx, CSR_SIE, MIP_SEIP | MIP_MTIP);
	CHECK_EQ(vread(&h.ctx, CSR_MIE), MIP_MTIP | MIP_SSIP);
	CHECK_EQ(vread(&h.ctx, CSR_SIE), 0);
	vwrite(&h.ctx, CSR_MIDELEG, S_INTS);
	vwrite(&h.ctx, CSR_SIE, ~0ULL);
	CHECK_EQ(vread(&h.ctx, CSR_SIE), S_INTS);
	CHECK_EQ(vread(&h.ctx, CSR_MIE), MIP_MTIP | S_INTS);
}

TEST(vcsr_sip_is_physical_mip_seen_through_virtual_mideleg)
{
	struct vhart h;

	vhart_boot(&h, 0);
	host_csr_set_raw(CSR_MIP, MIP_MTIP | MIP_SSIP | MIP_STIP);
	CHECK_EQ(vread(&h.ctx, CSR_MIP), MIP_MTIP | MIP_SSIP | MIP_STIP);
	CHECK_EQ(vread(&h.ctx, CSR_SIP), 0);
	vwrite(&h.ctx, CSR_MIDELEG, MIP_SSIP);
	CHECK_EQ(vread(&h.ctx, CSR_SIP), MIP_SSIP);
	/* SSIP is writable through sip only when delegated */
	vwrite(&h.ctx, CSR_SIP, 0);
	CHECK_EQ(host_csr_get_raw(CSR_MIP), MIP_MTIP | MIP_STIP);
	vwrite(&h.ctx, CSR_MIDELEG, 0);
	vwrite(&h.ctx, CSR_SIP, MIP_SSIP);
	CHECK_EQ(host_csr_get_raw(CSR_MIP), MIP_MTIP | MIP_STIP);
	vwrite(&h.ctx, CSR_MIDELEG, S_INTS);
	vwrite(&h.ctx, CSR_SIP, MIP_SSIP | MIP_STIP);
	CHECK_EQ(vread(&h.ctx, CSR_SIP), MIP_SSIP | MIP_STIP);
	CHECK_EQ(host_csr_get_raw(CSR_MIP) & (MIP_SSIP | MIP_MTIP), MIP_SSIP | MIP_MTIP);
	/* the physical mideleg plays no part in the firmware's view */
	CHECK_EQ(host_csr_get_raw(CSR_MIDELEG) & S_INTS, 0);
}

TEST(vcsr_satp_write_with_unsupported_mode_is_ignored)
{
	struct vhart h;
	const uint64_t sv39 = 8ULL << 60 | 0x1234ULL << 44 | 0x80123;

	vhart_boot(&h, 0);
	vwrite(&h.ctx, CSR_SATP, sv39);
	CHECK_EQ(vread(&h.ctx, CSR_SATP), sv39);
	for (uint64_t m = 1; m < 16; m++) {
		if (m == 8 || m == 9 || m == 10)
			continue;
		vwrite(&h.ctx, CSR_SATP, m << 60 | 0x42);
		CHECK_EQ(vread(&h.ctx, CSR_SATP), sv39);
	}
	vwrite(&h.ctx, CSR_SATP, 9ULL << 60 | 7);	/* Sv48 */
	CHECK_EQ(vread(&h.ctx, CSR_SATP), 9ULL << 60 | 7);
	vwrite(&h.ctx, CSR_SATP, 0);
	CHECK_EQ(vread(&h.ctx, CSR_SATP), 0);
	/* virtual: the physical satp stays the monitor's */
	CHECK_EQ(host_csr_get_raw(CSR_SATP), 0);
}

/* ---- PMP CSRs ---- */

TEST(vcsr_odd_pmpcfg_do_not_exist_on_rv64)
{
	struct vhart h;
	uint64_t v = 0;

	vhart_boot(&h, 0);
	for (unsigned n = 1; n < 16; n += 2) {
		CHECK_EQ(vcsr_read(&h.ctx, CSR_PMPCFG0 + n, &v), -1);
		CHECK_EQ(vcsr_write(&h.ctx, CSR_PMPCFG0 + n, 0x1f), -1);
	}
	CHECK_EQ(vread(&h.ctx, CSR_PMPCFG0), 0);
}

TEST(vcsr_pmpcfg_r0w1_is_kept_when_the_hart_keeps_it)
{
	struct vhart h;
	uint64_t orig, rb;

	vhart_boot(&h, 0);
	/* the oracle: QEMU 7.2 stores W without R as written */
	CHECK(arch_csr_probe(CSR_PMPCFG0, 0x1a, &orig, &rb));
	CHECK(h.hw.pmp_r0w1_kept);
	vwrite(&h.ctx, CSR_PMPCFG0, 0x1a);
	CHECK_EQ(vread(&h.ctx, CSR_PMPCFG0), rb);
}

TEST(vcsr_pmpcfg_r0w1_clears_rwx_when_the_hart_does)
{
	struct vhart h;

	vhart_boot(&h, 0);
	h.hw.pmp_r0w1_kept = false;
	/* entry 0: W only (+X), entry 1: R W X, entry 2: W only, NA4 */
	vwrite(&h.ctx, CSR_PMPCFG0, 0x160f1e);
	CHECK_EQ(vread(&h.ctx, CSR_PMPCFG0), 0x100f18);
}

TEST(vcsr_locked_pmp_entry_ignores_later_writes)
{
	struct vhart h;

	vhart_boot(&h, 0);
	vwrite(&h.ctx, CSR_PMPADDR0 + 1, 0x1000);
	vwrite(&h.ctx, CSR_PMPCFG0, (uint64_t)(PMP_L | PMP_A_NAPOT | PMP_R) << 8 | 0x1f);
	CHECK_EQ(vread(&h.ctx, CSR_PMPCFG0), 0x991f);
	/* entry 1 keeps its byte and address, entry 0 still changes */
	vwrite(&h.ctx, CSR_PMPCFG0, 0x0f0f);
	CHECK_EQ(vread(&h.ctx, CSR_PMPCFG0), 0x990f);
	vwrite(&h.ctx, CSR_PMPADDR0 + 1, 0x2000);
	CHECK_EQ(vread(&h.ctx, CSR_PMPADDR0 + 1), 0x1000);
	vwrite(&h.ctx, CSR_PMPADDR0, 0x3000);
	CHECK_EQ(vread(&h.ctx, CSR_PMPADDR0), 0x3000);
	/* the same sequence on the real CSRs agrees */
	csr_write(CSR_PMPADDR0 + 1, 0x1000);
	csr_write(CSR_PMPCFG0, 0x991f);
	csr_write(CSR_PMPCFG0, 0x0f0f);
	csr_write(CSR_PMPADDR0 + 1, 0x2000);
	CHECK_EQ(csr_read(CSR_PMPCFG0), 0x990f);
	CHECK_EQ(csr_read(CSR_PMPADDR0 + 1), 0x1000);
}

TEST(vcsr_locked_tor_entry_freezes_the_address_below)
{
	struct vhart h;

	vhart_boot(&h, 0);
	vwrite(&h.ctx, CSR_PMPADDR0 + 2, 0x100);
	vwrite(&h.ctx, CSR_PMPADDR0 + 3, 0x200);
	vwrite(&h.ctx, CSR_PMPADDR0 + 4, 0x300);
	/* entry 3 locked TOR: pmpaddr2 frozen; entry 4 locked NAPOT: pmpaddr3 free */
	vwrite(&h.ctx, CSR_PMPCFG0, (uint64_t)(PMP_L | PMP_A_NAPOT) << 32 |
				    (uint64_t)(PMP_L | PMP_A_TOR | PMP_R) << 24);
	vwrite(&h.ctx, CSR_PMPADDR0 + 2, 0x111);
	CHECK_EQ(vread(&h.ctx, CSR_PMPADDR0 + 2), 0x100);
	vwrite(&h.ctx, CSR_PMPADDR0 + 3, 0x222);	/* locked itself */
	CHECK_EQ(vread(&h.ctx, CSR_PMPADDR0 + 3), 0x200);
	vwrite(&h.ctx, CSR_PMPADDR0 + 1, 0x333);	/* nothing locks it */
	CHECK_EQ(vread(&h.ctx, CSR_PMPADDR0 + 1), 0x333);
	/* an unlocked TOR above does not freeze anything */
	vwrite(&h.ctx, CSR_PMPCFG0, (uint64_t)(PMP_A_TOR | PMP_R) << 8 | 0x99ULL << 24 |
				    0x98ULL << 32);
	vwrite(&h.ctx, CSR_PMPADDR0, 0x444);
	CHECK_EQ(vread(&h.ctx, CSR_PMPADDR0), 0x444);
	/* and the lock survives further cfg writes */
	CHECK_EQ((vread(&h.ctx, CSR_PMPCFG0) >> 24) & 0xff, PMP_L | PMP_A_TOR | PMP_R);
}

TEST(vcsr_pmp_beyond_the_exposed_entries_reads_zero)
{
	struct vhart h;

	vhart_boot(&h, 0);
	CHECK_EQ(h.ctx.nb_pmp, 8);
	for (unsigned i = 8; i < 64; i++) {
		vwrite(&h.ctx, CSR_PMPADDR0 + i, 0x1234);
		CHECK_EQ(vread(&h.ctx, CSR_PMPADDR0 + i), 0);
	}
	vwrite(&h.ctx, CSR_PMPCFG0 + 2, 0x1f1f1f1f1f1f1f1fULL);
	CHECK_EQ(vread(&h.ctx, CSR_PMPCFG0 + 2), 0);
	for (unsigned n = 4; n < 16; n += 2)
		CHECK_EQ(vread(&h.ctx, CSR_PMPCFG0 + n), 0);
}

TEST(vcsr_pmpcfg0_bytes_beyond_a_short_vpmp_read_zero)
{
	struct vhart h;

	CHECK_EQ(vhart_boot_n(&h, 0, 3), 0);
	CHECK_EQ(h.ctx.nb_pmp, 3);
	/* the original read pmpcfg0 as 0 with fewer than 8 entries: not here */
	vwrite(&h.ctx, CSR_PMPCFG0, 0x1f1f1f1f1f1f1f1fULL);
	CHECK_EQ(vread(&h.ctx, CSR_PMPCFG0), 0x1f1f1f);
	vwrite(&h.ctx, CSR_PMPADDR0 + 2, 0x55);
	CHECK_EQ(vread(&h.ctx, CSR_PMPADDR0 + 2), 0x55);
	vwrite(&h.ctx, CSR_PMPADDR0 + 3, 0x55);
	CHECK_EQ(vread(&h.ctx, CSR_PMPADDR0 + 3), 0);
}

TEST(vcsr_pmp_writes_mark_the_pmp_dirty)
{
	struct vhart h;

	vhart_boot(&h, 0);
	h.ctx.pmp_dirty = false;
	vwrite(&h.ctx, CSR_PMPADDR0, 1);
	CHECK(h.ctx.pmp_dirty);
	h.ctx.pmp_dirty = false;
	vwrite(&h.ctx, CSR_PMPCFG0, 0x18);
	CHECK(h.ctx.pmp_dirty);
	h.ctx.pmp_dirty = false;
	vwrite(&h.ctx, CSR_MSCRATCH, 1);
	CHECK(!h.ctx.pmp_dirty);
	vwrite(&h.ctx, CSR_MSTATUS, MSTATUS_MPRV);
	CHECK(h.ctx.pmp_dirty);
	h.ctx.pmp_dirty = false;
	vwrite(&h.ctx, CSR_MSTATUS, MSTATUS_MPRV | 1ULL << MSTATUS_MPP_SHIFT);
	CHECK(h.ctx.pmp_dirty);
}

/* ---- debug triggers ---- */

TEST(vcsr_tselect_beyond_the_triggers_is_ignored)
{
	struct vhart h;

	vhart_boot(&h, 0);
	CHECK_EQ(h.hw.nb_triggers, HOST_NB_TRIGGERS);
	vwrite(&h.ctx, CSR_TSELECT, 1);
	CHECK_EQ(vread(&h.ctx, CSR_TSELECT), 1);
	vwrite(&h.ctx, CSR_TSELECT, HOST_NB_TRIGGERS);
	CHECK_EQ(vread(&h.ctx, CSR_TSELECT), 1);
	vwrite(&h.ctx, CSR_TSELECT, ~0ULL);
	CHECK_EQ(vread(&h.ctx, CSR_TSELECT), 1);
	vwrite(&h.ctx, CSR_TSELECT, 0);
	CHECK_EQ(vread(&h.ctx, CSR_TSELECT), 0);
}

TEST(vcsr_triggers_are_virtual_per_tselect)
{
	struct vhart h;

	vhart_boot(&h, 0);
	vwrite(&h.ctx, CSR_TDATA2, 0x1111);
	vwrite(&h.ctx, CSR_TSELECT, 1);
	vwrite(&h.ctx, CSR_TDATA2, 0x2222);
	vwrite(&h.ctx, CSR_TDATA1, 2ULL << 60 | 0x44);	/* mcontrol, M, execute */
	CHECK_EQ(vread(&h.ctx, CSR_TDATA1), 2ULL << 60 | 0x44);
	vwrite(&h.ctx, CSR_TSELECT, 0);
	CHECK_EQ(vread(&h.ctx, CSR_TDATA2), 0x1111);
	CHECK_EQ(vread(&h.ctx, CSR_TDATA1), 2ULL << 60);
	/* armed physically for the firmware, which runs in U: M becomes U */
	host_csr_set_raw(CSR_TSELECT, 1);
	CHECK_EQ(host_csr_get_raw(CSR_TDATA1), 2ULL << 60 | 0x0c);
	CHECK_EQ(host_csr_get_raw(CSR_TDATA2), 0x2222);
}

/* debug spec 1.0, 5.7: where each type keeps its M/S/U/VS/VU bits */
TEST(vcsr_trigger_mode_bits_per_world)
{
	/* mcontrol M+S+U execute: firmware world U only, payload world S+U */
	CHECK_EQ(vtrig_physical_tdata1(2ULL << 60 | 0x5c, WORLD_FIRMWARE), 2ULL << 60 | 0x0c);
	CHECK_EQ(vtrig_physical_tdata1(2ULL << 60 | 0x5c, WORLD_PAYLOAD), 2ULL << 60 | 0x1c);
	CHECK_EQ(vtrig_physical_tdata1(2ULL << 60 | 0x14, WORLD_FIRMWARE), 2ULL << 60 | 0x04);
	/* mcontrol6 with VS/VU: off in the firmware world, kept for the payload */
	CHECK_EQ(vtrig_physical_tdata1(6ULL << 60 | 1ULL << 24 | 1ULL << 23 | 0x44,
				       WORLD_FIRMWARE), 6ULL << 60 | 0x0c);
	CHECK_EQ(vtrig_physical_tdata1(6ULL << 60 | 1ULL << 24 | 1ULL << 23 | 0x44,
				       WORLD_PAYLOAD), 6ULL << 60 | 1ULL << 24 | 1ULL << 23 | 0x04);
	/* icount M with count 1: U in the firmware world */
	CHECK_EQ(vtrig_physical_tdata1(3ULL << 60 | 1ULL << 10 | 1ULL << 9, WORLD_FIRMWARE),
		 3ULL << 60 | 1ULL << 10 | 1ULL << 6);
	/* an unknown type never fires */
	CHECK_EQ(vtrig_physical_tdata1(7ULL << 60 | 0xfff, WORLD_FIRMWARE), 7ULL << 60);
}

TEST(vcsr_triggers_follow_world_switches)
{
	struct vhart h;

	vhart_boot(&h, 0);
	vwrite(&h.ctx, CSR_TDATA2, 0x80400000);
	vwrite(&h.ctx, CSR_TDATA1, 2ULL << 60 | 0x54);	/* M and S execute */
	host_csr_set_raw(CSR_TSELECT, 0);
	CHECK_EQ(host_csr_get_raw(CSR_TDATA1), 2ULL << 60 | 0x0c);
	vtrig_install(&h.ctx, WORLD_PAYLOAD);
	CHECK_EQ(host_csr_get_raw(CSR_TDATA1), 2ULL << 60 | 0x14);
	/* the hart marks it hit: the firmware sees the hit bit (mcontrol bit 20) */
	host_csr_set_raw(CSR_TDATA1, 2ULL << 60 | 1ULL << 20 | 0x14);
	vtrig_install(&h.ctx, WORLD_FIRMWARE);
	CHECK_EQ(h.ctx.csr.tdata[0][0], 2ULL << 60 | 1ULL << 20 | 0x54);
	/* re-armed for the firmware (this hart, like QEMU 7.2, drops a written hit bit) */
	CHECK_EQ(host_csr_get_raw(CSR_TDATA1), 2ULL << 60 | 0x0c);
	CHECK_EQ(host_csr_get_raw(CSR_TDATA2), 0x80400000);
}

/* ---- existence and read-only CSRs ---- */

TEST(vcsr_unknown_csrs_are_illegal)
{
	static const unsigned unknown[] = {
		0x7c0, 0x7ff, 0x5a8 /* scontext */, 0x7b0 /* dcsr */, 0x7b1 /* dpc */,
		0x7a8 /* mcontext */, CSR_MSECCFG /* no Smepmp */, 0x015 /* seed */,
		0x008 /* vstart */, 0xc20 /* vl */, 0x310 /* mstatush: RV32 only */,
		0x3a1, 0x3af, 0x800, 0xfff, 0x000 /* ustatus */,
	};
	struct vhart h;
	uint64_t v = 0x77;

	vhart_boot(&h, 0);
	for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		CHECK_EQ(vcsr_read(&h.ctx, unknown[i], &v), -1);
		CHECK_EQ(vcsr_write(&h.ctx, unknown[i], 0), -1);
		CHECK(!host_csr_exists(unknown[i]));
	}
}

TEST(vcsr_writes_to_read_only_csrs_are_illegal)
{
	static const unsigned ro[] = {
		CSR_MVENDORID, CSR_MARCHID, CSR_MIMPID, CSR_MHARTID, CSR_MCONFIGPTR,
		CSR_CYCLE, CSR_TIME, CSR_INSTRET, CSR_HPMCOUNTER3, CSR_HGEIP,
	};
	struct vhart h;

	vhart_boot(&h, 0);
	for (size_t i = 0; i < sizeof(ro) / sizeof(ro[0]); i++) {
		uint64_t v = 0xbad;

		CHECK_EQ(vcsr_read(&h.ctx, ro[i], &v), 0);
		CHECK_EQ(vcsr_write(&h.ctx, ro[i], v), -1);
		CHECK_EQ(vcsr_write(&h.ctx, ro[i], 0), -1);
	}
}

TEST(vcsr_identification_is_the_hardware_s_and_mhartid_the_hart_s)
{
	struct vhart h;

	vhart_boot(&h, 1);
	CHECK_EQ(vread(&h.ctx, CSR_MHARTID), 1);
	CHECK_EQ(h.ctx.regs[10], 1);
	CHECK_EQ(vread(&h.ctx, CSR_MARCHID), HOST_MARCHID);
	CHECK_EQ(vread(&h.ctx, CSR_MIMPID), HOST_MARCHID);
	CHECK_EQ(vread(&h.ctx, CSR_MVENDORID), 0);
	CHECK_EQ(vread(&h.ctx, CSR_MISA), HOST_MISA);
	vwrite(&h.ctx, CSR_MISA, 0);
	CHECK_EQ(vread(&h.ctx, CSR_MISA), HOST_MISA);
}

TEST(vcsr_hpm_counters_are_the_physical_ones)
{
	struct vhart h;
	uint64_t v = 0;

	vhart_boot(&h, 0);
	/* writes reach the hart's counters and selectors; hpmcounterN views them */
	vwrite(&h.ctx, CSR_MHPMCOUNTER3, 0x42);
	CHECK_EQ(host_csr_get_raw(CSR_MHPMCOUNTER3), 0x42);
	CHECK_EQ(vread(&h.ctx, CSR_MHPMCOUNTER3), 0x42);
	CHECK_EQ(vread(&h.ctx, CSR_HPMCOUNTER3), 0x42);
	vwrite(&h.ctx, CSR_MHPMEVENT3 + 2, 0x42);
	CHECK_EQ(vread(&h.ctx, CSR_MHPMEVENT3 + 2), host_csr_get_raw(CSR_MHPMEVENT3 + 2));
	/* a counter the hart does not implement is an illegal instruction */
	if (!host_csr_exists(CSR_MHPMCOUNTER31)) {
		CHECK_EQ(vcsr_read(&h.ctx, CSR_MHPMCOUNTER31, &v), -1);
		CHECK_EQ(vcsr_write(&h.ctx, CSR_MHPMCOUNTER31, 1), -1);
	}
}

TEST(vcsr_counters_are_the_physical_ones)
{
	struct vhart h;

	vhart_boot(&h, 0);
	host_csr_set_raw(CSR_MCYCLE, 1000);
	CHECK_EQ(vread(&h.ctx, CSR_MCYCLE), 1000);
	/* a firmware write reaches the real counter: the payload reads it too */
	vwrite(&h.ctx, CSR_MCYCLE, 0x42);
	CHECK_EQ(host_csr_get_raw(CSR_MCYCLE), 0x42);
	host_csr_set_raw(CSR_MCYCLE, 0x42 + 10);	/* the hart ticks */
	CHECK_EQ(vread(&h.ctx, CSR_MCYCLE), 0x42 + 10);
	CHECK_EQ(vread(&h.ctx, CSR_CYCLE), 0x42 + 10);
	vwrite(&h.ctx, CSR_MINSTRET, 7);
	CHECK_EQ(host_csr_get_raw(CSR_MINSTRET), 7);
	CHECK_EQ(vread(&h.ctx, CSR_INSTRET), 7);
	host_set_time(12345);
	CHECK_EQ(vread(&h.ctx, CSR_TIME), 12345);
}

/*
 * vcsr_read/vcsr_write find a plain CSR through the trap entry's rules
 * (vcsr_fast_init, run by vctx_init): every plain CSR the hart has needs a
 * rule of its own, which a hash collision would silently deny (the CSR
 * would then read as absent, an illegal instruction).
 */
TEST(vcsr_every_plain_csr_has_its_rule)
{
	static const unsigned plain[] = {
#define PLAIN_NUM(num, field, idx) num,
		PLAIN_CSRS(PLAIN_NUM)
#undef PLAIN_NUM
	};
	struct vhart h;

	vhart_boot(&h, 0);
	for (size_t k = 0; k < sizeof(plain) / sizeof(plain[0]); k++) {
		unsigned i = h.ctx.fast.index[vcsr_fast_hash(plain[k])];
		uint64_t v = 0;

		CHECK(i != 0 && h.ctx.fast.rule[i - 1].csr == plain[k]);
		CHECK_EQ(vcsr_read(&h.ctx, plain[k], &v), 0);
	}
}
