/* The protect-payload payload's register-level steps (see main.c). Each
 * loads the secrets of pp_secrets.h into s2..s11 and t3..t6 (and f5), does
 * one thing that goes to the firmware, then counts in a0 the secret
 * registers that changed. Results go to *a0 (saved on the stack). */
#include "../../firmware/protect-payload/pp_secrets.h"

.macro LOAD_SECRETS
	.irp r, 18,19,20,21,22,23,24,25,26,27,28,29,30,31
	li	x\r, PP_SECRET(\r)
	.endr
.endm

/* t0 = number of secret registers that differ (t1, t2 scratch) */
.macro COUNT_CHANGED
	li	t0, 0
	.irp r, 18,19,20,21,22,23,24,25,26,27,28,29,30,31
	li	t1, PP_SECRET(\r)
	beq	x\r, t1, 1f
	addi	t0, t0, 1
1:
	.endr
.endm

.macro PROLOGUE
	addi	sp, sp, -128
	sd	a0, 0(sp)
	.irp n, 2,3,4,5,6,7,8,9,10,11
	sd	s\n, (8 * \n)(sp)
	.endr
	sd	s0, 96(sp)
	sd	s1, 104(sp)
.endm

.macro EPILOGUE
	.irp n, 2,3,4,5,6,7,8,9,10,11
	ld	s\n, (8 * \n)(sp)
	.endr
	ld	s0, 96(sp)
	ld	s1, 104(sp)
	addi	sp, sp, 128
	ret
.endm

	.section .text
	.globl pp_sbi_step, pp_csr_step, pp_illegal_step, pp_illegal_insn, pp_trap
	.globl pp_illegal16_step, pp_illegal16_insn

/* out[0] = a0, out[1] = a1 of the SBI call, out[2] = changed secrets,
 * out[3] = f5 afterwards */
pp_sbi_step:
	PROLOGUE
	li	t0, (1 << 13)		/* sstatus.FS = Initial: f5 usable */
	csrs	sstatus, t0
	li	t0, PP_SECRET_F5
	.option push
	.option arch, +d
	fmv.d.x	f5, t0
	.option pop
	LOAD_SECRETS
	li	a7, PP_SBI_BASE
	li	a6, PP_SBI_PROBE
	li	a0, PP_SBI_IPI
	li	a1, PP_SECRET(11)
	ecall
	mv	s0, a0
	mv	s1, a1
	COUNT_CHANGED
	ld	t1, 0(sp)
	sd	s0, 0(t1)
	sd	s1, 8(t1)
	sd	t0, 16(t1)
	.option push
	.option arch, +d
	fmv.x.d	t0, f5
	.option pop
	sd	t0, 24(t1)
	EPILOGUE

/* CSR reads the firmware emulates: out[0] = rdcycle (rd s0), out[1] =
 * custom CSR read with rs1 = t6 (rd s1), out[2] = changed secrets */
pp_csr_step:
	PROLOGUE
	LOAD_SECRETS
	rdcycle	s0
	csrrs	s1, PP_CSR_CUSTOM, t6
	COUNT_CHANGED
	ld	t1, 0(sp)
	sd	s0, 0(t1)
	sd	s1, 8(t1)
	sd	t0, 16(t1)
	EPILOGUE

/* An instruction S-mode may not execute: the firmware redirects it to
 * stvec (pp_trap), which skips it. out[0] = changed secrets. */
pp_illegal_step:
	PROLOGUE
	LOAD_SECRETS
pp_illegal_insn:
	csrr	t0, mscratch
	COUNT_CHANGED
	ld	t1, 0(sp)
	sd	t0, 0(t1)
	EPILOGUE

/* The same with the 16-bit illegal parcel 0x0000: mtval cannot hold it,
 * so the firmware reads it at mepc (through MPRV). The handler skips 4
 * bytes: two parcels, the second a c.nop. */
pp_illegal16_step:
	PROLOGUE
	LOAD_SECRETS
pp_illegal16_insn:
	.hword	0
	c.nop
	COUNT_CHANGED
	ld	t1, 0(sp)
	sd	t0, 0(t1)
	EPILOGUE

/* stvec: record scause, stval, sepc, sstatus in pp_trap_seen (only a0
 * used, restored from sscratch), skip the instruction, sret */
	.balign 4
pp_trap:
	csrrw	a0, sscratch, a0	/* sscratch <-> a0 (a0 saved) */
	la	a0, pp_trap_seen
	csrr	t0, scause		/* t0 is not a secret register */
	sd	t0, 0(a0)
	csrr	t0, stval
	sd	t0, 8(a0)
	csrr	t0, sepc
	sd	t0, 16(a0)
	csrr	t0, sstatus
	sd	t0, 24(a0)
	csrr	t0, sepc
	addi	t0, t0, 4
	csrw	sepc, t0
	csrrw	a0, sscratch, a0
	sret
