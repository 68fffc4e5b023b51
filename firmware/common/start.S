/* Entry of every hart (QEMU's reset ROM jumps here with a0 = hartid;
 * under the monitor the firmware is entered the same way, in virtual M-mode).
 * Each hart gets FW_STACK_SIZE bytes of stack; hart 0 clears .bss, then
 * releases the others, which run the weak secondary_main(hartid). */
#include "csr.h"
#include "frame.h"

	.section .text.start, "ax"
	.globl _start
_start:
	/* No interrupt sources until a test asks for them; the previous stage
	 * may have left some enabled (the monitor spec does the same, 1.2). */
	csrw	mie, zero
	la	t0, trap_entry
	csrw	mtvec, t0
	csrr	a0, mhartid
	li	t1, FW_MAX_HARTS
	bgeu	a0, t1, park		/* no stack for this hart: stay parked */

	la	sp, __stacks_start
	addi	t0, a0, 1
	li	t1, FW_STACK_SIZE
	mul	t0, t0, t1
	add	sp, sp, t0		/* top of this hart's stack */

	bnez	a0, secondary

	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	la	t0, fw_boot_dtb		/* a1 = device tree, from the previous stage */
	sd	a1, 0(t0)
	la	t0, fw_boot_a2		/* a2 = fw_dynamic_info under the monitor */
	sd	a2, 0(t0)
	fence	rw, rw			/* .bss is zero before the release is seen */
	la	t0, boot_pending
	sw	zero, 0(t0)
	call	main
	bnez	a0, 3f
	call	exit_success
3:	li	a0, 3
	call	exit_failure

secondary:
	la	t0, boot_pending
4:	lw	t1, 0(t0)
	bnez	t1, 4b
	fence	r, rw
	call	secondary_main		/* a0 = hartid */
park:
	wfi
	j	park

	.section .data
	.balign 4
	/* Non-zero until hart 0 has cleared .bss; lives in .data so it is not
	 * itself cleared by that loop. */
boot_pending:
	.word	1

	.globl fw_boot_dtb, fw_boot_a2
	.section .bss
	.balign 8
fw_boot_dtb:
	.zero	8
fw_boot_a2:
	.zero	8
