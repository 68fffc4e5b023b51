/*
 * Smepmp v1.0 in the virtual PMP (src/pmp/pmp.c): mseccfg's sticky MML and
 * MMWP, RLB, the MML rule table as the physical entries of each world, and
 * the pmpcfg writes MML refuses. The host hart has no mseccfg, so each test
 * gives the probed capabilities one (as hw_detect does on a Smepmp hart).
 */
#include <miralis/device.h>
#include <miralis/pmp.h>
#include <miralis/riscv/encoding.h>
#include <miralis/vcsr.h>
#include <miralis/virt.h>

#include "check.h"
#include "host.h"
#include "vhart.h"

#define RWX (PMP_R | PMP_W | PMP_X)
#define PAGE_ADDR ((0x80800000ULL >> 2) | 0x1ff)	/* NAPOT 4 KiB */

static const struct vdevice *const qemu_devices[] = { &vdev_clint, &vdev_tester, &vdev_finisher };

static void boot_smepmp(struct vhart *h)
{
	host_set_devices(qemu_devices, 3);
	CHECK_EQ(vhart_boot(h, 0), 0);
	h->hw.has_smepmp = true;
	h->hw.csr[HW_mseccfg].present = true;
	h->hw.csr[HW_mseccfg].wmask = MSECCFG_MML | MSECCFG_MMWP | MSECCFG_RLB;
}

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

TEST(smepmp_mml_and_mmwp_are_sticky)
{
	struct vhart h;

	boot_smepmp(&h);
	vwrite(&h.ctx, CSR_MSECCFG, MSECCFG_MMWP);
	vwrite(&h.ctx, CSR_MSECCFG, 0);
	CHECK_EQ(vread(&h.ctx, CSR_MSECCFG), MSECCFG_MMWP);
	vwrite(&h.ctx, CSR_MSECCFG, MSECCFG_MML);
	vwrite(&h.ctx, CSR_MSECCFG, 0);
	CHECK_EQ(vread(&h.ctx, CSR_MSECCFG), MSECCFG_MML | MSECCFG_MMWP);
	CHECK(h.ctx.pmp_dirty);
}

TEST(smepmp_rlb_unlocks_entries_until_cleared_with_one_locked)
{
	struct vhart h;

	boot_smepmp(&h);
	vwrite(&h.ctx, CSR_MSECCFG, MSECCFG_RLB);
	vwrite(&h.ctx, CSR_PMPADDR0, PAGE_ADDR);
	vwrite(&h.ctx, CSR_PMPCFG0, PMP_L | PMP_A_NAPOT | PMP_R);
	/* RLB = 1: the locked entry and its address still take writes */
	vwrite(&h.ctx, CSR_PMPCFG0, PMP_L | PMP_A_NAPOT | RWX);
	vwrite(&h.ctx, CSR_PMPADDR0, PAGE_ADDR + 0x400);
	CHECK_EQ(vread(&h.ctx, CSR_PMPCFG0), PMP_L | PMP_A_NAPOT | RWX);
	CHECK_EQ(vread(&h.ctx, CSR_PMPADDR0), PAGE_ADDR + 0x400);
	/* cleared with an entry locked: cannot be set again, the entry is locked */
	vwrite(&h.ctx, CSR_MSECCFG, 0);
	vwrite(&h.ctx, CSR_MSECCFG, MSECCFG_RLB);
	CHECK_EQ(vread(&h.ctx, CSR_MSECCFG), 0);
	vwrite(&h.ctx, CSR_PMPCFG0, PMP_A_NAPOT | PMP_R);
	CHECK_EQ(vread(&h.ctx, CSR_PMPCFG0), PMP_L | PMP_A_NAPOT | RWX);
}

TEST(smepmp_mml_refuses_new_executable_m_only_or_locked_shared_rules)
{
	static const struct {
		uint8_t lrwx;	/* cfg bits L, R, W, X */
		bool taken;
	} cases[] = {
		{ PMP_L | PMP_X, false },			/* 1001 M X */
		{ PMP_L | PMP_W, false },			/* 1010 shared code */
		{ PMP_L | PMP_W | PMP_X, false },		/* 1011 shared code */
		{ PMP_L | PMP_R | PMP_X, false },		/* 1101 M RX */
		{ PMP_L | RWX, true },				/* 1111 shared R */
		{ PMP_L | PMP_R, true },			/* 1100 M R */
		{ PMP_L | PMP_R | PMP_W, true },		/* 1110 M RW */
		{ PMP_R | PMP_X, true },			/* 0101 S/U RX */
		{ PMP_W | PMP_X, true },			/* 0011 shared RW */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct vhart h;
		uint64_t want = cases[i].taken ? (uint64_t)(PMP_A_NAPOT | cases[i].lrwx) : 0;

		boot_smepmp(&h);
		vwrite(&h.ctx, CSR_MSECCFG, MSECCFG_MML);
		vwrite(&h.ctx, CSR_PMPADDR0, PAGE_ADDR);
		vwrite(&h.ctx, CSR_PMPCFG0, PMP_A_NAPOT | cases[i].lrwx);
		CHECK_EQ(vread(&h.ctx, CSR_PMPCFG0), want);
		/* with RLB set first, every rule may be added */
		host_reset();
		boot_smepmp(&h);
		vwrite(&h.ctx, CSR_MSECCFG, MSECCFG_RLB);
		vwrite(&h.ctx, CSR_MSECCFG, MSECCFG_MML | MSECCFG_RLB);
		vwrite(&h.ctx, CSR_PMPADDR0, PAGE_ADDR);
		vwrite(&h.ctx, CSR_PMPCFG0, PMP_A_NAPOT | cases[i].lrwx);
		CHECK_EQ(vread(&h.ctx, CSR_PMPCFG0), PMP_A_NAPOT | cases[i].lrwx);
		host_reset();
	}
}

/*
 * Smepmp table 2.1 (L R W X -> M-mode, S/U-mode), as the physical entry
 * of the firmware world (vM-mode) and of the payload world (S/U).
 */
TEST(smepmp_mml_rule_table_in_both_worlds)
{
	static const uint8_t m[16] = {
		0, 0, PMP_R | PMP_W, PMP_R | PMP_W, 0, 0, 0, 0,
		0, PMP_X, PMP_X, PMP_R | PMP_X, PMP_R, PMP_R | PMP_X, PMP_R | PMP_W, PMP_R,
	};
	static const uint8_t su[16] = {
		0, PMP_X, PMP_R, PMP_R | PMP_W, PMP_R, PMP_R | PMP_X, PMP_R | PMP_W, RWX,
		0, 0, PMP_X, PMP_X, 0, 0, 0, PMP_R,
	};

	for (unsigned op = 0; op < 16; op++) {
		struct vhart h;
		struct pmp_state *p = &h.pmp;
		uint8_t cfg = (uint8_t)((op & 8 ? PMP_L : 0) | (op & 4 ? PMP_R : 0) |
					(op & 2 ? PMP_W : 0) | (op & 1 ? PMP_X : 0));

		boot_smepmp(&h);
		vwrite(&h.ctx, CSR_PMPADDR0, PAGE_ADDR);
		vwrite(&h.ctx, CSR_PMPCFG0, PMP_A_NAPOT | cfg);	/* before MML: any rule */
		vwrite(&h.ctx, CSR_MSECCFG, MSECCFG_MML);
		CHECK_EQ(vread(&h.ctx, CSR_PMPCFG0), PMP_A_NAPOT | cfg);
		pmp_load_firmware_world(p, &h.ctx);
		CHECK_EQ(p->cfg[p->voff], PMP_A_NAPOT | m[op]);
		/* no match under MML: M may read and write, not execute */
		CHECK_EQ(p->cfg[p->nb_pmp - 1], PMP_A_NAPOT | PMP_R | PMP_W);
		pmp_load_payload_world(p, &h.ctx);
		CHECK_EQ(p->cfg[p->voff], PMP_A_NAPOT | su[op]);
		CHECK_EQ(p->cfg[p->nb_pmp - 1], PMP_A_NAPOT);
		host_reset();
	}
}

TEST(smepmp_mmwp_denies_m_mode_what_no_entry_matches)
{
	struct vhart h;
	struct pmp_state *p = &h.pmp;

	boot_smepmp(&h);
	pmp_load_firmware_world(p, &h.ctx);
	CHECK_EQ(p->cfg[p->nb_pmp - 1], PMP_A_NAPOT | RWX);
	vwrite(&h.ctx, CSR_MSECCFG, MSECCFG_MMWP);
	pmp_load_firmware_world(p, &h.ctx);
	CHECK_EQ(p->cfg[p->nb_pmp - 1], PMP_A_NAPOT);
	/* without MML an unlocked entry still grants M everything */
	vwrite(&h.ctx, CSR_PMPADDR0, PAGE_ADDR);
	vwrite(&h.ctx, CSR_PMPCFG0, PMP_A_NAPOT);
	pmp_load_firmware_world(p, &h.ctx);
	CHECK_EQ(p->cfg[p->voff], PMP_A_NAPOT | RWX);
}

/* Without MML, an entry locked for M-mode is still what S/U get (3.7.1). */
TEST(smepmp_without_mml_locked_entries_apply_to_both_worlds)
{
	struct vhart h;
	struct pmp_state *p = &h.pmp;

	boot_smepmp(&h);
	vwrite(&h.ctx, CSR_PMPADDR0, PAGE_ADDR);
	vwrite(&h.ctx, CSR_PMPCFG0, PMP_L | PMP_A_NAPOT | PMP_R);
	pmp_load_firmware_world(p, &h.ctx);
	CHECK_EQ(p->cfg[p->voff], PMP_A_NAPOT | PMP_R);
	pmp_load_payload_world(p, &h.ctx);
	CHECK_EQ(p->cfg[p->voff], PMP_A_NAPOT | PMP_R);
}
