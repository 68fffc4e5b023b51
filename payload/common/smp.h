/* Starting the other harts of an S-mode payload through SBI HSM (SBI v2.0
 * §9.1 hart_start): each runs secondary(hartid) on its own stack, in S-mode
 * with interrupts off. Harts are numbered 0 .. SMP_MAX_HARTS-1. */
#ifndef PAYLOAD_SMP_H
#define PAYLOAD_SMP_H

#include <stdint.h>

#define SMP_MAX_HARTS 8
#define SBI_EXT_HSM 0x48534dUL

/* Start every hart but `self` below nb; returns how many started. */
unsigned smp_start(unsigned long self, unsigned nb, void (*secondary)(unsigned long hartid));

#endif /* PAYLOAD_SMP_H */
