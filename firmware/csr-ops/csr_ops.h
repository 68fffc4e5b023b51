/* csr-ops: shared declarations of the three test groups. */
#ifndef CSR_OPS_H
#define CSR_OPS_H

#include "fw.h"

void test_forms(void);		/* forms.c: the six csr* instructions */
void test_readonly(void);	/* readonly.c: ID CSRs and read-only traps */
void test_mcsrs(void);		/* mcsrs.c: M-mode CSR round trips */
void test_scsrs(void);		/* scsrs.c: S-mode CSR round trips */

/* Print one "csr-ops: <name> = 0x<v>" line and return v. */
uint64_t show(const char *name, uint64_t v);

/* Trap bookkeeping (main.c): while `expecting` is set, traps are counted,
 * recorded and skipped; otherwise any trap fails the test. */
extern volatile bool expecting;
extern volatile unsigned traps;
extern volatile uint64_t seen_cause, seen_tval, seen_insn;

/* Run one statement and evaluate to the number of traps it caused. */
#define TRAPS_OF(stmt) __extension__({                                  \
	unsigned before_ = traps;                                       \
	expecting = true;                                               \
	stmt;                                                           \
	expecting = false;                                              \
	traps - before_; })

/* Print "csr-ops: <name> is not implemented" when reading it traps (CSRs
 * added by priv spec 1.12, e.g. on a v1.10 CPU); true if it is there. */
bool implemented(const char *name, unsigned read_traps);

#endif /* CSR_OPS_H */
