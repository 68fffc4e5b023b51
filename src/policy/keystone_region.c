/*
 * Validation of Keystone CREATE arguments. Pure arithmetic on the values
 * read from the caller, so it runs (and is unit-tested) on the host.
 *
 * Upstream (sm/src/enclave.c) returns ILLEGAL_ARGUMENT for an empty EPM, a
 * wrapping EPM or UTM (p >= p + size, so an empty UTM too) and entry
 * points outside the EPM or out of order. What upstream leaves to its PMP
 * allocator (PMP_FAILURE) is checked here explicitly: the EPM whole pages
 * (NAPOT or TOR, sm/src/pmp.c pmp_region_init), the UTM one NAPOT entry
 * (upstream asserts it), both inside the payload's RAM and clear of the
 * monitor, the firmware, each other and every live enclave (stricter).
 */
#include <miralis/policy/keystone.h>

bool ks_range_inside(uint64_t addr, uint64_t len, uint64_t base, uint64_t size)
{
	return addr >= base && len <= size && addr - base <= size - len;
}

static bool wraps(uint64_t base, uint64_t size)
{
	return base >= base + size;
}

/* [a, a + as) and [b, b + bs), neither wrapping, share a byte. */
static bool overlaps(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	return a < b + bs && b < a + as;
}

static bool napot_shaped(uint64_t base, uint64_t size)
{
	return size >= KS_PAGE_SIZE && (size & (size - 1)) == 0 && (base & (size - 1)) == 0;
}

/*
 * The Linux driver's CMA fallback gives whole pages aligned to
 * CONFIG_CMA_ALIGNMENT, of any size: a TOR pair covers them.
 */
static bool pages_shaped(uint64_t base, uint64_t size)
{
	return size >= KS_PAGE_SIZE && (size & (KS_PAGE_SIZE - 1)) == 0 &&
	       (base & (KS_PAGE_SIZE - 1)) == 0;
}

unsigned ks_epm_pmp_entries(uint64_t base, uint64_t size)
{
	return napot_shaped(base, size) ? 1 : 2;
}

static bool region_allowed(uint64_t base, uint64_t size, bool napot_only,
			   const struct ks_memory *mem, const struct ks_reserved *live,
			   size_t nb_live)
{
	if (!(napot_only ? napot_shaped(base, size) : pages_shaped(base, size)) ||
	    !ks_range_inside(base, size, mem->ram_base, mem->ram_end - mem->ram_base))
		return false;
	for (size_t i = 0; i < mem->nb_reserved; i++)
		if (overlaps(base, size, mem->reserved[i].base, mem->reserved[i].size))
			return false;
	for (size_t i = 0; i < nb_live; i++)
		if (overlaps(base, size, live[i].base, live[i].size))
			return false;
	return true;
}

int ks_check_create(const struct ks_create_args *a, const struct ks_memory *mem,
		    const struct ks_reserved *live, size_t nb_live)
{
	uint64_t epm_end = a->epm_base + a->epm_size;

	if (a->epm_size == 0 || wraps(a->epm_base, a->epm_size) ||
	    wraps(a->utm_base, a->utm_size))
		return KS_ERR_ILLEGAL_ARGUMENT;
	if (a->runtime < a->epm_base || a->runtime >= epm_end || a->user < a->epm_base ||
	    a->user >= epm_end || a->free < a->epm_base || a->free > epm_end ||
	    a->runtime > a->user || a->user > a->free)
		return KS_ERR_ILLEGAL_ARGUMENT;
	if (!region_allowed(a->epm_base, a->epm_size, false, mem, live, nb_live) ||
	    !region_allowed(a->utm_base, a->utm_size, true, mem, live, nb_live) ||
	    overlaps(a->epm_base, a->epm_size, a->utm_base, a->utm_size))
		return KS_ERR_PMP_FAILURE;
	return KS_SUCCESS;
}
