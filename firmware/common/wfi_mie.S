/* wfi_mie: wait for an interrupt with mstatus.MIE set, without the lost
 * wake-up race of "while (!done) wfi;" under MIE = 1: if the interrupt that
 * sets `done` is taken between the test and the wfi, that wfi may sleep
 * forever. Here the caller tests its condition with MIE = 0; wfi_mie then
 * sets MIE, waits, and clears MIE again. An interrupt that was already
 * pending, or that arrives just after the csrsi, traps with mepc =
 * wfi_mie_wfi (priv spec 3.1.9: trap conditions are evaluated right after
 * the mstatus write); wfi_mie_fixup() (wfi_mie.h) then moves mepc past the
 * wfi so it is not executed. One taken while waiting has mepc = wfi_mie_done
 * (priv spec 3.3.3: mepc points to the instruction after the wfi).
 * Fixed 4-byte encodings so the addresses are exact. */
	.section .text
	.option push
	.option norvc
	.globl wfi_mie, wfi_mie_wfi, wfi_mie_done
wfi_mie:
	csrsi	mstatus, 8
wfi_mie_wfi:
	wfi
wfi_mie_done:
	csrci	mstatus, 8
	ret
	.option pop
