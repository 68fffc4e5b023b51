/* U-mode side of the pmp test. Runs with a0 = base of the denied page,
 * a1 = address of the read-only word, a2 = an ordinary RW word. Each access
 * the PMP denies traps to M-mode, which records it and skips it; the final
 * ecall ends the excursion with the loaded values in t1 and t2.
 * Mixed 32-bit and compressed forms: under the monitor the PMP faults of
 * U-mode are forwarded to this firmware, whose handler must step over
 * instructions of both lengths. */
	.section .text
	.globl pmp_user_code
	.balign 4
pmp_user_code:
	.option push
	.option norvc
	lw	t0, 0(a0)		/* load from denied page: cause 5 */
	sw	t0, 8(a0)		/* store to denied page: cause 7 */
	.option pop
	.option push
	.option rvc
	c.lw	a3, 16(a0)		/* compressed load, denied: cause 5 */
	c.sw	a3, 24(a0)		/* compressed store, denied: cause 7 */
	.option pop
	.option push
	.option norvc
	lw	t1, 0(a1)		/* NA4 entry grants R: succeeds */
	sw	t1, 0(a1)		/* ... but not W: cause 7 */
	lw	t2, 0(a2)		/* covered by the TOR RWX entry */
	sw	t2, 4(a2)
	ecall				/* back to M: cause 8 */
	.option pop
1:	j	1b
