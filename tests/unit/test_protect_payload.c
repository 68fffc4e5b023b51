/*
 * The sandbox's pure parts (src/policy/protect_payload_{sbi,hash}.c): the
 * per-call forwarding table against the SBI v2.0 function signatures, and
 * the measurement against digests computed with Python's hashlib:
 *   hashlib.sha256(bytes(range(200)) + struct.pack("<Q", 0x80200000))
 *   hashlib.sha3_256(<the same>)
 * The hooks themselves are covered by the protect-payload* integration tests.
 */
#include <string.h>

#include <miralis/protect_payload.h>

#include "check.h"

#define A(n) PP_REG(PP_A0 + (n))
#define EID_FID (PP_REG(PP_A6) | PP_REG(PP_A7))
#define A0_A1 (A(0) | A(1))

TEST(pp_sbi_table_arguments)
{
	struct pp_call c;

	/* Base probe_extension(eid): one argument */
	c = pp_sbi_call(0x10, 3);
	CHECK(c.known);
	CHECK_EQ(c.in, A(0) | EID_FID);
	CHECK_EQ(c.out, A0_A1);
	/* Base get_spec_version: none */
	CHECK_EQ(pp_sbi_call(0x10, 0).in, EID_FID);
	/* RFNC remote_sfence_vma_asid(mask, base, start, size, asid) */
	CHECK_EQ(pp_sbi_call(0x52464e43, 2).in, A(0) | A(1) | A(2) | A(3) | A(4) | EID_FID);
	/* IPI send_ipi(mask, base) */
	CHECK_EQ(pp_sbi_call(0x735049, 0).in, A(0) | A(1) | EID_FID);
	/* HSM hart_start(hartid, addr, opaque): returns; hart_stop may restart */
	c = pp_sbi_call(PP_EID_HSM, PP_HSM_HART_START);
	CHECK_EQ(c.in, A(0) | A(1) | A(2) | EID_FID);
	CHECK_EQ(c.after, PP_RETURNS);
	CHECK_EQ(pp_sbi_call(PP_EID_HSM, 1).after, PP_MAY_RESTART);
	CHECK(!pp_sbi_call(PP_EID_HSM, 1).resumes_at_a1);	/* stop: at its next hart_start */
	CHECK_EQ(pp_sbi_call(PP_EID_HSM, 3).after, PP_MAY_RESTART);
	CHECK(pp_sbi_call(PP_EID_HSM, 3).resumes_at_a1);	/* suspend(type, resume_addr, opaque) */
	CHECK(pp_sbi_call(0x53555350, 0).resumes_at_a1);	/* SUSP system_suspend */
	CHECK(!pp_sbi_call(PP_EID_HSM, PP_HSM_HART_START).resumes_at_a1);
	/* PMU counter_config_matching: five arguments */
	CHECK_EQ(pp_sbi_call(0x504d55, 2).in, A(0) | A(1) | A(2) | A(3) | A(4) | EID_FID);
	/* DBCN write_byte(byte) */
	CHECK_EQ(pp_sbi_call(PP_EID_DBCN, 2).in, A(0) | EID_FID);
}

TEST(pp_sbi_table_time_and_legacy)
{
	struct pp_call c = pp_sbi_call(0x54494d45, 0);

	CHECK(c.stimecmp);
	CHECK_EQ(c.in, A(0) | EID_FID);
	/* legacy set_timer: a0 in, a0 out only (SBI v2.0 legacy extensions) */
	c = pp_sbi_call(0x00, 0);
	CHECK(c.stimecmp);
	CHECK_EQ(c.out, A(0));
	/* legacy remote_sfence_vma_asid(*mask, start, size, asid) */
	CHECK_EQ(pp_sbi_call(0x07, 0).in, A(0) | A(1) | A(2) | A(3) | EID_FID);
	CHECK(!pp_sbi_call(0x10, 3).stimecmp);
}

TEST(pp_sbi_table_unknown_forwards_no_argument)
{
	struct pp_call c = pp_sbi_call(0x0a000000, 0);	/* a vendor EID */

	CHECK(!c.known);
	/* no argument; which call it is, and the answer, still go through */
	CHECK_EQ(c.in, EID_FID);
	CHECK_EQ(c.out, A0_A1);
	/* a FID beyond an extension's functions */
	CHECK(!pp_sbi_call(0x10, 7).known);
	CHECK(!pp_sbi_call(0x54494d45, 1).known);
	/* SBI v3.0 extensions are not in the v2.0 table */
	CHECK(!pp_sbi_call(0x535345, 0).known);	/* SSE */
}

TEST(pp_sbi_shmem_calls)
{
	CHECK(pp_sbi_is_shmem(0x504d55, 7));	/* PMU snapshot_set_shmem */
	CHECK(pp_sbi_is_shmem(0x535441, 0));	/* STA set_shmem */
	CHECK(pp_sbi_is_shmem(0x4e41434c, 1));	/* NACL set_shmem */
	CHECK(!pp_sbi_is_shmem(0x504d55, 6));
	CHECK(!pp_sbi_is_shmem(PP_EID_DBCN, 0));
}

static void region(uint8_t *buf)
{
	for (unsigned i = 0; i < 200; i++)
		buf[i] = (uint8_t)i;
}

TEST(pp_measure_sha256_matches_hashlib)
{
	uint8_t buf[200], d[PP_DIGEST_SIZE];
	char hex[2 * PP_DIGEST_SIZE + 1];

	region(buf);
	pp_measure(PP_SHA256, buf, sizeof(buf), 0x80200000, d);
	pp_hex(d, hex);
	CHECK(strcmp(hex, "8076dae11c11ecb8e7cf278dc5b5a0c4def69dcb8e69bc15ee981f4c98aaa605") == 0);
}

TEST(pp_measure_sha3_256_matches_hashlib)
{
	uint8_t buf[200], d[PP_DIGEST_SIZE];
	char hex[2 * PP_DIGEST_SIZE + 1];

	region(buf);
	pp_measure(PP_SHA3_256, buf, sizeof(buf), 0x80200000, d);
	pp_hex(d, hex);
	CHECK(strcmp(hex, "72ae8dffcce1bb8dbe20d3a911ae595a82fd6a4eb91d3e18a0a0dc3677446614") == 0);
}

TEST(pp_measure_covers_the_entry_pc)
{
	uint8_t buf[200], d1[PP_DIGEST_SIZE], d2[PP_DIGEST_SIZE];

	region(buf);
	pp_measure(PP_SHA256, buf, sizeof(buf), 0x80200000, d1);
	pp_measure(PP_SHA256, buf, sizeof(buf), 0x80200004, d2);
	CHECK(memcmp(d1, d2, sizeof(d1)) != 0);
}
