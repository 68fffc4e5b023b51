/*
 * Pure RV64 decoder for the instructions the monitor emulates (see
 * <miralis/decode.h>). Encodings follow the RISC-V Unprivileged ISA
 * (20191213: RV32I/RV64I base, "Zicsr", "C" Standard Extension) and the
 * Privileged ISA v1.12 (trap-return, WFI, SFENCE.VMA, HFENCE.*).
 *
 * Everything not listed in decode.h decodes to INSN_UNKNOWN. F/D loads and
 * stores are decoded for the MPRV replay (src/virt/memory.c); the
 * half/quad-precision forms are not.
 */
#include <miralis/decode.h>

/* Base opcodes (Unprivileged ISA, "RV32/64G Instruction Set Listings"). */
#define OPC_LOAD 0x03u
#define OPC_STORE 0x23u
#define OPC_SYSTEM 0x73u
#define OPC_AMO 0x2fu
#define OPC_LOAD_FP 0x07u
#define OPC_STORE_FP 0x27u
#define OPC_MISC_MEM 0x0fu
#define FUNCT3_CBO 2u		/* cbo.* (Zicbom/Zicboz) */
#define FUNCT3_HLV_HSV 4u	/* hlv/hlvx/hsv (H spec 8.3.5) */

/* Exact SYSTEM encodings with no operand fields. */
#define RAW_ECALL 0x00000073u
#define RAW_EBREAK 0x00100073u
#define RAW_SRET 0x10200073u
#define RAW_MRET INSN_RAW_MRET
#define RAW_WFI 0x10500073u

/*
 * The fences keep funct7 plus rd = 0, funct3 = 0 and opcode; rs1/rs2 are
 * free (Priv. ISA 1.12: "Supervisor Memory-Management Fence Instruction",
 * "Hypervisor Memory-Management Fence Instructions").
 */
#define FENCE_FIXED_MASK 0xfe007fffu
#define RAW_SFENCE_VMA 0x12000073u
#define RAW_HFENCE_VVMA 0x22000073u
#define RAW_HFENCE_GVMA 0x62000073u

static inline uint32_t bits(uint32_t v, unsigned hi, unsigned lo)
{
	return (v >> lo) & ((1u << (hi - lo + 1)) - 1u);
}

/* Sign-extend the low n bits of v (1 <= n <= 32) without UB. */
static int64_t sext_bits(uint32_t v, unsigned n)
{
	uint32_t sign = 1u << (n - 1);

	v &= (sign << 1) - 1u;
	return (v & sign) ? (int64_t)v - ((int64_t)1 << n) : (int64_t)v;
}

int64_t decode_sext(uint64_t v, unsigned width)
{
	uint64_t mask, sign;

	if (width == 0 || width >= 8)
		mask = ~(uint64_t)0;
	else
		mask = ((uint64_t)1 << (8 * width)) - 1;
	sign = (mask >> 1) + 1;
	v &= mask;
	/* Negative: -(~v & mask) - 1 is representable for every width. */
	if (v & sign)
		return -(int64_t)(~v & mask) - 1;
	return (int64_t)v;
}

/* Reject: every field cleared except len, which callers may still use. */
static bool fail(struct insn *out)
{
	uint8_t len = out->len;

	*out = (struct insn){ .kind = INSN_UNKNOWN, .len = len };
	return false;
}

/*
 * Hypervisor virtual-machine loads/stores (H spec 8.3.5): SYSTEM, funct3
 * 100, funct7 0110 ww h (h = 1 for hsv), rs2 = 0/1/3 (signed, unsigned,
 * hlvx) for the loads. Only the combinations the spec defines.
 */
static bool decode_hyp_access(uint32_t raw, struct insn *out)
{
	uint32_t funct7 = bits(raw, 31, 25), rs2 = bits(raw, 24, 20);
	unsigned w = 1u << bits(funct7, 2, 1);

	if ((funct7 & 0x78u) != 0x30u)
		return fail(out);
	out->rs1 = (uint8_t)bits(raw, 19, 15);
	out->width = (uint8_t)w;
	if (funct7 & 1u) {	/* hsv.{b,h,w,d}: rd must be 0 */
		if (bits(raw, 11, 7) != 0)
			return fail(out);
		out->kind = INSN_HSV;
		out->rs2 = (uint8_t)rs2;
		out->hyp = raw & ~(0x1fu << 20 | 0x1fu << 15);
		return true;
	}
	/* hlv: rs2 0 signed, 1 unsigned (not for .d), 3 hlvx (.hu/.wu only) */
	if (!(rs2 == 0 || (rs2 == 1 && w != 8) || (rs2 == 3 && (w == 2 || w == 4))))
		return fail(out);
	out->kind = INSN_HLV;
	out->rd = (uint8_t)bits(raw, 11, 7);
	out->is_unsigned = rs2 != 0;
	out->hyp = raw & ~(0x1fu << 7 | 0x1fu << 15);
	return true;
}

static bool decode_system(uint32_t raw, struct insn *out)
{
	uint32_t funct3 = bits(raw, 14, 12);

	if (funct3 == 4)
		return decode_hyp_access(raw, out);

	out->rd = (uint8_t)bits(raw, 11, 7);
	out->rs1 = (uint8_t)bits(raw, 19, 15);

	/* Zicsr: funct3 1..3 take rs1, 5..7 a 5-bit zero-extended uimm. */
	if (funct3 != 0 && funct3 != 4) {
		static const enum insn_kind csr_kind[8] = {
			[1] = INSN_CSRRW,  [2] = INSN_CSRRS,  [3] = INSN_CSRRC,
			[5] = INSN_CSRRWI, [6] = INSN_CSRRSI, [7] = INSN_CSRRCI,
		};
		out->kind = csr_kind[funct3];
		out->csr = (uint16_t)bits(raw, 31, 20);
		if (funct3 >= 5) {
			out->uimm = out->rs1;
			out->rs1 = 0;
		}
		return true;
	}
	switch (raw) {
	case RAW_ECALL:
		out->kind = INSN_ECALL;
		break;
	case RAW_EBREAK:
		out->kind = INSN_EBREAK;
		break;
	case RAW_SRET:
		out->kind = INSN_SRET;
		break;
	case RAW_MRET:
		out->kind = INSN_MRET;
		break;
	case RAW_WFI:
		out->kind = INSN_WFI;
		break;
	default:
		switch (raw & FENCE_FIXED_MASK) {
		case RAW_SFENCE_VMA:
			out->kind = INSN_SFENCE_VMA;
			break;
		case RAW_HFENCE_VVMA:
			out->kind = INSN_HFENCE_VVMA;
			break;
		case RAW_HFENCE_GVMA:
			out->kind = INSN_HFENCE_GVMA;
			break;
		default:
			return fail(out);
		}
		out->rs2 = (uint8_t)bits(raw, 24, 20);
		return true;
	}
	/* Operand-less instructions report no registers. */
	out->rd = 0;
	out->rs1 = 0;
	return true;
}

/*
 * I-type loads: funct3 0..6 are lb lh lw ld lbu lhu lwu (RV64I adds ld and
 * lwu); funct3 7 is reserved on RV64. S-type stores: funct3 0..3 are
 * sb sh sw sd; 4..7 are reserved on RV64.
 */
static bool decode_load_store(uint32_t raw, bool is_load, struct insn *out)
{
	uint32_t funct3 = bits(raw, 14, 12);

	out->rs1 = (uint8_t)bits(raw, 19, 15);
	if (is_load) {
		if (funct3 == 7)
			return fail(out);
		out->kind = INSN_LOAD;
		out->rd = (uint8_t)bits(raw, 11, 7);
		out->is_unsigned = funct3 >= 4;
		out->imm = sext_bits(bits(raw, 31, 20), 12);
	} else {
		if (funct3 > 3)
			return fail(out);
		out->kind = INSN_STORE;
		out->rs2 = (uint8_t)bits(raw, 24, 20);
		out->imm = sext_bits(bits(raw, 31, 25) << 5 | bits(raw, 11, 7), 12);
	}
	out->width = (uint8_t)(1u << (funct3 & 3));
	return true;
}

/*
 * Quadrant 0 (CL/CS formats): rd'/rs2' in bits 4:2 and rs1' in bits 9:7
 * name x8..x15. Offsets are zero-extended and scaled ("C" extension,
 * "Load and Store Instructions"):
 *   c.lw/c.sw  uimm[5:3] = 12:10, uimm[2] = 6, uimm[6] = 5
 *   c.ld/c.sd  uimm[5:3] = 12:10, uimm[7:6] = 6:5
 * funct3 001/101 are c.fld/c.fsd (same offsets as c.ld/c.sd), 100 is reserved.
 */
static bool decode_c0(uint32_t raw, struct insn *out)
{
	uint32_t funct3 = bits(raw, 15, 13);
	uint32_t reg = 8 + bits(raw, 4, 2);
	uint32_t off;

	switch (funct3) {
	case 2: /* c.lw */
	case 6: /* c.sw */
		out->width = 4;
		off = bits(raw, 12, 10) << 3 | bits(raw, 6, 6) << 2 |
		      bits(raw, 5, 5) << 6;
		break;
	case 1: /* c.fld */
	case 5: /* c.fsd */
	case 3: /* c.ld (c.flw on RV32) */
	case 7: /* c.sd (c.fsw on RV32) */
		out->width = 8;
		off = bits(raw, 12, 10) << 3 | bits(raw, 6, 5) << 6;
		break;
	default:
		return fail(out);
	}
	out->rs1 = (uint8_t)(8 + bits(raw, 9, 7));
	if (funct3 < 4) {
		out->kind = funct3 == 1 ? INSN_FLOAD : INSN_LOAD;
		out->rd = (uint8_t)reg;
	} else {
		out->kind = funct3 == 5 ? INSN_FSTORE : INSN_STORE;
		out->rs2 = (uint8_t)reg;
	}
	out->imm = off;
	return true;
}

/*
 * Quadrant 2 stack-pointer forms (CI/CSS formats), base register x2:
 *   c.lwsp  uimm[5] = 12, uimm[4:2] = 6:4, uimm[7:6] = 3:2, rd = 11:7 != 0
 *   c.ldsp  uimm[5] = 12, uimm[4:3] = 6:5, uimm[8:6] = 4:2, rd = 11:7 != 0
 *   c.swsp  uimm[5:2] = 12:9, uimm[7:6] = 8:7, rs2 = 6:2
 *   c.sdsp  uimm[5:3] = 12:10, uimm[8:6] = 9:7, rs2 = 6:2
 * The loads with rd = x0 are reserved code points. c.ebreak (0x9002) is the
 * only other quadrant-2 instruction in our set.
 */
static bool decode_c2(uint32_t raw, struct insn *out)
{
	uint32_t funct3 = bits(raw, 15, 13);
	uint32_t rd = bits(raw, 11, 7);
	uint32_t off;

	if ((raw & 0xffffu) == 0x9002u) {
		out->kind = INSN_EBREAK;
		return true;
	}

	switch (funct3) {
	case 2: /* c.lwsp */
		if (rd == 0)
			return fail(out);
		out->width = 4;
		off = bits(raw, 12, 12) << 5 | bits(raw, 6, 4) << 2 |
		      bits(raw, 3, 2) << 6;
		break;
	case 1: /* c.fldsp: f0 is a valid destination */
		out->width = 8;
		off = bits(raw, 12, 12) << 5 | bits(raw, 6, 5) << 3 |
		      bits(raw, 4, 2) << 6;
		break;
	case 3: /* c.ldsp */
		if (rd == 0)
			return fail(out);
		out->width = 8;
		off = bits(raw, 12, 12) << 5 | bits(raw, 6, 5) << 3 |
		      bits(raw, 4, 2) << 6;
		break;
	case 6: /* c.swsp */
		out->width = 4;
		off = bits(raw, 12, 9) << 2 | bits(raw, 8, 7) << 6;
		break;
	case 5: /* c.fsdsp */
	case 7: /* c.sdsp */
		out->width = 8;
		off = bits(raw, 12, 10) << 3 | bits(raw, 9, 7) << 6;
		break;
	default:
		return fail(out);
	}
	out->rs1 = 2;
	if (funct3 < 4) {
		out->kind = funct3 == 1 ? INSN_FLOAD : INSN_LOAD;
		out->rd = (uint8_t)rd;
	} else {
		out->kind = funct3 == 5 ? INSN_FSTORE : INSN_STORE;
		out->rs2 = (uint8_t)bits(raw, 6, 2);
	}
	out->imm = off;
	return true;
}

/* flw/fld and fsw/fsd (F and D chapters): I/S-type like the integer forms */
static bool decode_fp_load_store(uint32_t raw, bool is_load, struct insn *out)
{
	uint32_t funct3 = bits(raw, 14, 12);

	if (funct3 != 2 && funct3 != 3)
		return fail(out);	/* half and quad precision are not ours */
	if (!decode_load_store(raw, is_load, out))
		return false;
	out->kind = is_load ? INSN_FLOAD : INSN_FSTORE;
	out->is_unsigned = false;
	return true;
}

/* AMO*.W/D (unpriv. spec, "A" Standard Extension); aq/rl bits are ignored */
static bool decode_amo(uint32_t raw, struct insn *out)
{
	uint32_t funct3 = bits(raw, 14, 12), funct5 = bits(raw, 31, 27);

	if (funct3 != 2 && funct3 != 3)
		return fail(out);
	switch (funct5) {
	case AMO_ADD:
	case AMO_SWAP:
	case AMO_XOR:
	case AMO_OR:
	case AMO_AND:
	case AMO_MIN:
	case AMO_MAX:
	case AMO_MINU:
	case AMO_MAXU:
		break;
	default:
		return fail(out);	/* LR/SC and reserved */
	}
	out->kind = INSN_AMO;
	out->amo = (uint8_t)funct5;
	out->width = funct3 == 2 ? 4 : 8;
	out->rd = (uint8_t)bits(raw, 11, 7);
	out->rs1 = (uint8_t)bits(raw, 19, 15);
	out->rs2 = (uint8_t)bits(raw, 24, 20);
	out->imm = 0;
	return true;
}

bool decode(uint32_t raw, struct insn *out)
{
	*out = (struct insn){ .kind = INSN_UNKNOWN };

	/*
	 * Bits 1:0 != 11 mark a 16-bit instruction; its upper half belongs to
	 * the next instruction and is ignored, so callers may pass a 32-bit
	 * fetch. The all-zero parcel is defined illegal and is rejected by
	 * quadrant 0 (it would be c.addi4spn, not in our set).
	 */
	out->len = (uint8_t)decode_insn_len(raw & 0xffffu);
	if (out->len == 2) {
		switch (raw & 3u) {
		case 0:
			return decode_c0(raw, out);
		case 2:
			return decode_c2(raw, out);
		default:
			return fail(out);
		}
	}

	switch (raw & 0x7fu) {
	case OPC_SYSTEM:
		return decode_system(raw, out);
	case OPC_LOAD:
		return decode_load_store(raw, true, out);
	case OPC_STORE:
		return decode_load_store(raw, false, out);
	case OPC_AMO:
		return decode_amo(raw, out);
	case OPC_LOAD_FP:
		return decode_fp_load_store(raw, true, out);
	case OPC_STORE_FP:
		return decode_fp_load_store(raw, false, out);
	default:
		return fail(out);
	}
}

bool decode_is_mem_access(uint32_t raw)
{
	if (decode_insn_len(raw & 0xffffu) == 2) {
		/*
		 * Quadrants 0 and 2: funct3 1-3 and 5-7 are the (sp-relative in
		 * quadrant 2) loads and stores (c.fld/c.lw/c.ld, c.fsd/c.sw/c.sd)
		 */
		uint32_t funct3 = bits(raw, 15, 13);

		return ((raw & 3u) == 0 || (raw & 3u) == 2) && funct3 != 0 && funct3 != 4;
	}
	switch (raw & 0x7fu) {
	case OPC_LOAD:
	case OPC_STORE:
	case OPC_AMO:
	case OPC_LOAD_FP:	/* also the vector loads */
	case OPC_STORE_FP:
		return true;
	case OPC_MISC_MEM:
		return bits(raw, 14, 12) == FUNCT3_CBO;
	case OPC_SYSTEM:
		return bits(raw, 14, 12) == FUNCT3_HLV_HSV;
	default:
		return false;
	}
}

bool decode_csr(uint32_t raw, struct insn *out)
{
	uint32_t funct3 = bits(raw, 14, 12);

	if ((raw & 0x7fu) != OPC_SYSTEM || funct3 == 0 || funct3 == 4)
		return false;
	*out = (struct insn){ .kind = INSN_UNKNOWN, .len = 4 };
	return decode_system(raw, out);
}
