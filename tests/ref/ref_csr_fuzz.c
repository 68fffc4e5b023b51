/*
 * csr-fuzz on the reference hart: firmware/csr-fuzz's generator (main.c,
 * sanitize.c, compiled unchanged against shim/fw.h) drives src/arch/host
 * instead of QEMU. What ops.c does with one inline-asm site per CSR and
 * form, and lower.S with mret and the lower-mode code, is done here with
 * the reference hart's CSR file, host_mret() and host_trap_enter(). The
 * runner compares the printed lines with the firmware's native QEMU run
 * (tests/manifest.toml, field `reference`): the hardware checks the model,
 * and nothing of the monitor is involved.
 */
#include <stdlib.h>

#include "fuzz.h"

/* Stand-ins for the firmware's code addresses: fake pcs of the lower code. */
#define PC_M_OP		0x80001000UL	/* the csr instruction of an op */
#define PC_S_CODE	0x80002000UL
#define PC_U_CODE	0x80003000UL
#define ECALL_OFFSET	8		/* lower.S: two csrr/li, then ecall */

/* Addresses main.c takes of the lower-mode code; only compared here. */
void fuzz_s_code(void)
{
}

void fuzz_u_code(void)
{
}

int fuzz_main(void);

void exit_failure(unsigned code)
{
	fflush(stdout);
	exit(code ? (int)code : 1);
}

/*
 * An instruction that traps in M-mode: trap entry to mtvec, the
 * firmware's handler (main.c), then mret from the handler's frame, as
 * firmware/common/trap.S does (it writes mepc back before mret).
 */
static void trap_in_m(uint64_t cause, uint64_t epc)
{
	struct trap_frame f = { 0 };
	uint64_t pc;

	(void)host_trap_enter(cause, 0, epc);
	f.mepc = epc;
	f.mcause = cause;
	f.mstatus = ref_csr_insn(CSR_MSTATUS, 0, 0);
	trap_handler(&f);
	ref_csr_insn(CSR_MEPC, f.mepc, ~0UL);
	if (host_mret(&pc))
		check(false, "mret from the trap handler failed");
}

uint64_t ref_csr_insn(unsigned csr, uint64_t v, uint64_t wmask)
{
	uint64_t old = 0;
	int cause = host_csr_rmw(csr, &old, v, wmask);

	if (cause) {
		trap_in_m((uint64_t)cause, PC_M_OP);
		return 0;	/* rd keeps its old value: the inline asm's 0 */
	}
	return old;
}

/* ops.c: the form decides the write mask; immediates are zero-extended. */
void fuzz_run_op(struct fuzz_op *o)
{
	static const unsigned numbers[] = {
#define NUM(name, kind) REF_CSR_##name,
		FUZZ_CSRS(NUM)
#undef NUM
	};
	const unsigned csr = numbers[o->csr];
	const uint64_t src = form_is_imm(o->form) ? o->imm : o->val;
	uint64_t v = 0, wmask = 0, saved = 0;

	check(o->csr < fuzz_ncsrs, "bad csr index");
	switch (o->form) {
	case F_RW: case F_RW_RD0: case F_RWI: case F_RWI_RD0:
		v = src;
		wmask = ~0UL;
		break;
	case F_RS: case F_RS_RD0: case F_RSI:
		v = src;
		wmask = src;
		break;
	case F_RC: case F_RC_RD0: case F_RCI:
		wmask = src;
		break;
	default:	/* F_RS_RS0, F_RC_RS0: rs1 = x0, no write */
		break;
	}
	/* ops.c PRE/POST: mtvec holds the fuzzer's value only during the op. */
	if (fuzz_csr_kinds[o->csr] == K_MTVEC) {
		saved = ref_csr_insn(CSR_MTVEC, 0, 0);
		ref_csr_insn(CSR_MTVEC, o->state, ~0UL);
	}
	uint64_t old = ref_csr_insn(csr, v, wmask);
	o->rb = ref_csr_insn(csr, 0, 0);
	if (fuzz_csr_kinds[o->csr] == K_MTVEC)
		ref_csr_insn(CSR_MTVEC, saved, ~0UL);
	if (fuzz_csr_kinds[o->csr] == K_MSTATUS)
		ref_csr_insn(CSR_MSTATUS, 0, MSTATUS_MPRV);
	o->old = form_reads(o->form) ? old : 0;
}

#define NAME_STR(name, kind) #name,
const char *const fuzz_csr_names[] = { FUZZ_CSRS(NAME_STR) };
#define KIND_VAL(name, kind) kind,
const enum csr_kind fuzz_csr_kinds[] = { FUZZ_CSRS(KIND_VAL) };
const unsigned fuzz_ncsrs = sizeof(fuzz_csr_kinds) / sizeof(fuzz_csr_kinds[0]);

const char *const fuzz_form_names[F_COUNT] = {
	[F_RW] = "csrrw", [F_RW_RD0] = "csrrw.rd0", [F_RS] = "csrrs",
	[F_RS_RD0] = "csrrs.rd0", [F_RS_RS0] = "csrrs.rs0", [F_RC] = "csrrc",
	[F_RC_RD0] = "csrrc.rd0", [F_RC_RS0] = "csrrc.rs0", [F_RWI] = "csrrwi",
	[F_RWI_RD0] = "csrrwi.rd0", [F_RSI] = "csrrsi", [F_RCI] = "csrrci",
};

/*
 * lower.S: save mtvec/mscratch, MPP <- mode, mepc <- pc, mret; the lower
 * code (fuzz_s_code: a0 = sstatus, a1 = sscratch, read in S-mode;
 * fuzz_u_code: a0 = 0x55, a1 = 0) ecalls; the trap entry reads mepc,
 * mcause, mtval, mstatus into the frame; on_trap ends the excursion and
 * mtvec/mscratch are put back.
 */
void enter_lower(struct lower_ctx *ctx)
{
	const bool to_s = ctx->pc == (uint64_t)(uintptr_t)fuzz_s_code;
	const uint64_t tvec = ref_csr_insn(CSR_MTVEC, 0, 0);
	const uint64_t scratch = ref_csr_insn(CSR_MSCRATCH, 0, 0);
	const uint64_t pc0 = to_s ? PC_S_CODE : PC_U_CODE;
	struct trap_frame *f = &ctx->regs;
	uint64_t pc;

	ref_csr_insn(CSR_MSTATUS, 0, MSTATUS_MPP);
	ref_csr_insn(CSR_MSTATUS, ctx->mode << MSTATUS_MPP_SHIFT,
		     ctx->mode << MSTATUS_MPP_SHIFT);
	ref_csr_insn(CSR_MEPC, pc0, ~0UL);
	check(host_mret(&pc) == 0 && pc == pc0, "mret into the lower mode");
	check(host_priv() == ctx->mode, "mret went to the wrong mode");
	if (to_s) {
		int bad = host_csr_rmw(CSR_SSTATUS, &f->x[10], 0, 0) |
			  host_csr_rmw(CSR_SSCRATCH, &f->x[11], 0, 0);
		check(!bad, "S-mode CSR read trapped");
	} else {
		f->x[10] = 0x55;
		f->x[11] = 0;
	}
	(void)host_trap_enter(CAUSE_ECALL_U + host_priv(), 0, pc0 + ECALL_OFFSET);
	check(host_priv() == PRV_M, "ecall did not reach M-mode");
	f->mepc = ref_csr_insn(CSR_MEPC, 0, 0);
	f->mcause = ref_csr_insn(CSR_MCAUSE, 0, 0);
	f->mtval = ref_csr_insn(CSR_MTVAL, 0, 0);
	f->mstatus = ref_csr_insn(CSR_MSTATUS, 0, 0);
	(void)ctx->on_trap(ctx, f);
	ref_csr_insn(CSR_MTVEC, tvec, ~0UL);
	ref_csr_insn(CSR_MSCRATCH, scratch, ~0UL);
}

#undef main	/* mk/ref.mk renames the firmware's main to fuzz_main */
int main(void)
{
	host_reset();
	int rc = fuzz_main();
	fflush(stdout);
	return rc;
}
