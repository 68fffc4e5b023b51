/* Ending a run, on whatever device the board has (board.h). */
#include "board.h"
#include "fw.h"

void exit_success(void)
{
	board_exit(0);
}

void exit_failure(unsigned code)
{
	/* Code 0 would read as success to the runner: clamp to 1. */
	if (code == 0 || code > 0xffff)
		code = 1;
	board_exit(code);
}

void fw_fail(const char *msg, const char *file, int line)
{
	printf("FAIL: %s (%s:%d)\n", msg, file, line);
	exit_failure(1);
}

void fw_fail_eq(const char *msg, uint64_t got, uint64_t want, const char *file, int line)
{
	printf("FAIL: %s: got 0x%lx, expected 0x%lx (%s:%d)\n", msg, got, want, file, line);
	exit_failure(1);
}
