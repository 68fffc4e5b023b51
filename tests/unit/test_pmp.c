/*
 * The physical PMP layout (include/miralis/pmp.h, docs/pmp.md), the two
 * world views of the firmware's virtual entries, vMPRV emulation and the
 * commit to the hardware, read back from the software hart (16 entries,
 * grain 0).
 */
#include <string.h>

#include <miralis/arch.h>
#include <miralis/device.h>
#include <miralis/pmp.h>
#include <miralis/riscv/encoding.h>
#include <miralis/vcsr.h>
#include <miralis/virt.h>

#include "check.h"
#include "host.h"
#include "vhart.h"

#define NAPOT (PMP_A_NAPOT)
#define RWX (PMP_R | PMP_W | PMP_X)
#define ALL_MEMORY 0x003fffffffffffffULL

static const struct vdevice *const qemu_devices[] = { &vdev_clint, &vdev_tester, &vdev_finisher };

static uint64_t napot(uint64_t base, uint64_t size)
{
	return (base >> 2) | ((size - 1) >> 3);
}

/* Boot with the QEMU virt devices: entries 1..3 are theirs. */
static void boot_virt(struct vhart *h, unsigned max_virt)
{
	host_set_devices(qemu_devices, 3);
	CHECK_EQ(vhart_boot_n(h, 0, max_virt), 0);
}

static void vwrite(struct vctx *c, unsigned csr, uint64_t v)
{
	CHECK_EQ(vcsr_write(c, csr, v), 0);
}

TEST(pmp_layout_on_a_16_entry_hart)
{
	struct vhart h;
	struct pmp_state *p = &h.pmp;

	boot_virt(&h, 8);
	CHECK_EQ(h.hw.nb_pmp, 16);
	CHECK_EQ(p->nb_pmp, 16);
	/* 0: the monitor, no access */
	CHECK_EQ(p->cfg[0], NAPOT);
	CHECK_EQ(p->addr[0], napot(VHART_MON_BASE, VHART_MON_SIZE));
	CHECK_EQ(p->addr[0], 0x2003ffff);
	/* 1..3: one no-access entry per device */
	for (unsigned d = 0; d < 3; d++) {
		CHECK_EQ(p->cfg[1 + d], NAPOT);
		CHECK_EQ(p->addr[1 + d], napot(qemu_devices[d]->base, qemu_devices[d]->size));
	}
	/* no module entries: MPRV slot at 4, null entry at 5, virtual from 6 */
	CHECK_EQ(p->module_off, 4);
	CHECK_EQ(p->mprv, 4);
	CHECK_EQ(p->voff, 6);
	CHECK_EQ(p->cfg[4], 0);
	CHECK_EQ(p->cfg[5], 0);
	CHECK_EQ(p->addr[5], 0);
	/* 16 - 7 fixed = 9 free, capped by max_pmp */
	CHECK_EQ(p->nb_virt, 8);
	CHECK_EQ(h.ctx.nb_pmp, 8);
	for (unsigned i = 6; i < 15; i++)
		CHECK_EQ(p->cfg[i], 0);
	/* last: all memory */
	CHECK_EQ(p->cfg[15], NAPOT | RWX);
	CHECK_EQ(p->addr[15], ALL_MEMORY);
}

TEST(pmp_layout_makes_room_for_modules_and_every_free_entry)
{
	struct pmp_state p;
	struct hw_caps hw;

	host_set_devices(qemu_devices, 3);
	hw_detect(&hw);
	CHECK_EQ(pmp_init(&p, &hw, VHART_MON_BASE, VHART_MON_SIZE, 0, 64), 0);
	CHECK_EQ(p.nb_virt, 9);
	CHECK_EQ(pmp_init(&p, &hw, VHART_MON_BASE, VHART_MON_SIZE, 2, 64), 0);
	CHECK_EQ(p.module_off, 4);
	CHECK_EQ(p.mprv, 6);
	CHECK_EQ(p.voff, 8);
	CHECK_EQ(p.nb_virt, 7);
	CHECK_EQ(p.cfg[4], 0);
	CHECK_EQ(p.cfg[5], 0);
	CHECK_EQ(pmp_init(&p, &hw, VHART_MON_BASE, VHART_MON_SIZE, 0, 0), 0);
	CHECK_EQ(p.nb_virt, 0);
}

TEST(pmp_init_refuses_a_hart_with_too_few_entries)
{
	struct pmp_state p;
	struct hw_caps hw;

	host_set_devices(qemu_devices, 3);
	hw_detect(&hw);
	/* monitor + 3 devices + MPRV + null + last = 7 */
	hw.nb_pmp = 7;
	CHECK_EQ(pmp_init(&p, &hw, VHART_MON_BASE, VHART_MON_SIZE, 0, 8), 0);
	CHECK_EQ(p.nb_virt, 0);
	CHECK_EQ(p.cfg[6], NAPOT | RWX);
	hw.nb_pmp = 6;
	CHECK_EQ(pmp_init(&p, &hw, VHART_MON_BASE, VHART_MON_SIZE, 0, 8), -1);
	hw.nb_pmp = 0;
	CHECK_EQ(pmp_init(&p, &hw, VHART_MON_BASE, VHART_MON_SIZE, 0, 8), -1);
	hw.nb_pmp = 8;
	CHECK_EQ(pmp_init(&p, &hw, VHART_MON_BASE, VHART_MON_SIZE, 2, 8), -1);
}

/* Virtual entries 0..4: what the firmware configured. */
static void configure_vpmp(struct vctx *c)
{
	vwrite(c, CSR_PMPADDR0 + 0, 0x80400000 >> 2);
	vwrite(c, CSR_PMPADDR0 + 2, napot(0x80800000, 0x1000));
	vwrite(c, CSR_PMPADDR0 + 3, napot(0x80900000, 0x1000));
	vwrite(c, CSR_PMPADDR0 + 4, 0x80a00000 >> 2);
	vwrite(c, CSR_PMPCFG0,
	       (uint64_t)(PMP_A_TOR | PMP_R) << 0 |			/* 0 TOR R */
	       (uint64_t)0 << 8 |					/* 1 OFF */
	       (uint64_t)(PMP_L | PMP_A_NAPOT | PMP_R) << 16 |		/* 2 locked NAPOT R */
	       (uint64_t)(0x60 | PMP_A_NAPOT | PMP_X) << 24 |		/* 3 reserved bits set */
	       (uint64_t)(PMP_L | PMP_A_TOR) << 32);			/* 4 locked TOR, no perms */
}

TEST(pmp_firmware_world_grants_unlocked_and_enforces_locked_entries)
{
	struct vhart h;
	struct pmp_state *p = &h.pmp;
	const unsigned v = 6;

	boot_virt(&h, 8);
	configure_vpmp(&h.ctx);
	pmp_load_firmware_world(p, &h.ctx);
	/* M-mode ignores unlocked entries: a match grants everything */
	CHECK_EQ(p->cfg[v + 0], PMP_A_TOR | RWX);
	CHECK_EQ(p->addr[v + 0], 0x80400000 >> 2);
	CHECK_EQ(p->cfg[v + 1], 0);
	/* locked entries bind M-mode: as configured, L never set physically */
	CHECK_EQ(p->cfg[v + 2], PMP_A_NAPOT | PMP_R);
	CHECK_EQ(p->addr[v + 2], napot(0x80800000, 0x1000));
	CHECK_EQ(p->cfg[v + 3], PMP_A_NAPOT | RWX);
	CHECK_EQ(p->cfg[v + 4], PMP_A_TOR);
	CHECK_EQ(p->addr[v + 4], 0x80a00000 >> 2);
	/* the TOR base of virtual entry 0 is the null entry */
	CHECK_EQ(p->cfg[v - 1], 0);
	CHECK_EQ(p->addr[v - 1], 0);
	CHECK_EQ(p->cfg[p->mprv], 0);
	CHECK_EQ(p->cfg[15], NAPOT | RWX);
	CHECK_EQ(p->addr[15], ALL_MEMORY);
	/* the monitor and its devices stay first and closed */
	for (unsigned i = 0; i < 4; i++)
		CHECK_EQ(p->cfg[i] & (RWX | PMP_L), 0);
}

TEST(pmp_payload_world_applies_entries_as_configured_and_denies_the_rest)
{
	struct vhart h;
	struct pmp_state *p = &h.pmp;
	const unsigned v = 6;

	boot_virt(&h, 8);
	configure_vpmp(&h.ctx);
	vwrite(&h.ctx, CSR_MSTATUS, MSTATUS_MPRV | 1ULL << MSTATUS_MPP_SHIFT);
	pmp_load_payload_world(p, &h.ctx);
	CHECK_EQ(p->cfg[v + 0], PMP_A_TOR | PMP_R);
	CHECK_EQ(p->cfg[v + 1], 0);
	CHECK_EQ(p->cfg[v + 2], PMP_A_NAPOT | PMP_R);
	CHECK_EQ(p->cfg[v + 3], PMP_A_NAPOT | PMP_X);
	CHECK_EQ(p->cfg[v + 4], PMP_A_TOR);
	/* no MPRV trap in the payload world, no match means no access */
	CHECK_EQ(p->cfg[p->mprv], 0);
	CHECK_EQ(p->cfg[15], NAPOT);
	CHECK_EQ(p->addr[15], ALL_MEMORY);
	/* switching back restores the firmware's view */
	pmp_load_firmware_world(p, &h.ctx);
	CHECK_EQ(p->cfg[v + 0], PMP_A_TOR | RWX);
	CHECK_EQ(p->cfg[15], NAPOT | RWX);
}

TEST(pmp_payload_world_without_virtual_entries_is_open)
{
	struct vhart h;

	boot_virt(&h, 0);
	CHECK_EQ(h.ctx.nb_pmp, 0);
	pmp_load_payload_world(&h.pmp, &h.ctx);
	CHECK_EQ(h.pmp.cfg[15], NAPOT | RWX);
	CHECK_EQ(h.pmp.cfg[0], NAPOT);
}

TEST(pmp_vmprv_below_m_makes_firmware_data_accesses_trap)
{
	struct vhart h;
	struct pmp_state *p = &h.pmp;

	boot_virt(&h, 8);
	/* MPRV with MPP = S, then U: the slot covers everything, execute only */
	for (uint64_t mpp = 0; mpp < 2; mpp++) {
		vwrite(&h.ctx, CSR_MSTATUS, MSTATUS_MPRV | mpp << MSTATUS_MPP_SHIFT);
		pmp_load_firmware_world(p, &h.ctx);
		CHECK_EQ(p->mprv, 4);
		CHECK_EQ(p->cfg[4], NAPOT | PMP_X);
		CHECK_EQ(p->addr[4], ALL_MEMORY);
	}
	/* MPP = M: MPRV changes nothing */
	vwrite(&h.ctx, CSR_MSTATUS, MSTATUS_MPRV | 3ULL << MSTATUS_MPP_SHIFT);
	pmp_load_firmware_world(p, &h.ctx);
	CHECK_EQ(p->cfg[4], 0);
	/* MPRV clear */
	vwrite(&h.ctx, CSR_MSTATUS, 1ULL << MSTATUS_MPP_SHIFT);
	pmp_load_firmware_world(p, &h.ctx);
	CHECK_EQ(p->cfg[4], 0);
	/* the monitor's own entry is never the one used (the original's bug) */
	CHECK_EQ(p->cfg[0], NAPOT);
	CHECK_EQ(p->addr[0], napot(VHART_MON_BASE, VHART_MON_SIZE));
}

TEST(pmp_commit_writes_the_shadow_to_the_hart)
{
	struct vhart h;
	struct pmp_state *p = &h.pmp;
	unsigned fences;

	boot_virt(&h, 8);
	configure_vpmp(&h.ctx);
	vwrite(&h.ctx, CSR_MSTATUS, MSTATUS_MPRV);
	pmp_load_firmware_world(p, &h.ctx);
	fences = host_stats()->sfence_vma;
	pmp_commit(p);
	CHECK_EQ(host_stats()->sfence_vma, fences + 1);
	for (unsigned r = 0; r < 2; r++) {
		uint64_t want = 0;

		for (unsigned b = 0; b < 8; b++)
			want |= (uint64_t)p->cfg[8 * r + b] << (8 * b);
		CHECK_EQ(csr_read(CSR_PMPCFG0 + 2 * r), want);
	}
	/* spot checks of the packing: entry 0, the MPRV slot, a virtual one, the last */
	CHECK_EQ(csr_read(CSR_PMPCFG0) & 0xff, NAPOT);
	CHECK_EQ((csr_read(CSR_PMPCFG0) >> 32) & 0xff, NAPOT | PMP_X);
	CHECK_EQ((csr_read(CSR_PMPCFG0) >> 48) & 0xff, PMP_A_TOR | RWX);
	CHECK_EQ(csr_read(CSR_PMPCFG2) >> 56, NAPOT | RWX);
	for (unsigned i = 0; i < 16; i++)
		CHECK_EQ(csr_read(CSR_PMPADDR0 + i), p->addr[i]);
	CHECK_EQ(csr_read(CSR_PMPADDR0 + 8), napot(0x80800000, 0x1000));
	/* nothing physical is ever locked: the next world switch can rewrite it all */
	CHECK_EQ(csr_read(CSR_PMPCFG0) & 0x8080808080808080ULL, 0);
	CHECK_EQ(csr_read(CSR_PMPCFG2) & 0x8080808080808080ULL, 0);
	pmp_load_payload_world(p, &h.ctx);
	pmp_commit(p);
	CHECK_EQ((csr_read(CSR_PMPCFG0) >> 48) & 0xff, PMP_A_TOR | PMP_R);
	CHECK_EQ((csr_read(CSR_PMPCFG0) >> 32) & 0xff, 0);
	CHECK_EQ(csr_read(CSR_PMPCFG2) >> 56, NAPOT);
}

/* Only what differs from the last commit is written, and fenced (issue 9) */
TEST(pmp_commit_writes_only_what_changed)
{
	struct vhart h;
	struct pmp_state *p = &h.pmp;
	unsigned fences;

	boot_virt(&h, 8);
	configure_vpmp(&h.ctx);
	pmp_load_firmware_world(p, &h.ctx);
	pmp_commit(p);
	fences = host_stats()->sfence_vma;
	/* a register changed behind the shadow's back stays as it is: not rewritten */
	csr_write(CSR_PMPADDR0 + 9, 0x1234);
	pmp_commit(p);
	CHECK_EQ(host_stats()->sfence_vma, fences);
	CHECK_EQ(csr_read(CSR_PMPADDR0 + 9), 0x1234);
	/* one changed entry: its registers are written, then fenced */
	p->addr[9] = 0x5678;
	p->cfg[10] = (uint8_t)(p->cfg[10] ^ PMP_R);
	pmp_commit(p);
	CHECK_EQ(host_stats()->sfence_vma, fences + 1);
	CHECK_EQ(csr_read(CSR_PMPADDR0 + 9), 0x5678);
	CHECK_EQ((csr_read(CSR_PMPCFG2) >> 16) & 0xff, p->cfg[10]);
	/* a new layout (pmp_init) starts from a full commit */
	csr_write(CSR_PMPADDR0 + 9, 0x1234);
	boot_virt(&h, 8);
	pmp_commit(p);
	CHECK_EQ(csr_read(CSR_PMPADDR0 + 9), p->addr[9]);
}

static void check_hart_holds(const struct pmp_state *p)
{
	for (unsigned r = 0; r < 2; r++)
		CHECK_EQ(csr_read(CSR_PMPCFG0 + 2 * r), p->cfg_reg[r]);
	for (unsigned i = 0; i < 16; i++)
		CHECK_EQ(csr_read(CSR_PMPADDR0 + i), p->addr[i]);
}

/* The worlds' cached layouts: a switch writes what differs, learned once */
TEST(pmp_layouts_switch_with_the_registers_that_differ)
{
	struct vhart h;
	struct pmp_state *p = &h.pmp;
	uint8_t fw_cfg[16], pl_cfg[16];
	unsigned fences;

	boot_virt(&h, 8);
	configure_vpmp(&h.ctx);
	CHECK(!pmp_layout_commit(p, 1));	/* nothing cached yet */
	pmp_load_firmware_world(p, &h.ctx);
	pmp_commit(p);
	pmp_layout_save(p, 1);
	memcpy(fw_cfg, p->cfg, sizeof(fw_cfg));
	pmp_load_payload_world(p, &h.ctx);
	pmp_commit(p);
	pmp_layout_save(p, 0);
	memcpy(pl_cfg, p->cfg, sizeof(pl_cfg));
	CHECK(memcmp(fw_cfg, pl_cfg, sizeof(fw_cfg)) != 0);
	/* first switch: compared in full and learned; the shadow follows the hart */
	fences = host_stats()->sfence_vma;
	CHECK(pmp_layout_commit(p, 1));
	CHECK_EQ(host_stats()->sfence_vma, fences + 1);
	CHECK(memcmp(p->cfg, fw_cfg, sizeof(fw_cfg)) == 0);
	check_hart_holds(p);
	CHECK(pmp_layout_commit(p, 0));
	check_hart_holds(p);
	CHECK(memcmp(p->cfg, pl_cfg, sizeof(pl_cfg)) == 0);
	/* learned: a register outside the difference is not touched any more */
	csr_write(CSR_PMPADDR0 + 15, 0x1234);
	CHECK(pmp_layout_commit(p, 1));
	CHECK(memcmp(p->cfg, fw_cfg, sizeof(fw_cfg)) == 0);
	CHECK_EQ(csr_read(CSR_PMPCFG0), p->cfg_reg[0]);
	CHECK_EQ(csr_read(CSR_PMPCFG2), p->cfg_reg[1]);
	CHECK_EQ(csr_read(CSR_PMPADDR0 + 15), 0x1234);
	/* the same layout again: nothing written, no fence */
	fences = host_stats()->sfence_vma;
	CHECK(pmp_layout_commit(p, 1));
	CHECK_EQ(host_stats()->sfence_vma, fences);
	/* a virtual PMP write drops every cached layout */
	vwrite(&h.ctx, CSR_PMPADDR0 + 1, 0x20000000);
	CHECK(!pmp_layout_commit(p, 0));
	CHECK(!pmp_layout_commit(p, 1));
}

/* Priv. spec 3.7.1.1: with G >= 1 the low address bits read per mode. */
TEST(pmp_pmpaddr_reads_reflect_the_granule)
{
	struct vhart h;
	uint64_t v = 0;

	boot_virt(&h, 8);
	h.hw.pmp_grain = 2;	/* 16-byte granule */
	vwrite(&h.ctx, CSR_PMPADDR0, 0x1000);
	vwrite(&h.ctx, CSR_PMPADDR0 + 1, 0x1003);
	vwrite(&h.ctx, CSR_PMPCFG0, (uint64_t)PMP_A_NAPOT | (uint64_t)PMP_A_TOR << 8);
	CHECK_EQ(vcsr_read(&h.ctx, CSR_PMPADDR0, &v), 0);
	CHECK_EQ(v, 0x1001);	/* NAPOT: bit G-2..0 read one */
	CHECK_EQ(vcsr_read(&h.ctx, CSR_PMPADDR0 + 1, &v), 0);
	CHECK_EQ(v, 0x1000);	/* TOR: bits G-1..0 read zero */
	vwrite(&h.ctx, CSR_PMPCFG0, 0);
	CHECK_EQ(vcsr_read(&h.ctx, CSR_PMPADDR0 + 1, &v), 0);
	CHECK_EQ(v, 0x1000);	/* OFF: as TOR */
}

TEST(pmp_na4_is_dropped_on_a_hart_without_it)
{
	struct vhart h;
	uint64_t v = 0;

	boot_virt(&h, 8);
	CHECK(h.hw.pmp_na4);	/* G = 0 on this hart */
	vwrite(&h.ctx, CSR_PMPCFG0, PMP_A_NA4 | PMP_R);
	CHECK_EQ(vcsr_read(&h.ctx, CSR_PMPCFG0, &v), 0);
	CHECK_EQ(v, PMP_A_NA4 | PMP_R);
	h.hw.pmp_na4 = false;
	vwrite(&h.ctx, CSR_PMPCFG0, PMP_A_NA4 | PMP_R);
	CHECK_EQ(vcsr_read(&h.ctx, CSR_PMPCFG0, &v), 0);
	CHECK_EQ(v, PMP_R);
}

/* ---- vpmp_allows: the firmware's PMP as a payload access would see it (3.7.1) ---- */

static void set_entry(struct vctx *c, unsigned i, uint8_t cfg, uint64_t addr)
{
	c->csr.pmpcfg[i] = cfg;
	c->csr.pmpaddr[i] = addr;
}

TEST(vpmp_allows_matches_tor_napot_na4_by_priority)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	vhart_boot(&h, 0);
	/* 0: TOR [0, 0x1000) R; 1: NAPOT 0x2000/4 KiB RW; 2: NA4 0x3000 X; 3: NAPOT all, none */
	set_entry(c, 0, PMP_A_TOR | PMP_R, 0x1000 >> 2);
	set_entry(c, 1, PMP_A_NAPOT | PMP_R | PMP_W, (0x2000 >> 2) | (0x1000 - 1) >> 3);
	set_entry(c, 2, PMP_A_NA4 | PMP_X, 0x3000 >> 2);
	set_entry(c, 3, PMP_A_NAPOT, ~0UL);

	CHECK_EQ(vpmp_allows(c, 0x0, 8, PMP_R), true);
	CHECK_EQ(vpmp_allows(c, 0xff8, 8, PMP_R), true);
	CHECK_EQ(vpmp_allows(c, 0xff8, 8, PMP_W), false);	/* R only */
	CHECK_EQ(vpmp_allows(c, 0xffc, 8, PMP_R), false);	/* straddles the TOR top */
	CHECK_EQ(vpmp_allows(c, 0x2ffc, 4, PMP_W), true);
	CHECK_EQ(vpmp_allows(c, 0x3000, 4, PMP_X), true);
	CHECK_EQ(vpmp_allows(c, 0x3000, 8, PMP_X), false);	/* NA4 covers 4 bytes */
	CHECK_EQ(vpmp_allows(c, 0x100000, 4, PMP_R), false);	/* the catch-all denies */
}

TEST(vpmp_allows_denies_unmatched_and_opens_without_entries)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	vhart_boot(&h, 0);
	set_entry(c, 0, PMP_A_NAPOT | PMP_R | PMP_W | PMP_X, (0x80000000UL >> 2) | (0x1000 - 1) >> 3);
	CHECK_EQ(vpmp_allows(c, 0x80000000UL, 4, PMP_R), true);
	CHECK_EQ(vpmp_allows(c, 0x100000, 4, PMP_R), false);	/* no match: S/U get nothing */
	/* pmpaddr with bits 63:54 set (QEMU 7.2 keeps them) still means "everything" */
	set_entry(c, 1, PMP_A_NAPOT | PMP_R, ~0UL);
	CHECK_EQ(vpmp_allows(c, 0x100000, 4, PMP_R), true);

	vhart_boot_n(&h, 0, 0);		/* no virtual PMP: S/U unrestricted */
	CHECK_EQ(vpmp_allows(&h.ctx, 0x100000, 4, PMP_W), true);
}
