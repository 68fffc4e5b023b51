/*
 * Per-hart boot and the run loop.
 *
 *   boot hart: console, banner ------------+
 *   every hart: probe the hardware          |  others wait for the banner
 *               build the PMP layout, reset the virtual hart
 *               loop { prepare world; run guest until it traps; handle trap }
 */
#define LOG_MODULE "main"

#include <miralis/arch.h>
#include <miralis/emul.h>
#include <miralis/fdt.h>
#include <miralis/fmt.h>
#include <miralis/handover.h>
#include <miralis/hw.h>
#include <miralis/log.h>
#include <miralis/module.h>
#include <miralis/monitor.h>
#include <miralis/platform.h>
#include <miralis/pmp.h>
#include <miralis/riscv/encoding.h>
#include <miralis/stack.h>
#include <miralis/vclint.h>
#include <miralis/vcsr.h>
#include <miralis/virt.h>

#include <config.h>

/*
 * Stack guard. The lowest STACK_GUARD bytes of each hart's stack
 * are not for use: they keep the pattern entry.S filled them with, and
 * every exit checks them before the guest runs again (stack_guard_check).
 * Hart 0's stack sits right above .bss (harts[] among it), and each other
 * hart's right above the previous one, so an overflow is caught while it
 * is still in the guard and stops the machine before corrupted state is
 * used. Why a canary and not a fault: PMP entries without L do not bind
 * M-mode, a locked entry (or Smepmp's MML) would take entries from the
 * firmware and is not available on every hart, and what lies below the
 * monitor's image (where a layout with the stacks first would overflow)
 * is the board's business. Frames are capped at the guard's size at build
 * time (-Wframe-larger-than in mk/monitor.mk), so a frame that reaches
 * past the guard begins inside it and a non-leaf frame saves ra there.
 *
 * The full check is 128 loads, five times the cost of a whole emulated CSR
 * write (issue 9), so it runs every STACK_CHECK_PERIOD exits handled in C
 * (the only ones that use the stack: the trap entry's CSR fast path does
 * not) and at the end (monitor_report), not on every exit. Checking only the guard's top
 * words would not do: the ra that an overflowing frame saves lands
 * anywhere in the guard (where its caller's frame ended), and a frame that
 * straddles the guard's top may write only its bottom part (a buffer
 * filled from its start). What the period costs: an overflow is reported
 * up to STACK_CHECK_PERIOD - 1 exits late, and state it corrupted may be
 * used meanwhile; the deepest stack measured on every test is far above
 * the guard (`Maximal stack usage` at the end of each run).
 */
#define STACK_CHECK_PERIOD 64
_Static_assert(STACK_GUARD < CONFIG_STACK_SIZE, "stack guard larger than the stack");

struct hart {
	struct vctx ctx;
	struct hw_caps hw;
	struct pmp_state pmp;
	bool ready;
};

static struct hart harts[CONFIG_NB_HARTS];
static volatile uint32_t banner_done;
static volatile uint32_t boot_in_payload;	/* for [debug] late_hart */
static uint64_t handover_a2;

extern char _start[], _rodata_end[], _stack_start[], _monitor_end[];

void monitor_main(unsigned long hart_id, unsigned long dtb) __attribute__((noreturn));

struct vctx *monitor_current_ctx(void)
{
	unsigned h = arch_hart_id();

	return h < CONFIG_NB_HARTS && harts[h].ready ? &harts[h].ctx : NULL;
}

uint64_t monitor_total_exits(void)
{
	uint64_t n = 0;

	for (unsigned h = 0; h < CONFIG_NB_HARTS; h++)
		n += harts[h].ctx.nb_exits;
	return n;
}

static const uint32_t *stack_bottom(unsigned h)
{
	return (const uint32_t *)(_stack_start + (uint64_t)h * CONFIG_STACK_SIZE);
}

static void stack_guard_check(unsigned h)
{
	if (stack_guard_intact(stack_bottom(h)))
		return;
	log_error("Stack overflow on hart %u: the guard below its %u-byte stack was written", h,
		  CONFIG_STACK_SIZE - STACK_GUARD);
	plat_exit(1);	/* the monitor's own state may be damaged: stop without using it */
}

void monitor_report(void)
{
	uint64_t used = 0;
	unsigned permil;

	module_shutdown();
	log_info("Number of exits: %lu", monitor_total_exits());
	if (log_dropped_bytes())
		log_warn("Console: %lu bytes dropped (the UART was not ready in time)",
			 log_dropped_bytes());
	/* a hart the platform never started has no pattern on its stack to measure */
	for (unsigned h = 0; h < CONFIG_NB_HARTS; h++) {
		uint64_t u = harts[h].ready ? stack_used(stack_bottom(h), CONFIG_STACK_SIZE) : 0;

		if (u > used)
			used = u;
	}
	permil = (unsigned)((1000 * used + CONFIG_STACK_SIZE / 2) / CONFIG_STACK_SIZE);
	if (used > CONFIG_STACK_SIZE - STACK_GUARD)
		log_error("Stack overflow: stack size increase required");
	else if (permil > 800)
		log_warn("Maximal stack usage: %lu bytes (%u.%u%%) - consider increasing stack size",
			 used, permil / 10, permil % 10);
	else
		log_info("Maximal stack usage: %lu bytes (%u.%u%%)", used, permil / 10, permil % 10);
}

void monitor_exit(int code)
{
	monitor_report();
	plat_exit(code);
}

static void dump_ctx(const struct vctx *c)
{
	/* inline strings: no table of 32 pointers in the image */
	static const char names[32][5] = {
		"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0",
		"a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5",
		"s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
	};

	log_error("  hart %u, virtual mode %u%s, pc 0x%lx, exits %lu", c->hart_id, c->mode,
		  c->virt ? " (V=1)" : "", c->pc, c->nb_exits);
	log_error("  mcause 0x%lx mtval 0x%lx mstatus 0x%lx mip 0x%lx", c->trap.mcause,
		  c->trap.mtval, c->trap.mstatus, c->trap.mip);
	for (unsigned r = 0; r < 32; r += 4)
		log_error("  %-4s 0x%016lx %-4s 0x%016lx %-4s 0x%016lx %-4s 0x%016lx", names[r],
			  c->regs[r], names[r + 1], c->regs[r + 1], names[r + 2], c->regs[r + 2],
			  names[r + 3], c->regs[r + 3]);
}

void monitor_panic(const char *fmt, ...)
{
	char msg[192];
	va_list ap;
	struct vctx *c = monitor_current_ctx();

	va_start(ap, fmt);
	fmt_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_error("Panicked: %s", msg);
	if (c)
		dump_ctx(c);
	monitor_exit(1);
}

static void boot_banner(void)
{
	plat_init();
	log_info("Hello, world!");
	log_info("Platform name: %s", plat_name());
}

void monitor_image(uint64_t *base, uint64_t *size)
{
	*base = (uint64_t)_start;
	*size = (uint64_t)(_rodata_end - _start);
}

static uint64_t monitor_size(void)
{
	uint64_t size = (uint64_t)(_monitor_end - _start), p = 0x1000;

	while (p < size)
		p <<= 1;
	return p;
}

static void log_hw(const struct hw_caps *hw)
{
	log_debug("misa 0x%lx, %u PMP entries (grain %u), H %d, Sstc %d, %u triggers", hw->misa,
		  hw->nb_pmp, hw->pmp_grain, hw->has_h, hw->has_sstc, hw->nb_triggers);
}

/*
 * The monitor runs only if the PMP really protects it: its region must be
 * one NAPOT entry clear of what the guests own, the hart must have the
 * entries of the layout, and the hardware must hold what was written
 * (read back after this first commit). Otherwise: a clear refusal.
 */
static void protect_monitor(struct hart *h, uint64_t dtb)
{
	const struct pmp_range guests[] = {
		{ "the firmware entry", CONFIG_FIRMWARE_START, 4 },
		{ "the payload entry", CONFIG_PAYLOAD_START, 4 },
		{ "the device tree", dtb, fdt_size((const void *)dtb) },
	};
	const char *bad = pmp_check_region((uint64_t)_start, monitor_size(), guests,
					   sizeof(guests) / sizeof(guests[0]));
	int entry;

	if (bad) {
		log_error("Monitor region 0x%lx/0x%lx: %s", (uint64_t)_start, monitor_size(), bad);
		plat_exit(1);
	}
	if (h->hw.csr[HW_mseccfg].present && (h->hw.csr[HW_mseccfg].reset & MSECCFG_MML)) {
		/* Under MML the monitor's unlocked entries would deny M-mode itself */
		log_error("mseccfg.MML was set before the monitor started: cannot protect it");
		plat_exit(1);
	}
	if (pmp_init(&h->pmp, &h->hw, (uint64_t)_start, monitor_size(), module_pmp_entries(),
		     CONFIG_VCPU_MAX_PMP) != 0) {
		log_error("This hart has %u PMP entries: too few to protect the monitor", h->hw.nb_pmp);
		plat_exit(1);
	}
	pmp_commit(&h->pmp);
	entry = pmp_verify(&h->pmp, &h->hw);
	if (entry >= 0) {
		log_error("PMP entry %d does not hold what the monitor wrote: refusing to run unprotected",
			  entry);
		plat_exit(1);
	}
}

/*
 * One exit, on a fresh frame (arch_vcpu_loop): handle it, and prepare the
 * world for the next entry unless the fast exit left it in place.
 */
static void on_exit(struct vctx *c)
{
	unsigned h = c->hart_id;
	enum fast_result fast = vtrap_handle_fast(c);

	if (fast == FAST_NONE)
		vtrap_handle(c);
	/* the trap entry's CSR fast path uses no stack: count the exits that do */
	if (++c->slow_exits % STACK_CHECK_PERIOD == 0)
		stack_guard_check(h);
	if (CONFIG_LATE_HART >= 0 && h == CONFIG_BOOT_HART_ID && c->mode != PRV_M)
		__atomic_store_n(&boot_in_payload, 1, __ATOMIC_RELEASE);
	if (fast != FAST_DONE)
		world_prepare_run(c);
}

/*
 * [debug] late_hart: wait for the boot hart to run the payload. A module
 * may wait for this hart first (the sandbox's seal, at that very switch):
 * its monitor work is done here, as at a monitor IPI (vtrap_physical_interrupt).
 */
static void hold_back(struct vctx *c)
{
	while (!__atomic_load_n(&boot_in_payload, __ATOMIC_ACQUIRE)) {
		uint32_t work;

		if (!vclint_pending_work(c->hart_id))
			continue;
		work = vclint_take_work(c->hart_id);
		if (work & VCLINT_WORK_TIMER)
			vclint_timer_service(c);
		module_interrupt(c, work & ~VCLINT_WORK_TIMER);
	}
}

void monitor_main(unsigned long hart_id, unsigned long dtb)
{
	struct hart *h = &harts[hart_id];
	struct vctx *c = &h->ctx;
	bool boot = hart_id == CONFIG_BOOT_HART_ID;

	/* Probe before anything below changes a CSR: reset values matter */
	hw_detect(&h->hw);
	if (boot) {
		boot_banner();
		handover_a2 = handover_prepare(dtb, (uint64_t)_start, monitor_size());
		__atomic_store_n(&banner_done, 1, __ATOMIC_RELEASE);
	} else {
		while (!__atomic_load_n(&banner_done, __ATOMIC_ACQUIRE))
			;
	}
	log_info("Hart %lu is up", hart_id);
	if (boot)
		log_hw(&h->hw);
	module_init((unsigned)hart_id, boot);

	protect_monitor(h, dtb);
	vctx_init(c, (unsigned)hart_id, &h->hw, &h->pmp, CONFIG_FIRMWARE_START, dtb);
	c->regs[12] = handover_a2;
	vcsr_fast_init(c, !module_claims_firmware_traps() && !module_watches_exits());
	module_fast_init(c);
	h->ready = true;

	/* Firmware world: every trap comes to the monitor */
	csr_write(CSR_MEDELEG, 0);
	csr_write(CSR_MIDELEG, 0);
	csr_write(CSR_MCOUNTEREN, 0);
	csr_write(CSR_MIE, 0);
	if (h->hw.has_s)
		csr_write(CSR_SATP, 0);
	log_debug("Firmware entry 0x%lx, %u virtual PMP entries", c->pc, c->nb_pmp);
	if (CONFIG_LATE_HART >= 0 && (long)hart_id == CONFIG_LATE_HART) {
		/* testing: enter the firmware after its cold boot, as a slow hart may */
		log_info("Hart %lu held back until the boot hart runs the payload", hart_id);
		hold_back(c);
	}

	world_prepare_run(c);
	arch_vcpu_loop(c, on_exit);
}
