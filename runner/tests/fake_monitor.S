/*
 * A stand-in for the monitor, for the runner's own tests only: prints two lines in the monitor's
 * format (they start with '[', docs/build-contract.md "Tests") and jumps to the firmware entry
 * 0x80200000 in M-mode with a0/a1 untouched. It virtualises nothing; it lets the runner's
 * monitor-mode plumbing (QEMU command, line split, comparison) be tested on its own.
 */
	.section .text
	.globl _start
_start:
	csrr	t0, mhartid
	bnez	t0, 2f			/* one banner, printed by hart 0 */
	la	a3, banner
	li	t1, 0x10000000		/* ns16550a THR on QEMU virt (toolchain notes 2) */
1:	lbu	t2, 0(a3)
	beqz	t2, 2f
	sb	t2, 0(t1)
	addi	a3, a3, 1
	j	1b
2:	li	t0, 0x80200000
	jr	t0

	.section .rodata
banner:
	.asciz	"[Info  | fake] Hello, world!\n[Info  | fake] Number of exits: 0\n"
