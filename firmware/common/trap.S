/* mtvec entry for traps taken while the firmware is in M-mode (direct mode,
 * so 4-byte aligned). The frame goes on the current stack: M-mode code always
 * has a valid sp. mscratch is left alone because tests use it as data.
 * The handler may edit the frame: GPRs and mepc are written back. */
#include "frame.h"

	.section .text
	.balign 4
	.globl trap_entry
trap_entry:
	addi	sp, sp, -FRAME_SIZE
	SAVE_GPRS_EXCEPT_SP sp
	addi	t0, sp, FRAME_SIZE
	sd	t0, FRAME_X(2)(sp)
	csrr	t0, mepc
	sd	t0, FRAME_MEPC(sp)
	csrr	t0, mcause
	sd	t0, FRAME_MCAUSE(sp)
	csrr	t0, mtval
	sd	t0, FRAME_MTVAL(sp)
	csrr	t0, mstatus
	sd	t0, FRAME_MSTATUS(sp)

	mv	a0, sp
	call	trap_handler

	ld	t0, FRAME_MEPC(sp)
	csrw	mepc, t0
	.irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld	x\n, FRAME_X(\n)(sp)
	.endr
	addi	sp, sp, FRAME_SIZE
	mret
