/*
 * Virtual MMIO devices. The region is covered by a no-access PMP entry in
 * the firmware world, so every firmware access traps and is emulated by
 * the device's read/write (src/virt/memory.c). A non-zero return makes the
 * access fail the way hardware would: the firmware receives the original
 * access fault.
 */
#ifndef MIRALIS_DEVICE_H
#define MIRALIS_DEVICE_H

#include <stdint.h>

struct vctx;

struct vdevice {
	const char *name;
	uint64_t base;
	uint64_t size;		/* power of two, base aligned to it (NAPOT) */
	int (*read)(struct vctx *ctx, uint64_t off, unsigned width, uint64_t *val);
	int (*write)(struct vctx *ctx, uint64_t off, unsigned width, uint64_t val);
};

extern const struct vdevice vdev_tester;
extern const struct vdevice vdev_finisher;
extern const struct vdevice vdev_clint;
extern const struct vdevice vdev_htif;

#endif /* MIRALIS_DEVICE_H */
