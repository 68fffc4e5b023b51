/* Fan-out of the module hooks, in config order (include/miralis/module.h). */
#define LOG_MODULE "modules"

#include <miralis/log.h>
#include <miralis/module.h>

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

#define FIRST_WINS(hook)                                                      \
	bool module_##hook(struct vctx *c)                                    \
	{                                                                     \
		FOR_EACH(m)                                                   \
			if ((*m)->hook && (*m)->hook(c))                      \
				return true;                                  \
		return false;                                                 \
	}
FIRST_WINS(trap_from_firmware)
FIRST_WINS(trap_from_payload)
FIRST_WINS(ecall)

#define ALL_CALLED(fn, hook)                                                  \
	void module_##fn(struct vctx *c)                                      \
	{                                                                     \
		FOR_EACH(m)                                                   \
			if ((*m)->hook)                                       \
				(*m)->hook(c);                                \
	}
ALL_CALLED(count_exit, on_exit)
ALL_CALLED(to_payload, to_payload)
ALL_CALLED(to_firmware, to_firmware)

void module_shutdown(void)
{
	FOR_EACH(m)
		if ((*m)->on_shutdown)
			(*m)->on_shutdown();
}
