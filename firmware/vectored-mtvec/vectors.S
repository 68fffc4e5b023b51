/* A vectored trap table (priv spec 3.1.7: with mtvec.MODE = 1, synchronous
 * exceptions go to BASE and interrupt cause i to BASE + 4*i). Every slot is
 * exactly one 4-byte jump (norvc), so slot i sits at table + 4*i. Each slot
 * records its own index in vector_entry and then joins the common trap_entry
 * of firmware/common, so the C handler knows which slot the hart used.
 * M-mode code always has a valid sp, so the two scratch registers go on the
 * stack (mscratch is not touched: under the monitor it would trap). */

	.section .text
	.balign 256			/* BASE needs 4-byte alignment; be generous */
	.globl vector_table
vector_table:
	.option push
	.option norvc
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	j	slot_\n
	.endr
	.option pop
	.globl vector_table_end
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
	.dword	-1

	/* ecall at a known address, for the synchronous case */
	.section .text
	.globl do_ecall, ecall_insn
do_ecall:
ecall_insn:
	ecall
	ret

	/* Set mstatus.MIE at a known address. Interrupt trap conditions "must
	 * be evaluated immediately following ... an explicit write to a CSR on
	 * which these interrupt trap conditions expressly depend" (priv spec
	 * 3.1.9), so a pending, enabled interrupt traps with mepc = mie_set_done. */
	.globl enable_mie, mie_set_done
enable_mie:
	.option push
	.option norvc
	csrsi	mstatus, 8
mie_set_done:
	nop
	.option pop
	ret
