/* Micro-benchmark harness shared by firmware/bench-fw (virtual M-mode) and
 * payload/bench-sbi (S-mode). Header only: firmwares that do not include it
 * link nothing of it.
 *
 * Each operation is timed with an instruction counter (minstret in M-mode,
 * instret in S-mode; under `-icount shift=0` both count guest instructions in
 * every privilege mode, the monitor's included) two ways:
 *   once:  read the counter, run the operation, read it again; BENCH_SINGLES times;
 *   loop:  read, run the operation BENCH_LOOP times back to back, read.
 * A counter read may itself trap (minstret in virtual M-mode does), so every
 * operation names a calibration: the same harness with only its set-up code.
 * runner/bench.py subtracts the calibration: cost = once(op) - once(calib),
 * mean = (loop(op) - loop(calib)) / BENCH_LOOP. Everything is deterministic
 * under icount, so the subtraction is exact.
 *
 * Output, one line per operation (never starting with '['), parsed by
 * runner/bench.py:
 *   B <name> calib=<name> loop=<n>:<delta> once=<v>*<k>,<v>*<k>,...
 * where once is the run-length encoding of the BENCH_SINGLES deltas in order.
 */
#ifndef FW_BENCH_H
#define FW_BENCH_H

#include <stdint.h>

#include "print.h"

#define BENCH_SINGLES 1000
#define BENCH_LOOP 1000

#define BENCH_STR_(x) #x
#define BENCH_STR(x) BENCH_STR_(x)

/*
 * BENCH_DEFINE(name, counter, setup, op, clobbers...) defines
 *   bench_once_<name>(void): setup, then counter read, op, counter read;
 *   bench_loop_<name>(n):    counter read, n times (setup; op), counter read.
 * setup and op are assembly text; the clobbers list the registers they use.
 * The loop's first and last instructions carry the global labels
 * bench_start_<name> and bench_stop_<name>: the profiler's window markers.
 */
#define BENCH_DEFINE(name, counter, setup, op, ...)                             \
	__attribute__((noinline)) static uint64_t bench_once_##name(void)       \
	{                                                                       \
		uint64_t t0, t1;                                                \
		__asm__ volatile(setup "\n\t"                                   \
				 "csrr %0, " counter "\n\t"                     \
				 op "\n\t"                                      \
				 "csrr %1, " counter                            \
				 : "=&r"(t0), "=&r"(t1) : : "memory", __VA_ARGS__); \
		return t1 - t0;                                                 \
	}                                                                       \
	__attribute__((noinline)) static uint64_t bench_loop_##name(uint64_t n) \
	{                                                                       \
		uint64_t t0, t1;                                                \
		__asm__ volatile("csrr %0, " counter "\n"                       \
				 ".globl bench_start_" #name "\n"               \
				 "bench_start_" #name ":\n\t"                   \
				 setup "\n\t"                                   \
				 op "\n\t"                                      \
				 "addi %2, %2, -1\n\t"                          \
				 "bnez %2, bench_start_" #name "\n"             \
				 ".globl bench_stop_" #name "\n"                \
				 "bench_stop_" #name ":\n\t"                    \
				 "csrr %1, " counter                            \
				 : "=&r"(t0), "=&r"(t1), "+r"(n)                \
				 : : "memory", __VA_ARGS__);                    \
		return t1 - t0;                                                 \
	}

struct bench {
	const char *name;
	const char *calib;	/* the bench whose set-up matches, without the op */
	uint64_t (*once)(void);
	uint64_t (*loop)(uint64_t n);
};

#define BENCH_ENTRY(name, calib) { #name, #calib, bench_once_##name, bench_loop_##name }

/* Print the deltas run-length encoded, in the order they were taken. */
static inline void bench_print_once(const uint32_t *d, unsigned n)
{
	unsigned i = 0;

	while (i < n) {
		unsigned k = 1;

		while (i + k < n && d[i + k] == d[i])
			k++;
		printf("%s%u*%u", i ? "," : "", d[i], k);
		i += k;
	}
}

static inline void bench_report(const char *name, const char *calib, uint64_t loop_delta,
				const uint32_t *once, unsigned n)
{
	printf("B %s calib=%s loop=%u:%lu once=", name, calib, (unsigned)BENCH_LOOP, loop_delta);
	bench_print_once(once, n);
	printf("\n");
}

/* Run one bench: the singles, then the loop. */
static inline void bench_run(const struct bench *b, uint32_t *scratch)
{
	for (unsigned i = 0; i < BENCH_SINGLES; i++)
		scratch[i] = (uint32_t)b->once();
	bench_report(b->name, b->calib, b->loop(BENCH_LOOP), scratch, BENCH_SINGLES);
}

#endif /* FW_BENCH_H */
