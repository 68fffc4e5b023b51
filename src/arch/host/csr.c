/*
 * Software CSR file of the host hart, modelled on QEMU 7.2's default rv64
 * CPU on -M virt, accessed from M-mode (target/riscv/csr.c and pmp.c of
 * QEMU 7.2.22 were read for the masks; no code was taken from them).
 * It is the reference of docs/verification.md: each WARL rule below names
 * its section of the Privileged ISA 20211203, and says where QEMU 7.2
 * makes the implementation-defined choice; tests ref-fuzz-a/b/c check it
 * against QEMU itself. Section numbers without a name are that spec's.
 *
 * Every access goes through csr_rmw(), the equivalent of a Zicsr
 * instruction: an absent CSR, or a write (non-zero write mask) to a CSR
 * whose number has bits 11:10 = 11, is an illegal instruction (Priv. ISA
 * 1.12, "CSR Address Mapping Conventions"). Plain registers are written
 * with (old & ~mask) | (new & mask) through their WARL legalizer; the
 * interrupt registers take the mask themselves, as QEMU's rmw handlers do.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <miralis/riscv/encoding.h>

#include "arch_impl.h"
#include "host.h"
#include "host_internal.h"

/* Register groups as QEMU 7.2 names them (csr.c "Machine constants"). */
#define M_INTS (MIP_MSIP | MIP_MTIP | MIP_MEIP)
#define S_INTS (MIP_SSIP | MIP_STIP | MIP_SEIP | MIP_LCOFIP)
#define VS_INTS (MIP_VSSIP | MIP_VSTIP | MIP_VSEIP)
#define HS_INTS (MIP_SGEIP | VS_INTS)
#define DELEGABLE_INTS (S_INTS | VS_INTS)
#define ALL_INTS (M_INTS | S_INTS | HS_INTS)
/*
 * medeleg (3.1.8, WARL): which exceptions are delegable is the
 * implementation's choice. QEMU 7.2: 0-13, 15, 20-23, even 10 and 11
 * (the spec says medeleg[11] should be read-only zero).
 */
#define DELEGABLE_EXCPS 0xf0bfffULL
/* Minus S/VS/M ecall and the guest faults (Priv. ISA 1.12, hedeleg). */
#define VS_DELEGABLE_EXCPS (DELEGABLE_EXCPS & ~0xf00e00ULL)
/* sip: SSIP and LCOFIP, plus the N-extension bits QEMU still lists. */
#define SIP_WRITABLE (MIP_SSIP | BIT(0) | BIT(8) | MIP_LCOFIP)
#define SSTATUS_VIEW (MSTATUS_SIE | MSTATUS_SPIE | BIT(0) | BIT(4) | \
		      MSTATUS_SPP | MSTATUS_FS | MSTATUS_XS | MSTATUS_SUM | \
		      MSTATUS_MXR | MSTATUS_VS)
#define ENVCFG_LOW (MENVCFG_FIOM | MENVCFG_CBIE | MENVCFG_CBCFE | MENVCFG_CBZE)
#define ENVCFG_ALL (ENVCFG_LOW | MENVCFG_PBMTE | MENVCFG_STCE)
#define HSTATUS_VSBE BIT(5)
#define HSTATUS_VSXL (3ULL << 32)
#define XL_64 2ULL
#define NB_HPM 16	/* QEMU "pmu-num" default: hpmcounter3..18 */
#define FS_DIRTY MSTATUS_FS

struct hart {
	unsigned hartid;
	uint64_t time;
	bool vstime_irq;
	/* machine */
	uint64_t mstatus, medeleg, mideleg, mie, mip, mtvec, mcounteren;
	uint64_t mcountinhibit, mscratch, mepc, mcause, mtval, mtval2, mtinst;
	uint64_t menvcfg, mseccfg;
	uint64_t pmpcfg[HOST_PMP_MAX / 8];	/* pmpcfg0, 2, .., 14 */
	uint64_t pmpaddr[HOST_PMP_MAX];
	uint64_t mhpmcounter[32];		/* [0] mcycle, [2] minstret */
	uint64_t mhpmevent[32];
	uint64_t tselect, tdata[HOST_NB_TRIGGERS][3];
	/* supervisor */
	uint64_t stvec, scounteren, senvcfg, sscratch, sepc, scause, stval;
	uint64_t satp, stimecmp;
	/* hypervisor and VS */
	uint64_t hstatus, hedeleg, hideleg, hcounteren, hgeie, henvcfg, htval;
	uint64_t htinst, hgatp, htimedelta;
	uint64_t vsstatus, vstvec, vsscratch, vsepc, vscause, vstval, vsatp;
	uint64_t vstimecmp;
	/* floating point (F/D present, gated by mstatus.FS) */
	uint64_t fflags, frm;
};

static struct hart hart;
static unsigned illegal_count, last_illegal;
/* PMP shape (host_set_pmp): entries implemented, and what the others are */
static unsigned nb_pmp = HOST_NB_PMP;
static bool pmp_absent_traps = true;
static bool smepmp;
#define MAX_REMOVED 8
static unsigned removed[MAX_REMOVED], nb_removed;	/* host_csr_remove */

static void die(const char *what, unsigned csr)
{
	fprintf(stderr, "host hart: %s (csr 0x%03x)\n", what, csr);
	abort();
}

void host_csr_reset(void)
{
	hart = (struct hart){ 0 };
	/* QEMU reset: SXL = UXL = 64-bit; MIE, MPRV cleared (cpu.c). */
	hart.mstatus = XL_64 << 32 | XL_64 << 34;
	hart.vsstatus = XL_64 << 32 | XL_64 << 34;
	/*
	 * H (Priv. ISA 20211203 8.2, "Hypervisor Trap Delegation Registers"): mideleg bits 10, 6, 2 (VS
	 * interrupts) are read-only one, from reset on, and bit 12 (SGEI) when
	 * GEILEN != 0. QEMU 7.2 also shows SGEI as one although its GEILEN is
	 * 0 (hgeie reads 0): the model follows the hardware it is checked on.
	 */
	hart.mideleg = HS_INTS;
	/* Debug triggers start as type 2 (mcontrol) in tdata1[63:60]. */
	for (unsigned i = 0; i < HOST_NB_TRIGGERS; i++)
		hart.tdata[i][0] = 2ULL << 60;
	illegal_count = 0;
	last_illegal = 0;
	nb_pmp = HOST_NB_PMP;
	pmp_absent_traps = true;
	smepmp = false;
	nb_removed = 0;
}

void host_set_smepmp(bool on)
{
	smepmp = on;
}

void host_set_pmp(unsigned nb, bool absent_traps)
{
	if (nb > HOST_PMP_MAX)
		die("more PMP entries than the spec allows", nb);
	nb_pmp = nb;
	pmp_absent_traps = absent_traps;
}

void host_csr_remove(unsigned csr)
{
	if (nb_removed == MAX_REMOVED)
		die("too many removed CSRs", csr);
	removed[nb_removed++] = csr;
}

/*
 * The saved state is one struct assignment, not a byte copy: CBMC then
 * copies it in one step instead of unrolling memcpy over 1.5 KB
 * (docs/verification.md). Saved and restored only through this type.
 */
struct saved_state {
	struct hart hart;
	unsigned priv;
};
_Static_assert(sizeof(struct saved_state) <= sizeof(struct host_state),
	       "struct host_state too small");

void host_state_save(struct host_state *s)
{
	struct saved_state *d = (struct saved_state *)(void *)s->bytes;

	d->hart = hart;
	d->priv = host_priv();
}

void host_state_restore(const struct host_state *s)
{
	const struct saved_state *d = (const struct saved_state *)(const void *)s->bytes;

	hart = d->hart;
	host_set_priv(d->priv);
}

void host_set_hart_id(unsigned id)
{
	hart.hartid = id;
}

unsigned host_csr_hart_id(void)
{
	return hart.hartid;
}

unsigned host_illegal_count(void)
{
	return illegal_count;
}

unsigned host_last_illegal_csr(void)
{
	return last_illegal;
}

void host_clear_illegal(void)
{
	illegal_count = 0;
	last_illegal = 0;
}

/* ---- Sstc timers (Sstc spec: STIP = time >= stimecmp) ---- */

static void update_stip(void)
{
	if (hart.stimecmp <= hart.time)
		hart.mip |= MIP_STIP;
	else
		hart.mip &= ~MIP_STIP;
}

static void update_vstip(void)
{
	hart.vstime_irq = hart.vstimecmp <= hart.time + hart.htimedelta;
	if (hart.vstime_irq)
		hart.mip |= MIP_VSTIP;
	else
		hart.mip &= ~MIP_VSTIP;
}

/* QEMU arms a timer on the write and raises the bit when it expires. */
void host_set_time(uint64_t time)
{
	hart.time = time;
	if (hart.stimecmp <= time)
		hart.mip |= MIP_STIP;
	if (hart.vstimecmp <= time + hart.htimedelta) {
		hart.vstime_irq = true;
		hart.mip |= MIP_VSTIP;
	}
}

uint64_t host_get_time(void)
{
	return hart.time;
}

/* ---- presence (QEMU 7.2 csr_ops[] predicates, from M-mode) ---- */

static bool in(unsigned csr, unsigned lo, unsigned hi)
{
	return csr >= lo && csr <= hi;
}

bool host_csr_exists(unsigned csr)
{
	for (unsigned i = 0; i < nb_removed; i++)
		if (removed[i] == csr)
			return false;
	switch (csr) {
	case 0x001: case 0x002: case 0x003:	/* fflags frm fcsr */
		return (hart.mstatus & MSTATUS_FS) != 0;
	case CSR_CYCLE: case CSR_TIME: case CSR_INSTRET:
	case CSR_MCYCLE: case CSR_MINSTRET:
	case CSR_MVENDORID: case CSR_MARCHID: case CSR_MIMPID:
	case CSR_MHARTID: case CSR_MCONFIGPTR:
	case CSR_MSTATUS: case CSR_MISA: case CSR_MEDELEG: case CSR_MIDELEG:
	case CSR_MIE: case CSR_MTVEC: case CSR_MCOUNTEREN: case CSR_MENVCFG:
	case CSR_MCOUNTINHIBIT:
	case CSR_MSCRATCH: case CSR_MEPC: case CSR_MCAUSE: case CSR_MTVAL:
	case CSR_MIP: case CSR_MTINST: case CSR_MTVAL2:
	case CSR_SSTATUS: case CSR_SIE: case CSR_STVEC: case CSR_SCOUNTEREN:
	case CSR_SENVCFG: case CSR_SSCRATCH: case CSR_SEPC: case CSR_SCAUSE:
	case CSR_STVAL: case CSR_SIP: case CSR_STIMECMP: case CSR_SATP:
	case CSR_HSTATUS: case CSR_HEDELEG: case CSR_HIDELEG: case CSR_HIE:
	case CSR_HTIMEDELTA: case CSR_HCOUNTEREN: case CSR_HGEIE:
	case CSR_HENVCFG: case CSR_HTVAL: case CSR_HIP: case CSR_HVIP:
	case CSR_HTINST: case CSR_HGATP: case CSR_HGEIP:
	case CSR_VSSTATUS: case CSR_VSIE: case CSR_VSTVEC: case CSR_VSSCRATCH:
	case CSR_VSEPC: case CSR_VSCAUSE: case CSR_VSTVAL: case CSR_VSIP:
	case CSR_VSATP: case CSR_VSTIMECMP:
	case CSR_TSELECT: case CSR_TDATA1: case CSR_TDATA2: case CSR_TDATA3:
	case CSR_TINFO:
		return true;
	default:
		/*
		 * PMP CSRs of implemented entries; the others trap or are
		 * read-only zero (host_set_pmp). Odd pmpcfg are illegal on RV64.
		 */
		if (in(csr, CSR_PMPCFG0, CSR_PMPCFG14) && !(csr & 1))
			return !pmp_absent_traps || (csr - CSR_PMPCFG0) * 4 < nb_pmp;
		if (in(csr, CSR_PMPADDR0, CSR_PMPADDR63))
			return !pmp_absent_traps || csr - CSR_PMPADDR0 < nb_pmp;
		if (csr == CSR_MSECCFG)
			return smepmp;
		if (in(csr, CSR_HPMCOUNTER3, CSR_HPMCOUNTER3 + NB_HPM - 1) ||
		    in(csr, CSR_MHPMCOUNTER3, CSR_MHPMCOUNTER3 + NB_HPM - 1))
			return true;
		/* Every mhpmevent exists, even beyond pmu-num. */
		return in(csr, CSR_MHPMEVENT3, CSR_MHPMEVENT31);
	}
}

/* ---- backing storage ---- */

static uint64_t *slot(unsigned csr)
{
	switch (csr) {
	case CSR_MSTATUS: return &hart.mstatus;
	case CSR_MEDELEG: return &hart.medeleg;
	case CSR_MIDELEG: return &hart.mideleg;
	case CSR_MIE: return &hart.mie;
	case CSR_MIP: return &hart.mip;
	case CSR_MTVEC: return &hart.mtvec;
	case CSR_MCOUNTEREN: return &hart.mcounteren;
	case CSR_MCOUNTINHIBIT: return &hart.mcountinhibit;
	case CSR_MSCRATCH: return &hart.mscratch;
	case CSR_MEPC: return &hart.mepc;
	case CSR_MCAUSE: return &hart.mcause;
	case CSR_MTVAL: return &hart.mtval;
	case CSR_MTVAL2: return &hart.mtval2;
	case CSR_MTINST: return &hart.mtinst;
	case CSR_MENVCFG: return &hart.menvcfg;
	case CSR_MSECCFG: return &hart.mseccfg;
	case CSR_TSELECT: return &hart.tselect;
	case CSR_STVEC: return &hart.stvec;
	case CSR_SCOUNTEREN: return &hart.scounteren;
	case CSR_SENVCFG: return &hart.senvcfg;
	case CSR_SSCRATCH: return &hart.sscratch;
	case CSR_SEPC: return &hart.sepc;
	case CSR_SCAUSE: return &hart.scause;
	case CSR_STVAL: return &hart.stval;
	case CSR_SATP: return &hart.satp;
	case CSR_STIMECMP: return &hart.stimecmp;
	case CSR_HSTATUS: return &hart.hstatus;
	case CSR_HEDELEG: return &hart.hedeleg;
	case CSR_HIDELEG: return &hart.hideleg;
	case CSR_HCOUNTEREN: return &hart.hcounteren;
	case CSR_HGEIE: return &hart.hgeie;
	case CSR_HENVCFG: return &hart.henvcfg;
	case CSR_HTVAL: return &hart.htval;
	case CSR_HTINST: return &hart.htinst;
	case CSR_HGATP: return &hart.hgatp;
	case CSR_HTIMEDELTA: return &hart.htimedelta;
	case CSR_VSSTATUS: return &hart.vsstatus;
	case CSR_VSTVEC: return &hart.vstvec;
	case CSR_VSSCRATCH: return &hart.vsscratch;
	case CSR_VSEPC: return &hart.vsepc;
	case CSR_VSCAUSE: return &hart.vscause;
	case CSR_VSTVAL: return &hart.vstval;
	case CSR_VSATP: return &hart.vsatp;
	case CSR_VSTIMECMP: return &hart.vstimecmp;
	case CSR_MCYCLE: return &hart.mhpmcounter[0];
	case CSR_MINSTRET: return &hart.mhpmcounter[2];
	default:
		break;
	}
	if (in(csr, CSR_PMPCFG0, CSR_PMPCFG14) && !(csr & 1))
		return &hart.pmpcfg[(csr - CSR_PMPCFG0) / 2];
	if (in(csr, CSR_PMPADDR0, CSR_PMPADDR63))
		return &hart.pmpaddr[csr - CSR_PMPADDR0];
	if (in(csr, CSR_MHPMCOUNTER3, CSR_MHPMCOUNTER3 + NB_HPM - 1))
		return &hart.mhpmcounter[csr - CSR_MCYCLE];
	if (in(csr, CSR_MHPMEVENT3, CSR_MHPMEVENT31))
		return &hart.mhpmevent[csr - CSR_MCOUNTINHIBIT];
	if (in(csr, CSR_TDATA1, CSR_TDATA3))
		return &hart.tdata[hart.tselect % HOST_NB_TRIGGERS]
				  [csr - CSR_TDATA1];
	return NULL;
}

uint64_t host_csr_get_raw(unsigned csr)
{
	uint64_t *p = slot(csr);

	if (!p)
		die("no raw storage", csr);
	return *p;
}

void host_csr_set_raw(unsigned csr, uint64_t value)
{
	uint64_t *p = slot(csr);

	if (!p)
		die("no raw storage", csr);
	*p = value;
}

/* ---- reads ---- */

/*
 * SD is read-only: FS, VS or XS dirty (3.1.6.6); QEMU computes it. Never
 * taken from storage, which host_csr_set_raw may have filled with any bit.
 */
static uint64_t with_sd(uint64_t status)
{
	status &= ~MSTATUS_SD;
	if ((status & MSTATUS_FS) == MSTATUS_FS ||
	    (status & MSTATUS_VS) == MSTATUS_VS ||
	    (status & MSTATUS_XS) == MSTATUS_XS)
		status |= MSTATUS_SD;
	return status;
}

static uint64_t read_mip(void)
{
	return hart.mip | (hart.vstime_irq ? MIP_VSTIP : 0);
}

unsigned host_csr_nb_pmp(void)
{
	return nb_pmp;
}

/* mip as the hart sees it, whatever the privilege (priv.c's interrupt logic). */
uint64_t host_csr_mip(void)
{
	return read_mip();
}

static uint64_t hart_csr_read(unsigned csr)
{
	switch (csr) {
	case 0x001: return hart.fflags;
	case 0x002: return hart.frm;
	case 0x003: return hart.frm << 5 | hart.fflags;
	case CSR_TIME: return hart.time;
	case CSR_MVENDORID: return 0;
	case CSR_MARCHID: case CSR_MIMPID: return HOST_MARCHID;
	case CSR_MHARTID: return hart.hartid;
	case CSR_MCONFIGPTR: return 0;
	case CSR_MISA: return HOST_MISA;
	case CSR_MSTATUS: return with_sd(hart.mstatus);
	case CSR_MIP: return read_mip();
	case CSR_SSTATUS:
		return with_sd(hart.mstatus & (SSTATUS_VIEW | MSTATUS_UXL));
	case CSR_SIE: return hart.mie & hart.mideleg & S_INTS;
	case CSR_SIP: return read_mip() & hart.mideleg & S_INTS;
	case CSR_HSTATUS:
		return (hart.hstatus & ~(HSTATUS_VSXL | HSTATUS_VSBE)) |
		       XL_64 << 32;
	case CSR_HIE: return hart.mie & HS_INTS;
	case CSR_HIP: return read_mip() & HS_INTS;
	case CSR_HVIP: return hart.mip & VS_INTS;
	case CSR_HIDELEG: return hart.hideleg & VS_INTS;
	case CSR_HGEIP: return 0;
	/*
	 * VS bits are shown one position lower, as S bits. QEMU 7.2 masks
	 * the vsip result with its writable set, so only VSSIP shows there.
	 */
	case CSR_VSIE: return (hart.mie & hart.hideleg & VS_INTS) >> 1;
	case CSR_VSIP: return (read_mip() & hart.hideleg & MIP_VSSIP) >> 1;
	case CSR_TINFO: return BIT(2) | BIT(6); /* mcontrol, mcontrol6 */
	default:
		break;
	}
	if (in(csr, CSR_CYCLE, CSR_HPMCOUNTER3 + NB_HPM - 1))
		return hart.mhpmcounter[csr - CSR_CYCLE];
	return *slot(csr);
}

/* ---- writes (QEMU 7.2 legalization) ---- */

/*
 * mstatus (3.1.6): the writable fields of 3.1.6.1 (xIE, xPIE, xPP), 3.1.6.3
 * (MPRV, SUM, MXR), 3.1.6.5 (TVM, TW, TSR), 3.1.6.6 (FS, VS; XS and SD
 * read-only) and H's MPV/GVA (8.2). UBE/SBE/MBE (3.1.6.4) are not
 * stored: the model is little-endian only (csr-fuzz never sets MBE, so
 * this choice is not cross-checked against QEMU).
 */
static void write_mstatus(uint64_t v)
{
	uint64_t mask = MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_MIE |
			MSTATUS_MPIE | MSTATUS_SPP | MSTATUS_MPRV |
			MSTATUS_SUM | MSTATUS_MPP | MSTATUS_MXR | MSTATUS_TVM |
			MSTATUS_TSR | MSTATUS_TW | MSTATUS_VS | MSTATUS_FS |
			MSTATUS_MPV | MSTATUS_GVA;

	/*
	 * QEMU 7.2 keeps any MPP value, reserved 2 included, and takes UXL
	 * only when the written UXL is non-zero; SXL is read-only 64-bit.
	 */
	if (v & MSTATUS_UXL)
		mask |= MSTATUS_UXL;
	hart.mstatus = (hart.mstatus & ~mask) | (v & mask);
	hart.mstatus = (hart.mstatus & ~MSTATUS_SXL) | XL_64 << 34;
}

/*
 * mtvec/stvec (3.1.7, 4.1.2; WARL): modes >= 2 are reserved. What a
 * write of one leaves is the implementation's choice: QEMU 7.2 drops the
 * whole write (BASE too).
 */
static void write_tvec(uint64_t *reg, uint64_t v)
{
	if ((v & MTVEC_MODE_MASK) < 2)
		*reg = v;
}

/*
 * satp (4.1.11): "writes with an unsupported MODE ... the entire write has
 * no effect". QEMU 7.2 supports Bare, Sv39, Sv48, Sv57.
 */
static void write_satp(uint64_t v)
{
	uint64_t mode = v >> SATP_MODE_SHIFT;

	if (mode == 0 || mode == 8 || mode == 9 || mode == 10)
		hart.satp = v;
}

/*
 * PMP CSRs (3.7.1, "Locking and Privilege Mode"): a locked entry
 * ignores writes to its pmpcfg byte and pmpaddr, and a locked TOR entry
 * also freezes the pmpaddr below it. QEMU 7.2 stores every other byte and
 * address as written: no W-without-R fix-up (R=0/W=1 is reserved: the
 * spec leaves what is stored open), no masking of pmpaddr bits 63:54
 * (the spec makes them WARL zero: a QEMU 7.2 deviation csr-fuzz avoids).
 * The grain is 4 bytes (G = 0). Entries beyond nb_pmp are read-only zero.
 * Matching: priv.c host_pmp_allows.
 */
static uint8_t pmp_cfg(unsigned i)
{
	return (uint8_t)(hart.pmpcfg[i / 8] >> (8 * (i % 8)));
}

static void write_pmpcfg(unsigned reg, uint64_t v)
{
	for (unsigned b = 0; b < 8; b++) {
		unsigned i = reg * 8 + b;
		uint64_t byte_mask = 0xffULL << (8 * b);

		if (i >= nb_pmp || (pmp_cfg(i) & PMP_L))
			continue;
		hart.pmpcfg[reg] = (hart.pmpcfg[reg] & ~byte_mask) |
				   (v & byte_mask);
	}
}

/*
 * mseccfg as QEMU 7.2 with x-epmp=true (target/riscv/pmp.c): every bit is
 * stored, MML and MMWP stay set, and RLB cannot go from 0 to 1 while an
 * entry is locked.
 */
static void write_mseccfg(uint64_t v)
{
	if (!(hart.mseccfg & MSECCFG_RLB))
		for (unsigned i = 0; i < nb_pmp; i++)
			if (pmp_cfg(i) & PMP_L)
				v &= ~MSECCFG_RLB;
	hart.mseccfg = v | (hart.mseccfg & (MSECCFG_MML | MSECCFG_MMWP));
}

static void write_pmpaddr(unsigned i, uint64_t v)
{
	if (i >= nb_pmp)
		return;
	if (i + 1 < nb_pmp && (pmp_cfg(i + 1) & PMP_L) &&
	    (pmp_cfg(i + 1) & PMP_A) == PMP_A_TOR)
		return;
	if (pmp_cfg(i) & PMP_L)
		return;
	hart.pmpaddr[i] = v;
}

/*
 * Debug triggers (Sdtrig as QEMU 7.2 implements it, target/riscv/debug.c):
 * tdata1 accepts only type 2 (mcontrol) or 6 (mcontrol6) writes, keeping
 * the type, the mode/access bits and a supported size; dmode and the
 * unimplemented fields read as zero. Other types are ignored. tdata2 holds
 * the compare value; tdata3 ignores writes.
 */
static bool trig_size_ok(uint64_t size)
{
	return size <= 3 || size == 5;	/* any, 1, 2, 4 or 8 bytes */
}

static void write_tdata(unsigned idx, uint64_t v)
{
	uint64_t *t = hart.tdata[hart.tselect % HOST_NB_TRIGGERS];
	uint64_t type = v >> 60, keep = 0x5f;	/* M, S, U, exec, store, load */
	uint64_t size_bits;

	if (idx == 1) {
		t[1] = v;
		return;
	}
	if (idx == 2)
		return;
	if (type == 2) {
		size_bits = v & (3ULL << 16 | 3ULL << 21);
		if (!trig_size_ok((v >> 21 & 3) << 2 | (v >> 16 & 3)))
			size_bits = 0;
	} else if (type == 6) {
		keep |= BIT(23) | BIT(24);	/* VU, VS */
		size_bits = v & (0xfULL << 16);
		if (!trig_size_ok(v >> 16 & 0xf))
			size_bits = 0;
	} else {
		return;
	}
	t[0] = type << 60 | size_bits | (v & keep);
}

static void hart_csr_write(unsigned csr, uint64_t v)
{
	uint64_t *p;

	switch (csr) {
	case 0x001:
		hart.fflags = v & 0x1f;
		hart.mstatus |= FS_DIRTY;
		return;
	case 0x002:
		hart.frm = v & 7;
		hart.mstatus |= FS_DIRTY;
		return;
	case 0x003:
		hart.fflags = v & 0x1f;
		hart.frm = (v >> 5) & 7;
		hart.mstatus |= FS_DIRTY;
		return;
	case CSR_MISA:
		return; /* QEMU 7.2 does not set RISCV_FEATURE_MISA: read-only */
	case CSR_MSTATUS:
		write_mstatus(v);
		return;
	case CSR_SSTATUS: {
		uint64_t mask = SSTATUS_VIEW;

		if (v & MSTATUS_UXL)
			mask |= MSTATUS_UXL;
		write_mstatus((hart.mstatus & ~mask) | (v & mask));
		return;
	}
	case CSR_MEDELEG:
		hart.medeleg = v & DELEGABLE_EXCPS;
		return;
	case CSR_HEDELEG:
		hart.hedeleg = v & VS_DELEGABLE_EXCPS;
		return;
	case CSR_MTVEC:
		write_tvec(&hart.mtvec, v);
		return;
	case CSR_STVEC:
		write_tvec(&hart.stvec, v);
		return;
	case CSR_MENVCFG:
		hart.menvcfg = v & ENVCFG_ALL;
		return;
	case CSR_MSECCFG:
		write_mseccfg(v);
		return;
	case CSR_HENVCFG:
		hart.henvcfg = v & ENVCFG_ALL;
		return;
	case CSR_SENVCFG:
		hart.senvcfg = v & ENVCFG_LOW;
		return;
	case CSR_SATP:
		write_satp(v);
		return;
	case CSR_STIMECMP:
		hart.stimecmp = v;
		update_stip();
		return;
	case CSR_VSTIMECMP:
		hart.vstimecmp = v;
		update_vstip();
		return;
	case CSR_HGEIE:
		/* GEILEN is 0 without AIA: nothing sticks; SGEIP follows. */
		hart.hgeie = 0;
		hart.mip &= ~MIP_SGEIP;
		return;
	case CSR_HTINST:
		return; /* QEMU 7.2 ignores htinst writes */
	case CSR_VSSTATUS:
		/* All bits, but a zero UXL keeps the old UXL. */
		if (!(v & MSTATUS_UXL))
			v |= hart.vsstatus & MSTATUS_UXL;
		hart.vsstatus = v;
		return;
	case CSR_TSELECT:
		if (v < HOST_NB_TRIGGERS)
			hart.tselect = v;
		return;
	case CSR_TINFO:
		return;
	case CSR_TDATA1:
	case CSR_TDATA2:
	case CSR_TDATA3:
		write_tdata(csr - CSR_TDATA1, v);
		return;
	default:
		break;
	}
	if (in(csr, CSR_PMPCFG0, CSR_PMPCFG14)) {
		write_pmpcfg((csr - CSR_PMPCFG0) / 2, v);
		return;
	}
	if (in(csr, CSR_PMPADDR0, CSR_PMPADDR63)) {
		write_pmpaddr(csr - CSR_PMPADDR0, v);
		return;
	}
	p = slot(csr);
	if (!p)
		die("write to a CSR without storage", csr);
	*p = v;
}

/*
 * mip/mie (3.1.9), sip/sie (4.1.3), hip/hie/hvip/vsip/vsie (8.2): the
 * interrupt registers take the write mask directly (QEMU rmw_* handlers),
 * so bits the read shows but does not store are never written back. mip:
 * only the S/VS bits are writable (MEIP/MTIP/MSIP come from the platform);
 * with menvcfg.STCE, STIP/VSTIP follow the Sstc comparators instead.
 */
static void rmw_mie(uint64_t v, uint64_t wmask)
{
	uint64_t mask = wmask & ALL_INTS;

	hart.mie = (hart.mie & ~mask) | (v & mask);
}

static void rmw_mip(uint64_t v, uint64_t wmask)
{
	uint64_t mask = wmask & DELEGABLE_INTS;

	/* Sstc: with menvcfg.STCE, STIP/VSTIP come from the comparators. */
	if (hart.menvcfg & MENVCFG_STCE)
		mask &= ~(MIP_STIP | MIP_VSTIP);
	hart.mip = (hart.mip & ~mask) | (v & mask);
}

/* VS bits appear one position lower in vsie/vsip: move them back up. */
static uint64_t vs_up(uint64_t v)
{
	uint64_t vs = v & (VS_INTS >> 1);

	return (v & ~(VS_INTS >> 1)) | vs << 1;
}

/* Returns true when csr is one of the rmw-style registers. */
static bool write_rmw(unsigned csr, uint64_t v, uint64_t wmask)
{
	switch (csr) {
	case CSR_MIDELEG: {
		uint64_t mask = wmask & DELEGABLE_INTS;

		hart.mideleg = (hart.mideleg & ~mask) | (v & mask);
		/* H: VS interrupts and SGEI are always delegated (read-only 1, see reset). */
		hart.mideleg |= HS_INTS;
		return true;
	}
	case CSR_MIE:
		rmw_mie(v, wmask);
		return true;
	case CSR_MIP:
		rmw_mip(v, wmask);
		return true;
	case CSR_SIE:
		rmw_mie(v, wmask & hart.mideleg & S_INTS);
		return true;
	case CSR_SIP:
		rmw_mip(v, wmask & hart.mideleg & SIP_WRITABLE);
		return true;
	case CSR_HIDELEG: {
		uint64_t mask = wmask & VS_INTS;

		hart.hideleg = (hart.hideleg & ~mask) | (v & mask);
		return true;
	}
	case CSR_HVIP:
		rmw_mip(v, wmask & VS_INTS);
		return true;
	case CSR_HIP:
		rmw_mip(v, wmask & MIP_VSSIP);
		return true;
	case CSR_HIE:
		rmw_mie(v, wmask & HS_INTS);
		return true;
	case CSR_VSIE:
		rmw_mie(vs_up(v), vs_up(wmask) & hart.hideleg & VS_INTS);
		return true;
	case CSR_VSIP:
		rmw_mip(vs_up(v), vs_up(wmask) & hart.hideleg & MIP_VSSIP);
		return true;
	default:
		return false;
	}
}

int host_csr_rmw(unsigned csr, uint64_t *old, uint64_t v, uint64_t wmask)
{
	uint64_t cur;

	if (csr > 0xfff || !host_csr_exists(csr))
		return CAUSE_ILLEGAL_INSTRUCTION;
	if (wmask && (csr >> 10) == 3)
		return CAUSE_ILLEGAL_INSTRUCTION;
	/* 2.1: bits 9:8 give the lowest privilege that may access the CSR. */
	if (((csr >> 8) & 3) > host_priv())
		return CAUSE_ILLEGAL_INSTRUCTION;
	/* 3.1.6.5: with TVM, satp is illegal in S-mode. */
	if (csr == CSR_SATP && host_priv() == PRV_S &&
	    (hart.mstatus & MSTATUS_TVM))
		return CAUSE_ILLEGAL_INSTRUCTION;
	cur = hart_csr_read(csr);
	if (old)
		*old = cur;
	if (wmask && !write_rmw(csr, v, wmask))
		hart_csr_write(csr, (cur & ~wmask) | (v & wmask));
	return 0;
}

/* The csr_*() entry points: record what would have trapped. */
static uint64_t access(unsigned csr, uint64_t v, uint64_t wmask)
{
	uint64_t old = 0;

	if (host_csr_rmw(csr, &old, v, wmask)) {
		illegal_count++;
		last_illegal = csr;
		return 0;
	}
	return old;
}

uint64_t host_csr_read(unsigned csr)
{
	return access(csr, 0, 0);
}

void host_csr_write(unsigned csr, uint64_t value)
{
	(void)access(csr, value, ~0ULL);
}

uint64_t host_csr_set(unsigned csr, uint64_t bits)
{
	return access(csr, bits, bits);
}

uint64_t host_csr_clear(unsigned csr, uint64_t bits)
{
	return access(csr, 0, bits);
}

uint64_t host_csr_swap(unsigned csr, uint64_t value)
{
	return access(csr, value, ~0ULL);
}
