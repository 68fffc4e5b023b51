/* illegal-csr: CSR accesses that the hart does not allow raise an
 * illegal-instruction exception taken in M-mode, as on hardware:
 *   - CSRs that do not exist here: custom 0x7c0 and 0x800, scontext 0x5a8,
 *     the odd pmpcfg1/pmpcfg3 of RV64, dcsr outside Debug Mode;
 *   - writes to read-only CSRs (mvendorid, marchid, mimpid, mhartid, cycle,
 *     instret, time), including csrrwi/csrrsi forms and rd = x0 forms.
 * Each trap must have mcause = 2, mepc = the CSR instruction (priv spec
 * 3.1.14), mtval = the instruction bits (3.1.16; QEMU writes them, and a
 * virtualised hart must report what the real one does), MPP = M, and enter at
 * mtvec's BASE: direct mode, then once in vectored mode, where synchronous
 * exceptions still go to BASE (3.1.7). Registers other than the
 * destination keep their values (the instruction has no effect). */
#include "fw.h"

struct probe {
	void (*fn)(void);
	const char *text;
};

#define P(name, text) void name(void);
P(probe_custom_m_read, 0) P(probe_custom_m_write, 0) P(probe_custom_m_noop, 0)
P(probe_custom_m_csrrci, 0) P(probe_custom_u_read, 0) P(probe_scontext_read, 0)
P(probe_pmpcfg1_read, 0) P(probe_pmpcfg1_write, 0) P(probe_pmpcfg3_set, 0)
P(probe_mvendorid_write, 0) P(probe_marchid_set, 0) P(probe_mimpid_csrrwi, 0)
P(probe_mhartid_clear, 0) P(probe_mhartid_csrrsi, 0) P(probe_cycle_write, 0)
P(probe_instret_csrrwi, 0) P(probe_time_write, 0) P(probe_dcsr_read, 0)
#undef P

static const struct probe probes[] = {
	{ probe_custom_m_read, "csrr a0, 0x7c0 (custom)" },
	{ probe_custom_m_write, "csrw 0x7c0, a1 (custom)" },
	{ probe_custom_m_noop, "csrrs zero, 0x7c0, zero (custom)" },
	{ probe_custom_m_csrrci, "csrrci zero, 0x7c0, 0 (custom)" },
	{ probe_custom_u_read, "csrr a0, 0x800 (custom)" },
	{ probe_scontext_read, "csrr a0, scontext" },
	{ probe_pmpcfg1_read, "csrr a0, pmpcfg1" },
	{ probe_pmpcfg1_write, "csrw pmpcfg1, a1" },
	{ probe_pmpcfg3_set, "csrrs a0, pmpcfg3, a1" },
	{ probe_mvendorid_write, "csrw mvendorid, a1" },
	{ probe_marchid_set, "csrrs a0, marchid, a1" },
	{ probe_mimpid_csrrwi, "csrrwi a0, mimpid, 0" },
	{ probe_mhartid_clear, "csrrc a0, mhartid, a1" },
	{ probe_mhartid_csrrsi, "csrrsi zero, mhartid, 1" },
	{ probe_cycle_write, "csrw cycle, a1" },
	{ probe_instret_csrrwi, "csrrwi zero, instret, 5" },
	{ probe_time_write, "csrw time, a1" },
	{ probe_dcsr_read, "csrr a0, dcsr" },
};

void vec_entry(void);
extern volatile uint32_t vec_entries;

static volatile bool expecting;
static volatile unsigned traps;
static volatile uint64_t seen_cause, seen_epc, seen_tval, seen_mstatus, seen_a0, seen_a1;

void trap_handler(struct trap_frame *f)
{
	if (!expecting) {
		printf("FAIL: unexpected trap: mcause=0x%lx mepc=0x%lx mtval=0x%lx\n",
		       f->mcause, f->mepc, f->mtval);
		exit_failure(2);
	}
	traps++;
	seen_cause = f->mcause;
	seen_epc = f->mepc;
	seen_tval = f->mtval;
	seen_mstatus = f->mstatus;
	seen_a0 = f->x[10];
	seen_a1 = f->x[11];
	f->mepc += 4;	/* every probe is a 4-byte instruction (norvc) */
}

/* Calls fn with a0 = A0_IN, a1 = A1_IN so that the handler can see that
 * the faulting instruction changed neither (it must have no effect). */
#define A0_IN 0x1111222233334444UL
#define A1_IN 0x5555666677778888UL

static void call_probe(void (*fn)(void))
{
	register uint64_t a0 __asm__("a0") = A0_IN;
	register uint64_t a1 __asm__("a1") = A1_IN;

	__asm__ volatile("jalr %2"
			 : "+r"(a0), "+r"(a1)
			 : "r"(fn)
			 : "ra", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "a2", "a3", "a4",
			   "a5", "a6", "a7", "memory");
}

static void run_probe(const struct probe *p, const char *mode)
{
	uint64_t addr = (uint64_t)(uintptr_t)p->fn;
	uint32_t bits = *(volatile const uint32_t *)(uintptr_t)addr;
	unsigned before = traps, vec_before = vec_entries;

	expecting = true;
	call_probe(p->fn);
	expecting = false;
	if (traps == before) {
		printf("FAIL: %s did not trap\n", p->text);
		exit_failure(1);
	}
	check_eq(traps - before, 1, p->text);
	check_eq(vec_entries - vec_before, 1, "entered through mtvec BASE");
	check_eq(seen_cause, CAUSE_ILLEGAL_INSN, p->text);
	check_eq(seen_epc, addr, "mepc = the CSR instruction");
	check_eq(seen_tval, bits, "mtval = the instruction bits");
	check_eq(mstatus_mpp(seen_mstatus), PRV_M, "MPP = M");
	check_eq(seen_a0, A0_IN, "a0 unchanged by the trapping instruction");
	check_eq(seen_a1, A1_IN, "a1 unchanged by the trapping instruction");
	printf("illegal-csr: %s: mcause = %lu, mepc = insn, mtval = 0x%08lx, MPP = %lu, "
	       "entered at mtvec BASE (%s)\n",
	       p->text, seen_cause, seen_tval, mstatus_mpp(seen_mstatus), mode);
}

int main(void)
{
	uint64_t base = (uint64_t)(uintptr_t)vec_entry;

	csr_write(mtvec, base);	/* direct mode: MODE = 0 (priv spec 3.1.7) */
	check_eq(csr_read(mtvec), base, "mtvec direct");
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
		run_probe(&probes[i], "direct");

	csr_write(mtvec, base | 1);	/* vectored: exceptions still use BASE */
	check_eq(csr_read(mtvec), base | 1, "mtvec vectored");
	run_probe(&probes[0], "vectored");
	run_probe(&probes[9], "vectored");
	csr_write(mtvec, base);

	/* Reading the read-only CSRs that were written above still works
	 * (a write-form trap has no side effect), and mscratch survived. */
	csr_write(mscratch, 0x42);
	(void)csr_read(mvendorid);
	(void)csr_read(mhartid);
	check_eq(csr_read(mscratch), 0x42, "mscratch after the probes");
	printf("illegal-csr: %u illegal CSR accesses trapped as on hardware\n", traps);
	return 0;
}
