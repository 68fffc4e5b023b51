/*
 * Just enough flattened-device-tree editing (devicetree spec v0.4, ch. 5)
 * for the monitor to hide its own memory from the OS.
 */
#ifndef MIRALIS_FDT_H
#define MIRALIS_FDT_H

#include <stddef.h>
#include <stdint.h>

#define FDT_MAGIC 0xd00dfeedu

/* Size of a valid blob at fdt, or 0 if fdt does not hold one. */
size_t fdt_size(const void *fdt);

/*
 * Take [base, base+size) out of the memory node (a device_type = "memory"
 * child of /) whose bank holds it, in place: the bank then starts after
 * it, ends before it, or is split in two (one more reg entry: the blob
 * grows by 8 or 16 bytes; room: bytes available at fdt). The node's unit
 * address follows its first bank when the name keeps its length.
 * Returns 0; 1 if no bank holds the region (nothing to hide: the blob is
 * untouched); -1 if the blob is invalid or unsupported, or the region is a
 * whole bank; -2 if room is too small (the blob is then untouched).
 */
int fdt_exclude_memory(void *fdt, size_t room, uint64_t base, uint64_t size);

#endif /* MIRALIS_FDT_H */
