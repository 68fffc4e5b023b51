/* h-traps: traps from the payload's H-extension modes to M-mode, and what
 * M-mode finds (H spec: mstatus.MPV/GVA, mtval2, mtinst; htval and htinst
 * are written only by traps into HS-mode).
 * A. HS-mode (V = 0) hlv.d with hgatp = Sv39x4 and an empty root: load
 *    guest-page fault (21), mtval = the address, mtval2 = GPA >> 2, MPV = 0.
 *    (GVA is not printed: QEMU 7.2 leaves it 0 here, the spec says 1.)
 * B. VS-mode with the same hgatp: the first fetch takes an instruction
 *    guest-page fault (20) with MPV = 1, GVA = 1, mtval2 = GPA >> 2; htval
 *    and htinst keep the values M-mode wrote. */
#include "fw.h"

#define MISA_H		(1UL << ('H' - 'A'))
#define MSTATUS_GVA	(1UL << 38)
#define MSTATUS_MPV	(1UL << 39)
#define HSTATUS_SPVP	(1UL << 8)

void hs_payload(void);
extern char hs_hlv[];

static uint64_t groot[2048] __attribute__((aligned(16384)));
static uint64_t tval2, tinst;

static bool on_trap(struct lower_ctx *ctx, struct trap_frame *f)
{
	tval2 = csr_read(mtval2);
	tinst = csr_read(mtinst);
	(void)ctx;
	(void)f;
	return false;
}

int main(void)
{
	struct lower_ctx ctx;

	if (!(csr_read(misa) & MISA_H)) {
		printf("h-traps: no H extension\n");
		return 0;
	}
	csr_write(pmpaddr0, ~0UL >> 10);
	csr_write(pmpcfg0, PMP_A_TOR | PMP_R | PMP_W | PMP_X);
	csr_write(medeleg, 0);
	csr_write(hedeleg, 0);
	memset(groot, 0, sizeof(groot));
	csr_write(hgatp, (8UL << 60) | ((uint64_t)(uintptr_t)groot >> 12));
	csr_write(vsatp, 0);
	csr_write(hstatus, HSTATUS_SPVP);
	csr_write(htval, 0x123);
	csr_write(htinst, 0);

	/* A */
	csr_clear(mstatus, MSTATUS_MPV);
	ctx = (struct lower_ctx){ .pc = (uint64_t)(uintptr_t)hs_payload, .mode = PRV_S,
				  .on_trap = on_trap };
	ctx.regs.x[10] = 0x40001000;
	enter_lower(&ctx);
	printf("h-traps: A: mcause = %lu, mtval = 0x%lx, at hlv = %d, mtval2 = 0x%lx, "
	       "mtinst = 0x%lx, MPP = %lu, MPV = %lu\n", ctx.regs.mcause, ctx.regs.mtval,
	       ctx.regs.mepc == (uint64_t)(uintptr_t)hs_hlv, tval2, tinst,
	       mstatus_mpp(ctx.regs.mstatus), (ctx.regs.mstatus >> 39) & 1);

	/* B */
	csr_set(mstatus, MSTATUS_MPV);
	ctx = (struct lower_ctx){ .pc = 0x40002000, .mode = PRV_S, .on_trap = on_trap };
	enter_lower(&ctx);
	printf("h-traps: B: mcause = %lu, mtval = 0x%lx, mepc = 0x%lx, mtval2 = 0x%lx, "
	       "mtinst = 0x%lx, MPP = %lu, MPV = %lu, GVA = %lu, htval = 0x%lx, htinst = 0x%lx\n",
	       ctx.regs.mcause, ctx.regs.mtval, ctx.regs.mepc, tval2, tinst,
	       mstatus_mpp(ctx.regs.mstatus), (ctx.regs.mstatus >> 39) & 1,
	       (ctx.regs.mstatus >> 38) & 1, csr_read(htval), csr_read(htinst));
	csr_clear(mstatus, MSTATUS_MPV);
	csr_write(hgatp, 0);
	printf("h-traps: done\n");
	return 0;
}
