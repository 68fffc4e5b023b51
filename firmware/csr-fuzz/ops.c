/* One function per CSR, each with every instruction form, generated from
 * FUZZ_CSRS: the CSR number is part of the instruction encoding, so a
 * runtime choice of CSR needs a switch over statically encoded
 * instructions. The same goes for the 5-bit immediates: all 32 values of
 * each immediate form are emitted.
 *
 * Every site is one asm block: optional PRE, the op, "csrr rb" and optional
 * POST, with no memory access in between. That is what makes the mtvec and
 * MPRV handling safe:
 *   mtvec:   PRE installs the fuzzer's value, POST puts the runtime's trap
 *            entry back, so printed values never depend on the link address;
 *   mstatus: POST clears MPRV before any load or store could be made with
 *            the privilege in MPP (priv spec 3.1.6.3). */
#include "fuzz.h"

#define PRE_K_PLAIN	""
#define PRE_K_MSTATUS	""
#define PRE_K_SSTATUS	""
#define PRE_K_MTVEC	"csrr %[sv], mtvec\n\tcsrw mtvec, %[st]\n\t"
#define PRE_K_MIP	""
#define PRE_K_SIP	""
#define PRE_K_EPC	""
#define PRE_K_CNT32	""
#define PRE_K_INHIBIT	""
#define PRE_K_PMPCFG	""
#define PRE_K_PMPADDR	""

#define POST_K_PLAIN	""
#define POST_K_MSTATUS	"\n\tli %[sv], %[mprv]\n\tcsrc mstatus, %[sv]"
#define POST_K_SSTATUS	""
#define POST_K_MTVEC	"\n\tcsrw mtvec, %[sv]"
#define POST_K_MIP	""
#define POST_K_SIP	""
#define POST_K_EPC	""
#define POST_K_CNT32	""
#define POST_K_INHIBIT	""
#define POST_K_PMPCFG	""
#define POST_K_PMPADDR	""

#define SITE(name, kind, op)                                            \
	__asm__ volatile(PRE_##kind op "\n\tcsrr %[rb], " #name POST_##kind \
			 : [old] "=&r"(old), [rb] "=&r"(rb), [sv] "=&r"(sv) \
			 : [v] "r"(v), [st] "r"(st), [mprv] "i"(MSTATUS_MPRV) \
			 : "memory")

#define IMM32(M, ...)                                                   \
	M(0, __VA_ARGS__) M(1, __VA_ARGS__) M(2, __VA_ARGS__) M(3, __VA_ARGS__) \
	M(4, __VA_ARGS__) M(5, __VA_ARGS__) M(6, __VA_ARGS__) M(7, __VA_ARGS__) \
	M(8, __VA_ARGS__) M(9, __VA_ARGS__) M(10, __VA_ARGS__) M(11, __VA_ARGS__) \
	M(12, __VA_ARGS__) M(13, __VA_ARGS__) M(14, __VA_ARGS__) M(15, __VA_ARGS__) \
	M(16, __VA_ARGS__) M(17, __VA_ARGS__) M(18, __VA_ARGS__) M(19, __VA_ARGS__) \
	M(20, __VA_ARGS__) M(21, __VA_ARGS__) M(22, __VA_ARGS__) M(23, __VA_ARGS__) \
	M(24, __VA_ARGS__) M(25, __VA_ARGS__) M(26, __VA_ARGS__) M(27, __VA_ARGS__) \
	M(28, __VA_ARGS__) M(29, __VA_ARGS__) M(30, __VA_ARGS__) M(31, __VA_ARGS__)

#define IMM_CASE(i, name, kind, insn, rd)                               \
	case i: SITE(name, kind, insn " " rd ", " #name ", " #i); break;

#define DEFINE_OP(name, kind)                                           \
static void op_##name(struct fuzz_op *o)                                \
{                                                                       \
	uint64_t old = 0, rb = 0, sv = 0, v = o->val, st = o->state;    \
	switch (o->form) {                                              \
	case F_RW:     SITE(name, kind, "csrrw %[old], " #name ", %[v]"); break; \
	case F_RW_RD0: SITE(name, kind, "csrrw x0, " #name ", %[v]"); break; \
	case F_RS:     SITE(name, kind, "csrrs %[old], " #name ", %[v]"); break; \
	case F_RS_RD0: SITE(name, kind, "csrrs x0, " #name ", %[v]"); break; \
	case F_RS_RS0: SITE(name, kind, "csrrs %[old], " #name ", x0"); break; \
	case F_RC:     SITE(name, kind, "csrrc %[old], " #name ", %[v]"); break; \
	case F_RC_RD0: SITE(name, kind, "csrrc x0, " #name ", %[v]"); break; \
	case F_RC_RS0: SITE(name, kind, "csrrc %[old], " #name ", x0"); break; \
	case F_RWI:     switch (o->imm) { IMM32(IMM_CASE, name, kind, "csrrwi", "%[old]") } break; \
	case F_RWI_RD0: switch (o->imm) { IMM32(IMM_CASE, name, kind, "csrrwi", "x0") } break; \
	case F_RSI:     switch (o->imm) { IMM32(IMM_CASE, name, kind, "csrrsi", "%[old]") } break; \
	case F_RCI:     switch (o->imm) { IMM32(IMM_CASE, name, kind, "csrrci", "%[old]") } break; \
	default: check(false, "bad csr form"); break;                   \
	}                                                               \
	(void)sv;                                                       \
	o->old = form_reads(o->form) ? old : 0;                         \
	o->rb = rb;                                                     \
}

FUZZ_CSRS(DEFINE_OP)

#define OP_PTR(name, kind) op_##name,
static void (*const ops[])(struct fuzz_op *) = { FUZZ_CSRS(OP_PTR) };

#define NAME_STR(name, kind) #name,
const char *const fuzz_csr_names[] = { FUZZ_CSRS(NAME_STR) };

#define KIND_VAL(name, kind) kind,
const enum csr_kind fuzz_csr_kinds[] = { FUZZ_CSRS(KIND_VAL) };

const unsigned fuzz_ncsrs = sizeof(ops) / sizeof(ops[0]);

const char *const fuzz_form_names[F_COUNT] = {
	[F_RW] = "csrrw", [F_RW_RD0] = "csrrw.rd0", [F_RS] = "csrrs",
	[F_RS_RD0] = "csrrs.rd0", [F_RS_RS0] = "csrrs.rs0", [F_RC] = "csrrc",
	[F_RC_RD0] = "csrrc.rd0", [F_RC_RS0] = "csrrc.rs0", [F_RWI] = "csrrwi",
	[F_RWI_RD0] = "csrrwi.rd0", [F_RSI] = "csrrsi", [F_RCI] = "csrrci",
};

void fuzz_run_op(struct fuzz_op *o)
{
	check(o->csr < fuzz_ncsrs, "bad csr index");
	ops[o->csr](o);
}
