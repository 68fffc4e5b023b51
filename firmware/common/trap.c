/* C side of the M-mode trap entries (trap.S, lower.S) and the default,
 * failing, weak handlers a test may override. */
#include "fw.h"

_Static_assert(offsetof(struct trap_frame, x[31]) == FRAME_X(31), "frame.h out of sync");
_Static_assert(offsetof(struct trap_frame, mepc) == FRAME_MEPC, "frame.h out of sync");
_Static_assert(offsetof(struct trap_frame, mcause) == FRAME_MCAUSE, "frame.h out of sync");
_Static_assert(offsetof(struct trap_frame, mtval) == FRAME_MTVAL, "frame.h out of sync");
_Static_assert(offsetof(struct trap_frame, mstatus) == FRAME_MSTATUS, "frame.h out of sync");
_Static_assert(sizeof(struct trap_frame) == FRAME_SIZE, "frame.h out of sync");
_Static_assert(offsetof(struct lower_ctx, pc) == LCTX_PC, "frame.h out of sync");
_Static_assert(offsetof(struct lower_ctx, mode) == LCTX_MODE, "frame.h out of sync");

unsigned insn_len(uint64_t addr)
{
	/* Base-ISA instructions have bits [1:0] == 11; anything else is a 16-bit
	 * RVC instruction (unpriv spec, "Expanded Instruction-Length Encoding").
	 * A halfword read is enough and never crosses into an unmapped page. */
	uint16_t low = *(volatile const uint16_t *)(uintptr_t)addr;
	return (low & 3) == 3 ? 4 : 2;
}

static __attribute__((noreturn)) void report_trap(const char *where, const struct trap_frame *f)
{
	printf("FAIL: unexpected trap %s: mcause=0x%lx mepc=0x%lx mtval=0x%lx mstatus=0x%lx\n",
	       where, f->mcause, f->mepc, f->mtval, f->mstatus);
	exit_failure(2);
}

__attribute__((weak)) void trap_handler(struct trap_frame *f)
{
	report_trap("in M-mode", f);
}

/* Called by lower.S for every trap out of an excursion; see fw.h. */
bool lower_dispatch(struct trap_frame *f, struct lower_ctx *ctx);
bool lower_dispatch(struct trap_frame *f, struct lower_ctx *ctx)
{
	if (!ctx->on_trap)
		report_trap(ctx->mode == PRV_S ? "from S-mode" : "from U-mode", f);
	if (ctx->on_trap(ctx, f))
		return true;
	ctx->regs = *f;
	return false;
}

__attribute__((weak)) void secondary_main(unsigned long hartid)
{
	(void)hartid;
	/* mie is 0 (start.S), so wfi only returns on spurious wake-ups. */
	for (;;)
		__asm__ volatile("wfi");
}
