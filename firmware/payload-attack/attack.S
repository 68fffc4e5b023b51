/* The S-mode side of payload-attack: each entry point makes one access
 * (a0 = address, a1 = value) and then reports back with ecall (mcause 9).
 * An access that faults is skipped by the firmware's handler, so either
 * way the ecall ends the excursion. attack_jump jumps to a0 with ra = the
 * ecall, where the handler sends an instruction access fault back. */
	.section .text
	.option push
	.option norvc
	.globl attack_ld, attack_lb, attack_lw, attack_sd, attack_sw, attack_c_sw
	.globl attack_amo, attack_lr, attack_jump
	.balign 4
attack_ld:
	ld	t0, 0(a0)
	ecall
attack_lb:
	lb	t0, 0(a0)
	ecall
attack_lw:
	lw	t0, 0(a0)
	ecall
attack_sd:
	sd	a1, 0(a0)
	ecall
attack_sw:
	sw	a1, 0(a0)
	ecall
attack_amo:
	amoswap.d t0, a1, (a0)
	ecall
attack_lr:
	lr.d	t0, (a0)
	ecall
attack_jump:
	jalr	ra, 0(a0)
	ecall
	.option rvc
attack_c_sw:
	c.sw	a1, 0(a0)
	ecall
	.option pop
