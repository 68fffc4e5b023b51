/* keystone-fw: an SBI firmware that reports what it sees of the S-mode
 * caller, for the keystone policy (docs/keystone.md): the monitor forwards an
 * enclave's legacy console_putchar here with the host's S-level CSRs, the
 * call's a0 and a7, and zero in every other GPR. It runs the payload at
 * PAYLOAD_ADDR in S-mode and serves legacy set_timer/console_putchar (a
 * putchar of '!' prints the report instead) and SRST shutdown.
 * Meaningful under the monitor only (natively nothing forwards). */
#include "fw.h"
#include "payload_abi.h"

#define SBI_LEGACY_SET_TIMER 0
#define SBI_LEGACY_PUTCHAR 1
#define REPORT_CHAR '!'
#define REG_A0 10
#define REG_A7 17
#define HOST_IMAGE_SIZE 0x400000UL	/* the payload image; enclaves live above it */

static void allow_all_pmp(void)
{
	csr_write(pmpaddr0, ~0UL >> 10);
	csr_write(pmpcfg0, PMP_A_TOR | PMP_R | PMP_W | PMP_X);
}

static void report(const struct trap_frame *f)
{
	uint64_t others = 0;

	for (unsigned r = 1; r < 32; r++)
		if (r != REG_A0 && r != REG_A7)
			others |= f->x[r];
	printf("keystone-fw: putchar a0=0x%lx a7=0x%lx, other GPRs ORed=0x%lx\n", f->x[REG_A0],
	       f->x[REG_A7], others);
	printf("keystone-fw: mepc in the host image=%d sscratch=0x%lx satp=0x%lx\n",
	       f->mepc >= PAYLOAD_ADDR && f->mepc < PAYLOAD_ADDR + HOST_IMAGE_SIZE,
	       csr_read(sscratch), csr_read(satp));
}

static bool on_payload_trap(struct lower_ctx *ctx, struct trap_frame *f)
{
	(void)ctx;
	if (f->mcause != CAUSE_ECALL_S) {
		printf("FAIL: unexpected trap from S-mode: mcause=0x%lx mepc=0x%lx mtval=0x%lx\n",
		       f->mcause, f->mepc, f->mtval);
		exit_failure(1);
	}
	if (f->x[REG_A7] == SBI_EXT_SRST)
		return false;
	if (f->x[REG_A7] == SBI_LEGACY_PUTCHAR) {
		if (f->x[REG_A0] == REPORT_CHAR)
			report(f);
		else
			uart_putc((char)f->x[REG_A0]);
		f->x[REG_A0] = 0;
	} else if (f->x[REG_A7] == SBI_LEGACY_SET_TIMER) {
		f->x[REG_A0] = 0;	/* nothing armed: the test only needs the call served */
	} else {
		f->x[REG_A0] = (uint64_t)-2;	/* SBI_ERR_NOT_SUPPORTED */
	}
	f->mepc += 4;
	return true;
}

int main(void)
{
	volatile const uint64_t *magic = (const uint64_t *)(PAYLOAD_ADDR + PAYLOAD_MAGIC_OFFSET);
	struct lower_ctx ctx = { .pc = PAYLOAD_ADDR, .mode = PRV_S, .on_trap = on_payload_trap };

	if (*magic != PAYLOAD_MAGIC) {
		printf("FAIL: no payload at 0x%lx\n", PAYLOAD_ADDR);
		exit_failure(4);
	}
	allow_all_pmp();
	ctx.regs.x[REG_A0] = csr_read(mhartid);
	enter_lower(&ctx);
	printf("keystone-fw: payload asked for SBI shutdown\n");
	return 0;
}
