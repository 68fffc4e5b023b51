/* abi-log (monitor only): the firmware prints through the monitor ABI's log
 * function (include/miralis/abi.h: ecall with a7 = 0x08475bcd, a6 = 2,
 * a0 = level, a1 = pointer, a2 = length in bytes). The monitor reads the
 * message from the firmware's memory and logs "firmware> <message>" at that
 * level (3 = info), then returns a0 = 0 and resumes after the ecall.
 *   1. level 3, a whole message: logged at info level ("[Info | abi] firmware> ");
 *   2. one string without a NUL between its two parts, logged by two
 *      calls: the first 26 bytes, then from byte 26 on, so the second
 *      line shows that the monitor starts at a1 (the first line cannot
 *      show that it stops at a2: expected lines are substrings);
 *   3. every register other than a0/a1 is preserved, a0 = a1 = 0 returned;
 *   4. a message with an ANSI escape, LF and CR/LF: each control byte is
 *      logged as '?', so the forged "[Error | main]" stays inside the line.
 * Natively the ecall is an environment call from M-mode (mcause 11, priv
 * spec 3.1.15): the handler prints a FAIL line and exits with code 3. */
#include "fw.h"

#define MIRALIS_EID	0x08475bcdUL
#define MIRALIS_LOG	2UL
#define LEVEL_INFO	3UL

static const char msg1[] = "abi-log: hello from the firmware through the monitor";
/* Logged in two calls: bytes 0..25, then 26 to the end. */
static const char msg2[] = "abi-log: a partial messageSECOND-PART";
static const char msg3[] = "\x1b[31m\n[Error | main] forged\r\n";

void trap_handler(struct trap_frame *f)
{
	printf("FAIL: abi-log: the monitor ABI call trapped in the firmware: mcause = %lu "
	       "(passes only under the monitor)\n", f->mcause);
	exit_failure(3);
}

static uint64_t log_call(uint64_t level, const char *msg, uint64_t len, uint64_t *a1_out)
{
	register uint64_t a0 __asm__("a0") = level;
	register uint64_t a1 __asm__("a1") = (uint64_t)(uintptr_t)msg;
	register uint64_t a2 __asm__("a2") = len;
	register uint64_t a3 __asm__("a3") = 0x3333;
	register uint64_t a6 __asm__("a6") = MIRALIS_LOG;
	register uint64_t a7 __asm__("a7") = MIRALIS_EID;
	register uint64_t s2 __asm__("s2") = 0x5252;
	register uint64_t t3 __asm__("t3") = 0x7373;

	__asm__ volatile("ecall"
			 : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a6), "+r"(a7), "+r"(s2),
			   "+r"(t3)
			 :
			 : "memory");
	check_eq(a2, len, "a2 preserved");
	check_eq(a3, 0x3333, "a3 preserved");
	check_eq(a6, MIRALIS_LOG, "a6 preserved");
	check_eq(a7, MIRALIS_EID, "a7 preserved");
	check_eq(s2, 0x5252, "s2 preserved");
	check_eq(t3, 0x7373, "t3 preserved");
	*a1_out = a1;
	return a0;
}

int main(void)
{
	uint64_t a1;

	printf("abi-log: logging through the monitor ABI\n");
	check_eq(log_call(LEVEL_INFO, msg1, sizeof(msg1) - 1, &a1), 0, "log call a0");
	check_eq(a1, 0, "log call a1");
	check_eq(log_call(LEVEL_INFO, msg2, 26, &a1), 0, "log call a0");
	check_eq(log_call(LEVEL_INFO, msg2 + 26, sizeof(msg2) - 1 - 26, &a1), 0, "log call a0");
	check_eq(log_call(LEVEL_INFO, msg3, sizeof(msg3) - 1, &a1), 0, "log call a0");
	printf("abi-log: the monitor returned a0 = 0 and preserved the other registers\n");
	return 0;
}
