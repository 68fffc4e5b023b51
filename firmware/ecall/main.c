/* ecall: an ecall executed in M-mode traps to mtvec with mcause 11
 * (environment call from M-mode, priv spec table 3.6) and mepc pointing at
 * the ecall itself; the handler skips it and the arguments/results pass
 * through the saved registers. Under the monitor the firmware really runs in
 * U-mode (cause 8), so this checks that the monitor injects cause 11. */
#include "fw.h"

/* Address of the ecall instruction, defined in the asm below. */
extern char ecall_insn[];

static volatile unsigned traps;
static volatile uint64_t seen_cause, seen_epc, seen_tval, seen_mpp, seen_a0, seen_a7;

void trap_handler(struct trap_frame *f)
{
	traps++;
	seen_cause = f->mcause;
	seen_epc = f->mepc;
	seen_tval = f->mtval;
	seen_mpp = mstatus_mpp(f->mstatus);
	seen_a0 = f->x[10];
	seen_a7 = f->x[17];
	f->x[10] = f->x[10] + 1;	/* a result the caller can check */
	trap_skip(f);
}

/* noinline/noclone: the asm label below must be emitted exactly once. */
static __attribute__((noinline, noclone)) uint64_t do_ecall(uint64_t a0, uint64_t a7)
{
	register uint64_t r_a0 __asm__("a0") = a0;
	register uint64_t r_a7 __asm__("a7") = a7;

	/* The global label lets the test compare mepc with the ecall address. */
	__asm__ volatile(".globl ecall_insn\necall_insn:\n\tecall"
			 : "+r"(r_a0) : "r"(r_a7) : "memory");
	return r_a0;
}

int main(void)
{
	/* a7 is arbitrary but deliberately not the Miralis ABI EID (0x08475bcd). */
	uint64_t r = do_ecall(0x1234, 0x10);

	check_eq(traps, 1, "number of traps");
	check_eq(seen_cause, CAUSE_ECALL_M, "mcause of ecall from M-mode");
	check_eq(seen_epc, (uint64_t)(uintptr_t)ecall_insn, "mepc points at the ecall");
	check_eq(seen_tval, 0, "mtval of ecall");
	check_eq(seen_mpp, PRV_M, "mstatus.MPP after a trap from M-mode");
	check_eq(seen_a0, 0x1234, "a0 seen by the handler");
	check_eq(seen_a7, 0x10, "a7 seen by the handler");
	check_eq(r, 0x1235, "a0 returned by the handler");
	printf("ecall: mcause = %lu, mepc = ecall, mtval = 0x%lx, MPP = %lu\n",
	       seen_cause, seen_tval, seen_mpp);
	printf("ecall: handler returned a0 = 0x%lx\n", r);
	return 0;
}
