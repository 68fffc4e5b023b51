/* Boot hand-over to the firmware (src/core/handover.c). */
#ifndef MIRALIS_HANDOVER_H
#define MIRALIS_HANDOVER_H

#include <stdint.h>

/*
 * Patch the device tree and build fw_dynamic_info in the monitor's memory;
 * returns a2 (0 if none). The boot hart, before the others start.
 */
uint64_t handover_prepare(uint64_t dtb, uint64_t mon_base, uint64_t mon_size);

struct vdevice;
/* The info as a read-only device inside monitor memory; NULL before handover_prepare. */
const struct vdevice *handover_device(void);

#endif /* MIRALIS_HANDOVER_H */
