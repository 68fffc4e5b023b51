/*
 * The firmware runtime (firmware/common/fw.h) as the host reference hart
 * provides it: the same names, so that csr-fuzz's generator (main.c,
 * sanitize.c) compiles unchanged for the host, and every CSR access,
 * mret and trap goes to src/arch/host instead of the hardware.
 * csr_read(mepc) and friends take the CSR's assembler name; REF_CSR_<name>
 * gives its number.
 */
#ifndef REF_SHIM_FW_H
#define REF_SHIM_FW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <miralis/riscv/encoding.h>

#include "host.h"

/* firmware/common/csr.h names that encoding.h spells differently */
#define IRQ_SSI IRQ_S_SOFT
#define IRQ_MSI IRQ_M_SOFT
#define IRQ_STI IRQ_S_TIMER
#define IRQ_MTI IRQ_M_TIMER
#define IRQ_SEI IRQ_S_EXT
#define IRQ_MEI IRQ_M_EXT
#define CAUSE_ILLEGAL_INSN CAUSE_ILLEGAL_INSTRUCTION
#define CAUSE_ECALL_U 8UL
#define CAUSE_ECALL_S 9UL

#define REF_CSR_mstatus CSR_MSTATUS
#define REF_CSR_misa CSR_MISA
#define REF_CSR_medeleg CSR_MEDELEG
#define REF_CSR_mideleg CSR_MIDELEG
#define REF_CSR_mie CSR_MIE
#define REF_CSR_mip CSR_MIP
#define REF_CSR_mtvec CSR_MTVEC
#define REF_CSR_mcounteren CSR_MCOUNTEREN
#define REF_CSR_mcountinhibit CSR_MCOUNTINHIBIT
#define REF_CSR_menvcfg CSR_MENVCFG
#define REF_CSR_mscratch CSR_MSCRATCH
#define REF_CSR_mepc CSR_MEPC
#define REF_CSR_mcause CSR_MCAUSE
#define REF_CSR_mtval CSR_MTVAL
#define REF_CSR_pmpcfg0 CSR_PMPCFG0
#define REF_CSR_pmpaddr0 (CSR_PMPADDR0 + 0)
#define REF_CSR_pmpaddr1 (CSR_PMPADDR0 + 1)
#define REF_CSR_pmpaddr2 (CSR_PMPADDR0 + 2)
#define REF_CSR_pmpaddr3 (CSR_PMPADDR0 + 3)
#define REF_CSR_pmpaddr4 (CSR_PMPADDR0 + 4)
#define REF_CSR_pmpaddr5 (CSR_PMPADDR0 + 5)
#define REF_CSR_pmpaddr6 (CSR_PMPADDR0 + 6)
#define REF_CSR_pmpaddr7 (CSR_PMPADDR0 + 7)
#define REF_CSR_sstatus CSR_SSTATUS
#define REF_CSR_sie CSR_SIE
#define REF_CSR_sip CSR_SIP
#define REF_CSR_stvec CSR_STVEC
#define REF_CSR_scounteren CSR_SCOUNTEREN
#define REF_CSR_senvcfg CSR_SENVCFG
#define REF_CSR_sscratch CSR_SSCRATCH
#define REF_CSR_sepc CSR_SEPC
#define REF_CSR_scause CSR_SCAUSE
#define REF_CSR_stval CSR_STVAL
#define REF_CSR_satp CSR_SATP

/* One Zicsr instruction on the reference hart; an illegal one traps (ops.c). */
uint64_t ref_csr_insn(unsigned csr, uint64_t v, uint64_t wmask);

#define csr_read(name) ref_csr_insn(REF_CSR_##name, 0, 0)
#define csr_write(name, val) ((void)ref_csr_insn(REF_CSR_##name, (val), ~0UL))
#define csr_set(name, val) ((void)ref_csr_insn(REF_CSR_##name, (val), (val)))
#define csr_clear(name, val) ((void)ref_csr_insn(REF_CSR_##name, 0, (val)))

__attribute__((noreturn)) void exit_failure(unsigned code);

#define check(cond, msg) do {                                           \
	if (!(cond)) {                                                  \
		printf("FAIL: %s (%s:%d)\n", (msg), __FILE__, __LINE__); \
		exit_failure(1);                                        \
	}                                                               \
} while (0)

struct trap_frame {
	uint64_t x[32];
	uint64_t mepc, mcause, mtval, mstatus;
};

void trap_handler(struct trap_frame *f);

/* Every instruction of the host generator is a 4-byte one. */
static inline void trap_skip(struct trap_frame *f)
{
	f->mepc += 4;
}

struct lower_ctx;
typedef bool (*lower_trap_fn)(struct lower_ctx *ctx, struct trap_frame *f);
struct lower_ctx {
	struct trap_frame regs;
	uint64_t pc;
	uint64_t mode;
	lower_trap_fn on_trap;
	void *user;
};
void enter_lower(struct lower_ctx *ctx);

#endif /* REF_SHIM_FW_H */
