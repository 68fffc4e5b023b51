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

#endif /* MIRALIS_VCSR_H */
