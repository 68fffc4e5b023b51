/* Runtime interface of the M-mode test firmwares (firmware/common).
 * Output rules (docs/build-contract.md): firmware lines never start with '['
 * and end with "\n"; success is the sifive_test finisher writing 0x5555. */
#ifndef FW_FW_H
#define FW_FW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "csr.h"
#include "frame.h"
#include "print.h"

/* --- exit (QEMU virt sifive_test finisher at 0x100000) --- */
__attribute__((noreturn)) void exit_success(void);
__attribute__((noreturn)) void exit_failure(unsigned code);

/* --- checks: print one "FAIL: ..." line and exit with failure --- */
__attribute__((noreturn)) void fw_fail(const char *msg, const char *file, int line);
__attribute__((noreturn)) void fw_fail_eq(const char *msg, uint64_t got, uint64_t want,
					  const char *file, int line);

#define check(cond, msg) do {                                           \
	if (!(cond))                                                    \
		fw_fail((msg), __FILE__, __LINE__);                     \
} while (0)

#define check_eq(got, want, msg) do {                                   \
	uint64_t g_ = (uint64_t)(got), w_ = (uint64_t)(want);           \
	if (g_ != w_)                                                   \
		fw_fail_eq((msg), g_, w_, __FILE__, __LINE__);          \
} while (0)

/* --- traps taken in M-mode --- */
struct trap_frame {
	uint64_t x[32];		/* x[0] unused, x[2] = sp at the trap */
	uint64_t mepc;		/* written back to mepc before mret */
	uint64_t mcause;
	uint64_t mtval;
	uint64_t mstatus;	/* as read at entry; not written back */
};

/* Called by the mtvec entry for traps taken while in M-mode. Weak: the
 * default reports the trap and fails; a test overrides it to expect traps. */
void trap_handler(struct trap_frame *f);

/* Length in bytes (2 or 4) of the instruction at addr (RVC: low bits != 11). */
unsigned insn_len(uint64_t addr);

/* mepc += length of the trapping instruction: "skip it and continue". */
static inline void trap_skip(struct trap_frame *f)
{
	f->mepc += insn_len(f->mepc);
}

/* --- excursions into S- or U-mode (lower.S) ---
 * enter_lower() mrets to ctx->pc in ctx->mode with GPRs from ctx->regs.
 * Every trap back to M calls ctx->on_trap; returning true resumes the lower
 * mode (mepc and GPRs from *f), false ends the excursion: ctx->regs then holds
 * the final frame and enter_lower() returns. mtvec and mscratch are restored. */
struct lower_ctx;
typedef bool (*lower_trap_fn)(struct lower_ctx *ctx, struct trap_frame *f);
struct lower_ctx {
	struct trap_frame regs;
	uint64_t pc;
	uint64_t mode;		/* PRV_S or PRV_U */
	lower_trap_fn on_trap;
	void *user;
};
void enter_lower(struct lower_ctx *ctx);

/* --- per hart entry points --- */
int main(void);				/* hart 0; return 0 = success */
void secondary_main(unsigned long hartid);	/* weak: parks in wfi */

/* --- freestanding string helpers (GCC may emit calls to these) --- */
void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);

/* The device tree address the previous stage passed to hart 0 in a1. */
extern uint64_t fw_boot_dtb;
/* And in a2 (fw_dynamic_info from the monitor, src/core/handover.c). */
extern uint64_t fw_boot_a2;

/* Image bounds from link.ld, for printing link-independent offsets. */
extern char __image_start[], __image_end[];

#endif /* FW_FW_H */
