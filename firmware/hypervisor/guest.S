/* Pieces that need exact instructions.
 * binutils 2.40 only accepts the H instructions with the H extension in
 * -march, which GCC 12 cannot name, so they are encoded by hand (H spec
 * "Hypervisor Memory-Management Fence Instructions", rs1 = rs2 = x0):
 *   hfence.vvma x0, x0 = 0x22000073, hfence.gvma x0, x0 = 0x62000073.
 * The CSR names need no extension in -march (binutils leaves CSR checks off). */
	.section .text
	.option push
	.option norvc

	.globl do_hfences
do_hfences:
	.word	0x22000073		/* hfence.vvma x0, x0 */
	.word	0x62000073		/* hfence.gvma x0, x0 */
	ret

	/* Reads hstatus; without H the csrr is an illegal instruction (H spec:
	 * the H CSRs exist only with the extension). */
	.globl probe_hstatus, probe_hstatus_insn
probe_hstatus:
	li	a0, -1
probe_hstatus_insn:
	csrr	a0, hstatus
	ret

	.globl probe_hfence, probe_hfence_insn
probe_hfence:
probe_hfence_insn:
	.word	0x22000073		/* hfence.vvma x0, x0 */
	ret

	/* The guest: entered by mret in VS-mode (or S-mode), it only ecalls. */
	.balign 4
	.globl guest_entry, guest_ecall
guest_entry:
	li	a0, 0x56
guest_ecall:
	ecall
1:	j	1b			/* never resumed */
	.option pop
