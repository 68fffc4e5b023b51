/*
 * Trap-and-emulate (src/virt/emul.c, trap.c): the privileged instructions
 * the firmware executes in vM-mode, exception and interrupt delivery into
 * vM-mode (priv. spec 3.1.6.1, 3.1.9, 3.1.14-3.1.17, 3.3.2) and the
 * payload's traps that switch the world back to the firmware. Pending
 * interrupts live in the physical mip (host_csr_set_raw(CSR_MIP, ...)).
 */
#include <miralis/abi.h>
#include <miralis/arch.h>
#include <miralis/decode.h>
#include <miralis/emul.h>
#include <miralis/riscv/encoding.h>
#include <miralis/vclint.h>
#include <miralis/vcsr.h>
#include <miralis/virt.h>

#include "check.h"
#include "host.h"
#include "vhart.h"

#define PC 0x80200100UL
#define VEC 0x80201000UL
#define PAYLOAD 0x80400000UL
#define S_INTS (MIP_SSIP | MIP_STIP | MIP_SEIP | MIP_LCOFIP)
#define ALL_MS (MIP_MEIP | MIP_MSIP | MIP_MTIP | MIP_SEIP | MIP_SSIP | MIP_STIP)
#define SV39 (8ULL << 60 | 0x80123ULL)

static uint64_t vread(struct vctx *c, unsigned csr)
{
	uint64_t v = 0xbad;

	CHECK_EQ(vcsr_read(c, csr, &v), 0);
	return v;
}

static void vwrite(struct vctx *c, unsigned csr, uint64_t v)
{
	CHECK_EQ(vcsr_write(c, csr, v), 0);
}

static unsigned vmpp(struct vctx *c)
{
	return (unsigned)((vread(c, CSR_MSTATUS) & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
}

/* Boot, put the firmware at PC with its trap vector at VEC (direct). */
static void boot(struct vhart *h)
{
	vhart_boot(h, 0);
	h->ctx.pc = PC;
	vwrite(&h->ctx, CSR_MTVEC, VEC);
}

/* Decode raw and hand it to the emulator as vM-mode executed it. */
static bool emul(struct vctx *c, uint32_t raw)
{
	struct insn in;

	CHECK(decode(raw, &in));
	return emul_priv(c, &in, raw);
}

/* The firmware executes raw: an illegal-instruction trap from U-mode. */
static enum exit_result fw_trap(struct vctx *c, uint64_t cause, uint64_t tval)
{
	c->trap = (struct trap_info){ .mcause = cause, .mepc = c->pc, .mtval = tval };
	return vtrap_handle(c);
}

/* ---- Zicsr ---- */

TEST(emul_csrrw_reads_old_then_writes_rs1)
{
	struct vhart h;

	boot(&h);
	vwrite(&h.ctx, CSR_MSCRATCH, 0x55);
	h.ctx.regs[6] = 0x1234;
	CHECK(emul(&h.ctx, ENC_CSRRW(5, CSR_MSCRATCH, 6)));
	CHECK_EQ(h.ctx.regs[5], 0x55);
	CHECK_EQ(vread(&h.ctx, CSR_MSCRATCH), 0x1234);
	CHECK_EQ(h.ctx.pc, PC + 4);
	/* rd = rs1: the old value lands in the register after its use */
	CHECK(emul(&h.ctx, ENC_CSRRW(6, CSR_MSCRATCH, 6)));
	CHECK_EQ(h.ctx.regs[6], 0x1234);
	CHECK_EQ(vread(&h.ctx, CSR_MSCRATCH), 0x1234);
	h.ctx.regs[6] = 7;
	CHECK(emul(&h.ctx, ENC_CSRRW(6, CSR_MSCRATCH, 6)));
	CHECK_EQ(h.ctx.regs[6], 0x1234);
	CHECK_EQ(vread(&h.ctx, CSR_MSCRATCH), 7);
	CHECK_EQ(h.ctx.pc, PC + 12);
}

TEST(emul_csrrw_rd_x0_writes_and_keeps_x0_zero)
{
	struct vhart h;

	boot(&h);
	h.ctx.regs[7] = 0x99;
	CHECK(emul(&h.ctx, ENC_CSRRW(0, CSR_MSCRATCH, 7)));
	CHECK_EQ(vread(&h.ctx, CSR_MSCRATCH), 0x99);
	CHECK_EQ(h.ctx.regs[0], 0);
	/* rs1 = x0 writes zero */
	CHECK(emul(&h.ctx, ENC_CSRRW(5, CSR_MSCRATCH, 0)));
	CHECK_EQ(h.ctx.regs[5], 0x99);
	CHECK_EQ(vread(&h.ctx, CSR_MSCRATCH), 0);
}

TEST(emul_csrrs_csrrc_set_and_clear_bits)
{
	struct vhart h;

	boot(&h);
	vwrite(&h.ctx, CSR_MSCRATCH, 0xf0);
	h.ctx.regs[6] = 0x0f;
	CHECK(emul(&h.ctx, ENC_CSRRS(5, CSR_MSCRATCH, 6)));
	CHECK_EQ(h.ctx.regs[5], 0xf0);
	CHECK_EQ(vread(&h.ctx, CSR_MSCRATCH), 0xff);
	h.ctx.regs[6] = 0x11;
	CHECK(emul(&h.ctx, ENC_CSRRC(5, CSR_MSCRATCH, 6)));
	CHECK_EQ(h.ctx.regs[5], 0xff);
	CHECK_EQ(vread(&h.ctx, CSR_MSCRATCH), 0xee);
	/* rs1 = x0: a pure read */
	CHECK(emul(&h.ctx, ENC_CSRRS(8, CSR_MSCRATCH, 0)));
	CHECK(emul(&h.ctx, ENC_CSRRC(9, CSR_MSCRATCH, 0)));
	CHECK_EQ(h.ctx.regs[8], 0xee);
	CHECK_EQ(h.ctx.regs[9], 0xee);
	CHECK_EQ(vread(&h.ctx, CSR_MSCRATCH), 0xee);
	CHECK_EQ(h.ctx.pc, PC + 16);
}

TEST(emul_csr_immediate_forms_zero_extend_uimm)
{
	struct vhart h;

	boot(&h);
	CHECK(emul(&h.ctx, ENC_CSRRWI(5, CSR_MSCRATCH, 31)));
	CHECK_EQ(h.ctx.regs[5], 0);
	CHECK_EQ(vread(&h.ctx, CSR_MSCRATCH), 31);
	CHECK(emul(&h.ctx, ENC_CSRRCI(5, CSR_MSCRATCH, 0x11)));
	CHECK_EQ(h.ctx.regs[5], 31);
	CHECK_EQ(vread(&h.ctx, CSR_MSCRATCH), 0x0e);
	CHECK(emul(&h.ctx, ENC_CSRRSI(5, CSR_MSCRATCH, 0x10)));
	CHECK_EQ(h.ctx.regs[5], 0x0e);
	CHECK_EQ(vread(&h.ctx, CSR_MSCRATCH), 0x1e);
	CHECK_EQ(h.ctx.pc, PC + 12);
}

TEST(emul_read_only_csr_can_be_read_but_any_write_attempt_is_illegal)
{
	struct vhart h;

	host_set_hart_id(0);
	boot(&h);
	h.ctx.regs[6] = 0;	/* a register holding zero still means a write */
	h.ctx.regs[5] = 0x77;
	CHECK(emul(&h.ctx, ENC_CSRRS(5, CSR_MHARTID, 0)));
	CHECK_EQ(h.ctx.regs[5], 0);
	CHECK(emul(&h.ctx, ENC_CSRRSI(5, CSR_MARCHID, 0)));
	CHECK_EQ(h.ctx.regs[5], HOST_MARCHID);
	CHECK(emul(&h.ctx, ENC_CSRRCI(5, CSR_CYCLE, 0)));
	CHECK_EQ(h.ctx.pc, PC + 12);

	h.ctx.regs[5] = 0x77;
	CHECK(!emul(&h.ctx, ENC_CSRRS(5, CSR_MHARTID, 6)));
	CHECK(!emul(&h.ctx, ENC_CSRRC(5, CSR_MHARTID, 6)));
	CHECK(!emul(&h.ctx, ENC_CSRRW(0, CSR_MHARTID, 0)));
	CHECK(!emul(&h.ctx, ENC_CSRRWI(0, CSR_MARCHID, 0)));
	CHECK(!emul(&h.ctx, ENC_CSRRSI(5, CSR_TIME, 1)));
	/* nothing happened: rd and pc unchanged */
	CHECK_EQ(h.ctx.regs[5], 0x77);
	CHECK_EQ(h.ctx.pc, PC + 12);
}

TEST(emul_unknown_csr_is_not_emulated)
{
	struct vhart h;

	boot(&h);
	h.ctx.regs[5] = 0x77;
	CHECK(!emul(&h.ctx, ENC_CSRRS(5, 0x7c0, 0)));
	CHECK(!emul(&h.ctx, ENC_CSRRW(5, CSR_PMPCFG0 + 1, 0)));
	CHECK_EQ(h.ctx.regs[5], 0x77);
	CHECK_EQ(h.ctx.pc, PC);
}

/*
 * The original added 4 to the pc after injecting the illegal instruction
 * (spec §2.2, risk 1): the handler must see mepc = the faulting pc and
 * start at mtvec itself.
 */
TEST(trap_unknown_csr_injects_illegal_instruction_at_the_same_pc)
{
	struct vhart h;
	uint32_t raw = ENC_CSRRS(5, 0x7c0, 0);

	boot(&h);
	h.ctx.regs[5] = 0x77;
	vwrite(&h.ctx, CSR_MSTATUS, MSTATUS_MIE);
	CHECK_EQ(fw_trap(&h.ctx, CAUSE_ILLEGAL_INSTRUCTION, raw), EXIT_CONTINUE);
	CHECK_EQ(h.ctx.pc, VEC);
	CHECK_EQ(vread(&h.ctx, CSR_MEPC), PC);
	CHECK_EQ(vread(&h.ctx, CSR_MCAUSE), CAUSE_ILLEGAL_INSTRUCTION);
	CHECK_EQ(vread(&h.ctx, CSR_MTVAL), raw);
	CHECK_EQ(vmpp(&h.ctx), PRV_M);
	CHECK_EQ(vread(&h.ctx, CSR_MSTATUS) & (MSTATUS_MIE | MSTATUS_MPIE), MSTATUS_MPIE);
	CHECK_EQ(h.ctx.regs[5], 0x77);
	CHECK_EQ(h.ctx.mode, PRV_M);
	CHECK_EQ(h.ctx.nb_exits, 1);
}

TEST(trap_illegal_instruction_without_mtval_fetches_the_instruction)
{
	struct vhart h;
	uint8_t *mem;
	uint32_t csrw = ENC_CSRRW(0, CSR_MSCRATCH, 6);

	boot(&h);
	CHECK_EQ(host_mem_map(PC & ~0xfffUL, 0x1000), 0);
	mem = host_mem_ptr(PC, 4);
	for (unsigned i = 0; i < 4; i++)
		mem[i] = (uint8_t)(csrw >> (8 * i));
	h.ctx.regs[6] = 0xabc;
	fw_trap(&h.ctx, CAUSE_ILLEGAL_INSTRUCTION, 0);
	CHECK_EQ(vread(&h.ctx, CSR_MSCRATCH), 0xabc);
	CHECK_EQ(h.ctx.pc, PC + 4);
}

TEST(trap_emulated_csr_write_goes_through_vtrap_handle)
{
	struct vhart h;

	boot(&h);
	h.ctx.regs[6] = 0x42;
	fw_trap(&h.ctx, CAUSE_ILLEGAL_INSTRUCTION, ENC_CSRRW(5, CSR_MSCRATCH, 6));
	CHECK_EQ(vread(&h.ctx, CSR_MSCRATCH), 0x42);
	CHECK_EQ(h.ctx.pc, PC + 4);
	CHECK_EQ(h.ctx.mode, PRV_M);
	/* nothing reached the firmware's trap state */
	CHECK_EQ(vread(&h.ctx, CSR_MCAUSE), 0);
}

/* ---- mret / sret ---- */

TEST(emul_mret_to_m_restores_mie_and_keeps_mprv)
{
	struct vhart h;

	boot(&h);
	vwrite(&h.ctx, CSR_MEPC, 0x80200800);
	vwrite(&h.ctx, CSR_MEDELEG, BIT(CAUSE_USER_ECALL));
	vwrite(&h.ctx, CSR_MSTATUS, MSTATUS_MPIE | MSTATUS_MPRV | 3ULL << MSTATUS_MPP_SHIFT);
	CHECK(emul(&h.ctx, ENC_MRET));
	CHECK_EQ(h.ctx.mode, PRV_M);
	CHECK_EQ(h.ctx.pc, 0x80200800);
	/* MIE <- MPIE, MPIE <- 1, MPP <- U; MPRV stays when returning to M */
	CHECK_EQ(vread(&h.ctx, CSR_MSTATUS) & (MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MPRV),
		 MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPRV);
	/* no world switch */
	CHECK_EQ(host_csr_get_raw(CSR_MEDELEG), 0);
}

TEST(emul_mret_with_mpie_clear_leaves_mie_clear)
{
	struct vhart h;

	boot(&h);
	vwrite(&h.ctx, CSR_MSTATUS, MSTATUS_MIE | 3ULL << MSTATUS_MPP_SHIFT);
	CHECK(emul(&h.ctx, ENC_MRET));
	CHECK_EQ(vread(&h.ctx, CSR_MSTATUS) & (MSTATUS_MIE | MSTATUS_MPIE), MSTATUS_MPIE);
}

TEST(emul_mret_to_s_clears_mprv_and_enters_the_payload)
{
	struct vhart h;

	boot(&h);
	vwrite(&h.ctx, CSR_MEPC, PAYLOAD);
	vwrite(&h.ctx, CSR_MEDELEG, BIT(CAUSE_USER_ECALL) | BIT(CAUSE_LOAD_PAGE_FAULT));
	vwrite(&h.ctx, CSR_MIDELEG, S_INTS);
	vwrite(&h.ctx, CSR_SATP, SV39);
	vwrite(&h.ctx, CSR_STVEC, 0x80400100);
	vwrite(&h.ctx, CSR_MSTATUS, MSTATUS_MPRV | 1ULL << MSTATUS_MPP_SHIFT);
	CHECK(emul(&h.ctx, ENC_MRET));
	CHECK_EQ(h.ctx.mode, PRV_S);
	CHECK(!h.ctx.virt);
	CHECK_EQ(h.ctx.pc, PAYLOAD);
	CHECK_EQ(vread(&h.ctx, CSR_MSTATUS) & (MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MPRV),
		 MSTATUS_MPIE);
	/* the payload's delegation and translation are physical now */
	CHECK_EQ(host_csr_get_raw(CSR_MEDELEG), BIT(CAUSE_USER_ECALL) | BIT(CAUSE_LOAD_PAGE_FAULT));
	CHECK_EQ(host_csr_get_raw(CSR_MIDELEG) & S_INTS, S_INTS);
	CHECK_EQ(host_csr_get_raw(CSR_SATP), SV39);
	CHECK_EQ(host_csr_get_raw(CSR_STVEC), 0x80400100);
}

TEST(emul_mret_to_u_enters_the_payload_in_u)
{
	struct vhart h;

	boot(&h);
	vwrite(&h.ctx, CSR_MEPC, PAYLOAD);
	vwrite(&h.ctx, CSR_MSTATUS, MSTATUS_MPRV);	/* MPP = U */
	CHECK(emul(&h.ctx, ENC_MRET));
	CHECK_EQ(h.ctx.mode, PRV_U);
	CHECK_EQ(h.ctx.pc, PAYLOAD);
	CHECK_EQ(vread(&h.ctx, CSR_MSTATUS) & MSTATUS_MPRV, 0);
}

TEST(emul_mret_with_mpv_enters_a_virtualized_payload)
{
	struct vhart h;

	boot(&h);
	vwrite(&h.ctx, CSR_MSTATUS, MSTATUS_MPV | 1ULL << MSTATUS_MPP_SHIFT);
	CHECK(emul(&h.ctx, ENC_MRET));
	CHECK_EQ(h.ctx.mode, PRV_S);
	CHECK(h.ctx.virt);
	CHECK_EQ(vread(&h.ctx, CSR_MSTATUS) & MSTATUS_MPV, 0);
	/* MPV with MPP = M: stays in M, V = 0, MPV cleared */
	boot(&h);
	vwrite(&h.ctx, CSR_MSTATUS, MSTATUS_MPV | 3ULL << MSTATUS_MPP_SHIFT);
	CHECK(emul(&h.ctx, ENC_MRET));
	CHECK_EQ(h.ctx.mode, PRV_M);
	CHECK(!h.ctx.virt);
	CHECK_EQ(vread(&h.ctx, CSR_MSTATUS) & MSTATUS_MPV, 0);
}

TEST(emul_sret_from_vm_mode_returns_to_spp)
{
	struct vhart h;

	boot(&h);
	vwrite(&h.ctx, CSR_SEPC, PAYLOAD + 0x40);
	vwrite(&h.ctx, CSR_MSTATUS, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_MPRV |
				    3ULL << MSTATUS_MPP_SHIFT);
	CHECK(emul(&h.ctx, ENC_SRET));
	CHECK_EQ(h.ctx.mode, PRV_S);
	CHECK_EQ(h.ctx.pc, PAYLOAD + 0x40);
	/* SIE <- SPIE, SPIE <- 1, SPP <- U, MPRV <- 0; M fields untouched */
	CHECK_EQ(vread(&h.ctx, CSR_MSTATUS) & (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP |
						MSTATUS_MPRV | MSTATUS_MPP),
		 MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_MPP);
	CHECK_EQ(host_csr_get_raw(CSR_MEPC), 0);

	boot(&h);
	vwrite(&h.ctx, CSR_SEPC, PAYLOAD);
	vwrite(&h.ctx, CSR_MSTATUS, MSTATUS_SIE);	/* SPP = U, SPIE = 0 */
	CHECK(emul(&h.ctx, ENC_SRET));
	CHECK_EQ(h.ctx.mode, PRV_U);
	CHECK_EQ(vread(&h.ctx, CSR_MSTATUS) & (MSTATUS_SIE | MSTATUS_SPIE), MSTATUS_SPIE);
}

TEST(emul_sret_with_spv_enters_a_virtualized_payload)
{
	struct vhart h;

	boot(&h);
	csr_write(CSR_HSTATUS, HSTATUS_SPV);
	vwrite(&h.ctx, CSR_MSTATUS, MSTATUS_SPP);
	CHECK(emul(&h.ctx, ENC_SRET));
	CHECK(h.ctx.virt);
	CHECK_EQ(csr_read(CSR_HSTATUS) & HSTATUS_SPV, 0);
}

/* ---- exception injection ---- */

TEST(trap_inject_from_m_saves_state_and_enters_mtvec_base)
{
	struct vhart h;

	boot(&h);
	vwrite(&h.ctx, CSR_MTVEC, VEC | MTVEC_VECTORED);
	vwrite(&h.ctx, CSR_MSTATUS, MSTATUS_MIE | MSTATUS_SUM);
	vtrap_inject(&h.ctx, CAUSE_BREAKPOINT, 0x1234);
	CHECK_EQ(h.ctx.mode, PRV_M);
	/* exceptions go to the base even with a vectored mtvec */
	CHECK_EQ(h.ctx.pc, VEC);
	CHECK_EQ(vread(&h.ctx, CSR_MEPC), PC);
	CHECK_EQ(vread(&h.ctx, CSR_MCAUSE), CAUSE_BREAKPOINT);
	CHECK_EQ(vread(&h.ctx, CSR_MTVAL), 0x1234);
	CHECK_EQ(vmpp(&h.ctx), PRV_M);
	CHECK_EQ(vread(&h.ctx, CSR_MSTATUS) & (MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_SUM),
		 MSTATUS_MPIE | MSTATUS_SUM);
	CHECK_EQ(vread(&h.ctx, CSR_MTVAL2), 0);
	CHECK_EQ(vread(&h.ctx, CSR_MTINST), 0);

	/* a second trap with MIE now clear: MPIE <- 0 */
	h.ctx.pc = VEC + 8;
	vtrap_inject(&h.ctx, CAUSE_MISALIGNED_LOAD, 0x3);
	CHECK_EQ(vread(&h.ctx, CSR_MSTATUS) & (MSTATUS_MIE | MSTATUS_MPIE), 0);
	CHECK_EQ(vread(&h.ctx, CSR_MEPC), VEC + 8);
}

TEST(trap_firmware_ecall_is_delivered_as_ecall_from_m)
{
	struct vhart h;

	boot(&h);
	h.ctx.regs[17] = 0x10;	/* an SBI extension, not the monitor's */
	fw_trap(&h.ctx, CAUSE_USER_ECALL, 0);
	CHECK_EQ(vread(&h.ctx, CSR_MCAUSE), CAUSE_MACHINE_ECALL);
	CHECK_EQ(vread(&h.ctx, CSR_MEPC), PC);
	CHECK_EQ(h.ctx.pc, VEC);
}

TEST(trap_firmware_exception_is_delivered_unchanged)
{
	struct vhart h;

	boot(&h);
	fw_trap(&h.ctx, CAUSE_FETCH_ACCESS, 0x90000000);
	CHECK_EQ(vread(&h.ctx, CSR_MCAUSE), CAUSE_FETCH_ACCESS);
	CHECK_EQ(vread(&h.ctx, CSR_MTVAL), 0x90000000);
	CHECK_EQ(vread(&h.ctx, CSR_MEPC), PC);
	CHECK_EQ(h.ctx.pc, VEC);
}

TEST(trap_firmware_abi_success_stops_the_monitor)
{
	struct vhart h;
	jmp_buf env;

	boot(&h);
	h.ctx.regs[17] = ABI_EID;
	h.ctx.regs[16] = ABI_SUCCESS;
	host_catch_halt(&env);
	if (setjmp(env) == 0) {
		fw_trap(&h.ctx, CAUSE_USER_ECALL, 0);
		CHECK(0);	/* not reached */
	}
	CHECK_EQ(host_stats()->exits, 1);
	CHECK_EQ(host_stats()->exit_code, 0);
	CHECK_EQ(vread(&h.ctx, CSR_MCAUSE), 0);
}

/* ---- interrupts ---- */

/* Pending M/S interrupts; the firmware's MSIP is its virtual msip (vclint.h). */
static void set_pending(uint64_t mip)
{
	host_csr_set_raw(CSR_MIP, mip & ~MIP_MSIP);
	vclint_set_msip(0, 0, mip & MIP_MSIP);
}

TEST(trap_interrupt_priority_is_mei_msi_mti_sei_ssi_sti)
{
	static const unsigned order[] = {
		IRQ_M_EXT, IRQ_M_SOFT, IRQ_M_TIMER, IRQ_S_EXT, IRQ_S_SOFT, IRQ_S_TIMER,
	};
	struct vhart h;
	uint64_t pending = ALL_MS;

	boot(&h);
	vwrite(&h.ctx, CSR_MIE, ALL_MS);
	for (unsigned i = 0; i < 6; i++) {
		set_pending(pending);
		vwrite(&h.ctx, CSR_MSTATUS, MSTATUS_MIE);
		h.ctx.pc = PC;
		CHECK(vtrap_check_interrupts(&h.ctx));
		CHECK_EQ(vread(&h.ctx, CSR_MCAUSE), MCAUSE_INTERRUPT | order[i]);
		CHECK_EQ(vread(&h.ctx, CSR_MEPC), PC);
		CHECK_EQ(vread(&h.ctx, CSR_MTVAL), 0);
		CHECK_EQ(h.ctx.pc, VEC);
		pending &= ~BIT(order[i]);
	}
	set_pending(0);
	vwrite(&h.ctx, CSR_MSTATUS, MSTATUS_MIE);
	CHECK(!vtrap_check_interrupts(&h.ctx));
}

TEST(trap_interrupts_use_the_vectored_mtvec)
{
	struct vhart h;

	boot(&h);
	vwrite(&h.ctx, CSR_MTVEC, VEC | MTVEC_VECTORED);
	vwrite(&h.ctx, CSR_MIE, MIP_MTIP);
	vwrite(&h.ctx, CSR_MSTATUS, MSTATUS_MIE);
	host_csr_set_raw(CSR_MIP, MIP_MTIP);
	CHECK(vtrap_check_interrupts(&h.ctx));
	CHECK_EQ(h.ctx.pc, VEC + 4 * IRQ_M_TIMER);
	CHECK_EQ(vread(&h.ctx, CSR_MSTATUS) & (MSTATUS_MIE | MSTATUS_MPIE), MSTATUS_MPIE);
	CHECK_EQ(vmpp(&h.ctx), PRV_M);
}

TEST(trap_interrupts_in_m_wait_for_mie)
{
	struct vhart h;

	boot(&h);
	vwrite(&h.ctx, CSR_MIE, ALL_MS);
	set_pending(ALL_MS);
	CHECK(!vtrap_check_interrupts(&h.ctx));
	CHECK_EQ(h.ctx.pc, PC);
	CHECK_EQ(vread(&h.ctx, CSR_MCAUSE), 0);
	/* enabled in mie is required too */
	vwrite(&h.ctx, CSR_MIE, 0);
	vwrite(&h.ctx, CSR_MSTATUS, MSTATUS_MIE);
	CHECK(!vtrap_check_interrupts(&h.ctx));
	CHECK_EQ(h.ctx.pc, PC);
	set_pending(0);
}

TEST(trap_delegated_interrupts_are_not_taken_by_vm_mode)
{
	struct vhart h;

	boot(&h);
	vwrite(&h.ctx, CSR_MIE, S_INTS | MIP_MTIP);
	vwrite(&h.ctx, CSR_MIDELEG, S_INTS);
	vwrite(&h.ctx, CSR_MSTATUS, MSTATUS_MIE);
	host_csr_set_raw(CSR_MIP, MIP_SEIP | MIP_SSIP | MIP_STIP);
	CHECK(!vtrap_check_interrupts(&h.ctx));
	CHECK_EQ(h.ctx.pc, PC);
	/* an undelegated one behind them still comes */
	host_csr_set_raw(CSR_MIP, MIP_SEIP | MIP_MTIP);
	CHECK(vtrap_check_interrupts(&h.ctx));
	CHECK_EQ(vread(&h.ctx, CSR_MCAUSE), MCAUSE_INTERRUPT | IRQ_M_TIMER);
}

/* Below M, M-level interrupts are enabled whatever vmstatus.MIE says. */
TEST(trap_interrupts_below_m_ignore_mie_and_switch_world)
{
	struct vhart h;

	boot(&h);
	vwrite(&h.ctx, CSR_MEPC, PAYLOAD);
	vwrite(&h.ctx, CSR_MIE, MIP_MTIP | MIP_SSIP);
	vwrite(&h.ctx, CSR_MIDELEG, MIP_SSIP);
	vwrite(&h.ctx, CSR_MSTATUS, 1ULL << MSTATUS_MPP_SHIFT);	/* MPIE = 0 */
	CHECK(emul(&h.ctx, ENC_MRET));
	CHECK_EQ(h.ctx.mode, PRV_S);
	CHECK_EQ(vread(&h.ctx, CSR_MSTATUS) & MSTATUS_MIE, 0);
	/* and MSIE for the monitor's own IPIs (docs/architecture.md) */
	CHECK_EQ(host_csr_get_raw(CSR_MIE), MIP_MTIP | MIP_SSIP | MIP_MSIP);
	/* the delegated one is the payload's business */
	host_csr_set_raw(CSR_MIP, MIP_SSIP);
	CHECK(!vtrap_check_interrupts(&h.ctx));
	CHECK_EQ(h.ctx.mode, PRV_S);
	h.ctx.pc = PAYLOAD + 0x20;
	host_csr_set_raw(CSR_MIP, MIP_SSIP | MIP_MTIP);
	CHECK(vtrap_check_interrupts(&h.ctx));
	CHECK_EQ(h.ctx.mode, PRV_M);
	CHECK_EQ(h.ctx.pc, VEC);
	CHECK_EQ(vread(&h.ctx, CSR_MCAUSE), MCAUSE_INTERRUPT | IRQ_M_TIMER);
	CHECK_EQ(vread(&h.ctx, CSR_MEPC), PAYLOAD + 0x20);
	CHECK_EQ(vmpp(&h.ctx), PRV_S);
	CHECK_EQ(host_csr_get_raw(CSR_MIDELEG) & S_INTS, 0);
	CHECK_EQ(host_csr_get_raw(CSR_MEDELEG), 0);
}

TEST(trap_csr_write_enabling_mie_takes_the_pending_interrupt_after_it)
{
	struct vhart h;

	boot(&h);
	vwrite(&h.ctx, CSR_MIE, MIP_MSIP);
	set_pending(MIP_MSIP);
	fw_trap(&h.ctx, CAUSE_ILLEGAL_INSTRUCTION, ENC_CSRRSI(0, CSR_MSTATUS, MSTATUS_MIE));
	CHECK_EQ(h.ctx.pc, VEC);
	CHECK_EQ(vread(&h.ctx, CSR_MCAUSE), MCAUSE_INTERRUPT | IRQ_M_SOFT);
	CHECK_EQ(vread(&h.ctx, CSR_MEPC), PC + 4);
	CHECK_EQ(vread(&h.ctx, CSR_MSTATUS) & (MSTATUS_MIE | MSTATUS_MPIE), MSTATUS_MPIE);
	set_pending(0);
}

static void raise_mtip(void *arg)
{
	(void)arg;
	host_csr_set_raw(CSR_MIP, MIP_MTIP);
}

TEST(trap_wfi_waits_with_the_virtual_mie_then_delivers)
{
	struct vhart h;

	boot(&h);
	vwrite(&h.ctx, CSR_MIE, MIP_MTIP | MIP_SSIP);
	vwrite(&h.ctx, CSR_MIDELEG, MIP_SSIP);
	vwrite(&h.ctx, CSR_MSTATUS, MSTATUS_MIE);
	host_set_wfi_hook(raise_mtip, NULL);
	fw_trap(&h.ctx, CAUSE_ILLEGAL_INSTRUCTION, ENC_WFI);
	CHECK_EQ(host_stats()->wfi, 1);
	/* WFI wakes on any enabled interrupt, delegated ones included, and monitor IPIs */
	CHECK_EQ(host_stats()->wfi_mie, MIP_MTIP | MIP_SSIP | MIP_MSIP);
	CHECK_EQ(vread(&h.ctx, CSR_MCAUSE), MCAUSE_INTERRUPT | IRQ_M_TIMER);
	CHECK_EQ(vread(&h.ctx, CSR_MEPC), PC + 4);
	CHECK_EQ(h.ctx.pc, VEC);
}

TEST(trap_wfi_with_an_interrupt_pending_does_not_wait)
{
	struct vhart h;

	boot(&h);
	vwrite(&h.ctx, CSR_MIE, MIP_MTIP);
	host_csr_set_raw(CSR_MIP, MIP_MTIP);
	fw_trap(&h.ctx, CAUSE_ILLEGAL_INSTRUCTION, ENC_WFI);
	CHECK_EQ(host_stats()->wfi, 0);
	/* MIE clear: execution resumes after the wfi, no trap */
	CHECK_EQ(h.ctx.pc, PC + 4);
	CHECK_EQ(vread(&h.ctx, CSR_MCAUSE), 0);
}

/* ---- traps from the payload ---- */

/*
 * The firmware hands over to an S-mode payload the way OpenSBI does:
 * delegations, translation, S trap state, then mret.
 */
static void enter_payload_with(struct vhart *h, unsigned mode, uint64_t mstatus)
{
	struct vctx *c = &h->ctx;

	boot(h);
	vwrite(c, CSR_MEDELEG, BIT(CAUSE_BREAKPOINT) | BIT(CAUSE_LOAD_PAGE_FAULT));
	vwrite(c, CSR_MIDELEG, S_INTS);
	vwrite(c, CSR_MIE, MIP_MTIP | MIP_MSIP | MIP_STIP);
	vwrite(c, CSR_MCOUNTEREN, 7);
	vwrite(c, CSR_SATP, SV39);
	vwrite(c, CSR_STVEC, PAYLOAD + 0x100);
	vwrite(c, CSR_SSCRATCH, 0x5c);
	vwrite(c, CSR_MEPC, PAYLOAD);
	vwrite(c, CSR_MSTATUS, MSTATUS_MPIE | (uint64_t)mode << MSTATUS_MPP_SHIFT | mstatus);
	CHECK_EQ(fw_trap(c, CAUSE_ILLEGAL_INSTRUCTION, ENC_MRET), EXIT_CONTINUE);
	CHECK_EQ(c->mode, mode);
	world_prepare_run(c);
}

static void enter_payload(struct vhart *h, unsigned mode)
{
	enter_payload_with(h, mode, 0);
}

/*
 * The payload traps to M-mode: the hardware records where it came from in
 * the physical mstatus (MPP, MPV, GVA), which the trap entry captures.
 */
static enum exit_result payload_trap(struct vctx *c, unsigned mode, bool virt, uint64_t cause,
				     uint64_t tval, uint64_t gva)
{
	uint64_t ms = csr_read(CSR_MSTATUS) & ~(MSTATUS_MPP | MSTATUS_MPV | MSTATUS_GVA);

	ms |= (uint64_t)mode << MSTATUS_MPP_SHIFT | (virt ? MSTATUS_MPV : 0) | gva;
	c->trap = (struct trap_info){ .mcause = cause, .mepc = c->pc, .mtval = tval,
				      .mstatus = ms };
	return vtrap_handle(c);
}

/* What an S-mode payload changes physically while it runs. */
static void payload_runs(void)
{
	csr_write(CSR_STVEC, PAYLOAD + 0x200);
	csr_write(CSR_SSCRATCH, 0x1111);
	csr_write(CSR_SEPC, PAYLOAD + 0x300);
	csr_write(CSR_SCAUSE, 13);
	csr_write(CSR_STVAL, 0xdead);
	csr_write(CSR_SCOUNTEREN, 2);
	csr_write(CSR_SATP, 9ULL << 60 | 0x99);
	csr_write(CSR_SSTATUS, MSTATUS_SUM | MSTATUS_SIE | MSTATUS_SPP | MSTATUS_FS);
	csr_write(CSR_SIE, MIP_SSIP | MIP_SEIP);
}

TEST(trap_from_payload_switches_to_the_firmware)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	enter_payload(&h, PRV_S);
	CHECK_EQ(host_csr_get_raw(CSR_MEDELEG), BIT(CAUSE_BREAKPOINT) | BIT(CAUSE_LOAD_PAGE_FAULT));
	CHECK_EQ(host_csr_get_raw(CSR_SATP), SV39);
	payload_runs();
	c->pc = PAYLOAD + 0x44;
	c->regs[17] = 0x48534d;	/* SBI HSM: for the firmware */
	CHECK_EQ(payload_trap(c, PRV_S, false, CAUSE_SUPERVISOR_ECALL, 0, 0), EXIT_CONTINUE);

	CHECK_EQ(c->mode, PRV_M);
	CHECK_EQ(c->pc, VEC);
	CHECK_EQ(vread(c, CSR_MCAUSE), CAUSE_SUPERVISOR_ECALL);
	CHECK_EQ(vread(c, CSR_MEPC), PAYLOAD + 0x44);
	CHECK_EQ(vread(c, CSR_MTVAL), 0);
	CHECK_EQ(vmpp(c), PRV_S);
	CHECK_EQ(vread(c, CSR_MSTATUS) & (MSTATUS_MIE | MSTATUS_MPIE), MSTATUS_MPIE);
	/* every trap comes to the monitor again, untranslated */
	CHECK_EQ(host_csr_get_raw(CSR_MEDELEG), 0);
	CHECK_EQ(host_csr_get_raw(CSR_MIDELEG) & S_INTS, 0);
	CHECK_EQ(host_csr_get_raw(CSR_SATP), 0);
	CHECK_EQ(host_csr_get_raw(CSR_MCOUNTEREN), 0);
	/* the payload's S state is kept in the virtual CSRs */
	CHECK_EQ(vread(c, CSR_STVEC), PAYLOAD + 0x200);
	CHECK_EQ(vread(c, CSR_SSCRATCH), 0x1111);
	CHECK_EQ(vread(c, CSR_SEPC), PAYLOAD + 0x300);
	CHECK_EQ(vread(c, CSR_SCAUSE), 13);
	CHECK_EQ(vread(c, CSR_STVAL), 0xdead);
	CHECK_EQ(vread(c, CSR_SCOUNTEREN), 2);
	CHECK_EQ(vread(c, CSR_SATP), 9ULL << 60 | 0x99);
	CHECK_EQ(vread(c, CSR_SSTATUS) & (MSTATUS_SUM | MSTATUS_SIE | MSTATUS_SPP | MSTATUS_FS),
		 MSTATUS_SUM | MSTATUS_SIE | MSTATUS_SPP | MSTATUS_FS);
	CHECK_EQ(vread(c, CSR_SIE), MIP_SSIP | MIP_SEIP);
	CHECK_EQ(vread(c, CSR_MIE), MIP_MTIP | MIP_MSIP | MIP_SSIP | MIP_SEIP);
	/* the firmware's own M state is untouched */
	CHECK_EQ(vread(c, CSR_MEDELEG), BIT(CAUSE_BREAKPOINT) | BIT(CAUSE_LOAD_PAGE_FAULT));
	CHECK_EQ(vread(c, CSR_MCOUNTEREN), 7);
	CHECK_EQ(c->nb_exits, 2);
}

TEST(trap_from_u_payload_records_mpp_u)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	enter_payload(&h, PRV_U);
	c->pc = PAYLOAD + 8;
	payload_trap(c, PRV_U, false, CAUSE_ILLEGAL_INSTRUCTION, 0x12345678, 0);
	CHECK_EQ(c->mode, PRV_M);
	CHECK_EQ(vmpp(c), PRV_U);
	CHECK_EQ(vread(c, CSR_MCAUSE), CAUSE_ILLEGAL_INSTRUCTION);
	CHECK_EQ(vread(c, CSR_MTVAL), 0x12345678);
	CHECK_EQ(vread(c, CSR_MEPC), PAYLOAD + 8);
}

/* The payload moves between S and U (and V) by itself: MPP tells where it was. */
TEST(trap_payload_mode_comes_from_the_trapped_mpp_and_mpv)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	enter_payload(&h, PRV_S);
	c->pc = PAYLOAD + 0x1000;	/* the kernel's sret to its user process */
	payload_trap(c, PRV_U, false, CAUSE_USER_ECALL, 0, 0);
	CHECK_EQ(c->mode, PRV_M);
	CHECK_EQ(vmpp(c), PRV_U);
	CHECK_EQ(vread(c, CSR_MCAUSE), CAUSE_USER_ECALL);
	CHECK_EQ(vread(c, CSR_MSTATUS) & MSTATUS_MPV, 0);

	enter_payload(&h, PRV_S);	/* a hypervisor payload entered its guest */
	payload_trap(c, PRV_S, true, CAUSE_VIRTUAL_SUPERVISOR_ECALL, 0, 0);
	CHECK_EQ(vmpp(c), PRV_S);
	CHECK_EQ(vread(c, CSR_MSTATUS) & MSTATUS_MPV, MSTATUS_MPV);
}

TEST(trap_from_virtualized_payload_records_mpv_gva_and_tval2)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	enter_payload_with(&h, PRV_S, MSTATUS_MPV);
	CHECK(c->virt);
	CHECK_EQ(csr_read(CSR_MSTATUS) & (MSTATUS_MPV | MSTATUS_MPP),
		 MSTATUS_MPV | 1ULL << MSTATUS_MPP_SHIFT);
	c->pc = PAYLOAD + 0x60;
	c->trap = (struct trap_info){ .mcause = CAUSE_LOAD_GUEST_PAGE_FAULT, .mepc = c->pc,
				      .mtval = 0x4000,
				      .mstatus = MSTATUS_GVA | MSTATUS_MPV | 1ULL << MSTATUS_MPP_SHIFT,
				      .mtval2 = 0x1000 >> 2, .mtinst = 0x3003 };
	vtrap_handle(c);
	CHECK(!c->virt);
	CHECK_EQ(vread(c, CSR_MSTATUS) & (MSTATUS_MPV | MSTATUS_GVA), MSTATUS_MPV | MSTATUS_GVA);
	CHECK_EQ(vread(c, CSR_MTVAL2), 0x1000 >> 2);
	CHECK_EQ(vread(c, CSR_MTINST), 0x3003);
	/* back to M and trapped again: MPV follows the new trap, GVA as the hart does */
	CHECK(h.hw.trap_keeps_gva);	/* the host hart is QEMU 7.2's: GVA is only ever set */
	vtrap_inject(c, CAUSE_BREAKPOINT, 0);
	CHECK_EQ(vread(c, CSR_MSTATUS) & (MSTATUS_MPV | MSTATUS_GVA), MSTATUS_GVA);
	CHECK_EQ(vread(c, CSR_MTVAL2), 0);
	/* a hart that writes GVA on every trap (H spec 8.6.4) */
	h.hw.trap_keeps_gva = false;
	vtrap_inject(c, CAUSE_BREAKPOINT, 0);
	CHECK_EQ(vread(c, CSR_MSTATUS) & (MSTATUS_MPV | MSTATUS_GVA), 0);
}

/* hlv/hsv run by the payload in HS-mode: the hart sets GVA with V = 0 (H 8.6.4) */
TEST(trap_from_hs_payload_keeps_the_harts_gva)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	enter_payload(&h, PRV_S);
	CHECK(!c->virt);
	c->pc = PAYLOAD + 0x64;
	c->trap = (struct trap_info){ .mcause = CAUSE_LOAD_PAGE_FAULT, .mepc = c->pc,
				      .mtval = 0x5000, .mstatus = MSTATUS_GVA | 1ULL << MSTATUS_MPP_SHIFT,
				      .mtval2 = 0x2000 >> 2, .mtinst = 0x3003 };
	vtrap_handle(c);
	CHECK_EQ(vread(c, CSR_MSTATUS) & (MSTATUS_MPV | MSTATUS_GVA), MSTATUS_GVA);
	CHECK_EQ(vread(c, CSR_MTVAL), 0x5000);
	CHECK_EQ(vread(c, CSR_MTVAL2), 0x2000 >> 2);
}

TEST(trap_payload_timer_interrupt_goes_to_the_firmware)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	enter_payload(&h, PRV_S);
	vwrite(c, CSR_MTVEC, VEC | MTVEC_VECTORED);
	c->pc = PAYLOAD + 0x80;
	host_csr_set_raw(CSR_MIP, MIP_MTIP);
	payload_trap(c, PRV_S, false, MCAUSE_INTERRUPT | IRQ_M_TIMER, 0, 0);
	CHECK_EQ(c->mode, PRV_M);
	CHECK_EQ(c->pc, VEC + 4 * IRQ_M_TIMER);
	CHECK_EQ(vread(c, CSR_MCAUSE), MCAUSE_INTERRUPT | IRQ_M_TIMER);
	CHECK_EQ(vread(c, CSR_MEPC), PAYLOAD + 0x80);
	CHECK_EQ(vmpp(c), PRV_S);
	CHECK_EQ(host_csr_get_raw(CSR_MEDELEG), 0);
}

TEST(trap_payload_abi_ecall_goes_to_the_firmware_without_payload_abi)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	/* the unit config leaves [debug] payload_abi off, as for real use */
	enter_payload(&h, PRV_S);
	c->pc = PAYLOAD + 0x10;
	c->regs[17] = ABI_EID;
	c->regs[16] = ABI_SUCCESS;
	payload_trap(c, PRV_S, false, CAUSE_SUPERVISOR_ECALL, 0, 0);
	CHECK_EQ(c->mode, PRV_M);
	CHECK_EQ(vread(c, CSR_MCAUSE), CAUSE_SUPERVISOR_ECALL);
	CHECK_EQ(vread(c, CSR_MEPC), PAYLOAD + 0x10);
	CHECK_EQ(host_stats()->exit_code, 0);
	CHECK_EQ(c->done, false);
}

/*
 * vMPRV with vMPV = 1 (H spec 8.4.1): the replay runs with MPV = 1 too, so
 * the hart walks the guest's two stages; without vMPV it does not.
 */
TEST(trap_mprv_with_mpv_replays_two_stage)
{
	static const uint32_t ld_x5_0_x6 = 0x00033283u;	/* ld x5, 0(x6) */
	struct vhart h;
	uint8_t *mem;

	boot(&h);
	CHECK(h.hw.has_h);
	CHECK_EQ(host_mem_map(PC & ~0xfffUL, 0x1000), 0);
	CHECK_EQ(host_mem_map(0x80400000UL, 0x1000), 0);
	mem = host_mem_ptr(PC, 4);
	for (unsigned i = 0; i < 4; i++)
		mem[i] = (uint8_t)(ld_x5_0_x6 >> (8 * i));
	host_mem_ptr(0x80400008UL, 1)[0] = 0x5a;
	h.ctx.regs[6] = 0x80400008UL;

	vwrite(&h.ctx, CSR_MSTATUS, MSTATUS_MPRV | MSTATUS_MPV | 1ULL << MSTATUS_MPP_SHIFT);
	fw_trap(&h.ctx, CAUSE_LOAD_ACCESS, 0x80400008UL);
	CHECK_EQ(host_stats()->mprv_virt, 1);
	CHECK_EQ(h.ctx.regs[5], 0x5a);
	CHECK_EQ(h.ctx.pc, PC + 4);

	h.ctx.pc = PC;
	vwrite(&h.ctx, CSR_MSTATUS, MSTATUS_MPRV | 1ULL << MSTATUS_MPP_SHIFT);
	fw_trap(&h.ctx, CAUSE_LOAD_ACCESS, 0x80400008UL);
	CHECK_EQ(host_stats()->mprv_virt, 1);
	CHECK_EQ(host_stats()->mprv_loads, 2);
}

/* A hart that reports no instruction bits in mtval (3.1.16): neither does vM-mode */
TEST(trap_illegal_instruction_keeps_the_harts_mtval)
{
	struct vhart h;
	uint8_t *mem;

	boot(&h);
	CHECK_EQ(host_mem_map(PC & ~0xfffUL, 0x1000), 0);
	mem = host_mem_ptr(PC, 4);
	for (unsigned i = 0; i < 4; i++)
		mem[i] = 0xff;	/* not an instruction the monitor emulates */
	fw_trap(&h.ctx, CAUSE_ILLEGAL_INSTRUCTION, 0);
	CHECK_EQ(vread(&h.ctx, CSR_MCAUSE), CAUSE_ILLEGAL_INSTRUCTION);
	CHECK_EQ(vread(&h.ctx, CSR_MTVAL), 0);
	CHECK_EQ(h.ctx.pc, VEC);
}
