/*
 * What the firmware receives at entry, as from a boot ROM (a0 = hart id,
 * a1 = device tree, a2 = struct fw_dynamic_info):
 *
 *   - the device tree gets a no-map /reserved-memory node for the monitor,
 *     so an OS never allocates memory it cannot touch;
 *   - an fw_dynamic_info (OpenSBI's fw_dynamic protocol, version 2) names
 *     the next stage from the config: the payload address in S-mode.
 *
 * QEMU virt places the device tree at the highest 2 MiB boundary that
 * leaves room for it below the end of RAM, so the rest of that 2 MiB
 * window is free: the blob grows there and the info follows it.
 */
#define LOG_MODULE "handover"

#include <miralis/fdt.h>
#include <miralis/handover.h>
#include <miralis/log.h>

#include <config.h>

#define FW_DYNAMIC_MAGIC 0x4942534fUL	/* "OSBI" */
#define FW_DYNAMIC_VERSION 2
#define FW_DYNAMIC_NEXT_S 1
#define FDT_WINDOW 0x200000UL

struct fw_dynamic_info {
	uint64_t magic, version, next_addr, next_mode, options, boot_hart;
};

uint64_t handover_prepare(uint64_t dtb, uint64_t mon_base, uint64_t mon_size)
{
	uint64_t window_end = (dtb + FDT_WINDOW) & ~(FDT_WINDOW - 1);
	struct fw_dynamic_info *info;
	size_t size;
	int rc;

	if (!fdt_size((void *)dtb)) {
		log_debug("no device tree at 0x%lx: nothing to hand over", dtb);
		return 0;
	}
	rc = fdt_add_reserved((void *)dtb, window_end - dtb, "miralis", mon_base, mon_size);
	if (rc != 0)
		log_warn("could not reserve the monitor's memory in the device tree (%d)", rc);
	size = fdt_size((void *)dtb);
	info = (struct fw_dynamic_info *)((dtb + size + 7) & ~7UL);
	if ((uint64_t)(info + 1) > window_end) {
		log_warn("no room for fw_dynamic_info after the device tree");
		return 0;
	}
	*info = (struct fw_dynamic_info){
		.magic = FW_DYNAMIC_MAGIC,
		.version = FW_DYNAMIC_VERSION,
		.next_addr = CONFIG_PAYLOAD_START,
		.next_mode = FW_DYNAMIC_NEXT_S,
		.options = 0,
		.boot_hart = CONFIG_BOOT_HART_ID,
	};
	log_debug("device tree 0x%lx (%lu bytes), fw_dynamic_info 0x%lx", dtb, size, (uint64_t)info);
	return (uint64_t)info;
}
