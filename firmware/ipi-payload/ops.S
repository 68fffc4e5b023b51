/* M-mode stub: a0 = result area (mcause, mepc, mstatus), a1 = S-mode pc,
 * MPP set by the caller. The handler returns to the stub's caller. */
	.section .text
	.option push
	.option norvc
	.globl go_lower, spin_s, ipi_handler, spin_s_ready
go_lower:
	csrw	mepc, a1
	mret
	.balign 4
spin_s:
	li	t0, 1
	la	t1, spin_s_ready
	sw	t0, 0(t1)
1:	j	1b
	.balign 4
ipi_handler:
	csrr	t0, mcause
	sd	t0, 0(a0)
	csrr	t0, mepc
	sd	t0, 8(a0)
	csrr	t0, mstatus
	sd	t0, 16(a0)
	ret
	.section .data
	.balign 4
spin_s_ready:
	.word	0
	.option pop
