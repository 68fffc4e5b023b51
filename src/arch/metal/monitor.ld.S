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

OUTPUT_ARCH(riscv)
ENTRY(_start)

SECTIONS
{
	. = CONFIG_MONITOR_START;
	.text : {
		*(.text.entry)
		*(.text .text.*)
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
	/DISCARD/ : { *(.comment) *(.riscv.attributes) *(.note*) *(.eh_frame*) }
}
