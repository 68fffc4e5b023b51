/*
 * The software page-table walk (src/virt/ptwalk.c) against page tables
 * built in host memory: Sv39 4 KiB pages and superpages, Sv48, Svnapot
 * 64 KiB pages, and the encodings the hart would fault on.
 */
#include <string.h>

#include <miralis/ptwalk.h>
#include <miralis/riscv/encoding.h>

#include "check.h"
#include "host.h"

#define PT 0x80400000ULL	/* four page-table pages */
#define PG 0x1000ULL
#define SV39 (8ULL << SATP_MODE_SHIFT)
#define SV48 (9ULL << SATP_MODE_SHIFT)
#define SV57 (10ULL << SATP_MODE_SHIFT)

#define V (1ULL << 0)
#define R (1ULL << 1)
#define W (1ULL << 2)
#define X (1ULL << 3)
#define N (1ULL << 63)

static uint64_t pte(uint64_t pa, uint64_t flags)
{
	return (pa >> 12) << 10 | flags;
}

static void set_pte(uint64_t table, unsigned index, uint64_t value)
{
	memcpy(host_mem_ptr(table + 8 * index, 8), &value, 8);
}

static void tables(void)
{
	host_reset();
	CHECK_EQ(host_mem_map(PT, 4 * PG), 0);
}

TEST(ptwalk_sv39_4k_page)
{
	uint64_t pa = 0, va = (1ULL << 30) | (2ULL << 21) | (5ULL << 12) | 0x234;

	tables();
	set_pte(PT, 1, pte(PT + PG, V));
	set_pte(PT + PG, 2, pte(PT + 2 * PG, V));
	set_pte(PT + 2 * PG, 5, pte(0x100000, V | R | W));
	CHECK(ptwalk_translate(SV39 | (PT >> 12), va, false, &pa));
	CHECK_EQ(pa, 0x100234);
	CHECK(ptwalk_translate(SV39 | (PT >> 12), va, true, &pa));
	/* the neighbour page is not mapped */
	CHECK(!ptwalk_translate(SV39 | (PT >> 12), va + PG, false, &pa));
	/* R only: no store; W without R is reserved */
	set_pte(PT + 2 * PG, 5, pte(0x100000, V | R));
	CHECK(!ptwalk_translate(SV39 | (PT >> 12), va, true, &pa));
	set_pte(PT + 2 * PG, 5, pte(0x100000, V | W));
	CHECK(!ptwalk_translate(SV39 | (PT >> 12), va, false, &pa));
	/* execute-only: no load (MXR is not considered) */
	set_pte(PT + 2 * PG, 5, pte(0x100000, V | X));
	CHECK(!ptwalk_translate(SV39 | (PT >> 12), va, false, &pa));
	/* a reserved bit (60:54) */
	set_pte(PT + 2 * PG, 5, pte(0x100000, V | R) | (1ULL << 54));
	CHECK(!ptwalk_translate(SV39 | (PT >> 12), va, false, &pa));
	/* Bare and unknown modes translate nothing */
	CHECK(!ptwalk_translate(PT >> 12, va, false, &pa));
	CHECK(!ptwalk_translate((7ULL << SATP_MODE_SHIFT) | (PT >> 12), va, false, &pa));
}

TEST(ptwalk_sv39_superpages)
{
	uint64_t pa = 0;

	tables();
	/* a 1 GiB page at vpn2 = 3, a 2 MiB page at vpn2 = 1, vpn1 = 7 */
	set_pte(PT, 3, pte(0x80000000, V | R | W | X));
	CHECK(ptwalk_translate(SV39 | (PT >> 12), (3ULL << 30) | 0x1234567, false, &pa));
	CHECK_EQ(pa, 0x81234567);
	set_pte(PT, 1, pte(PT + PG, V));
	set_pte(PT + PG, 7, pte(0x200000, V | R));
	CHECK(ptwalk_translate(SV39 | (PT >> 12), (1ULL << 30) | (7ULL << 21) | 0x12345, false,
			       &pa));
	CHECK_EQ(pa, 0x212345);
	/* a misaligned superpage faults */
	set_pte(PT + PG, 7, pte(0x201000, V | R));
	CHECK(!ptwalk_translate(SV39 | (PT >> 12), (1ULL << 30) | (7ULL << 21), false, &pa));
	/* a non-leaf at the last level faults */
	set_pte(PT + PG, 7, pte(PT + 2 * PG, V));
	set_pte(PT + 2 * PG, 0, pte(PT + 3 * PG, V));
	CHECK(!ptwalk_translate(SV39 | (PT >> 12), (1ULL << 30) | (7ULL << 21), false, &pa));
}

TEST(ptwalk_sv48_and_sv57_levels)
{
	uint64_t pa = 0;

	tables();
	/* Sv48: vpn3 = 2 -> vpn2 = 0 -> a 2 MiB page at vpn1 = 1 */
	set_pte(PT, 2, pte(PT + PG, V));
	set_pte(PT + PG, 0, pte(PT + 2 * PG, V));
	set_pte(PT + 2 * PG, 1, pte(0x400000, V | R));
	CHECK(ptwalk_translate(SV48 | (PT >> 12), (2ULL << 39) | (1ULL << 21) | 0xabc, false, &pa));
	CHECK_EQ(pa, 0x400abc);
	/* the same tables under Sv57 start one level higher: vpn4 = 0 is empty */
	CHECK(!ptwalk_translate(SV57 | (PT >> 12), (2ULL << 39) | (1ULL << 21), false, &pa));
}

TEST(ptwalk_svnapot_64k)
{
	uint64_t pa = 0, base = (1ULL << 30) | (2ULL << 21);

	tables();
	set_pte(PT, 1, pte(PT + PG, V));
	set_pte(PT + PG, 2, pte(PT + 2 * PG, V));
	/* ppn[3:0] = 1000: a 64 KiB page at 0x100000, its 16 PTEs alike */
	for (unsigned i = 16; i < 32; i++)
		set_pte(PT + 2 * PG, i, pte(0x108000, V | R) | N);
	CHECK(ptwalk_translate(SV39 | (PT >> 12), base | (19ULL << 12) | 0x10, false, &pa));
	CHECK_EQ(pa, 0x103010);
	/* N with another ppn[3:0] is reserved */
	set_pte(PT + 2 * PG, 19, pte(0x104000, V | R) | N);
	CHECK(!ptwalk_translate(SV39 | (PT >> 12), base | (19ULL << 12), false, &pa));
}
