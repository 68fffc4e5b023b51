/* /bin/sigill in the Linux images' initramfs (runner/images.py): a static program with no libc.
 * It says so on stdout, then executes an illegal instruction: the 16-bit all-zero parcel (the
 * canonical illegal instruction, unpriv. spec 16.8), or with any argument `csrr a0, mscratch`
 * (an M-mode CSR: illegal in U-mode, 32 bits). OpenSBI does not emulate either; it redirects the
 * trap to Linux, which kills the program with SIGILL: the shell sees status 132 (128 + 4). With a
 * 16-bit instruction QEMU leaves mtval 0, so OpenSBI reads the instruction from memory itself. */
	.section .rodata
msg:	.ascii	"sigill: executing an illegal instruction\n"
	.equ	MSG_LEN, . - msg

	.section .text
	.globl _start
_start:
	ld	s0, 0(sp)		/* argc */
	li	a7, 64			/* write(1, msg, len) */
	li	a0, 1
	la	a1, msg
	li	a2, MSG_LEN
	ecall
	li	t0, 1
	bne	s0, t0, 1f
	.hword	0
1:	csrr	a0, mscratch
	li	a7, 93			/* exit(0): not reached */
	li	a0, 0
	ecall
