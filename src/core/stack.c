/* Stack guard and high-water mark of the per-hart stacks (<miralis/stack.h>). */
#include <miralis/stack.h>

_Static_assert(STACK_GUARD % 4 == 0, "the guard is whole pattern words");

bool stack_guard_intact(const uint32_t *bottom)
{
	for (unsigned i = 0; i < STACK_GUARD / 4; i++)
		if (bottom[i] != STACK_PATTERN)
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
