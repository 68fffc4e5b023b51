/* CLINT accesses with a chosen width and encoding. The monitor decodes each
 * trapping load/store itself, so every form it must handle is exercised:
 * ld/sd and lw/lwu/sw (32-bit encodings, norvc), c.ld/c.sd and c.lw/c.sw (RVC,
 * base register in x8..x15, unpriv spec "Compressed" chapter).
 * a0 = CLINT register address; a1 = value for stores; loads return in a0.
 * Loads into a register other than a0 first, so that rd != rs1 is covered
 * as well as rd == rs1. */

	.section .text

	.option push
	.option norvc
	.globl clint_ld
clint_ld:
	ld	a0, 0(a0)		/* rd == rs1 */
	ret
	.globl clint_sd
clint_sd:
	sd	a1, 0(a0)
	ret
	.globl clint_lw
clint_lw:
	lw	t1, 0(a0)		/* sign-extends */
	mv	a0, t1
	ret
	.globl clint_sw
clint_sw:
	sw	a1, 0(a0)
	ret
	.globl clint_ld_hi		/* offset 4 in the immediate, not in a0 */
clint_ld_hi:
	lwu	t1, 4(a0)		/* zero-extends */
	mv	a0, t1
	ret
	.globl clint_sw_hi
clint_sw_hi:
	sw	a1, 4(a0)
	ret
	.option pop

	.option push
	.option rvc
	.globl clint_cld
clint_cld:
	mv	a5, a0
	c.ld	a4, 0(a5)
	mv	a0, a4
	ret
	.globl clint_csd
clint_csd:
	mv	a5, a0
	mv	a4, a1
	c.sd	a4, 0(a5)
	ret
	.globl clint_clw
clint_clw:
	mv	a5, a0
	c.lw	a4, 0(a5)		/* sign-extends: the C side masks */
	mv	a0, a4
	ret
	.globl clint_csw
clint_csw:
	mv	a5, a0
	mv	a4, a1
	c.sw	a4, 0(a5)
	ret
	.globl clint_clw_hi
clint_clw_hi:
	mv	a5, a0
	c.lw	a4, 4(a5)
	mv	a0, a4
	ret
	.globl clint_csw_hi
clint_csw_hi:
	mv	a5, a0
	mv	a4, a1
	c.sw	a4, 4(a5)
	ret
	.option pop

	/* Sets mstatus.MIE; a pending enabled interrupt must trap right after
	 * the csrsi (priv spec 3.1.9: trap conditions are evaluated immediately
	 * after an explicit write to mstatus), i.e. with mepc = mie_set_done. */
	.option push
	.option norvc
	.globl enable_mie, mie_set_done
enable_mie:
	csrsi	mstatus, 8
mie_set_done:
	nop
	ret
	.option pop
