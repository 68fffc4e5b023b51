/* external-interrupt: a machine external interrupt (mcause 0x800000000000000b,
 * priv spec 3.1.15) raised by the PLIC reaches M-mode and is handled the usual
 * way: claim, silence the device, complete (RISC-V PLIC spec 1.0.0,
 * "Interrupt Flow", "Interrupt Claim Process", "Interrupt Completion").
 *
 * Source: QEMU virt's ns16550a UART, PLIC source 10. Its THR-empty interrupt
 * (IER bit 1, ETBEI) is requested as soon as it is enabled while the
 * transmitter holding register is empty, and stays requested until IER.ETBEI
 * is cleared (or IIR is read, or THR written). Set-up: priority[10] = 1,
 * enable bit 10 of context 0 (hart 0 M-mode), threshold[0] = 0, which passes
 * every non-zero priority (PLIC spec "Priority Thresholds").
 *
 * A. mie.MEIE = 1, mstatus.MIE = 1, then the UART is enabled: the interrupt is
 *    taken once (direct mtvec), claim returns 10, IIR reads "THR empty".
 * B. MEIE = 1, MIE = 0: mip.MEIP and the PLIC pending bit read 1, nothing is
 *    taken; setting MIE takes it right after the csrsi (priv spec 3.1.9:
 *    trap conditions are evaluated right after a write to mstatus or mie).
 * C. MIE = 1, MEIE = 0: mie masks it too; setting MEIE takes it after the csrs.
 * D. Vectored mtvec: the interrupt enters at BASE + 4*11 (priv spec 3.1.7).
 * After each: exactly one trap, and with the source completed and the UART
 * silenced, mip.MEIP = 0, pending[10] = 0 and a claim returns 0. */
#include "clint.h"
#include "fw.h"

/* PLIC (spec "Memory Map"; contexts on QEMU virt: 2h = hart h M, 2h+1 = S) */
#define PLIC_BASE		0x0c000000UL
#define PLIC_PRIORITY(s)	(PLIC_BASE + 4UL * (s))
#define PLIC_PENDING(s)		(PLIC_BASE + 0x1000UL + 4UL * ((s) / 32))
#define PLIC_ENABLE(ctx, s)	(PLIC_BASE + 0x2000UL + 0x80UL * (ctx) + 4UL * ((s) / 32))
#define PLIC_THRESHOLD(ctx)	(PLIC_BASE + 0x200000UL + 0x1000UL * (ctx))
#define PLIC_CLAIM(ctx)		(PLIC_THRESHOLD(ctx) + 4UL)
#define CTX_HART0_M		0
#define UART_IRQ		10

/* ns16550a registers (byte-wide) */
#define UART_BASE	0x10000000UL
#define UART_IER	1	/* interrupt enable (LCR.DLAB = 0) */
#define UART_IIR	2	/* interrupt identification (read) */
#define UART_LCR	3
#define UART_LSR	5
#define IER_ETBEI	0x02	/* THR-empty interrupt enable */
#define IIR_ID_MASK	0x0f	/* bit 0 = 0: interrupt pending; bits 3:1 = source */
#define IIR_THRE	0x02	/* source: THR empty */
#define LCR_DLAB	0x80
#define LSR_THRE	0x20

#define SPIN_LIMIT	1000000	/* loop turns to wait for a request to arrive */
#define QUIET_SPIN	10000	/* loop turns in which nothing may be taken */

extern char vector_table[], vector_table_end[];
extern volatile uint64_t vector_entry;
extern char mie_set_done[], meie_set_done[];
void enable_mie(void);
void enable_meie(void);
void trap_entry(void);	/* common/trap.S, direct mode */

static inline uint32_t mmio_r32(uintptr_t a) { return *(volatile uint32_t *)a; }
static inline void mmio_w32(uintptr_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline uint8_t uart_r(unsigned reg) { return *(volatile uint8_t *)(UART_BASE + reg); }
static inline void uart_w(unsigned reg, uint8_t v) { *(volatile uint8_t *)(UART_BASE + reg) = v; }

/* What the handler saw; checked by main. */
static volatile unsigned traps;
static volatile uint64_t seen_entry, seen_cause, seen_epc, seen_mstatus, seen_mip;
static volatile uint32_t seen_claim, seen_iir;

void trap_handler(struct trap_frame *f)
{
	uint64_t entry = vector_entry;

	vector_entry = (uint64_t)-1;
	if (f->mcause != (MCAUSE_INTR | IRQ_MEI) || traps != 0) {
		printf("FAIL: unexpected trap: mcause=0x%lx mepc=0x%lx mtval=0x%lx (trap %u)\n",
		       f->mcause, f->mepc, f->mtval, traps);
		exit_failure(2);
	}
	seen_entry = entry;
	seen_cause = f->mcause;
	seen_epc = f->mepc;
	seen_mstatus = f->mstatus;
	seen_mip = csr_read(mip);
	/* Claim first: until completion the gateway forwards no new request
	 * for this source, whatever the UART does meanwhile. */
	seen_claim = mmio_r32(PLIC_CLAIM(CTX_HART0_M));
	seen_iir = uart_r(UART_IIR);
	uart_w(UART_IER, 0);
	if (seen_claim != 0)
		mmio_w32(PLIC_CLAIM(CTX_HART0_M), seen_claim);
	traps++;
}

static bool pending10(void)
{
	return mmio_r32(PLIC_PENDING(UART_IRQ)) & (1U << (UART_IRQ % 32));
}

static bool meip(void)
{
	return csr_read(mip) & MIP_MEIP;
}

/* Start the UART's THR-empty request: enabling ETBEI while THR is empty
 * raises the UART's interrupt line, PLIC source 10. */
static void uart_request(void)
{
	while (!(uart_r(UART_LSR) & LSR_THRE))
		;	/* THR empty: the condition the interrupt reports */
	uart_w(UART_IER, IER_ETBEI);
}

static void wait_meip(const char *what)
{
	for (unsigned i = 0; i < SPIN_LIMIT; i++)
		if (meip())
			return;
	fw_fail(what, __FILE__, __LINE__);
}

static void wait_trap(void)
{
	for (unsigned i = 0; i < SPIN_LIMIT && !traps; i++)
		__asm__ volatile("nop");
	if (!traps)
		fw_fail("no external interrupt trap", __FILE__, __LINE__);
}

static void quiet_spin(const char *what)
{
	for (unsigned i = 0; i < QUIET_SPIN; i++)
		__asm__ volatile("nop");
	check_eq(traps, 0, what);
}

/* After a handler run: one trap with the expected cause, source 10 claimed,
 * the UART reported THR empty, everything quiet again. */
static void check_handled(void)
{
	check_eq(traps, 1, "exactly one external interrupt trap");
	check_eq(seen_cause, MCAUSE_INTR | IRQ_MEI, "mcause");
	check_eq(seen_claim, UART_IRQ, "claimed source");
	check_eq(seen_iir & IIR_ID_MASK, IIR_THRE, "UART IIR: THR empty");
	check(seen_mip & MIP_MEIP, "mip.MEIP set on handler entry");
	check_eq(seen_mstatus & (MSTATUS_MIE | MSTATUS_MPIE), MSTATUS_MPIE,
		 "handler: mstatus.MIE = 0, MPIE = 1");
	check_eq(mstatus_mpp(seen_mstatus), PRV_M, "handler: mstatus.MPP = M");
	check_eq(uart_r(UART_IER), 0, "UART IER cleared by the handler");
	/* A second trap would show up here (MIE is still 1 after mret). */
	for (unsigned i = 0; i < QUIET_SPIN; i++)
		__asm__ volatile("nop");
	check_eq(traps, 1, "no second trap after completion");
	check_eq(meip(), 0, "mip.MEIP clear after completion");
	check_eq(pending10(), 0, "PLIC pending[10] clear after completion");
	check_eq(mmio_r32(PLIC_CLAIM(CTX_HART0_M)), 0, "claim with nothing pending returns 0");
}

static void reset_record(void)
{
	traps = 0;
	seen_entry = seen_cause = seen_epc = seen_mstatus = seen_mip = 0;
	seen_claim = seen_iir = 0;
}

int main(void)
{
	csr_clear(mstatus, MSTATUS_MIE);
	csr_write(mie, 0);
	csr_write(mideleg, 0);	/* MEI is an M-level interrupt whatever mideleg says */

	/* UART quiet, IER addressable */
	check_eq(uart_r(UART_LCR) & LCR_DLAB, 0, "UART LCR.DLAB = 0");
	uart_w(UART_IER, 0);

	/* PLIC: only source 10 enabled for hart 0 M-mode, priority 1, threshold 0 */
	mmio_w32(PLIC_ENABLE(CTX_HART0_M, 0), 0);
	mmio_w32(PLIC_ENABLE(CTX_HART0_M, 32), 0);
	mmio_w32(PLIC_PRIORITY(UART_IRQ), 1);
	mmio_w32(PLIC_THRESHOLD(CTX_HART0_M), 0);
	mmio_w32(PLIC_ENABLE(CTX_HART0_M, UART_IRQ), 1U << UART_IRQ);
	check_eq(mmio_r32(PLIC_PRIORITY(UART_IRQ)), 1, "priority[10] read-back");
	check_eq(mmio_r32(PLIC_ENABLE(CTX_HART0_M, UART_IRQ)), 1U << UART_IRQ,
		 "enable word 0 of context 0 read-back");
	check_eq(mmio_r32(PLIC_THRESHOLD(CTX_HART0_M)), 0, "threshold[0] read-back");
	check_eq(mmio_r32(PLIC_CLAIM(CTX_HART0_M)), 0, "claim with nothing pending returns 0");
	check_eq(pending10(), 0, "PLIC pending[10] with the UART quiet");
	check_eq(meip(), 0, "mip.MEIP with the UART quiet");
	printf("external-interrupt: PLIC source 10 enabled for hart 0 M-mode; UART quiet: "
	       "pending[10] = 0, mip.MEIP = 0, claim = 0\n");

	/* A. enabled everywhere: the request is taken */
	reset_record();
	csr_write(mie, MIP_MEIP);
	csr_set(mstatus, MSTATUS_MIE);
	uart_request();
	wait_trap();
	csr_clear(mstatus, MSTATUS_MIE);
	check_handled();
	check_eq(seen_entry, (uint64_t)-1, "direct mtvec: no vector slot");
	printf("external-interrupt: UART THR-empty interrupt taken: mcause = 0x%lx, "
	       "claimed source %u, IIR source = 0x%x\n", seen_cause, seen_claim,
	       seen_iir & IIR_ID_MASK);
	printf("external-interrupt: after claim, IER = 0, complete: mip.MEIP = 0, "
	       "pending[10] = 0, one trap\n");

	/* B. MEIE = 1, MIE = 0: pending, not taken; then MIE takes it */
	reset_record();
	csr_write(mie, MIP_MEIP);
	uart_request();
	wait_meip("mip.MEIP never set with the UART requesting");
	check(pending10(), "PLIC pending[10] with the UART requesting");
	quiet_spin("no trap while mstatus.MIE = 0");
	check(meip(), "mip.MEIP still set with MIE = 0");
	printf("external-interrupt: MEIE = 1, MIE = 0: mip.MEIP = 1, pending[10] = 1, "
	       "not taken\n");
	enable_mie();
	check_eq(traps, 1, "taken once MIE was set");
	check_eq(seen_epc, (uint64_t)(uintptr_t)mie_set_done, "taken right after the csrsi");
	csr_clear(mstatus, MSTATUS_MIE);
	check_handled();
	printf("external-interrupt: setting mstatus.MIE took it at once: mcause = 0x%lx, "
	       "mepc = after the csrsi, claimed source %u\n", seen_cause, seen_claim);

	/* C. MIE = 1, MEIE = 0: mie masks it; then MEIE takes it */
	reset_record();
	csr_write(mie, 0);
	uart_request();
	wait_meip("mip.MEIP never set with the UART requesting");
	csr_set(mstatus, MSTATUS_MIE);
	quiet_spin("no trap while mie.MEIE = 0");
	check(meip(), "mip.MEIP still set with MEIE = 0");
	enable_meie();
	check_eq(traps, 1, "taken once MEIE was set");
	check_eq(seen_epc, (uint64_t)(uintptr_t)meie_set_done, "taken right after the csrs");
	csr_clear(mstatus, MSTATUS_MIE);
	check_handled();
	printf("external-interrupt: MIE = 1, MEIE = 0: not taken; setting mie.MEIE took it "
	       "at once, claimed source %u\n", seen_claim);

	/* D. vectored mtvec: enters at BASE + 4*11 */
	check_eq(vector_table_end - vector_table, 16 * 4, "16 four-byte slots");
	csr_write(mtvec, (uint64_t)(uintptr_t)vector_table | 1);
	check_eq(csr_read(mtvec), (uint64_t)(uintptr_t)vector_table | 1, "vectored mtvec read-back");
	reset_record();
	csr_write(mie, MIP_MEIP);
	uart_request();
	wait_meip("mip.MEIP never set with the UART requesting");
	quiet_spin("no trap while mstatus.MIE = 0");
	enable_mie();
	check_eq(traps, 1, "taken once MIE was set (vectored)");
	check_eq(seen_epc, (uint64_t)(uintptr_t)mie_set_done, "taken right after the csrsi");
	csr_clear(mstatus, MSTATUS_MIE);
	csr_write(mtvec, (uint64_t)(uintptr_t)trap_entry);
	check_handled();
	check_eq(seen_entry, IRQ_MEI, "vector slot");
	printf("external-interrupt: vectored mtvec: entered at BASE + 4*%lu, mcause = 0x%lx\n",
	       seen_entry, seen_cause);

	/* leave the PLIC as reset left it */
	csr_write(mie, 0);
	mmio_w32(PLIC_ENABLE(CTX_HART0_M, UART_IRQ), 0);
	mmio_w32(PLIC_PRIORITY(UART_IRQ), 0);
	printf("external-interrupt: all checks passed\n");
	return 0;
}
