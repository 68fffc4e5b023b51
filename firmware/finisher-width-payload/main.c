/* finisher-width-payload: an untranslated S-mode payload that the firmware's
 * PMP lets reach the sifive_test finisher loads 8 bytes from it (the device
 * takes 2..4). On hardware: a load access fault from S, taken by M-mode. */
#include "fw.h"

void fin_os(void);
__asm__(".section .text\n"
	".globl fin_os\n"
	"fin_os:\n"
	"	li t0, 0x100000\n"
	"	ld a0, 0(t0)\n"
	"	li a0, 1\n"
	"	ecall\n");

static bool on_trap(struct lower_ctx *ctx, struct trap_frame *f)
{
	(void)ctx;
	if (f->mcause == CAUSE_LOAD_ACCESS)
		printf("finisher-width-payload: S-mode ld: mcause = %lu, mtval = 0x%lx, MPP = %lu\n",
		       f->mcause, f->mtval, (f->mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
	else
		printf("finisher-width-payload: S-mode trap mcause = %lu, a0 = %lu\n", f->mcause,
		       f->x[10]);
	return false;
}

int main(void)
{
	struct lower_ctx ctx = { .pc = (uint64_t)(uintptr_t)fin_os, .mode = PRV_S, .on_trap = on_trap };

	csr_write(pmpaddr0, ~0UL >> 10);
	csr_write(pmpcfg0, PMP_A_TOR | PMP_R | PMP_W | PMP_X);
	enter_lower(&ctx);
	printf("finisher-width-payload: done\n");
	return 0;
}
