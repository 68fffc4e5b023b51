/*
 * Minimal unit-test harness. A test is
 *
 *	TEST(decode_mret)
 *	{
 *		CHECK_EQ(x, 3);
 *	}
 *
 * registered before main() runs; tests/unit/main.c runs them all or the
 * ones named on the command line. A failed CHECK prints file:line and both
 * values in hex, marks the test failed and lets it continue.
 */
#ifndef MIRALIS_TESTS_UNIT_CHECK_H
#define MIRALIS_TESTS_UNIT_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct test_case {
	const char *name;
	void (*fn)(void);
	const char *file;
	int line;
	struct test_case *next;
};

void test_register(struct test_case *tc);
void check_failed(const char *file, int line, const char *expr);
void check_eq_failed(const char *file, int line, const char *a_text,
		     const char *b_text, uint64_t a, uint64_t b);

#define TEST(name)                                                          \
	static void test_fn_##name(void);                                   \
	static struct test_case test_case_##name = {                        \
		#name, test_fn_##name, __FILE__, __LINE__, 0 };             \
	__attribute__((constructor)) static void test_reg_##name(void)      \
	{                                                                   \
		test_register(&test_case_##name);                           \
	}                                                                   \
	static void test_fn_##name(void)

#define CHECK(cond)                                                         \
	do {                                                                \
		if (!(cond))                                                \
			check_failed(__FILE__, __LINE__, #cond);            \
	} while (0)

/* Both sides are compared and printed as 64-bit patterns. */
#define CHECK_EQ(a, b)                                                      \
	do {                                                                \
		uint64_t check_a_ = (uint64_t)(a), check_b_ = (uint64_t)(b); \
		if (check_a_ != check_b_)                                   \
			check_eq_failed(__FILE__, __LINE__, #a, #b,         \
					check_a_, check_b_);                \
	} while (0)

/* A small device tree (tests/unit/test_fdt.c), for tests that need one */
extern const uint8_t *const test_plain_dtb;
extern const size_t test_plain_dtb_size;

#endif /* MIRALIS_TESTS_UNIT_CHECK_H */
