/*
 * PMP layout and virtual PMP (see the table in include/miralis/pmp.h).
 */
#define LOG_MODULE "pmp"

#include <miralis/arch.h>
#include <miralis/device.h>
#include <miralis/platform.h>
#include <miralis/log.h>
#include <miralis/pmp.h>
#include <miralis/riscv/encoding.h>
#include <miralis/virt.h>

#include <config.h>

#define PMPADDR_ALL 0x003fffffffffffffUL	/* NAPOT over the whole address space */

static uint64_t napot_addr(uint64_t base, uint64_t size)
{
	return (base >> 2) | ((size - 1) >> 3);
}

void pmp_set_napot(struct pmp_state *p, unsigned idx, uint64_t base, uint64_t size,
		   uint8_t perms)
{
	p->cfg[idx] = (uint8_t)(PMP_A_NAPOT | perms);
	p->addr[idx] = size == 0 ? PMPADDR_ALL : napot_addr(base, size);
}

void pmp_set_tor(struct pmp_state *p, unsigned idx, uint64_t top, uint8_t perms)
{
	p->cfg[idx] = (uint8_t)(PMP_A_TOR | perms);
	p->addr[idx] = top >> 2;
}

void pmp_set_off(struct pmp_state *p, unsigned idx, uint64_t addr)
{
	p->cfg[idx] = 0;
	p->addr[idx] = addr >> 2;
}

int pmp_init(struct pmp_state *p, const struct hw_caps *hw, uint64_t mon_base,
	     uint64_t mon_size, unsigned nb_module_entries, unsigned max_virt)
{
	size_t nb_dev = 0;
	const struct vdevice *const *devs = plat_devices(&nb_dev);
	unsigned fixed;

	for (unsigned i = 0; i < PMP_MAX; i++)
		pmp_set_off(p, i, 0);
	p->committed = false;
	pmp_layouts_invalidate(p);
	p->nb_pmp = hw->nb_pmp;
	p->module_off = 1 + (unsigned)nb_dev;
	p->nb_module = nb_module_entries;
	p->mprv = p->module_off + nb_module_entries;
	p->voff = p->mprv + 2;
	fixed = p->voff + 1;	/* + the last "all memory" entry */
	if (p->nb_pmp < fixed)
		return -1;
	p->nb_virt = p->nb_pmp - fixed;
	if (p->nb_virt > max_virt)
		p->nb_virt = max_virt;

	pmp_set_napot(p, 0, mon_base, mon_size, 0);
	for (size_t d = 0; d < nb_dev; d++)
		pmp_set_napot(p, 1 + (unsigned)d, devs[d]->base, devs[d]->size, 0);
	pmp_set_napot(p, p->nb_pmp - 1, 0, 0, PMP_R | PMP_W | PMP_X);
	return 0;
}

int pmp_module_set(struct pmp_state *p, unsigned first, unsigned count, unsigned rel,
		   uint8_t cfg, uint64_t addr)
{
	if (rel >= count || first > p->nb_module || count > p->nb_module - first)
		return -1;
	p->cfg[p->module_off + first + rel] = cfg & (uint8_t)~PMP_L;
	p->addr[p->module_off + first + rel] = addr;
	return 0;
}

/*
 * What a matching virtual entry grants, as the firmware's hart would
 * decide it. Without mseccfg.MML (priv. spec 3.7.1): S/U get the entry's
 * RWX; M gets everything unless the entry is locked. With MML (Smepmp
 * v1.0, table 2.1) the four bits L, R, W, X select one rule per mode,
 * including the shared regions (R = 0, W = 1) and M-mode-only locked ones.
 * Indexed by L<<3 | R<<2 | W<<1 | X, as the spec's table.
 */
#define RW (PMP_R | PMP_W)
#define RX (PMP_R | PMP_X)
#define RWX (PMP_R | PMP_W | PMP_X)
static const uint8_t mml_m[16] = {
	0, 0, RW, RW, 0, 0, 0, 0, 0, PMP_X, PMP_X, RX, PMP_R, RX, RW, PMP_R,
};
static const uint8_t mml_su[16] = {
	0, PMP_X, PMP_R, RW, PMP_R, RX, RW, RWX, 0, 0, PMP_X, PMP_X, 0, 0, 0, PMP_R,
};

static uint8_t entry_perms(const struct vctx *c, uint8_t cfg, bool m_mode)
{
	unsigned op;

	if (!(c->csr.mseccfg & MSECCFG_MML)) {
		if (m_mode && !(cfg & PMP_L))
			return RWX;
		return cfg & RWX;
	}
	op = (cfg & PMP_L ? 8u : 0u) | (cfg & PMP_R ? 4u : 0u) | (cfg & PMP_W ? 2u : 0u) |
	     (cfg & PMP_X ? 1u : 0u);
	return m_mode ? mml_m[op] : mml_su[op];
}

/*
 * When no entry matches: M gets everything, or no execute under MML, or
 * nothing under MMWP (Smepmp 2.1); S/U get nothing once an entry exists
 * or MML is set (3.7.1).
 */
static uint8_t nomatch_perms(const struct vctx *c, bool m_mode)
{
	uint64_t sec = c->csr.mseccfg;

	if (m_mode)
		return sec & MSECCFG_MMWP ? 0 : sec & MSECCFG_MML ? RW : RWX;
	return c->nb_pmp == 0 && !(sec & MSECCFG_MML) ? RWX : 0;
}

/*
 * The virtual entries, physically: the firmware runs in U-mode and the
 * payload in S/U, and the monitor never sets L or MML physically, so each
 * physical entry simply grants what its virtual entry grants the mode
 * being emulated (vM-mode in the firmware world, S/U in the payload
 * world). An entry the firmware locked for M-mode only thus stays closed
 * to the OS.
 */
static void load_virtual(struct pmp_state *p, const struct vctx *c, bool m_mode)
{
	for (unsigned i = 0; i < p->nb_virt; i++) {
		uint8_t cfg = c->csr.pmpcfg[i];

		/* an OFF entry matches nothing: its permission bits do not matter */
		p->cfg[p->voff + i] = cfg & PMP_A ? (uint8_t)((cfg & PMP_A) | entry_perms(c, cfg, m_mode)) : 0;
		p->addr[p->voff + i] = c->csr.pmpaddr[i];
	}
	pmp_set_napot(p, p->nb_pmp - 1, 0, 0, nomatch_perms(c, m_mode));
}

void pmp_load_firmware_world(struct pmp_state *p, const struct vctx *c)
{
	uint64_t ms = c->csr.mstatus;
	unsigned mpp = (unsigned)((ms & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);

	load_virtual(p, c, true);
	/* Loads and stores trap while vMPRV redirects them to a lower mode. */
	if ((ms & MSTATUS_MPRV) && mpp != PRV_M)
		pmp_set_napot(p, p->mprv, 0, 0, PMP_X);
	else
		pmp_set_off(p, p->mprv, 0);
}

void pmp_load_payload_world(struct pmp_state *p, const struct vctx *c)
{
	load_virtual(p, c, false);
	pmp_set_off(p, p->mprv, 0);
}

void pmp_commit(struct pmp_state *p)
{
	bool changed = false;

	/*
	 * Every PMP write goes through here after pmp_init (the boot probes
	 * come before it), so the hardware still holds the last commit. The
	 * order of the writes does not matter: nothing runs below M-mode
	 * until the commit is done, and the fence orders them before the
	 * next access (priv. spec 3.7.2).
	 */
	/* RV64: pmpcfg<2r> holds entries 8r..8r+7, the last one maybe partly */
	for (unsigned r = 0; r < (p->nb_pmp + 7) / 8; r++) {
		uint64_t v = p->cfg_reg[r];

		if (!p->committed || v != p->hw_cfg[r]) {
			arch_csr_write_num(CSR_PMPCFG0 + 2 * r, v);
			p->hw_cfg[r] = v;
			changed = true;
		}
	}
	for (unsigned i = 0; i < p->nb_pmp; i++) {
		if (!p->committed || p->addr[i] != p->hw_addr[i]) {
			arch_csr_write_num(CSR_PMPADDR0 + i, p->addr[i]);
			p->hw_addr[i] = p->addr[i];
			changed = true;
		}
	}
	p->committed = true;
	p->hw_key = -1;
	if (changed)
		arch_sfence_vma();
}

/* ---- cached layouts of the worlds ---- */

/* What pmp_load_firmware_world/pmp_load_payload_world read besides the virtual PMP */
unsigned pmp_layout_key(const struct vctx *c)
{
	uint64_t ms = c->csr.mstatus;
	unsigned mpp = (unsigned)((ms & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);

	if (vctx_world(c) == WORLD_PAYLOAD)
		return 0;
	return (ms & MSTATUS_MPRV) && mpp != PRV_M ? 2 : 1;
}

/*
 * The layouts and switch lists are written at constant indices only (the
 * key is matched against each index in turn, three or nine at most) and
 * read by index, never through a pointer to an element. On metal that is
 * a few compares; for CBMC (docs/verification.md §4) a key computed from
 * the firmware's state then stays a condition on constant cases, where a
 * symbolic index or pointer offset in a write would rewrite the whole
 * monitor state symbolically. A learned switch is two register masks,
 * replayed with a constant register number per bit (arch_pmp_write: an
 * inline stub call on metal, no look-up, issue 9).
 */
#define IDX_ADDR0 (CSR_PMPADDR0 - CSR_PMPCFG0)

static void write_cfg(struct pmp_state *p, unsigned r, uint64_t v)
{
	p->cfg_reg[r] = p->hw_cfg[r] = v;
	arch_pmp_write(2 * r, v);
}

static void write_addr(struct pmp_state *p, unsigned i, uint64_t v)
{
	p->addr[i] = p->hw_addr[i] = v;
	arch_pmp_write(IDX_ADDR0 + i, v);
}

static void learn(struct pmp_state *p, int from, unsigned to, const struct pmp_switch *s)
{
	for (unsigned f = 0; f < PMP_NB_LAYOUTS; f++)
		for (unsigned t = 0; t < PMP_NB_LAYOUTS; t++)
			if ((int)f == from && t == to)
				p->sw[f][t] = *s;
}

/*
 * Install the registers named by the masks from layout key, then the hart
 * holds key. The loops stop after the highest bit set (a world switch
 * usually changes a cfg register and few or no pmpaddr); the register
 * numbers stay the loop's constants. Inlined into its two callers with the
 * masks as scalars: the world switch's replay was three calls deep, with
 * the switch copied to the stack (issue 9).
 */
static inline __attribute__((always_inline)) void replay(struct pmp_state *p, unsigned key,
							 uint64_t cfg, uint64_t addr)
{
	const unsigned nb_cfg = (p->nb_pmp + 7) / 8, nb = p->nb_pmp;
	unsigned r = 0, i = 0;

	/* bounded by nb_pmp too: a constant after boot, so CBMC unrolls no further */
	for (uint64_t m = cfg; m && r < nb_cfg; m >>= 1, r++)
		if (m & 1)
			write_cfg(p, r, p->layout[key].cfg_reg[r]);
	for (uint64_t m = addr; m && i < nb; m >>= 1, i++)
		if (m & 1)
			write_addr(p, i, p->layout[key].addr[i]);
	if (cfg | addr)
		arch_sfence_vma();
	p->hw_key = (int)key;
}

bool pmp_layout_modules_match(const struct pmp_state *p, unsigned key)
{
	const unsigned end = p->module_off + p->nb_module;

	if (key >= PMP_NB_LAYOUTS)
		return false;
	for (unsigned i = p->module_off; i < end; i++)
		if (p->addr[i] != p->layout[key].addr[i] ||
		    p->cfg[i] != (uint8_t)(p->layout[key].cfg_reg[i / 8] >> (8 * (i % 8))))
			return false;
	return true;
}

bool pmp_layout_switch(struct pmp_state *p, unsigned key)
{
	int from = p->hw_key;

	if (from == (int)key)
		return true;
	/* valid: both layouts were cached when it was learnt, and still are */
	if (from < 0 || from >= PMP_NB_LAYOUTS || key >= PMP_NB_LAYOUTS || !p->sw[from][key].valid)
		return false;
	replay(p, key, p->sw[from][key].cfg, p->sw[from][key].addr);
	return true;
}

bool pmp_layout_commit(struct pmp_state *p, unsigned key)
{
	struct pmp_switch s = { .valid = true };

	if (key >= PMP_NB_LAYOUTS || !p->layout[key].valid || !p->committed ||
	    !pmp_layout_modules_match(p, key))
		return false;
	if (pmp_layout_switch(p, key))
		return true;
	/* the hart holds no layout (a plain commit since): the caller commits in full */
	if (p->hw_key < 0)
		return false;
	/* compare in full and learn the switch, then make it */
	for (unsigned r = 0; r < (p->nb_pmp + 7) / 8; r++)
		if (p->layout[key].cfg_reg[r] != p->hw_cfg[r] ||
		    p->layout[key].cfg_reg[r] != p->cfg_reg[r])
			s.cfg |= (uint8_t)(1u << r);
	for (unsigned i = 0; i < p->nb_pmp; i++)
		if (p->layout[key].addr[i] != p->hw_addr[i] ||
		    p->layout[key].addr[i] != p->addr[i])
			s.addr |= 1ULL << i;
	learn(p, p->hw_key, key, &s);
	return pmp_layout_switch(p, key);
}

void pmp_layout_save(struct pmp_state *p, unsigned key)
{
	for (unsigned k = 0; k < PMP_NB_LAYOUTS; k++) {
		struct pmp_layout *l = &p->layout[k];

		if (k != key)
			continue;
		for (unsigned r = 0; r < PMP_MAX / 8; r++)
			l->cfg_reg[r] = p->cfg_reg[r];
		for (unsigned i = 0; i < PMP_MAX; i++)
			l->addr[i] = p->addr[i];
		l->valid = true;
		p->hw_key = (int)k;	/* just committed */
	}
	/* with module entries, a layout may be replaced while valid: forget its switches */
	for (unsigned f = 0; f < PMP_NB_LAYOUTS; f++)
		for (unsigned t = 0; t < PMP_NB_LAYOUTS; t++)
			if (f == key || t == key)
				p->sw[f][t].valid = false;
}

void pmp_layouts_invalidate(struct pmp_state *p)
{
	for (unsigned k = 0; k < PMP_NB_LAYOUTS; k++) {
		p->layout[k].valid = false;
		for (unsigned j = 0; j < PMP_NB_LAYOUTS; j++)
			p->sw[k][j].valid = false;
	}
	p->hw_key = -1;
}

/*
 * Read the hardware back after a commit: the index of the first entry
 * whose cfg byte or pmpaddr is not what the shadow holds, or -1 if all
 * match. pmpaddr bits the hart does not implement (above the probed write
 * mask, or below the granule) are not compared (priv. spec 3.7.1.1).
 */
int pmp_verify(const struct pmp_state *p, const struct hw_caps *hw)
{
	for (unsigned i = 0; i < p->nb_pmp; i++) {
		uint64_t cfg = arch_csr_read_num(CSR_PMPCFG0 + 2 * (i / 8)) >> (8 * (i % 8));
		uint64_t addr = arch_csr_read_num(CSR_PMPADDR0 + i);

		if ((uint8_t)cfg != p->cfg[i] || ((addr ^ p->addr[i]) & hw->pmpaddr_wmask))
			return (int)i;
	}
	return -1;
}

const char *pmp_check_region(uint64_t base, uint64_t size, const struct pmp_range *avoid,
			     unsigned n)
{
	/* NAPOT: a power of two of at least 8 bytes, aligned to it (3.7.1) */
	if (size < 8 || (size & (size - 1)) || (base & (size - 1)))
		return "not aligned to its size (NAPOT)";
	for (unsigned i = 0; i < n; i++) {
		const struct pmp_range *r = &avoid[i];

		if (r->size && r->base < base + size && base < r->base + r->size)
			return r->name;
	}
	return 0;
}

/* ---- the firmware's PMP CSRs ---- */

uint64_t vpmp_read_cfg(const struct vctx *c, unsigned reg)
{
	uint64_t v = 0;

	for (unsigned b = 0; b < 8; b++) {
		unsigned idx = reg * 4 + b;	/* RV64: pmpcfg<2k> holds entries 8k..8k+7 */

		if (idx < c->nb_pmp)
			v |= (uint64_t)c->csr.pmpcfg[idx] << (8 * b);
	}
	return v;
}

static uint8_t legal_cfg(const struct vctx *c, uint8_t v)
{
	const struct hw_caps *hw = c->hw;
	uint8_t cfg = v & (hw->pmpcfg_wmask | PMP_L);

	/* R = 0, W = 1 is reserved, except as a shared region under MML (Smepmp 2.1) */
	if ((cfg & RW) == PMP_W && !hw->pmp_r0w1_kept && !(c->csr.mseccfg & MSECCFG_MML))
		cfg &= (uint8_t)~RWX;
	if ((cfg & PMP_A) == PMP_A_NA4 && !hw->pmp_na4)
		cfg &= (uint8_t)~PMP_A;
	return cfg;
}

/*
 * Under MML without RLB, no new rule may be executable by M-mode only or
 * a locked shared code region (Smepmp 2.1: LRWX = 1001, 1010, 1011, 1101).
 */
static bool mml_refuses(uint8_t cfg)
{
	return (cfg & PMP_L) && (cfg & RWX) != RWX && ((cfg & PMP_X) || (cfg & RW) == PMP_W);
}

/* Locked entries ignore writes until reset, unless mseccfg.RLB (Smepmp 2.1). */
static bool vpmp_locked(const struct vctx *c, unsigned idx)
{
	return (c->csr.pmpcfg[idx] & PMP_L) && !(c->csr.mseccfg & MSECCFG_RLB);
}

void vpmp_write_cfg(struct vctx *c, unsigned reg, uint64_t value)
{
	uint64_t sec = c->csr.mseccfg;

	for (unsigned b = 0; b < 8; b++) {
		unsigned idx = reg * 4 + b;
		uint8_t cfg;

		if (idx >= c->nb_pmp || vpmp_locked(c, idx))
			continue;
		cfg = legal_cfg(c, (uint8_t)(value >> (8 * b)));
		if ((sec & MSECCFG_MML) && !(sec & MSECCFG_RLB) && mml_refuses(cfg))
			continue;
		c->csr.pmpcfg[idx] = cfg;
		pmp_layouts_invalidate(c->pmp);
		if (cfg & PMP_L)
			log_warn_once("firmware locked a PMP entry: kept virtual, enforced on it");
	}
}

/*
 * mseccfg (Smepmp 2.1): MML and MMWP stay set until reset; RLB cannot be
 * set again once it is clear while an entry is locked.
 */
void vpmp_write_mseccfg(struct vctx *c, uint64_t value)
{
	uint64_t old = c->csr.mseccfg;
	uint64_t v = hw_warl(c->hw, HW_mseccfg, old, value);

	v |= old & (MSECCFG_MML | MSECCFG_MMWP);
	if (!(old & MSECCFG_RLB)) {
		for (unsigned i = 0; i < c->nb_pmp; i++)
			if (c->csr.pmpcfg[i] & PMP_L)
				v &= ~MSECCFG_RLB;
	}
	c->csr.mseccfg = v;
	pmp_layouts_invalidate(c->pmp);	/* MML, MMWP decide the layouts */
}

uint64_t vpmp_read_addr(const struct vctx *c, unsigned idx)
{
	uint64_t a;
	unsigned g = c->hw->pmp_grain;

	if (idx >= c->nb_pmp)
		return 0;
	a = c->csr.pmpaddr[idx];
	/* priv. spec 3.7.1.1: reads reflect the granule */
	if (g >= 2 && (c->csr.pmpcfg[idx] & PMP_A) == PMP_A_NAPOT)
		a |= (1UL << (g - 1)) - 1;
	else if (g >= 1 && (c->csr.pmpcfg[idx] & PMP_A) != PMP_A_NAPOT)
		a &= ~((1UL << g) - 1);
	return a;
}

void vpmp_write_addr(struct vctx *c, unsigned idx, uint64_t value)
{
	if (idx >= c->nb_pmp || vpmp_locked(c, idx))
		return;
	/* A locked TOR entry also locks the address below it (3.7.1). */
	if (idx + 1 < c->nb_pmp && vpmp_locked(c, idx + 1) &&
	    (c->csr.pmpcfg[idx + 1] & PMP_A) == PMP_A_TOR)
		return;
	c->csr.pmpaddr[idx] = value & c->hw->pmpaddr_wmask;
	pmp_layouts_invalidate(c->pmp);
}

/*
 * Would the firmware's PMP let an access of `len` bytes at addr with
 * permission perm (PMP_R/W/X) through, for M-mode or S/U? Priv. spec 3.7.1: the
 * lowest-numbered entry matching any byte decides, and must cover all of
 * them; with no match, nomatch_perms.
 */
static bool allows(const struct vctx *c, uint64_t addr, uint64_t len, uint8_t perm, bool m_mode)
{
	uint64_t last = addr + len - 1;

	for (unsigned i = 0; i < c->nb_pmp; i++) {
		uint8_t cfg = c->csr.pmpcfg[i];
		uint64_t lo, hi, a = c->csr.pmpaddr[i];

		switch (cfg & PMP_A) {
		case PMP_A_TOR:
			lo = i ? c->csr.pmpaddr[i - 1] << 2 : 0;
			hi = a << 2;
			if (hi <= lo)
				continue;
			hi--;
			break;
		case PMP_A_NA4:
			lo = a << 2;
			hi = lo + 3;
			break;
		case PMP_A_NAPOT: {
			uint64_t ones = 0;

			while (ones < 64 && (a >> ones) & 1)
				ones++;
			/* 54 or more trailing ones: the whole address space */
			lo = ones >= 54 ? 0 : (a & ~((1UL << ones) - 1)) << 2;
			hi = ones >= 54 ? ~0UL : lo + (1UL << (ones + 3)) - 1;
			break;
		}
		default:
			continue;
		}
		if (last < lo || addr > hi)
			continue;
		return addr >= lo && last <= hi && (entry_perms(c, cfg, m_mode) & perm) == perm;
	}
	return (nomatch_perms(c, m_mode) & perm) == perm;
}

bool vpmp_allows(const struct vctx *c, uint64_t addr, uint64_t len, uint8_t perm)
{
	return allows(c, addr, len, perm, false);
}

bool vpmp_allows_firmware(const struct vctx *c, uint64_t addr, uint64_t len, uint8_t perm)
{
	return allows(c, addr, len, perm, true);
}
