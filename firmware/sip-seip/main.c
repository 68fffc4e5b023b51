/* sip-seip: mip.SEIP reads as the OR of the PLIC's S-level external line and
 * a software bit; only explicit writes to mip.SEIP change the software bit
 * (priv. spec 3.1.9), and sip never exposes SEIP unless it is delegated and
 * writable. Here the PLIC raises hart 0's S context (UART THR-empty, source
 * 10), M-mode writes sip (nothing delegated, so the write changes nothing),
 * then the UART is silenced and the source claimed and completed: mip.SEIP must drop with the line. */
#include "fw.h"

#define PLIC_BASE		0x0c000000UL
#define PLIC_PRIORITY(s)	(PLIC_BASE + 4UL * (s))
#define PLIC_ENABLE(ctx, s)	(PLIC_BASE + 0x2000UL + 0x80UL * (ctx) + 4UL * ((s) / 32))
#define PLIC_THRESHOLD(ctx)	(PLIC_BASE + 0x200000UL + 0x1000UL * (ctx))
#define CTX_HART0_S		1
#define UART_IRQ		10
#define UART_BASE		0x10000000UL
#define UART_IER		1
#define UART_LSR		5
#define SEIP			(1UL << 9)

static inline void mmio_w32(uintptr_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline uint8_t uart_r(unsigned reg) { return *(volatile uint8_t *)(UART_BASE + reg); }
static inline void uart_w(unsigned reg, uint8_t v) { *(volatile uint8_t *)(UART_BASE + reg) = v; }

static bool wait_seip(bool want)
{
	for (unsigned i = 0; i < 20000; i++)
		if (!!(csr_read(mip) & SEIP) == want)
			return true;
	return false;
}

int main(void)
{
	csr_clear(mstatus, MSTATUS_MIE);
	csr_write(mie, 0);
	csr_write(mideleg, 0);
	uart_w(UART_IER, 0);
	mmio_w32(PLIC_PRIORITY(UART_IRQ), 1);
	mmio_w32(PLIC_THRESHOLD(CTX_HART0_S), 0);
	mmio_w32(PLIC_ENABLE(CTX_HART0_S, UART_IRQ), 1U << UART_IRQ);
	check(wait_seip(false), "mip.SEIP clear with the UART quiet");

	while (!(uart_r(UART_LSR) & 0x20))
		;
	uart_w(UART_IER, 0x02);
	check(wait_seip(true), "mip.SEIP follows the PLIC's S-context line");

	csr_write(sip, 0);	/* nothing delegated: no effect */
	csr_set(sip, 2);
	csr_clear(sip, 2);

	uart_w(UART_IER, 0);
	/* claim and complete: the PLIC then lowers the S-context line */
	{
		uint32_t id = *(volatile uint32_t *)(PLIC_THRESHOLD(CTX_HART0_S) + 4);
		check_eq(id, UART_IRQ, "claimed source");
		mmio_w32(PLIC_THRESHOLD(CTX_HART0_S) + 4, id);
	}
	printf("sip-seip: after silencing the UART, mip.SEIP drops: %s\n",
	       wait_seip(false) ? "yes" : "no");
	check(wait_seip(false), "mip.SEIP dropped with the line (sip writes latched it)");
	mmio_w32(PLIC_ENABLE(CTX_HART0_S, UART_IRQ), 0);
	printf("sip-seip: done\n");
	return 0;
}
