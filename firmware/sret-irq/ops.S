/* sret-irq: sret from M-mode into S-mode with an M-level interrupt pending
 * and enabled: it is taken at the first S instruction. */
	.section .text
	.option push
	.option norvc

	/* a0 = result area: mcause, mepc, mstatus of the interrupt trap.
	 * The trap handler returns to our caller in M-mode (ra, sp, a0 are
	 * untouched: the payload executes nothing). */
	.globl do_sret, payload_spin, sret_irq_handler
do_sret:
	la	t0, payload_spin
	csrw	sepc, t0
	sret
payload_spin:
	j	payload_spin

	.balign 4
sret_irq_handler:
	csrr	t0, mcause
	sd	t0, 0(a0)
	csrr	t0, mepc
	sd	t0, 8(a0)
	csrr	t0, mstatus
	sd	t0, 16(a0)
	ret
	.option pop
