/*
 * Virtual CSR file of vM-mode: reads and WARL-legalized writes.
 *
 * Most CSRs are legalized with the write mask probed at boot (hw_warl):
 * writable bits take the written value, fixed bits keep the hardware's.
 * The rest have value-dependent rules, each documented at its case and
 * taken from the probed behaviour where the spec leaves a choice.
 */
#define LOG_MODULE "virt.csr"

#include <miralis/arch.h>
#include <miralis/hw.h>
#include <miralis/irq.h>
#include <miralis/log.h>
#include <miralis/platform.h>
#include <miralis/pmp.h>
#include <miralis/riscv/encoding.h>
#include <miralis/trigger.h>
#include <miralis/vcsr.h>
#include <miralis/virt.h>

#define SSTATUS_VIEW (MSTATUS_SD | MSTATUS_UXL)
/* vsie holds SSIE/STIE/SEIE for the VS-level interrupts delegated by hideleg */
#define VSIE_BITS (MIP_SSIP | MIP_STIP | MIP_SEIP)

/* CSR numbers 0xCxx/0xDxx/0xExx/0xFxx with bits 11:10 = 3 are read-only (2.1) */
static bool csr_is_read_only(unsigned csr)
{
	return ((csr >> 10) & 3) == 3;
}

/*
 * CSRs whose write cannot change which virtual interrupt is pending and
 * enabled (only mode, mstatus.MIE, mie, mip and mideleg do, through any of
 * their views): after a read, or a write of one of these, the interrupt
 * check can be skipped (vtrap_handle, and the trap entry's fast path: vcsr_fast_init).
 */
bool vcsr_irq_neutral(unsigned csr)
{
	switch (csr) {
	case CSR_MSCRATCH:
	case CSR_MEPC:
	case CSR_MCAUSE:
	case CSR_MTVAL:
	case CSR_MTVEC:
	case CSR_MEDELEG:
	case CSR_MCOUNTEREN:
	case CSR_SSCRATCH:
	case CSR_SEPC:
	case CSR_SCAUSE:
	case CSR_STVAL:
	case CSR_STVEC:
	case CSR_SATP:
	case CSR_SCOUNTEREN:
		return true;
	default:
		return csr >= CSR_PMPCFG0 && csr <= CSR_PMPADDR63;
	}
}

uint64_t vcsr_mstatus(const struct vctx *c)
{
	uint64_t ms = c->csr.mstatus & ~MSTATUS_SD;

	/* SD summarises dirty FS/VS/XS (priv. spec 3.1.6.6) */
	if ((ms & MSTATUS_FS) == MSTATUS_FS || (ms & MSTATUS_VS) == MSTATUS_VS ||
	    (ms & MSTATUS_XS) == MSTATUS_XS)
		ms |= MSTATUS_SD;
	return ms;
}

/*
 * The virtual trigger's tdata<which+1>, or NULL when the hart has no such
 * register (the access is then illegal, as on the hart). tselect is kept
 * below nb_triggers and VTRIG_MAX (vctx_init, the tselect write).
 */
static uint64_t *tdata_slot(struct vctx *c, unsigned which)
{
	uint64_t t = c->csr.tselect;

	if (t >= c->hw->nb_triggers || t >= VTRIG_MAX || !(c->hw->tdata_present & (1u << which)))
		return NULL;
	if (!(c->csr.tdata_valid & (1u << t))) {
		/* First touch: the trigger's reset state, read from the hardware */
		arch_csr_write_num(CSR_TSELECT, t);
		for (unsigned i = 0; i < 3; i++)
			c->csr.tdata[t][i] = (c->hw->tdata_present & (1u << i)) ?
						     arch_csr_read_num(CSR_TDATA1 + i) : 0;
		c->csr.tdata_valid |= (uint8_t)(1u << t);
	}
	return &c->csr.tdata[t][which];
}

/*
 * CSRs that do not change how U-mode executes (the firmware's world) stay
 * in the physical hart in both worlds: the hardware itself stores and
 * legalizes them, exactly as for an M-mode firmware. H and VS CSRs only
 * act with V=1, (v)stimecmp only on S-mode timers, and the counters
 * (mcycle, minstret, mcountinhibit) are the ones the payload reads too.
 * Not in the list: hie and vsie, views of mie (H spec 8.2.4, 8.2.12),
 * which is virtual; mip, whose MSIP is the virtual msip (vclint.h);
 * menvcfg, which also sets up U-mode (docs/architecture.md).
 */
#define PHYS_CSRS(X)                                                          \
	X(0x320, hw->csr[HW_mcountinhibit].present)                           \
	X(0x14d, hw->has_sstc)		/* stimecmp */                        \
	X(0x24d, hw->has_vstimecmp)	/* vstimecmp */                       \
	X(0x680, hw->hgatp.present)	/* satp-like, legalized by the hart */ \
	X(0xe12, hw->has_h)		/* hgeip: writes are refused earlier */\
	X(0x280, hw->vsatp.present)

/*
 * The other H and VS CSRs kept physical, each a probed CSR (HW_PROBED_CSRS)
 * that exists when its probe found it: one case body that accesses them by
 * number (arch_csr_read_num), rather than a body each; only a firmware
 * that runs a hypervisor's guests uses them (image size, issue 9).
 */
#define PHYS_H_CSRS(X)                                                        \
	X(0x600) X(0x602) X(0x603) X(0x605) X(0x606) X(0x607) X(0x60a)        \
	X(0x643) X(0x644) X(0x645) X(0x64a)                                   \
	X(0x200) X(0x205) X(0x240) X(0x241) X(0x242) X(0x243) X(0x244)
#define PHYS_H_CASE(num) case num:

static int phys_h_access(const struct hw_caps *hw, unsigned csr, bool write, uint64_t *v)
{
	if (!hw_has_csr(hw, csr))
		return -1;
	if (write)
		arch_csr_write_num(csr, *v);
	else
		*v = arch_csr_read_num(csr);
	return 0;
}

/*
 * The physical CSRs and the plain ones are cases of the same switch as the
 * rest in vcsr_read/vcsr_write (one jump table on the CSR number instead
 * of a compare chain ahead of it: issue 9, the firmware trap path).
 */
#define PHYS_READ_CASE(num, present)                                          \
	case num:                                                             \
		if (!(present))                                               \
			return -1;                                            \
		*val = csr_read(num);                                         \
		return 0;
#define PHYS_WRITE_CASE(num, present)                                         \
	case num:                                                             \
		if (!(present))                                               \
			return -1;                                            \
		csr_write(num, val);                                          \
		return 0;

static int read_special(struct vctx *c, unsigned csr, uint64_t *v)
{
	const struct hw_caps *hw = c->hw;

	switch (csr) {
	case CSR_MISA:
		*v = c->csr.misa;	/* hw->misa (vctx_init): writes are ignored */
		return 0;
	case CSR_MTVEC:
		*v = c->csr.mtvec;
		return 0;
	case CSR_STVEC:
		*v = c->csr.stvec;
		return hw->csr[HW_stvec].present ? 0 : -1;
	case CSR_MVENDORID:
		*v = hw->mvendorid;
		return 0;
	case CSR_MARCHID:
		*v = hw->marchid;
		return 0;
	case CSR_MIMPID:
		*v = hw->mimpid;
		return 0;
	case CSR_MHARTID:
		*v = c->hart_id;
		return 0;
	case CSR_MCONFIGPTR:
		*v = hw->mconfigptr;
		return hw->has_mconfigptr ? 0 : -1;
	case CSR_SSTATUS:
		*v = vcsr_mstatus(c) & (hw->csr[HW_sstatus].wmask | SSTATUS_VIEW);
		return hw->has_s ? 0 : -1;
	case CSR_SIE:
		*v = c->csr.mie & c->csr.mideleg & hw->sie_mask;
		return hw->has_s ? 0 : -1;
	case CSR_SIP:
		*v = csr_read(CSR_MIP) & c->csr.mideleg & hw->sie_mask;
		return hw->has_s ? 0 : -1;
	case CSR_MIP:
		*v = irq_virtual_mip(c);
		return hw->csr[HW_mip].present ? 0 : -1;
	case CSR_MENVCFG:
		*v = c->csr.menvcfg;
		return hw->csr[HW_menvcfg].present ? 0 : -1;
	case CSR_SATP:
		*v = c->csr.satp;
		return hw->satp.present ? 0 : -1;
	case CSR_MCYCLE:
	case CSR_CYCLE:
		*v = csr_read(CSR_MCYCLE);
		return 0;
	case CSR_MINSTRET:
	case CSR_INSTRET:
		*v = csr_read(CSR_MINSTRET);
		return 0;
	case CSR_TIME:
		if (!hw->has_time)
			return -1;	/* reading it would trap the monitor itself */
		*v = csr_read(CSR_TIME);
		return 0;
	case CSR_HIE:
		/* the VS-level and guest-external enables of mie (H 8.2.4) */
		*v = c->csr.mie & hw->csr[HW_hie].wmask;
		return hw->csr[HW_hie].present ? 0 : -1;
	case CSR_VSIE:
		/* hie bits delegated by hideleg, one position down (H 8.2.12) */
		*v = ((c->csr.mie & csr_read(CSR_HIDELEG) & hw->csr[HW_hie].wmask) >> 1) &
		     VSIE_BITS;
		return hw->csr[HW_vsie].present ? 0 : -1;
	case CSR_MSECCFG:
		*v = c->csr.mseccfg;
		return hw->csr[HW_mseccfg].present ? 0 : -1;
	case CSR_SEED:
		/*
		 * M-mode always reaches seed (scalar crypto spec 4.1): vM reads
		 * the physical entropy source, one fresh sample per access. The
		 * read-only forms are refused before this (emul_csr).
		 */
		return hw->has_zkr && arch_seed_read(v) ? 0 : -1;
	case CSR_TSELECT:
		*v = c->csr.tselect;
		return hw->csr[HW_tselect].present ? 0 : -1;
	case CSR_TDATA1:
	case CSR_TDATA2:
	case CSR_TDATA3: {
		const uint64_t *slot = tdata_slot(c, csr - CSR_TDATA1);

		if (!slot)
			return -1;
		if (csr == CSR_TDATA1)
			vtrig_sync(c, (unsigned)c->csr.tselect);	/* hit bits, icount */
		*v = *slot;
		return 0;
	}
	case CSR_TINFO:
		/* the types the selected trigger supports: read-only (debug spec 5.7.5) */
		if (!hw->has_tinfo)
			return -1;
		arch_csr_write_num(CSR_TSELECT, c->csr.tselect);
		*v = arch_csr_read_num(CSR_TINFO);
		return 0;
	default:
		break;
	}
	if (csr >= CSR_PMPCFG0 && csr <= CSR_PMPCFG15) {
		if (hw->nb_pmp == 0 || (csr & 1))
			return -1;	/* odd pmpcfg do not exist on RV64 */
		*v = vpmp_read_cfg(c, csr - CSR_PMPCFG0);
		return 0;
	}
	if (csr >= CSR_PMPADDR0 && csr <= CSR_PMPADDR63) {
		if (hw->nb_pmp == 0)
			return -1;
		*v = vpmp_read_addr(c, csr - CSR_PMPADDR0);
		return 0;
	}
	/* hpm counters and events: the physical ones, shared with the payload */
	if (csr >= CSR_HPMCOUNTER3 && csr <= CSR_HPMCOUNTER31)
		return arch_hpm_access(csr - CSR_HPMCOUNTER3 + CSR_MHPMCOUNTER3, false, v);
	if ((csr >= CSR_MHPMCOUNTER3 && csr <= CSR_MHPMCOUNTER31) ||
	    (csr >= CSR_MHPMEVENT3 && csr <= CSR_MHPMEVENT31))
		return arch_hpm_access(csr, false, v);
	return plat_csr_access(csr, false, v);
}

/*
 * A plain CSR's rule, or NULL when the hart does not have it: the trap
 * entry's table (vcsr_fast_init, run by vctx_init) holds one for each plain
 * CSR the hart has, with the wmask and set1 of hw_warl. The plain CSRs
 * share one case body that reads it, rather than a body each (image size).
 */
static struct vcsr_fast_rule *plain_rule(struct vctx *c, unsigned csr)
{
	unsigned i = c->fast.index[vcsr_fast_hash(csr)];

	return i && c->fast.rule[i - 1].csr == csr ? &c->fast.rule[i - 1] : NULL;
}

static uint64_t *rule_field(struct vctx *c, const struct vcsr_fast_rule *r)
{
	return (uint64_t *)((char *)c + r->field);
}

#define PLAIN_CASE(num, field, idx) case num:

int vcsr_read(struct vctx *c, unsigned csr, uint64_t *val)
{
	const struct hw_caps *hw = c->hw;
	struct vcsr_fast_rule *r;

	switch (csr) {
		PHYS_CSRS(PHYS_READ_CASE)
		PHYS_H_CSRS(PHYS_H_CASE)
		return phys_h_access(hw, csr, false, val);
	/*
	 * Read-only-one bits (set1) appear after the first access of any
	 * kind: QEMU 7.2 ORs the H-extension bits into mideleg on every
	 * access, reads included, so the first read still shows the reset.
	 */
	case CSR_MSTATUS:
		*val = vcsr_mstatus(c);
		return 0;
		PLAIN_CSRS(PLAIN_CASE)
		r = plain_rule(c, csr);
		if (!r)
			return -1;
		*val = *rule_field(c, r);
		*rule_field(c, r) |= r->set1;
		return 0;
	default:
		return read_special(c, csr, val);
	}
}

static void write_mstatus(struct vctx *c, uint64_t v)
{
	const struct hw_caps *hw = c->hw;
	uint64_t old = c->csr.mstatus;
	uint64_t n = hw_warl(hw, HW_mstatus, old, v);

	/* MIE is never set while probing, but it is writable (3.1.6.1) */
	n = (n & ~MSTATUS_MIE) | (v & MSTATUS_MIE);
	/* MPP, FS, VS, XS, UXL, SXL: WARL per value, as probed (3.1.6) */
	n = hw_status_fields(hw, false, old, v, n);
	c->csr.mstatus = n;
	/* MPRV and MPP decide whether firmware loads/stores must trap */
	if ((old ^ n) & (MSTATUS_MPRV | MSTATUS_MPP))
		c->pmp_dirty = true;
}

/* satp-like: a write with an unsupported MODE is ignored (priv. spec 4.1.11) */
static void write_atp(const struct hw_atp *a, uint64_t *field, uint64_t v)
{
	unsigned mode = (unsigned)(v >> SATP_MODE_SHIFT);

	if (!(a->modes & (1u << mode)))
		return;
	*field = (v & (~0UL << SATP_MODE_SHIFT)) | (v & a->wmask);
}

static void write_tvec(const struct hw_caps *hw, enum hw_csr_index idx, uint64_t *field,
		       uint64_t v)
{
	if ((v & MTVEC_MODE_MASK) >= 2) {
		if (hw->tvec_drops_reserved)
			return;
		v = (v & ~MTVEC_MODE_MASK) | (*field & MTVEC_MODE_MASK);
	}
	*field = hw_warl(hw, idx, *field, v);
}

/*
 * mseccfg.SSEED/USEED (scalar crypto spec 4.1) decide whether S- and U-mode
 * reach seed themselves. The payload's accesses are physical, so the hart
 * holds the firmware's choice in both worlds: in vM (physically U-mode)
 * USEED = 1 then lets the firmware's csrrw read seed directly, and its
 * read-only forms still trap, which is what M-mode gets; USEED = 0 traps
 * every access into vcsr. No other bit of the physical mseccfg changes.
 */
static void sync_seed_access(uint64_t vmseccfg)
{
	const uint64_t bits = MSECCFG_SSEED | MSECCFG_USEED;

	csr_set(CSR_MSECCFG, vmseccfg & bits);
	csr_clear(CSR_MSECCFG, ~vmseccfg & bits);
}

static int write_special(struct vctx *c, unsigned csr, uint64_t v)
{
	const struct hw_caps *hw = c->hw;
	uint64_t m;

	switch (csr) {
	case CSR_MSTATUS:
		write_mstatus(c, v);
		return 0;
	case CSR_MISA:
		return 0;	/* misa writes are ignored by this hart (probed fixed) */
	case CSR_MTVEC:
		write_tvec(hw, HW_mtvec, &c->csr.mtvec, v);
		return 0;
	case CSR_STVEC:
		if (!hw->csr[HW_stvec].present)
			return -1;
		write_tvec(hw, HW_stvec, &c->csr.stvec, v);
		return 0;
	case CSR_SSTATUS:
		if (!hw->has_s)
			return -1;
		m = hw->csr[HW_sstatus].wmask;
		c->csr.mstatus = hw_status_fields(hw, true, c->csr.mstatus, v,
						  (c->csr.mstatus & ~m) | (v & m));
		return 0;
	case CSR_SIE:
		if (!hw->has_s)
			return -1;
		m = c->csr.mideleg & hw->sie_mask & hw->csr[HW_mie].wmask;
		c->csr.mie = (c->csr.mie & ~m) | (v & m);
		return 0;
	case CSR_SIP:
		if (!hw->has_s)
			return -1;
		/* only the masked bits: a read-modify-write of mip would latch SEIP */
		m = c->csr.mideleg & hw->sip_wmask;
		csr_set(CSR_MIP, v & m);
		csr_clear(CSR_MIP, ~v & m);
		return 0;
	case CSR_SATP:
		if (!hw->satp.present)
			return -1;
		write_atp(&hw->satp, &c->csr.satp, v);
		return 0;
	case CSR_MIP:
		/* the hart legalizes; MSIP/MTIP are read-only (the CLINT drives them) */
		if (!hw->csr[HW_mip].present)
			return -1;
		csr_write(CSR_MIP, v);
		return 0;
	case CSR_MENVCFG:
		if (!hw->csr[HW_menvcfg].present)
			return -1;
		c->csr.menvcfg = hw_warl(hw, HW_menvcfg, c->csr.menvcfg, v);
		c->env_dirty = true;
		return 0;
	case CSR_HIE:
		if (!hw->csr[HW_hie].present)
			return -1;
		m = hw->csr[HW_hie].wmask;
		c->csr.mie = (c->csr.mie & ~m) | (v & m);
		return 0;
	case CSR_VSIE:
		if (!hw->csr[HW_vsie].present)
			return -1;
		m = csr_read(CSR_HIDELEG) & hw->csr[HW_hie].wmask & (VSIE_BITS << 1);
		c->csr.mie = (c->csr.mie & ~m) | ((v << 1) & m);
		return 0;
	case CSR_MCYCLE:
		/* the real counter: the payload reads it too (cycle, mcounteren.CY) */
		csr_write(CSR_MCYCLE, v);
		return 0;
	case CSR_MINSTRET:
		csr_write(CSR_MINSTRET, v);
		return 0;
	case CSR_TSELECT:
		if (!hw->csr[HW_tselect].present)
			return -1;
		if (v < hw->nb_triggers && v < VTRIG_MAX)
			c->csr.tselect = v;
		return 0;
	case CSR_TDATA1:
	case CSR_TDATA2:
	case CSR_TDATA3: {
		uint64_t orig, rb, *slot;

		slot = tdata_slot(c, csr - CSR_TDATA1);
		if (!slot)
			return -1;
		/*
		 * Trigger registers have type-dependent WARL rules: let the
		 * hardware legalize (write, read back, restore) with the
		 * virtual trigger selected, then arm it for the firmware's
		 * world (src/virt/trigger.c).
		 */
		arch_csr_write_num(CSR_TSELECT, c->csr.tselect);
		if (arch_csr_probe(csr, v, &orig, &rb))
			*slot = rb;
		vtrig_arm(c, (unsigned)c->csr.tselect);
		return 0;
	}
	case CSR_TINFO:
		return hw->has_tinfo ? 0 : -1;	/* writes are ignored, as on QEMU 7.2 */
	case CSR_SEED:
		return hw->has_zkr ? 0 : -1;	/* the written value is ignored (Zkr 4.1) */
	default:
		break;
	}
	if (csr == CSR_MSECCFG) {
		if (!hw->csr[HW_mseccfg].present)
			return -1;
		vpmp_write_mseccfg(c, v);
		sync_seed_access(c->csr.mseccfg);
		c->pmp_dirty = true;
		c->env_dirty = true;	/* PMM, MLPE: the firmware's environment */
		return 0;
	}
	if (csr >= CSR_PMPCFG0 && csr <= CSR_PMPCFG15) {
		if (hw->nb_pmp == 0 || (csr & 1))
			return -1;
		vpmp_write_cfg(c, csr - CSR_PMPCFG0, v);
		c->pmp_dirty = true;
		return 0;
	}
	if (csr >= CSR_PMPADDR0 && csr <= CSR_PMPADDR63) {
		if (hw->nb_pmp == 0)
			return -1;
		vpmp_write_addr(c, csr - CSR_PMPADDR0, v);
		c->pmp_dirty = true;
		return 0;
	}
	if ((csr >= CSR_MHPMCOUNTER3 && csr <= CSR_MHPMCOUNTER31) ||
	    (csr >= CSR_MHPMEVENT3 && csr <= CSR_MHPMEVENT31))
		return arch_hpm_access(csr, true, &v);
	return plat_csr_access(csr, true, &v);
}

int vcsr_write(struct vctx *c, unsigned csr, uint64_t val)
{
	const struct hw_caps *hw = c->hw;

	struct vcsr_fast_rule *r;
	uint64_t *f;

	if (csr_is_read_only(csr))
		return -1;
	switch (csr) {
		PHYS_CSRS(PHYS_WRITE_CASE)
		PHYS_H_CSRS(PHYS_H_CASE)
		return phys_h_access(hw, csr, true, &val);
		PLAIN_CSRS(PLAIN_CASE)
		r = plain_rule(c, csr);
		if (!r)
			return -1;
		/* hw_warl with the rule's copy of the probed masks */
		f = rule_field(c, r);
		*f = (*f & ~(r->wmask | r->set1)) | r->set1 | (val & r->wmask);
		return 0;
	default:
		return write_special(c, csr, val);
	}
}

/*
 * The plain CSRs: a read only ORs in set1, which a write sets too
 * (hw_warl); the physical ones: the hart reads them without side effect.
 * Both check `present` on a write as on a read.
 */
int vcsr_write_unread(struct vctx *c, unsigned csr, uint64_t val)
{
	switch (csr) {
#define UNREAD_PHYS(num, present) case num:
		PHYS_CSRS(UNREAD_PHYS)
		PHYS_H_CSRS(PHYS_H_CASE)
		PLAIN_CSRS(PLAIN_CASE)
#undef UNREAD_PHYS
		return vcsr_write(c, csr, val);
	default:
		return 1;
	}
}

/*
 * Whether write_mstatus keeps mstatus when written with the value a read
 * returns (OpenSBI's trap exit writes back what its entry read): SD is
 * read-only and outside wmask and set1 (hw.c), so hw_warl gives old | set1,
 * which is old (set1 bits are set in every value it made and in the
 * reset value), MIE is copied, and each 2-bit field must keep every value
 * it can take when written with it (the probed next[o][o] == o).
 */
static bool mstatus_write_back_keeps(const struct hw_caps *hw)
{
	for (unsigned i = 0; i < HW_NB_FIELDS; i++) {
		const struct hw_field *f = &hw->mstatus_field[i];

		for (unsigned o = 0; o < HW_FIELD_VALUES; o++)
			for (unsigned w = 0; w < HW_FIELD_VALUES; w++) {
				unsigned v = f->next[o][w];

				if (f->next[v][v] != v)
					return false;
			}
	}
	/* and the reset value, which no write made */
	return (hw->csr[HW_mstatus].reset & hw->csr[HW_mstatus].set1) == hw->csr[HW_mstatus].set1 &&
	       hw_status_fields(hw, false, hw->csr[HW_mstatus].reset, hw->csr[HW_mstatus].reset,
				hw->csr[HW_mstatus].reset) == hw->csr[HW_mstatus].reset;
}

/*
 * The trap entry's table of the CSRs it emulates without C (trap.S, issue
 * 9: the firmware trap): the plain CSRs this hart has, their probed WARL
 * mask and set1 (what vcsr_read/vcsr_write apply to the same entries),
 * writable when a write is one emul_csr_is_fast takes. `enable`: no
 * module hooks the firmware's CSR exits (module_claims_firmware_traps,
 * module_watches_exits), which the trap entry does not call.
 */
void vcsr_fast_init(struct vctx *c, bool enable)
{
	/* a table and a loop rather than the list expanded in code (image size) */
	static const struct {
		uint16_t csr, field;
		uint8_t idx;
	} plain[] = {
#define FAST_PLAIN(num, fld, i) { num, (uint16_t)offsetof(struct vctx, csr.fld), i },
		PLAIN_CSRS(FAST_PLAIN)
#undef FAST_PLAIN
	};
	unsigned n = 0;

	c->fast = (struct vcsr_fast){ 0 };
	c->fast_csr = enable;
	for (size_t k = 0; k < sizeof(plain) / sizeof(plain[0]); k++) {
		const struct hw_warl *w = &c->hw->csr[plain[k].idx];
		unsigned csr = plain[k].csr;

		if (!w->present || n >= VCSR_FAST_RULES || c->fast.index[vcsr_fast_hash(csr)])
			continue;
		c->fast.rule[n] = (struct vcsr_fast_rule){
			.csr = (uint16_t)csr,
			.field = plain[k].field,
			.writable = !csr_is_read_only(csr) && vcsr_irq_neutral(csr),
			.wmask = w->wmask,
			.set1 = w->set1,
		};
		c->fast.index[vcsr_fast_hash(csr)] = (uint8_t)++n;
	}
	/*
	 * Reads of mstatus and misa as read_special makes them: the field,
	 * with SD folded in for mstatus; their writes are not emulated here,
	 * but a write of mstatus that a read would have returned changes
	 * nothing (issue 9: OpenSBI's trap exit; else a C fast exit).
	 */
	c->fast.rule[n] = (struct vcsr_fast_rule){
		.csr = CSR_MSTATUS, .field = (uint16_t)offsetof(struct vctx, csr.mstatus),
		.sd_view = 1, .same = mstatus_write_back_keeps(c->hw),
	};
	c->fast.index[vcsr_fast_hash(CSR_MSTATUS)] = (uint8_t)++n;
	c->fast.rule[n] = (struct vcsr_fast_rule){
		.csr = CSR_MISA, .field = (uint16_t)offsetof(struct vctx, csr.misa),
	};
	c->fast.index[vcsr_fast_hash(CSR_MISA)] = (uint8_t)++n;
	_Static_assert(VCSR_FAST_RULES >= 16 + 2, "a rule for every fast CSR");
}
