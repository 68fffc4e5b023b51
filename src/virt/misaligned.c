/*
 * Byte-wise load/store emulation for misaligned guest accesses (see
 * <miralis/misaligned.h>).
 *
 * Unprivileged ISA 20191213, "Load and Store Instructions": accesses are
 * little-endian; lb/lh/lw sign-extend, lbu/lhu/lwu zero-extend. The
 * original Miralis zero-extended every width; we sign-extend as the ISA
 * requires.
 *
 * Stores and faults. A byte-at-a-time store that faults half-way would
 * leave the first bytes written, so the store first checks every byte in
 * order with a load of the old value followed by a store of that same
 * value; only when all bytes pass are the new bytes written.
 *  - The check stores the value that is already there, so a fault in the
 *    check leaves memory unchanged, and it uses the real store path, so it
 *    sees every reason a store can fault (read-only page, PMP without W,
 *    dirty-bit policy) in byte order: the reported byte is the first one
 *    the real access would fault on.
 *  - A byte whose load faults cannot be stored either: W without R is
 *    reserved both in PTEs (Priv. ISA 1.12, Sv32 "Addressing and Memory
 *    Protection") and in pmpcfg ("Physical Memory Protection"), and MXR
 *    only widens loads. The load cause is then reported as the matching
 *    store cause.
 *  - Limits: each byte is read and rewritten once before the real write,
 *    so this is meant for memory, not for I/O registers with side effects;
 *    and if translation or PMP changes between the check and the write
 *    (another hart), the write can still fault part-way, which is then
 *    reported like any other fault.
 */
#include <miralis/arch.h>
#include <miralis/misaligned.h>
#include <miralis/riscv/encoding.h>

static bool width_ok(unsigned width)
{
	return width == 1 || width == 2 || width == 4 || width == 8;
}

/* The store/AMO cause raised where a load raised `cause` (Priv. ISA mcause table). */
static int as_store_cause(int cause)
{
	switch (cause) {
	case CAUSE_MISALIGNED_LOAD:
		return CAUSE_MISALIGNED_STORE;
	case CAUSE_LOAD_ACCESS:
		return CAUSE_STORE_ACCESS;
	case CAUSE_LOAD_PAGE_FAULT:
		return CAUSE_STORE_PAGE_FAULT;
	case CAUSE_LOAD_GUEST_PAGE_FAULT:
		return CAUSE_STORE_GUEST_PAGE_FAULT;
	default:
		return cause;
	}
}

int misaligned_load_tval(const struct insn *in, uint64_t addr, unsigned mode,
			 uint64_t *value, uint64_t *tval)
{
	uint64_t v = 0;

	if (in->kind != INSN_LOAD || !width_ok(in->width))
		return CAUSE_ILLEGAL_INSTRUCTION;

	for (unsigned i = 0; i < in->width; i++) {
		uint64_t byte;
		int rc = arch_mprv_load(addr + i, 1, mode, &byte);

		if (rc) {
			if (tval)
				*tval = addr + i;
			return rc;
		}
		v |= (byte & 0xff) << (8 * i);
	}
	*value = decode_load_value(in, v);
	return 0;
}

int misaligned_store_tval(const struct insn *in, uint64_t addr, unsigned mode,
			  uint64_t value, uint64_t *tval)
{
	uint64_t at = addr;
	int rc = 0;

	if (in->kind != INSN_STORE || !width_ok(in->width))
		return CAUSE_ILLEGAL_INSTRUCTION;

	/* Check pass: rewrite each byte with its own value, in order. */
	for (unsigned i = 0; i < in->width && !rc; i++) {
		uint64_t old;

		at = addr + i;
		rc = as_store_cause(arch_mprv_load(at, 1, mode, &old));
		if (!rc)
			rc = arch_mprv_store(at, 1, mode, old & 0xff);
	}
	/* Write pass: little-endian, low byte at the lowest address. */
	for (unsigned i = 0; i < in->width && !rc; i++) {
		at = addr + i;
		rc = arch_mprv_store(at, 1, mode, (value >> (8 * i)) & 0xff);
	}
	if (rc && tval)
		*tval = at;
	return rc;
}

int misaligned_load(const struct insn *in, uint64_t addr, unsigned mode,
		    uint64_t *value)
{
	return misaligned_load_tval(in, addr, mode, value, 0);
}

int misaligned_store(const struct insn *in, uint64_t addr, unsigned mode,
		     uint64_t value)
{
	return misaligned_store_tval(in, addr, mode, value, 0);
}
