/*
 * The accesses the monitor makes with mstatus.MPRV on behalf of a guest
 * (arch_mprv_load/store/amo), as stubs of 4 instructions (16 bytes):
 *
 *   csrrw t0, mstatus, a2    MPRV = 1, MPP (and MPV) = the guest's mode
 *   <access>                 a0 = address, a1 = value in/out, a3 = AMO operand
 *   csrrw t1, mstatus, t0    back to the monitor's mstatus
 *   j arch_mprv_tail
 *
 * and a shared tail, which runs with MPRV clear (so anywhere), keeping the
 * GVA the hart recorded for a fault (bit 38), as after an hlv:
 *
 *   srli/andi/slli t1 ; csrs mstatus, t1 ; ret
 *
 * called behind arch_catch_trap, which skips a faulting access with t6 =
 * its cause. Slots: 0-3 lbu lhu lwu ld, 4-7 sb sh sw sd, 8.. the AMOs in
 * the order add swap xor or and min max minu maxu, .w then .d.
 *
 * Two copies, on pages two apart. QEMU 7.2 gives MPRV accesses the M-mode
 * TLB index, and the fetch of the stub fills that index with an M-mode
 * (all-permission) entry for the stub's own page: a guest access to that
 * page would hit it and skip the PMP. The caller therefore runs the copy
 * whose page the access does not touch (an access spans at most two
 * adjacent pages, so one copy is always clear of it).
 *
 * Only the stubs' own pages matter, so other monitor code fills the pages
 * around them: monitor.ld.S puts copy a right after the entry and copy b
 * at the end of .text, keeps each copy within one page and asserts that
 * their pages are two apart (no 8 KiB of padding in the image).
 */
	.option push
	.option norvc

.macro STUB insn:vararg
	csrrw	t0, mstatus, a2
	\insn
	csrrw	t1, mstatus, t0
	j	arch_mprv_tail
.endm

.macro AMO name
	STUB \name\().w a1, a3, (a0)
	STUB \name\().d a1, a3, (a0)
.endm

.macro MPRV_TABLE label
	.globl \label, \label\()_end
	.balign 32
\label:
	STUB lbu a1, 0(a0)
	STUB lhu a1, 0(a0)
	STUB lwu a1, 0(a0)
	STUB ld a1, 0(a0)
	STUB sb a1, 0(a0)
	STUB sh a1, 0(a0)
	STUB sw a1, 0(a0)
	STUB sd a1, 0(a0)
	AMO amoadd
	AMO amoswap
	AMO amoxor
	AMO amoor
	AMO amoand
	AMO amomin
	AMO amomax
	AMO amominu
	AMO amomaxu
\label\()_end:
.endm

	.section .mprv.a, "ax"
	MPRV_TABLE arch_mprv_stubs_a

	.section .text.arch_mprv_tail, "ax"
	.globl arch_mprv_tail
arch_mprv_tail:
	srli	t1, t1, 38
	andi	t1, t1, 1
	slli	t1, t1, 38
	csrs	mstatus, t1
	ret

	.section .mprv.b, "ax"
	MPRV_TABLE arch_mprv_stubs_b

	.option pop
