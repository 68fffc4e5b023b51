/* os-ctx-switch: M-mode -> S-mode -> M-mode world switches.
 * 1. PMP entry 0 = TOR over [0, 2^56) RWX (S-mode needs a PMP grant to run
 *    at all, priv spec 3.7.1), MPP = S, mepc = os_entry, mret. The OS sets
 *    t6 and sscratch and ecalls: back in M we expect mcause 9, MPP = S,
 *    mepc = the ecall, and the OS's t6/sscratch.
 * 2. The same into payload/hello_world, loaded separately at PAYLOAD_ADDR
 *    (QEMU -device loader); it prints its line and ends with an SBI SRST
 *    shutdown ecall, which this firmware handles itself. */
#include "fw.h"
#include "payload_abi.h"

void os_entry(void);
extern char os_ecall[];

static bool stop_on_any_trap(struct lower_ctx *ctx, struct trap_frame *f)
{
	(void)ctx;
	(void)f;
	return false;
}

static void allow_all_pmp(void)
{
	csr_write(pmpaddr0, ~0UL >> 10);
	csr_write(pmpcfg0, PMP_A_TOR | PMP_R | PMP_W | PMP_X);
	check_eq(csr_read(pmpcfg0) & 0xff, PMP_A_TOR | PMP_R | PMP_W | PMP_X, "pmpcfg0 TOR RWX");
}

static void test_inline_os(void)
{
	struct lower_ctx ctx = { .pc = (uint64_t)(uintptr_t)os_entry, .mode = PRV_S,
				 .on_trap = stop_on_any_trap };

	csr_write(sscratch, 0);
	enter_lower(&ctx);
	const struct trap_frame *f = &ctx.regs;
	check_eq(f->mcause, CAUSE_ECALL_S, "mcause of ecall from S-mode");
	check_eq(mstatus_mpp(f->mstatus), PRV_S, "mstatus.MPP = S after the OS's ecall");
	check_eq(f->mepc, (uint64_t)(uintptr_t)os_ecall, "mepc = the OS's ecall");
	check_eq(f->x[31], 0x42, "t6 set by the OS");
	check_eq(csr_read(sscratch), 0x42, "sscratch written by the OS");
	printf("os-ctx-switch: OS ecall: mcause = %lu, MPP = %lu, t6 = 0x%lx, sscratch = 0x%lx\n",
	       f->mcause, mstatus_mpp(f->mstatus), f->x[31], csr_read(sscratch));
}

static bool on_payload_trap(struct lower_ctx *ctx, struct trap_frame *f)
{
	(void)ctx;
	if (f->mcause == CAUSE_ECALL_S && f->x[17] == SBI_EXT_SRST && f->x[16] == SBI_SRST_RESET)
		return false;
	printf("FAIL: unexpected trap from the payload: mcause=0x%lx mepc=0x%lx mtval=0x%lx a7=0x%lx\n",
	       f->mcause, f->mepc, f->mtval, f->x[17]);
	exit_failure(1);
}

static void test_payload(void)
{
	volatile const uint64_t *magic = (const uint64_t *)(PAYLOAD_ADDR + PAYLOAD_MAGIC_OFFSET);

	if (*magic != PAYLOAD_MAGIC) {
		printf("FAIL: no payload at 0x%lx (load payload/hello_world with -device loader,file=...)\n",
		       PAYLOAD_ADDR);
		exit_failure(4);
	}
	struct lower_ctx ctx = { .pc = PAYLOAD_ADDR, .mode = PRV_S, .on_trap = on_payload_trap };
	ctx.regs.x[10] = csr_read(mhartid);	/* a0 = hartid, a1 = no device tree */
	enter_lower(&ctx);
	const struct trap_frame *f = &ctx.regs;
	check_eq(mstatus_mpp(f->mstatus), PRV_S, "mstatus.MPP = S after the payload's ecall");
	check_eq(f->x[10], SBI_SRST_SHUTDOWN, "SRST reset type");
	check_eq(f->x[11], SBI_SRST_NO_REASON, "SRST reset reason");
	printf("os-ctx-switch: payload asked for SBI shutdown (type %lu, reason %lu)\n",
	       f->x[10], f->x[11]);
}

int main(void)
{
	allow_all_pmp();
	test_inline_os();
	test_payload();
	return 0;
}
