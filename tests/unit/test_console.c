/*
 * The console cannot hang the monitor (src/driver/ns16550.c, src/core/log.c):
 * the wait for the UART's transmit-ready bit is bounded, a byte past the
 * bound is dropped and counted, the rest of its line is dropped without
 * waiting again, and warnings a guest can trigger at will are rate-limited.
 */
#include <string.h>

#include <miralis/log.h>
#include <miralis/ns16550.h>

#include "check.h"
#include "host.h"

#define UART 0x10000000UL
#define LSR_THRE 0x20

/* QEMU virt's layout: byte registers, stride 1 */
static const struct ns16550 uart = { .base = UART, .stride = 1, .width = 1 };

static unsigned lsr_reads, thr_writes;
static uint64_t lsr_value, thr_last;

static uint64_t uart_read(uint64_t addr, unsigned width)
{
	(void)width;
	if (addr == UART + 5)
		lsr_reads++;
	return addr == UART + 5 ? lsr_value : 0;
}

static void uart_write(uint64_t addr, unsigned width, uint64_t val)
{
	(void)width;
	if (addr == UART) {
		thr_writes++;
		thr_last = val;
	}
}

static void uart_setup(uint64_t lsr)
{
	lsr_reads = thr_writes = 0;
	lsr_value = lsr;
	host_set_mmio(uart_read, uart_write);
}

TEST(console_uart_ready_sends_the_byte)
{
	uart_setup(LSR_THRE);
	CHECK(ns16550_putc(&uart, 'x'));
	CHECK_EQ(lsr_reads, 1);
	CHECK_EQ(thr_writes, 1);
	CHECK_EQ(thr_last, 'x');
}

TEST(console_uart_never_ready_gives_up_after_the_bound)
{
	uart_setup(0);
	CHECK(!ns16550_putc(&uart, 'x'));
	CHECK_EQ(lsr_reads, NS16550_TX_MAX_POLLS);
	CHECK_EQ(thr_writes, 0);
}

TEST(console_stuck_line_is_dropped_and_counted)
{
	uint64_t before = log_dropped_bytes();
	const char *line = "[Error | unit] hello";

	host_console_set_stuck(true);
	log_emit(LOG_ERROR, "unit", "hello");
	/* every byte of the line and its newline */
	CHECK_EQ(log_dropped_bytes() - before, strlen(line) + 1);
	CHECK_EQ(strlen(host_console()), 0);
	host_console_set_stuck(false);
	log_emit(LOG_ERROR, "unit", "hello");
	CHECK_EQ(log_dropped_bytes() - before, strlen(line) + 1);
	CHECK(strstr(host_console(), line) != NULL);
}

TEST(console_ratelimit_prints_a_burst_then_powers_of_two)
{
	struct log_ratelimit r = { 0 };
	unsigned printed = 0;

	for (uint64_t n = 1; n <= 100000; n++) {
		uint64_t got = log_ratelimit(&r);

		if (got) {
			CHECK_EQ(got, n);
			CHECK(n <= LOG_RATELIMIT_BURST || (n & (n - 1)) == 0);
			printed++;
		}
	}
	/* 8, then 16, 32, ..., 65536 (13 powers of two) */
	CHECK_EQ(printed, LOG_RATELIMIT_BURST + 13);
}
