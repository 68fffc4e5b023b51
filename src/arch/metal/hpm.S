/*
 * Access stubs for the hardware performance counters and their event
 * selectors (mhpmcounter3..31 at 0xb03.., mhpmevent3..31 at 0x323..).
 * A csr instruction names its CSR statically, so there is one 6-byte stub
 * per CSR and direction: entry i of a table handles CSR base + i.
 *
 *   read stubs   csrr a0, csr ; c.jr ra
 *   write stubs  csrw csr, a0 ; c.jr ra
 *
 * arch_hpm_access() calls a stub behind arch_catch_trap, which skips the
 * 4-byte csr instruction of an absent counter and lands on the ret.
 */
	.option push
	.option rvc
	.section .text

.macro HPM_TABLE name, base, write
	.globl \name
	.balign 4
\name:
	.set hpm_n, \base
	.rept 29
	.if \write
	csrw hpm_n, a0
	.else
	csrr a0, hpm_n
	.endif
	c.jr ra
	.set hpm_n, hpm_n + 1
	.endr
.endm

	HPM_TABLE arch_hpm_counter_read, 0xb03, 0
	HPM_TABLE arch_hpm_counter_write, 0xb03, 1
	HPM_TABLE arch_hpm_event_read, 0x323, 0
	HPM_TABLE arch_hpm_event_write, 0x323, 1

	.option pop
