/*
 * The random driver of the proof harnesses (make verify-random): each
 * harness runs until RUNS runs got past their assumptions, nondet_*()
 * drawing biased values from xorshift64*. An ASSERT that fails prints the
 * harness, the run and the message, and exits 1. This is testing, not
 * proof: make verify (CBMC) is the proof.
 *
 *   verify-random [RUNS] [harness...]
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "nondet.h"

static uint64_t state = 0x6d6972616c6973ULL;
static jmp_buf retry;
static const char *current;
static unsigned long run_no;

static uint64_t next(void)
{
	uint64_t x = state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

uint64_t nondet_u64(void)
{
	uint64_t r = next();

	switch (r & 7) {	/* all ones, zero, one bit, small: where the edges are */
	case 0: return ~0ULL;
	case 1: return 0;
	case 2: return 1ULL << (next() & 63);
	case 3: return next() & 0xff;
	default: return next();
	}
}

unsigned nondet_uint(void)
{
	return (unsigned)nondet_u64();
}

void verify_assume_failed(void)
{
	longjmp(retry, 1);
}

void verify_assert_failed(const char *msg, const char *file, int line)
{
	printf("%s: run %lu: ASSERTION FAILED: %s (%s:%d)\n", current, run_no, msg, file, line);
	exit(1);
}

/* One run of fn; false when an assumption did not hold. */
static bool run_once(void (*fn)(void))
{
	if (setjmp(retry) != 0) {
		host_reset();
		return false;
	}
	fn();
	host_reset();
	return true;
}

int main(int argc, char **argv)
{
	unsigned long runs = argc > 1 ? strtoul(argv[1], NULL, 0) : 20000;

	for (const struct harness *h = verify_harnesses; h->name; h++) {
		bool chosen = argc <= 2;
		unsigned long tries = 0;

		for (int i = 2; i < argc; i++)
			chosen |= strcmp(argv[i], h->name) == 0;
		if (!chosen)
			continue;
		current = h->name;
		for (run_no = 0; run_no < runs; tries++) {
			if (tries > 100 * runs) {
				printf("%s: the assumptions hold too rarely (%lu of %lu)\n",
				       h->name, run_no, tries);
				return 1;
			}
			if (run_once(h->fn))
				run_no++;
		}
		printf("%s: %lu random runs passed\n", h->name, runs);
	}
	return 0;
}
