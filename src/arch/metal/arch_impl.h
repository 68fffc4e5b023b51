/*
 * Metal implementation of the CSR accessors used by portable code: one
 * inline csr* instruction each. The CSR must be a compile-time constant.
 */
#ifndef MIRALIS_ARCH_METAL_IMPL_H
#define MIRALIS_ARCH_METAL_IMPL_H

#include <stdint.h>

#define ARCH_STR2(x) #x
#define ARCH_STR(x) ARCH_STR2(x)

#define csr_read(csr)                                                   \
	({                                                              \
		uint64_t __csr_r;                                           \
		__asm__ __volatile__("csrr %0, " ARCH_STR(csr)          \
				     : "=r"(__csr_r) : : "memory");         \
		__csr_r;                                                    \
	})

#define csr_write(csr, val)                                             \
	({                                                              \
		uint64_t __csr_w = (uint64_t)(val);                         \
		__asm__ __volatile__("csrw " ARCH_STR(csr) ", %0"       \
				     : : "rK"(__csr_w) : "memory");         \
	})

#define csr_swap(csr, val)                                              \
	({                                                              \
		uint64_t __csr_x = (uint64_t)(val);                         \
		__asm__ __volatile__("csrrw %0, " ARCH_STR(csr) ", %1"  \
				     : "=r"(__csr_x) : "rK"(__csr_x) : "memory"); \
		__csr_x;                                                    \
	})

#define csr_set(csr, val)                                               \
	({                                                              \
		uint64_t __csr_s = (uint64_t)(val);                         \
		__asm__ __volatile__("csrs " ARCH_STR(csr) ", %0"       \
				     : : "rK"(__csr_s) : "memory");         \
	})

#define csr_clear(csr, val)                                             \
	({                                                              \
		uint64_t __csr_c = (uint64_t)(val);                         \
		__asm__ __volatile__("csrc " ARCH_STR(csr) ", %0"       \
				     : : "rK"(__csr_c) : "memory");         \
	})

/*
 * The by-number stubs of arch.c (arch_csr_stubs): a 12-byte pair per CSR,
 * the write at +6; slots 0-79 are pmpcfg0..pmpaddr63. Called with only ra
 * and a0 used, so a loop of PMP writes needs no frame.
 */
#define CSR_STUB_SIZE 12
#define CSR_STUB_WRITE 6
extern char arch_csr_stubs[];

static inline void arch_pmp_write(unsigned idx, uint64_t value)
{
	register uint64_t a0 __asm__("a0") = value;

	__asm__ __volatile__("jalr ra, " ARCH_STR(CSR_STUB_WRITE) "(%1)"
			     :
			     : "r"(a0), "r"(arch_csr_stubs + idx * CSR_STUB_SIZE)
			     : "ra", "memory");
}

#endif /* MIRALIS_ARCH_METAL_IMPL_H */
