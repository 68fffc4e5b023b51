/*
 * The boot hand-over (src/core/handover.c): fw_dynamic_info lives in the
 * monitor's own memory, out of reach of the device tree's growth and of
 * the OS, and the firmware reads it through emulation (a read-only device
 * inside monitor memory, src/virt/memory.c), so a hart entering the
 * firmware late still finds it.
 */
#include <string.h>

#include <config.h>
#include <miralis/device.h>
#include <miralis/emul.h>
#include <miralis/fdt.h>
#include <miralis/handover.h>
#include <miralis/riscv/encoding.h>
#include <miralis/virt.h>

#include "check.h"
#include "host.h"
#include "vhart.h"

#define WINDOW 0x200000UL
#define MAGIC 0x4942534fUL
#define LD_A4_8_A0 0x00853703u	/* ld a4, 8(a0) */
#define SD_A4_8_A0 0x00e53423u	/* sd a4, 8(a0) */
#define PC 0x80200100UL


/* A device tree at the start of a 2 MiB window, as QEMU virt places it */
static uint8_t ram[2 * WINDOW];

static uint8_t *dtb;

/* The monitor's 512 KiB at mon_base; test_plain_dtb's bank is [0x80000000, +128 MiB) */
static uint64_t prepare_at(uint64_t mon_base)
{
	dtb = (uint8_t *)(((uintptr_t)ram + WINDOW - 1) & ~(WINDOW - 1));
	memset(ram, 0, sizeof(ram));
	memcpy(dtb, test_plain_dtb, test_plain_dtb_size);
	return handover_prepare((uint64_t)(uintptr_t)dtb, mon_base, 0x80000UL);
}

static uint64_t prepare(void)
{
	return prepare_at(0x80000000UL);
}

/* At the start of the bank: the bank starts after the monitor, no node is added */
TEST(handover_cuts_the_monitor_off_its_memory_bank)
{
	CHECK(prepare() != 0);
	CHECK_EQ(fdt_size(dtb), test_plain_dtb_size);
	CHECK_EQ(fdt_exclude_memory(dtb, WINDOW, 0x80000000UL, 0x1000), 1);	/* in no bank */
	CHECK_EQ(fdt_exclude_memory(dtb, WINDOW, 0x80080000UL, 0x1000), 0);
}

/* Inside a bank: the bank is split around it (one more reg entry, no node) */
TEST(handover_splits_the_bank_around_the_monitor)
{
	CHECK(prepare_at(0x80200000UL) != 0);
	CHECK_EQ(fdt_size(dtb), test_plain_dtb_size + 16);
	CHECK_EQ(fdt_exclude_memory(dtb, WINDOW, 0x80200000UL, 0x80000UL), 1);
	CHECK_EQ(fdt_exclude_memory(dtb, WINDOW, 0x80000000UL, 0x1000), 0);
	CHECK_EQ(fdt_exclude_memory(dtb, WINDOW, 0x80280000UL, 0x1000), 0);
}

TEST(handover_info_is_outside_the_device_tree_window)
{
	uint64_t a2 = prepare();
	const struct vdevice *d = handover_device();

	CHECK(a2 != 0);
	CHECK(d != NULL);
	CHECK_EQ(d->base, a2);
	/* nowhere in the RAM the firmware or the OS may reuse */
	CHECK(a2 < (uint64_t)(uintptr_t)ram || a2 >= (uint64_t)(uintptr_t)(ram + sizeof(ram)));
}

TEST(handover_info_reads_as_a_read_only_device)
{
	uint64_t v = 0;
	const struct vdevice *d;

	prepare();
	d = handover_device();
	CHECK_EQ(d->read(NULL, 0, 8, &v), 0);
	CHECK_EQ(v, MAGIC);
	CHECK_EQ(d->read(NULL, 8, 8, &v), 0);
	CHECK_EQ(v, 2);			/* version */
	CHECK_EQ(d->read(NULL, 16, 8, &v), 0);
	CHECK_EQ(v, CONFIG_PAYLOAD_START);	/* next_addr */
	CHECK_EQ(d->read(NULL, 24, 8, &v), 0);
	CHECK_EQ(v, 1);			/* next_mode: S */
	CHECK_EQ(d->read(NULL, 40, 8, &v), 0);
	CHECK_EQ(v, CONFIG_BOOT_HART_ID);
	CHECK_EQ(d->read(NULL, 0, 4, &v), 0);
	CHECK_EQ(v, MAGIC);
	CHECK_EQ(d->read(NULL, 4, 8, &v), -1);	/* misaligned */
	CHECK_EQ(d->read(NULL, 48, 8, &v), -1);	/* past the info */
	CHECK(d->write == NULL);
}

TEST(handover_firmware_load_of_the_info_is_emulated)
{
	struct vhart h;
	uint64_t a2;

	host_reset();
	vhart_boot(&h, 1);
	a2 = prepare();
	CHECK_EQ(host_mem_map(0x80200000UL, 0x1000), 0);
	memcpy(host_mem_ptr(PC, 4), &(uint32_t){ LD_A4_8_A0 }, 4);
	h.ctx.pc = PC;
	h.ctx.regs[10] = a2;
	h.ctx.trap = (struct trap_info){ .mcause = CAUSE_LOAD_ACCESS, .mepc = PC, .mtval = a2 + 8 };
	vmem_access_fault(&h.ctx);
	CHECK_EQ(h.ctx.regs[14], 2);
	CHECK_EQ(h.ctx.pc, PC + 4);
	/* a store is the firmware's fault, as on the reset ROM */
	memcpy(host_mem_ptr(PC + 4, 4), &(uint32_t){ SD_A4_8_A0 }, 4);
	h.ctx.trap = (struct trap_info){ .mcause = CAUSE_STORE_ACCESS, .mepc = PC + 4,
					   .mtval = a2 + 8 };
	vmem_access_fault(&h.ctx);
	CHECK_EQ(h.ctx.csr.mcause, CAUSE_STORE_ACCESS);
	CHECK_EQ(h.ctx.csr.mtval, a2 + 8);
}
