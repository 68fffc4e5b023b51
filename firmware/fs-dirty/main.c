/* fs-dirty: mstatus.FS goes Dirty when FP state is written (priv. spec
 * 3.1.6.6), whoever writes it.
 * A. M-mode sets FS = Clean, writes f1: mstatus.FS reads Dirty, SD = 1.
 * B. M-mode sets FS = Clean, mrets to S; the S payload ecalls, the M-mode
 *    handler writes f1 and resumes it: the payload's sstatus.FS is Dirty
 *    (an OS relying on FS to save FP state lazily must see the change).
 * C. The S payload writes f1 and ecalls: M-mode reads FS = Dirty. */
#include "fw.h"

#define MSTATUS_FS	(3UL << 13)
#define FS_CLEAN	(2UL << 13)
#define FS_DIRTY	(3UL << 13)
#define MSTATUS_SD	(1UL << 63)

void fp_write(uint64_t v);
void payload_entry(void);
void payload_fp(void);

static unsigned fs(uint64_t ms)
{
	return (unsigned)((ms & MSTATUS_FS) >> 13);
}

static void set_fs(uint64_t v)
{
	csr_clear(mstatus, MSTATUS_FS);
	csr_set(mstatus, v);
}

static bool on_trap_b(struct lower_ctx *ctx, struct trap_frame *f)
{
	(void)ctx;
	if (f->mcause != CAUSE_ECALL_S) {
		printf("FAIL: unexpected trap from S: mcause=0x%lx mepc=0x%lx\n", f->mcause, f->mepc);
		exit_failure(2);
	}
	if (f->x[10] == 1)
		return false;
	f->x[10] = 1;
	fp_write(0x1234);
	trap_skip(f);
	return true;
}

static bool stop(struct lower_ctx *ctx, struct trap_frame *f)
{
	(void)ctx;
	(void)f;
	return false;
}

int main(void)
{
	uint64_t ms;

	/* S-level code runs only with a PMP grant (priv spec 3.7.1) */
	csr_write(pmpaddr0, ~0UL >> 10);
	csr_write(pmpcfg0, PMP_A_TOR | PMP_R | PMP_W | PMP_X);
	csr_write(medeleg, 0);

	/* A */
	set_fs(FS_CLEAN);
	check_eq(fs(csr_read(mstatus)), 2, "FS = Clean after the write");
	fp_write(42);
	ms = csr_read(mstatus);
	printf("fs-dirty: M-mode FP write: FS = %u, SD = %lu\n", fs(ms), ms >> 63);

	/* B */
	set_fs(FS_CLEAN);
	struct lower_ctx ctx = { .pc = (uint64_t)(uintptr_t)payload_entry, .mode = PRV_S,
				 .on_trap = on_trap_b };
	enter_lower(&ctx);
	printf("fs-dirty: payload sstatus.FS before = %lu, after the firmware's FP write = %lu\n",
	       (ctx.regs.x[11] & MSTATUS_FS) >> 13, (ctx.regs.x[12] & MSTATUS_FS) >> 13);

	/* C */
	set_fs(FS_CLEAN);
	struct lower_ctx ctx2 = { .pc = (uint64_t)(uintptr_t)payload_fp, .mode = PRV_S,
				  .on_trap = stop };
	enter_lower(&ctx2);
	ms = csr_read(mstatus);
	printf("fs-dirty: after the payload's FP write: FS = %u, SD = %lu\n", fs(ms), ms >> 63);
	printf("fs-dirty: done\n");
	return 0;
}
