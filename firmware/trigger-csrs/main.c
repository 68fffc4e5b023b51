/* trigger-csrs: the debug trigger CSRs as the hart has them (Sdtrig, debug
 * spec "Trigger Module Registers"). For tselect, tdata1, tdata2, tdata3 it
 * prints whether a read traps (illegal instruction, priv spec 2.1: absent
 * CSR), then selects a trigger number the hart has not (tselect is WARL)
 * and prints whether the value stuck. Run on QEMU's default CPU (Sdtrig
 * with 2 triggers) and with -cpu rv64,debug=false (no trigger CSRs). The
 * monitor must neither trap inside itself on the first trigger access nor
 * index past its trigger table. */
#include "fw.h"

static volatile unsigned illegal;

void trap_handler(struct trap_frame *f)
{
	if (f->mcause != CAUSE_ILLEGAL_INSN) {
		printf("FAIL: trigger-csrs: unexpected trap mcause = %lu\n", f->mcause);
		exit_failure(2);
	}
	illegal++;
	trap_skip(f);
}

#define PROBE(name)                                                              \
	do {                                                                     \
		unsigned before = illegal;                                       \
		uint64_t v = csr_read(name);                                     \
		(void)v;                                                         \
		printf("trigger-csrs: read %s: %s\n", #name,                     \
		       illegal != before ? "illegal instruction" : "ok");        \
	} while (0)

int main(void)
{
	unsigned before;

	PROBE(tselect);
	PROBE(tdata1);
	PROBE(tdata2);
	PROBE(tdata3);
	before = illegal;
	csr_write(tselect, 100);
	if (illegal == before)
		printf("trigger-csrs: tselect = 100 reads back %s\n",
		       csr_read(tselect) == 100 ? "100" : "another value");
	printf("trigger-csrs: done\n");
	return 0;
}
