/*
 * The module seams (include/miralis/module.h, docs/architecture.md "Module
 * seams"): hook order and chaining, module-owned PMP entries, monitor
 * IPIs, per-hart state, the ecall and world-switch hooks, and the
 * redirect of a payload trap into the payload (src/virt/redirect.c).
 *
 * The unit build installs two modules, unit_a then unit_b (mk/unit.mk),
 * whose hooks call whatever the running test put in `probe`.
 */
#include <string.h>

#include <miralis/abi.h>
#include <miralis/arch.h>
#include <miralis/device.h>
#include <miralis/emul.h>
#include <miralis/irq.h>
#include <miralis/module.h>
#include <miralis/pmp.h>
#include <miralis/redirect.h>
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
#define CLINT 0x2000000UL

/* ---- the two test modules ---- */

struct probe {
	char log[256];			/* hook calls in order: "a:to_fw b:to_fw ..." */
	bool a_takes_payload_ecall, b_takes_payload_ecall;
	bool a_takes_firmware_ecall;
	bool a_takes_payload_trap;
	uint64_t a_pmp_cfg;		/* entry 1 of unit_a in pmp_prepare */
	uint64_t a_pmp_addr;		/* its pmpaddr in the payload world (0: the default) */
	enum world from, to;
	unsigned after_exits;
};

static struct probe probe;

/*
 * The modules act only on harts booted by this file (with their PMP
 * entries reserved); the other unit tests boot without them.
 */
static bool mine(const struct vctx *c)
{
	return c->pmp->nb_module == module_pmp_entries();
}

static void note(const char *what)
{
	strncat(probe.log, what, sizeof(probe.log) - strlen(probe.log) - 1);
	strncat(probe.log, " ", sizeof(probe.log) - strlen(probe.log) - 1);
}

const struct module_ops module_unit_a, module_unit_b;

MODULE_HART_STATE(unsigned, a_interrupts);

static bool a_ecall_payload(struct vctx *c)
{
	if (!mine(c))
		return false;
	note("a:ecall_p");
	if (!probe.a_takes_payload_ecall)
		return false;
	module_sbi_return(c, 0, 0xa);
	return true;
}

static bool b_ecall_payload(struct vctx *c)
{
	if (!mine(c))
		return false;
	note("b:ecall_p");
	if (!probe.b_takes_payload_ecall)
		return false;
	module_sbi_return(c, -3, 0xb);
	return true;
}

static bool a_ecall_firmware(struct vctx *c)
{
	if (!mine(c))
		return false;
	note("a:ecall_f");
	if (!probe.a_takes_firmware_ecall)
		return false;
	module_sbi_return(c, 0, 0xf);
	return true;
}

static bool a_trap_payload(struct vctx *c)
{
	if (!mine(c))
		return false;
	note("a:trap_p");
	if (!probe.a_takes_payload_trap)
		return false;
	c->pc += 4;
	return true;
}

static void a_to_firmware(struct vctx *c)
{
	if (!mine(c))
		return;
	/* before the switch: the payload's S CSRs are still the physical ones */
	note(csr_read(CSR_SSCRATCH) == 0x5c5c ? "a:to_fw(payload)" : "a:to_fw(?)");
	(void)c;
}

static bool b_trap_firmware(struct vctx *c)
{
	if (!mine(c))
		return false;
	note("b:trap_f");
	return false;
}

static void b_to_firmware(struct vctx *c)
{
	if (!mine(c))
		return;
	(void)c;
	note("b:to_fw");
}

static void a_to_payload(struct vctx *c)
{
	if (!mine(c))
		return;
	(void)c;
	/* after the switch: the payload's S CSRs are installed */
	note(csr_read(CSR_SSCRATCH) == 0x5c5c ? "a:to_p(payload)" : "a:to_p(?)");
}

static void a_pmp_prepare(struct vctx *c, enum world w)
{
	if (!mine(c))
		return;
	note(w == WORLD_FIRMWARE ? "a:pmp_fw" : "a:pmp_p");
	/* entry 1: no access in the firmware world, RWX for the payload */
	module_pmp_set(c, &module_unit_a, 1,
		       (uint8_t)(PMP_A_NAPOT | (w == WORLD_PAYLOAD ? PMP_R | PMP_W | PMP_X : 0)),
		       w == WORLD_PAYLOAD && probe.a_pmp_addr ? probe.a_pmp_addr
							     : (0x80400000UL >> 2) | 0x3ff);
}

static void a_after_exit(struct vctx *c, enum world from, enum world to)
{
	if (!mine(c))
		return;
	probe.from = from;
	probe.to = to;
	probe.after_exits++;
}

static void a_on_interrupt(struct vctx *c)
{
	if (!mine(c))
		return;
	(*MODULE_THIS_HART(a_interrupts, c))++;
	note("a:irq");
}

static void b_on_interrupt(struct vctx *c)
{
	if (!mine(c))
		return;
	(void)c;
	note("b:irq");
}

const struct module_ops module_unit_a = {
	.name = "unit a",
	.nb_pmp = 2,
	.trap_from_payload = a_trap_payload,
	.ecall_from_payload = a_ecall_payload,
	.ecall_from_firmware = a_ecall_firmware,
	.to_firmware = a_to_firmware,
	.to_payload = a_to_payload,
	.pmp_prepare = a_pmp_prepare,
	.after_exit = a_after_exit,
	.on_interrupt = a_on_interrupt,
};

const struct module_ops module_unit_b = {
	.name = "unit b",
	.nb_pmp = 1,
	.ecall_from_payload = b_ecall_payload,
	.to_firmware = b_to_firmware,
	.on_interrupt = b_on_interrupt,
	.trap_from_firmware = b_trap_firmware,
	.firmware_traps_only = 1u << CAUSE_LOAD_ACCESS,
};

static const struct module_ops module_not_installed = { .name = "absent", .nb_pmp = 1 };

/* ---- fixture ---- */

static void vwrite(struct vctx *c, unsigned csr, uint64_t v)
{
	CHECK_EQ(vcsr_write(c, csr, v), 0);
}

static uint64_t vread(struct vctx *c, unsigned csr)
{
	uint64_t v = 0xbad;

	CHECK_EQ(vcsr_read(c, csr, &v), 0);
	return v;
}

/* A hart with the modules' PMP entries reserved, as src/core/main.c boots it. */
static void boot(struct vhart *h, unsigned hart)
{
	memset(&probe, 0, sizeof(probe));
	host_set_hart_id(hart);
	vclint_reset(hart);
	hw_detect(&h->hw);
	CHECK_EQ(pmp_init(&h->pmp, &h->hw, VHART_MON_BASE, VHART_MON_SIZE, module_pmp_entries(), 8),
		 0);
	vctx_init(&h->ctx, hart, &h->hw, &h->pmp, VHART_FW_ENTRY, VHART_DTB);
	host_set_current_ctx(&h->ctx);
	h->ctx.pc = PC;
	vwrite(&h->ctx, CSR_MTVEC, VEC);
	if (!host_mem_ptr(CLINT, 0x10000))
		CHECK_EQ(host_mem_map(CLINT, 0x10000), 0);
}

static enum exit_result fw_trap(struct vctx *c, uint64_t cause, uint64_t tval)
{
	c->trap = (struct trap_info){ .mcause = cause, .mepc = c->pc, .mtval = tval,
				      .mstatus = csr_read(CSR_MSTATUS) };
	return vtrap_handle(c);
}

static enum exit_result payload_trap(struct vctx *c, unsigned mode, bool virt, uint64_t cause,
				     uint64_t tval)
{
	uint64_t ms = csr_read(CSR_MSTATUS) & ~(MSTATUS_MPP | MSTATUS_MPV | MSTATUS_GVA);

	ms |= (uint64_t)mode << MSTATUS_MPP_SHIFT | (virt ? MSTATUS_MPV : 0);
	c->trap = (struct trap_info){ .mcause = cause, .mepc = c->pc, .mtval = tval,
				      .mstatus = ms };
	return vtrap_handle(c);
}

/* The firmware mrets to an S-mode payload at PAYLOAD with stvec = STVEC. */
static void enter_payload(struct vhart *h, unsigned mode, bool virt)
{
	struct vctx *c = &h->ctx;

	vwrite(c, CSR_STVEC, STVEC);
	vwrite(c, CSR_SSCRATCH, 0x5c5c);
	vwrite(c, CSR_MEPC, PAYLOAD);
	vwrite(c, CSR_MIE, MIP_MSIP | MIP_MTIP);
	vwrite(c, CSR_MSTATUS, MSTATUS_MPIE | (uint64_t)mode << MSTATUS_MPP_SHIFT |
				       (virt ? MSTATUS_MPV : 0));
	CHECK_EQ(fw_trap(c, CAUSE_ILLEGAL_INSTRUCTION, ENC_MRET), EXIT_CONTINUE);
	CHECK_EQ(c->mode, mode);
	world_prepare_run(c);
}

/* ---- hooks: order, chaining, worlds ---- */

TEST(module_world_switch_hooks_run_around_the_core_switch_in_config_order)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	boot(&h, 0);
	enter_payload(&h, PRV_S, false);
	/* after F->P: the payload's CSRs are installed, then the PMP is prepared */
	CHECK(strstr(probe.log, "a:to_p(payload) a:pmp_p") != NULL);
	probe.log[0] = '\0';
	csr_write(CSR_SSCRATCH, 0x5c5c);
	payload_trap(c, PRV_S, false, CAUSE_ILLEGAL_INSTRUCTION, 0);
	CHECK_EQ(c->mode, PRV_M);
	/* before P->F: still the payload's CSRs; a then b */
	CHECK(strstr(probe.log, "a:to_fw(payload) b:to_fw") != NULL);
	world_prepare_run(c);
	CHECK(strstr(probe.log, "a:pmp_fw") != NULL);
	CHECK_EQ(probe.from, WORLD_PAYLOAD);
	CHECK_EQ(probe.to, WORLD_FIRMWARE);
}

TEST(module_payload_ecall_first_taker_wins_before_the_firmware_sees_it)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	boot(&h, 0);
	enter_payload(&h, PRV_S, false);
	c->pc = PAYLOAD + 0x10;
	probe.b_takes_payload_ecall = true;
	payload_trap(c, PRV_S, false, CAUSE_SUPERVISOR_ECALL, 0);
	/* a was asked first and declined, b answered; no world switch */
	CHECK(strstr(probe.log, "a:ecall_p b:ecall_p") != NULL);
	CHECK_EQ(c->mode, PRV_S);
	CHECK_EQ(c->pc, PAYLOAD + 0x14);
	CHECK_EQ(c->regs[10], (uint64_t)-3);
	CHECK_EQ(c->regs[11], 0xb);
	CHECK_EQ(probe.from, WORLD_PAYLOAD);
	CHECK_EQ(probe.to, WORLD_PAYLOAD);

	probe.log[0] = '\0';
	probe.a_takes_payload_ecall = true;
	payload_trap(c, PRV_S, false, CAUSE_SUPERVISOR_ECALL, 0);
	CHECK(strstr(probe.log, "b:ecall_p") == NULL);
	CHECK_EQ(c->regs[11], 0xa);

	/* nobody takes it: forwarded to the firmware as before */
	probe.a_takes_payload_ecall = probe.b_takes_payload_ecall = false;
	payload_trap(c, PRV_S, false, CAUSE_SUPERVISOR_ECALL, 0);
	CHECK_EQ(c->mode, PRV_M);
	CHECK_EQ(vread(c, CSR_MCAUSE), CAUSE_SUPERVISOR_ECALL);
}

TEST(module_firmware_ecall_hook_runs_before_the_monitor_abi)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	boot(&h, 0);
	probe.a_takes_firmware_ecall = true;
	c->regs[17] = ABI_EID;
	c->regs[16] = 0x77;
	fw_trap(c, CAUSE_USER_ECALL, 0);
	CHECK_EQ(c->pc, PC + 4);
	CHECK_EQ(c->regs[11], 0xf);
	CHECK_EQ(c->regs[10], 0);
	/* declined: the ABI answers (not supported) */
	probe.a_takes_firmware_ecall = false;
	fw_trap(c, CAUSE_USER_ECALL, 0);
	CHECK_EQ(c->regs[10], (uint64_t)-2);
}

TEST(module_payload_trap_hook_sees_traps_before_the_core)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	boot(&h, 0);
	enter_payload(&h, PRV_S, false);
	c->pc = PAYLOAD + 0x20;
	probe.a_takes_payload_trap = true;
	payload_trap(c, PRV_S, false, CAUSE_LOAD_PAGE_FAULT, 0x1000);
	CHECK_EQ(c->mode, PRV_S);
	CHECK_EQ(c->pc, PAYLOAD + 0x24);
	CHECK_EQ(probe.after_exits, 2);	/* the mret, then this one */
}

/* ---- module-owned PMP entries ---- */

TEST(module_pmp_entries_are_relative_to_the_module_in_config_order)
{
	struct vhart h;
	struct vctx *c = &h.ctx;
	unsigned a0;

	boot(&h, 0);
	a0 = h.pmp.module_off;
	CHECK_EQ(h.pmp.nb_module, 3);
	/* the firmware's entries start after the three module ones, MPRV and null */
	CHECK_EQ(h.pmp.voff, a0 + 3 + 2);
	module_pmp_set(c, &module_unit_b, 0, PMP_A_TOR | PMP_R | PMP_L, 0x1234);
	CHECK_EQ(h.pmp.cfg[a0 + 2], PMP_A_TOR | PMP_R);	/* L stripped */
	CHECK_EQ(h.pmp.addr[a0 + 2], 0x1234);
	enter_payload(&h, PRV_S, false);
	/* unit_a's entry 1 as its pmp_prepare set it for the payload world, committed */
	CHECK_EQ(h.pmp.cfg[a0 + 1], PMP_A_NAPOT | PMP_R | PMP_W | PMP_X);
	CHECK_EQ((host_csr_get_raw(CSR_PMPCFG0) >> (8 * (a0 + 1))) & 0xff,
		 PMP_A_NAPOT | PMP_R | PMP_W | PMP_X);
	CHECK_EQ(host_csr_get_raw(CSR_PMPADDR0 + a0 + 2), 0x1234);
	payload_trap(c, PRV_S, false, CAUSE_ILLEGAL_INSTRUCTION, 0);
	world_prepare_run(c);
	CHECK_EQ((host_csr_get_raw(CSR_PMPCFG0) >> (8 * (a0 + 1))) & 0xff, PMP_A_NAPOT);
}

/*
 * The world layouts are cached with the module entries in them (issue 9):
 * a module that sets other entries for the same world must get them, not
 * the cached ones, and the cache then follows.
 */
TEST(module_pmp_cached_layouts_follow_the_module_entries)
{
	struct vhart h;
	struct vctx *c = &h.ctx;
	unsigned a1;

	boot(&h, 0);
	a1 = h.pmp.module_off + 1;
	for (unsigned round = 0; round < 3; round++) {
		/* round 1 changes unit_a's payload-world entry; rounds 0 and 2 switch from cache */
		probe.a_pmp_addr = round ? 0x20100000UL | 0x7f : 0;
		c->pc = PC;
		enter_payload(&h, PRV_S, false);
		CHECK_EQ(host_csr_get_raw(CSR_PMPADDR0 + a1),
			 round ? 0x20100000UL | 0x7f : (0x80400000UL >> 2) | 0x3ff);
		CHECK_EQ((host_csr_get_raw(CSR_PMPCFG0) >> (8 * a1)) & 0xff,
			 PMP_A_NAPOT | PMP_R | PMP_W | PMP_X);
		payload_trap(c, PRV_S, false, CAUSE_ILLEGAL_INSTRUCTION, 0);
		world_prepare_run(c);
		CHECK_EQ(host_csr_get_raw(CSR_PMPADDR0 + a1), (0x80400000UL >> 2) | 0x3ff);
		CHECK_EQ((host_csr_get_raw(CSR_PMPCFG0) >> (8 * a1)) & 0xff, PMP_A_NAPOT);
		CHECK_EQ(pmp_verify(&h.pmp, &h.hw), -1);
	}
}

/* firmware_traps_only: the hook sees those causes only, and the CSR fast path stays on */
TEST(module_firmware_trap_hook_sees_only_its_causes)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	boot(&h, 0);
	CHECK(!module_claims_firmware_traps());
	fw_trap(c, CAUSE_ILLEGAL_INSTRUCTION, 0x34102573);	/* csrr a0, mepc */
	CHECK(strstr(probe.log, "b:trap_f") == NULL);
	c->pc = PC;
	fw_trap(c, CAUSE_LOAD_ACCESS, 0x10);
	CHECK(strstr(probe.log, "b:trap_f") != NULL);
}

TEST(module_pmp_entry_outside_the_module_panics)
{
	struct vhart h;
	jmp_buf env;

	boot(&h, 0);
	host_catch_halt(&env);
	if (setjmp(env) == 0)
		module_pmp_set(&h.ctx, &module_unit_b, 1, PMP_A_TOR, 0);
	CHECK_EQ(host_stats()->panics, 1);
	if (setjmp(env) == 0)
		module_pmp_set(&h.ctx, &module_not_installed, 0, PMP_A_TOR, 0);
	CHECK_EQ(host_stats()->panics, 2);
	/* the entry past unit_b's is the MPRV slot: untouched */
	CHECK_EQ(h.pmp.cfg[h.pmp.mprv], 0);
}

/* ---- monitor IPIs and the firmware's virtual MSIP ---- */

static uint32_t phys_msip(unsigned hart)
{
	return *(uint32_t *)host_mem_ptr(CLINT + 4 * hart, 4);
}

TEST(module_ipi_raises_physical_msip_and_runs_only_that_modules_hook)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	boot(&h, 0);
	(void)vclint_take_work(0);
	*MODULE_THIS_HART(a_interrupts, c) = 0;
	module_send_ipi(&module_unit_a, 1);
	CHECK_EQ(phys_msip(1), 1);
	CHECK_EQ(vclint_pending_work(1), 1);
	module_send_ipi(&module_unit_b, 0);
	CHECK_EQ(phys_msip(0), 1);
	/* hart 0 takes the MSI: only b's hook, the physical bit consumed */
	host_csr_set_raw(CSR_MIP, MIP_MSIP);
	fw_trap(c, MCAUSE_INTERRUPT | IRQ_M_SOFT, 0);
	CHECK(strstr(probe.log, "b:irq") != NULL);
	CHECK(strstr(probe.log, "a:irq") == NULL);
	CHECK_EQ(phys_msip(0), 0);
	CHECK_EQ(vclint_pending_work(0), 0);
	/* the firmware saw nothing: no MSIP, no trap into vM-mode */
	CHECK_EQ(vread(c, CSR_MIP) & MIP_MSIP, 0);
	CHECK_EQ(c->pc, PC);
	/* hart 1's work is still there for hart 1 */
	CHECK_EQ(vclint_take_work(1), 1);
	CHECK_EQ(*MODULE_THIS_HART(a_interrupts, c), 0);
}

TEST(module_ipi_from_a_module_that_is_not_installed_panics)
{
	struct vhart h;
	jmp_buf env;

	boot(&h, 0);
	host_catch_halt(&env);
	if (setjmp(env) == 0)
		module_send_ipi(&module_not_installed, 0);
	CHECK_EQ(host_stats()->panics, 1);
}

TEST(module_physical_mie_takes_monitor_ipis_in_both_worlds)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	boot(&h, 0);
	/* firmware with interrupts off: still MSIE for the monitor */
	world_prepare_run(c);
	CHECK_EQ(csr_read(CSR_MIE), MIP_MSIP);
	enter_payload(&h, PRV_S, false);
	vwrite(c, CSR_MIE, 0);
	CHECK_EQ(irq_physical_mie(c) & MIP_MSIP, MIP_MSIP);
}

/* A firmware IPI: msip through the virtual CLINT, the level is the virtual bit. */
static void clint_store(struct vctx *c, unsigned hart, uint32_t v)
{
	/* sw a1, 0(a0) with a0 = &msip[hart] (faults on the monitor's PMP entry) */
	c->regs[10] = CLINT + 4 * hart;
	c->regs[11] = v;
	*(uint32_t *)host_mem_ptr(c->pc, 4) = 0x00b52023;
	fw_trap(c, CAUSE_STORE_ACCESS, CLINT + 4 * hart);
}

static uint32_t clint_load(struct vctx *c, unsigned hart)
{
	/* lw a1, 0(a0) */
	c->regs[10] = CLINT + 4 * hart;
	*(uint32_t *)host_mem_ptr(c->pc, 4) = 0x00052583;
	fw_trap(c, CAUSE_LOAD_ACCESS, CLINT + 4 * hart);
	return (uint32_t)c->regs[11];
}

TEST(module_firmware_msip_is_virtual_and_pokes_only_other_harts)
{
	static const struct vdevice *const devs[] = { &vdev_clint };
	struct vhart h;
	struct vctx *c = &h.ctx;

	host_set_devices(devs, 1);
	boot(&h, 0);
	CHECK_EQ(host_mem_map(PC & ~0xfffUL, 0x1000), 0);
	(void)vclint_take_work(1);
	(void)vclint_take_work(0);
	clint_store(c, 1, 1);
	CHECK_EQ(phys_msip(1), 1);	/* hart 1 is woken */
	CHECK(vclint_msip(1));
	CHECK_EQ(clint_load(c, 1), 1);
	clint_store(c, 1, 0);
	CHECK(!vclint_msip(1));
	CHECK_EQ(clint_load(c, 1), 0);
	/* to itself: no physical MSI, mip.MSIP follows the virtual bit */
	clint_store(c, 0, 3);
	CHECK_EQ(phys_msip(0), 0);
	CHECK_EQ(vread(c, CSR_MIP) & MIP_MSIP, MIP_MSIP);
	CHECK_EQ(clint_load(c, 0), 1);
	/* a monitor IPI taken meanwhile leaves the firmware's MSIP alone */
	module_send_ipi(&module_unit_a, 0);
	fw_trap(c, MCAUSE_INTERRUPT | IRQ_M_SOFT, 0);
	CHECK_EQ(vread(c, CSR_MIP) & MIP_MSIP, MIP_MSIP);
	clint_store(c, 0, 0);
	CHECK_EQ(vread(c, CSR_MIP) & MIP_MSIP, 0);
}

TEST(module_firmware_msip_is_delivered_to_vm_mode_when_enabled)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	boot(&h, 0);
	vclint_set_msip(1, 0, true);
	vwrite(c, CSR_MIE, MIP_MSIP);
	vwrite(c, CSR_MSTATUS, MSTATUS_MIE);
	fw_trap(c, MCAUSE_INTERRUPT | IRQ_M_SOFT, 0);
	CHECK_EQ(vread(c, CSR_MCAUSE), MCAUSE_INTERRUPT | IRQ_M_SOFT);
	CHECK_EQ(c->pc, VEC);
	vclint_set_msip(0, 0, false);
}

/* ---- per-hart state ---- */

TEST(module_hart_state_is_per_hart_and_checked)
{
	struct vhart h0, h1;
	jmp_buf env;

	boot(&h0, 0);
	boot(&h1, 1);
	*MODULE_THIS_HART(a_interrupts, &h0.ctx) = 5;
	*MODULE_THIS_HART(a_interrupts, &h1.ctx) = 7;
	CHECK_EQ(*MODULE_THIS_HART(a_interrupts, &h0.ctx), 5);
	CHECK_EQ(*MODULE_THIS_HART(a_interrupts, &h1.ctx), 7);
	h1.ctx.hart_id = CONFIG_NB_HARTS;
	host_catch_halt(&env);
	if (setjmp(env) == 0)
		(void)module_hart(&h1.ctx);
	CHECK_EQ(host_stats()->panics, 1);
}

/* ---- redirect into the payload ---- */

TEST(redirect_from_s_enters_stvec_like_a_delegated_trap)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	boot(&h, 0);
	enter_payload(&h, PRV_S, false);
	csr_write(CSR_STVEC, STVEC | MTVEC_VECTORED);
	csr_write(CSR_SSTATUS, MSTATUS_SIE);
	c->pc = PAYLOAD + 0x40;
	probe.a_takes_payload_trap = true;	/* the trap stays in the monitor */
	payload_trap(c, PRV_S, false, CAUSE_MISALIGNED_LOAD, 0x1001);
	c->pc -= 4;				/* as the hook found it */
	vtrap_redirect_to_payload(c, CAUSE_LOAD_PAGE_FAULT, 0x1001);
	CHECK_EQ(c->pc, STVEC);			/* exceptions: the base, even vectored */
	CHECK_EQ(c->mode, PRV_S);
	CHECK_EQ(csr_read(CSR_SEPC), PAYLOAD + 0x40);
	CHECK_EQ(csr_read(CSR_SCAUSE), CAUSE_LOAD_PAGE_FAULT);
	CHECK_EQ(csr_read(CSR_STVAL), 0x1001);
	world_prepare_run(c);
	CHECK_EQ(csr_read(CSR_MSTATUS) & (MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE),
		 MSTATUS_SPP | MSTATUS_SPIE);
	CHECK_EQ((csr_read(CSR_MSTATUS) & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT, PRV_S);
	CHECK_EQ(csr_read(CSR_HSTATUS) & HSTATUS_SPV, 0);
}

TEST(redirect_from_u_clears_spp_and_keeps_spie_from_sie)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	boot(&h, 0);
	enter_payload(&h, PRV_S, false);
	csr_write(CSR_SSTATUS, MSTATUS_SPP);	/* SIE clear, SPP stale */
	c->pc = 0x1000;
	probe.a_takes_payload_trap = true;
	payload_trap(c, PRV_U, false, CAUSE_STORE_PAGE_FAULT, 0x2000);
	c->pc = 0x1000;
	vtrap_redirect_to_payload(c, CAUSE_STORE_PAGE_FAULT, 0x2000);
	world_prepare_run(c);
	CHECK_EQ(csr_read(CSR_MSTATUS) & (MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE), 0);
	CHECK_EQ(csr_read(CSR_SEPC), 0x1000);
	CHECK_EQ(c->mode, PRV_S);
}

TEST(redirect_from_vs_goes_to_vs_when_hedeleg_delegates_it_else_to_hs)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	boot(&h, 0);
	enter_payload(&h, PRV_S, true);
	CHECK(c->virt);
	csr_write(CSR_HEDELEG, BIT(CAUSE_LOAD_PAGE_FAULT));
	csr_write(CSR_VSTVEC, 0x9000);
	csr_write(CSR_VSSTATUS, MSTATUS_SIE);
	c->pc = 0x4000;
	vtrap_redirect_to_payload(c, CAUSE_LOAD_PAGE_FAULT, 0x5000);
	CHECK(c->virt);
	CHECK_EQ(c->pc, 0x9000);
	CHECK_EQ(csr_read(CSR_VSEPC), 0x4000);
	CHECK_EQ(csr_read(CSR_VSCAUSE), CAUSE_LOAD_PAGE_FAULT);
	CHECK_EQ(csr_read(CSR_VSTVAL), 0x5000);
	CHECK_EQ(csr_read(CSR_VSSTATUS) & (MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE),
		 MSTATUS_SPP | MSTATUS_SPIE);

	/* not delegated: to HS, with SPV/SPVP recording the VS origin */
	c->pc = 0x4100;
	vtrap_redirect_to_payload(c, CAUSE_STORE_PAGE_FAULT, 0x6000);
	CHECK(!c->virt);
	CHECK_EQ(c->mode, PRV_S);
	CHECK_EQ(c->pc, STVEC);
	CHECK_EQ(csr_read(CSR_SEPC), 0x4100);
	CHECK_EQ(csr_read(CSR_HSTATUS) & (HSTATUS_SPV | HSTATUS_SPVP), HSTATUS_SPV | HSTATUS_SPVP);
	world_prepare_run(c);
	CHECK_EQ(csr_read(CSR_MSTATUS) & MSTATUS_MPV, 0);
}

TEST(redirect_of_an_interrupt_or_from_the_firmware_panics)
{
	struct vhart h;
	jmp_buf env;

	boot(&h, 0);
	host_catch_halt(&env);
	if (setjmp(env) == 0)
		vtrap_redirect_to_payload(&h.ctx, CAUSE_LOAD_PAGE_FAULT, 0);
	CHECK_EQ(host_stats()->panics, 1);
	enter_payload(&h, PRV_S, false);
	if (setjmp(env) == 0)
		vtrap_redirect_to_payload(&h.ctx, MCAUSE_INTERRUPT | IRQ_S_TIMER, 0);
	CHECK_EQ(host_stats()->panics, 2);
}

/* ---- the firmware's own environment (issue 7 item 12) ---- */

TEST(env_firmware_world_gets_its_own_envcfg_and_endianness)
{
	struct vhart h;
	struct vctx *c = &h.ctx;
	uint64_t senv_mask;

	boot(&h, 0);
	senv_mask = h.hw.csr[HW_senvcfg].wmask;
	/* the firmware denies cbo.zero below M and sets up its payload */
	vwrite(c, CSR_MENVCFG, MENVCFG_FIOM | MENVCFG_STCE);
	vwrite(c, CSR_SENVCFG, MENVCFG_FIOM);
	world_prepare_run(c);
	/* it still runs (in U) with M's environment: cbo allowed, no FIOM */
	CHECK_EQ(csr_read(CSR_SENVCFG) & MENVCFG_FIOM, 0);
	CHECK_EQ(csr_read(CSR_SENVCFG), (MENVCFG_CBIE | MENVCFG_CBCFE | MENVCFG_CBZE) & senv_mask);
	CHECK_EQ(csr_read(CSR_MENVCFG) & MENVCFG_FIOM, 0);
	/* S-only fields are the firmware's: STCE keeps mip.STIP read-only as natively */
	CHECK_EQ(csr_read(CSR_MENVCFG) & MENVCFG_STCE, MENVCFG_STCE & h.hw.csr[HW_menvcfg].wmask);
	CHECK_EQ(vread(c, CSR_MENVCFG), (MENVCFG_FIOM | MENVCFG_STCE) & h.hw.csr[HW_menvcfg].wmask);
	CHECK_EQ(vread(c, CSR_SENVCFG), MENVCFG_FIOM & senv_mask);

	/* the payload runs with what the firmware configured */
	enter_payload(&h, PRV_S, false);
	CHECK_EQ(csr_read(CSR_MENVCFG), (MENVCFG_FIOM | MENVCFG_STCE) & h.hw.csr[HW_menvcfg].wmask);
	CHECK_EQ(csr_read(CSR_SENVCFG), MENVCFG_FIOM & senv_mask);
	/* it changes its senvcfg, then traps: the firmware world is its own again */
	csr_write(CSR_SENVCFG, 0);
	payload_trap(c, PRV_S, false, CAUSE_ILLEGAL_INSTRUCTION, 0);
	world_prepare_run(c);
	CHECK_EQ(csr_read(CSR_SENVCFG), (MENVCFG_CBIE | MENVCFG_CBCFE | MENVCFG_CBZE) & senv_mask);
	CHECK_EQ(vread(c, CSR_SENVCFG), 0);
}

TEST(env_payload_ube_never_reaches_the_firmware_world)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	boot(&h, 0);
	enter_payload(&h, PRV_S, false);
	/* the payload's sstatus.UBE (as if the hart implemented it) */
	c->csr.mstatus |= MSTATUS_UBE;
	payload_trap(c, PRV_S, false, CAUSE_ILLEGAL_INSTRUCTION, 0);
	c->csr.mstatus |= MSTATUS_UBE;
	world_prepare_run(c);
	/* host hart: UBE not writable, so the check is on what the monitor wrote */
	CHECK_EQ(csr_read(CSR_MSTATUS) & MSTATUS_UBE, 0);
	CHECK(c->csr.mstatus & MSTATUS_UBE);
}

TEST(env_payload_mstatus_survives_a_trap_handled_in_the_monitor)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	boot(&h, 0);
	enter_payload(&h, PRV_S, false);
	/* the payload sets SIE and SUM, then calls the monitor ABI */
	csr_write(CSR_SSTATUS, MSTATUS_SIE | MSTATUS_SUM);
	c->regs[17] = ABI_EID;
	c->regs[16] = 0x77;
	payload_trap(c, PRV_S, false, CAUSE_SUPERVISOR_ECALL, 0);
	world_prepare_run(c);
	CHECK_EQ(csr_read(CSR_MSTATUS) & (MSTATUS_SIE | MSTATUS_SUM), MSTATUS_SIE | MSTATUS_SUM);
}
