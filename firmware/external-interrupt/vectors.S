/* Vectored mtvec table and a known-address MIE/MEIE set for external-interrupt.
 *
 * With mtvec.MODE = 1 (priv spec 3.1.7) interrupt cause i enters at
 * BASE + 4*i. Each slot is one 4-byte jump (norvc), so slot i sits at
 * vector_table + 4*i; it records i in vector_entry and joins the common
 * trap_entry (firmware/common/trap.S), so the C handler knows the slot.
 * Two scratch registers go on the stack: M-mode code always has a valid sp
 * and mscratch is test data (firmware/README.md). */

	.section .text
	.balign 256			/* BASE needs 4-byte alignment */
	.globl vector_table, vector_table_end
vector_table:
	.option push
	.option norvc
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	j	slot_\n
	.endr
	.option pop
vector_table_end:

	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
slot_\n:
	addi	sp, sp, -16
	sd	t0, 0(sp)
	li	t0, \n
	j	slot_common
	.endr

slot_common:
	sd	t1, 8(sp)
	la	t1, vector_entry
	sd	t0, 0(t1)
	ld	t1, 8(sp)
	ld	t0, 0(sp)
	addi	sp, sp, 16
	j	trap_entry

	.section .data
	.balign 8
	.globl vector_entry
vector_entry:
	.dword	-1			/* -1: direct mode, no slot */

	/* Interrupt trap conditions are evaluated immediately after an
	 * explicit write to mstatus or mie (priv spec 3.1.9), so an enabled
	 * interrupt that is already pending traps with mepc = *_set_done. */
	.section .text
	.option push
	.option norvc
	.globl enable_mie, mie_set_done, enable_meie, meie_set_done
enable_mie:
	csrsi	mstatus, 8		/* mstatus.MIE */
mie_set_done:
	nop
	ret

enable_meie:
	li	t0, 1 << 11		/* mie.MEIE */
	csrs	mie, t0
meie_set_done:
	nop
	ret
	.option pop
