/* Operand rules of csr-fuzz.
 *
 * 1. Never wreck the native run: mstatus.MIE is never set (an enabled,
 *    pending M interrupt would be taken), nor MBE (M-mode data would turn
 *    big-endian); PMP L bits are never set (they would bind M-mode until
 *    reset).
 * 2. Never write values whose read-back QEMU 7.2, the native oracle,
 *    gets wrong according to the privileged spec, since no conformant
 *    monitor could then print the same line: reserved UXL/SXL encodings,
 *    mepc/sepc bit 0, pmpcfg R=0/W=1 and bits 6:5, pmpaddr bits 63:54,
 *    the upper halves of the 32-bit mcounteren/scounteren/mcountinhibit
 *    and mcountinhibit.TM. Implementation-defined choices (which WARL
 *    bits stick) are left alone: there the hardware is the reference.
 * Clearing operands (csrrc/csrrci) may stay arbitrary except where clearing
 * can create a reserved encoding (pmpcfg R without W). */
#include "fuzz.h"

#define XL_MASK		((3UL << 32) | (3UL << 34))	/* mstatus UXL, SXL */
#define UXL_MASK	(3UL << 32)
#define BYTES(b)	(0x0101010101010101UL * (b))

/* For every pmpcfg byte of cfg with W set and R clear, the bit `bit`. */
static uint64_t w_without_r(uint64_t cfg, uint64_t bit)
{
	uint64_t w = (cfg >> 1) & BYTES(1);	/* W moved to bit 0 of each byte */
	uint64_t r = cfg & BYTES(1);
	return (w & ~r) * bit;
}

static void sanitize_pmpcfg(struct fuzz_op *o)
{
	uint64_t cur = csr_read(pmpcfg0);
	uint64_t v = o->val & ~BYTES(0xe0);	/* no L, no bits 6:5 */
	uint64_t imm = o->imm;

	switch (o->form) {
	case F_RW:
	case F_RW_RD0:
		o->val = v | w_without_r(v, PMP_R);
		break;
	case F_RS:
	case F_RS_RD0:
		o->val = v | w_without_r(cur | v, PMP_R);
		break;
	case F_RC:
	case F_RC_RD0:
		/* Clearing R alone would leave W: clear W with it. */
		o->val |= w_without_r(cur & ~o->val, PMP_W);
		break;
	case F_RWI:
	case F_RWI_RD0:
		o->imm = (unsigned)(imm | w_without_r(imm, PMP_R));
		break;
	case F_RSI:
		o->imm = (unsigned)(imm | (w_without_r(cur | imm, PMP_R) & 0xff));
		break;
	case F_RCI:
		o->imm = (unsigned)(imm | (w_without_r(cur & ~imm, PMP_W) & 0xff));
		break;
	default:
		break;
	}
}

void fuzz_sanitize(struct fuzz_op *o, uint64_t xl)
{
	const bool set_like = o->form == F_RW || o->form == F_RW_RD0 ||
			      o->form == F_RS || o->form == F_RS_RD0;
	const bool clear_like = o->form == F_RC || o->form == F_RC_RD0;
	const bool imm_set = o->form == F_RWI || o->form == F_RWI_RD0 || o->form == F_RSI;

	switch (fuzz_csr_kinds[o->csr]) {
	case K_MSTATUS:
		if (set_like)
			o->val &= ~(MSTATUS_MIE | MSTATUS_MBE);
		if (o->form == F_RW || o->form == F_RW_RD0)
			o->val = (o->val & ~XL_MASK) | (xl & XL_MASK);
		else if (set_like || clear_like)
			o->val &= ~XL_MASK;
		if (imm_set)
			o->imm &= ~(unsigned)MSTATUS_MIE;
		break;
	case K_SSTATUS:
		if (o->form == F_RW || o->form == F_RW_RD0)
			o->val = (o->val & ~UXL_MASK) | (xl & UXL_MASK);
		else if (set_like || clear_like)
			o->val &= ~UXL_MASK;
		break;
	case K_EPC:
		if (set_like)
			o->val &= ~1UL;
		if (imm_set)
			o->imm &= ~1U;
		break;
	case K_CNT32:
		if (set_like)
			o->val &= 0xffffffffUL;
		break;
	case K_INHIBIT:
		if (set_like)
			o->val &= 0xffffffffUL & ~2UL;
		if (imm_set)
			o->imm &= ~2U;
		break;
	case K_PMPCFG:
		sanitize_pmpcfg(o);
		break;
	case K_PMPADDR:
		if (set_like)
			o->val &= (1UL << 54) - 1;
		break;
	default:
		break;
	}
}

uint64_t fuzz_print_mask(enum csr_kind kind)
{
	/* Pending bits driven by hardware: timer/software/external lines, and
	 * STIP, which Sstc ties to stimecmp (priv spec 3.1.9, Sstc). */
	const uint64_t hw = (1UL << IRQ_MSI) | (1UL << IRQ_MTI) | (1UL << IRQ_MEI) |
			    (1UL << IRQ_SEI) | (1UL << IRQ_STI);

	switch (kind) {
	case K_MIP:
		return ~hw;
	case K_SIP:
		return ~((1UL << IRQ_SEI) | (1UL << IRQ_STI));
	default:
		return ~0UL;
	}
}
