/* Ending a run through QEMU virt's sifive_test finisher (0x100000): a 32-bit
 * store of 0x5555 exits QEMU with status 0, (code << 16) | 0x3333 with status
 * code (toolchain-notes section 2). Under the monitor the device is left
 * unvirtualised, so the same store ends the virtualised run. */
#include "fw.h"

#define FINISHER		((volatile uint32_t *)0x100000UL)
#define FINISHER_PASS		0x5555U
#define FINISHER_FAIL		0x3333U

static __attribute__((noreturn)) void hang(void)
{
	for (;;)
		__asm__ volatile("wfi");
}

void exit_success(void)
{
	*FINISHER = FINISHER_PASS;
	hang();
}

void exit_failure(unsigned code)
{
	/* Code 0 would read as success to the runner: clamp to 1. */
	if (code == 0 || code > 0xffff)
		code = 1;
	*FINISHER = (code << 16) | FINISHER_FAIL;
	hang();
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
