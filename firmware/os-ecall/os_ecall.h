/* os-ecall: the small SBI-like interface between the S-mode "OS" (os.c)
 * and the M-mode firmware (main.c). Calling convention as in the SBI spec:
 * a7 = extension, a6 = function, a0..a5 arguments, a0 = error, a1 = value. */
#ifndef OS_ECALL_H
#define OS_ECALL_H

#include "fw.h"

#define TEST_EXT	0x54455354UL	/* "TEST"; not the Miralis ABI EID */
#define FID_SUM		0	/* a1 = a0 + a1 + ... + a5 */
#define FID_MIX		1	/* a1 = mix of all eight argument registers */
#define FID_HARTID	2	/* a1 = mhartid */
#define FID_DONE	0xff	/* a0 = number of failed checks; ends the excursion */
#define ERR_NOT_SUPPORTED (-2L)	/* SBI_ERR_NOT_SUPPORTED */

struct ecall_ret {
	long error;
	uint64_t value;
};

/* Deterministic mix of a0..a7 so that a register dropped or swapped by a
 * world switch changes the result. */
static inline uint64_t test_mix(const uint64_t a[8])
{
	uint64_t h = 0x9e3779b97f4a7c15UL;
	for (unsigned i = 0; i < 8; i++)
		h = (h ^ a[i]) * 0x100000001b3UL + i;
	return h;
}

void os_main(void);

#endif /* OS_ECALL_H */
