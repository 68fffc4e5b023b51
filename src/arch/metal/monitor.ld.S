/*
 * Monitor image layout (preprocessed with config.h):
 *
 *   CONFIG_MONITOR_START  .text (entry first), .rodata  (measured: _rodata_end)
 *                         .data
 *                         .bss                      zeroed by the boot hart
 *   _stack_start          hart 0 stack | hart 1 stack | ...  (CONFIG_STACK_SIZE each)
 *   _monitor_end          end of what the PMP protects (rounded up to a power of two)
 */
#include <config.h>

/*
 * The smallest power of two (>= 4 KiB) holding s bytes, up to 1 GiB, else
 * 0: the size of the NAPOT entry that protects the monitor (src/core/main.c
 * computes the same at boot).
 */
#define P2(n, s) (s) <= (1 << (n)) ? (1 << (n)) :
#define NAPOT_SIZE(s) (P2(12, s) P2(13, s) P2(14, s) P2(15, s) P2(16, s) P2(17, s)   \
		       P2(18, s) P2(19, s) P2(20, s) P2(21, s) P2(22, s) P2(23, s)   \
		       P2(24, s) P2(25, s) P2(26, s) P2(27, s) P2(28, s) P2(29, s)   \
		       P2(30, s) 0)
#define INSIDE(a) ((a) >= CONFIG_MONITOR_START && (a) < CONFIG_MONITOR_START + _monitor_napot)

/* Bytes of one copy of the MPRV stubs (mprv.S): 26 stubs of 16 bytes */
#define MPRV_TABLE_BYTES 416

OUTPUT_ARCH(riscv)
ENTRY(_start)

SECTIONS
{
	. = CONFIG_MONITOR_START;
	.text : {
		*(.text.entry)
		*(.mprv.a)
		*(.text .text.*)
		/* copy b of the MPRV stubs (mprv.S) within one page: the next one if it would straddle */
		. = (. & 0xfff) + MPRV_TABLE_BYTES > 0x1000 ? ALIGN(0x1000) : .;
		*(.mprv.b)
	}
	.rodata : { *(.rodata .rodata.* .srodata .srodata.*) }
	_rodata_end = .;	/* code and read-only data end: monitor_image() */
	.data : { *(.data .data.* .sdata .sdata.*) }
	. = ALIGN(8);
	_bss_start = .;
	.bss (NOLOAD) : { *(.sbss .sbss.* .bss .bss.* COMMON) }
	. = ALIGN(8);
	_bss_end = .;
	. = ALIGN(0x1000);
	_stack_start = .;
	.stacks (NOLOAD) : { . += CONFIG_STACK_SIZE * CONFIG_NB_HARTS; }
	_monitor_end = .;
	_monitor_napot = NAPOT_SIZE(_monitor_end - CONFIG_MONITOR_START);
	/DISCARD/ : { *(.comment) *(.riscv.attributes) *(.note*) *(.eh_frame*) }
}

/* mprv.S: each stub copy within one page, the two pages two apart */
#define PAGE(a) ((a) >> 12)
ASSERT(arch_mprv_stubs_a_end - arch_mprv_stubs_a == MPRV_TABLE_BYTES, "MPRV_TABLE_BYTES is stale")
ASSERT(PAGE(arch_mprv_stubs_a) == PAGE(arch_mprv_stubs_a_end - 1), "MPRV stub copy a straddles a page")
ASSERT(PAGE(arch_mprv_stubs_b) == PAGE(arch_mprv_stubs_b_end - 1), "MPRV stub copy b straddles a page")
ASSERT(PAGE(arch_mprv_stubs_b) >= PAGE(arch_mprv_stubs_a) + 2, "MPRV stub copies less than two pages apart")

/* One NAPOT PMP entry must cover the monitor and nothing the guests own. */
ASSERT(_monitor_napot != 0, "monitor image larger than 1 GiB")
ASSERT((CONFIG_MONITOR_START & (_monitor_napot - 1)) == 0,
       "CONFIG_MONITOR_START is not aligned to the monitor's NAPOT size")
ASSERT(!INSIDE(CONFIG_FIRMWARE_START), "the monitor's PMP region covers the firmware")
ASSERT(!INSIDE(CONFIG_PAYLOAD_START), "the monitor's PMP region covers the payload")
