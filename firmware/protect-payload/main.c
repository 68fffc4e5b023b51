/* protect-payload: the firmware half of the sandbox test (docs/sandbox.md;
 * the payload is payload/protect-payload at 0x80400000). The firmware acts
 * as an SBI firmware would, and looks at everything it could see:
 *   - the SBI call: prints its arguments (forwarded), then what it sees of
 *     the payload's other registers, FP register f5 and S CSRs (zeros under
 *     the sandbox, the secrets natively), and reads payload memory directly
 *     and through MPRV (an access fault under the sandbox); answers a1
 *   - illegal instructions: emulates cycle and custom CSR 0x5c0 reads as
 *     OpenSBI emulates CSRs; redirects anything else to the payload's stvec
 *     as OpenSBI's sbi_trap_redirect does
 *   - a vendor call served by making its own software interrupt pending
 *     with MPIE set: the interrupt is taken at the mret back into the
 *     payload, before the payload's next instruction (as when another
 *     hart's IPI arrives while OpenSBI serves a call); the payload's
 *     sstatus must survive both round trips
 * Lines that differ between native and sandboxed runs say "sees".
 * Built with -DTAMPER (protect-payload-tamper) it resumes the payload past
 * where the SBI call allows, which the sandbox must refuse. */
#include "clint.h"
#include "fw.h"
#include "payload_abi.h"
#include "pp_secrets.h"

#define MSTATUS_FS (3UL << 13)	/* set by the firmware itself to read f5 */

uint64_t pp_load(uint64_t addr);
void pp_store(uint64_t addr, uint64_t value);
uint64_t pp_load_byte(uint64_t addr);
uint64_t pp_mprv_load(uint64_t addr);
uint64_t pp_mprv_load16(uint64_t addr);
uint64_t pp_read_f5(void);

static volatile bool expecting;
static volatile uint64_t seen_cause;

void trap_handler(struct trap_frame *f)
{
	if (!expecting) {
		printf("FAIL: unexpected trap: mcause=0x%lx mepc=0x%lx mtval=0x%lx\n",
		       f->mcause, f->mepc, f->mtval);
		exit_failure(2);
	}
	seen_cause = f->mcause;
	trap_skip(f);
}

/* A load of payload memory by the firmware: its value, or the fault */
static void try_load(const char *how, uint64_t (*load)(uint64_t))
{
	uint64_t v;

	seen_cause = 0;
	expecting = true;
	v = load(PAYLOAD_ADDR + PAYLOAD_MAGIC_OFFSET);
	expecting = false;
	if (seen_cause)
		printf("protect-payload: firmware %s load of payload memory: fault, mcause = %lu\n",
		       how, seen_cause);
	else
		printf("protect-payload: firmware %s load of payload memory: read 0x%lx\n", how, v);
}

/* MPP back to S after faults taken in M-mode, so the payload resumes in S */
static void mpp_s(void)
{
	csr_clear(mstatus, MSTATUS_MPP);
	csr_set(mstatus, PRV_S << MSTATUS_MPP_SHIFT);
}

/* A byte load by the firmware: the byte, or -1 after a fault */
static int64_t try_byte(uint64_t addr)
{
	uint64_t v;

	seen_cause = 0;
	expecting = true;
	v = pp_load_byte(addr);
	expecting = false;
	return seen_cause ? -1 : (int64_t)v;
}

/* DBCN console_write: print the payload's buffer, then try one byte past it */
static void serve_dbcn_write(struct trap_frame *f)
{
	uint64_t n = f->x[10], base = f->x[11], i;

	printf("protect-payload: DBCN write of %lu bytes: ", n);
	for (i = 0; i < n; i++) {
		int64_t b = try_byte(base + i);

		if (b < 0)
			break;
		printf("%c", (int)b);
	}
	if (i < n)
		printf("(fault at byte %lu)\n", i);
	printf("protect-payload: firmware %s the byte past the buffer\n",
	       try_byte(base + n) < 0 ? "faults on" : "reads");
	mpp_s();
	f->x[10] = 0;
	f->x[11] = i;
	f->mepc += 4;
}

/* A store to payload memory (its magic word, unused once it runs) */
static void try_store(void)
{
	seen_cause = 0;
	expecting = true;
	pp_store(PAYLOAD_ADDR + PAYLOAD_MAGIC_OFFSET, PAYLOAD_MAGIC);
	expecting = false;
	if (seen_cause)
		printf("protect-payload: firmware store to payload memory: fault, mcause = %lu\n",
		       seen_cause);
	else
		printf("protect-payload: firmware store to payload memory: done\n");
}

static void serve_probe(struct trap_frame *f)
{
	printf("protect-payload: SBI call a7 = 0x%lx, a6 = %lu, a0 = 0x%lx\n", f->x[17], f->x[16],
	       f->x[10]);
	printf("protect-payload: firmware sees a1 = 0x%lx, sp = 0x%lx, s2 = 0x%lx, t6 = 0x%lx\n",
	       f->x[11], f->x[2], f->x[18], f->x[31]);
	csr_set(mstatus, MSTATUS_FS);
	printf("protect-payload: firmware sees f5 = 0x%lx, sscratch = 0x%lx, sepc = 0x%lx, "
	       "stvec = 0x%lx, sie = 0x%lx, sstatus = 0x%lx\n",
	       pp_read_f5(), csr_read(sscratch), csr_read(sepc), csr_read(stvec), csr_read(sie),
	       csr_read(sstatus) & (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP));
	printf("protect-payload: firmware sees scounteren = 0x%lx, stimecmp = 0x%lx\n",
	       csr_read(scounteren), csr_read(0x14d));
	try_load("direct", pp_load);
	try_load("MPRV", pp_mprv_load);
	try_store();
	mpp_s();
	f->x[10] = 0;
	f->x[11] = PP_SBI_RESULT;
	f->mepc += 4;
#ifdef TAMPER
	/* a hostile firmware: skip the payload's next instruction */
	f->mepc += 4;
	printf("protect-payload: tampering: resuming the payload at mepc + 8\n");
#endif
}

/* OpenSBI's sbi_trap_redirect: S-mode trap CSRs, SPP/SPIE/SIE, mepc = stvec */
static void redirect(struct trap_frame *f)
{
	uint64_t ms = csr_read(mstatus);

	csr_write(sepc, f->mepc);
	csr_write(scause, f->mcause);
	csr_write(stval, f->mtval);
	ms &= ~(MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE);
	if (mstatus_mpp(f->mstatus) == PRV_S)
		ms |= MSTATUS_SPP;
	if (f->mstatus & MSTATUS_SIE)
		ms |= MSTATUS_SPIE;
	ms = (ms & ~MSTATUS_MPP) | (PRV_S << MSTATUS_MPP_SHIFT);
	csr_write(mstatus, ms);
	f->mepc = csr_read(stvec);
	printf("protect-payload: illegal instruction 0x%lx redirected to the payload\n", f->mtval);
}

static void serve_illegal(struct trap_frame *f)
{
	uint32_t insn = (uint32_t)f->mtval;

	/* as OpenSBI: a compressed instruction is read at mepc, through MPRV */
	if ((insn & 3) != 3) {
		seen_cause = 0;
		expecting = true;
		insn = (uint32_t)pp_mprv_load16(f->mepc);
		expecting = false;
		mpp_s();
		if (seen_cause) {
			printf("FAIL: reading the instruction at mepc faulted (mcause %lu)\n", seen_cause);
			exit_failure(3);
		}
		printf("protect-payload: read the 16-bit instruction at mepc: 0x%x\n", insn);
		redirect(f);
		return;
	}
	unsigned csr = insn >> 20, rd = (insn >> 7) & 31, rs1 = (insn >> 15) & 31;
	bool is_csr = (insn & 0x7f) == 0x73 && ((insn >> 12) & 7) != 0;

	if (is_csr && csr == PP_CSR_CYCLE) {
		f->x[rd] = PP_CYCLE_VALUE;
		f->mepc += 4;
		printf("protect-payload: emulated a cycle read into x%u (scounteren = 0x%lx)\n", rd,
		       csr_read(scounteren));
	} else if (is_csr && csr == PP_CSR_CUSTOM) {
		printf("protect-payload: custom CSR read, rs1 = x%u = 0x%lx\n", rs1, f->x[rs1]);
		if (rd)
			f->x[rd] = f->x[rs1] + 1;
		f->mepc += 4;
	} else {
		redirect(f);
	}
}

/* Serve the call, with the firmware's MSIP pending and enabled at the mret */
static void serve_irq_call(struct trap_frame *f)
{
	printf("protect-payload: vendor call a7 = 0x%lx, a6 = %lu: raising MSIP\n", f->x[17],
	       f->x[16]);
	*clint_msip(0) = 1;
	csr_set(mie, MIP_MSIP);
	csr_set(mstatus, MSTATUS_MPIE);
	f->x[10] = 0;
	f->mepc += 4;
}

/* The interrupt taken right after that mret: from the payload, past its ecall */
static void take_msip(struct trap_frame *f)
{
	*clint_msip(0) = 0;
	csr_clear(mie, MIP_MSIP);
	csr_clear(mstatus, MSTATUS_MPIE);
	printf("protect-payload: software interrupt taken from mode %lu\n",
	       mstatus_mpp(f->mstatus));
	printf("protect-payload: at the interrupt firmware sees sscratch = 0x%lx, sepc = 0x%lx, "
	       "stvec = 0x%lx, sstatus = 0x%lx\n",
	       csr_read(sscratch), csr_read(sepc), csr_read(stvec),
	       csr_read(sstatus) & (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM));
}

static bool on_trap(struct lower_ctx *ctx, struct trap_frame *f)
{
	(void)ctx;
	if (f->mcause == (MCAUSE_INTR | 3)) {
		take_msip(f);
		return true;
	}
	if (f->mcause == CAUSE_ECALL_S && f->x[17] == PP_SBI_VENDOR &&
	    f->x[16] == PP_SBI_VENDOR_IRQ_FID) {
		serve_irq_call(f);
		return true;
	}
	if (f->mcause == CAUSE_ECALL_S && f->x[17] == PP_SBI_BASE && f->x[16] == PP_SBI_PROBE) {
		serve_probe(f);
		return true;
	}
	if (f->mcause == CAUSE_ECALL_S && f->x[17] == PP_SBI_DBCN && f->x[16] == PP_SBI_DBCN_WRITE) {
		serve_dbcn_write(f);
		return true;
	}
	if (f->mcause == CAUSE_ECALL_S && f->x[17] == PP_SBI_VENDOR) {
		printf("protect-payload: vendor call a7 = 0x%lx, a6 = %lu, firmware sees a0 = 0x%lx\n",
		       f->x[17], f->x[16], f->x[10]);
		f->x[10] = (uint64_t)PP_SBI_ERR_NOT_SUPPORTED;
		f->x[11] = 0;
		f->mepc += 4;
		return true;
	}
	if (f->mcause == CAUSE_ECALL_S && f->x[17] == PP_SBI_TIME && f->x[16] == 0) {
		/* as OpenSBI with Sstc: the deadline goes to stimecmp (a recognisable t + 1) */
		csr_write(0x14d, f->x[10] + 1);
		printf("protect-payload: set_timer(0x%lx)\n", f->x[10]);
		f->x[10] = 0;
		f->mepc += 4;
		return true;
	}
	if (f->mcause == CAUSE_ILLEGAL_INSN) {
		serve_illegal(f);
		return true;
	}
	if (f->mcause == CAUSE_ECALL_S && f->x[17] == SBI_EXT_SRST)
		return false;
	printf("FAIL: unexpected trap from the payload: mcause=0x%lx mepc=0x%lx mtval=0x%lx\n",
	       f->mcause, f->mepc, f->mtval);
	exit_failure(1);
}

int main(void)
{
	volatile const uint64_t *magic = (const uint64_t *)(PAYLOAD_ADDR + PAYLOAD_MAGIC_OFFSET);
	struct lower_ctx ctx = { .pc = PAYLOAD_ADDR, .mode = PRV_S, .on_trap = on_trap };

	if (*magic != PAYLOAD_MAGIC) {
		printf("FAIL: no payload at 0x%lx\n", PAYLOAD_ADDR);
		exit_failure(4);
	}
	csr_write(pmpaddr0, ~0UL >> 10);
	csr_write(pmpcfg0, PMP_A_TOR | PMP_R | PMP_W | PMP_X);
	/* every trap comes here; cycle traps in S-mode, so the firmware emulates it */
	csr_write(medeleg, 0);
	csr_write(mideleg, 0);
	csr_write(mcounteren, PP_MCOUNTEREN);
	/* S-mode may use stimecmp (Sstc, menvcfg.STCE): the payload keeps a deadline there */
	csr_set(0x30a, 1UL << 63);
	enter_lower(&ctx);
	printf("protect-payload: payload asked for SBI shutdown\n");
	return 0;
}
