/*
 * fdt_exclude_memory (src/core/fdt.c): hiding the monitor's memory from the
 * OS by taking it out of its memory bank (trimmed at either end, or split
 * in two). The blobs below were produced
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

static bool prop_is_u32(const uint8_t *b, long node, const char *name, uint32_t v)
{
	int len = -1;
	const uint8_t *p = fdt_prop(b, node, name, &len);

	return p && len == 4 && be32(p) == v;
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

/* The memory node's reg as 2 + 2 cells: n entries of (base, size) */
static bool mem_reg_is(const uint8_t *b, const char *path, const uint64_t *want, int n)
{
	uint32_t cells[16];

	for (int i = 0; i < 2 * n; i++) {
		cells[2 * i] = (uint32_t)(want[i] >> 32);
		cells[2 * i + 1] = (uint32_t)want[i];
	}
	return prop_is_cells(b, fdt_node(b, path), "reg", cells, 4 * n);
}

/* What the edit must leave as it was: the root, /chosen, the reservation block */
static void check_rest_untouched(const uint8_t *b)
{
	CHECK(prop_is_u32(b, fdt_node(b, "/"), "#address-cells", 2));
	CHECK(prop_is_string(b, fdt_node(b, "/"), "compatible", "riscv-virtio"));
	CHECK(prop_is_string(b, fdt_node(b, "/chosen"), "bootargs", "console=ttyS0"));
	/* the memory reservation block: 0x87000000 + 0x1000, then the terminator */
	CHECK_EQ(be32(b + hdr(b, H_OFF_RSVMAP) + 4), 0x87000000);
	CHECK_EQ(be32(b + hdr(b, H_OFF_RSVMAP) + 12), 0x1000);
	CHECK_EQ(be32(b + hdr(b, H_OFF_RSVMAP) + 28), 0);
}

TEST(fdt_exclude_cuts_the_region_off_the_front_of_its_bank)
{
	static const uint64_t reg[] = { 0x80020000, 0x7fe0000 };

	load(plain_dtb, sizeof(plain_dtb));
	CHECK_EQ(fdt_exclude_memory(buf, ROOM, 0x80000000, 0x20000), 0);
	/* nothing moved or grew: the same nodes, the edited values in place */
	CHECK_EQ(fdt_check(buf, ROOM), 3);
	CHECK_EQ(hdr(buf, H_TOTALSIZE), sizeof(plain_dtb));
	CHECK(fdt_node(buf, "/memory@80000000") < 0);
	CHECK(prop_is_string(buf, fdt_node(buf, "/memory@80020000"), "device_type", "memory"));
	CHECK(mem_reg_is(buf, "/memory@80020000", reg, 1));
	CHECK(fdt_node(buf, "/reserved-memory") < 0);
	check_rest_untouched(buf);
}

TEST(fdt_exclude_cuts_the_region_off_the_end_of_its_bank)
{
	static const uint64_t reg[] = { 0x80000000, 0x7ff0000 };

	load(plain_dtb, sizeof(plain_dtb));
	CHECK_EQ(fdt_exclude_memory(buf, ROOM, 0x87ff0000, 0x10000), 0);
	CHECK_EQ(fdt_check(buf, ROOM), 3);
	CHECK_EQ(hdr(buf, H_TOTALSIZE), sizeof(plain_dtb));
	CHECK(mem_reg_is(buf, "/memory@80000000", reg, 1));
	check_rest_untouched(buf);
}

TEST(fdt_exclude_splits_a_bank_around_the_region)
{
	static const uint64_t reg[] = { 0x80000000, 0x200000, 0x80280000, 0x7d80000 };
	uint32_t strings = hdr(plain_dtb, H_SIZE_STRINGS);

	load(plain_dtb, sizeof(plain_dtb));
	CHECK_EQ(fdt_exclude_memory(buf, ROOM, 0x80200000, 0x80000), 0);
	/* one more entry of 16 bytes, the rest moved up, nothing past the new end */
	CHECK_EQ(fdt_check(buf, ROOM), 3);
	CHECK_EQ(hdr(buf, H_TOTALSIZE), sizeof(plain_dtb) + 16);
	CHECK_EQ(hdr(buf, H_SIZE_STRUCT), hdr(plain_dtb, H_SIZE_STRUCT) + 16);
	CHECK_EQ(hdr(buf, H_SIZE_STRINGS), strings);
	CHECK_EQ(buf[sizeof(plain_dtb) + 16], 0xa5);
	CHECK(mem_reg_is(buf, "/memory@80000000", reg, 2));
	check_rest_untouched(buf);
}

TEST(fdt_exclude_uses_free_space_inside_the_blob)
{
	size_t total = sizeof(plain_dtb) + 256;

	load(plain_dtb, sizeof(plain_dtb));
	memset(buf + sizeof(plain_dtb), 0, 256);
	put32(buf + H_TOTALSIZE, (uint32_t)total);
	CHECK_EQ(fdt_exclude_memory(buf, total, 0x80200000, 0x80000), 0);
	CHECK_EQ(hdr(buf, H_TOTALSIZE), total);
	CHECK_EQ(fdt_check(buf, total), 3);
	check_rest_untouched(buf);
}

/* blob unchanged and rc when the edit is refused or not needed */
static void check_untouched(const uint8_t *blob, size_t size, size_t room, uint64_t base,
			    uint64_t len, int rc)
{
	static uint8_t before[ROOM + 64];

	if (blob != buf)
		load(blob, size);
	memcpy(before, buf, sizeof(buf));
	CHECK_EQ(fdt_exclude_memory(buf, room, base, len), rc);
	CHECK(memcmp(before, buf, sizeof(buf)) == 0);
}

TEST(fdt_exclude_too_little_room_leaves_the_blob_untouched)
{
	check_untouched(plain_dtb, sizeof(plain_dtb), sizeof(plain_dtb) + 15, 0x80200000, 0x80000,
			-2);
	/* trimming an end needs no room */
	load(plain_dtb, sizeof(plain_dtb));
	CHECK_EQ(fdt_exclude_memory(buf, sizeof(plain_dtb), 0x80000000, 0x20000), 0);
}

TEST(fdt_exclude_only_memory_that_a_bank_holds)
{
	/* no bank holds it (below, straddling either end): nothing to hide */
	check_untouched(plain_dtb, sizeof(plain_dtb), ROOM, 0x7fff0000, 0x10000, 1);
	check_untouched(plain_dtb, sizeof(plain_dtb), ROOM, 0x7fff0000, 0x20000, 1);
	check_untouched(plain_dtb, sizeof(plain_dtb), ROOM, 0x87ff0000, 0x20000, 1);
	/* the whole bank: no entry would be left */
	check_untouched(plain_dtb, sizeof(plain_dtb), ROOM, 0x80000000, 0x8000000, -1);
	/* reserved-memory children are not memory banks, whatever their reg says */
	check_untouched(resv_dtb, sizeof(resv_dtb), ROOM, 0x80000000, 0x1000, 1);
	check_untouched(nested_dtb, sizeof(nested_dtb), ROOM, 0x80000000, 0x1000, 1);
	/* a bank of a node that is not device_type = "memory" */
	load(plain_dtb, sizeof(plain_dtb));
	{
		int len = 0;
		uint8_t *type = (uint8_t *)fdt_prop(buf, fdt_node(buf, "/memory@80000000"),
						    "device_type", &len);

		type[0] = 'n';
		check_untouched(buf, sizeof(plain_dtb), ROOM, 0x80000000, 0x20000, 1);
	}
}

TEST(fdt_exclude_reads_the_root_cells)
{
	uint8_t *p;
	int len = 0;
	long root, mem;

	/* #address-cells = #size-cells = 1: the 16-byte reg holds two banks */
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
	CHECK_EQ(fdt_exclude_memory(buf, ROOM, 0x80000000, 0x20000), 0);
	mem = fdt_node(buf, "/memory@80020000");
	CHECK(mem >= 0);
	p = (uint8_t *)fdt_prop(buf, mem, "reg", &len);
	CHECK(p && be32(p) == 0x80020000 && be32(p + 4) == 0x7fe0000 && be32(p + 8) == 0x90000000);
	/* the second bank of the node can be the one; the name follows the first */
	CHECK_EQ(fdt_exclude_memory(buf, ROOM, 0x90000000, 0x1000), 0);
	CHECK(fdt_node(buf, "/memory@80020000") >= 0);
	CHECK(p && be32(p + 8) == 0x90001000 && be32(p + 12) == 0xfff000);
	/* split with 1 + 1 cells: an 8-byte entry after the bank's */
	CHECK_EQ(fdt_exclude_memory(buf, ROOM, 0x80100000, 0x1000), 0);
	p = (uint8_t *)fdt_prop(buf, fdt_node(buf, "/memory@80020000"), "reg", &len);
	CHECK_EQ(len, 24);
	CHECK(p && be32(p + 4) == 0xe0000 && be32(p + 8) == 0x80101000 &&
	      be32(p + 12) == 0x7eff000 && be32(p + 16) == 0x90001000);
	CHECK_EQ(fdt_check(buf, ROOM), 3);
	/* 3 address cells: not supported, untouched */
	load(plain_dtb, sizeof(plain_dtb));
	put32((uint8_t *)fdt_prop(buf, fdt_node(buf, "/"), "#address-cells", &len), 3);
	check_untouched(buf, sizeof(plain_dtb), ROOM, 0x80000000, 0x20000, 1);
}

TEST(fdt_exclude_keeps_a_name_that_would_grow)
{
	load(plain_dtb, sizeof(plain_dtb));
	/* "memory@80000000" (16 bytes with its NUL) cannot become "memory@180000000" in place */
	{
		int len = 0;
		long mem = fdt_node(buf, "/memory@80000000");
		uint8_t *p = (uint8_t *)fdt_prop(buf, mem, "reg", &len);

		put32(p, 1);	/* the bank at 0x1_8000_0000 */
	}
	CHECK_EQ(fdt_exclude_memory(buf, ROOM, 0x180000000ULL, 0x20000), 0);
	CHECK(fdt_node(buf, "/memory@80000000") >= 0);
	CHECK_EQ(fdt_check(buf, ROOM), 3);
	/* a shorter unit address keeps the padded length: renamed, zero-padded */
	load(plain_dtb, sizeof(plain_dtb));
	{
		int len = 0;
		long mem = fdt_node(buf, "/memory@80000000");
		uint8_t *p = (uint8_t *)fdt_prop(buf, mem, "reg", &len);

		put32(p + 4, 0x8000000);	/* the bank at 0x0800_0000 */
	}
	CHECK_EQ(fdt_exclude_memory(buf, ROOM, 0x8000000, 0x1000), 0);
	CHECK(fdt_node(buf, "/memory@8001000") >= 0);
	CHECK_EQ(fdt_check(buf, ROOM), 3);
}

TEST(fdt_exclude_rejects_garbage)
{
	memset(buf, 0, sizeof(buf));
	CHECK_EQ(fdt_exclude_memory(buf, ROOM, 0x80000000, 0x20000), -1);
	CHECK_EQ(fdt_exclude_memory(NULL, ROOM, 0x80000000, 0x20000), -1);
	/* an unknown token before the memory node closes */
	load(plain_dtb, sizeof(plain_dtb));
	put32(buf + hdr(buf, H_OFF_STRUCT) + 8, 0x77);
	check_untouched(buf, sizeof(plain_dtb), ROOM, 0x80000000, 0x20000, -1);
	/* the root never closes: FDT_END too early */
	load(plain_dtb, sizeof(plain_dtb));
	put32(buf + hdr(buf, H_OFF_STRUCT) + hdr(buf, H_SIZE_STRUCT) - 8, 9);
	check_untouched(buf, sizeof(plain_dtb), ROOM, 0x80100000, 0x20000, -1);
	/* strings block overlapping the structure block: a split is refused */
	load(plain_dtb, sizeof(plain_dtb));
	put32(buf + H_OFF_STRINGS, hdr(buf, H_OFF_STRUCT) + 8);
	check_untouched(buf, sizeof(plain_dtb), ROOM, 0x80100000, 0x20000, -1);
}
