/*
 * The payload's page tables, walked in software: the physical address
 * behind a virtual one under a given satp (priv. spec 4.3.2, Sv39/Sv48/
 * Sv57 in 4.4-4.6, Svnapot). Used where the monitor must act on the
 * physical address of an access the hart translated and then stopped at
 * the PMP: the fault records only the virtual address (mtval).
 */
#ifndef MIRALIS_PTWALK_H
#define MIRALIS_PTWALK_H

#include <stdbool.h>
#include <stdint.h>

/*
 * The physical address `va` maps to under `satp` for a load (`write` =
 * false) or a store. The page-table entries are read from physical memory
 * (arch_mmio_try_read). False when satp is Bare or an unknown mode, or the
 * walk finds no valid leaf allowing the access (a PTE unreadable,
 * reserved encodings, a misaligned superpage, R or W missing): the hart
 * would have raised a page fault, so the mapping changed since it
 * translated. Privilege (U, SUM, MXR) and A/D are not checked: the access
 * already passed them on the hart.
 */
bool ptwalk_translate(uint64_t satp, uint64_t va, bool write, uint64_t *pa);

#endif /* MIRALIS_PTWALK_H */
