/*
 * Host memory model behind arch_mprv_load/store and arch_mmio_*: a few
 * byte arrays at chosen physical addresses plus a list of fault rules.
 *
 * An MPRV access behaves like a load/store executed with mstatus.MPRV = 1
 * and MPP = mode (Priv. ISA 1.12, "Memory Privilege in mstatus"): it
 * either completes as a whole or raises one exception. Here the rules
 * stand in for translation and PMP; an unmapped byte is an access fault,
 * as a PMP or bus error would be.
 */
#include <stdlib.h>

#include <miralis/arch.h>
#include <miralis/decode.h>
#include <miralis/riscv/encoding.h>

#include "host.h"
#include "host_internal.h"

#define MAX_REGIONS 8
#define MAX_FAULTS 16

struct region {
	uint64_t base, size;
	uint8_t *data;
};

struct fault_rule {
	uint64_t start, len;
	unsigned modes;
	int load_cause, store_cause;
};

static struct region regions[MAX_REGIONS];
static unsigned nb_regions;
static struct fault_rule faults[MAX_FAULTS];
static unsigned nb_faults;
static bool misaligned_traps = true;
static bool pmp_enforced;
static host_mmio_read_fn mmio_rd;
static host_mmio_write_fn mmio_wr;

void host_mem_reset(void)
{
	for (unsigned i = 0; i < nb_regions; i++)
		free(regions[i].data);
	nb_regions = 0;
	nb_faults = 0;
	misaligned_traps = true;
	pmp_enforced = false;
	mmio_rd = NULL;
	mmio_wr = NULL;
}

int host_mem_map(uint64_t base, uint64_t size)
{
	uint8_t *data;

	if (nb_regions == MAX_REGIONS || size == 0 || base + size - 1 < base)
		return -1;
	for (unsigned i = 0; i < nb_regions; i++) {
		const struct region *r = &regions[i];

		if (base < r->base + r->size && r->base < base + size)
			return -1; /* overlap */
	}
	data = calloc(1, size);
	if (!data)
		return -1;
	regions[nb_regions++] = (struct region){ base, size, data };
	return 0;
}

static uint8_t *byte_at(uint64_t addr)
{
	for (unsigned i = 0; i < nb_regions; i++) {
		const struct region *r = &regions[i];

		if (addr - r->base < r->size)
			return &r->data[addr - r->base];
	}
	return NULL;
}

uint8_t *host_mem_ptr(uint64_t addr, uint64_t len)
{
	for (unsigned i = 0; i < nb_regions; i++) {
		const struct region *r = &regions[i];

		if (addr - r->base < r->size && len <= r->size - (addr - r->base))
			return &r->data[addr - r->base];
	}
	return NULL;
}

int host_fault_add(uint64_t addr, uint64_t len, unsigned modes,
		   int load_cause, int store_cause)
{
	if (nb_faults == MAX_FAULTS)
		return -1;
	faults[nb_faults++] = (struct fault_rule){ addr, len, modes,
						   load_cause, store_cause };
	return 0;
}

void host_set_misaligned_traps(bool on)
{
	misaligned_traps = on;
}

void host_set_mmio(host_mmio_read_fn rd, host_mmio_write_fn wr)
{
	mmio_rd = rd;
	mmio_wr = wr;
}

void host_set_pmp_enforced(bool on)
{
	pmp_enforced = on;
}

/* The exception one byte raises: a rule's cause, access fault, or 0. */
static int byte_cause(uint64_t addr, unsigned mode, bool store)
{
	for (unsigned i = 0; i < nb_faults; i++) {
		const struct fault_rule *f = &faults[i];

		if (addr - f->start < f->len && (f->modes & (1u << mode)))
			return store ? f->store_cause : f->load_cause;
	}
	if (!byte_at(addr))
		return store ? CAUSE_STORE_ACCESS : CAUSE_LOAD_ACCESS;
	return 0;
}

static int check_access(uint64_t addr, unsigned width, unsigned mode,
			bool store)
{
	if (width != 1 && width != 2 && width != 4 && width != 8)
		host_die("MPRV access of bad width", width);
	/* no G stage on the host hart: guest-physical is host-physical */
	if (mode & ARCH_MPRV_VIRT) {
		host_stat.mprv_virt++;
		mode &= ~ARCH_MPRV_VIRT;
	}
	if (mode > PRV_M || mode == 2)
		host_die("MPRV access in bad mode", mode);
	if (store)
		host_stat.mprv_stores++;
	else
		host_stat.mprv_loads++;
	if (width > host_stat.mprv_max_width)
		host_stat.mprv_max_width = width;
	if (misaligned_traps && (addr & (width - 1)))
		return store ? CAUSE_MISALIGNED_STORE : CAUSE_MISALIGNED_LOAD;
	/* The physical PMP at the effective privilege (3.7.1, host_pmp_allows). */
	if (pmp_enforced && !host_pmp_allows(addr, width, store ? PMP_W : PMP_R, mode))
		return store ? CAUSE_STORE_ACCESS : CAUSE_LOAD_ACCESS;
	if (host_stat.mprv_passed < HOST_MPRV_LOG)
		host_stat.mprv_log[host_stat.mprv_passed] = (struct host_access){
			.addr = addr, .width = width, .mode = mode, .access = store ? PMP_W : PMP_R };
	host_stat.mprv_passed++;
	/* All bytes are checked before any is touched: no partial access. */
	for (unsigned i = 0; i < width; i++) {
		int cause = byte_cause(addr + i, mode, store);

		if (cause)
			return cause;
	}
	return 0;
}

int arch_mprv_load(uint64_t addr, unsigned width, unsigned mode, uint64_t *val)
{
	uint64_t v = 0;
	int cause = check_access(addr, width, mode, false);

	if (cause)
		return cause;
	for (unsigned i = 0; i < width; i++)
		v |= (uint64_t)*byte_at(addr + i) << (8 * i);
	*val = v;
	return 0;
}

int arch_mprv_store(uint64_t addr, unsigned width, unsigned mode, uint64_t val)
{
	int cause = check_access(addr, width, mode, true);

	if (cause)
		return cause;
	for (unsigned i = 0; i < width; i++)
		*byte_at(addr + i) = (uint8_t)(val >> (8 * i));
	return 0;
}

/* AMO semantics (unpriv. spec, "A" chapter): store-class access checks */
int arch_mprv_amo(unsigned op, uint64_t addr, unsigned width, unsigned mode, uint64_t src,
		  uint64_t *old)
{
	uint64_t v = 0, nv;
	int cause = check_access(addr, width, mode, true);

	if (cause)
		return cause;
	for (unsigned i = 0; i < width; i++)
		v |= (uint64_t)*byte_at(addr + i) << (8 * i);
	if (width == 4) {
		v = (uint64_t)(int64_t)(int32_t)v;
		src = (uint64_t)(int64_t)(int32_t)src;
	}
	switch (op) {
	case AMO_ADD: nv = v + src; break;
	case AMO_SWAP: nv = src; break;
	case AMO_XOR: nv = v ^ src; break;
	case AMO_OR: nv = v | src; break;
	case AMO_AND: nv = v & src; break;
	case AMO_MIN: nv = (int64_t)v < (int64_t)src ? v : src; break;
	case AMO_MAX: nv = (int64_t)v > (int64_t)src ? v : src; break;
	case AMO_MINU: nv = v < src ? v : src; break;
	case AMO_MAXU: nv = v > src ? v : src; break;
	default: return CAUSE_ILLEGAL_INSTRUCTION;
	}
	for (unsigned i = 0; i < width; i++)
		*byte_at(addr + i) = (uint8_t)(nv >> (8 * i));
	*old = v;
	return 0;
}

/* The host hart does not model two-stage translation: hlv/hsv trap. */
int arch_hyp_access(uint32_t hyp, uint64_t addr, uint64_t *val)
{
	(void)hyp;
	(void)addr;
	(void)val;
	return CAUSE_ILLEGAL_INSTRUCTION;
}

/*
 * FP registers of the software hart. With mstatus.FS = Off an FP move
 * raises illegal instruction (priv. spec 3.1.6.6), which on metal is a
 * trap inside the monitor: the software hart dies the same way.
 */
static uint64_t host_fpr[32];

static void fs_check(void)
{
	if (!(host_csr_get_raw(CSR_MSTATUS) & MSTATUS_FS))
		host_die("FP register access with mstatus.FS = Off", host_csr_get_raw(CSR_MSTATUS));
}

uint64_t arch_fpr_read(unsigned r)
{
	fs_check();
	return host_fpr[r & 31];
}

void arch_fpr_write(unsigned r, uint64_t bits)
{
	fs_check();
	host_fpr[r & 31] = bits;
}

void arch_fpr_save_all(uint64_t f[32], bool zero)
{
	for (unsigned r = 0; r < 32; r++) {
		f[r] = arch_fpr_read(r);
		if (zero)
			arch_fpr_write(r, 0);
	}
}

void arch_fpr_load_all(const uint64_t f[32])
{
	for (unsigned r = 0; r < 32; r++)
		arch_fpr_write(r, f[r]);
}

/* The host bus rejects only unmapped reads in the try forms (metal: a bus error). */
int arch_mmio_try_read(uint64_t addr, unsigned width, uint64_t *val)
{
	/* unmapped memory: the access fault metal's catcher returns */
	if (!mmio_rd && !host_mem_ptr(addr, width))
		return CAUSE_LOAD_ACCESS;
	*val = arch_mmio_read(addr, width);
	return 0;
}

int arch_mmio_try_write(uint64_t addr, unsigned width, uint64_t val)
{
	arch_mmio_write(addr, width, val);
	return 0;
}

uint64_t arch_mmio_read(uint64_t addr, unsigned width)
{
	uint64_t v = 0;
	uint8_t *p;

	host_stat.mmio_reads++;
	if (mmio_rd)
		return mmio_rd(addr, width);
	p = host_mem_ptr(addr, width);
	if (!p || width > 8)
		host_die("MMIO read outside mapped memory", addr);
	for (unsigned i = 0; i < width; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

void arch_mmio_write(uint64_t addr, unsigned width, uint64_t val)
{
	uint8_t *p;

	host_stat.mmio_writes++;
	if (mmio_wr) {
		mmio_wr(addr, width, val);
		return;
	}
	p = host_mem_ptr(addr, width);
	if (!p || width > 8)
		host_die("MMIO write outside mapped memory", addr);
	for (unsigned i = 0; i < width; i++)
		p[i] = (uint8_t)(val >> (8 * i));
}
