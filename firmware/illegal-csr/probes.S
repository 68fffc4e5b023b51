/* One CSR instruction per probe, each followed by ret, so that the handler
 * can skip exactly that instruction (mepc + 4) and the C side knows its
 * address (mepc must equal the probe label, priv spec 3.1.14) and its bits
 * (mtval must equal them, priv spec 3.1.16). Fixed registers and 4-byte
 * encodings (norvc) keep the instruction bits independent of the compiler.
 *
 * vec_entry is the mtvec base used by the test: it counts its entries, then
 * continues into the common trap_entry (which saves every register first),
 * so the C side can tell that the trap entered exactly at mtvec's base. */
#include "csr.h"

	.option norvc
	.section .text

.macro PROBE name, insn:vararg
	.globl \name
	.balign 4
\name:
	\insn
	ret
.endm

	/* Custom M-mode read/write CSR space (priv spec table 2.5): 0x7c0. */
	PROBE probe_custom_m_read,	csrr a0, 0x7c0
	PROBE probe_custom_m_write,	csrw 0x7c0, a1
	/* Neither reading nor writing (rd = x0, rs1 = x0): an absent CSR still
	 * raises illegal instruction (priv spec 2.1: access to a non-existent
	 * CSR), whatever the form. */
	PROBE probe_custom_m_noop,	csrrs zero, 0x7c0, zero
	PROBE probe_custom_m_csrrci,	csrrci zero, 0x7c0, 0
	/* Custom unprivileged read/write CSR: 0x800. */
	PROBE probe_custom_u_read,	csrr a0, 0x800
	/* scontext (0x5a8, Sdtrig) is not implemented by QEMU 7.2. */
	PROBE probe_scontext_read,	csrr a0, 0x5a8
	/* Odd pmpcfg numbers do not exist on RV64 (priv spec 3.7.1). */
	PROBE probe_pmpcfg1_read,	csrr a0, pmpcfg1
	PROBE probe_pmpcfg1_write,	csrw pmpcfg1, a1
	PROBE probe_pmpcfg3_set,	csrrs a0, pmpcfg3, a1
	/* Writes to read-only CSRs (CSR number bits 11:10 = 11, priv spec
	 * 2.1): every form that writes raises illegal instruction. */
	PROBE probe_mvendorid_write,	csrw mvendorid, a1
	PROBE probe_marchid_set,	csrrs a0, marchid, a1
	PROBE probe_mimpid_csrrwi,	csrrwi a0, mimpid, 0
	PROBE probe_mhartid_clear,	csrrc a0, mhartid, a1
	PROBE probe_mhartid_csrrsi,	csrrsi zero, mhartid, 1
	PROBE probe_cycle_write,	csrw cycle, a1
	PROBE probe_instret_csrrwi,	csrrwi zero, instret, 5
	PROBE probe_time_write,		csrw time, a1
	/* Debug-mode CSRs are only accessible in Debug Mode (debug spec
	 * 4.9): dcsr from M-mode is illegal (and QEMU 7.2 has none). */
	PROBE probe_dcsr_read,		csrr a0, 0x7b0

	.globl vec_entry
	.balign 4
vec_entry:
	addi	sp, sp, -16
	sd	t0, 0(sp)
	sd	t1, 8(sp)
	la	t0, vec_entries
	lw	t1, 0(t0)
	addi	t1, t1, 1
	sw	t1, 0(t0)
	ld	t1, 8(sp)
	ld	t0, 0(sp)
	addi	sp, sp, 16
	j	trap_entry

	.section .data
	.balign 4
	.globl vec_entries
vec_entries:
	.word	0
