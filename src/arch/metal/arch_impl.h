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
		uint64_t __v;                                           \
		__asm__ __volatile__("csrr %0, " ARCH_STR(csr)          \
				     : "=r"(__v) : : "memory");         \
		__v;                                                    \
	})

#define csr_write(csr, val)                                             \
	({                                                              \
		uint64_t __v = (uint64_t)(val);                         \
		__asm__ __volatile__("csrw " ARCH_STR(csr) ", %0"       \
				     : : "rK"(__v) : "memory");         \
	})

#define csr_swap(csr, val)                                              \
	({                                                              \
		uint64_t __v = (uint64_t)(val);                         \
		__asm__ __volatile__("csrrw %0, " ARCH_STR(csr) ", %1"  \
				     : "=r"(__v) : "rK"(__v) : "memory"); \
		__v;                                                    \
	})

#define csr_set(csr, val)                                               \
	({                                                              \
		uint64_t __v = (uint64_t)(val);                         \
		__asm__ __volatile__("csrs " ARCH_STR(csr) ", %0"       \
				     : : "rK"(__v) : "memory");         \
	})

#define csr_clear(csr, val)                                             \
	({                                                              \
		uint64_t __v = (uint64_t)(val);                         \
		__asm__ __volatile__("csrc " ARCH_STR(csr) ", %0"       \
				     : : "rK"(__v) : "memory");         \
	})

#endif /* MIRALIS_ARCH_METAL_IMPL_H */
