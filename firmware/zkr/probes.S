/* seed CSR accesses for the zkr test, one 4-byte instruction each (norvc),
 * followed by ret: a trap handler steps over a refused one with mepc += 4.
 * Callers set a0 = a pattern (kept when the access traps) and a1 = a
 * non-zero value: QEMU 7.2 refuses csrrs/csrrc of seed when rs1 holds 0,
 * where the spec only looks at rs1 = x0 (docs/deviations.md).
 *
 * seed_lower: U/S-mode entry, a2 = the probe: calls it, then ecall. */
	.option norvc
	.section .text
	.macro PROBE name, insn:vararg
	.globl \name
\name:
	\insn
	ret
	.endm

	PROBE seed_csrrw, csrrw a0, 0x015, zero
	PROBE seed_csrrw_rd0, csrrw zero, 0x015, a1
	PROBE seed_csrrwi, csrrwi a0, 0x015, 5
	PROBE seed_csrrs_reg, csrrs a0, 0x015, a1
	PROBE seed_csrrc_reg, csrrc a0, 0x015, a1
	PROBE seed_csrrsi, csrrsi a0, 0x015, 1
	PROBE seed_csrrci, csrrci a0, 0x015, 31
	PROBE seed_csrr, csrrs a0, 0x015, zero
	PROBE seed_csrrs_rd0, csrrs zero, 0x015, zero
	PROBE seed_csrrc_x0, csrrc a0, 0x015, zero
	PROBE seed_csrrsi0, csrrsi a0, 0x015, 0
	PROBE seed_csrrci0, csrrci a0, 0x015, 0
	PROBE mseccfg_read, csrr a0, 0x747

	.globl seed_lower
seed_lower:
	jalr	a2
	ecall
