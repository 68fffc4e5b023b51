/*
 * Boot entry, every hart. Contract with the previous stage (QEMU reset ROM
 * or a boot loader): a0 = hart id, a1 = device tree, a2 = fw_dynamic_info
 * (may be garbage); M-mode, MMU off, interrupts off.
 *
 *   _stack_start + h*STACK_SIZE  .. + STACK_SIZE   stack of hart h
 *
 * Each hart fills its own stack with STACK_PATTERN so the maximal use can
 * be measured at exit and the guard at its bottom checked (<miralis/stack.h>). The boot hart clears BSS then releases the others.
 */
#include <config.h>
#include <miralis/riscv/encoding.h>
#include <miralis/stack.h>

	.section .text.entry, "ax"
	.globl _start
_start:
	csrw	mie, zero
	/* mscratch == 0 tells the trap entry that the monitor itself trapped */
	csrw	mscratch, zero
	csrr	t0, mhartid
	li	t1, CONFIG_NB_HARTS
	bgeu	t0, t1, .Lpark

	/* Stack of this hart: [bottom, top) */
	la	t3, _stack_start
	li	t1, CONFIG_STACK_SIZE
	mul	t2, t0, t1
	add	t3, t3, t2
	add	sp, t3, t1
	li	t4, STACK_PATTERN
1:	sw	t4, 0(t3)
	addi	t3, t3, 4
	bltu	t3, sp, 1b

	li	t1, CONFIG_BOOT_HART_ID
	bne	t0, t1, .Lwait_bss
	la	t3, _bss_start
	la	t4, _bss_end
2:	bgeu	t3, t4, 3f
	sd	zero, 0(t3)
	addi	t3, t3, 8
	j	2b
3:	la	t3, boot_bss_pending
	amoswap.w.aqrl zero, zero, (t3)
	j	.Lrun

.Lwait_bss:
	la	t3, boot_bss_pending
4:	lw	t4, 0(t3)
	bnez	t4, 4b
	fence	rw, rw

.Lrun:
	la	t1, arch_trap_entry
	csrw	mtvec, t1
	mv	a0, t0
	call	monitor_main
	/* monitor_main never returns */
.Lpark:
	wfi
	j	.Lpark

	.section .data
	.balign 4
	.globl boot_bss_pending
boot_bss_pending:
	.word 1
