/*
 * The monitor's own ecall interface (SBI extension space, spec §1.7):
 * a7 = ABI_EID, a6 = function, a0..a2 arguments; returns a0 = error,
 * a1 = value. Accepted from the firmware (ecall in vM-mode) and, when the
 * config sets [debug] payload_abi, from the payload in S-mode.
 */
#ifndef MIRALIS_ABI_H
#define MIRALIS_ABI_H

#define ABI_EID 0x08475bcdUL
#define ABI_FAILURE 0
#define ABI_SUCCESS 1
#define ABI_LOG 2
#define ABI_READ_COUNTERS 4

#include <stdbool.h>

struct vctx;

/* Handle the call; false: not for the monitor (a payload without payload_abi). */
bool abi_handle(struct vctx *c);

#endif /* MIRALIS_ABI_H */
