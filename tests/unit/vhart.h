/*
 * Shared fixture for the tests of the portable emulation core: a virtual
 * hart booted on the software hart the way src/core/main.c boots it on
 * metal (hw_detect before anything else, then pmp_init and vctx_init).
 *
 *	struct vhart h;
 *	vhart_boot(&h, 0);
 *	vcsr_write(&h.ctx, CSR_MSCRATCH, 1);
 *
 * Each test starts on a freshly reset host hart (tests/unit/main.c), so a
 * fixture lives on the test's stack and needs no teardown.
 */
#ifndef MIRALIS_TESTS_UNIT_VHART_H
#define MIRALIS_TESTS_UNIT_VHART_H

#include <stdint.h>

#include <miralis/hw.h>
#include <miralis/pmp.h>
#include <miralis/vclint.h>
#include <miralis/virt.h>

#include "host.h"

#define VHART_MON_BASE 0x80000000UL
#define VHART_MON_SIZE 0x200000UL
#define VHART_FW_ENTRY 0x80200000UL
#define VHART_DTB 0x82200000UL

/*
 * The M and S CSRs a firmware in vM-mode owns as its own state: what the
 * fuzzer and the proofs compare between the monitor and the reference hart.
 */
#define VHART_FW_CSRS                                                        \
	CSR_MSTATUS, CSR_MEDELEG, CSR_MIDELEG, CSR_MIE, CSR_MTVEC,            \
	CSR_MCOUNTEREN, CSR_MENVCFG, CSR_MSCRATCH, CSR_MEPC, CSR_MCAUSE,      \
	CSR_MTVAL, CSR_STVEC, CSR_SCOUNTEREN, CSR_SENVCFG, CSR_SSCRATCH,      \
	CSR_SEPC, CSR_SCAUSE, CSR_STVAL, CSR_SATP

struct vhart {
	struct hw_caps hw;
	struct pmp_state pmp;
	struct vctx ctx;
};

/*
 * Probe the hart, build the PMP layout with max_virt virtual entries (no
 * module entries, whatever devices the test installed) and reset the
 * virtual hart. Returns pmp_init's result.
 */
static inline int vhart_boot_n(struct vhart *h, unsigned hart_id, unsigned max_virt)
{
	int rc;

	host_set_hart_id(hart_id);
	vclint_reset(hart_id);
	hw_detect(&h->hw);
	rc = pmp_init(&h->pmp, &h->hw, VHART_MON_BASE, VHART_MON_SIZE, 0, max_virt);
	vctx_init(&h->ctx, hart_id, &h->hw, &h->pmp, VHART_FW_ENTRY, VHART_DTB);
	host_set_current_ctx(&h->ctx);
	return rc;
}

static inline int vhart_boot(struct vhart *h, unsigned hart_id)
{
	return vhart_boot_n(h, hart_id, 8);
}

/* Deterministic 64-bit pseudo-random values (xorshift64*). */
static inline uint64_t vhart_rand(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

/* RV64 encodings of the SYSTEM instructions the tests feed the emulator. */
static inline uint32_t enc_csr(unsigned funct3, unsigned rd, unsigned csr, unsigned rs1)
{
	return (uint32_t)csr << 20 | (uint32_t)rs1 << 15 | (uint32_t)funct3 << 12 |
	       (uint32_t)rd << 7 | 0x73u;
}

#define ENC_CSRRW(rd, csr, rs1) enc_csr(1, rd, csr, rs1)
#define ENC_CSRRS(rd, csr, rs1) enc_csr(2, rd, csr, rs1)
#define ENC_CSRRC(rd, csr, rs1) enc_csr(3, rd, csr, rs1)
#define ENC_CSRRWI(rd, csr, imm) enc_csr(5, rd, csr, imm)
#define ENC_CSRRSI(rd, csr, imm) enc_csr(6, rd, csr, imm)
#define ENC_CSRRCI(rd, csr, imm) enc_csr(7, rd, csr, imm)
#define ENC_MRET 0x30200073u
#define ENC_SRET 0x10200073u
#define ENC_WFI 0x10500073u

#endif /* MIRALIS_TESTS_UNIT_VHART_H */
