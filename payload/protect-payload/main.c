/* protect-payload: the S-mode half of the sandbox test (the firmware half
 * is firmware/protect-payload, docs/sandbox.md). Every step must give the
 * same result natively and under the sandbox: what the firmware does for
 * the payload arrives, and nothing else of the payload changes.
 *   1. an SBI call (Base probe_extension): a0/a1 come back, secret GPRs,
 *      f5, sscratch, sepc, stvec, stimecmp, scounteren unchanged
 *   2. CSR reads the firmware emulates (cycle, a custom CSR): rd arrives
 *   3. an illegal instruction the firmware redirects: it reaches stvec with
 *      scause, stval, sepc, SPP as natively (32-bit, then the 16-bit 0x0000
 *      the firmware must read from memory)
 *   4. SBI DBCN console_write: the firmware reads exactly the buffer
 *   5. TIME set_timer: the stimecmp the firmware programs arrives
 *   6. a vendor SBI call (twice): no argument reaches the firmware, its
 *      error comes back
 *   7. an SBI call after which the firmware takes its own interrupt before
 *      the payload's next instruction: sstatus (SIE, SPIE, SPP, SUM, FS)
 *      as before the call */
#include "payload.h"

#include "../../firmware/protect-payload/pp_secrets.h"

#define SSTATUS_SIE (1UL << 1)
#define SSTATUS_SPIE (1UL << 5)
#define SSTATUS_SPP (1UL << 8)
#define SSTATUS_FS (3UL << 13)
#define SSTATUS_FS_INITIAL (1UL << 13)
#define SSTATUS_SUM (1UL << 18)
#define SSTATUS_KEPT (SSTATUS_SIE | SSTATUS_SPIE | SSTATUS_SPP | SSTATUS_FS | SSTATUS_SUM)
#define CAUSE_ILLEGAL 2

void pp_sbi_step(uint64_t out[4]);
void pp_csr_step(uint64_t out[3]);
void pp_illegal_step(uint64_t out[1]);
void pp_illegal16_step(uint64_t out[1]);
extern char pp_illegal_insn[], pp_illegal16_insn[], pp_trap[];
static const char dbcn_text[] = "payload text for the debug console\n";
uint64_t pp_trap_seen[4];

#define csrr(csr) __extension__({ uint64_t v_; __asm__ volatile("csrr %0, " #csr : "=r"(v_)); v_; })
#define csrw(csr, v) __asm__ volatile("csrw " #csr ", %0" : : "r"((uint64_t)(v)))

static void fail(const char *what, uint64_t got)
{
	printf("Payload FAIL: %s (0x%lx)\n", what, got);
	sbi_shutdown();
	for (;;)
		;
}

/* SBI DBCN console_write(num_bytes, base_lo, base_hi) (SBI v2.0 DBCN) */
static void dbcn_write(uint64_t out[2])
{
	register uint64_t a0 __asm__("a0") = sizeof(dbcn_text) - 1;
	register uint64_t a1 __asm__("a1") = (uint64_t)(uintptr_t)dbcn_text;
	register uint64_t a2 __asm__("a2") = 0;
	register uint64_t a6 __asm__("a6") = PP_SBI_DBCN_WRITE;
	register uint64_t a7 __asm__("a7") = PP_SBI_DBCN;

	__asm__ volatile("ecall" : "+r"(a0), "+r"(a1) : "r"(a2), "r"(a6), "r"(a7) : "memory");
	out[0] = a0;
	out[1] = a1;
}

static void check_csrs(const char *when)
{
	if (csrr(sscratch) != PP_SECRET_SSCRATCH || csrr(sepc) != PP_SECRET_SEPC ||
	    csrr(stvec) != (uint64_t)(uintptr_t)pp_trap || csrr(0x14d) != PP_SECRET_STIMECMP ||
	    csrr(scounteren) != PP_SCOUNTEREN) {
		printf("Payload FAIL: S CSRs changed %s: sscratch 0x%lx sepc 0x%lx stvec 0x%lx "
		       "stimecmp 0x%lx\n",
		       when, csrr(sscratch), csrr(sepc), csrr(stvec), csrr(0x14d));
		sbi_shutdown();
	}
}

/*
 * Interrupts enabled (SIE) but none of them (sie = 0), so none is taken
 * here: whatever happens in the firmware, sstatus must come back as it was.
 */
static void irq_round_trip(void)
{
	uint64_t before, after;
	struct sbiret r;

	csrw(sie, 0);
	__asm__ volatile("csrs sstatus, %0" : : "r"(SSTATUS_SIE | SSTATUS_SUM));
	/* FS Dirty -> Clean: the firmware uses no FP here, so Clean must stay */
	__asm__ volatile("csrc sstatus, %0" : : "r"(SSTATUS_FS_INITIAL));
	before = csrr(sstatus) & SSTATUS_KEPT;
	r = sbi_call(PP_SBI_VENDOR, PP_SBI_VENDOR_IRQ_FID, 0, 0);
	after = csrr(sstatus) & SSTATUS_KEPT;
	__asm__ volatile("csrc sstatus, %0" : : "r"(SSTATUS_SIE | SSTATUS_SUM));
	if (after != before) {
		printf("Payload FAIL: sstatus 0x%lx before the call, 0x%lx after\n", before, after);
		sbi_shutdown();
	}
	printf("payload: call with a firmware interrupt returned %ld; sstatus intact "
	       "(SIE, SPIE, SPP, SUM, FS)\n",
	       r.error);
}

void payload_main(unsigned long hartid, unsigned long dtb)
{
	uint64_t out[4] = { 0 };

	(void)hartid;
	(void)dtb;
	csrw(stvec, pp_trap);
	csrw(sscratch, PP_SECRET_SSCRATCH);
	csrw(sepc, PP_SECRET_SEPC);
	csrw(scounteren, PP_SCOUNTEREN);
	csrw(0x14d, PP_SECRET_STIMECMP);	/* stimecmp: the firmware enabled it (menvcfg.STCE) */
	/* SPP and SPIE are the payload's too: set them so that a leak shows */
	__asm__ volatile("csrs sstatus, %0" : : "r"(SSTATUS_SPP | SSTATUS_SPIE));

	pp_sbi_step(out);
	if (out[2] || out[3] != PP_SECRET_F5)
		fail("secret registers changed by the SBI call", out[2]);
	check_csrs("by the SBI call");
	printf("payload: SBI probe returned a0 = %ld, a1 = 0x%lx; registers and S CSRs intact\n",
	       (long)out[0], out[1]);

	pp_csr_step(out);
	if (out[2])
		fail("secret registers changed by the CSR emulation", out[2]);
	check_csrs("by the CSR emulation");
	printf("payload: emulated reads: cycle = 0x%lx, csr 0x5c0 = 0x%lx; registers intact\n",
	       out[0], out[1]);

	/* the handler's own sepc write changes sepc: set it again afterwards */
	pp_illegal_step(out);
	if (out[0])
		fail("secret registers changed by the redirect", out[0]);
	if (pp_trap_seen[0] != CAUSE_ILLEGAL || pp_trap_seen[2] != (uint64_t)(uintptr_t)pp_illegal_insn ||
	    !(pp_trap_seen[3] & SSTATUS_SPP))
		fail("redirected trap: scause/sepc/SPP", pp_trap_seen[0]);
	printf("payload: illegal instruction reached stvec: scause = %lu, stval = 0x%lx, "
	       "sepc = the instruction, SPP = S\n",
	       pp_trap_seen[0], pp_trap_seen[1]);
	pp_illegal16_step(out);
	if (out[0])
		fail("secret registers changed by the redirect", out[0]);
	if (pp_trap_seen[0] != CAUSE_ILLEGAL ||
	    pp_trap_seen[2] != (uint64_t)(uintptr_t)pp_illegal16_insn)
		fail("redirected 16-bit trap: scause/sepc", pp_trap_seen[0]);
	printf("payload: 16-bit illegal instruction reached stvec: scause = %lu, stval = 0x%lx\n",
	       pp_trap_seen[0], pp_trap_seen[1]);

	dbcn_write(out);
	printf("payload: DBCN console_write returned a0 = %ld, a1 = %lu\n", (long)out[0], out[1]);

	/* TIME set_timer: what the firmware programs in stimecmp arrives */
	struct sbiret t = sbi_call(PP_SBI_TIME, 0, PP_TIMER_VALUE, 0);

	printf("payload: set_timer returned %ld, stimecmp = 0x%lx\n", t.error, csrr(0x14d));

	for (int i = 0; i < 2; i++) {
		struct sbiret r = sbi_call(PP_SBI_VENDOR, PP_SBI_VENDOR_FID, PP_SECRET(10), 0);

		printf("payload: vendor call %d returned error %ld\n", i, r.error);
	}
	irq_round_trip();
	sbi_shutdown();
	printf("Payload: SBI shutdown returned\n");
	for (;;)
		;
}
