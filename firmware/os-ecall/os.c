/* S-mode side of os-ecall. Runs on its own stack inside the firmware image,
 * issues a series of ecalls and checks what M-mode returns in a0/a1, and
 * that registers not used for the result survive the round trip. */
#include "os_ecall.h"

static struct ecall_ret os_call(const uint64_t a[8])
{
	register uint64_t a0 __asm__("a0") = a[0];
	register uint64_t a1 __asm__("a1") = a[1];
	register uint64_t a2 __asm__("a2") = a[2];
	register uint64_t a3 __asm__("a3") = a[3];
	register uint64_t a4 __asm__("a4") = a[4];
	register uint64_t a5 __asm__("a5") = a[5];
	register uint64_t a6 __asm__("a6") = a[6];
	register uint64_t a7 __asm__("a7") = a[7];
	register uint64_t s2 __asm__("s2") = 0x5252525252525252UL;
	register uint64_t t3 __asm__("t3") = 0x7373737373737373UL;

	__asm__ volatile("ecall"
			 : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4), "+r"(a5),
			   "+r"(a6), "+r"(a7), "+r"(s2), "+r"(t3)
			 : : "memory");
	check_eq(s2, 0x5252525252525252UL, "s2 preserved across ecall");
	check_eq(t3, 0x7373737373737373UL, "t3 preserved across ecall");
	check_eq(a2, a[2], "a2 preserved across ecall");
	check_eq(a7, a[7], "a7 preserved across ecall");
	return (struct ecall_ret){ .error = (long)a0, .value = a1 };
}

static unsigned failures;

static void expect(const char *what, struct ecall_ret r, long error, uint64_t value)
{
	printf("os-ecall: S-mode %s -> error %ld, value 0x%lx\n", what, r.error, r.value);
	if (r.error != error || r.value != value) {
		printf("FAIL: %s: expected error %ld, value 0x%lx\n", what, error, value);
		failures++;
	}
}

void os_main(void)
{
	uint64_t sum[8] = { 1, 2, 3, 4, 5, 0x1000000000UL, FID_SUM, TEST_EXT };
	expect("sum", os_call(sum), 0, 1 + 2 + 3 + 4 + 5 + 0x1000000000UL);

	uint64_t mix[8] = { ~0UL, 0x8000000000000000UL, 0xdeadbeef, 0, 7, 0x1234567890abcdefUL,
			    FID_MIX, TEST_EXT };
	expect("mix", os_call(mix), 0, test_mix(mix));

	uint64_t hart[8] = { 0, 0, 0, 0, 0, 0, FID_HARTID, TEST_EXT };
	expect("hartid", os_call(hart), 0, 0);

	uint64_t bad[8] = { 0, 0, 0, 0, 0, 0, 0x77, TEST_EXT };
	expect("unknown function", os_call(bad), ERR_NOT_SUPPORTED, 0);

	/* Many calls in a row: state must not drift between switches. */
	uint64_t acc = 0;
	for (uint64_t i = 0; i < 100; i++) {
		uint64_t a[8] = { acc, i, 0, 0, 0, 0, FID_SUM, TEST_EXT };
		struct ecall_ret r = os_call(a);
		if (r.error != 0 || r.value != acc + i)
			failures++;
		acc = r.value;
	}
	expect("100 chained sums", (struct ecall_ret){ 0, acc }, 0, 4950);

	uint64_t done[8] = { failures, 0, 0, 0, 0, 0, FID_DONE, TEST_EXT };
	os_call(done);
	printf("FAIL: the firmware resumed S-mode after FID_DONE\n");
	exit_failure(1);
}
