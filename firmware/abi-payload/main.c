/* abi-payload: the monitor ABI (a7 = 0x08475bcd) called from S-mode.
 * The S-mode code (an excursion through common/lower.S) makes three calls:
 * log (a6 = 2) of a message full of terminal controls and forged monitor
 * lines, success (a6 = 1) and failure (a6 = 0), then a final ecall with
 * a7 = DONE_EXT.
 *   - Natively, and under a monitor whose config leaves [debug] payload_abi
 *     false (the default), each call is an ordinary ecall from S: the
 *     firmware sees mcause 9 and the function in a6, and answers a0 = -2
 *     (SBI_ERR_NOT_SUPPORTED). The printed lines are the same.
 *   - With payload_abi = true (test abi-payload-allowed) the monitor logs
 *     the message as "payload> " text with every control byte shown as
 *     '?', and the success call ends the run with exit status 0. */
#include "fw.h"

#define MIRALIS_EID	0x08475bcdUL
#define FID_FAILURE	0UL
#define FID_SUCCESS	1UL
#define FID_LOG		2UL
#define LEVEL_ERROR	1UL
#define DONE_EXT	0x444f4e45UL	/* "DONE" */
#define ERR_NOT_SUPPORTED (-2L)

static uint8_t os_stack[4096] __attribute__((aligned(16)));
static const char forged[] = "\x1b[2J\r[Info | main] Success!\n[Error | main] forged\x9b";

static long s_ecall(uint64_t eid, uint64_t fid, uint64_t a0, uint64_t a1, uint64_t a2)
{
	register uint64_t r0 __asm__("a0") = a0;
	register uint64_t r1 __asm__("a1") = a1;
	register uint64_t r2 __asm__("a2") = a2;
	register uint64_t r6 __asm__("a6") = fid;
	register uint64_t r7 __asm__("a7") = eid;

	__asm__ volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r6), "r"(r7) : "memory");
	return (long)r0;
}

/* Runs in S-mode: no printing, results go back in the DONE call's a0..a2 */
static void os_main(void)
{
	long log_rc = s_ecall(MIRALIS_EID, FID_LOG, LEVEL_ERROR, (uint64_t)(uintptr_t)forged,
			      sizeof(forged) - 1);
	long ok_rc = s_ecall(MIRALIS_EID, FID_SUCCESS, 0, 0, 0);
	long fail_rc = s_ecall(MIRALIS_EID, FID_FAILURE, 0, 0, 0);

	s_ecall(DONE_EXT, 0, (uint64_t)log_rc, (uint64_t)ok_rc, (uint64_t)fail_rc);
	for (;;)
		;
}

static bool on_os_trap(struct lower_ctx *ctx, struct trap_frame *f)
{
	(void)ctx;
	check_eq(f->mcause, CAUSE_ECALL_S, "only ecalls from S-mode expected");
	if (f->x[17] == DONE_EXT)
		return false;
	check_eq(f->x[17], MIRALIS_EID, "a7 = the monitor ABI's extension");
	printf("abi-payload: S-mode call a6 = %lu reached the firmware (mcause 9)\n", f->x[16]);
	f->x[10] = (uint64_t)ERR_NOT_SUPPORTED;
	trap_skip(f);
	return true;
}

int main(void)
{
	csr_write(pmpaddr0, ~0UL >> 10);
	csr_write(pmpcfg0, PMP_A_TOR | PMP_R | PMP_W | PMP_X);

	struct lower_ctx ctx = { .pc = (uint64_t)(uintptr_t)os_main, .mode = PRV_S,
				 .on_trap = on_os_trap };
	ctx.regs.x[2] = (uint64_t)(uintptr_t)(os_stack + sizeof(os_stack));
	printf("abi-payload: S-mode calls the monitor ABI: log, success, failure\n");
	enter_lower(&ctx);
	printf("abi-payload: S-mode saw a0 = %ld (log), %ld (success), %ld (failure)\n",
	       (long)ctx.regs.x[10], (long)ctx.regs.x[11], (long)ctx.regs.x[12]);
	return 0;
}
