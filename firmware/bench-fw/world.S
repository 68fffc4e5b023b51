/* World switch round trip (bench-fw): the smallest possible M-mode handler
 * for the S-mode ecalls of payload/bench-ws (csrr mepc, advance it, csrw
 * mepc, mret: natively the ecall and these four instructions), as the
 * original Miralis's tracing firmware measures it. t0 belongs to the
 * handler. The payload ends the run itself (board exit device).
 *
 * void ws_enter(uint64_t hartid, uint64_t entry): mtvec = ws_handler, then
 * mret to entry in S-mode with a0 = hartid, a1 = 0 (no device tree). */
#include "csr.h"

	.section .text
	.option push
	.option norvc
	.balign 4
ws_handler:
	csrr	t0, mepc
	addi	t0, t0, 4
	csrw	mepc, t0
	mret
	.option pop

	.globl ws_enter
ws_enter:
	la	t0, ws_handler
	csrw	mtvec, t0
	csrw	mepc, a1
	li	t0, MSTATUS_MPP | MSTATUS_MPIE
	csrc	mstatus, t0
	li	t0, PRV_S << MSTATUS_MPP_SHIFT
	csrs	mstatus, t0
	li	a1, 0
	mret
