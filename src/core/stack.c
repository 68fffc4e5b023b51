/*
 * Stack guard and high-water mark of the per-hart stacks (<miralis/stack.h>).
 * Stack bottoms are 8-byte aligned (page-aligned stacks of a multiple of 16
 * bytes, src/arch/metal/monitor.ld.S).
 */
#include <miralis/stack.h>

_Static_assert(STACK_GUARD % 8 == 0, "the guard is whole double words");

/* The guard is read 8 bytes at a time (half the loads on every exit) */
typedef uint64_t __attribute__((may_alias)) guard_word;

bool stack_guard_intact(const uint32_t *bottom)
{
	const guard_word *g = (const guard_word *)bottom;
	const guard_word pattern = (uint64_t)STACK_PATTERN << 32 | STACK_PATTERN;

	for (unsigned i = 0; i < STACK_GUARD / 8; i++)
		if (g[i] != pattern)
			return false;
	return true;
}

uint64_t stack_used(const uint32_t *bottom, uint64_t size)
{
	uint64_t untouched = 0;

	while (untouched < size / 4 && bottom[untouched] == STACK_PATTERN)
		untouched++;
	return size - 4 * untouched;
}
