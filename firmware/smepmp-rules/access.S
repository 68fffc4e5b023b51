/* Accesses for the smepmp-rules test. Every access is one 4-byte
 * instruction (norvc), so the trap handlers step over a fault with
 * mepc += 4 and never read the faulting code (M may not read it).
 *
 * m_load(a0 = addr) -> value, m_store(a0 = addr, a1 = value): in M-mode.
 * user_page: one page of U-mode code, alone in its NAPOT entry: a1 = 0
 * loads from a0 into a0, a1 = 1 stores a2 to a0; then ecall. */
	.option norvc
	.section .text
	.globl m_load, m_store
m_load:
	ld	a0, 0(a0)
	ret
m_store:
	sd	a1, 0(a0)
	ret

	.section .data.user_page, "aw"	/* code, but outside the M-only code rule */
	.globl user_page
	.balign 4096
user_page:
	bnez	a1, 1f
	ld	a0, 0(a0)
	ecall
1:	sd	a2, 0(a0)
	ecall
	.balign 4096
