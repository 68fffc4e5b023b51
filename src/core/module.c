/*
 * Fan-out of the module hooks, in config order, and the services modules
 * use (include/miralis/module.h, docs/architecture.md "Module seams").
 */
#define LOG_MODULE "modules"

#include <miralis/log.h>
#include <miralis/module.h>
#include <miralis/monitor.h>
#include <miralis/pmp.h>
#include <miralis/riscv/encoding.h>
#include <miralis/vclint.h>
#include <miralis/virt.h>

#include <config.h>
#include <stddef.h>

#define DECLARE_MODULE(name) extern const struct module_ops module_##name;
CONFIG_MODULES(DECLARE_MODULE)
#undef DECLARE_MODULE

#define MODULE_ENTRY(name) &module_##name,
static const struct module_ops *const modules[] = { CONFIG_MODULES(MODULE_ENTRY) NULL };
#undef MODULE_ENTRY

#define NB_MODULES (sizeof(modules) / sizeof(modules[0]) - 1)
#define FOR_EACH(m) for (const struct module_ops *const *m = modules; *m; m++)

_Static_assert(NB_MODULES <= MODULE_MAX, "one monitor-IPI bit per module");

/*
 * Which per-exit hooks any module has (bit per HOOK_*): the fan-outs of
 * hooks no module has return at once instead of walking the list on
 * every exit (issue 9: ~20 instructions each). Computed at the first
 * use, by any hart, always to the same value (HOOKS_KNOWN: computed).
 */
enum {
	HOOK_TRAP_FW = 1u << 0,
	HOOK_TRAP_PL = 1u << 1,
	HOOK_ECALL_FW = 1u << 2,
	HOOK_ECALL_PL = 1u << 3,
	HOOK_ABI = 1u << 4,
	HOOK_ON_EXIT = 1u << 5,
	HOOK_AFTER_EXIT = 1u << 6,
	HOOKS_KNOWN = 1u << 31,
};
static uint32_t hooks_present;

static uint32_t hooks_of(const struct module_ops *m)
{
	return (m->trap_from_firmware ? HOOK_TRAP_FW : 0) | (m->trap_from_payload ? HOOK_TRAP_PL : 0) |
	       (m->ecall_from_firmware ? HOOK_ECALL_FW : 0) |
	       (m->ecall_from_payload ? HOOK_ECALL_PL : 0) | (m->abi ? HOOK_ABI : 0) |
	       (m->on_exit ? HOOK_ON_EXIT : 0) | (m->after_exit ? HOOK_AFTER_EXIT : 0);
}

static __attribute__((noinline)) uint32_t hooks_compute(void)
{
	uint32_t hooks = HOOKS_KNOWN;

	FOR_EACH(m)
		hooks |= hooks_of(*m);
	__atomic_store_n(&hooks_present, hooks, __ATOMIC_RELAXED);
	return hooks;
}

static inline __attribute__((always_inline)) bool hooked(uint32_t hook)
{
	uint32_t hooks;

	/* no module configured: no hook, known at build time (costs nothing) */
	if (NB_MODULES == 0)
		return false;
	hooks = __atomic_load_n(&hooks_present, __ATOMIC_RELAXED);
	return (hooks ? hooks : hooks_compute()) & hook;
}

void module_init(unsigned hart, bool announce)
{
	if (announce) {
		log_info("Installed %u modules:", (unsigned)NB_MODULES);
		FOR_EACH(m)
			log_info("  - %s", (*m)->name);
	}
	FOR_EACH(m)
		if ((*m)->init)
			(*m)->init(hart);
}

unsigned module_pmp_entries(void)
{
	unsigned n = 0;

	FOR_EACH(m)
		n += (*m)->nb_pmp;
	return n;
}

#define FIRST_WINS(hook, bit)                                                 \
	static __attribute__((noinline)) bool first_##hook(struct vctx *c)    \
	{                                                                     \
		FOR_EACH(m)                                                   \
			if ((*m)->hook && (*m)->hook(c))                      \
				return true;                                  \
		return false;                                                 \
	}                                                                     \
	bool module_##hook(struct vctx *c)                                    \
	{                                                                     \
		return hooked(bit) && first_##hook(c);                        \
	}

/* trap_from_firmware of the modules that take this cause (firmware_traps_only) */
static bool takes(const struct module_ops *m, const struct vctx *c)
{
	uint64_t cause = c->trap.mcause;

	return !m->firmware_traps_only ||
	       (!(cause & MCAUSE_INTERRUPT) && cause < 32 && (m->firmware_traps_only & (1u << cause)));
}

static __attribute__((noinline)) bool first_trap_from_firmware(struct vctx *c)
{
	FOR_EACH(m)
		if ((*m)->trap_from_firmware && takes(*m, c) && (*m)->trap_from_firmware(c))
			return true;
	return false;
}

bool module_trap_from_firmware(struct vctx *c)
{
	return hooked(HOOK_TRAP_FW) && first_trap_from_firmware(c);
}

FIRST_WINS(trap_from_payload, HOOK_TRAP_PL)
FIRST_WINS(ecall_from_firmware, HOOK_ECALL_FW)
FIRST_WINS(ecall_from_payload, HOOK_ECALL_PL)
FIRST_WINS(abi, HOOK_ABI)

bool module_claims_firmware_traps(void)
{
	const uint32_t illegal = 1u << CAUSE_ILLEGAL_INSTRUCTION;

	FOR_EACH(m)
		if ((*m)->trap_from_firmware &&
		    (!(*m)->firmware_traps_only || ((*m)->firmware_traps_only & illegal)))
			return true;
	return false;
}

bool module_watches_exits(void)
{
	FOR_EACH(m)
		if ((*m)->on_exit || ((*m)->after_exit && !(*m)->after_exit_on_switch))
			return true;
	return false;
}

void module_fast_init(struct vctx *c)
{
	const uint32_t sees = HOOK_TRAP_PL | HOOK_ECALL_PL | HOOK_ON_EXIT | HOOK_AFTER_EXIT;
	const struct module_ops *only = NULL;

	c->fast_payload = 0;
	/* no hook can see a guest register: the world switches' exits save fewer (trap.S) */
	c->light = NB_MODULES == 0;
	FOR_EACH(m) {
		if (!(hooks_of(*m) & sees))
			continue;
		if (only)
			return;	/* two modules see payload exits: only C knows their order */
		only = *m;
	}
	if (only && only->fast_exits)
		only->fast_exits(c);
}

#define ALL_CALLED(fn, hook)                                                  \
	void module_##fn(struct vctx *c)                                      \
	{                                                                     \
		FOR_EACH(m)                                                   \
			if ((*m)->hook)                                       \
				(*m)->hook(c);                                \
	}
static __attribute__((noinline)) void count_exit_all(struct vctx *c)
{
	FOR_EACH(m)
		if ((*m)->on_exit)
			(*m)->on_exit(c);
}

void module_count_exit(struct vctx *c)
{
	if (hooked(HOOK_ON_EXIT))
		count_exit_all(c);
}

ALL_CALLED(to_payload, to_payload)

bool module_has_to_payload(void)
{
	FOR_EACH(m)
		if ((*m)->to_payload)
			return true;
	return false;
}
ALL_CALLED(to_firmware, to_firmware)

static __attribute__((noinline)) void after_exit_all(struct vctx *c, enum world from,
							enum world to)
{
	FOR_EACH(m)
		if ((*m)->after_exit)
			(*m)->after_exit(c, from, to);
}

void module_after_exit(struct vctx *c, enum world from, enum world to)
{
	if (hooked(HOOK_AFTER_EXIT))
		after_exit_all(c, from, to);
}

void module_pmp_prepare(struct vctx *c, enum world w)
{
	FOR_EACH(m)
		if ((*m)->pmp_prepare)
			(*m)->pmp_prepare(c, w);
}

void module_interrupt(struct vctx *c, uint32_t work)
{
	for (unsigned i = 0; modules[i]; i++)
		if ((work & (1u << i)) && modules[i]->on_interrupt)
			modules[i]->on_interrupt(c);
}

void module_shutdown(void)
{
	FOR_EACH(m)
		if ((*m)->on_shutdown)
			(*m)->on_shutdown();
}

/* ---- services ---- */

/* Position in the config list; a module that is not installed has none. */
static int index_of(const struct module_ops *m)
{
	for (unsigned i = 0; modules[i]; i++)
		if (modules[i] == m)
			return (int)i;
	return -1;
}

bool module_installed(const struct module_ops *m)
{
	return index_of(m) >= 0;
}

unsigned module_hart(const struct vctx *c)
{
	if (c->hart_id >= CONFIG_NB_HARTS)
		monitor_panic("module state for hart %u, the monitor serves %u", c->hart_id,
			      (unsigned)CONFIG_NB_HARTS);
	return c->hart_id;
}

void module_pmp_set(struct vctx *c, const struct module_ops *m, unsigned rel, uint8_t cfg,
		    uint64_t pmpaddr)
{
	int idx = index_of(m);
	unsigned first = 0;

	for (int i = 0; i < idx; i++)
		first += modules[i]->nb_pmp;
	/* entries are placed in config order, as pmp_init reserved them */
	if (idx < 0 || pmp_module_set(c->pmp, first, m->nb_pmp, rel, cfg, pmpaddr) != 0)
		monitor_panic("module %s: PMP entry %u outside its %u entries", m->name, rel,
			      m->nb_pmp);
	c->pmp_dirty = true;
}

void module_pmp_commit(struct vctx *c)
{
	pmp_commit(c->pmp);
}

void module_send_ipi(const struct module_ops *m, unsigned hart)
{
	int idx = index_of(m);

	if (idx < 0)
		monitor_panic("IPI from module %s, which is not installed", m->name);
	vclint_send_work(hart, 1u << idx);
}

void module_sbi_return(struct vctx *c, int64_t error, uint64_t value)
{
	vctx_set_reg(c, 10, (uint64_t)error);
	vctx_set_reg(c, 11, value);
	c->pc += 4;
}
