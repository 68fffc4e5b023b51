/* Exit categories of the counting modules (include/miralis/exit_category.h). */
#include <miralis/exit_category.h>
#include <miralis/riscv/encoding.h>
#include <miralis/virt.h>

/* SBI v2.0 extensions the offload policy answers */
#define SBI_EXT_TIME 0x54494d45UL
#define SBI_EXT_IPI 0x735049UL
#define SBI_EXT_RFENCE 0x52464e43UL

static enum exit_category payload_ecall(const struct vctx *c)
{
	switch (vctx_get_reg(c, 17)) {
	case SBI_EXT_TIME:
		return EXIT_SET_TIMER;
	case SBI_EXT_IPI:
		return EXIT_IPI;
	case SBI_EXT_RFENCE:
		return EXIT_REMOTE_FENCE;
	default:
		return EXIT_NONE;
	}
}

enum exit_category exit_category(const struct vctx *c, enum world from, enum world to)
{
	if (from == WORLD_PAYLOAD && to == WORLD_FIRMWARE)
		return EXIT_NOT_OFFLOADED;
	if (from == WORLD_FIRMWARE)
		return to == WORLD_FIRMWARE ? EXIT_FIRMWARE_TRAP : EXIT_NONE;
	switch (c->trap.mcause) {
	case CAUSE_MISALIGNED_LOAD:
	case CAUSE_MISALIGNED_STORE:
		return EXIT_MISALIGNED;
	case CAUSE_ILLEGAL_INSTRUCTION:
		return EXIT_READ_TIME;
	case CAUSE_SUPERVISOR_ECALL:
		return payload_ecall(c);
	case CAUSE_FETCH_PAGE_FAULT:
	case CAUSE_LOAD_PAGE_FAULT:
	case CAUSE_STORE_PAGE_FAULT:
		return EXIT_PAGE_FAULT;
	default:
		return EXIT_NONE;
	}
}

const char *exit_category_name(enum exit_category k)
{
	static const char *const names[EXIT_NB_CATEGORIES] = {
		"not offloaded", "read time", "set timer", "misaligned",
		"ipi", "remote fence", "firmware trap", "page fault",
	};

	return k < EXIT_NB_CATEGORIES ? names[k] : "none";
}
