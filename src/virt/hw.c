/*
 * Hardware detection: probe every CSR the firmware may use, by writing
 * all ones and all zeros and reading back (then restoring), and the
 * value-dependent fields per value, so that the virtual CSRs follow the
 * same WARL rules as the real ones.
 *
 * No probe ever writes a sticky or locking bit: mstatus.MIE, mseccfg.MML
 * and MMWP (Smepmp 2.1) and the pmpcfg L bits are never set, since a
 * restore cannot undo them (a locked mseccfg.MMWP denies M-mode every
 * unmatched access: the hart would hang in the monitor).
 */
#define LOG_MODULE "hw"

#include <miralis/arch.h>
#include <miralis/hw.h>
#include <miralis/log.h>
#include <miralis/riscv/encoding.h>

#define PMP_L_ALL 0x8080808080808080UL	/* the L bit of each of 8 cfg bytes */

/* 4 bytes an entry (the image is small): every avoid mask fits in the low byte */
static const struct {
	uint16_t num;
	uint8_t avoid;
} probed[HW_NB_PROBED] = {
#define HW_TABLE(name, n, a) [HW_##name] = { n, a },
	HW_PROBED_CSRS(HW_TABLE)
#undef HW_TABLE
};
#define HW_AVOID_FITS(name, n, a) _Static_assert((a) <= 0xff, "avoid mask of " #name " is wider than a byte");
HW_PROBED_CSRS(HW_AVOID_FITS)
#undef HW_AVOID_FITS

bool hw_has_csr(const struct hw_caps *hw, unsigned num)
{
	for (unsigned i = 0; i < HW_NB_PROBED; i++)
		if (probed[i].num == num)
			return hw->csr[i].present;
	return false;
}

static void probe_warl(struct hw_warl *w, unsigned num, uint64_t avoid)
{
	uint64_t orig, ones, zeros, tmp;

	*w = (struct hw_warl){ 0 };
	w->present = arch_csr_probe(num, ~avoid, &orig, &ones);
	if (!w->present)
		return;
	arch_csr_probe(num, 0, &tmp, &zeros);
	w->reset = orig;
	w->wmask = ones & ~zeros;
	w->set1 = ones & zeros;
}

static const struct {
	unsigned shift;
	bool in_sstatus;
} status_fields[HW_NB_FIELDS] = {
#define HW_FIELD_TABLE(name, sh, s) [HW_FIELD_##name] = { sh, s },
	HW_STATUS_FIELDS(HW_FIELD_TABLE)
#undef HW_FIELD_TABLE
};

static unsigned field_of(uint64_t v, unsigned shift)
{
	return (unsigned)(v >> shift) & (HW_FIELD_VALUES - 1);
}

static uint64_t with_field(uint64_t v, unsigned shift, unsigned f)
{
	return (v & ~((uint64_t)(HW_FIELD_VALUES - 1) << shift)) | ((uint64_t)f << shift);
}

/*
 * Probe one 2-bit field per value (priv. spec 2.3: a WARL field may map
 * each illegal value to any legal one, and may depend on the old value):
 * put the CSR in each reachable old state, write each value, read back.
 * Only the field changes, the rest of the CSR keeps its reset value, and
 * every state written is harmless to the monitor in M-mode (MIE and MPRV
 * stay clear, FS/VS Off only matter to code using F/V, which it has not).
 */
static void probe_field(struct hw_field *f, unsigned num, unsigned shift)
{
	uint64_t orig = arch_csr_read_num(num), cur, tmp, rb;
	unsigned reset = field_of(orig, shift);
	bool reachable[HW_FIELD_VALUES] = { false };

	for (unsigned o = 0; o < HW_FIELD_VALUES; o++) {
		arch_csr_write_num(num, with_field(orig, shift, o));
		cur = arch_csr_read_num(num);
		if (field_of(cur, shift) != o)
			continue;
		reachable[o] = true;
		for (unsigned v = 0; v < HW_FIELD_VALUES; v++) {
			arch_csr_probe(num, with_field(cur, shift, v), &tmp, &rb);
			f->next[o][v] = (uint8_t)field_of(rb, shift);
		}
	}
	arch_csr_write_num(num, orig);
	/* the reset state is reachable: it is where the hart starts */
	for (unsigned o = 0; o < HW_FIELD_VALUES; o++)
		if (!reachable[o])
			for (unsigned v = 0; v < HW_FIELD_VALUES; v++)
				f->next[o][v] = reachable[reset] ? f->next[reset][v] : (uint8_t)reset;
}

static void probe_status_fields(struct hw_caps *hw)
{
	for (unsigned i = 0; i < HW_NB_FIELDS; i++) {
		probe_field(&hw->mstatus_field[i], CSR_MSTATUS, status_fields[i].shift);
		if (hw->has_s && status_fields[i].in_sstatus)
			probe_field(&hw->sstatus_field[i], CSR_SSTATUS, status_fields[i].shift);
	}
}

uint64_t hw_status_fields(const struct hw_caps *hw, bool via_sstatus, uint64_t old, uint64_t v,
			  uint64_t n)
{
	for (unsigned i = 0; i < HW_NB_FIELDS; i++) {
		unsigned sh = status_fields[i].shift;
		const struct hw_field *f = via_sstatus ? &hw->sstatus_field[i] : &hw->mstatus_field[i];

		if (via_sstatus && !status_fields[i].in_sstatus)
			continue;
		n = with_field(n, sh, f->next[field_of(old, sh)][field_of(v, sh)]);
	}
	return n;
}

/*
 * What the hart's trap entry does to the H-extension trap fields when the
 * trap has no guest address to report (H spec 8.6.4 says GVA and MPV are
 * written on every trap; harts differ): marked values that survive a trap
 * from M-mode are kept by this hart.
 */
static void probe_trap_entry(struct hw_caps *hw)
{
	static const uint64_t mark = 0x5a5a5a5a5a5a5a58UL;	/* mtinst keeps bit 0 */
	struct arch_trap_entry e;

	if (!hw->has_h)
		return;
	arch_probe_trap_entry(mark, &e);
	hw->trap_keeps_gva = e.mstatus & MSTATUS_GVA;
	hw->trap_keeps_mpv = e.mstatus & MSTATUS_MPV;
	hw->trap_keeps_mtval2 = e.mtval2 != 0;
	hw->trap_keeps_mtinst = e.mtinst != 0;
	log_debug("trap entry from M keeps: GVA %d, MPV %d, mtval2 %d, mtinst %d",
		  hw->trap_keeps_gva, hw->trap_keeps_mpv, hw->trap_keeps_mtval2,
		  hw->trap_keeps_mtinst);
}

/* satp-like CSRs: a write with an unsupported MODE has no effect (4.1.11) */
static void probe_atp(struct hw_atp *a, unsigned num)
{
	uint64_t orig, rb;

	a->present = arch_csr_probe(num, 0, &orig, &rb);
	if (!a->present)
		return;
	a->reset = orig;
	a->modes = 0;
	for (uint64_t m = 0; m < 16; m++) {
		arch_csr_probe(num, m << SATP_MODE_SHIFT, &orig, &rb);
		if ((rb >> SATP_MODE_SHIFT) == m)
			a->modes |= (uint16_t)(1u << m);
	}
	/* Writable ASID/PPN bits, measured with the first non-bare mode */
	for (uint64_t m = 1; m < 16; m++) {
		if (a->modes & (1u << m)) {
			arch_csr_probe(num, (m << SATP_MODE_SHIFT) | ((1UL << SATP_MODE_SHIFT) - 1),
				       &orig, &rb);
			a->wmask = rb & ((1UL << SATP_MODE_SHIFT) - 1);
			break;
		}
	}
}

/*
 * Does PMP entry i exist? Priv. spec 3.7.1: entries are implemented from
 * 0 upwards and an unimplemented one has read-only zero pmpaddr and cfg
 * byte. Write pmpaddr<i> with all ones and the cfg byte with R and TOR,
 * and see both stick. Never the L bit: a locked entry stays locked until
 * reset (the other bytes of the register are written back without L, which
 * a locked byte ignores anyway). An unlocked entry does not constrain
 * M-mode (mseccfg.MML is refused at boot), so the probe is harmless.
 */
static bool pmp_entry_sticks(unsigned i)
{
	unsigned reg = CSR_PMPCFG0 + 2 * (i / 8), shift = 8 * (i % 8);
	uint64_t orig, rb, probe;

	if (!arch_csr_probe(CSR_PMPADDR0 + i, ~0UL, &orig, &rb) || rb == 0)
		return false;
	if (!arch_csr_probe(reg, 0, &orig, &rb))
		return false;
	probe = (orig & ~PMP_L_ALL & ~(0xffUL << shift)) | (uint64_t)(PMP_R | PMP_A_TOR) << shift;
	arch_csr_probe(reg, probe, &orig, &rb);
	return ((rb >> shift) & (PMP_R | PMP_A)) == (PMP_R | PMP_A_TOR);
}

static void probe_pmp(struct hw_caps *hw)
{
	uint64_t orig, rb;

	hw->nb_pmp = 0;
	/*
	 * Under a boot-time mseccfg.MML an unlocked probe entry would deny
	 * M-mode its range: count nothing (the monitor refuses MML anyway).
	 */
	if (hw->csr[HW_mseccfg].present && (hw->csr[HW_mseccfg].reset & MSECCFG_MML))
		return;
	while (hw->nb_pmp < HW_PMP_MAX && pmp_entry_sticks(hw->nb_pmp))
		hw->nb_pmp++;
	if (hw->nb_pmp == 0)
		return;

	/* Granule: with A=OFF, the low G bits of pmpaddr read as zero (3.7.1.1) */
	arch_csr_probe(CSR_PMPADDR0, ~0UL, &orig, &rb);
	hw->pmpaddr_wmask = rb;
	hw->pmp_grain = 0;
	while (hw->pmp_grain < 54 && !(rb & (1UL << hw->pmp_grain)))
		hw->pmp_grain++;

	/* One cfg byte of entry 0: which bits stick (never the L bit) */
	arch_csr_probe(CSR_PMPCFG0, 0x7f, &orig, &rb);
	hw->pmpcfg_wmask = (uint8_t)rb;
	arch_csr_probe(CSR_PMPCFG0, PMP_W, &orig, &rb);
	hw->pmp_r0w1_kept = (rb & 0xff) == PMP_W;
	arch_csr_probe(CSR_PMPCFG0, PMP_A_NA4, &orig, &rb);
	hw->pmp_na4 = (rb & PMP_A) == PMP_A_NA4;
}

/*
 * mseccfg (Smepmp v1.0, 2.1): MML and MMWP are sticky until reset and RLB,
 * once clear while an entry is locked, cannot be set again. So the probe
 * writes MML and MMWP only as found, RLB as found when it is set (it then
 * exists), and tries RLB = 1 only when it is clear (a refused write leaves
 * nothing behind). If RLB exists, the hart has Smepmp, hence MML and MMWP:
 * they become writable (sticky) bits of the virtual mseccfg.
 */
static void probe_mseccfg(struct hw_warl *w)
{
	uint64_t orig, ones, zeros, keep;

	*w = (struct hw_warl){ 0 };
	/* a pure read: every bit written back as found */
	w->present = arch_csr_probe_keep(CSR_MSECCFG, 0, ~0UL, &orig, &ones);
	if (!w->present)
		return;
	keep = MSECCFG_MML | MSECCFG_MMWP | (orig & MSECCFG_RLB);
	arch_csr_probe_keep(CSR_MSECCFG, ~0UL, keep, &orig, &ones);
	arch_csr_probe_keep(CSR_MSECCFG, 0, keep, &orig, &zeros);
	w->reset = orig;
	w->wmask = (ones & ~zeros) | (orig & MSECCFG_RLB);
	w->set1 = ones & zeros & ~keep;
	if (w->wmask & MSECCFG_RLB)
		w->wmask |= MSECCFG_MML | MSECCFG_MMWP;
}

static uint64_t read_or_zero(unsigned num, bool *present)
{
	uint64_t orig = 0, rb;
	bool p = arch_csr_probe(num, 0, &orig, &rb);

	if (present)
		*present = p;
	return p ? orig : 0;
}

void hw_detect(struct hw_caps *hw)
{
	uint64_t orig, rb;

	uint64_t mip_at_reset = 0;

	*hw = (struct hw_caps){ 0 };
	mip_at_reset = csr_read(CSR_MIP);
	for (unsigned i = 0; i < HW_NB_PROBED; i++) {
		if (i == HW_mseccfg)
			probe_mseccfg(&hw->csr[i]);
		else
			probe_warl(&hw->csr[i], probed[i].num, probed[i].avoid);
	}
	hw->has_smepmp = hw->csr[HW_mseccfg].wmask & MSECCFG_RLB;
	/* SD follows FS/VS/XS: it is computed on reads, never written */
	hw->csr[HW_mstatus].wmask &= ~MSTATUS_SD;
	hw->csr[HW_sstatus].wmask &= ~MSTATUS_SD;
	hw->csr[HW_mstatus].set1 &= ~MSTATUS_SD;
	hw->csr[HW_sstatus].set1 &= ~MSTATUS_SD;

	hw->misa = read_or_zero(CSR_MISA, 0);
	hw->has_s = hw->misa & MISA_EXT('S');
	hw->has_h = hw->misa & MISA_EXT('H');
	hw->has_c = hw->misa & MISA_EXT('C');
	hw->mvendorid = read_or_zero(CSR_MVENDORID, 0);
	hw->marchid = read_or_zero(CSR_MARCHID, 0);
	hw->mimpid = read_or_zero(CSR_MIMPID, 0);
	hw->mconfigptr = read_or_zero(CSR_MCONFIGPTR, &hw->has_mconfigptr);
	read_or_zero(CSR_TIME, &hw->has_time);
	/* one sample drawn and dropped: seed has no state a read could disturb */
	hw->has_zkr = arch_seed_read(&rb);

	read_or_zero(0x14d, &hw->has_sstc);
	read_or_zero(0x24d, &hw->has_vstimecmp);

	probe_status_fields(hw);
	probe_trap_entry(hw);

	arch_csr_probe(CSR_MTVEC, 0x80000002UL, &orig, &rb);
	hw->tvec_drops_reserved = rb == orig;

	/* The S-level views of mie/mip with everything delegated */
	if (hw->has_s) {
		uint64_t saved = 0;

		arch_csr_probe(CSR_MIDELEG, 0, &saved, &rb);
		csr_write(CSR_MIDELEG, ~0UL);
		arch_csr_probe(CSR_SIE, ~0UL, &orig, &rb);
		hw->sie_mask = rb;
		/* bits pending at probe time (STIP from stimecmp) are not writable */
		arch_csr_probe(CSR_SIP, ~0UL, &orig, &rb);
		hw->sip_wmask = rb;
		arch_csr_probe(CSR_SIP, 0, &orig, &rb);
		hw->sip_wmask &= ~rb;
		csr_write(CSR_MIDELEG, saved);
	}

	probe_atp(&hw->satp, CSR_SATP);
	probe_atp(&hw->hgatp, 0x680);
	probe_atp(&hw->vsatp, 0x280);
	probe_pmp(hw);

	/*
	 * Probing stimecmp (Sstc) re-evaluates the S timer and may leave STIP
	 * pending: give the firmware the pending bits the hart had at reset.
	 */
	csr_write(CSR_MIP, mip_at_reset);

	/* Sdtrig: count the tselect values that stick */
	hw->nb_triggers = 0;
	if (hw->csr[HW_tselect].present) {
		for (unsigned t = 0; t < 64; t++) {
			arch_csr_probe(CSR_TSELECT, t, &orig, &rb);
			if (rb != t)
				break;
			hw->nb_triggers = t + 1;
		}
		read_or_zero(CSR_TINFO, &hw->has_tinfo);
	}
	/*
	 * tdata2 and tdata3 are optional (Sdtrig): probe them on the trigger
	 * tselect resets to, writing 0 (no match, no action) and restoring.
	 */
	hw->tdata_present = hw->nb_triggers ? 1 : 0;
	for (unsigned i = 1; hw->nb_triggers && i < 3; i++)
		if (arch_csr_probe(CSR_TDATA1 + i, 0, &orig, &rb))
			hw->tdata_present |= (uint8_t)(1u << i);
}
