/* The six CSR instructions (unpriv spec, "Zicsr"), on mscratch, whose every
 * bit is writable (priv spec 3.1.17), so the exact values are architectural:
 *   csrrw  rd, csr, rs1   rd = old; csr = rs1 (rd = x0: no read side)
 *   csrrs  rd, csr, rs1   rd = old; csr |= rs1, no write at all if rs1 = x0
 *   csrrc  rd, csr, rs1   rd = old; csr &= ~rs1, no write at all if rs1 = x0
 *   csrr?i                the same with a 5-bit zero-extended immediate;
 *                         csrrsi/csrrci with uimm = 0 do not write. */
#include "csr_ops.h"

static void set_scratch(uint64_t v)
{
	csr_write(mscratch, v);
	check_eq(csr_read(mscratch), v, "mscratch holds all 64 bits");
}

static void test_rw(void)
{
	uint64_t old;

	set_scratch(0x42);
	old = csr_swap(mscratch, 0x1122334455667788UL);
	check_eq(old, 0x42, "csrrw returns the old value");
	check_eq(csr_read(mscratch), 0x1122334455667788UL, "csrrw writes rs1");

	/* csrrw x0, mscratch, rs1 (csrw) still writes. */
	__asm__ volatile("csrrw x0, mscratch, %0" : : "r"(0xfedcba9876543210UL) : "memory");
	check_eq(csr_read(mscratch), 0xfedcba9876543210UL, "csrrw x0 writes");

	/* rd == rs1: the old value is read before rs1 is consumed. */
	uint64_t r = 0x77;
	__asm__ volatile("csrrw %0, mscratch, %0" : "+r"(r) : : "memory");
	check_eq(r, 0xfedcba9876543210UL, "csrrw rd==rs1 returns the old value");
	check_eq(csr_read(mscratch), 0x77, "csrrw rd==rs1 writes the original rs1");
}

static void test_rs_rc(void)
{
	uint64_t old;

	set_scratch(0xf0);
	__asm__ volatile("csrrs %0, mscratch, %1" : "=r"(old) : "r"(0x0fUL) : "memory");
	check_eq(old, 0xf0, "csrrs returns the old value");
	check_eq(csr_read(mscratch), 0xff, "csrrs sets the rs1 bits");

	__asm__ volatile("csrrs %0, mscratch, x0" : "=r"(old) : : "memory");
	check_eq(old, 0xff, "csrrs rs1=x0 reads");
	check_eq(csr_read(mscratch), 0xff, "csrrs rs1=x0 does not write");

	__asm__ volatile("csrrs x0, mscratch, %0" : : "r"(0x100UL) : "memory");
	check_eq(csr_read(mscratch), 0x1ff, "csrrs rd=x0 still sets bits");

	__asm__ volatile("csrrc %0, mscratch, %1" : "=r"(old) : "r"(0x0fUL) : "memory");
	check_eq(old, 0x1ff, "csrrc returns the old value");
	check_eq(csr_read(mscratch), 0x1f0, "csrrc clears the rs1 bits");

	__asm__ volatile("csrrc %0, mscratch, x0" : "=r"(old) : : "memory");
	check_eq(old, 0x1f0, "csrrc rs1=x0 reads");
	check_eq(csr_read(mscratch), 0x1f0, "csrrc rs1=x0 does not write");

	__asm__ volatile("csrrc x0, mscratch, %0" : : "r"(0x100UL) : "memory");
	check_eq(csr_read(mscratch), 0xf0, "csrrc rd=x0 still clears bits");

	/* rd == rs1 for the set form too. */
	uint64_t r = 0x3;
	__asm__ volatile("csrrs %0, mscratch, %0" : "+r"(r) : : "memory");
	check_eq(r, 0xf0, "csrrs rd==rs1 returns the old value");
	check_eq(csr_read(mscratch), 0xf3, "csrrs rd==rs1 sets the original rs1");
}

static void test_imm(void)
{
	uint64_t old;

	set_scratch(~0UL);
	__asm__ volatile("csrrwi %0, mscratch, 27" : "=r"(old) : : "memory");
	check_eq(old, ~0UL, "csrrwi returns the old value");
	check_eq(csr_read(mscratch), 27, "csrrwi writes the zero-extended uimm");

	__asm__ volatile("csrrwi x0, mscratch, 31" : : : "memory");
	check_eq(csr_read(mscratch), 31, "csrrwi x0 writes");

	__asm__ volatile("csrrci %0, mscratch, 0x15" : "=r"(old) : : "memory");
	check_eq(old, 31, "csrrci returns the old value");
	check_eq(csr_read(mscratch), 0x0a, "csrrci clears the uimm bits");

	__asm__ volatile("csrrsi %0, mscratch, 0x11" : "=r"(old) : : "memory");
	check_eq(old, 0x0a, "csrrsi returns the old value");
	check_eq(csr_read(mscratch), 0x1b, "csrrsi sets the uimm bits");

	__asm__ volatile("csrrsi %0, mscratch, 0" : "=r"(old) : : "memory");
	check_eq(old, 0x1b, "csrrsi uimm=0 reads");
	__asm__ volatile("csrrci %0, mscratch, 0" : "=r"(old) : : "memory");
	check_eq(old, 0x1b, "csrrci uimm=0 reads");
	check_eq(csr_read(mscratch), 0x1b, "uimm=0 forms do not write");

	/* The immediate is zero-extended: no sign extension of bit 4. */
	set_scratch(0);
	__asm__ volatile("csrrsi x0, mscratch, 0x10" : : : "memory");
	check_eq(csr_read(mscratch), 0x10, "csrrsi uimm is zero-extended");
}

void test_forms(void)
{
	test_rw();
	test_rs_rc();
	test_imm();
	set_scratch(0x42);
	printf("csr-ops: csrrw/csrrs/csrrc and immediate forms on mscratch are exact\n");
}
