/*
 * ks_check_create (src/policy/keystone_region.c): upstream's argument
 * checks (ILLEGAL_ARGUMENT) and the region rules (PMP_FAILURE) at their
 * edges: wrapping, empty, misaligned, outside RAM, over a reserved range
 * or a live region, touching but not overlapping.
 */
#include <miralis/policy/keystone.h>

#include "check.h"

#define RAM 0x80000000UL
#define RAM_END 0x90000000UL
#define EPM 0x80800000UL
#define UTM 0x80900000UL

static const struct ks_reserved reserved[] = { { RAM, 0x200000 } };
static const struct ks_memory mem = { RAM + 0x200000, RAM_END, reserved, 1 };

static struct ks_create_args good(void)
{
	return (struct ks_create_args){ EPM, 0x10000, UTM, 0x1000,
					EPM + 0x1000, EPM + 0x1000, EPM + 0x2000, 0 };
}

static int check(struct ks_create_args a)
{
	return ks_check_create(&a, &mem, NULL, 0);
}

TEST(keystone_create_args_illegal)
{
	struct ks_create_args a;

	CHECK_EQ(check(good()), KS_SUCCESS);
	a = good(), a.epm_size = 0;
	CHECK_EQ(check(a), KS_ERR_ILLEGAL_ARGUMENT);
	a = good(), a.epm_base = ~0UL - 0xfff;
	CHECK_EQ(check(a), KS_ERR_ILLEGAL_ARGUMENT);
	a = good(), a.utm_size = 0;	/* upstream: p >= p + 0 */
	CHECK_EQ(check(a), KS_ERR_ILLEGAL_ARGUMENT);
	a = good(), a.runtime = EPM + 0x10000;
	CHECK_EQ(check(a), KS_ERR_ILLEGAL_ARGUMENT);
	a = good(), a.runtime = EPM - 1;
	CHECK_EQ(check(a), KS_ERR_ILLEGAL_ARGUMENT);
	a = good(), a.user = EPM + 0x10000;
	CHECK_EQ(check(a), KS_ERR_ILLEGAL_ARGUMENT);
	a = good(), a.free = EPM + 0x10000;	/* free may equal the end */
	CHECK_EQ(check(a), KS_SUCCESS);
	a = good(), a.free = EPM + 0x10001;
	CHECK_EQ(check(a), KS_ERR_ILLEGAL_ARGUMENT);
	a = good(), a.runtime = EPM + 0x1008;	/* runtime > user */
	CHECK_EQ(check(a), KS_ERR_ILLEGAL_ARGUMENT);
	a = good(), a.free = EPM + 0x800;	/* user > free */
	CHECK_EQ(check(a), KS_ERR_ILLEGAL_ARGUMENT);
}

TEST(keystone_create_regions)
{
	struct ks_create_args a;

	a = good(), a.epm_size = 0x11000;	/* whole pages: a TOR pair, as upstream */
	CHECK_EQ(check(a), KS_SUCCESS);
	a = good(), a.epm_base = EPM + 0x10000, a.epm_size = 0x20000;	/* aligned to 64 KiB only */
	a.runtime = a.user = a.epm_base + 0x1000, a.free = a.epm_base + 0x2000;
	CHECK_EQ(check(a), KS_SUCCESS);
	a = good(), a.epm_size = 0x10800;
	CHECK_EQ(check(a), KS_ERR_PMP_FAILURE);	/* not whole pages */
	a = good(), a.epm_base = EPM + 0x800, a.runtime = a.user = EPM + 0x1000;
	a.epm_size = 0x1000, a.free = EPM + 0x1800;
	CHECK_EQ(check(a), KS_ERR_PMP_FAILURE);	/* not page-aligned */
	a = good(), a.utm_size = 0x3000;
	CHECK_EQ(check(a), KS_ERR_PMP_FAILURE);	/* UTM: NAPOT only */
	a = good(), a.utm_size = 0x800;
	CHECK_EQ(check(a), KS_ERR_PMP_FAILURE);	/* below a page */
	a = good(), a.utm_base = UTM + 0x1000, a.utm_size = 0x2000;
	CHECK_EQ(check(a), KS_ERR_PMP_FAILURE);	/* not aligned to its size */
	a = good(), a.utm_base = RAM_END - 0x1000;
	CHECK_EQ(check(a), KS_SUCCESS);	/* last page of RAM */
	a = good(), a.utm_base = RAM_END;
	CHECK_EQ(check(a), KS_ERR_PMP_FAILURE);
	a = good(), a.utm_base = RAM + 0x1ff000;	/* last reserved page */
	CHECK_EQ(check(a), KS_ERR_PMP_FAILURE);
	a = good(), a.utm_base = RAM + 0x200000;	/* first free page */
	CHECK_EQ(check(a), KS_SUCCESS);
	a = good(), a.utm_base = EPM + 0xf000;	/* inside its own EPM */
	CHECK_EQ(check(a), KS_ERR_PMP_FAILURE);
	a = good(), a.utm_base = EPM + 0x10000;	/* just after it */
	CHECK_EQ(check(a), KS_SUCCESS);
}

TEST(keystone_create_against_live_enclaves)
{
	const struct ks_reserved live[] = { { EPM + 0x10000, 0x10000 }, { UTM + 0x1000, 0x1000 } };
	struct ks_create_args a = good();

	CHECK_EQ(ks_check_create(&a, &mem, live, 2), KS_SUCCESS);	/* neighbours */
	a.utm_base = UTM + 0x1000;
	CHECK_EQ(ks_check_create(&a, &mem, live, 2), KS_ERR_PMP_FAILURE);
	a = good(), a.epm_base = EPM, a.epm_size = 0x20000;	/* swallows a live EPM */
	CHECK_EQ(ks_check_create(&a, &mem, live, 2), KS_ERR_PMP_FAILURE);
	a = good(), a.utm_base = EPM + 0x1f000;	/* inside a live EPM */
	CHECK_EQ(ks_check_create(&a, &mem, live, 2), KS_ERR_PMP_FAILURE);
}

TEST(keystone_epm_pmp_entries)
{
	CHECK_EQ(ks_epm_pmp_entries(EPM, 0x10000), 1u);
	CHECK_EQ(ks_epm_pmp_entries(EPM, 0x1000), 1u);
	CHECK_EQ(ks_epm_pmp_entries(EPM, 0x11000), 2u);	/* the driver's CMA: min_pages */
	CHECK_EQ(ks_epm_pmp_entries(EPM + 0x10000, 0x20000), 2u);	/* misaligned power of two */
	CHECK_EQ(ks_epm_pmp_entries(0x80000000UL, 0x4000000), 1u);
	CHECK_EQ(ks_epm_pmp_entries(0x80200000UL, 0x4000000), 2u);	/* 64 MiB at 2 MiB */
}

TEST(keystone_range_inside)
{
	CHECK(ks_range_inside(EPM, 0x10000, EPM, 0x10000));
	CHECK(ks_range_inside(EPM + 0xffff, 1, EPM, 0x10000));
	CHECK(!ks_range_inside(EPM + 0xffff, 2, EPM, 0x10000));
	CHECK(!ks_range_inside(EPM - 1, 1, EPM, 0x10000));
	CHECK(!ks_range_inside(~0UL - 8, 0x20, EPM, 0x10000));	/* wraps */
	CHECK(ks_range_inside(EPM, 0, EPM, 0x10000));
	CHECK(!ks_range_inside(EPM + 8, 0x10000, EPM, 0x10000));
}
