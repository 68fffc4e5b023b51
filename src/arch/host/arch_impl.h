/*
 * Host (software hart) side of <miralis/arch.h>: the csr_*() family is a
 * call into the software CSR file of src/arch/host/csr.c instead of a
 * Zicsr instruction. The CSR number need not be a compile-time constant
 * here, but portable code must keep it one for the metal build.
 *
 * Semantics follow the Zicsr instructions (Unprivileged ISA, "Zicsr"):
 * csr_read is csrr, csr_write csrw, csr_set csrs, csr_clear csrc and
 * csr_swap csrrw. Like the metal macros, only csr_read and csr_swap yield
 * a value, so misuse fails in the unit build too. An access that the hart
 * would answer with an illegal-instruction exception is recorded (see
 * host.h) and reads as 0.
 */
#ifndef MIRALIS_ARCH_HOST_ARCH_IMPL_H
#define MIRALIS_ARCH_HOST_ARCH_IMPL_H

#include <stdint.h>

uint64_t host_csr_read(unsigned csr);
void host_csr_write(unsigned csr, uint64_t value);
uint64_t host_csr_set(unsigned csr, uint64_t bits);
uint64_t host_csr_clear(unsigned csr, uint64_t bits);
uint64_t host_csr_swap(unsigned csr, uint64_t value);

#define csr_read(csr) host_csr_read(csr)
#define csr_write(csr, val) host_csr_write((csr), (uint64_t)(val))
#define csr_set(csr, val) ((void)host_csr_set((csr), (uint64_t)(val)))
#define csr_clear(csr, val) ((void)host_csr_clear((csr), (uint64_t)(val)))
#define csr_swap(csr, val) host_csr_swap((csr), (uint64_t)(val))

#define arch_pmp_write(idx, val) host_csr_write(0x3a0 + (idx), (uint64_t)(val))	/* CSR_PMPCFG0 */

#endif /* MIRALIS_ARCH_HOST_ARCH_IMPL_H */
