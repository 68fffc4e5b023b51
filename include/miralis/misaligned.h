/*
 * Byte-wise emulation of a guest load/store, used when the hardware raised
 * a misaligned-address exception (cause 4/6) that the monitor handles on
 * the guest's behalf. Each byte goes through arch_mprv_load/store with
 * width 1 in the trapping privilege `mode`, so translation and PMP apply
 * exactly as they would to the original access.
 *
 * Return value: 0 on success, otherwise the exception cause of the first
 * faulting byte (a load cause for loads, a store/AMO cause for stores),
 * ready to be re-injected into the guest. A misuse (insn not a load/store
 * of width 1/2/4/8) returns CAUSE_ILLEGAL_INSTRUCTION.
 */
#ifndef MIRALIS_MISALIGNED_H
#define MIRALIS_MISALIGNED_H

#include <stdint.h>

#include <miralis/decode.h>

/*
 * Load in->width bytes at addr (little-endian), sign-extended unless
 * in->is_unsigned. *value is written only on success.
 */
int misaligned_load(const struct insn *in, uint64_t addr, unsigned mode,
		    uint64_t *value);

/*
 * Store the low in->width bytes of value at addr (little-endian). On a
 * fault memory is left as it was (see misaligned.c for how).
 */
int misaligned_store(const struct insn *in, uint64_t addr, unsigned mode,
		     uint64_t value);

/*
 * Same, also reporting in *tval the address of the faulting byte (left
 * untouched on success). Priv. ISA 1.12, "Machine Trap Value Register":
 * for a misaligned access that takes an access or page fault, mtval holds
 * the address of the portion that faulted, not the start of the access;
 * a guest page-fault handler needs it to map the right page.
 */
int misaligned_load_tval(const struct insn *in, uint64_t addr, unsigned mode,
			 uint64_t *value, uint64_t *tval);
int misaligned_store_tval(const struct insn *in, uint64_t addr, unsigned mode,
			  uint64_t value, uint64_t *tval);

#endif /* MIRALIS_MISALIGNED_H */
