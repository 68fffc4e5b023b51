/*
 * Two in-place edits of a flattened device tree (devicetree spec v0.4,
 * 5.2-5.5) that hide a region from the OS.
 *
 * fdt_trim_memory: the reg of the /memory node whose bank starts at the
 * region is rewritten to start after it (same size of property: nothing
 * moves). The OS then never sees the region as memory, so never maps it,
 * and the tree keeps the nodes it has natively.
 *
 * fdt_add_reserved: insertion of a no-map /reserved-memory child.
 *
 *   header | mem_rsvmap | structure block | strings block
 *                          ^ insertion point: before the END_NODE of
 *                            /reserved-memory, or of / (new node)
 *
 * The tail after the insertion point moves up by the inserted size; new
 * property names are appended to the strings block.
 */
#include <miralis/fdt.h>
#include <miralis/fmt.h>

#include <stdbool.h>

#define TOK_BEGIN_NODE 1u
#define TOK_END_NODE 2u
#define TOK_PROP 3u
#define TOK_NOP 4u
#define TOK_END 9u

#define HDR_TOTALSIZE 4
#define HDR_OFF_STRUCT 8
#define HDR_OFF_STRINGS 12
#define HDR_VERSION 20
#define HDR_SIZE_STRINGS 32
#define HDR_SIZE_STRUCT 36

void *memmove(void *dst, const void *src, size_t n);
void *memcpy(void *dst, const void *src, size_t n);

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

/* Devicetree spec 2.3.5: #address-cells and #size-cells of a node without them */
#define DEFAULT_ADDR_CELLS 2
#define DEFAULT_SIZE_CELLS 1

struct scan {
	size_t insert;		/* structure offset where a new /reserved-memory child goes */
	bool have_resv;		/* /reserved-memory exists */
	uint32_t resv_cells[2];	/* #address-cells, #size-cells of /reserved-memory (2, 2 for a new one) */
	uint32_t root_cells[2];	/* #address-cells, #size-cells of / */
	uint8_t *mem_name;	/* the memory node whose reg has the bank at `base`, */
	uint8_t *mem_entry;	/* and that reg entry (NULL: no such bank) */
};

static uint64_t get_cells(const uint8_t *p, uint32_t cells);

/* The entry of reg for a bank [base, ...) larger than size, or NULL */
static uint8_t *bank_at(uint8_t *reg, uint32_t len, const uint32_t cells[2], uint64_t base,
			uint64_t size)
{
	uint32_t entry = 4 * (cells[0] + cells[1]);

	if (cells[0] - 1 > 1 || cells[1] - 1 > 1)
		return NULL;
	for (uint8_t *e = reg; e + entry <= reg + len; e += entry)
		if (get_cells(e, cells[0]) == base && get_cells(e + 4 * cells[0], cells[1]) > size)
			return e;
	return NULL;
}

/*
 * Walk the whole structure block: where to insert a /reserved-memory child,
 * and which device_type = "memory" child of / has a bank [base, ...) larger
 * than size (a node's properties come before its children, 5.4.2).
 */
static int scan(uint8_t *blob, struct scan *s, uint64_t base, uint64_t size)
{
	uint8_t *st = blob + be32(blob + HDR_OFF_STRUCT), *name = NULL, *reg = NULL;
	const char *strings = (const char *)blob + be32(blob + HDR_OFF_STRINGS);
	size_t len = be32(blob + HDR_SIZE_STRUCT), off = 0;
	uint32_t reg_len = 0;
	int depth = 0;
	bool in_resv = false, memory = false;

	*s = (struct scan){ .resv_cells = { 2, 2 },
			    .root_cells = { DEFAULT_ADDR_CELLS, DEFAULT_SIZE_CELLS } };
	while (off + 4 <= len) {
		uint32_t tok = be32(st + off);

		if (tok == TOK_BEGIN_NODE) {
			if (++depth == 2) {
				name = st + off + 4;
				reg = NULL;
				memory = false;
				in_resv = str_eq((const char *)name, "reserved-memory");
				s->have_resv |= in_resv;
			}
			off += 4 + align4(str_len((const char *)st + off + 4) + 1);
		} else if (tok == TOK_END_NODE) {
			if (depth == 2 && in_resv && !s->insert)
				s->insert = off;
			if (depth == 2 && memory && reg && !s->mem_entry) {
				s->mem_entry = bank_at(reg, reg_len, s->root_cells, base, size);
				s->mem_name = name;
			}
			if (depth == 1) {
				if (!s->have_resv)
					s->insert = off;
				return 0;
			}
			depth--;
			off += 4;
		} else if (tok == TOK_PROP) {
			uint32_t plen = be32(st + off + 4), *cells = NULL;
			const char *pname = strings + be32(st + off + 8);
			uint8_t *val = st + off + 12;

			if (depth == 1)
				cells = s->root_cells;
			else if (depth == 2 && in_resv)
				cells = s->resv_cells;
			if (cells && plen == 4 && str_eq(pname, "#address-cells"))
				cells[0] = be32(val);
			else if (cells && plen == 4 && str_eq(pname, "#size-cells"))
				cells[1] = be32(val);
			else if (depth == 2 && str_eq(pname, "device_type"))
				memory = plen == 7 && str_eq((const char *)val, "memory");
			else if (depth == 2 && str_eq(pname, "reg")) {
				reg = val;
				reg_len = plen;
			}
			off += 12 + align4(plen);
		} else if (tok == TOK_NOP) {
			off += 4;
		} else {
			return -1;	/* FDT_END before the root closed, or garbage */
		}
	}
	return -1;
}

struct builder {
	uint8_t *buf;
	size_t len;
	const uint8_t *blob;	/* for string look-ups */
	char *newstr;		/* names to append to the strings block */
	size_t newstr_len;
};

static uint32_t string_off(struct builder *b, const char *name)
{
	const char *strings = (const char *)b->blob + be32(b->blob + HDR_OFF_STRINGS);
	size_t size = be32(b->blob + HDR_SIZE_STRINGS), n = str_len(name);

	for (size_t i = 0; i + n < size; i++)
		if ((i == 0 || strings[i - 1] == '\0') && str_eq(strings + i, name))
			return (uint32_t)i;
	for (size_t i = 0; i < b->newstr_len; i += str_len(b->newstr + i) + 1)
		if (str_eq(b->newstr + i, name))
			return (uint32_t)(size + i);
	memcpy(b->newstr + b->newstr_len, name, n + 1);
	b->newstr_len += n + 1;
	return (uint32_t)(size + b->newstr_len - n - 1);
}

static void emit32(struct builder *b, uint32_t v)
{
	put32(b->buf + b->len, v);
	b->len += 4;
}

/* A node name with its NUL and zero padding to 4 bytes; returns the bytes written. */
static size_t put_name(uint8_t *p, const char *name)
{
	size_t n = str_len(name) + 1, padded = align4(n);

	for (size_t i = 0; i < padded; i++)
		p[i] = i < n ? (uint8_t)name[i] : 0;
	return padded;
}

static void emit_name(struct builder *b, const char *name)
{
	b->len += put_name(b->buf + b->len, name);
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

static void emit_cells(struct builder *b, uint64_t v, uint32_t cells)
{
	put_cells(b->buf + b->len, v, cells);
	b->len += 4 * cells;
}

static void emit_prop_u32(struct builder *b, const char *name, uint32_t v)
{
	emit32(b, TOK_PROP);
	emit32(b, 4);
	emit32(b, string_off(b, name));
	emit32(b, v);
}

/* "<name>@<base in hex>", the unit address of a node at base (2.2.1) */
static void unit_name(char *out, size_t size, const char *name, uint64_t base)
{
	fmt_snprintf(out, size, "%s@%lx", name, base);
}

/* "<name>@<old>" -> "<name>@<base>" when the new name takes no more room. */
static void rename_unit(uint8_t *name, uint64_t base)
{
	char prefix[41], node[64];
	size_t n = 0, old = str_len((const char *)name);

	while (name[n] && name[n] != '@')
		n++;
	if (name[n] != '@' || n >= sizeof(prefix))
		return;
	memcpy(prefix, name, n);
	prefix[n] = '\0';
	unit_name(node, sizeof(node), prefix, base);
	if (align4(str_len(node) + 1) == align4(old + 1))
		put_name(name, node);
}

int fdt_trim_memory(void *fdt, uint64_t base, uint64_t size)
{
	struct scan s;
	uint8_t *e;
	uint32_t na;

	if (!fdt_size(fdt) || scan(fdt, &s, base, size) != 0 || !s.mem_entry)
		return -1;
	/* what held the old base and size holds the new ones: both are smaller */
	e = s.mem_entry;
	na = s.root_cells[0];
	put_cells(e + 4 * na, get_cells(e + 4 * na, s.root_cells[1]) - size, s.root_cells[1]);
	put_cells(e, base + size, na);
	rename_unit(s.mem_name, base + size);
	return 0;
}

int fdt_add_reserved(void *fdt, size_t room, const char *name, uint64_t base, uint64_t size)
{
	uint8_t *blob = fdt, tokens[256];
	char newstr[96], node[64];
	struct builder b = { tokens, 0, blob, newstr, 0 };
	struct scan s;
	size_t total = fdt_size(fdt), off_struct, off_strings, size_strings, size_struct;

	if (!total || str_len(name) > 40)
		return -1;
	off_struct = be32(blob + HDR_OFF_STRUCT);
	off_strings = be32(blob + HDR_OFF_STRINGS);
	size_strings = be32(blob + HDR_SIZE_STRINGS);
	size_struct = be32(blob + HDR_SIZE_STRUCT);
	/* Only the usual layout: strings last, right after the structure block */
	if (off_strings < off_struct + size_struct || off_strings + size_strings > total ||
	    scan(blob, &s, 0, 0) != 0 || s.resv_cells[0] - 1 > 1 || s.resv_cells[1] - 1 > 1)
		return -1;

	if (!s.have_resv) {
		emit32(&b, TOK_BEGIN_NODE);
		emit_name(&b, "reserved-memory");
		emit_prop_u32(&b, "#address-cells", 2);
		emit_prop_u32(&b, "#size-cells", 2);
		emit32(&b, TOK_PROP);
		emit32(&b, 0);
		emit32(&b, string_off(&b, "ranges"));
	}
	/* a single cell cannot hold the region: refuse rather than truncate */
	if ((s.resv_cells[0] == 1 && (base >> 32)) || (s.resv_cells[1] == 1 && (size >> 32)))
		return -1;
	unit_name(node, sizeof(node), name, base);
	emit32(&b, TOK_BEGIN_NODE);
	emit_name(&b, node);
	emit32(&b, TOK_PROP);
	emit32(&b, 4 * (s.resv_cells[0] + s.resv_cells[1]));
	emit32(&b, string_off(&b, "reg"));
	emit_cells(&b, base, s.resv_cells[0]);
	emit_cells(&b, size, s.resv_cells[1]);
	emit32(&b, TOK_PROP);
	emit32(&b, 0);
	emit32(&b, string_off(&b, "no-map"));
	emit32(&b, TOK_END_NODE);
	if (!s.have_resv)
		emit32(&b, TOK_END_NODE);

	size_t strings_end = off_strings + size_strings;
	size_t new_total = strings_end + b.len + b.newstr_len;

	if (new_total < total)
		new_total = total;
	if (new_total > room)
		return -2;
	/* Open a gap at the insertion point, then append the new names */
	uint8_t *at = blob + off_struct + s.insert;

	memmove(at + b.len, at, strings_end - (off_struct + s.insert));
	memcpy(at, tokens, b.len);
	memcpy(blob + strings_end + b.len, newstr, b.newstr_len);
	put32(blob + HDR_OFF_STRINGS, (uint32_t)(off_strings + b.len));
	put32(blob + HDR_SIZE_STRUCT, (uint32_t)(size_struct + b.len));
	put32(blob + HDR_SIZE_STRINGS, (uint32_t)(size_strings + b.newstr_len));
	put32(blob + HDR_TOTALSIZE, (uint32_t)new_total);
	return 0;
}
