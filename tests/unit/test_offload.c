/*
 * The offload policy (src/policy/offload.c): SBI TIME/IPI/RFENCE answered
 * in the monitor with the SBI v2.0 return values, trapped time reads,
 * misaligned accesses (which QEMU never traps) and page faults the
 * firmware did not delegate. The unit build does not install it (the core
 * tests run without policies), so its hooks are called as the core calls
 * them; requests for other harts need it installed and those harts running,
 * which the offload-ipi and offload-rfence integration tests do.
 */
#include <string.h>

#include <miralis/arch.h>
#include <miralis/decode.h>
#include <miralis/device.h>
#include <miralis/emul.h>
#include <miralis/irq.h>
#include <miralis/module.h>
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
#define STVEC 0x80401000UL
#define DATA 0x80500000UL
#define CLINT 0x2000000UL

#define SBI_EXT_TIME 0x54494d45UL
#define SBI_EXT_IPI 0x735049UL
#define SBI_EXT_RFENCE 0x52464e43UL

static void vwrite(struct vctx *c, unsigned csr, uint64_t v)
{
	CHECK_EQ(vcsr_write(c, csr, v), 0);
}

static void map(uint64_t base, uint64_t size)
{
	if (!host_mem_ptr(base, size))
		CHECK_EQ(host_mem_map(base, size), 0);
}

static void fw_trap(struct vctx *c, uint64_t cause, uint64_t tval)
{
	c->trap = (struct trap_info){ .mcause = cause, .mepc = c->pc, .mtval = tval,
				      .mstatus = csr_read(CSR_MSTATUS) };
	vtrap_handle(c);
}

extern const struct module_ops module_offload;

static void set_trap(struct vctx *c, uint64_t cause, uint64_t tval)
{
	uint64_t ms = csr_read(CSR_MSTATUS) & ~(MSTATUS_MPP | MSTATUS_MPV | MSTATUS_GVA);

	ms |= (uint64_t)c->mode << MSTATUS_MPP_SHIFT | (c->virt ? MSTATUS_MPV : 0);
	c->trap = (struct trap_info){ .mcause = cause, .mepc = c->pc, .mtval = tval,
				      .mstatus = ms };
}

/* A payload trap through the core, which offload is not part of here */
static void payload_trap(struct vctx *c, uint64_t cause, uint64_t tval)
{
	set_trap(c, cause, tval);
	vtrap_handle(c);
}

/* A payload trap offered to offload first, as the core does when installed */
static bool offload_trap(struct vctx *c, uint64_t cause, uint64_t tval)
{
	bool taken;

	set_trap(c, cause, tval);
	taken = cause == CAUSE_SUPERVISOR_ECALL ? module_offload.ecall_from_payload(c)
						: module_offload.trap_from_payload(c);
	world_prepare_run(c);
	return taken;
}

/* A hart whose firmware has entered an S-mode payload at PAYLOAD (untranslated). */
static void boot(struct vhart *h, unsigned hart)
{
	static const struct vdevice *const devs[] = { &vdev_clint };
	struct vctx *c = &h->ctx;

	host_set_devices(devs, 1);
	map(CLINT, 0x10000);
	map(PAYLOAD, 0x2000);
	map(DATA, 0x2000);
	vhart_boot(h, hart);
	c->pc = PC;
	vwrite(c, CSR_MTVEC, VEC);
	vwrite(c, CSR_STVEC, STVEC);
	vwrite(c, CSR_MIDELEG, MIP_SSIP | MIP_STIP | MIP_SEIP);
	vwrite(c, CSR_MIE, MIP_MTIP | MIP_MSIP | MIP_STIP | MIP_SSIP);
	vwrite(c, CSR_MEPC, PAYLOAD);
	vwrite(c, CSR_MSTATUS, MSTATUS_MPIE | (uint64_t)PRV_S << MSTATUS_MPP_SHIFT);
	fw_trap(c, CAUSE_ILLEGAL_INSTRUCTION, 0x30200073);	/* mret */
	CHECK_EQ(c->mode, PRV_S);
	world_prepare_run(c);
}

/* An SBI call of the payload; true if offload answered it */
static bool sbi(struct vctx *c, uint64_t eid, uint64_t fid, uint64_t a0, uint64_t a1)
{
	c->regs[17] = eid;
	c->regs[16] = fid;
	c->regs[10] = a0;
	c->regs[11] = a1;
	return offload_trap(c, CAUSE_SUPERVISOR_ECALL, 0);
}

TEST(offload_set_timer_arms_the_payload_deadline_without_a_world_switch)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	boot(&h, 0);
	*(uint64_t *)host_mem_ptr(CLINT + 0xbff8, 8) = 100;
	csr_write(CSR_MENVCFG, 0);	/* no Sstc in use: the SBI timer path */
	csr_set(CSR_MIP, MIP_STIP);
	c->pc = PAYLOAD + 0x10;
	CHECK(sbi(c, SBI_EXT_TIME, 0, 5000, 0x77));
	CHECK_EQ(c->pc, PAYLOAD + 0x14);
	CHECK_EQ(c->regs[10], 0);		/* SBI_SUCCESS */
	CHECK_EQ(c->regs[11], 0);
	CHECK(vclint_payload_timer_armed(0));
	CHECK_EQ(*(uint64_t *)host_mem_ptr(CLINT + 0x4000, 8), 5000);
	CHECK_EQ(csr_read(CSR_MIP) & MIP_STIP, 0);	/* cleared, SBI v2.0 §6.1 */
	CHECK_EQ(irq_physical_mie(c) & MIP_MTIP, MIP_MTIP);
	/* the deadline passes: STIP for the payload, the firmware sees nothing */
	*(uint64_t *)host_mem_ptr(CLINT + 0xbff8, 8) = 5000;
	payload_trap(c, MCAUSE_INTERRUPT | IRQ_M_TIMER, 0);
	CHECK_EQ(c->mode, PRV_S);		/* no switch to the firmware */
	CHECK_EQ(csr_read(CSR_MIP) & MIP_STIP, MIP_STIP);
}

TEST(offload_set_timer_enables_mtie_in_the_payload_world_even_if_the_firmware_did_not)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	boot(&h, 0);
	vwrite(c, CSR_MIE, MIP_MSIP);	/* the firmware wants no timer interrupt itself */
	world_prepare_run(c);
	*(uint64_t *)host_mem_ptr(CLINT + 0xbff8, 8) = 100;
	csr_write(CSR_MENVCFG, 0);
	csr_set(CSR_MIE, MIP_SSIP);	/* the payload's own sie.SSIE, live */
	CHECK_EQ(csr_read(CSR_MIE) & MIP_MTIP, 0);
	CHECK(sbi(c, SBI_EXT_TIME, 0, 5000, 0));
	world_prepare_run(c);
	CHECK_EQ(csr_read(CSR_MIE) & (MIP_MTIP | MIP_SSIP), MIP_MTIP | MIP_SSIP);
	/* delivered: MTIE off again, the payload's enables kept */
	*(uint64_t *)host_mem_ptr(CLINT + 0xbff8, 8) = 5000;
	payload_trap(c, MCAUSE_INTERRUPT | IRQ_M_TIMER, 0);
	world_prepare_run(c);
	CHECK_EQ(csr_read(CSR_MIE) & (MIP_MTIP | MIP_SSIP), MIP_SSIP);
}

TEST(offload_set_timer_with_sstc_enabled_uses_stimecmp)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	boot(&h, 0);
	vwrite(c, CSR_MENVCFG, MENVCFG_STCE);
	c->mode = PRV_M;
	world_prepare_run(c);	/* menvcfg installed */
	c->mode = PRV_S;
	CHECK(sbi(c, SBI_EXT_TIME, 0, 0x1234, 0));
	CHECK_EQ(csr_read(CSR_STIMECMP), 0x1234);
	CHECK(!vclint_payload_timer_armed(0));
	CHECK_EQ(c->regs[10], 0);
}

TEST(offload_send_ipi_to_self_sets_ssip)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	boot(&h, 0);
	csr_clear(CSR_MIP, MIP_SSIP);
	CHECK(sbi(c, SBI_EXT_IPI, 0, 1, 0));
	CHECK_EQ(c->regs[10], 0);
	CHECK_EQ(c->regs[11], 0);
	CHECK_EQ(csr_read(CSR_MIP) & MIP_SSIP, MIP_SSIP);
}

TEST(offload_send_ipi_naming_a_missing_hart_is_invalid_param_and_sends_nothing)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	boot(&h, 0);
	(void)vclint_take_work(1);
	csr_clear(CSR_MIP, MIP_SSIP);
	/* harts 0 and 2 (the unit build serves 0 and 1) */
	CHECK(sbi(c, SBI_EXT_IPI, 0, 0x5, 0));
	CHECK_EQ(c->regs[10], (uint64_t)-3);	/* SBI_ERR_INVALID_PARAM */
	CHECK_EQ(csr_read(CSR_MIP) & MIP_SSIP, 0);
	/* base beyond the harts, and a base whose mask wraps around */
	CHECK(sbi(c, SBI_EXT_IPI, 0, 1, 7));
	CHECK_EQ(c->regs[10], (uint64_t)-3);
	CHECK(sbi(c, SBI_EXT_IPI, 0, 3, ~1UL));
	CHECK_EQ(c->regs[10], (uint64_t)-3);
	CHECK_EQ(vclint_pending_work(1), 0);
	/* an empty mask names no hart: success */
	CHECK(sbi(c, SBI_EXT_IPI, 0, 0, 5));
	CHECK_EQ(c->regs[10], 0);
}

TEST(offload_remote_fence_i_on_self_runs_fence_i)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	boot(&h, 0);
	CHECK(sbi(c, SBI_EXT_RFENCE, 0, 1, 0));
	CHECK_EQ(c->regs[10], 0);
	CHECK_EQ(host_stats()->fence_i, 1);
}

TEST(offload_remote_sfence_vma_flushes_each_page_or_everything)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	unsigned full;

	boot(&h, 0);
	full = host_stats()->sfence_vma;	/* the world switch's own */
	c->regs[12] = 0x10001234;	/* start */
	c->regs[13] = 0x2000;		/* size: touches 3 pages */
	CHECK(sbi(c, SBI_EXT_RFENCE, 1, 1, 0));
	CHECK_EQ(c->regs[10], 0);
	CHECK_EQ(host_stats()->sfence_vma_args, 3);
	CHECK_EQ(host_stats()->sfence_vaddr, 0x10003000);
	CHECK(!host_stats()->sfence_has_asid);
	/* start = size = 0: the whole address space */
	c->regs[12] = 0;
	c->regs[13] = 0;
	CHECK(sbi(c, SBI_EXT_RFENCE, 1, 1, 0));
	CHECK_EQ(host_stats()->sfence_vma, full + 1);
	/* size = -1 too */
	c->regs[12] = 0x4000;
	c->regs[13] = ~0UL;
	CHECK(sbi(c, SBI_EXT_RFENCE, 1, 1, 0));
	CHECK_EQ(host_stats()->sfence_vma, full + 2);
}

TEST(offload_remote_sfence_vma_asid_passes_the_asid)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	boot(&h, 0);
	c->regs[12] = 0x5000;
	c->regs[13] = 0x1000;
	c->regs[14] = 42;
	CHECK(sbi(c, SBI_EXT_RFENCE, 2, 1, 0));
	CHECK_EQ(c->regs[10], 0);
	CHECK_EQ(host_stats()->sfence_vma_args, 1);
	CHECK_EQ(host_stats()->sfence_asid, 42);
	CHECK(host_stats()->sfence_has_asid);
	CHECK_EQ(host_stats()->sfence_vaddr, 0x5000);
	/* whole space of one ASID */
	c->regs[12] = 0;
	c->regs[13] = 0;
	CHECK(sbi(c, SBI_EXT_RFENCE, 2, 1, 0));
	CHECK_EQ(host_stats()->sfence_vma_args, 2);
	CHECK(!host_stats()->sfence_has_vaddr);
	CHECK(host_stats()->sfence_has_asid);
}

TEST(offload_other_calls_go_to_the_firmware)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	boot(&h, 0);
	CHECK(!sbi(c, SBI_EXT_RFENCE, 3, 1, 0));	/* hfence.gvma_vmid */
	boot(&h, 0);
	CHECK(!sbi(c, 0x0, 0, 100, 0));			/* legacy set_timer */
}

/* csrr a0, time = csrrs a0, time, x0 */
#define RDTIME_A0 0xc0102573u

TEST(offload_trapped_time_read_is_answered_with_mtime)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	boot(&h, 0);
	*(uint64_t *)host_mem_ptr(CLINT + 0xbff8, 8) = 0xabcdef;
	c->pc = PAYLOAD + 0x20;
	CHECK(offload_trap(c, CAUSE_ILLEGAL_INSTRUCTION, RDTIME_A0));
	CHECK_EQ(c->regs[10], 0xabcdef);
	CHECK_EQ(c->pc, PAYLOAD + 0x24);
	/* a write to time is illegal natively: the firmware decides */
	CHECK(!offload_trap(c, CAUSE_ILLEGAL_INSTRUCTION, 0xc0159573u));	/* csrrw a0, time, a1 */
}

/* The payload's instruction at PAYLOAD + off */
static void put_insn(uint64_t off, uint32_t insn)
{
	*(uint32_t *)host_mem_ptr(PAYLOAD + off, 4) = insn;
}

TEST(offload_misaligned_load_is_emulated_with_sign_extension)
{
	struct vhart h;
	struct vctx *c = &h.ctx;
	uint8_t *d;

	boot(&h, 0);
	d = host_mem_ptr(DATA, 16);
	for (unsigned i = 0; i < 16; i++)
		d[i] = (uint8_t)(0xf0 + i);
	put_insn(0x40, 0x0015a503);		/* lw a0, 1(a1) */
	c->pc = PAYLOAD + 0x40;
	c->regs[11] = DATA;
	CHECK(offload_trap(c, CAUSE_MISALIGNED_LOAD, DATA + 1));
	CHECK_EQ(c->regs[10], 0xfffffffff4f3f2f1UL);
	CHECK_EQ(c->pc, PAYLOAD + 0x44);
}

TEST(offload_misaligned_compressed_store_is_emulated)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	boot(&h, 0);
	put_insn(0x50, 0xe188);			/* c.sd a0, 0(a1) (C.SD: 111 uimm rs1' uimm rs2' 00) */
	c->pc = PAYLOAD + 0x50;
	c->regs[10] = 0x1122334455667788UL;
	c->regs[11] = DATA + 3;
	CHECK(offload_trap(c, CAUSE_MISALIGNED_STORE, DATA + 3));
	{
		uint64_t v;

		memcpy(&v, host_mem_ptr(DATA + 3, 8), 8);
		CHECK_EQ(v, 0x1122334455667788UL);
	}
	CHECK_EQ(c->pc, PAYLOAD + 0x52);
}

TEST(offload_misaligned_access_that_faults_is_redirected_to_the_payload)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	boot(&h, 0);
	host_fault_add(DATA + 0x1000, 0x1000, HOST_MODE_S, CAUSE_LOAD_PAGE_FAULT,
		       CAUSE_STORE_PAGE_FAULT);
	put_insn(0x60, 0x0005b503);		/* ld a0, 0(a1) */
	c->pc = PAYLOAD + 0x60;
	c->regs[11] = DATA + 0xffd;
	c->regs[10] = 0x55;
	CHECK(offload_trap(c, CAUSE_MISALIGNED_LOAD, DATA + 0xffd));
	CHECK_EQ(c->pc, STVEC);
	CHECK_EQ(csr_read(CSR_SCAUSE), CAUSE_LOAD_PAGE_FAULT);
	CHECK_EQ(csr_read(CSR_STVAL), DATA + 0x1000);	/* the byte that faulted */
	CHECK_EQ(csr_read(CSR_SEPC), PAYLOAD + 0x60);
	CHECK_EQ(c->regs[10], 0x55);
}

TEST(offload_page_fault_not_delegated_goes_to_the_payload_stvec)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	boot(&h, 0);
	c->pc = 0x1000;
	c->mode = PRV_U;
	CHECK(offload_trap(c, CAUSE_STORE_PAGE_FAULT, 0xdead000));
	CHECK_EQ(c->mode, PRV_S);
	CHECK_EQ(c->pc, STVEC);
	CHECK_EQ(csr_read(CSR_SEPC), 0x1000);
	CHECK_EQ(csr_read(CSR_SCAUSE), CAUSE_STORE_PAGE_FAULT);
	CHECK_EQ(csr_read(CSR_STVAL), 0xdead000);
}
