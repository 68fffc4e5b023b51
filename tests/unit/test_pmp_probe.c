/*
 * Counting the PMP entries (src/virt/hw.c), reading the layout back after
 * a commit and checking the monitor's region (src/pmp/pmp.c), on software
 * harts with 0, 4, 8, 16 and 64 entries whose missing PMP CSRs either trap
 * (QEMU 7.2) or are read-only zero (priv. spec 3.7.1 allows both).
 */
#include <miralis/arch.h>
#include <miralis/device.h>
#include <miralis/hw.h>
#include <miralis/pmp.h>
#include <miralis/riscv/encoding.h>

#include "check.h"
#include "host.h"
#include "vhart.h"

static const struct vdevice *const qemu_devices[] = { &vdev_clint, &vdev_tester, &vdev_finisher };
static const unsigned sizes[] = { 0, 4, 8, 16, 64 };

#define NB_SIZES (sizeof(sizes) / sizeof(sizes[0]))
#define FIXED_ENTRIES 7	/* monitor, 3 devices, MPRV, null, last */

/* Every pmpcfg byte: none may have gained the L bit. */
static bool no_lock_bit(void)
{
	for (unsigned r = 0; r < 8; r++)
		if (host_csr_exists(CSR_PMPCFG0 + 2 * r) &&
		    (host_csr_get_raw(CSR_PMPCFG0 + 2 * r) & 0x8080808080808080ULL))
			return false;
	return true;
}

TEST(pmp_probe_counts_every_entry_that_exists)
{
	for (unsigned t = 0; t < 2; t++) {
		for (unsigned s = 0; s < NB_SIZES; s++) {
			struct hw_caps hw;

			host_reset();
			host_set_pmp(sizes[s], t == 0);
			hw_detect(&hw);
			CHECK_EQ(hw.nb_pmp, sizes[s]);
			CHECK(no_lock_bit());
			/* the probe restores what it wrote */
			for (unsigned i = 0; i < sizes[s]; i++)
				CHECK_EQ(host_csr_get_raw(CSR_PMPADDR0 + i), 0);
		}
	}
}

TEST(pmp_probe_of_read_only_zero_csrs_finds_no_pmp)
{
	struct hw_caps hw;
	struct pmp_state p;

	host_set_pmp(0, false);
	CHECK(host_csr_exists(CSR_PMPCFG0));
	CHECK(host_csr_exists(CSR_PMPADDR63));
	hw_detect(&hw);
	CHECK_EQ(hw.nb_pmp, 0);
	CHECK_EQ(pmp_init(&p, &hw, VHART_MON_BASE, VHART_MON_SIZE, 0, 8), -1);
}

/* The probe keeps an earlier stage's values and never clears or sets L. */
TEST(pmp_probe_restores_entries_and_stops_at_a_locked_one)
{
	struct hw_caps hw;
	struct pmp_state p;
	uint64_t cfg = (uint64_t)(PMP_A_NAPOT | PMP_R) | (uint64_t)(PMP_L | PMP_A_TOR) << 24;

	host_csr_set_raw(CSR_PMPADDR0 + 1, 0x1234);
	host_csr_set_raw(CSR_PMPCFG0, cfg);
	hw_detect(&hw);
	/*
	 * Entry 3 is a locked TOR, which also freezes pmpaddr2 (3.7.1): the
	 * count stops there, and what follows cannot be used either.
	 */
	CHECK_EQ(hw.nb_pmp, 2);
	CHECK_EQ(host_csr_get_raw(CSR_PMPCFG0), cfg);
	CHECK_EQ(host_csr_get_raw(CSR_PMPADDR0 + 1), 0x1234);
	host_set_devices(qemu_devices, 3);
	CHECK_EQ(pmp_init(&p, &hw, VHART_MON_BASE, VHART_MON_SIZE, 0, 8), -1);
}

TEST(pmp_layout_commits_and_reads_back_on_every_size)
{
	for (unsigned s = 0; s < NB_SIZES; s++) {
		struct hw_caps hw;
		struct pmp_state p;
		unsigned n = sizes[s];

		host_reset();
		host_set_pmp(n, true);
		host_set_devices(qemu_devices, 3);
		hw_detect(&hw);
		if (n < FIXED_ENTRIES) {
			CHECK_EQ(pmp_init(&p, &hw, VHART_MON_BASE, VHART_MON_SIZE, 0, 8), -1);
			continue;
		}
		CHECK_EQ(pmp_init(&p, &hw, VHART_MON_BASE, VHART_MON_SIZE, 0, 64), 0);
		CHECK_EQ(p.nb_pmp, n);
		CHECK_EQ(p.nb_virt, n - FIXED_ENTRIES);
		pmp_commit(&p);
		CHECK_EQ(pmp_verify(&p, &hw), -1);
		/* the last entry really is the last one the hart has */
		CHECK_EQ(host_csr_get_raw(CSR_PMPADDR0 + n - 1), 0x003fffffffffffffULL);
		CHECK_EQ(host_csr_get_raw(CSR_PMPCFG0 + 2 * ((n - 1) / 8)) >> (8 * ((n - 1) % 8)) & 0xff,
			 PMP_A_NAPOT | PMP_R | PMP_W | PMP_X);
		CHECK_EQ(host_illegal_count(), 0);
	}
}

TEST(pmp_verify_reports_an_entry_the_hardware_did_not_take)
{
	struct hw_caps hw;
	struct pmp_state p;

	host_set_devices(qemu_devices, 3);
	hw_detect(&hw);
	CHECK_EQ(pmp_init(&p, &hw, VHART_MON_BASE, VHART_MON_SIZE, 0, 8), 0);
	pmp_commit(&p);
	CHECK_EQ(pmp_verify(&p, &hw), -1);
	/* entry 2 locked behind the monitor's back: the next commit does not stick */
	host_csr_set_raw(CSR_PMPCFG0, host_csr_get_raw(CSR_PMPCFG0) & ~(0xffULL << 16));
	host_csr_set_raw(CSR_PMPCFG0, host_csr_get_raw(CSR_PMPCFG0) | (uint64_t)PMP_L << 16);
	pmp_commit(&p);
	CHECK_EQ(pmp_verify(&p, &hw), 2);
	/* an address that did not stick is caught too */
	host_reset();
	host_set_devices(qemu_devices, 3);
	hw_detect(&hw);
	CHECK_EQ(pmp_init(&p, &hw, VHART_MON_BASE, VHART_MON_SIZE, 0, 8), 0);
	pmp_commit(&p);
	host_csr_set_raw(CSR_PMPADDR0 + 1, 0);
	CHECK_EQ(pmp_verify(&p, &hw), 1);
}

TEST(pmp_check_region_wants_napot_clear_of_the_guests)
{
	const struct pmp_range guests[] = {
		{ "firmware", 0x80200000, 4 },
		{ "payload", 0x80400000, 4 },
		{ "dtb", 0x8fe00000, 0x2000 },
	};

	CHECK(pmp_check_region(0x80000000, 0x20000, guests, 3) == 0);
	CHECK(pmp_check_region(0x80000000, 0x200000, guests, 3) == 0);
	/* size not a power of two, base not aligned to the size */
	CHECK(pmp_check_region(0x80000000, 0x30000, guests, 3) != 0);
	CHECK(pmp_check_region(0x80010000, 0x20000, guests, 3) != 0);
	CHECK(pmp_check_region(0x80000000, 4, guests, 3) != 0);
	/* overlaps, each named */
	CHECK(pmp_check_region(0x80000000, 0x400000, guests, 3) == guests[0].name);
	CHECK(pmp_check_region(0x80400000, 0x1000, guests, 3) == guests[1].name);
	CHECK(pmp_check_region(0x8fe01000, 0x1000, guests, 3) == guests[2].name);
	/* a range of size 0 (no device tree) is nothing to avoid */
	CHECK(pmp_check_region(0x0, 0x1000, (const struct pmp_range[]){ { "none", 0, 0 } }, 1) == 0);
}

/* pmpcfg registers hold 8 entries (RV64): a partial last one is written too. */
TEST(pmp_commit_writes_a_partly_implemented_cfg_register)
{
	static const struct {
		unsigned nb, nb_dev;
	} cases[] = { { 4, 0 }, { 12, 3 }, { 13, 3 } };

	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		struct hw_caps hw;
		struct pmp_state p;

		host_reset();
		host_set_pmp(cases[k].nb, true);
		host_set_devices(qemu_devices, cases[k].nb_dev);
		hw_detect(&hw);
		CHECK_EQ(hw.nb_pmp, cases[k].nb);
		CHECK_EQ(pmp_init(&p, &hw, VHART_MON_BASE, VHART_MON_SIZE, 0, 8), 0);
		pmp_commit(&p);
		CHECK_EQ(pmp_verify(&p, &hw), -1);
		CHECK_EQ(host_csr_get_raw(CSR_PMPCFG0) & 0xff, PMP_A_NAPOT);	/* the monitor */
	}
}

/* Probing mseccfg (Smepmp 2.1) never sets MML or MMWP, nor loses RLB. */
TEST(pmp_probe_of_mseccfg_leaves_the_sticky_bits_alone)
{
	struct hw_caps hw;

	host_set_smepmp(true);
	hw_detect(&hw);
	CHECK(hw.has_smepmp);
	CHECK_EQ(host_csr_get_raw(CSR_MSECCFG), 0);
	CHECK_EQ(hw.csr[HW_mseccfg].wmask & 7, MSECCFG_MML | MSECCFG_MMWP | MSECCFG_RLB);
	CHECK_EQ(hw.csr[HW_mseccfg].set1, 0);
	CHECK_EQ(hw.nb_pmp, 16);

	/* an earlier stage left RLB set and an entry locked: RLB must survive */
	host_reset();
	host_set_smepmp(true);
	host_csr_set_raw(CSR_MSECCFG, MSECCFG_RLB);
	host_csr_set_raw(CSR_PMPCFG2, (uint64_t)(PMP_L | PMP_A_NAPOT) << 56);	/* entry 15 */
	hw_detect(&hw);
	CHECK(hw.has_smepmp);
	CHECK_EQ(host_csr_get_raw(CSR_MSECCFG), MSECCFG_RLB);
	CHECK_EQ(hw.csr[HW_mseccfg].reset, MSECCFG_RLB);

	/* without Smepmp: no mseccfg */
	host_reset();
	hw_detect(&hw);
	CHECK(!hw.has_smepmp);
	CHECK(!hw.csr[HW_mseccfg].present);
}
