/* Race-free wait for an interrupt with mstatus.MIE set (wfi_mie.S):
 *
 *	csr_clear(mstatus, MSTATUS_MIE);
 *	while (!done)
 *		wfi_mie();	// MIE = 1 only while it waits
 *
 * and in the trap handler, for interrupts: wfi_mie_fixup(f). */
#ifndef FW_WFI_MIE_H
#define FW_WFI_MIE_H

#include "fw.h"

void wfi_mie(void);
extern char wfi_mie_wfi[], wfi_mie_done[];

/* Returns true if the interrupt came while wfi_mie was running (before or in
 * its wfi); an interrupt taken before the wfi skips it. */
static inline bool wfi_mie_fixup(struct trap_frame *f)
{
	if (f->mepc == (uint64_t)(uintptr_t)wfi_mie_wfi) {
		f->mepc = (uint64_t)(uintptr_t)wfi_mie_done;
		return true;
	}
	return f->mepc == (uint64_t)(uintptr_t)wfi_mie_done;
}

#endif /* FW_WFI_MIE_H */
