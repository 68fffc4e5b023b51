/* Layout of the trap frame shared by trap.S, lower.S and C (struct trap_frame).
 * Kept as plain numbers so the assembly can use them; trap.c asserts that the
 * C struct matches. */
#ifndef FW_FRAME_H
#define FW_FRAME_H

#define FRAME_X(n)	((n) * 8)	/* x0..x31; x0 slot unused */
#define FRAME_MEPC	(32 * 8)
#define FRAME_MCAUSE	(33 * 8)
#define FRAME_MTVAL	(34 * 8)
#define FRAME_MSTATUS	(35 * 8)
#define FRAME_SIZE	(36 * 8)	/* 288: keeps sp 16-byte aligned (psABI) */

/* struct lower_ctx (fw.h): a trap frame, then pc, then mode */
#define LCTX_PC		FRAME_SIZE
#define LCTX_MODE	(FRAME_SIZE + 8)

#define FW_MAX_HARTS	8
#define FW_STACK_SIZE	0x4000

#ifdef __ASSEMBLER__
/* Store/load x1 and x3..x31 relative to \base (which must not be in the set
 * while loading: callers load their base register last). */
.macro SAVE_GPRS_EXCEPT_SP base
	.irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd x\n, FRAME_X(\n)(\base)
	.endr
.endm
#endif

#endif /* FW_FRAME_H */
