/*
 * Nondeterminism and checks for verify/harness.c. Under CBMC (VERIFY_CBMC, set by make verify)
 * nondet_*() have no body, so CBMC treats each call as any value, and
 * ASSUME/ASSERT are CBMC's. Otherwise (verify/random.c) they draw from a
 * PRNG, ASSUME restarts the run when it does not hold and ASSERT reports
 * and fails.
 */
#ifndef MIRALIS_VERIFY_NONDET_H
#define MIRALIS_VERIFY_NONDET_H

#include <stdbool.h>
#include <stdint.h>

uint64_t nondet_u64(void);
unsigned nondet_uint(void);

#ifdef VERIFY_CBMC
#define ASSUME(c) __CPROVER_assume(c)
#define ASSERT(c, msg) __CPROVER_assert((c), (msg))
#else
void verify_assume_failed(void) __attribute__((noreturn));
void verify_assert_failed(const char *msg, const char *file, int line) __attribute__((noreturn));
#define ASSUME(c) do { if (!(c)) verify_assume_failed(); } while (0)
#define ASSERT(c, msg) do {                                             \
	if (!(c))                                                       \
		verify_assert_failed((msg), __FILE__, __LINE__);        \
} while (0)

struct harness {
	const char *name;
	void (*fn)(void);
};
extern const struct harness verify_harnesses[];
#endif

#endif /* MIRALIS_VERIFY_NONDET_H */
