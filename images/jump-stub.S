/*
 * Tiny boot stub (li + jr) for native runs with the monitor's memory layout.
 *
 * QEMU's reset ROM enters 0x80000000 (-bios) with a0 = hartid, a1 = FDT and
 * a2 = &fw_dynamic_info. Under the monitor that slot belongs to the monitor and
 * OpenSBI sits higher up; natively this stub takes the monitor's place and jumps
 * to the firmware with a0/a1/a2 untouched. TARGET is set by the assembler:
 *   riscv64-unknown-elf-as --defsym TARGET=0x80100000 jump-stub.S
 * (`li`, not a bare `lui`: on RV64 `lui` sign-extends, 0x80100 << 12 would
 * become 0xffffffff80100000.)
 */
	.option norvc
	.text
	.globl	_start
_start:
	li	t0, TARGET
	jr	t0
