/* A firmware that never ends: the runner's timeout must kill QEMU (runner/tests). */
	.section .text
	.globl _start
_start:
	j	_start
