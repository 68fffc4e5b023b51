/*
 * What a platform provides (link-time hooks: exactly one platform file
 * is linked). The memory map lives in the platform file as data.
 */
#ifndef MIRALIS_PLATFORM_H
#define MIRALIS_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

struct vdevice;

/* Human-readable name, e.g. "QEMU virt". */
const char *plat_name(void);
/* Console and anything else needed before the first log line (boot hart). */
void plat_init(void);
void plat_putc(char c);
/* Real exit: code 0 = success. Does not return. */
void plat_exit(int code) __attribute__((noreturn));
/* Virtual devices the firmware sees instead of real ones (PMP-protected). */
const struct vdevice *const *plat_devices(size_t *count);

#endif /* MIRALIS_PLATFORM_H */
