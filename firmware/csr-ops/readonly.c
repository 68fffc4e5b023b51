/* Identification CSRs and read-only semantics. Their values are chosen by
 * the implementation (priv spec 3.1.1-3.1.5, 3.1.18), so they are printed,
 * not compared with constants. What is checked: misa.MXL says RV64, the
 * boot hart is hart 0, reads of read-only CSRs with the non-writing forms
 * (rs1 = x0, uimm = 0) do not trap, and writing forms raise an illegal
 * instruction exception (priv spec 2.1 and unpriv Zicsr). */
#include "csr_ops.h"

static void expect_illegal(const char *what, unsigned n)
{
	if (n != 1) {
		printf("FAIL: %s did not raise an illegal instruction exception\n", what);
		exit_failure(1);
	}
	check_eq(seen_cause, CAUSE_ILLEGAL_INSN, what);
	/* mtval is 0 or the faulting instruction bits (priv spec 3.1.16). */
	check(seen_tval == 0 || seen_tval == seen_insn, "mtval of an illegal instruction");
	printf("csr-ops: %s traps: mcause = %lu, mtval %s\n", what, seen_cause,
	       seen_tval ? "= instruction" : "= 0");
}

static void test_ids(void)
{
	uint64_t misa = show("misa", csr_read(misa));
	show("mvendorid", csr_read(mvendorid));
	show("marchid", csr_read(marchid));
	show("mimpid", csr_read(mimpid));
	show("mhartid", csr_read(mhartid));
	uint64_t v = 0;
	if (implemented("mconfigptr", TRAPS_OF(v = csr_read(mconfigptr))))
		show("mconfigptr", v);

	check_eq(misa >> 62, 2, "misa.MXL is 2 (XLEN 64)");
	check(misa & (1UL << ('I' - 'A')), "misa.I is set");
	check_eq(csr_read(mhartid), 0, "main runs on hart 0");

	/* Writing misa its own value is always legal and changes nothing. */
	csr_write(misa, misa);
	check_eq(csr_read(misa), misa, "misa after writing back its own value");
}

static void test_ro_writes(void)
{
	uint64_t v = 0;
	unsigned n;

	n = TRAPS_OF(__asm__ volatile("csrrs %0, mvendorid, x0" : "=r"(v) : : "memory"));
	check_eq(n, 0, "csrrs rs1=x0 of a read-only CSR does not trap");
	n = TRAPS_OF(__asm__ volatile("csrrsi %0, marchid, 0" : "=r"(v) : : "memory"));
	check_eq(n, 0, "csrrsi uimm=0 of a read-only CSR does not trap");
	n = TRAPS_OF(__asm__ volatile("csrrci %0, mimpid, 0" : "=r"(v) : : "memory"));
	check_eq(n, 0, "csrrci uimm=0 of a read-only CSR does not trap");
	n = TRAPS_OF(__asm__ volatile("csrrc %0, mhartid, x0" : "=r"(v) : : "memory"));
	check_eq(n, 0, "csrrc rs1=x0 of a read-only CSR does not trap");

	v = 1;
	n = TRAPS_OF(__asm__ volatile("csrrw %0, mvendorid, %0" : "+r"(v) : : "memory"));
	expect_illegal("csrrw mvendorid", n);
	n = TRAPS_OF(__asm__ volatile("csrrwi x0, mhartid, 1" : : : "memory"));
	expect_illegal("csrrwi mhartid", n);
	n = TRAPS_OF(__asm__ volatile("csrrsi %0, mimpid, 4" : "=r"(v) : : "memory"));
	expect_illegal("csrrsi mimpid", n);
}

void test_readonly(void)
{
	test_ids();
	test_ro_writes();
}
