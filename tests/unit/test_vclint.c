/*
 * The monitor's timer (src/device/clint.c, docs/architecture.md "Who owns
 * mtimecmp"): the firmware's mtimecmp is a deadline, a policy's payload
 * deadline shares the one physical timer, each is delivered to its owner
 * (the firmware's MTIP, the payload's STIP) and neither is lost.
 */
#include <miralis/arch.h>
#include <miralis/device.h>
#include <miralis/emul.h>
#include <miralis/irq.h>
#include <miralis/riscv/encoding.h>
#include <miralis/vclint.h>
#include <miralis/vcsr.h>
#include <miralis/virt.h>

#include "check.h"
#include "host.h"
#include "vhart.h"

#define PC 0x80200100UL
#define VEC 0x80201000UL
#define CLINT 0x2000000UL
#define MTIMECMP(h) (CLINT + 0x4000 + 8 * (h))

static uint64_t *reg64(uint64_t addr)
{
	return (uint64_t *)host_mem_ptr(addr, 8);
}

static void set_mtime(uint64_t t)
{
	*reg64(CLINT + 0xbff8) = t;
}

static void boot(struct vhart *h, unsigned hart)
{
	static const struct vdevice *const devs[] = { &vdev_clint };

	host_set_devices(devs, 1);
	if (!host_mem_ptr(CLINT, 0x10000))
		CHECK_EQ(host_mem_map(CLINT, 0x10000), 0);
	if (!host_mem_ptr(PC & ~0xfffUL, 0x1000))
		CHECK_EQ(host_mem_map(PC & ~0xfffUL, 0x1000), 0);
	vhart_boot(h, hart);
	h->ctx.pc = PC;
	CHECK_EQ(vcsr_write(&h->ctx, CSR_MTVEC, VEC), 0);
}

static void fw_trap(struct vctx *c, uint64_t cause, uint64_t tval)
{
	c->trap = (struct trap_info){ .mcause = cause, .mepc = c->pc, .mtval = tval,
				      .mstatus = csr_read(CSR_MSTATUS) };
	vtrap_handle(c);
}

/* The firmware's sd / ld of mtimecmp[hart], trapped by the CLINT's PMP entry */
static void fw_write_mtimecmp(struct vctx *c, unsigned hart, uint64_t v)
{
	c->regs[10] = MTIMECMP(hart);
	c->regs[11] = v;
	*(uint32_t *)host_mem_ptr(c->pc, 4) = 0x00b53023;	/* sd a1, 0(a0) */
	fw_trap(c, CAUSE_STORE_ACCESS, MTIMECMP(hart));
	c->pc = PC;
}

static uint64_t fw_read_mtimecmp(struct vctx *c, unsigned hart)
{
	c->regs[10] = MTIMECMP(hart);
	*(uint32_t *)host_mem_ptr(c->pc, 4) = 0x00053583;	/* ld a1, 0(a0) */
	fw_trap(c, CAUSE_LOAD_ACCESS, MTIMECMP(hart));
	c->pc = PC;
	return c->regs[11];
}

static bool fw_mtip(struct vctx *c)
{
	uint64_t mip = 0;

	CHECK_EQ(vcsr_read(c, CSR_MIP, &mip), 0);
	return mip & MIP_MTIP;
}

TEST(vclint_before_the_firmware_writes_mtimecmp_the_physical_one_is_its_own)
{
	struct vhart h;

	boot(&h, 0);
	*reg64(MTIMECMP(0)) = 0x55;
	host_csr_set_raw(CSR_MIP, 0);
	CHECK(!fw_mtip(&h.ctx));	/* QEMU: MTIP only follows a write */
	CHECK_EQ(fw_read_mtimecmp(&h.ctx, 0), 0x55);
}

TEST(vclint_firmware_deadline_is_virtual_and_its_mtip_a_level)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	boot(&h, 0);
	set_mtime(1000);
	fw_write_mtimecmp(c, 0, 1500);
	CHECK_EQ(*reg64(MTIMECMP(0)), 1500);
	CHECK_EQ(fw_read_mtimecmp(c, 0), 1500);
	CHECK(!fw_mtip(c));
	set_mtime(1500);
	CHECK(fw_mtip(c));
	/* the timer interrupt: the passed deadline leaves the physical timer */
	fw_trap(c, MCAUSE_INTERRUPT | IRQ_M_TIMER, 0);
	CHECK_EQ(*reg64(MTIMECMP(0)), UINT64_MAX);
	CHECK(fw_mtip(c));			/* still pending, as on the CLINT */
	CHECK_EQ(fw_read_mtimecmp(c, 0), 1500);
	fw_write_mtimecmp(c, 0, 3000);
	CHECK(!fw_mtip(c));
	CHECK_EQ(*reg64(MTIMECMP(0)), 3000);
}

TEST(vclint_payload_deadline_first_then_the_firmware_one_none_lost)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	boot(&h, 0);
	set_mtime(100);
	fw_write_mtimecmp(c, 0, 900);
	vclint_set_payload_deadline(c, 400);
	CHECK_EQ(*reg64(MTIMECMP(0)), 400);
	CHECK(vclint_payload_timer_armed(0));
	set_mtime(450);
	vclint_timer_service(c);
	CHECK_EQ(csr_read(CSR_MIP) & MIP_STIP, MIP_STIP);	/* the payload's */
	CHECK(!fw_mtip(c));					/* not the firmware's */
	CHECK(!vclint_payload_timer_armed(0));
	CHECK_EQ(*reg64(MTIMECMP(0)), 900);
	set_mtime(900);
	CHECK(fw_mtip(c));
}

TEST(vclint_firmware_deadline_first_then_the_payload_one_none_lost)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	boot(&h, 0);
	set_mtime(100);
	fw_write_mtimecmp(c, 0, 200);
	vclint_set_payload_deadline(c, 700);
	CHECK_EQ(*reg64(MTIMECMP(0)), 200);
	set_mtime(250);
	vclint_timer_service(c);
	CHECK(fw_mtip(c));
	CHECK_EQ(csr_read(CSR_MIP) & MIP_STIP, 0);
	CHECK_EQ(*reg64(MTIMECMP(0)), 700);
	set_mtime(700);
	vclint_timer_service(c);
	CHECK_EQ(csr_read(CSR_MIP) & MIP_STIP, MIP_STIP);
	CHECK(fw_mtip(c));
	CHECK_EQ(*reg64(MTIMECMP(0)), UINT64_MAX);
}

TEST(vclint_both_deadlines_due_in_one_interrupt_are_both_delivered)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	boot(&h, 0);
	set_mtime(0);
	fw_write_mtimecmp(c, 0, 50);
	vclint_set_payload_deadline(c, 60);
	set_mtime(80);
	CHECK_EQ(vcsr_write(c, CSR_MIE, MIP_MTIP), 0);
	CHECK_EQ(vcsr_write(c, CSR_MSTATUS, MSTATUS_MIE), 0);
	fw_trap(c, MCAUSE_INTERRUPT | IRQ_M_TIMER, 0);
	CHECK_EQ(csr_read(CSR_MIP) & MIP_STIP, MIP_STIP);
	uint64_t cause = 0;

	CHECK_EQ(vcsr_read(c, CSR_MCAUSE, &cause), 0);
	CHECK_EQ(cause, MCAUSE_INTERRUPT | IRQ_M_TIMER);
	CHECK_EQ(c->pc, VEC);
}

TEST(vclint_payload_deadline_in_the_past_sets_stip_at_once_and_rearming_clears_it)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	boot(&h, 0);
	set_mtime(500);
	vclint_set_payload_deadline(c, 100);
	CHECK_EQ(csr_read(CSR_MIP) & MIP_STIP, MIP_STIP);
	CHECK(!vclint_payload_timer_armed(0));
	vclint_set_payload_deadline(c, 900);
	CHECK_EQ(csr_read(CSR_MIP) & MIP_STIP, 0);
	CHECK(vclint_payload_timer_armed(0));
	vclint_set_payload_deadline(c, UINT64_MAX);
	CHECK(!vclint_payload_timer_armed(0));
	CHECK_EQ(csr_read(CSR_MIP) & MIP_STIP, 0);
}

TEST(vclint_payload_world_enables_mtie_only_while_its_deadline_is_armed)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	boot(&h, 0);
	c->mode = PRV_S;
	CHECK_EQ(irq_physical_mie(c) & MIP_MTIP, 0);
	set_mtime(0);
	vclint_set_payload_deadline(c, 100);
	CHECK_EQ(irq_physical_mie(c) & MIP_MTIP, MIP_MTIP);
}

TEST(vclint_other_harts_mtimecmp_is_reprogrammed_by_that_hart)
{
	struct vhart h0, h1;

	boot(&h1, 1);
	boot(&h0, 0);
	set_mtime(10);
	*reg64(MTIMECMP(1)) = 0;
	fw_write_mtimecmp(&h0.ctx, 1, 5000);
	/* hart 0 only recorded it and asked hart 1 */
	CHECK_EQ(*reg64(MTIMECMP(1)), 0);
	CHECK_EQ(vclint_pending_work(1), VCLINT_WORK_TIMER);
	CHECK_EQ(*(uint32_t *)host_mem_ptr(CLINT + 4, 4), 1);
	CHECK_EQ(fw_read_mtimecmp(&h0.ctx, 1), 5000);
	host_set_hart_id(1);
	fw_trap(&h1.ctx, MCAUSE_INTERRUPT | IRQ_M_SOFT, 0);
	CHECK_EQ(*reg64(MTIMECMP(1)), 5000);
	CHECK_EQ(vclint_pending_work(1), 0);
}

TEST(vclint_mtimecmp_halves_update_the_virtual_deadline)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	boot(&h, 0);
	set_mtime(0);
	fw_write_mtimecmp(c, 0, 0x1111111122222222UL);
	/* sw a1, 4(a0): the high half */
	c->regs[10] = MTIMECMP(0);
	c->regs[11] = 0x33333333;
	*(uint32_t *)host_mem_ptr(c->pc, 4) = 0x00b52223;
	fw_trap(c, CAUSE_STORE_ACCESS, MTIMECMP(0) + 4);
	c->pc = PC;
	CHECK_EQ(fw_read_mtimecmp(c, 0), 0x3333333322222222UL);
	CHECK_EQ(*reg64(MTIMECMP(0)), 0x3333333322222222UL);
}
