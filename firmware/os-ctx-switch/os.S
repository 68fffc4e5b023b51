/* The "OS" of os-ctx-switch: S-mode code inside the firmware image. It
 * marks t6 and sscratch, then calls M-mode. Nothing else may change, so the
 * firmware can check the registers and the S-mode CSR after the switch. */
	.section .text
	.globl os_entry, os_ecall
	.balign 4
os_entry:
	li	t6, 0x42
	csrw	sscratch, t6
os_ecall:
	ecall
1:	j	1b			/* never resumed */
