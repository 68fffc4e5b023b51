/* VS-mode guest for h-world: a1 = sscratch (vsscratch in VS), then
 * sscratch = 0xcc, a2 = sstatus, ecall. */
	.section .text
	.option push
	.option norvc
	.balign 4
	.globl vs_guest
vs_guest:
	csrr	a1, sscratch
	li	t0, 0xcc
	csrw	sscratch, t0
	csrr	a2, sstatus
	ecall
1:	j	1b
	.option pop

/* M-mode stubs: a0 = result area (mcause, mepc, mstatus, a1, a2 at the
 * trap), a1 = target pc. h_handler returns to the stub's caller in M-mode
 * (the guest leaves a0, ra and sp alone). */
	.option push
	.option norvc
	.globl do_sret_to, do_mret_to, h_handler
do_sret_to:
	csrw	sepc, a1
	sret
do_mret_to:
	csrw	mepc, a1
	mret
	.balign 4
h_handler:
	csrr	t0, mcause
	sd	t0, 0(a0)
	csrr	t0, mepc
	sd	t0, 8(a0)
	csrr	t0, mstatus
	sd	t0, 16(a0)
	sd	a1, 24(a0)
	sd	a2, 32(a0)
	ret
	.option pop
