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
 * Cut [base, base+size) off the front of the memory bank that starts at
 * base: the reg entry of a device_type = "memory" child of / whose bank
 * starts at base and is larger than size then starts at base+size, in
 * place (the node's unit address follows when its name keeps its length).
 * Returns 0, or -1 if the blob is invalid or no bank starts there (the
 * blob is then untouched).
 */
int fdt_trim_memory(void *fdt, uint64_t base, uint64_t size);

/*
 * Add a no-map child "<name>@<base>" covering [base, base+size) under
 * /reserved-memory (created when missing), growing the blob in place.
 * room: bytes available at fdt. Returns 0, or -1 if the blob is invalid or
 * unsupported, -2 if room is too small (the blob is then untouched).
 */
int fdt_add_reserved(void *fdt, size_t room, const char *name, uint64_t base, uint64_t size);

#endif /* MIRALIS_FDT_H */
