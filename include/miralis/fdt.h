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
 * Add a no-map child "<name>@<base>" covering [base, base+size) under
 * /reserved-memory (created when missing), growing the blob in place.
 * room: bytes available at fdt. Returns 0, or -1 if the blob is invalid or
 * unsupported, -2 if room is too small (the blob is then untouched).
 */
int fdt_add_reserved(void *fdt, size_t room, const char *name, uint64_t base, uint64_t size);

#endif /* MIRALIS_FDT_H */
