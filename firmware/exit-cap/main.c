/* exit-cap (monitor only, with configs/qemu-virt-exit-cap.toml, [debug]
 * max_firmware_exits = 1000): a firmware that traps to the monitor over and
 * over, here with `csrr a0, mscratch` (every CSR access of virtual M-mode is
 * an illegal instruction the monitor emulates). The monitor must stop it
 * with "Reached maximum number of exits" and exit code 1 long before the
 * loop ends. The loop is bounded (LOOPS, far more than the cap) so that a
 * native run, or a monitor without the cap, ends with a FAIL line and exit
 * code 3 (not 1) instead of hanging. */
#include "fw.h"

#define LOOPS 200000UL

int main(void)
{
	unsigned long n = LOOPS;

	printf("exit-cap: looping on csrr mscratch, %lu times\n", LOOPS);
	/* 1: csrr a0, mscratch; count down; loop */
	__asm__ volatile("1:	csrr	a0, mscratch\n"
			 "	addi	%0, %0, -1\n"
			 "	bnez	%0, 1b\n"
			 : "+r"(n) : : "a0", "memory");
	printf("FAIL: exit-cap: %lu mscratch reads were not stopped by an exit cap "
	       "(passes only under a monitor with max_firmware_exits = 1000)\n", LOOPS);
	exit_failure(3);
}
