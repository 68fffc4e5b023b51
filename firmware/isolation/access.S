/* Accesses for the isolation test, each one 4-byte instruction (norvc) so
 * a handler steps over a fault with mepc += 4; a fetch fault resumes at t3 (the jump's link).
 *
 * iso_m(a0 = addr, a1 = op, a2 = mpp): in M-mode; with mpp < 3, MPRV is set
 * with MPP = mpp around the single access (priv. spec 3.1.6.3). Returns
 * what a load read.
 * iso_lower: the same op in S- or U-mode (enter_lower), then ecall.
 * op: 0 ld, 1 sd, 2 lb, 3 sb, 4 jump (fetch), 5 amoswap.d */
#include "csr.h"

	.option norvc
	.section .text
	.globl iso_m, iso_lower

.macro DISPATCH
	beqz	a1, 10f
	li	t1, 1
	beq	a1, t1, 11f
	li	t1, 2
	beq	a1, t1, 12f
	li	t1, 3
	beq	a1, t1, 13f
	li	t1, 4
	beq	a1, t1, 14f
	j	15f
.endm

iso_m:
	li	t0, 3
	beq	a2, t0, 1f
	li	t0, MSTATUS_MPP
	csrc	mstatus, t0
	slli	t0, a2, MSTATUS_MPP_SHIFT
	csrs	mstatus, t0
	li	t0, MSTATUS_MPRV
	csrs	mstatus, t0
1:	DISPATCH
10:	ld	t2, 0(a0)
	j	20f
11:	sd	zero, 0(a0)
	j	20f
12:	lb	t2, 0(a0)
	j	20f
13:	sb	zero, 0(a0)
	j	20f
14:	jalr	t3, 0(a0)	/* a fetch fault returns to t3 */
	j	20f
15:	amoswap.d t2, zero, (a0)
20:	li	t0, MSTATUS_MPRV
	csrc	mstatus, t0
	mv	a0, t2		/* what a load read */
	ret

iso_lower:
	DISPATCH
10:	ld	t2, 0(a0)
	ecall
11:	sd	zero, 0(a0)
	ecall
12:	lb	t2, 0(a0)
	ecall
13:	sb	zero, 0(a0)
	ecall
14:	jalr	t3, 0(a0)
	ecall
15:	amoswap.d t2, zero, (a0)
	ecall
