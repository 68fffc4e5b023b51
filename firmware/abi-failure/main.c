/* abi-failure (monitor only): the firmware reports a fatal error through
 * the monitor ABI (include/miralis/abi.h: ecall with a7 = 0x08475bcd, the
 * monitor's extension ID in the SBI space, a6 = 0, the failure function).
 * The monitor must print "Firmware or payload panicked!" and end the run
 * with exit code 1; control never comes back. Natively the ecall is an
 * ordinary environment call from M-mode (mcause 11, priv spec 3.1.15): the
 * handler prints a FAIL line and exits with code 3, as does a monitor that
 * returns from the call. */
#include "fw.h"

#define MIRALIS_EID	0x08475bcdUL
#define MIRALIS_FAILURE	0UL

void trap_handler(struct trap_frame *f)
{
	printf("FAIL: abi-failure: the monitor ABI call trapped in the firmware: mcause = %lu "
	       "(passes only under the monitor)\n", f->mcause);
	exit_failure(3);
}

static uint64_t failure_call(void)
{
	/* No function call between these assignments and the ecall: a call
	 * would clobber the argument registers. */
	register uint64_t a6 __asm__("a6") = MIRALIS_FAILURE;
	register uint64_t a7 __asm__("a7") = MIRALIS_EID;
	register uint64_t a0 __asm__("a0") = 0;

	__asm__ volatile("ecall" : "+r"(a0) : "r"(a6), "r"(a7) : "a1", "memory");
	return a0;
}

int main(void)
{
	printf("abi-failure: calling the monitor ABI failure function\n");
	uint64_t ret = failure_call();
	printf("FAIL: abi-failure: the failure function returned a0 = 0x%lx\n", ret);
	exit_failure(3);
}
