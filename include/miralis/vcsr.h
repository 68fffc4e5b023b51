/*
 * The firmware's CSR accesses, emulated on the virtual hart (vM-mode).
 * Legalization follows the probed hardware (include/miralis/hw.h).
 */
#ifndef MIRALIS_VCSR_H
#define MIRALIS_VCSR_H

#include <stdbool.h>
#include <stdint.h>

struct vctx;

/* 0 on success; -1 when the CSR does not exist for vM-mode (illegal instruction). */
int vcsr_read(struct vctx *c, unsigned csr, uint64_t *val);
/* 0 on success; -1 when the CSR does not exist or is read-only. */
int vcsr_write(struct vctx *c, unsigned csr, uint64_t val);
/*
 * A write that is not preceded by a read (csrrw with rd = x0): as
 * vcsr_write for the CSRs whose write alone tells whether they exist and
 * whose read has no effect; 1 for the others, which the caller must read
 * first.
 */
int vcsr_write_unread(struct vctx *c, unsigned csr, uint64_t val);

/* mstatus as the firmware reads it (SD folded in) */
uint64_t vcsr_mstatus(const struct vctx *c);
bool vcsr_irq_neutral(unsigned csr);
void vcsr_fast_init(struct vctx *c, bool enable);

/* Register file entries that are plain storage of a probed CSR */
#define PLAIN_CSRS(X)                                                         \
	X(CSR_MEDELEG, medeleg, HW_medeleg)                                   \
	X(CSR_MIDELEG, mideleg, HW_mideleg)                                   \
	X(CSR_MIE, mie, HW_mie)                                               \
	X(CSR_MCOUNTEREN, mcounteren, HW_mcounteren)                          \
	X(CSR_MSCRATCH, mscratch, HW_mscratch)                                \
	X(CSR_MEPC, mepc, HW_mepc)                                            \
	X(CSR_MCAUSE, mcause, HW_mcause)                                      \
	X(CSR_MTVAL, mtval, HW_mtval)                                         \
	X(CSR_MTINST, mtinst, HW_mtinst)                                      \
	X(CSR_MTVAL2, mtval2, HW_mtval2)                                      \
	X(CSR_SCOUNTEREN, scounteren, HW_scounteren)                          \
	X(CSR_SENVCFG, senvcfg, HW_senvcfg)                                   \
	X(CSR_SSCRATCH, sscratch, HW_sscratch)                                \
	X(CSR_SEPC, sepc, HW_sepc)                                            \
	X(CSR_SCAUSE, scause, HW_scause)                                      \
	X(CSR_STVAL, stval, HW_stval)


#endif /* MIRALIS_VCSR_H */
