/* payload-counters: mcycle/minstret written by M-mode are what S-mode reads
 * through cycle/instret (mcounteren.CY/IR = 1): they are the same counters
 * (priv. spec 3.1.11, unpriv. "Zicntr"). The firmware moves both far ahead,
 * then an S-mode excursion reads them and reports back by ecall. */
#include "fw.h"

#define BIG (1UL << 62)

void cnt_os(void);
__asm__(".section .text\n"
	".globl cnt_os\n"
	"cnt_os:\n"
	"	csrr a0, cycle\n"
	"	csrr a1, instret\n"
	"	ecall\n"
	"1:	j 1b\n");

static bool stop(struct lower_ctx *ctx, struct trap_frame *f)
{
	(void)ctx;
	(void)f;
	return false;
}

int main(void)
{
	struct lower_ctx ctx = { .pc = (uint64_t)(uintptr_t)cnt_os, .mode = PRV_S, .on_trap = stop };

	csr_write(pmpaddr0, ~0UL >> 10);
	csr_write(pmpcfg0, PMP_A_TOR | PMP_R | PMP_W | PMP_X);
	csr_write(mcounteren, 0x7);
	csr_write(mcycle, BIG);
	csr_write(minstret, BIG);
	check(csr_read(mcycle) >= BIG, "mcycle reads back the written value");
	check(csr_read(minstret) >= BIG, "minstret reads back the written value");
	enter_lower(&ctx);
	check_eq(ctx.regs.mcause, CAUSE_ECALL_S, "S-mode ecall");
	printf("payload-counters: S-mode cycle >= 2^62: %s\n", ctx.regs.x[10] >= BIG ? "yes" : "no");
	printf("payload-counters: S-mode instret >= 2^62: %s\n", ctx.regs.x[11] >= BIG ? "yes" : "no");
	check(ctx.regs.x[10] >= BIG, "S-mode cycle continues from the mcycle M-mode wrote");
	check(ctx.regs.x[11] >= BIG, "S-mode instret continues from the minstret M-mode wrote");
	printf("payload-counters: done\n");
	return 0;
}
