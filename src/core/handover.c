/*
 * What the firmware receives at entry, as from a boot ROM (a0 = hart id,
 * a1 = device tree, a2 = struct fw_dynamic_info):
 *
 *   - the device tree no longer offers the monitor's memory to the OS, so
 *     an OS never maps or allocates memory it cannot touch: the memory
 *     node's bank that holds the monitor no longer covers it
 *     (fdt_exclude_memory; at the start of DRAM, the usual place of the
 *     first stage, the bank simply starts after the monitor). No node is
 *     added, so the tree the OS sees has the nodes it has natively: an
 *     extra /reserved-memory child alone costs Linux 6.1 ~1.15 M
 *     instructions of boot (its allocator's free lists and FDT walks
 *     grow, benchmarks/fast-path.md);
 *   - an fw_dynamic_info (OpenSBI's fw_dynamic protocol, version 2) names
 *     the next stage from the config: the payload address in S-mode.
 *
 * QEMU virt places the device tree at the highest 2 MiB boundary that
 * leaves room for it below the end of RAM, so the rest of that 2 MiB
 * window is free: the blob grows there.
 *
 * The info must stay intact until the last hart has entered the firmware,
 * which can be long after the boot hart's cold boot: natively it sits in
 * the reset ROM. Any free RAM is fair game by then (OpenSBI grows the
 * device tree in place, the OS allocates the rest), so the info lives in
 * the monitor's own memory, which nothing else can write and which the
 * device tree already hides. The firmware cannot read that memory
 * either (PMP): its loads of the info fault and are answered from this
 * copy like a read-only device (handover_device, src/virt/memory.c).
 */
#define LOG_MODULE "handover"

#include <miralis/device.h>
#include <miralis/fdt.h>
#include <miralis/handover.h>
#include <miralis/log.h>

#include <config.h>

#define FW_DYNAMIC_MAGIC 0x4942534fUL	/* "OSBI" */
#define FW_DYNAMIC_VERSION 2
#define FW_DYNAMIC_NEXT_S 1
#define FDT_WINDOW 0x200000UL

#define INFO_WINDOW 64	/* what the device answers for: a naturally aligned block */

struct fw_dynamic_info {
	uint64_t magic, version, next_addr, next_mode, options, boot_hart;
};

_Static_assert(sizeof(struct fw_dynamic_info) <= INFO_WINDOW, "info window too small");

static struct fw_dynamic_info info __attribute__((aligned(INFO_WINDOW)));

/* Little-endian read of a naturally aligned field inside the info */
static int info_read(struct vctx *c, uint64_t off, unsigned width, uint64_t *val)
{
	const uint8_t *bytes = (const uint8_t *)&info;
	uint64_t v = 0;

	(void)c;
	if ((width != 1 && width != 2 && width != 4 && width != 8) || (off & (width - 1)) ||
	    off + width > sizeof(info))
		return -1;
	for (unsigned i = 0; i < width; i++)
		v |= (uint64_t)bytes[off + i] << (8 * i);
	*val = v;
	return 0;
}

/* Writes fail: the info is read-only, as in the reset ROM natively */
static struct vdevice info_device = {
	.name = "fw_dynamic_info",
	.size = INFO_WINDOW,
	.read = info_read,
};

const struct vdevice *handover_device(void)
{
	return info_device.base ? &info_device : NULL;
}

uint64_t handover_prepare(uint64_t dtb, uint64_t mon_base, uint64_t mon_size)
{
	uint64_t window_end = (dtb + FDT_WINDOW) & ~(FDT_WINDOW - 1);
	int rc;

	if (!fdt_size((void *)dtb)) {
		log_debug("no device tree at 0x%lx: nothing to hand over", dtb);
		return 0;
	}
	rc = fdt_exclude_memory((void *)dtb, window_end - dtb, mon_base, mon_size);
	if (rc < 0)
		log_warn("could not hide the monitor's memory in the device tree (%d)", rc);
	info = (struct fw_dynamic_info){
		.magic = FW_DYNAMIC_MAGIC,
		.version = FW_DYNAMIC_VERSION,
		.next_addr = CONFIG_PAYLOAD_START,
		.next_mode = FW_DYNAMIC_NEXT_S,
		.options = 0,
		.boot_hart = CONFIG_BOOT_HART_ID,
	};
	info_device.base = (uint64_t)&info;
	log_debug("device tree 0x%lx (%lu bytes), fw_dynamic_info 0x%lx (monitor memory)", dtb,
		  (uint64_t)fdt_size((void *)dtb), info_device.base);
	return info_device.base;
}
