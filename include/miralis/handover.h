/* Boot hand-over to the firmware (src/core/handover.c). */
#ifndef MIRALIS_HANDOVER_H
#define MIRALIS_HANDOVER_H

#include <stdint.h>

/* Patch the device tree and build fw_dynamic_info; returns a2 (0 if none). */
uint64_t handover_prepare(uint64_t dtb, uint64_t mon_base, uint64_t mon_size);

#endif /* MIRALIS_HANDOVER_H */
