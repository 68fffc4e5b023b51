/*
 * What the physical hart implements, detected at boot by probing the real
 * CSRs (write, read back, restore). The hardware is the oracle: every
 * virtual CSR is legalized with the masks and rules found here, so the
 * firmware sees the same WARL behaviour as it would natively.
 */
#ifndef MIRALIS_HW_H
#define MIRALIS_HW_H

#include <stdbool.h>
#include <stdint.h>

/*
 * CSRs whose WARL behaviour is captured by a write mask: probing writes
 * all ones (minus `avoid`) and all zeros; a bit that follows both writes is
 * writable, a bit that stays is fixed (its reset value is kept).
 * `avoid` bits are never written: those a restore could not undo.
 * X(name, number, avoid)
 * Order matters: a probe of an absent CSR traps, which rewrites mstatus,
 * mepc, mcause, mtval (and mtval2/mtinst), so those come first to capture
 * the values the hart had at reset.
 */
#define HW_PROBED_CSRS(X)                                           \
	X(mstatus, 0x300, 0x8UL)    /* never set MIE while probing */ \
	X(mepc, 0x341, 0)                                           \
	X(mcause, 0x342, 0)                                         \
	X(mtval, 0x343, 0)                                          \
	X(mtinst, 0x34a, 0)                                         \
	X(mtval2, 0x34b, 0)                                         \
	X(medeleg, 0x302, 0)                                        \
	X(mideleg, 0x303, 0)                                        \
	X(mie, 0x304, 0)                                            \
	X(mip, 0x344, 0)                                            \
	X(mtvec, 0x305, 0x2UL)      /* mode 1 (vectored) sticks */  \
	X(mcounteren, 0x306, 0)                                     \
	X(mcountinhibit, 0x320, 0)                                  \
	X(menvcfg, 0x30a, 0)                                        \
	X(mseccfg, 0x747, 0)        /* sticky bits: probe_mseccfg */ \
	X(mscratch, 0x340, 0)                                       \
	X(sstatus, 0x100, 0)                                        \
	X(sie, 0x104, 0)                                            \
	X(stvec, 0x105, 0x2UL)                                      \
	X(scounteren, 0x106, 0)                                     \
	X(senvcfg, 0x10a, 0)                                        \
	X(sscratch, 0x140, 0)                                       \
	X(sepc, 0x141, 0)                                           \
	X(scause, 0x142, 0)                                         \
	X(stval, 0x143, 0)                                          \
	X(sip, 0x144, 0)                                            \
	X(hstatus, 0x600, 0)                                        \
	X(hedeleg, 0x602, 0)                                        \
	X(hideleg, 0x603, 0)                                        \
	X(hie, 0x604, 0)                                            \
	X(htimedelta, 0x605, 0)                                     \
	X(hcounteren, 0x606, 0)                                     \
	X(hgeie, 0x607, 0)                                          \
	X(henvcfg, 0x60a, 0)                                        \
	X(htval, 0x643, 0)                                          \
	X(hip, 0x644, 0)                                            \
	X(hvip, 0x645, 0)                                           \
	X(htinst, 0x64a, 0)                                         \
	X(vsstatus, 0x200, 0)                                       \
	X(vsie, 0x204, 0)                                           \
	X(vstvec, 0x205, 0x2UL)                                     \
	X(vsscratch, 0x240, 0)                                      \
	X(vsepc, 0x241, 0)                                          \
	X(vscause, 0x242, 0)                                        \
	X(vstval, 0x243, 0)                                         \
	X(vsip, 0x244, 0)                                           \
	X(tselect, 0x7a0, 0)

enum hw_csr_index {
#define HW_ENUM(name, num, avoid) HW_##name,
	HW_PROBED_CSRS(HW_ENUM)
#undef HW_ENUM
	HW_NB_PROBED
};

/* The PMP has at most 64 entries (priv. spec 3.7.1). */
#define HW_PMP_MAX 64

/*
 * Two-bit WARL fields whose legal value depends on the value written and
 * on the old one, so a write mask cannot express them: QEMU 7.2 keeps the
 * old UXL when 0 is written and stores 1, 2 and 3 as written; a hart may
 * drop a reserved MPP or FS value. Each is probed per (old, written) pair.
 * X(name, shift, in sstatus)
 */
#define HW_STATUS_FIELDS(X)                                         \
	X(VS, 9, true)                                              \
	X(MPP, 11, false)                                           \
	X(FS, 13, true)                                             \
	X(XS, 15, true)                                             \
	X(UXL, 32, true)                                            \
	X(SXL, 34, false)

enum hw_field_index {
#define HW_FIELD_ENUM(name, shift, s) HW_FIELD_##name,
	HW_STATUS_FIELDS(HW_FIELD_ENUM)
#undef HW_FIELD_ENUM
	HW_NB_FIELDS
};

#define HW_FIELD_VALUES 4

/* next[old][written]: the field's value after a write (old unreachable: the reset row) */
struct hw_field {
	uint8_t next[HW_FIELD_VALUES][HW_FIELD_VALUES];
};

struct hw_warl {
	bool present;
	uint64_t reset;		/* value found at boot, before the monitor wrote it */
	uint64_t wmask;		/* bits that follow writes */
	uint64_t set1;		/* bits that read one after any write */
};

/* Address-translation CSRs: which MODE values are accepted (bit per mode). */
struct hw_atp {
	bool present;
	uint16_t modes;
	uint64_t wmask;		/* writable ASID/VMID + PPN bits with a valid mode */
	uint64_t reset;
};

struct hw_caps {
	uint64_t misa;
	uint64_t mvendorid, marchid, mimpid, mconfigptr;
	bool has_mconfigptr;
	bool has_s, has_h, has_c;
	/*
	 * Sstc: stimecmp/vstimecmp are only read when probing, since a write
	 * re-arms the S/VS timer and would leave STIP/VSTIP pending.
	 */
	bool has_sstc, has_vstimecmp;
	struct hw_warl csr[HW_NB_PROBED];
	struct hw_atp satp, hgatp, vsatp;
	/* value rules of the 2-bit mstatus fields, written through mstatus and sstatus */
	struct hw_field mstatus_field[HW_NB_FIELDS], sstatus_field[HW_NB_FIELDS];
	/* mtvec/stvec writes with MODE >= 2 are dropped whole (QEMU 7.2) */
	bool tvec_drops_reserved;
	/*
	 * Trap entry into M-mode, probed with one trap from M (H harts): does
	 * the hart keep mstatus.GVA/MPV, mtval2 and mtinst when the trap has
	 * nothing to record in them (QEMU 7.2 keeps GVA), or write them?
	 */
	bool trap_keeps_gva, trap_keeps_mpv, trap_keeps_mtval2, trap_keeps_mtinst;
	/* sie/sip when everything is delegated: the S-level view */
	uint64_t sie_mask, sip_wmask;
	/* triggers: number of valid tselect values (0 = no Sdtrig) */
	unsigned nb_triggers;
	bool has_tinfo;		/* tinfo: the types each trigger supports */
	/* bit i: tdata<i+1> exists (Sdtrig: tdata1 with any trigger, tdata2/3 optional) */
	uint8_t tdata_present;
	/* PMP */
	unsigned nb_pmp;	/* implemented entries, counted one by one */
	bool has_smepmp;	/* mseccfg with MML/MMWP/RLB (Smepmp v1.0) */
	unsigned pmp_grain;	/* G: granule is 2^(G+2) bytes */
	bool pmp_na4;		/* NA4 accepted (only when G == 0) */
	uint8_t pmpcfg_wmask;	/* writable bits of one pmpcfg byte (L excluded) */
	bool pmp_r0w1_kept;	/* R=0,W=1 stored as written (else R/W/X cleared) */
	uint64_t pmpaddr_wmask;	/* writable pmpaddr bits */
	/*
	 * The time CSR exists: not implied by cycle (Zicntr). QEMU's spike
	 * machine and the U74 harts (VisionFive 2) have cycle but no time;
	 * firmware emulates it from the CLINT's mtime (docs/platforms.md).
	 */
	bool has_time;
	/* Zkr: M-mode's csrrw of the seed CSR answers (scalar crypto spec 4.1) */
	bool has_zkr;
};

/* Probe the running hart (boot, before the monitor changes any CSR). */
void hw_detect(struct hw_caps *hw);

static inline bool hw_present(const struct hw_caps *hw, enum hw_csr_index i)
{
	return hw->csr[i].present;
}

/* Was the CSR num of HW_PROBED_CSRS found on this hart? false for any other num. */
bool hw_has_csr(const struct hw_caps *hw, unsigned num);

/* Apply a probed write mask: the legal value after writing v over old. */
static inline uint64_t hw_warl(const struct hw_caps *hw, enum hw_csr_index i,
			       uint64_t old, uint64_t v)
{
	uint64_t m = hw->csr[i].wmask, one = hw->csr[i].set1;

	return (old & ~(m | one)) | one | (v & m);
}

/*
 * Apply the probed value rules of the 2-bit status fields to n, the value
 * after a write of v over old (through mstatus, or sstatus for the fields
 * sstatus shows).
 */
uint64_t hw_status_fields(const struct hw_caps *hw, bool via_sstatus, uint64_t old, uint64_t v,
			  uint64_t n);

#endif /* MIRALIS_HW_H */
