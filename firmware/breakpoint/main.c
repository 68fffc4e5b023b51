/* breakpoint: ebreak in M-mode traps with mcause 3 (priv spec table 3.6),
 * mepc = the ebreak itself, MPP = M; on a breakpoint mtval is either 0 or
 * the faulting address (priv spec 3.1.16), so it is only printed as a
 * relation to mepc. Both the 4-byte and the compressed form are used: the
 * handler must step over 4 or 2 bytes, and under the monitor the decoder
 * has to tell them apart too. */
#include "fw.h"

void do_ebreak32(void);
void do_ebreak16(void);
extern char ebreak32_insn[], ebreak16_insn[];

static volatile unsigned traps;
static volatile uint64_t seen_cause, seen_epc, seen_tval, seen_mpp, seen_len;

void trap_handler(struct trap_frame *f)
{
	traps++;
	seen_cause = f->mcause;
	seen_epc = f->mepc;
	seen_tval = f->mtval;
	seen_mpp = mstatus_mpp(f->mstatus);
	seen_len = insn_len(f->mepc);
	trap_skip(f);
}

static void one(const char *name, void (*fn)(void), const char *insn, unsigned len)
{
	unsigned before = traps;

	fn();
	check_eq(traps - before, 1, "one trap per ebreak");
	check_eq(seen_cause, CAUSE_BREAKPOINT, "mcause of ebreak");
	check_eq(seen_epc, (uint64_t)(uintptr_t)insn, "mepc points at the ebreak");
	check_eq(seen_mpp, PRV_M, "mstatus.MPP after a trap from M-mode");
	check_eq(seen_len, len, "instruction length at mepc");
	check(seen_tval == 0 || seen_tval == seen_epc, "mtval is 0 or the ebreak address");
	printf("breakpoint: %s: mcause = %lu, MPP = %lu, length = %lu, mtval %s\n",
	       name, seen_cause, seen_mpp, seen_len, seen_tval ? "= mepc" : "= 0");
}

int main(void)
{
	one("ebreak", do_ebreak32, ebreak32_insn, 4);
	one("c.ebreak", do_ebreak16, ebreak16_insn, 2);
	printf("breakpoint: both ebreak forms trapped and were skipped\n");
	return 0;
}
