/* warl-fields: every value of every multi-bit WARL field, written from every
 * old value the field can hold. WARL fields may map an illegal value to any
 * legal one, and the mapping may depend on the old value (priv. spec 2.3):
 * QEMU 7.2 keeps the old mstatus.UXL when 0 is written and stores 1-3 as
 * written. One line per (CSR, field, old value) lists the field after writing
 * 0, 1, 2, ...; a '!' marks a write dropped whole (a bit outside the field
 * that the write flipped did not follow). Run natively and under the monitor:
 * the lines must be the same. */
#include "fw.h"

#define MISA_H (1UL << 7)

enum csr_id { MSTATUS, SSTATUS, MTVEC, STVEC, SATP, MENVCFG, SENVCFG,
	      HSTATUS, VSSTATUS, HGATP, VSATP };

static const char *const csr_names[] = {
	"mstatus", "sstatus", "mtvec", "stvec", "satp", "menvcfg", "senvcfg",
	"hstatus", "vsstatus", "hgatp", "vsatp",
};

static uint64_t rd(enum csr_id id)
{
	switch (id) {
	case MSTATUS: return csr_read(mstatus);
	case SSTATUS: return csr_read(sstatus);
	case MTVEC: return csr_read(mtvec);
	case STVEC: return csr_read(stvec);
	case SATP: return csr_read(satp);
	case MENVCFG: return csr_read(0x30a);
	case SENVCFG: return csr_read(0x10a);
	case HSTATUS: return csr_read(0x600);
	case VSSTATUS: return csr_read(0x200);
	case HGATP: return csr_read(0x680);
	default: return csr_read(0x280);
	}
}

static void wr(enum csr_id id, uint64_t v)
{
	switch (id) {
	case MSTATUS: csr_write(mstatus, v); break;
	case SSTATUS: csr_write(sstatus, v); break;
	case MTVEC: csr_write(mtvec, v); break;
	case STVEC: csr_write(stvec, v); break;
	case SATP: csr_write(satp, v); break;
	case MENVCFG: csr_write(0x30a, v); break;
	case SENVCFG: csr_write(0x10a, v); break;
	case HSTATUS: csr_write(0x600, v); break;
	case VSSTATUS: csr_write(0x200, v); break;
	case HGATP: csr_write(0x680, v); break;
	default: csr_write(0x280, v); break;
	}
}

struct field {
	enum csr_id csr;
	const char *name;
	unsigned shift, width;
	uint64_t flip;		/* a writable bit outside the field, 0 if none is safe */
	bool needs_h;
};

/* mtvec's base is flipped at bit 8: the handler is never entered while it
 * is wrong, since nothing in the loop traps. The atp PPN bit only sticks
 * with a valid mode, so a '!' there just means "mode rejected". */
static const struct field fields[] = {
	{ MSTATUS, "VS", 9, 2, 0, false },
	{ MSTATUS, "MPP", 11, 2, 0, false },
	{ MSTATUS, "FS", 13, 2, 0, false },
	{ MSTATUS, "XS", 15, 2, 0, false },
	{ MSTATUS, "UXL", 32, 2, 0, false },
	{ MSTATUS, "SXL", 34, 2, 0, false },
	{ SSTATUS, "VS", 9, 2, 0, false },
	{ SSTATUS, "FS", 13, 2, 0, false },
	{ SSTATUS, "XS", 15, 2, 0, false },
	{ SSTATUS, "UXL", 32, 2, 0, false },
	{ MTVEC, "MODE", 0, 2, 1UL << 8, false },
	{ STVEC, "MODE", 0, 2, 1UL << 8, false },
	{ SATP, "MODE", 60, 4, 1, false },
	{ MENVCFG, "CBIE", 4, 2, 0, false },
	{ SENVCFG, "CBIE", 4, 2, 0, false },
	{ HSTATUS, "VSXL", 32, 2, 0, true },
	{ VSSTATUS, "FS", 13, 2, 0, true },
	{ VSSTATUS, "UXL", 32, 2, 0, true },
	{ HGATP, "MODE", 60, 4, 1, true },
	{ VSATP, "MODE", 60, 4, 1, true },
};

static uint64_t get(const struct field *f, uint64_t v)
{
	return (v >> f->shift) & ((1UL << f->width) - 1);
}

static uint64_t put(const struct field *f, uint64_t v, uint64_t x)
{
	uint64_t m = ((1UL << f->width) - 1) << f->shift;

	return (v & ~m) | (x << f->shift);
}

static void probe(const struct field *f)
{
	uint64_t orig = rd(f->csr), n = 1UL << f->width;

	for (uint64_t o = 0; o < n; o++) {
		uint64_t cur;

		wr(f->csr, put(f, orig, o));
		cur = rd(f->csr);
		printf("warl-fields: %s.%s old %lu:", csr_names[f->csr], f->name, o);
		if (get(f, cur) != o) {
			printf(" unreachable (reads %lu)\n", get(f, cur));
			continue;
		}
		for (uint64_t v = 0; v < n; v++) {
			uint64_t w = put(f, cur ^ f->flip, v), r;

			wr(f->csr, w);
			r = rd(f->csr);
			printf(" %lu%s", get(f, r), (r ^ w) & f->flip ? "!" : "");
			wr(f->csr, cur);
		}
		printf("\n");
	}
	wr(f->csr, orig);
}

int main(void)
{
	bool has_h = csr_read(misa) & MISA_H;
	unsigned nb = 0;

	for (unsigned i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (fields[i].needs_h && !has_h)
			continue;
		probe(&fields[i]);
		nb++;
	}
	printf("warl-fields: %u fields probed%s\n", nb, has_h ? "" : " (no H extension)");
	return 0;
}
