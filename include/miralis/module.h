/*
 * Policy and benchmark modules, chosen by the config ([modules] modules,
 * in order). Each hook is optional (NULL = not interested). A trap hook
 * returning true has fully handled the trap (pc advanced, registers set),
 * and the chain stops there; the other hooks are all called in order.
 */
#ifndef MIRALIS_MODULE_H
#define MIRALIS_MODULE_H

#include <stdbool.h>

struct vctx;

struct module_ops {
	const char *name;
	unsigned nb_pmp;	/* PMP entries the module owns (after the devices) */
	void (*init)(unsigned hart);
	bool (*trap_from_firmware)(struct vctx *c);
	bool (*trap_from_payload)(struct vctx *c);
	bool (*ecall)(struct vctx *c);	/* monitor ABI functions it implements */
	void (*on_exit)(struct vctx *c);	/* every trap, before dispatch */
	void (*to_payload)(struct vctx *c);
	void (*to_firmware)(struct vctx *c);
	void (*on_shutdown)(void);
};

void module_init(unsigned hart, bool announce);
unsigned module_pmp_entries(void);
bool module_trap_from_firmware(struct vctx *c);
bool module_trap_from_payload(struct vctx *c);
bool module_ecall(struct vctx *c);
void module_count_exit(struct vctx *c);
void module_to_payload(struct vctx *c);
void module_to_firmware(struct vctx *c);
void module_shutdown(void);

#endif /* MIRALIS_MODULE_H */
