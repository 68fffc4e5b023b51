/*
 * Guest entry and exit. Contract (docs/trap-contract.md):
 *
 *  while a guest runs   mscratch = &vctx, mtvec = arch_trap_entry
 *  while the monitor    mscratch = 0
 *
 * arch_vcpu_start(ctx): stores sp in ctx->host_sp (the caller never gets
 * control back: the stack below it is free) and enters the guest.
 * arch_vcpu_resume(ctx): loads guest pc into mepc and guest x1..x31, and
 * mret's into the mode already set in mstatus.MPP. Neither saves anything
 * of the monitor: each exit starts a fresh C frame at ctx->host_sp, so no
 * monitor register lives across a guest run (issue 9: the 14 callee-saved
 * registers were saved and restored on every exit).
 *
 * arch_trap_entry: swaps x31 with mscratch. A zero means the monitor itself
 * trapped: that is a bug (or a probe gone wrong), handled by
 * arch_monitor_trap() in C with a full frame on the monitor stack.
 * Otherwise a firmware CSR access the fast path below takes is emulated
 * here; for every other exit all guest registers go to ctx, mepc to
 * ctx->pc, and control goes to arch_vcpu_exited(ctx) in C on a fresh
 * frame at ctx->host_sp.
 */
#include <config.h>
#include <miralis/riscv/encoding.h>
#include <miralis/virt.h>

#define REG(n) (VCTX_REGS_OFF + 8 * (n))
#define PC_OFF VCTX_PC_OFF
#define OPC_SYSTEM 0x73
#define SBI_EXT_TIME 0x54494d45	/* SBI v2.0 §6 */
#define SBI_EXT_RFENCE 0x52464e43	/* SBI v2.0 §8 */
#define MON_FRAME (36 * 8)
#define MRET_BITS 0x30200073	/* INSN_RAW_MRET (decode.h, asserted in arch.c) */

/* val = mstatus as a read shows it: SD summarises dirty FS, VS or XS (3.1.6.6, vcsr_mstatus) */
.macro SD_VIEW val, t1, t2
	slli	\val, \val, 1
	srli	\val, \val, 1		/* SD cleared */
	li	\t1, MSTATUS_FS
	and	\t2, \val, \t1
	beq	\t2, \t1, 7f
	li	\t1, MSTATUS_VS
	and	\t2, \val, \t1
	beq	\t2, \t1, 7f
	li	\t1, MSTATUS_XS
	and	\t2, \val, \t1
	bne	\t2, \t1, 9f
7:	li	\t1, 1
	slli	\t1, \t1, 63		/* MSTATUS_SD */
	or	\val, \val, \t1
9:
.endm

	.section .text
	.globl arch_vcpu_start
	.balign 4
arch_vcpu_start:
	sd	sp, 0(a0)
	/* fall through */
	.globl arch_vcpu_resume
arch_vcpu_resume:
	csrw	mscratch, a0
	ld	t0, PC_OFF(a0)
	csrw	mepc, t0
	ld	x1, REG(1)(a0)
	ld	x2, REG(2)(a0)
	ld	x3, REG(3)(a0)
	ld	x4, REG(4)(a0)
	ld	x5, REG(5)(a0)
	ld	x6, REG(6)(a0)
	ld	x7, REG(7)(a0)
	ld	x8, REG(8)(a0)
	ld	x9, REG(9)(a0)
	ld	x11, REG(11)(a0)
	ld	x12, REG(12)(a0)
	ld	x13, REG(13)(a0)
	ld	x14, REG(14)(a0)
	ld	x15, REG(15)(a0)
	ld	x16, REG(16)(a0)
	ld	x17, REG(17)(a0)
	ld	x18, REG(18)(a0)
	ld	x19, REG(19)(a0)
	ld	x20, REG(20)(a0)
	ld	x21, REG(21)(a0)
	ld	x22, REG(22)(a0)
	ld	x23, REG(23)(a0)
	ld	x24, REG(24)(a0)
	ld	x25, REG(25)(a0)
	ld	x26, REG(26)(a0)
	ld	x27, REG(27)(a0)
	ld	x28, REG(28)(a0)
	ld	x29, REG(29)(a0)
	ld	x30, REG(30)(a0)
	ld	x31, REG(31)(a0)
	ld	x10, REG(10)(a0)
	mret

	.globl arch_trap_entry
	.balign 4
arch_trap_entry:
	csrrw	x31, mscratch, x31
	beqz	x31, .Lmonitor_trap
	/*
	 * CSR fast path (issue 9, the firmware trap): vM-mode's csr* on a CSR
	 * of ctx->fast (vcsr_fast_init: plain vCSRs with their probed WARL
	 * mask and set1, and the reads of mstatus and misa), exactly what
	 * vtrap_handle_fast does for it, without C and with only the
	 * registers it uses saved (FAST_SAVED: t0-t3, t5, a1-a5; the guest's x31
	 * stays in mscratch): count the exit, take FS/VS from the hart,
	 * emulate with the rule, mepc += 4, and return to the guest. The
	 * world needs no preparation: a read, or a write of a CSR no interrupt
	 * or world state depends on (vcsr_irq_neutral), with no PMP/env reload
	 * pending. Anything else goes to C unchanged (.Lslow saves the rest):
	 * nothing is written before the last check but the FS/VS update that
	 * C makes too.
	 */
	sd	x5, REG(5)(x31)
	sd	x6, REG(6)(x31)
	sd	x7, REG(7)(x31)
	sd	x28, REG(28)(x31)
	sd	x30, REG(30)(x31)
	sd	x11, REG(11)(x31)
	sd	x12, REG(12)(x31)
	sd	x13, REG(13)(x31)
	sd	x14, REG(14)(x31)
	sd	x15, REG(15)(x31)
	ld	t0, VCTX_STATE_OFF(x31)
	li	t1, VCTX_STATE_FAST
	bne	t0, t1, .Lpayload
	csrr	t0, mcause
	li	t1, CAUSE_ILLEGAL_INSTRUCTION
	bne	t0, t1, .Lslow
#if CONFIG_MAX_FIRMWARE_EXITS
	/* the budget is reported by count_exit in C */
	ld	t0, VCTX_NB_EXITS_OFF(x31)
	addi	t0, t0, 1
	li	t1, CONFIG_MAX_FIRMWARE_EXITS
	bgeu	t0, t1, .Lslow
#endif
	/* mtval holds the instruction bits: what the hart executed (emul_illegal) */
	csrr	t2, mtval
	andi	t0, t2, 0x7f
	li	t1, OPC_SYSTEM
	bne	t0, t1, .Lslow
	srli	t3, t2, 12
	andi	t3, t3, 3		/* funct3 & 3: 1 csrrw(i), 2 csrrs(i), 3 csrrc(i) */
	beqz	t3, .Lnot_csr		/* funct3 0 or 4: not a CSR access */
	srli	a1, t2, 20		/* the CSR number */
	/* rule = &ctx->fast.rule[index[vcsr_fast_hash(csr)] - 1] */
	srli	t0, a1, 2
	andi	t0, t0, 0x80
	andi	t1, a1, 0x7f
	or	t0, t0, t1
	add	t0, t0, x31
	lbu	t0, VCTX_FAST_INDEX_OFF(t0)
	beqz	t0, .Lslow
	slli	t0, t0, 5
	add	t0, t0, x31
	addi	t0, t0, VCTX_FAST_RULES_OFF - VCSR_FAST_RULE_SIZE
	lhu	t1, VCSR_FAST_RULE_CSR(t0)
	bne	t1, a1, .Lslow
	/* csrrw(i) always writes, csrrs/c(i) unless the source field is 0 (Zicsr 9.1) */
	srli	t5, t2, 15
	andi	t5, t5, 31		/* rs1 or uimm */
	li	a2, 1
	beq	t3, a2, 1f
	beqz	t5, .Lsrc_done		/* a read: no source */
1:	lbu	a2, VCSR_FAST_RULE_WRITABLE(t0)
	bnez	a2, 2f
	lbu	a2, VCSR_FAST_RULE_SAME(t0)	/* .Lsame decides once it has the value */
	beqz	a2, .Lslow
2:	/* the source: uimm, or the guest's rs1 wherever it is now */
	mv	a1, t5
	srli	a2, t2, 14
	andi	a2, a2, 1		/* funct3 bit 2: the immediate forms */
	bnez	a2, .Lsrc_done
	la	t1, .Lsrc_table
	slli	a2, t5, 3
	add	t1, t1, a2
	jr	t1
.Lsrc_done:
	/*
	 * The hart marks FS/VS dirty as the firmware uses them (firmware_fs_vs):
	 * copied into the vCSR for the one rule that reads them (mstatus's
	 * view), as every exit handled in C copies them first (issue 9: 6 per
	 * exit of the other CSRs)
	 */
	lbu	a2, VCSR_FAST_RULE_SD_VIEW(t0)
	beqz	a2, 1f
	csrr	a2, mstatus
	li	a5, MSTATUS_FS | MSTATUS_VS
	and	a2, a2, a5
	ld	a4, VCTX_MSTATUS_OFF(x31)
	not	a5, a5
	and	a4, a4, a5
	or	a4, a4, a2
	sd	a4, VCTX_MSTATUS_OFF(x31)
1:	lhu	a3, VCSR_FAST_RULE_FIELD(t0)
	add	a3, a3, x31
	ld	a4, 0(a3)		/* old */
	li	a2, 1
	beq	t3, a2, 2f
	bnez	t5, 2f
	/* a read: the read ORs in set1 (vcsr_read) */
	ld	a5, VCSR_FAST_RULE_SET1(t0)
	or	a5, a5, a4
	lbu	a2, VCSR_FAST_RULE_SD_VIEW(t0)
	beqz	a2, 5f
	SD_VIEW	a4, a2, a1
	j	5f
2:	lbu	a2, VCSR_FAST_RULE_WRITABLE(t0)
	beqz	a2, .Lsame
	li	a2, 2
	blt	t3, a2, 4f		/* csrrw: nv = src */
	beq	t3, a2, 3f
	not	a1, a1			/* csrrc: nv = old & ~src */
	and	a1, a1, a4
	j	4f
3:	or	a1, a1, a4		/* csrrs: nv = old | src */
4:	/* hw_warl: (old & ~(wmask | set1)) | set1 | (nv & wmask) */
	ld	a2, VCSR_FAST_RULE_WMASK(t0)
	ld	t3, VCSR_FAST_RULE_SET1(t0)	/* funct3 no longer needed */
	or	a5, a2, t3
	not	a5, a5
	and	a5, a5, a4
	or	a5, a5, t3
	and	a1, a1, a2
	or	a5, a5, a1
5:	sd	a5, 0(a3)
6:	ld	a2, VCTX_NB_EXITS_OFF(x31)
	addi	a2, a2, 1
	sd	a2, VCTX_NB_EXITS_OFF(x31)
	csrr	a2, mepc
	addi	a2, a2, 4
	csrw	mepc, a2
	/* rd = old, wherever the guest's rd is now; x0 is not written */
	srli	a2, t2, 7
	andi	a2, a2, 31
	beqz	a2, .Lrd_done
	la	t1, .Lrd_table
	slli	a2, a2, 3
	add	t1, t1, a2
	jr	t1
	/*
	 * A write of a rule's CSR that is not writable here but keeps its
	 * value when written with what a read returns (rule.same: mstatus,
	 * vcsr_fast_init): if the value written is the one a read returns
	 * (the view, SD folded in), nothing changes and it is a read;
	 * otherwise C. a1 = the source, a4 = the field.
	 */
.Lsame:
	SD_VIEW	a4, a2, a5
	mv	a5, a1			/* csrrw: nv = src */
	li	a2, 2
	blt	t3, a2, 8f
	or	a5, a1, a4		/* csrrs: nv = old | src */
	beq	t3, a2, 8f
	not	a5, a1			/* csrrc: nv = old & ~src */
	and	a5, a5, a4
8:	bne	a5, a4, .Lslow
	j	6b

	/* mret (its one encoding, as emul_illegal matches it), every switch to the payload */
.Lnot_csr:
	lbu	t1, VCTX_LIGHT_OFF(x31)
	beqz	t1, .Lslow
	li	t1, MRET_BITS
	beq	t2, t1, .Llight
	j	.Lslow

	/*
	 * The payload's exits of ctx->fast_payload (module_fast_init: the one
	 * module that sees payload exits, src/policy/offload.c, answers them
	 * so): what vtrap_handle does for them, for an S-mode ecall to the SBI
	 * set_timer with Sstc on, a csrr of time that trapped, and the
	 * remote_fence_i of a one-hart monitor's only hart. Count the
	 * exit, record the mode and the payload's mstatus fields from the trap
	 * (world_sync_payload_mstatus), answer, pc += 4. Neither changes
	 * what the interrupt check or world_prepare_run look at (mode S or U,
	 * mie, mideleg, mip but STIP: a timer interrupt Sstc raises is pending
	 * physically and enabled as the guest runs again, so it traps then).
	 */
.Lpayload:
	lbu	t2, VCTX_FAST_PAYLOAD_OFF(x31)
	beqz	t2, .Lpayload_light
	srli	t1, t0, 40		/* pmp_dirty, env_dirty, done: none set */
	bnez	t1, .Lslow
	slli	t1, t0, 32
	srli	t1, t1, 32
	li	t3, PRV_M
	beq	t1, t3, .Lslow		/* the firmware's world */
#if CONFIG_MAX_FIRMWARE_EXITS
	ld	t0, VCTX_NB_EXITS_OFF(x31)
	addi	t0, t0, 1
	li	t1, CONFIG_MAX_FIRMWARE_EXITS
	bgeu	t0, t1, .Lslow
#endif
	csrr	a1, mstatus
	csrr	t0, mcause
	li	t1, CAUSE_SUPERVISOR_ECALL
	beq	t0, t1, .Lset_timer
	li	t1, CAUSE_ILLEGAL_INSTRUCTION
	bne	t0, t1, .Lslow
	/* offload's read_time: csrrs/csrrc rd, time, x0 or csrrsi/csrrci rd, time, 0 */
	andi	t1, t2, VCTX_FAST_RDTIME
	beqz	t1, .Lslow
	li	t1, MSTATUS_MPV
	and	t1, a1, t1
	bnez	t1, .Lslow		/* from VS/VU: not this module's */
	csrr	t2, mtval
	andi	t0, t2, 0x7f
	li	t1, OPC_SYSTEM
	bne	t0, t1, .Lslow
	srli	t3, t2, 20
	li	t1, CSR_TIME
	bne	t3, t1, .Lslow
	srli	t3, t2, 12
	andi	t3, t3, 3
	li	t1, 2
	blt	t3, t1, .Lslow		/* funct3 & 3 is 2 or 3: set or clear */
	srli	t5, t2, 15
	andi	t5, t5, 31
	bnez	t5, .Lslow		/* with x0 / uimm 0: a pure read */
	ld	a3, VCTX_MTIME_ADDR_OFF(x31)
	ld	a4, 0(a3)		/* vclint_mtime */
	jal	t0, .Lpayload_sync
	srli	a2, t2, 7
	andi	a2, a2, 31
	la	t1, .Lrd_table
	slli	a2, a2, 3
	add	t1, t1, a2
	jr	t1

	/* offload's set_timer with Sstc: a7 = TIME, a6 = set_timer, a0 = stime (still in x10/x16/x17) */
.Lset_timer:
	bnez	x16, .Lslow		/* set_timer and remote_fence_i are both function 0 */
	li	t1, SBI_EXT_RFENCE
	beq	x17, t1, .Lfence_i
	andi	t1, t2, VCTX_FAST_SET_TIMER
	beqz	t1, .Lslow
	li	t1, SBI_EXT_TIME
	bne	x17, t1, .Lslow
	csrr	t1, CSR_MENVCFG
	bgez	t1, .Lslow		/* STCE (bit 63) clear: the virtual CLINT's, in C */
	csrw	CSR_STIMECMP, x10
	li	x10, 0			/* a0 = SBI_SUCCESS, a1 = 0 */
	sd	zero, REG(11)(x31)
	jal	t0, .Lpayload_sync
	j	.Lrd_done

	/* offload's remote_fence_i of the only hart: a0 = hart mask, a1 = its base (x10, REG(11)) */
.Lfence_i:
	andi	t1, t2, VCTX_FAST_FENCE_I
	beqz	t1, .Lslow
	ld	t1, REG(11)(x31)
	addi	t3, t1, 1
	beqz	t3, 1f			/* base -1: every hart */
	bnez	t1, .Lslow
	li	t3, 1
	bne	x10, t3, .Lslow		/* base 0: exactly hart 0 */
1:	fence.i
	li	x10, 0			/* a0 = SBI_SUCCESS, a1 = 0 */
	sd	zero, REG(11)(x31)
	jal	t0, .Lpayload_sync
	j	.Lrd_done

	/* a1 = the trap's mstatus: mode, V = 0, payload fields; count; mepc += 4; returns to t0 */
.Lpayload_sync:
	srli	a2, a1, MSTATUS_MPP_SHIFT
	andi	a2, a2, 3
	sw	a2, VCTX_STATE_OFF(x31)
	sb	zero, VCTX_VIRT_OFF(x31)
	li	a2, MSTATUS_PAYLOAD_FIELDS
	and	a1, a1, a2
	ld	a5, VCTX_MSTATUS_OFF(x31)
	not	a2, a2
	and	a5, a5, a2
	or	a5, a5, a1
	sd	a5, VCTX_MSTATUS_OFF(x31)
	ld	a2, VCTX_NB_EXITS_OFF(x31)
	addi	a2, a2, 1
	sd	a2, VCTX_NB_EXITS_OFF(x31)
	csrr	a2, mepc
	addi	a2, a2, 4
	csrw	mepc, a2
	jr	t0

.Lrd_done:
	ld	x5, REG(5)(x31)
	ld	x6, REG(6)(x31)
	ld	x7, REG(7)(x31)
	ld	x28, REG(28)(x31)
	ld	x30, REG(30)(x31)
	ld	x11, REG(11)(x31)
	ld	x12, REG(12)(x31)
	ld	x13, REG(13)(x31)
	ld	x14, REG(14)(x31)
	ld	x15, REG(15)(x31)
	csrrw	x31, mscratch, x31	/* mscratch = ctx again, x31 = the guest's */
	mret

	/* x<n> to a1, and a4 to x<n>: 8 bytes per register */
	/* aligned while RVC is still on: with linker relaxation the assembler must
	 * reserve align-2 bytes of nops (R_RISCV_ALIGN), which norvc cannot do */
	.balign 8
	.option push
	.option norvc
.Lsrc_table:
	li	a1, 0
	j	.Lsrc_done
	mv	a1, x1
	j	.Lsrc_done
	mv	a1, x2
	j	.Lsrc_done
	mv	a1, x3
	j	.Lsrc_done
	mv	a1, x4
	j	.Lsrc_done
	ld	a1, REG(5)(x31)
	j	.Lsrc_done
	ld	a1, REG(6)(x31)
	j	.Lsrc_done
	ld	a1, REG(7)(x31)
	j	.Lsrc_done
	mv	a1, x8
	j	.Lsrc_done
	mv	a1, x9
	j	.Lsrc_done
	mv	a1, x10
	j	.Lsrc_done
	ld	a1, REG(11)(x31)
	j	.Lsrc_done
	ld	a1, REG(12)(x31)
	j	.Lsrc_done
	ld	a1, REG(13)(x31)
	j	.Lsrc_done
	ld	a1, REG(14)(x31)
	j	.Lsrc_done
	ld	a1, REG(15)(x31)
	j	.Lsrc_done
	mv	a1, x16
	j	.Lsrc_done
	mv	a1, x17
	j	.Lsrc_done
	mv	a1, x18
	j	.Lsrc_done
	mv	a1, x19
	j	.Lsrc_done
	mv	a1, x20
	j	.Lsrc_done
	mv	a1, x21
	j	.Lsrc_done
	mv	a1, x22
	j	.Lsrc_done
	mv	a1, x23
	j	.Lsrc_done
	mv	a1, x24
	j	.Lsrc_done
	mv	a1, x25
	j	.Lsrc_done
	mv	a1, x26
	j	.Lsrc_done
	mv	a1, x27
	j	.Lsrc_done
	ld	a1, REG(28)(x31)
	j	.Lsrc_done
	mv	a1, x29
	j	.Lsrc_done
	ld	a1, REG(30)(x31)
	j	.Lsrc_done
	csrr	a1, mscratch
	j	.Lsrc_done
.Lrd_table:
	nop
	j	.Lrd_done
	mv	x1, a4
	j	.Lrd_done
	mv	x2, a4
	j	.Lrd_done
	mv	x3, a4
	j	.Lrd_done
	mv	x4, a4
	j	.Lrd_done
	sd	a4, REG(5)(x31)
	j	.Lrd_done
	sd	a4, REG(6)(x31)
	j	.Lrd_done
	sd	a4, REG(7)(x31)
	j	.Lrd_done
	mv	x8, a4
	j	.Lrd_done
	mv	x9, a4
	j	.Lrd_done
	mv	x10, a4
	j	.Lrd_done
	sd	a4, REG(11)(x31)
	j	.Lrd_done
	sd	a4, REG(12)(x31)
	j	.Lrd_done
	sd	a4, REG(13)(x31)
	j	.Lrd_done
	sd	a4, REG(14)(x31)
	j	.Lrd_done
	sd	a4, REG(15)(x31)
	j	.Lrd_done
	mv	x16, a4
	j	.Lrd_done
	mv	x17, a4
	j	.Lrd_done
	mv	x18, a4
	j	.Lrd_done
	mv	x19, a4
	j	.Lrd_done
	mv	x20, a4
	j	.Lrd_done
	mv	x21, a4
	j	.Lrd_done
	mv	x22, a4
	j	.Lrd_done
	mv	x23, a4
	j	.Lrd_done
	mv	x24, a4
	j	.Lrd_done
	mv	x25, a4
	j	.Lrd_done
	mv	x26, a4
	j	.Lrd_done
	mv	x27, a4
	j	.Lrd_done
	sd	a4, REG(28)(x31)
	j	.Lrd_done
	mv	x29, a4
	j	.Lrd_done
	sd	a4, REG(30)(x31)
	j	.Lrd_done
	csrw	mscratch, a4
	j	.Lrd_done
	.option pop

	/* the payload's S-mode ecall (an SBI call), the other switch */
.Lpayload_light:
	lbu	t1, VCTX_LIGHT_OFF(x31)
	beqz	t1, .Lslow
	slli	t1, t0, 32
	srli	t1, t1, 32
	li	t3, PRV_M
	beq	t1, t3, .Lslow		/* the firmware's world */
	csrr	t1, mcause
	li	t3, CAUSE_SUPERVISOR_ECALL
	bne	t1, t3, .Lslow
	/*
	 * A light exit (ctx->light: no module, so C reads and writes no guest
	 * register but a0-a7 for these two exits: vtrap_handle's dispatch, the
	 * monitor ABI, the world switch). C preserves s0-s11, and gp and tp,
	 * which it never uses: they stay live in the hart, unsaved (their
	 * slots in ctx->regs are those of the last full exit). Saved besides
	 * the fast path's: ra, sp, a0, a6, a7, x31, pc; arch_vcpu_light
	 * returns ctx, and they are reloaded as arch_vcpu_resume would
	 * (issue 9: 14 stores and 14 loads fewer per world switch exit).
	 */
.Llight:
	sd	x29, REG(29)(x31)
	sd	x1, REG(1)(x31)
	sd	x2, REG(2)(x31)
	sd	x10, REG(10)(x31)
	sd	x16, REG(16)(x31)
	sd	x17, REG(17)(x31)
	csrrw	t0, mscratch, zero
	sd	t0, REG(31)(x31)
	csrr	t0, mepc
	sd	t0, PC_OFF(x31)
	ld	sp, 0(x31)
	mv	a0, x31
	call	arch_vcpu_light
	mv	x31, a0
	ld	t0, PC_OFF(x31)
	csrw	mepc, t0
	ld	t0, REG(31)(x31)
	csrw	mscratch, t0		/* .Lrd_done swaps it with ctx */
	ld	x1, REG(1)(x31)
	ld	x2, REG(2)(x31)
	ld	x10, REG(10)(x31)
	ld	x16, REG(16)(x31)
	ld	x17, REG(17)(x31)
	ld	x29, REG(29)(x31)
	j	.Lrd_done

.Lslow:
	sd	x29, REG(29)(x31)
	sd	x1, REG(1)(x31)
	sd	x2, REG(2)(x31)
	sd	x3, REG(3)(x31)
	sd	x4, REG(4)(x31)
	sd	x8, REG(8)(x31)
	sd	x9, REG(9)(x31)
	sd	x10, REG(10)(x31)
	sd	x16, REG(16)(x31)
	sd	x17, REG(17)(x31)
	sd	x18, REG(18)(x31)
	sd	x19, REG(19)(x31)
	sd	x20, REG(20)(x31)
	sd	x21, REG(21)(x31)
	sd	x22, REG(22)(x31)
	sd	x23, REG(23)(x31)
	sd	x24, REG(24)(x31)
	sd	x25, REG(25)(x31)
	sd	x26, REG(26)(x31)
	sd	x27, REG(27)(x31)
	csrrw	t0, mscratch, zero
	sd	t0, REG(31)(x31)
	csrr	t0, mepc
	sd	t0, PC_OFF(x31)
	ld	sp, 0(x31)
	mv	a0, x31
	call	arch_vcpu_exited
	/* arch_vcpu_exited does not return */
1:	wfi
	j	1b

	/* The monitor trapped: build a frame {x0..x31, mepc, mcause, mtval, mstatus} */
.Lmonitor_trap:
	csrrw	x31, mscratch, x31
	addi	sp, sp, -MON_FRAME
	sd	x1, 8(sp)
	sd	x3, 24(sp)
	sd	x4, 32(sp)
	sd	x5, 40(sp)
	sd	x6, 48(sp)
	sd	x7, 56(sp)
	sd	x8, 64(sp)
	sd	x9, 72(sp)
	sd	x10, 80(sp)
	sd	x11, 88(sp)
	sd	x12, 96(sp)
	sd	x13, 104(sp)
	sd	x14, 112(sp)
	sd	x15, 120(sp)
	sd	x16, 128(sp)
	sd	x17, 136(sp)
	sd	x18, 144(sp)
	sd	x19, 152(sp)
	sd	x20, 160(sp)
	sd	x21, 168(sp)
	sd	x22, 176(sp)
	sd	x23, 184(sp)
	sd	x24, 192(sp)
	sd	x25, 200(sp)
	sd	x26, 208(sp)
	sd	x27, 216(sp)
	sd	x28, 224(sp)
	sd	x29, 232(sp)
	sd	x30, 240(sp)
	sd	x31, 248(sp)
	addi	t0, sp, MON_FRAME
	sd	t0, 16(sp)
	csrr	t0, mepc
	sd	t0, 256(sp)
	csrr	t0, mcause
	sd	t0, 264(sp)
	csrr	t0, mtval
	sd	t0, 272(sp)
	csrr	t0, mstatus
	sd	t0, 280(sp)
	mv	a0, sp
	call	arch_monitor_trap
	/* arch_monitor_trap does not return */
1:	wfi
	j	1b

/*
 * Fault-catching handler used while the monitor probes CSRs or accesses
 * memory on behalf of a guest (arch.c): records mcause in t6, skips the
 * 4-byte faulting instruction and returns to M-mode. Callers install it
 * in mtvec around a single instruction assembled with .option norvc.
 */
	.globl arch_catch_trap
	.balign 4
arch_catch_trap:
	csrr	t6, mcause
	csrr	t5, mepc
	addi	t5, t5, 4
	csrw	mepc, t5
	mret
