/*
 * fdt_trim_memory and fdt_add_reserved (src/core/fdt.c): hiding the
 * monitor's memory from the OS by cutting it off its memory bank, or with a
 * no-map /reserved-memory child. The blobs below were produced
 * once with dtc 1.6 from the source in the comment above each (no dtc at
 * build or run time); every result is checked by walking it with the
 * small reader at the top of this file. The outputs of the first three
 * cases were also decompiled once with `dtc -I dtb -O dts` by hand.
 */
#include <string.h>

#include <miralis/fdt.h>

#include "check.h"

/*
 * dtc -I dts -O dtb of:
 *
 * /dts-v1/;
 * /memreserve/ 0x87000000 0x1000;
 * / {
 *     #address-cells = <2>;
 *     #size-cells = <2>;
 *     compatible = "riscv-virtio";
 *     memory@80000000 {
 *         device_type = "memory";
 *         reg = <0x0 0x80000000 0x0 0x8000000>;
 *     };
 *     chosen {
 *         bootargs = "console=ttyS0";
 *     };
 * };
 */
static const uint8_t plain_dtb[] = {
	0xd0, 0x0d, 0xfe, 0xed, 0x00, 0x00, 0x01, 0x47, 0x00, 0x00, 0x00, 0x48,
	0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x28, 0x00, 0x00, 0x00, 0x11,
	0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3f,
	0x00, 0x00, 0x00, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x87, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03,
	0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x0f,
	0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x0d,
	0x00, 0x00, 0x00, 0x1b, 0x72, 0x69, 0x73, 0x63, 0x76, 0x2d, 0x76, 0x69,
	0x72, 0x74, 0x69, 0x6f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x40, 0x38, 0x30, 0x30, 0x30, 0x30,
	0x30, 0x30, 0x30, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x07,
	0x00, 0x00, 0x00, 0x26, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x32,
	0x00, 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01,
	0x63, 0x68, 0x6f, 0x73, 0x65, 0x6e, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03,
	0x00, 0x00, 0x00, 0x0e, 0x00, 0x00, 0x00, 0x36, 0x63, 0x6f, 0x6e, 0x73,
	0x6f, 0x6c, 0x65, 0x3d, 0x74, 0x74, 0x79, 0x53, 0x30, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x09,
	0x23, 0x61, 0x64, 0x64, 0x72, 0x65, 0x73, 0x73, 0x2d, 0x63, 0x65, 0x6c,
	0x6c, 0x73, 0x00, 0x23, 0x73, 0x69, 0x7a, 0x65, 0x2d, 0x63, 0x65, 0x6c,
	0x6c, 0x73, 0x00, 0x63, 0x6f, 0x6d, 0x70, 0x61, 0x74, 0x69, 0x62, 0x6c,
	0x65, 0x00, 0x64, 0x65, 0x76, 0x69, 0x63, 0x65, 0x5f, 0x74, 0x79, 0x70,
	0x65, 0x00, 0x72, 0x65, 0x67, 0x00, 0x62, 0x6f, 0x6f, 0x74, 0x61, 0x72,
	0x67, 0x73, 0x00,
};

/* for test_handover.c (check.h declares them) */
const uint8_t *const test_plain_dtb = plain_dtb;
const size_t test_plain_dtb_size = sizeof(plain_dtb);

/*
 * dtc -I dts -O dtb of:
 *
 * /dts-v1/;
 * / {
 *     #address-cells = <2>;
 *     #size-cells = <2>;
 *     reserved-memory {
 *         #address-cells = <1>;
 *         #size-cells = <1>;
 *         ranges;
 *         mmode_resv0@80000000 {
 *             reg = <0x80000000 0x40000>;
 *             no-map;
 *         };
 *     };
 *     chosen {
 *         bootargs = "console=ttyS0";
 *     };
 * };
 */
static const uint8_t resv_dtb[] = {
	0xd0, 0x0d, 0xfe, 0xed, 0x00, 0x00, 0x01, 0x4e, 0x00, 0x00, 0x00, 0x38,
	0x00, 0x00, 0x01, 0x18, 0x00, 0x00, 0x00, 0x28, 0x00, 0x00, 0x00, 0x11,
	0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x36,
	0x00, 0x00, 0x00, 0xe0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x03,
	0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x0f, 0x00, 0x00, 0x00, 0x02,
	0x00, 0x00, 0x00, 0x01, 0x72, 0x65, 0x73, 0x65, 0x72, 0x76, 0x65, 0x64,
	0x2d, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x00, 0x00, 0x00, 0x00, 0x03,
	0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x0f,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x1b, 0x00, 0x00, 0x00, 0x01, 0x6d, 0x6d, 0x6f, 0x64,
	0x65, 0x5f, 0x72, 0x65, 0x73, 0x76, 0x30, 0x40, 0x38, 0x30, 0x30, 0x30,
	0x30, 0x30, 0x30, 0x30, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03,
	0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x22, 0x80, 0x00, 0x00, 0x00,
	0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x26, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02,
	0x00, 0x00, 0x00, 0x01, 0x63, 0x68, 0x6f, 0x73, 0x65, 0x6e, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x0e, 0x00, 0x00, 0x00, 0x2d,
	0x63, 0x6f, 0x6e, 0x73, 0x6f, 0x6c, 0x65, 0x3d, 0x74, 0x74, 0x79, 0x53,
	0x30, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02,
	0x00, 0x00, 0x00, 0x09, 0x23, 0x61, 0x64, 0x64, 0x72, 0x65, 0x73, 0x73,
	0x2d, 0x63, 0x65, 0x6c, 0x6c, 0x73, 0x00, 0x23, 0x73, 0x69, 0x7a, 0x65,
	0x2d, 0x63, 0x65, 0x6c, 0x6c, 0x73, 0x00, 0x72, 0x61, 0x6e, 0x67, 0x65,
	0x73, 0x00, 0x72, 0x65, 0x67, 0x00, 0x6e, 0x6f, 0x2d, 0x6d, 0x61, 0x70,
	0x00, 0x62, 0x6f, 0x6f, 0x74, 0x61, 0x72, 0x67, 0x73, 0x00,
};

/*
 * dtc -I dts -O dtb of:
 *
 * /dts-v1/;
 * / {
 *     #address-cells = <2>;
 *     #size-cells = <2>;
 *     soc {
 *         reserved-memory {
 *             status = "okay";
 *         };
 *     };
 *     reserved-memory-not {
 *         status = "okay";
 *     };
 * };
 */
static const uint8_t nested_dtb[] = {
	0xd0, 0x0d, 0xfe, 0xed, 0x00, 0x00, 0x00, 0xf2, 0x00, 0x00, 0x00, 0x38,
	0x00, 0x00, 0x00, 0xd0, 0x00, 0x00, 0x00, 0x28, 0x00, 0x00, 0x00, 0x11,
	0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x22,
	0x00, 0x00, 0x00, 0x98, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x03,
	0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x0f, 0x00, 0x00, 0x00, 0x02,
	0x00, 0x00, 0x00, 0x01, 0x73, 0x6f, 0x63, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x72, 0x65, 0x73, 0x65, 0x72, 0x76, 0x65, 0x64, 0x2d, 0x6d, 0x65, 0x6d,
	0x6f, 0x72, 0x79, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x05,
	0x00, 0x00, 0x00, 0x1b, 0x6f, 0x6b, 0x61, 0x79, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01,
	0x72, 0x65, 0x73, 0x65, 0x72, 0x76, 0x65, 0x64, 0x2d, 0x6d, 0x65, 0x6d,
	0x6f, 0x72, 0x79, 0x2d, 0x6e, 0x6f, 0x74, 0x00, 0x00, 0x00, 0x00, 0x03,
	0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x1b, 0x6f, 0x6b, 0x61, 0x79,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02,
	0x00, 0x00, 0x00, 0x09, 0x23, 0x61, 0x64, 0x64, 0x72, 0x65, 0x73, 0x73,
	0x2d, 0x63, 0x65, 0x6c, 0x6c, 0x73, 0x00, 0x23, 0x73, 0x69, 0x7a, 0x65,
	0x2d, 0x63, 0x65, 0x6c, 0x6c, 0x73, 0x00, 0x73, 0x74, 0x61, 0x74, 0x75,
	0x73, 0x00,
};

/* ---- a minimal reader (devicetree spec v0.4, 5.2-5.5) ---- */

#define TOK_BEGIN 1u
#define TOK_END_NODE 2u
#define TOK_PROP 3u
#define TOK_NOP 4u
#define TOK_END 9u

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

#define H_TOTALSIZE 4
#define H_OFF_STRUCT 8
#define H_OFF_STRINGS 12
#define H_OFF_RSVMAP 16
#define H_SIZE_STRINGS 32
#define H_SIZE_STRUCT 36

static uint32_t hdr(const uint8_t *b, unsigned off)
{
	return be32(b + off);
}

static size_t pad4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

/*
 * Walk the whole structure block: tokens well formed, nodes balanced, every
 * name offset inside the strings block, FDT_END last. Returns the number of
 * nodes, or -1.
 */
static int fdt_check(const uint8_t *b, size_t room)
{
	size_t total = hdr(b, H_TOTALSIZE), st = hdr(b, H_OFF_STRUCT), len = hdr(b, H_SIZE_STRUCT);
	size_t strs = hdr(b, H_OFF_STRINGS), strs_len = hdr(b, H_SIZE_STRINGS), off = 0;
	int depth = 0, nodes = 0;

	if (be32(b) != FDT_MAGIC || total > room || st + len > strs || strs + strs_len > total)
		return -1;
	while (off + 4 <= len) {
		uint32_t tok = be32(b + st + off);

		if (tok == TOK_BEGIN) {
			size_t n = strlen((const char *)b + st + off + 4);

			depth++;
			nodes++;
			off += 4 + pad4(n + 1);
		} else if (tok == TOK_END_NODE) {
			if (--depth < 0)
				return -1;
			off += 4;
		} else if (tok == TOK_PROP) {
			if (depth < 1 || be32(b + st + off + 8) >= strs_len)
				return -1;
			off += 12 + pad4(be32(b + st + off + 4));
		} else if (tok == TOK_NOP) {
			off += 4;
		} else if (tok == TOK_END) {
			return depth == 0 && off + 4 == len ? nodes : -1;
		} else {
			return -1;
		}
	}
	return -1;
}

/* Structure offset of the node at path ("/a/b"), or -1. */
static long fdt_node(const uint8_t *b, const char *path)
{
	const uint8_t *st = b + hdr(b, H_OFF_STRUCT);
	size_t len = hdr(b, H_SIZE_STRUCT), off = 0;
	char cur[256] = "";
	size_t stack[16];
	int depth = 0;

	while (off + 4 <= len) {
		uint32_t tok = be32(st + off);

		if (tok == TOK_BEGIN) {
			const char *name = (const char *)st + off + 4;

			stack[depth++] = strlen(cur);
			if (depth > 1 || name[0]) {
				strcat(cur, "/");
				strcat(cur, name);
			}
			if (strcmp(depth == 1 ? "/" : cur, path) == 0)
				return (long)off;
			off += 4 + pad4(strlen(name) + 1);
		} else if (tok == TOK_END_NODE) {
			cur[stack[--depth]] = '\0';
			off += 4;
		} else if (tok == TOK_PROP) {
			off += 12 + pad4(be32(st + off + 4));
		} else if (tok == TOK_NOP) {
			off += 4;
		} else {
			break;
		}
	}
	return -1;
}

/* Property of the node at node_off (its own, not its children's). */
static const uint8_t *fdt_prop(const uint8_t *b, long node_off, const char *name, int *plen)
{
	const uint8_t *st = b + hdr(b, H_OFF_STRUCT);
	const char *strs = (const char *)b + hdr(b, H_OFF_STRINGS);
	size_t off = (size_t)node_off + 4 + pad4(strlen((const char *)st + node_off + 4) + 1);

	for (;;) {
		uint32_t tok = be32(st + off);

		if (tok == TOK_NOP) {
			off += 4;
			continue;
		}
		if (tok != TOK_PROP)
			return NULL;
		if (strcmp(strs + be32(st + off + 8), name) == 0) {
			*plen = (int)be32(st + off + 4);
			return st + off + 12;
		}
		off += 12 + pad4(be32(st + off + 4));
	}
}

/* Direct children of the node at node_off. */
static int fdt_children(const uint8_t *b, long node_off)
{
	const uint8_t *st = b + hdr(b, H_OFF_STRUCT);
	size_t off = (size_t)node_off + 4 + pad4(strlen((const char *)st + node_off + 4) + 1);
	int depth = 1, n = 0;

	while (depth > 0) {
		uint32_t tok = be32(st + off);

		if (tok == TOK_BEGIN) {
			if (depth++ == 1)
				n++;
			off += 4 + pad4(strlen((const char *)st + off + 4) + 1);
		} else if (tok == TOK_END_NODE) {
			depth--;
			off += 4;
		} else if (tok == TOK_PROP) {
			off += 12 + pad4(be32(st + off + 4));
		} else if (tok == TOK_NOP) {
			off += 4;
		} else {
			return -1;
		}
	}
	return n;
}

static bool prop_is_u32(const uint8_t *b, long node, const char *name, uint32_t v)
{
	int len = -1;
	const uint8_t *p = fdt_prop(b, node, name, &len);

	return p && len == 4 && be32(p) == v;
}

static bool prop_is_empty(const uint8_t *b, long node, const char *name)
{
	int len = -1;

	return fdt_prop(b, node, name, &len) && len == 0;
}

static bool prop_is_string(const uint8_t *b, long node, const char *name, const char *s)
{
	int len = -1;
	const uint8_t *p = fdt_prop(b, node, name, &len);

	return p && len == (int)strlen(s) + 1 && memcmp(p, s, (size_t)len) == 0;
}

/* reg of `cells` 32-bit cells, compared with want[] */
static bool prop_is_cells(const uint8_t *b, long node, const char *name, const uint32_t *want,
			  int cells)
{
	int len = -1;
	const uint8_t *p = fdt_prop(b, node, name, &len);

	if (!p || len != 4 * cells)
		return false;
	for (int i = 0; i < cells; i++)
		if (be32(p + 4 * i) != want[i])
			return false;
	return true;
}

/* ---- the cases ---- */

#define ROOM 2048

static uint8_t buf[ROOM + 64];

/* The blob at the start of buf, the rest filled with a marker byte. */
static void load(const uint8_t *blob, size_t size)
{
	memset(buf, 0xa5, sizeof(buf));
	memcpy(buf, blob, size);
}

/* What the original blob still says, whatever was inserted. */
static void check_plain_untouched(const uint8_t *b)
{
	static const uint32_t mem_reg[] = { 0, 0x80000000, 0, 0x8000000 };
	long mem = fdt_node(b, "/memory@80000000"), chosen = fdt_node(b, "/chosen");

	CHECK(prop_is_u32(b, fdt_node(b, "/"), "#address-cells", 2));
	CHECK(prop_is_string(b, fdt_node(b, "/"), "compatible", "riscv-virtio"));
	CHECK(mem >= 0);
	CHECK(prop_is_string(b, mem, "device_type", "memory"));
	CHECK(prop_is_cells(b, mem, "reg", mem_reg, 4));
	CHECK(chosen >= 0);
	CHECK(prop_is_string(b, chosen, "bootargs", "console=ttyS0"));
	/* the memory reservation block: 0x87000000 + 0x1000, then the terminator */
	CHECK_EQ(be32(b + hdr(b, H_OFF_RSVMAP) + 4), 0x87000000);
	CHECK_EQ(be32(b + hdr(b, H_OFF_RSVMAP) + 12), 0x1000);
	CHECK_EQ(be32(b + hdr(b, H_OFF_RSVMAP) + 28), 0);
}

TEST(fdt_size_accepts_only_a_valid_header)
{
	static const uint8_t zeros[64];

	CHECK_EQ(fdt_size(plain_dtb), sizeof(plain_dtb));
	CHECK_EQ(fdt_size(resv_dtb), sizeof(resv_dtb));
	CHECK_EQ(fdt_size(zeros), 0);
	CHECK_EQ(fdt_size(NULL), 0);
	load(plain_dtb, sizeof(plain_dtb));
	put32(buf + 20, 15);	/* version 15: older than the format we edit */
	CHECK_EQ(fdt_size(buf), 0);
	/* the reference blobs are what the reader expects */
	CHECK_EQ(fdt_check(plain_dtb, sizeof(plain_dtb)), 3);
	CHECK_EQ(fdt_check(resv_dtb, sizeof(resv_dtb)), 4);
	CHECK_EQ(fdt_check(nested_dtb, sizeof(nested_dtb)), 4);
}

TEST(fdt_creates_reserved_memory_when_missing)
{
	static const uint32_t reg[] = { 0, 0x80000000, 0, 0x200000 };
	long resv, child;

	load(plain_dtb, sizeof(plain_dtb));
	CHECK(fdt_node(buf, "/reserved-memory") < 0);
	CHECK_EQ(fdt_add_reserved(buf, ROOM, "miralis", 0x80000000, 0x200000), 0);
	CHECK_EQ(fdt_check(buf, ROOM), 5);
	CHECK(hdr(buf, H_TOTALSIZE) > sizeof(plain_dtb));
	CHECK_EQ(buf[ROOM], 0xa5);	/* nothing written beyond room */
	resv = fdt_node(buf, "/reserved-memory");
	CHECK(resv >= 0);
	if (resv < 0)
		return;
	CHECK(prop_is_u32(buf, resv, "#address-cells", 2));
	CHECK(prop_is_u32(buf, resv, "#size-cells", 2));
	CHECK(prop_is_empty(buf, resv, "ranges"));
	CHECK_EQ(fdt_children(buf, resv), 1);
	child = fdt_node(buf, "/reserved-memory/miralis@80000000");
	CHECK(child >= 0);
	if (child < 0)
		return;
	CHECK(prop_is_cells(buf, child, "reg", reg, 4));
	CHECK(prop_is_empty(buf, child, "no-map"));
	CHECK_EQ(fdt_children(buf, fdt_node(buf, "/")), 3);
	check_plain_untouched(buf);
}

TEST(fdt_adds_a_child_to_an_existing_reserved_memory)
{
	static const uint32_t old_reg[] = { 0x80000000, 0x40000 };
	static const uint32_t new_reg[] = { 0x80200000, 0x200000 };
	long resv, child;
	uint32_t strings_before;

	load(resv_dtb, sizeof(resv_dtb));
	strings_before = hdr(buf, H_SIZE_STRINGS);
	CHECK_EQ(fdt_add_reserved(buf, ROOM, "miralis", 0x80200000, 0x200000), 0);
	CHECK_EQ(fdt_check(buf, ROOM), 5);
	resv = fdt_node(buf, "/reserved-memory");
	CHECK(resv >= 0);
	if (resv < 0)
		return;
	CHECK_EQ(fdt_children(buf, resv), 2);
	CHECK_EQ(fdt_children(buf, fdt_node(buf, "/")), 2);	/* no second node */
	/* the node's own cells (1 + 1) shape the new reg */
	CHECK(prop_is_u32(buf, resv, "#address-cells", 1));
	CHECK(prop_is_u32(buf, resv, "#size-cells", 1));
	child = fdt_node(buf, "/reserved-memory/miralis@80200000");
	CHECK(child >= 0);
	if (child < 0)
		return;
	CHECK(prop_is_cells(buf, child, "reg", new_reg, 2));
	CHECK(prop_is_empty(buf, child, "no-map"));
	CHECK(prop_is_cells(buf, fdt_node(buf, "/reserved-memory/mmode_resv0@80000000"), "reg",
			    old_reg, 2));
	CHECK(prop_is_string(buf, fdt_node(buf, "/chosen"), "bootargs", "console=ttyS0"));
	/* "reg" and "no-map" were already in the strings block: reused */
	CHECK_EQ(hdr(buf, H_SIZE_STRINGS), strings_before);
}

TEST(fdt_only_a_top_level_reserved_memory_counts)
{
	long resv;

	load(nested_dtb, sizeof(nested_dtb));
	CHECK_EQ(fdt_add_reserved(buf, ROOM, "miralis", 0x80000000, 0x200000), 0);
	CHECK_EQ(fdt_check(buf, ROOM), 6);
	resv = fdt_node(buf, "/reserved-memory");
	CHECK(resv >= 0);
	if (resv < 0)
		return;
	CHECK_EQ(fdt_children(buf, resv), 1);
	CHECK_EQ(fdt_children(buf, fdt_node(buf, "/soc/reserved-memory")), 0);
	CHECK_EQ(fdt_children(buf, fdt_node(buf, "/reserved-memory-not")), 0);
	CHECK(fdt_node(buf, "/reserved-memory/miralis@80000000") >= 0);
}

TEST(fdt_second_reservation_joins_the_first)
{
	long resv;
	uint32_t strings_after_first;

	load(plain_dtb, sizeof(plain_dtb));
	CHECK_EQ(fdt_add_reserved(buf, ROOM, "miralis", 0x80000000, 0x200000), 0);
	strings_after_first = hdr(buf, H_SIZE_STRINGS);
	CHECK_EQ(fdt_add_reserved(buf, ROOM, "other", 0x0, 0x1000), 0);
	CHECK_EQ(fdt_check(buf, ROOM), 6);
	resv = fdt_node(buf, "/reserved-memory");
	CHECK_EQ(fdt_children(buf, resv), 2);
	CHECK_EQ(fdt_children(buf, fdt_node(buf, "/")), 3);
	CHECK(fdt_node(buf, "/reserved-memory/other@0") >= 0);
	CHECK_EQ(hdr(buf, H_SIZE_STRINGS), strings_after_first);
	check_plain_untouched(buf);
}

TEST(fdt_free_space_inside_the_blob_is_used)
{
	size_t total = sizeof(plain_dtb) + 256;

	load(plain_dtb, sizeof(plain_dtb));
	memset(buf + sizeof(plain_dtb), 0, 256);
	put32(buf + H_TOTALSIZE, (uint32_t)total);
	CHECK_EQ(fdt_add_reserved(buf, total, "miralis", 0x80000000, 0x200000), 0);
	CHECK_EQ(hdr(buf, H_TOTALSIZE), total);
	CHECK_EQ(fdt_check(buf, total), 5);
	CHECK(fdt_node(buf, "/reserved-memory/miralis@80000000") >= 0);
	check_plain_untouched(buf);
}

static void check_too_small(const uint8_t *blob, size_t size)
{
	static uint8_t before[ROOM + 64];
	size_t need;

	load(blob, size);
	CHECK_EQ(fdt_add_reserved(buf, ROOM, "miralis", 0x80000000, 0x200000), 0);
	need = hdr(buf, H_TOTALSIZE);
	load(blob, size);
	memcpy(before, buf, sizeof(buf));
	CHECK_EQ(fdt_add_reserved(buf, need - 1, "miralis", 0x80000000, 0x200000), -2);
	CHECK(memcmp(before, buf, sizeof(buf)) == 0);
	CHECK_EQ(fdt_add_reserved(buf, size, "miralis", 0x80000000, 0x200000), -2);
	CHECK(memcmp(before, buf, sizeof(buf)) == 0);
	CHECK_EQ(fdt_add_reserved(buf, need, "miralis", 0x80000000, 0x200000), 0);
	CHECK_EQ(fdt_check(buf, need), fdt_check(blob, size) + (blob == plain_dtb ? 2 : 1));
}

TEST(fdt_too_little_room_leaves_the_blob_untouched)
{
	check_too_small(plain_dtb, sizeof(plain_dtb));
	check_too_small(resv_dtb, sizeof(resv_dtb));
}

TEST(fdt_garbage_is_rejected_untouched)
{
	static uint8_t before[ROOM + 64];

	memset(buf, 0, sizeof(buf));
	CHECK_EQ(fdt_add_reserved(buf, ROOM, "miralis", 0x80000000, 0x200000), -1);
	memset(buf, 0xff, sizeof(buf));
	CHECK_EQ(fdt_add_reserved(buf, ROOM, "miralis", 0x80000000, 0x200000), -1);
	CHECK_EQ(fdt_add_reserved(NULL, ROOM, "miralis", 0x80000000, 0x200000), -1);

	/* a valid header over a structure block holding an unknown token */
	load(plain_dtb, sizeof(plain_dtb));
	put32(buf + hdr(buf, H_OFF_STRUCT) + 8, 0x77);
	memcpy(before, buf, sizeof(buf));
	CHECK_EQ(fdt_add_reserved(buf, ROOM, "miralis", 0x80000000, 0x200000), -1);
	CHECK(memcmp(before, buf, sizeof(buf)) == 0);

	/* the root never closes: FDT_END too early */
	load(plain_dtb, sizeof(plain_dtb));
	put32(buf + hdr(buf, H_OFF_STRUCT) + hdr(buf, H_SIZE_STRUCT) - 8, TOK_END);
	CHECK_EQ(fdt_add_reserved(buf, ROOM, "miralis", 0x80000000, 0x200000), -1);

	/* strings block overlapping the structure block */
	load(plain_dtb, sizeof(plain_dtb));
	put32(buf + H_OFF_STRINGS, hdr(buf, H_OFF_STRUCT) + 8);
	CHECK_EQ(fdt_add_reserved(buf, ROOM, "miralis", 0x80000000, 0x200000), -1);

	/* strings block past the end of the blob */
	load(plain_dtb, sizeof(plain_dtb));
	put32(buf + H_SIZE_STRINGS, hdr(buf, H_SIZE_STRINGS) + 64);
	CHECK_EQ(fdt_add_reserved(buf, ROOM, "miralis", 0x80000000, 0x200000), -1);

	/* an existing /reserved-memory with 3 address cells is not supported */
	load(resv_dtb, sizeof(resv_dtb));
	{
		long resv = fdt_node(buf, "/reserved-memory");
		int len = 0;
		uint8_t *cells = (uint8_t *)fdt_prop(buf, resv, "#address-cells", &len);

		put32(cells, 3);
	}
	memcpy(before, buf, sizeof(buf));
	CHECK_EQ(fdt_add_reserved(buf, ROOM, "miralis", 0x80000000, 0x200000), -1);
	CHECK(memcmp(before, buf, sizeof(buf)) == 0);
}

TEST(fdt_node_name_carries_the_base_in_hex)
{
	load(plain_dtb, sizeof(plain_dtb));
	CHECK_EQ(fdt_add_reserved(buf, ROOM, "a", 0x0, 0x1000), 0);
	CHECK_EQ(fdt_add_reserved(buf, ROOM, "b", 0x1000, 0x1000), 0);
	CHECK_EQ(fdt_add_reserved(buf, ROOM, "c", 0xfedcba9876543210ULL, 0x1000), 0);
	CHECK(fdt_node(buf, "/reserved-memory/a@0") >= 0);
	CHECK(fdt_node(buf, "/reserved-memory/b@1000") >= 0);
	CHECK(fdt_node(buf, "/reserved-memory/c@fedcba9876543210") >= 0);
	CHECK_EQ(fdt_check(buf, ROOM), 7);
	/* over-long names are refused */
	CHECK_EQ(fdt_add_reserved(buf, ROOM, "a-very-long-node-name-that-goes-on-and-on-", 0, 8),
		 -1);
}

/* ---- fdt_trim_memory ---- */

TEST(fdt_trim_cuts_the_region_off_the_front_of_its_bank)
{
	static const uint32_t reg[] = { 0, 0x80020000, 0, 0x7fe0000 };
	long mem;

	load(plain_dtb, sizeof(plain_dtb));
	CHECK_EQ(fdt_trim_memory(buf, 0x80000000, 0x20000), 0);
	/* nothing moved or grew: the same nodes, the same bytes but the edited ones */
	CHECK_EQ(fdt_check(buf, ROOM), 3);
	CHECK_EQ(hdr(buf, H_TOTALSIZE), sizeof(plain_dtb));
	CHECK(fdt_node(buf, "/memory@80000000") < 0);
	mem = fdt_node(buf, "/memory@80020000");
	CHECK(mem >= 0);
	if (mem < 0)
		return;
	CHECK(prop_is_string(buf, mem, "device_type", "memory"));
	CHECK(prop_is_cells(buf, mem, "reg", reg, 4));
	CHECK(fdt_node(buf, "/reserved-memory") < 0);
	CHECK(prop_is_string(buf, fdt_node(buf, "/chosen"), "bootargs", "console=ttyS0"));
	CHECK_EQ(be32(buf + hdr(buf, H_OFF_RSVMAP) + 4), 0x87000000);
}

/* blob unchanged and -1 when the region is not the front of a bank */
static void check_not_trimmed(const uint8_t *blob, size_t size, uint64_t base, uint64_t len)
{
	static uint8_t before[ROOM + 64];

	if (blob != buf)
		load(blob, size);
	memcpy(before, buf, sizeof(buf));
	CHECK_EQ(fdt_trim_memory(buf, base, len), -1);
	CHECK(memcmp(before, buf, sizeof(buf)) == 0);
}

TEST(fdt_trim_only_at_the_start_of_a_larger_bank)
{
	check_not_trimmed(plain_dtb, sizeof(plain_dtb), 0x80200000, 0x20000);	/* inside */
	check_not_trimmed(plain_dtb, sizeof(plain_dtb), 0x7fff0000, 0x20000);	/* below */
	check_not_trimmed(plain_dtb, sizeof(plain_dtb), 0x80000000, 0x8000000);	/* all of it */
	/* reserved-memory children are not memory banks, whatever their reg says */
	check_not_trimmed(resv_dtb, sizeof(resv_dtb), 0x80000000, 0x1000);
	check_not_trimmed(nested_dtb, sizeof(nested_dtb), 0x80000000, 0x1000);
	/* a bank of a node that is not device_type = "memory" */
	load(plain_dtb, sizeof(plain_dtb));
	{
		int len = 0;
		uint8_t *type = (uint8_t *)fdt_prop(buf, fdt_node(buf, "/memory@80000000"),
						    "device_type", &len);

		type[0] = 'n';
		check_not_trimmed(buf, sizeof(plain_dtb), 0x80000000, 0x20000);
	}
}

TEST(fdt_trim_reads_the_root_cells)
{
	static const uint32_t reg[] = { 0x80020000, 0x7fe0000 };
	uint8_t *p;
	int len = 0;
	long root, mem;

	/* #address-cells = #size-cells = 1: reg as 2 cells (the 16-byte value, first half) */
	load(plain_dtb, sizeof(plain_dtb));
	root = fdt_node(buf, "/");
	put32((uint8_t *)fdt_prop(buf, root, "#address-cells", &len), 1);
	put32((uint8_t *)fdt_prop(buf, root, "#size-cells", &len), 1);
	mem = fdt_node(buf, "/memory@80000000");
	p = (uint8_t *)fdt_prop(buf, mem, "reg", &len);
	put32(p, 0x80000000);
	put32(p + 4, 0x8000000);
	put32(p + 8, 0x90000000);	/* a second bank */
	put32(p + 12, 0x1000000);
	CHECK_EQ(fdt_trim_memory(buf, 0x80000000, 0x20000), 0);
	mem = fdt_node(buf, "/memory@80020000");
	CHECK(mem >= 0);
	p = (uint8_t *)fdt_prop(buf, mem, "reg", &len);
	CHECK(p && be32(p) == reg[0] && be32(p + 4) == reg[1] && be32(p + 8) == 0x90000000);
	/* the second bank of the node can be the one */
	CHECK_EQ(fdt_trim_memory(buf, 0x90000000, 0x1000), 0);
	CHECK(fdt_node(buf, "/memory@90001000") >= 0);
	CHECK(p && be32(p + 8) == 0x90001000 && be32(p + 12) == 0xfff000);
	/* 3 address cells: not supported, untouched */
	load(plain_dtb, sizeof(plain_dtb));
	put32((uint8_t *)fdt_prop(buf, fdt_node(buf, "/"), "#address-cells", &len), 3);
	check_not_trimmed(buf, sizeof(plain_dtb), 0x80000000, 0x20000);
}

TEST(fdt_trim_keeps_a_name_that_would_grow)
{
	load(plain_dtb, sizeof(plain_dtb));
	/* "memory@80000000" (16 bytes with its NUL) cannot become "memory@180000000" in place */
	{
		int len = 0;
		long mem = fdt_node(buf, "/memory@80000000");
		uint8_t *p = (uint8_t *)fdt_prop(buf, mem, "reg", &len);

		put32(p, 1);	/* the bank at 0x1_8000_0000 */
	}
	CHECK_EQ(fdt_trim_memory(buf, 0x180000000ULL, 0x80000000ULL), -1);	/* all of it */
	CHECK_EQ(fdt_trim_memory(buf, 0x180000000ULL, 0x20000), 0);
	CHECK(fdt_node(buf, "/memory@80000000") >= 0);
	CHECK_EQ(fdt_check(buf, ROOM), 3);
}

TEST(fdt_trim_rejects_garbage)
{
	memset(buf, 0, sizeof(buf));
	CHECK_EQ(fdt_trim_memory(buf, 0x80000000, 0x20000), -1);
	CHECK_EQ(fdt_trim_memory(NULL, 0x80000000, 0x20000), -1);
	/* an unknown token before the memory node closes */
	load(plain_dtb, sizeof(plain_dtb));
	put32(buf + hdr(buf, H_OFF_STRUCT) + 8, 0x77);
	check_not_trimmed(buf, sizeof(plain_dtb), 0x80000000, 0x20000);
}
