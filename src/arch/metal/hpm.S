/*
 * Access stubs for the hardware performance counters and their event
 * selectors (mhpmcounter3..31 at 0xb03.., mhpmevent3..31 at 0x323..).
 * A csr instruction names its CSR statically, so there is one 8-byte stub
 * per CSR and direction: entry i of a table handles CSR base + i.
 *
 *   read stubs   csrr a0, csr ; ret
 *   write stubs  csrw csr, a0 ; ret
 *
 * arch_hpm_access() calls a stub behind arch_catch_trap, which skips the
 * 4-byte csr instruction of an absent counter and lands on the ret.
 */
	.option push
	.option norvc
	.section .text

.macro HPM_TABLE name, base, write
	.globl \name
	.balign 8
\name:
	.set hpm_n, \base
	.rept 29
	.if \write
	csrw hpm_n, a0
	.else
	csrr a0, hpm_n
	.endif
	ret
	.set hpm_n, hpm_n + 1
	.endr
.endm

	HPM_TABLE arch_hpm_counter_read, 0xb03, 0
	HPM_TABLE arch_hpm_counter_write, 0xb03, 1
	HPM_TABLE arch_hpm_event_read, 0x323, 0
	HPM_TABLE arch_hpm_event_write, 0x323, 1

	.option pop
