/* Code and data the triggers of main.c point at. */
	.section .text
	.option norvc
	/* an M-mode function an execute trigger is set on */
	.globl m_target
	.balign 4
m_target:
	addi	a0, a0, 1
	ret
	/* a0 = *a1 (load), then *a1 = a2 (store) */
	.globl load_from
load_from:
	ld	a0, 0(a1)
	ret
	.globl store_to
store_to:
	sd	a2, 0(a1)
	ret
	/* S-mode code: an instruction a trigger watches, then ecall back */
	.globl s_code, s_target
	.balign 4
s_code:
	nop
s_target:
	addi	a0, a0, 1
	ecall
