/*
 * One in-place edit of a flattened device tree (devicetree spec v0.4,
 * 5.2-5.5) that hides a region of memory from the OS: the memory node's
 * bank that holds the region no longer covers it. The OS never sees the
 * region as memory, so it never maps nor allocates it (stronger than a
 * no-map /reserved-memory child), and the tree keeps the nodes it has.
 *
 *   bank [b, e), region [r, r + s):
 *     r == b          the entry becomes [r + s, e)      nothing moves
 *     r + s == e      the entry becomes [b, r)          nothing moves
 *     inside          [b, r) and a new entry [r + s, e)
 *
 *   header | mem_rsvmap | structure block | strings block
 *                          ^ a new entry goes after the bank's own: the
 *                            tail moves up by one entry (the reg property,
 *                            the structure block and the blob grow by as
 *                            much; the strings block moves, unchanged).
 */
#include <miralis/fdt.h>
#include <miralis/fmt.h>

#include <stdbool.h>

#define TOK_BEGIN_NODE 1u
#define TOK_END_NODE 2u
#define TOK_PROP 3u
#define TOK_NOP 4u

#define HDR_TOTALSIZE 4
#define HDR_OFF_STRUCT 8
#define HDR_OFF_STRINGS 12
#define HDR_VERSION 20
#define HDR_SIZE_STRINGS 32
#define HDR_SIZE_STRUCT 36

/* Devicetree spec 2.3.5: #address-cells and #size-cells of a node without them */
#define DEFAULT_ADDR_CELLS 2
#define DEFAULT_SIZE_CELLS 1

void *memmove(void *dst, const void *src, size_t n);

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static size_t align4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

static size_t str_len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static bool str_eq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

size_t fdt_size(const void *fdt)
{
	const uint8_t *h = fdt;

	if (!fdt || be32(h) != FDT_MAGIC || be32(h + HDR_VERSION) < 16)
		return 0;
	return be32(h + HDR_TOTALSIZE);
}

/* An address or size of 1 or 2 cells, big-endian (2.3.5) */
static void put_cells(uint8_t *p, uint64_t v, uint32_t cells)
{
	if (cells == 2) {
		put32(p, (uint32_t)(v >> 32));
		p += 4;
	}
	put32(p, (uint32_t)v);
}

static uint64_t get_cells(const uint8_t *p, uint32_t cells)
{
	return cells == 2 ? (uint64_t)be32(p) << 32 | be32(p + 4) : be32(p);
}

struct bank {
	uint32_t cells[2];	/* #address-cells, #size-cells of / */
	uint8_t *name;		/* the memory node's name */
	uint8_t *prop;		/* its reg property (the FDT_PROP token) */
	uint8_t *entry;		/* the reg entry whose bank holds the region */
};

/* The entry of reg whose bank holds [base, base + size), or NULL */
static uint8_t *holding(uint8_t *reg, uint32_t len, const uint32_t cells[2], uint64_t base,
			uint64_t size)
{
	uint32_t entry = 4 * (cells[0] + cells[1]);

	if (cells[0] - 1 > 1 || cells[1] - 1 > 1)
		return NULL;
	for (uint8_t *e = reg; e + entry <= reg + len; e += entry) {
		uint64_t b = get_cells(e, cells[0]), n = get_cells(e + 4 * cells[0], cells[1]);

		if (base >= b && base - b <= n && size <= n - (base - b))
			return e;
	}
	return NULL;
}

/*
 * Walk the whole structure block for the device_type = "memory" child of /
 * whose reg holds the region (a node's properties come before its children,
 * 5.4.2). 0 with b->entry set or NULL, -1 on a malformed block.
 */
static int find_bank(uint8_t *blob, struct bank *b, uint64_t base, uint64_t size)
{
	uint8_t *st = blob + be32(blob + HDR_OFF_STRUCT), *reg = NULL, *name = NULL;
	const char *strings = (const char *)blob + be32(blob + HDR_OFF_STRINGS);
	size_t len = be32(blob + HDR_SIZE_STRUCT), off = 0;
	int depth = 0;
	bool memory = false;

	*b = (struct bank){ .cells = { DEFAULT_ADDR_CELLS, DEFAULT_SIZE_CELLS } };
	while (off + 4 <= len) {
		uint32_t tok = be32(st + off);

		if (tok == TOK_BEGIN_NODE) {
			if (++depth == 2) {
				name = st + off + 4;
				reg = NULL;
				memory = false;
			}
			off += 4 + align4(str_len((const char *)st + off + 4) + 1);
		} else if (tok == TOK_END_NODE) {
			if (depth == 2 && memory && reg && !b->entry &&
			    (b->entry = holding(reg + 12, be32(reg + 4), b->cells, base, size))) {
				b->name = name;
				b->prop = reg;
			}
			if (--depth == 0)
				return 0;
			off += 4;
		} else if (tok == TOK_PROP) {
			uint32_t plen = be32(st + off + 4);
			const char *pname = strings + be32(st + off + 8), *val = (char *)st + off + 12;

			if (depth == 1 && plen == 4 && str_eq(pname, "#address-cells"))
				b->cells[0] = be32((const uint8_t *)val);
			else if (depth == 1 && plen == 4 && str_eq(pname, "#size-cells"))
				b->cells[1] = be32((const uint8_t *)val);
			else if (depth == 2 && str_eq(pname, "device_type"))
				memory = plen == 7 && str_eq(val, "memory");
			else if (depth == 2 && str_eq(pname, "reg"))
				reg = st + off;
			off += 12 + align4(plen);
		} else if (tok == TOK_NOP) {
			off += 4;
		} else {
			return -1;	/* FDT_END before the root closed, or garbage */
		}
	}
	return -1;
}

/* "<name>@<old>" -> "<name>@<base>" when the new name takes no more room (2.2.1) */
static void rename_unit(uint8_t *name, uint64_t base)
{
	char prefix[41], node[64];
	size_t n = 0, old = str_len((const char *)name), now;

	while (name[n] && name[n] != '@' && n < sizeof(prefix) - 1) {
		prefix[n] = (char)name[n];
		n++;
	}
	if (name[n] != '@')
		return;
	prefix[n] = '\0';
	fmt_snprintf(node, sizeof(node), "%s@%lx", prefix, base);
	now = str_len(node);
	if (align4(now + 1) != align4(old + 1))
		return;
	for (size_t i = 0; i < align4(old + 1); i++)
		name[i] = i <= now ? (uint8_t)node[i] : 0;
}

int fdt_exclude_memory(void *fdt, size_t room, uint64_t base, uint64_t size)
{
	uint8_t *blob = fdt, *e, *at;
	struct bank b;
	size_t total = fdt_size(fdt), off_struct, off_strings, strings_end, grow, new_total;
	uint64_t bank, n, end;
	uint32_t na, ns;

	if (!total)
		return -1;
	off_struct = be32(blob + HDR_OFF_STRUCT);
	off_strings = be32(blob + HDR_OFF_STRINGS);
	strings_end = off_strings + be32(blob + HDR_SIZE_STRINGS);
	/* only the usual layout: strings last, right after the structure block */
	if (off_strings < off_struct + be32(blob + HDR_SIZE_STRUCT) || strings_end > total ||
	    find_bank(blob, &b, base, size) != 0)
		return -1;
	if (!b.entry)
		return 1;
	e = b.entry;
	na = b.cells[0];
	ns = b.cells[1];
	bank = get_cells(e, na);
	n = get_cells(e + 4 * na, ns);
	end = base + size;
	if (bank == base && n == size)
		return -1;	/* the whole bank: no entry left to describe */
	if (bank == base) {
		/* both values fit where the old ones were: they are within the bank */
		put_cells(e, end, na);
		put_cells(e + 4 * na, n - size, ns);
		rename_unit(b.name, get_cells(b.prop + 12, na));
		return 0;
	}
	put_cells(e + 4 * na, base - bank, ns);
	if (end == bank + n)
		return 0;
	/* a second entry for the rest of the bank, right after this one */
	grow = 4 * (na + ns);
	new_total = strings_end + grow > total ? strings_end + grow : total;
	at = e + grow;
	if (new_total > room) {
		put_cells(e + 4 * na, n, ns);	/* untouched */
		return -2;
	}
	memmove(at + grow, at, strings_end - (size_t)(at - blob));
	put_cells(at, end, na);
	put_cells(at + 4 * na, bank + n - end, ns);
	put32(b.prop + 4, be32(b.prop + 4) + (uint32_t)grow);
	put32(blob + HDR_OFF_STRINGS, (uint32_t)(off_strings + grow));
	put32(blob + HDR_SIZE_STRUCT, be32(blob + HDR_SIZE_STRUCT) + (uint32_t)grow);
	put32(blob + HDR_TOTALSIZE, (uint32_t)new_total);
	return 0;
}
