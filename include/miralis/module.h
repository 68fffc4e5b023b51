/*
 * Policy and benchmark modules, chosen by the config ([modules] modules,
 * in order). docs/architecture.md, "Module seams", says when each hook
 * runs. Each hook is optional (NULL = not interested).
 *
 * Trap and ecall hooks returning true have fully handled the trap (pc
 * advanced, registers set) and the chain stops there; the other hooks are
 * all called, in config order.
 */
#ifndef MIRALIS_MODULE_H
#define MIRALIS_MODULE_H

#include <stdbool.h>
#include <stdint.h>

#include <miralis/virt.h>

#include <config.h>

struct module_ops {
	const char *name;
	unsigned nb_pmp;	/* PMP entries the module owns (after the devices) */
	/* each hart at boot, before its firmware runs */
	void (*init)(unsigned hart);
	/* first look at every trap of the firmware / of the payload */
	bool (*trap_from_firmware)(struct vctx *c);
	bool (*trap_from_payload)(struct vctx *c);
	/* ecall of the firmware (cause 8) / the payload (cause 9), before the monitor ABI */
	bool (*ecall_from_firmware)(struct vctx *c);
	bool (*ecall_from_payload)(struct vctx *c);
	/* monitor ABI functions it implements (a7 = ABI_EID); pc is advanced by the core */
	bool (*abi)(struct vctx *c);
	void (*on_exit)(struct vctx *c);	/* every trap, before dispatch */
	/* every trap, once handled: the worlds it came from and goes to */
	void (*after_exit)(struct vctx *c, enum world from, enum world to);
	/* after the core switched to the payload world (payload CSRs installed) */
	void (*to_payload)(struct vctx *c);
	/* before the core switches to the firmware (payload CSRs still physical) */
	void (*to_firmware)(struct vctx *c);
	/* just before the PMP of world w is committed: set the module's entries */
	void (*pmp_prepare)(struct vctx *c, enum world w);
	/* a monitor IPI sent to this module reached this hart (module_send_ipi) */
	void (*on_interrupt)(struct vctx *c);
	void (*on_shutdown)(void);
	/*
	 * Called at boot when this is the only module that sees payload exits:
	 * set c->fast_payload (VCTX_FAST_*) for the exits the trap entry may
	 * answer exactly as this module would.
	 */
	void (*fast_exits)(struct vctx *c);
	/*
	 * If not 0: the only exception causes trap_from_firmware is called
	 * for (bit n: cause n; no interrupt). A module that takes no illegal
	 * instruction leaves the firmware's CSR accesses to the fast paths
	 * (issue 9).
	 */
	uint32_t firmware_traps_only;
	/*
	 * after_exit does something only after an exit in which the world
	 * switched (to_firmware or to_payload ran, maybe back again)
	 */
	bool after_exit_on_switch;
};

/* At most this many modules (one pending-IPI bit each) */
#define MODULE_MAX 16

/* ---- called by the core ---- */
void module_init(unsigned hart, bool announce);
unsigned module_pmp_entries(void);
bool module_trap_from_firmware(struct vctx *c);
/*
 * Whether a module's trap_from_firmware may take an illegal instruction
 * (no CSR fast exit then: vtrap_handle_fast, the trap entry)
 */
bool module_claims_firmware_traps(void);
/*
 * Whether a module has an on_exit hook or an after_exit hook for every
 * exit (no CSR fast path in the trap entry then)
 */
bool module_watches_exits(void);
/*
 * c->fast_payload from the one module that sees payload exits (fast_exits),
 * else 0; c->light when no module is configured (src/arch/metal/trap.S)
 */
void module_fast_init(struct vctx *c);
bool module_trap_from_payload(struct vctx *c);
bool module_ecall_from_firmware(struct vctx *c);
bool module_ecall_from_payload(struct vctx *c);
bool module_abi(struct vctx *c);
void module_count_exit(struct vctx *c);
void module_after_exit(struct vctx *c, enum world from, enum world to);
void module_to_payload(struct vctx *c);
/* Whether an installed module has a to_payload hook (known at build time) */
bool module_has_to_payload(void);
void module_to_firmware(struct vctx *c);
void module_pmp_prepare(struct vctx *c, enum world w);
/* run on_interrupt of the modules whose bit is set in work */
void module_interrupt(struct vctx *c, uint32_t work);
void module_shutdown(void);

/* ---- services for modules ---- */

/* Whether module m is installed (named in [modules] modules). */
bool module_installed(const struct module_ops *m);

/*
 * The module's own PMP entries, by index relative to its first one
 * (rel < m->nb_pmp; anything else panics). Sets the physical shadow;
 * it is committed before the guest runs again (module_pmp_commit for
 * right now). Lower-numbered than the firmware's entries, so they win.
 */
void module_pmp_set(struct vctx *c, const struct module_ops *m, unsigned rel, uint8_t cfg,
		    uint64_t pmpaddr);
void module_pmp_commit(struct vctx *c);

/*
 * Monitor-private IPI: run m->on_interrupt on `hart` soon (at its next
 * physical MSI). Never visible to the firmware. Invalid harts ignored.
 */
void module_send_ipi(const struct module_ops *m, unsigned hart);

/* Per-hart state of a module: MODULE_HART_STATE(struct foo, foo_state); */
#define MODULE_HART_STATE(type, name) static type name[CONFIG_NB_HARTS]
/* This hart's slot (the monitor serves harts 0 .. CONFIG_NB_HARTS-1 only) */
#define MODULE_THIS_HART(name, c) (&(name)[module_hart(c)])
/* c->hart_id, checked to be one the monitor serves (panics otherwise) */
unsigned module_hart(const struct vctx *c);

/* SBI return: a0 = error, a1 = value, past the ecall (SBI v2.0 §3) */
void module_sbi_return(struct vctx *c, int64_t error, uint64_t value);

#endif /* MIRALIS_MODULE_H */
