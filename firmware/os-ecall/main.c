/* os-ecall: an SBI-like exchange between an S-mode OS (os.c) and this
 * M-mode firmware. Each ecall from S arrives with mcause 9 and MPP = S; the
 * handler checks the extension, computes a0/a1 from a0..a7, steps over the
 * ecall and resumes S-mode. FID_DONE ends the excursion. */
#include "os_ecall.h"

static uint8_t os_stack[8192] __attribute__((aligned(16)));
static unsigned calls;

static bool on_os_trap(struct lower_ctx *ctx, struct trap_frame *f)
{
	(void)ctx;
	check_eq(f->mcause, CAUSE_ECALL_S, "only ecalls from S-mode expected");
	check_eq(mstatus_mpp(f->mstatus), PRV_S, "mstatus.MPP = S on an ecall from S");
	check_eq(f->x[17], TEST_EXT, "extension ID in a7");
	calls++;

	uint64_t *a = &f->x[10];	/* a0..a7 are x10..x17 */
	switch (a[6]) {
	case FID_SUM:
		a[1] = a[0] + a[1] + a[2] + a[3] + a[4] + a[5];
		a[0] = 0;
		break;
	case FID_MIX:
		a[1] = test_mix(a);
		a[0] = 0;
		break;
	case FID_HARTID:
		a[1] = csr_read(mhartid);
		a[0] = 0;
		break;
	case FID_DONE:
		return false;
	default:
		a[0] = (uint64_t)ERR_NOT_SUPPORTED;
		a[1] = 0;
		break;
	}
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
	enter_lower(&ctx);

	check_eq(ctx.regs.x[16], FID_DONE, "the OS ended with FID_DONE");
	check_eq(ctx.regs.x[10], 0, "failed checks reported by the OS");
	printf("os-ecall: %u ecalls from S-mode handled, OS reported no failure\n", calls);
	return 0;
}
