/* Entry of an S-mode payload, entered by one hart with a0 = hartid and
 * a1 = device tree (or 0). Offset 8 holds PAYLOAD_MAGIC (payload_abi.h) so a
 * test firmware can check that the image is present before jumping here. */
#include "payload_abi.h"

	.section .text.start, "ax"
	.globl _start
_start:
	.option push
	.option norvc
	j	1f			/* 4 bytes, so the magic sits at offset 8 */
	.word	0
	.dword	PAYLOAD_MAGIC
	.option pop
1:	la	sp, __stacks_end
	la	t0, __bss_start
	la	t1, __bss_end
2:	bgeu	t0, t1, 3f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	2b
3:	call	payload_main
4:	wfi				/* payload_main does not return; if it does, stay */
	j	4b
