/*
 * The monitor's stack guard and high-water mark (src/core/stack.c): the
 * guard at the bottom of each stack keeps the fill pattern unless the
 * stack overflowed into it, and an untouched (never started) stack is not
 * mistaken for a full one by the caller (src/core/main.c skips such harts;
 * a stack without the pattern measures as all used).
 */
#include <miralis/stack.h>

#include "check.h"

#define WORDS 2048	/* an 8 KiB stack */

static uint32_t stack[WORDS] __attribute__((aligned(8)));

static void fill(void)
{
	for (unsigned i = 0; i < WORDS; i++)
		stack[i] = STACK_PATTERN;
}

TEST(stack_guard_intact_until_written)
{
	fill();
	CHECK(stack_guard_intact(stack));
	/* use right down to the guard: still intact */
	for (unsigned i = STACK_GUARD / 4; i < WORDS; i++)
		stack[i] = 0;
	CHECK(stack_guard_intact(stack));
	CHECK_EQ(stack_used(stack, sizeof(stack)), sizeof(stack) - STACK_GUARD);
	/* one word inside the guard, anywhere in it */
	stack[STACK_GUARD / 4 - 1] = 0;
	CHECK(!stack_guard_intact(stack));
	fill();
	stack[0] = 1;
	CHECK(!stack_guard_intact(stack));
}

TEST(stack_used_measures_the_high_water_mark)
{
	fill();
	CHECK_EQ(stack_used(stack, sizeof(stack)), 0);
	stack[WORDS - 10] = 0;
	CHECK_EQ(stack_used(stack, sizeof(stack)), 40);
	/* a stack entry.S never filled (the hart never started) reads as full */
	for (unsigned i = 0; i < WORDS; i++)
		stack[i] = 0;
	CHECK_EQ(stack_used(stack, sizeof(stack)), sizeof(stack));
}
