/* Code the fuzzer runs in S- and U-mode between CSR operations. It reads
 * what the mode may read and ecalls back, touching no memory, so that
 * whatever the fuzzed CSRs say about translation or endianness cannot make
 * it fault. */
	.section .text
	.balign 4
	.globl fuzz_s_code, fuzz_u_code
fuzz_s_code:
	csrr	a0, sstatus
	csrr	a1, sscratch
	ecall
1:	j	1b

fuzz_u_code:
	li	a0, 0x55
	li	a1, 0
	ecall
2:	j	2b
