/*
 * Physical PMP layout and the virtual PMP seen by the firmware.
 *
 *   index                 entry                          firmware world   payload world
 *   0                     monitor memory (NAPOT)         no access        no access
 *   1 .. D                virtual devices (NAPOT)        no access        no access
 *   D+1 .. D+M            policy modules                 module-defined   module-defined
 *   mprv = D+M+1          MPRV emulation (NAPOT all)     X only while     off
 *                                                        vMPRV && vMPP<M
 *   null = D+M+2          OFF, pmpaddr 0                 TOR base of vPMP 0
 *   voff .. voff+n-1      the firmware's n virtual PMPs  unlocked: RWX    as configured
 *                                                        locked: as set   (L bit stripped)
 *   last = nb_pmp-1       NAPOT all memory               RWX              no access
 *
 * Lower indices win (priv. spec 3.7.1), so the monitor's entries always
 * take precedence. The L bit is never set physically: the monitor must be
 * able to rewrite every entry at each world switch.
 */
#ifndef MIRALIS_PMP_H
#define MIRALIS_PMP_H

#include <stdbool.h>
#include <stdint.h>

#include <miralis/hw.h>

#define PMP_MAX 64

struct vctx;

/*
 * The layouts a world switch alternates between: the payload world, and
 * the firmware world without and with the vMPRV entry (pmp_layout_key).
 */
#define PMP_NB_LAYOUTS 3

struct pmp_state {
	unsigned nb_pmp;	/* physical entries in use */
	unsigned mprv;		/* index of the MPRV emulation entry */
	unsigned voff;		/* first virtual entry */
	unsigned nb_virt;	/* virtual entries exposed */
	unsigned module_off;	/* first module entry */
	unsigned nb_module;	/* entries reserved for the modules */
	union {
		uint8_t cfg[PMP_MAX];
		uint64_t cfg_reg[PMP_MAX / 8];	/* as pmpcfg<2r> holds them (RV64, LE) */
	};
	uint64_t addr[PMP_MAX];
	/* what the hart holds since the last commit; committed = false: unknown */
	bool committed;
	uint64_t hw_cfg[PMP_MAX / 8];
	uint64_t hw_addr[PMP_MAX];
	/*
	 * Whole layouts of the worlds as last committed (pmp_layout_commit),
	 * valid until an input of theirs changes (pmp_layouts_invalidate).
	 */
	struct pmp_layout {
		bool valid;
		uint64_t cfg_reg[PMP_MAX / 8];
		uint64_t addr[PMP_MAX];
	} layout[PMP_NB_LAYOUTS];
	/*
	 * hw_key: the layout the hart and the shadow hold (-1: none, after a
	 * plain pmp_commit). sw[a][b]: the registers that differ between
	 * layouts a and b (bit r of cfg: pmpcfg<2r>, bit i of addr: pmpaddr<i>),
	 * learned at the first switch, so the next ones write only those.
	 */
	int hw_key;
	struct pmp_switch {
		bool valid;
		uint8_t cfg;
		uint64_t addr;
	} sw[PMP_NB_LAYOUTS][PMP_NB_LAYOUTS];
};

/*
 * Build the layout. Returns 0, or -1 if the hart has too few entries to
 * protect the monitor and its devices (the monitor then refuses to run).
 */
int pmp_init(struct pmp_state *p, const struct hw_caps *hw, uint64_t mon_base,
	     uint64_t mon_size, unsigned nb_module_entries, unsigned max_virt);

void pmp_set_napot(struct pmp_state *p, unsigned idx, uint64_t base, uint64_t size,
		   uint8_t perms);
void pmp_set_tor(struct pmp_state *p, unsigned idx, uint64_t top, uint8_t perms);
void pmp_set_off(struct pmp_state *p, unsigned idx, uint64_t addr);

/*
 * Entry rel of a module whose block starts at entry `first` of the module
 * area and holds `count` entries: cfg (L stripped: the monitor must be able
 * to rewrite it) and pmpaddr go to the shadow. -1 if rel or the block lie
 * outside the area reserved at pmp_init.
 */
int pmp_module_set(struct pmp_state *p, unsigned first, unsigned count, unsigned rel,
		   uint8_t cfg, uint64_t addr);

/* Load the shadow with the firmware's (world) view of the virtual PMP. */
void pmp_load_firmware_world(struct pmp_state *p, const struct vctx *c);
void pmp_load_payload_world(struct pmp_state *p, const struct vctx *c);
/*
 * Write the shadow to the hardware, then sfence.vma: only the pmpcfg and
 * pmpaddr registers that differ from the last commit, and no fence when
 * none does (the two worlds differ in a few cfg bytes).
 */
void pmp_commit(struct pmp_state *p);

/*
 * The layout of the current world, cached: pmp_layout_key names it;
 * pmp_layout_commit installs it (shadow and hardware, as pmp_commit) and
 * returns true if it is cached, else false and the caller loads it and
 * commits, then pmp_layout_save keeps it. pmp_layouts_invalidate: an
 * input of the layouts other than the world, vMPRV/vMPP and the module
 * entries (compared, not keyed) changed (the virtual PMP, mseccfg).
 */
unsigned pmp_layout_key(const struct vctx *c);
bool pmp_layout_commit(struct pmp_state *p, unsigned key);
/*
 * The hot half of pmp_layout_commit, for a world switch: true if the hart
 * holds layout key already or the registers that differ between the
 * layout it holds and key are known (then only those are written), else
 * false and nothing is written. With module entries, only after
 * pmp_layout_modules_match: the module entries in the shadow (just set,
 * module_pmp_set) are those of cached layout key.
 */
bool pmp_layout_switch(struct pmp_state *p, unsigned key);
bool pmp_layout_modules_match(const struct pmp_state *p, unsigned key);
void pmp_layout_save(struct pmp_state *p, unsigned key);
void pmp_layouts_invalidate(struct pmp_state *p);

/*
 * After a commit, read every entry back: -1 if the hardware holds the
 * shadow, else the first index that differs (the monitor then refuses to
 * run, since its protection is not what it wrote).
 */
int pmp_verify(const struct pmp_state *p, const struct hw_caps *hw);

/* A physical range the monitor's region must not overlap. */
struct pmp_range {
	const char *name;
	uint64_t base, size;	/* size 0: nothing to check */
};

/*
 * Can one NAPOT entry protect exactly [base, base+size) without covering
 * any range in avoid[0..n)? NULL if so, else what is wrong: "not aligned
 * to its size (NAPOT)" or the name of the overlapped range.
 */
const char *pmp_check_region(uint64_t base, uint64_t size, const struct pmp_range *avoid,
			     unsigned n);

/* Virtual PMP CSRs (pmpcfg0..15, pmpaddr0..63) seen by the firmware. */
uint64_t vpmp_read_cfg(const struct vctx *c, unsigned reg);
uint64_t vpmp_read_addr(const struct vctx *c, unsigned idx);
void vpmp_write_cfg(struct vctx *c, unsigned reg, uint64_t value);
void vpmp_write_addr(struct vctx *c, unsigned idx, uint64_t value);
/* mseccfg with Smepmp's sticky MML/MMWP and RLB rules */
void vpmp_write_mseccfg(struct vctx *c, uint64_t value);
/* Whether the virtual PMP grants a payload (S/U) access of len bytes at addr. */
bool vpmp_allows(const struct vctx *c, uint64_t addr, uint64_t len, uint8_t perm);
/* The same for a vM-mode access of the firmware (locked entries, vMML, vMMWP). */
bool vpmp_allows_firmware(const struct vctx *c, uint64_t addr, uint64_t len, uint8_t perm);

#endif /* MIRALIS_PMP_H */
