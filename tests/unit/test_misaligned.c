/*
 * Byte-wise load/store emulation over the host memory model: widths,
 * sign/zero extension, little-endian order, faults at page boundaries and
 * the "nothing half-written" guarantee for stores.
 */
#include <string.h>

#include <miralis/misaligned.h>
#include <miralis/riscv/encoding.h>

#include "check.h"
#include "host.h"

#define BASE 0x80000000ULL
#define PAGE 0x1000ULL

static struct insn load(unsigned width, bool is_unsigned)
{
	return (struct insn){ .kind = INSN_LOAD, .len = 4, .rd = 10,
			      .rs1 = 11, .width = (uint8_t)width,
			      .is_unsigned = is_unsigned };
}

static struct insn store(unsigned width)
{
	return (struct insn){ .kind = INSN_STORE, .len = 4, .rs1 = 11,
			      .rs2 = 10, .width = (uint8_t)width };
}

/* Three zeroed pages at BASE; bytes 0x81 0x82 ... 0x88 at BASE + 1. */
static uint8_t *setup(void)
{
	uint8_t *m;

	CHECK_EQ(host_mem_map(BASE, 3 * PAGE), 0);
	m = host_mem_ptr(BASE, 3 * PAGE);
	for (unsigned i = 0; i < 8; i++)
		m[1 + i] = (uint8_t)(0x81 + i);
	return m;
}

TEST(misaligned_load_sign_extends)
{
	static const struct {
		unsigned width;
		bool is_unsigned;
		uint64_t want;
	} cases[] = {
		{ 1, false, 0xffffffffffffff81ULL },	/* lb */
		{ 1, true, 0x81 },			/* lbu */
		{ 2, false, 0xffffffffffff8281ULL },	/* lh */
		{ 2, true, 0x8281 },			/* lhu */
		{ 4, false, 0xffffffff84838281ULL },	/* lw */
		{ 4, true, 0x84838281 },		/* lwu */
		{ 8, false, 0x8887868584838281ULL },	/* ld */
	};

	setup();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct insn in = load(cases[i].width, cases[i].is_unsigned);
		uint64_t v = 0;

		CHECK_EQ(misaligned_load(&in, BASE + 1, PRV_S, &v), 0);
		CHECK_EQ(v, cases[i].want);
	}
}

TEST(misaligned_load_positive_values_stay_positive)
{
	uint8_t *m = setup();
	struct insn lw = load(4, false), lh = load(2, false);
	uint64_t v = 0;

	memcpy(&m[0x103], "\x11\x22\x33\x7f", 4);
	CHECK_EQ(misaligned_load(&lw, BASE + 0x103, PRV_U, &v), 0);
	CHECK_EQ(v, 0x7f332211);
	CHECK_EQ(misaligned_load(&lh, BASE + 0x105, PRV_U, &v), 0);
	CHECK_EQ(v, 0x7f33);
}

/* Each byte is one width-1 access, so no access is itself misaligned. */
TEST(misaligned_load_goes_byte_by_byte)
{
	struct insn ld = load(8, false);
	uint64_t v;

	setup();
	CHECK_EQ(misaligned_load(&ld, BASE + 3, PRV_S, &v), 0);
	CHECK_EQ(host_stats()->mprv_loads, 8);
	CHECK_EQ(host_stats()->mprv_max_width, 1);
	CHECK_EQ(host_stats()->mprv_stores, 0);
}

TEST(misaligned_store_all_widths_little_endian)
{
	static const unsigned widths[] = { 1, 2, 4, 8 };
	uint8_t *m = setup();

	for (size_t i = 0; i < 4; i++) {
		struct insn in = store(widths[i]);
		uint64_t at = 0x200 + 0x10 * i + 3;

		memset(&m[at - 1], 0xee, 10);
		CHECK_EQ(misaligned_store(&in, BASE + at, PRV_S,
					  0x8877665544332211ULL), 0);
		for (unsigned b = 0; b < widths[i]; b++)
			CHECK_EQ(m[at + b], 0x11 * (b + 1));
		/* neighbours untouched */
		CHECK_EQ(m[at - 1], 0xee);
		CHECK_EQ(m[at + widths[i]], 0xee);
	}
}

TEST(misaligned_load_fault_on_second_page)
{
	struct insn ld = load(8, false);
	uint64_t v = 0x1234, tval = 0;

	setup();
	CHECK_EQ(host_fault_add(BASE + PAGE, PAGE, HOST_MODE_S,
				CAUSE_LOAD_PAGE_FAULT, CAUSE_STORE_PAGE_FAULT), 0);
	CHECK_EQ(misaligned_load_tval(&ld, BASE + PAGE - 3, PRV_S, &v, &tval),
		 CAUSE_LOAD_PAGE_FAULT);
	/* Priv. ISA: mtval names the portion of the access that faulted. */
	CHECK_EQ(tval, BASE + PAGE);
	CHECK_EQ(v, 0x1234);
	CHECK_EQ(misaligned_load(&ld, BASE + PAGE - 3, PRV_S, &v),
		 CAUSE_LOAD_PAGE_FAULT);
}

TEST(misaligned_store_fault_on_second_page_writes_nothing)
{
	struct insn sd = store(8);
	uint8_t *m = setup();
	uint64_t tval = 0;

	memset(&m[PAGE - 4], 0x5a, 8);
	CHECK_EQ(host_fault_add(BASE + PAGE, PAGE, HOST_MODE_S,
				CAUSE_LOAD_PAGE_FAULT, CAUSE_STORE_PAGE_FAULT), 0);
	CHECK_EQ(misaligned_store_tval(&sd, BASE + PAGE - 4, PRV_S, ~0ULL, &tval),
		 CAUSE_STORE_PAGE_FAULT);
	CHECK_EQ(tval, BASE + PAGE);
	for (unsigned i = 0; i < 8; i++)
		CHECK_EQ(m[PAGE - 4 + i], 0x5a);
}

/* Readable but not writable (read-only page): the store check catches it. */
TEST(misaligned_store_to_read_only_page)
{
	struct insn sw = store(4);
	uint8_t *m = setup();
	uint64_t tval = 0;

	CHECK_EQ(host_fault_add(BASE + PAGE, PAGE, HOST_MODE_U, 0,
				CAUSE_STORE_PAGE_FAULT), 0);
	CHECK_EQ(misaligned_store_tval(&sw, BASE + PAGE - 2, PRV_U, ~0ULL, &tval),
		 CAUSE_STORE_PAGE_FAULT);
	CHECK_EQ(tval, BASE + PAGE);
	CHECK_EQ(m[PAGE - 2], 0);
	CHECK_EQ(m[PAGE - 1], 0);
}

/* The reported byte is the first one in address order that faults. */
TEST(misaligned_store_reports_first_faulting_byte)
{
	struct insn sw = store(4);
	uint8_t *m = setup();
	uint64_t tval = 0, at = BASE + 0x301;

	/* byte +1 read-only, byte +3 unreadable (hence unwritable) */
	CHECK_EQ(host_fault_add(at + 1, 1, HOST_MODE_ALL, 0,
				CAUSE_STORE_ACCESS), 0);
	CHECK_EQ(host_fault_add(at + 3, 1, HOST_MODE_ALL, CAUSE_LOAD_ACCESS,
				CAUSE_STORE_ACCESS), 0);
	CHECK_EQ(misaligned_store_tval(&sw, at, PRV_S, ~0ULL, &tval),
		 CAUSE_STORE_ACCESS);
	CHECK_EQ(tval, at + 1);
	CHECK_EQ(m[0x301], 0);
}

/*
 * A byte that cannot be read is reported as a store fault of the matching
 * kind (W without R is reserved), even if the rule would allow the store.
 */
TEST(misaligned_store_maps_load_causes)
{
	struct insn sh = store(2);
	uint8_t *m = setup();

	CHECK_EQ(host_fault_add(BASE + 0x401, 1, HOST_MODE_S,
				CAUSE_LOAD_GUEST_PAGE_FAULT, 0), 0);
	CHECK_EQ(host_fault_add(BASE + 0x501, 1, HOST_MODE_S,
				CAUSE_LOAD_ACCESS, 0), 0);
	CHECK_EQ(misaligned_store(&sh, BASE + 0x401, PRV_S, 0xffff),
		 CAUSE_STORE_GUEST_PAGE_FAULT);
	CHECK_EQ(misaligned_store(&sh, BASE + 0x501, PRV_S, 0xffff),
		 CAUSE_STORE_ACCESS);
	CHECK_EQ(m[0x401], 0);
	CHECK_EQ(m[0x501], 0);
}

TEST(misaligned_fault_rules_follow_mode)
{
	struct insn lw = load(4, true);
	uint64_t v;

	setup();
	CHECK_EQ(host_fault_add(BASE, 3 * PAGE, HOST_MODE_U,
				CAUSE_LOAD_PAGE_FAULT, CAUSE_STORE_PAGE_FAULT), 0);
	CHECK_EQ(misaligned_load(&lw, BASE + 1, PRV_S, &v), 0);
	CHECK_EQ(v, 0x84838281);
	CHECK_EQ(misaligned_load(&lw, BASE + 1, PRV_U, &v),
		 CAUSE_LOAD_PAGE_FAULT);
}

TEST(misaligned_unmapped_is_access_fault)
{
	struct insn lh = load(2, false), sh = store(2);
	uint64_t v, tval = 0;

	setup();
	CHECK_EQ(misaligned_load_tval(&lh, BASE + 3 * PAGE - 1, PRV_S, &v, &tval),
		 CAUSE_LOAD_ACCESS);
	CHECK_EQ(tval, BASE + 3 * PAGE);
	CHECK_EQ(misaligned_store(&sh, BASE + 3 * PAGE - 1, PRV_S, 0),
		 CAUSE_STORE_ACCESS);
	/* the address wraps around the top of the address space */
	CHECK_EQ(misaligned_load_tval(&lh, ~0ULL, PRV_S, &v, &tval),
		 CAUSE_LOAD_ACCESS);
	CHECK_EQ(tval, ~0ULL);
}

TEST(misaligned_rejects_misuse)
{
	struct insn bad_width = load(3, false), sw = store(4), lw = load(4, false);
	uint64_t v;

	setup();
	CHECK_EQ(misaligned_load(&bad_width, BASE + 1, PRV_S, &v),
		 CAUSE_ILLEGAL_INSTRUCTION);
	CHECK_EQ(misaligned_load(&sw, BASE + 1, PRV_S, &v),
		 CAUSE_ILLEGAL_INSTRUCTION);
	CHECK_EQ(misaligned_store(&lw, BASE + 1, PRV_S, 0),
		 CAUSE_ILLEGAL_INSTRUCTION);
	CHECK_EQ(host_stats()->mprv_loads + host_stats()->mprv_stores, 0);
}
