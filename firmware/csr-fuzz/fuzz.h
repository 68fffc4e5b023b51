/* csr-fuzz: shared declarations. See main.c for the overall design. */
#ifndef CSR_FUZZ_H
#define CSR_FUZZ_H

#include "fw.h"

/* How a CSR needs to be handled around an operation (ops.c, sanitize.c). */
enum csr_kind {
	K_PLAIN,	/* nothing special */
	K_MSTATUS,	/* never set MIE; MPRV cleared right after the op */
	K_SSTATUS,	/* UXL kept */
	K_MTVEC,	/* the fuzzer's value is installed only during the op */
	K_MIP,		/* hardware-driven bits masked from printed values */
	K_SIP,
	K_EPC,		/* mepc/sepc: bit 0 never set */
	K_CNT32,	/* 32-bit counter-enable registers */
	K_INHIBIT,	/* mcountinhibit: 32-bit, TM read-only zero */
	K_PMPCFG,	/* never L, never bits 6:5, never R=0/W=1 */
	K_PMPADDR,	/* 54-bit address field only */
};

/* The CSRs under test, as X(name, kind). The name is both the assembler
 * operand and the printed name. Counters, time and stimecmp are left out:
 * they change on their own. */
#ifdef NO_PMP
#define FUZZ_PMP_CSRS(X)
#else
#define FUZZ_PMP_CSRS(X)                                                \
	X(pmpcfg0, K_PMPCFG)                                            \
	X(pmpaddr0, K_PMPADDR) X(pmpaddr1, K_PMPADDR)                   \
	X(pmpaddr2, K_PMPADDR) X(pmpaddr3, K_PMPADDR)                   \
	X(pmpaddr4, K_PMPADDR) X(pmpaddr5, K_PMPADDR)                   \
	X(pmpaddr6, K_PMPADDR) X(pmpaddr7, K_PMPADDR)
#endif

#define FUZZ_CSRS(X)                                                    \
	X(mstatus, K_MSTATUS) X(misa, K_PLAIN) X(medeleg, K_PLAIN)      \
	X(mideleg, K_PLAIN) X(mie, K_PLAIN) X(mip, K_MIP)               \
	X(mtvec, K_MTVEC) X(mcounteren, K_CNT32)                        \
	X(mcountinhibit, K_INHIBIT) X(menvcfg, K_PLAIN)                 \
	X(mscratch, K_PLAIN) X(mepc, K_EPC) X(mcause, K_PLAIN)          \
	X(mtval, K_PLAIN)                                               \
	FUZZ_PMP_CSRS(X)                                                \
	X(sstatus, K_SSTATUS) X(sie, K_PLAIN) X(sip, K_SIP)             \
	X(stvec, K_PLAIN) X(scounteren, K_CNT32) X(senvcfg, K_PLAIN)    \
	X(sscratch, K_PLAIN) X(sepc, K_EPC) X(scause, K_PLAIN)          \
	X(stval, K_PLAIN) X(satp, K_PLAIN)

/* Instruction forms. ".rd0": rd = x0 (no read side effect), ".rs0": rs1 =
 * x0 (csrrs/csrrc do not write at all). */
enum csr_form {
	F_RW, F_RW_RD0, F_RS, F_RS_RD0, F_RS_RS0, F_RC, F_RC_RD0, F_RC_RS0,
	F_RWI, F_RWI_RD0, F_RSI, F_RCI,
	F_COUNT
};

struct fuzz_op {
	unsigned csr;		/* index in FUZZ_CSRS */
	unsigned form;		/* enum csr_form */
	uint64_t val;		/* rs1 value (register forms) */
	unsigned imm;		/* uimm (immediate forms) */
	uint64_t state;		/* K_MTVEC: value to install for the op */
	uint64_t old;		/* out: rd (not meaningful for .rd0 forms) */
	uint64_t rb;		/* out: csrr right after the op */
};

extern const unsigned fuzz_ncsrs;
extern const char *const fuzz_csr_names[];
extern const enum csr_kind fuzz_csr_kinds[];
extern const char *const fuzz_form_names[F_COUNT];

void fuzz_run_op(struct fuzz_op *op);			/* ops.c */
void fuzz_sanitize(struct fuzz_op *op, uint64_t xl);	/* sanitize.c */
uint64_t fuzz_print_mask(enum csr_kind kind);		/* sanitize.c */

static inline bool form_writes(unsigned f)
{
	return f != F_RS_RS0 && f != F_RC_RS0;
}

/* rd = x0: nothing is returned, so nothing is printed as "old". */
static inline bool form_reads(unsigned f)
{
	return f != F_RW_RD0 && f != F_RS_RD0 && f != F_RC_RD0 && f != F_RWI_RD0;
}

static inline bool form_is_imm(unsigned f)
{
	return f >= F_RWI;
}

#endif /* CSR_FUZZ_H */
