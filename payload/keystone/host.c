/* Host helpers of the keystone tests (ks.h). */
#include "ks.h"

static int failures;

struct sbiret ks_call(unsigned long fid, unsigned long a0)
{
	return sbi_call(KS_EID, fid, a0, 0);
}

#define SBI_EXT_HSM 0x48534dUL	/* SBI v2.0 chapter 9 */
#define SBI_HSM_HART_START 0

/* SBI HSM hart_start(hartid, start_addr, opaque): three arguments, sbi_call has two */
long ks_hart_start(unsigned long hart, unsigned long entry, unsigned long opaque)
{
	register unsigned long a0 __asm__("a0") = hart;
	register unsigned long a1 __asm__("a1") = entry;
	register unsigned long a2 __asm__("a2") = opaque;
	register unsigned long a6 __asm__("a6") = SBI_HSM_HART_START;
	register unsigned long a7 __asm__("a7") = SBI_EXT_HSM;

	__asm__ volatile("ecall" : "+r"(a0), "+r"(a1) : "r"(a2), "r"(a6), "r"(a7) : "memory");
	return (long)a0;
}

struct ks_create_args ks_default_args(unsigned slot)
{
	uint64_t epm = EPM_AT(slot);

	/* loader/runtime/eapp in one page, then one free page: what gets measured */
	return (struct ks_create_args){ epm, EPM_SIZE, UTM_AT(slot), UTM_SIZE,
					epm + PAGE, epm + PAGE, epm + 2 * PAGE, 0 };
}

struct sbiret ks_create_args_at(const struct ks_create_args *a)
{
	/* the SM reads the struct through the host's satp, as from the Linux driver's stack */
	return ks_call(KS_CREATE, (unsigned long)a);
}

void ks_load_slot(unsigned slot)
{
	char *epm = (char *)EPM_AT(slot);
	unsigned long n = (unsigned long)(ks_enclave_end - ks_enclave_start);

	for (unsigned long i = 0; i < 2 * PAGE; i++)
		epm[i] = i < n ? ks_enclave_start[i] : 0;
}

struct sbiret ks_create_slot(unsigned slot)
{
	struct ks_create_args a = ks_default_args(slot);

	ks_load_slot(slot);
	return ks_create_args_at(&a);
}

struct ks_op *ks_ops(unsigned slot)
{
	return (struct ks_op *)(UTM_AT(slot) + UTM_OPS);
}

static unsigned put(struct ks_op *ops, unsigned n, uint64_t kind, uint64_t w0, uint64_t w1,
		    uint64_t w2, uint64_t w3, uint64_t w4)
{
	if (n >= MAX_OPS - 1) {
		printf("keystone test: too many enclave ops\n");
		failures++;
		return n;
	}
	ops[n] = (struct ks_op){ kind, { w0, w1, w2, w3, w4 } };
	ops[n + 1].kind = KS_OP_END;
	return n + 1;
}

unsigned ks_op_ecall(struct ks_op *ops, unsigned n, uint64_t eid, uint64_t fid, uint64_t a0,
		     uint64_t a1, uint64_t a2)
{
	return put(ops, n, KS_OP_ECALL, eid, fid, a0, a1, a2);
}

unsigned ks_op_puts(struct ks_op *ops, unsigned n, const char *s)
{
	while (*s)
		n = put(ops, n, KS_OP_ECALL, SBI_LEGACY_PUTCHAR, 0, (unsigned char)*s++, 0, 0);
	return n;
}

unsigned ks_op_load(struct ks_op *ops, unsigned n, uint64_t addr)
{
	return put(ops, n, KS_OP_LOAD, addr, 0, 0, 0, 0);
}

unsigned ks_op_copy(struct ks_op *ops, unsigned n, uint64_t from, uint64_t to, uint64_t len)
{
	return put(ops, n, KS_OP_COPY, from, to, len, 0, 0);
}

unsigned ks_op_fp(struct ks_op *ops, unsigned n, uint64_t dump, uint64_t load)
{
	return put(ops, n, KS_OP_FP, dump, load, 0, 0, 0);
}

unsigned ks_op_satp(struct ks_op *ops, unsigned n, uint64_t satp)
{
	return put(ops, n, KS_OP_SATP, satp, 0, 0, 0, 0);
}

unsigned ks_op_spin(struct ks_op *ops, unsigned n, uint64_t ticks)
{
	return put(ops, n, KS_OP_SPIN, ticks, 0, 0, 0, 0);
}

unsigned ks_op_end(struct ks_op *ops, unsigned n, uint64_t exit_value)
{
	ops[n] = (struct ks_op){ KS_OP_END, { exit_value, 0, 0, 0, 0 } };
	return n;
}

void ks_install_trap_handler(void)
{
	extern char ks_trap_entry[];

	__asm__ volatile("csrw stvec, %0" : : "r"(ks_trap_entry));
}

void ks_expect(const char *what, unsigned long got, unsigned long want)
{
	if (got == want) {
		printf("%s: %lu\n", what, got);
		return;
	}
	printf("FAIL %s: got %lu (0x%lx), expected %lu (0x%lx)\n", what, got, got, want, want);
	failures++;
}

int ks_failures(void)
{
	return failures;
}

void ks_finish(const char *test)
{
	if (failures)
		printf("%s: %d checks FAILED\n", test, failures);
	else
		printf("%s: all checks passed\n", test);
	sbi_shutdown();
}
