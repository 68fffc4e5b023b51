/*
 * Pure RV64 instruction decoder for the instructions the monitor emulates:
 * SYSTEM (csr*, mret, sret, wfi, sfence.vma, hfence.*) and loads/stores,
 * including the compressed (RVC) forms. No hardware access, no globals:
 * the same code runs on metal, on the host and under CBMC.
 */
#ifndef MIRALIS_DECODE_H
#define MIRALIS_DECODE_H

#include <stdbool.h>
#include <stdint.h>

/* mret has one encoding (priv. spec 3.3.2) */
#define INSN_RAW_MRET 0x30200073u

enum insn_kind {
	INSN_UNKNOWN = 0,
	/* Zicsr: rd, rs1 (register forms) or uimm (immediate forms), csr */
	INSN_CSRRW,
	INSN_CSRRS,
	INSN_CSRRC,
	INSN_CSRRWI,
	INSN_CSRRSI,
	INSN_CSRRCI,
	/* privileged, no operands */
	INSN_MRET,
	INSN_SRET,
	INSN_WFI,
	INSN_ECALL,
	INSN_EBREAK,
	/* fences with rs1 (vaddr/gaddr) and rs2 (asid/vmid) */
	INSN_SFENCE_VMA,
	INSN_HFENCE_VVMA,
	INSN_HFENCE_GVMA,
	/* memory: rd (loads) / rs2 (stores), rs1 base, imm, width, is_unsigned */
	INSN_LOAD,
	INSN_STORE,
	/* A extension read-modify-write: rd, rs1 (address), rs2, width 4/8, amo */
	INSN_AMO,
	/* F/D loads/stores: rd / rs2 name an FP register; width 4 or 8 */
	INSN_FLOAD,
	INSN_FSTORE,
	/* H extension hlv/hlvx (rd, rs1) and hsv (rs2, rs1); `hyp` identifies the form */
	INSN_HLV,
	INSN_HSV,
};

/* funct5 of the AMOs (unpriv. spec, "A" chapter); LR/SC are not replayable */
enum amo_op {
	AMO_ADD = 0x00,
	AMO_SWAP = 0x01,
	AMO_XOR = 0x04,
	AMO_OR = 0x08,
	AMO_AND = 0x0c,
	AMO_MIN = 0x10,
	AMO_MAX = 0x14,
	AMO_MINU = 0x18,
	AMO_MAXU = 0x1c,
};

struct insn {
	enum insn_kind kind;
	uint8_t len;		/* 2 (compressed) or 4 bytes */
	uint8_t rd;
	uint8_t rs1;
	uint8_t rs2;
	uint16_t csr;		/* csr* only */
	uint8_t uimm;		/* csrr*i only: zero-extended 5-bit immediate */
	uint8_t width;		/* loads/stores: 1, 2, 4 or 8 bytes */
	bool is_unsigned;	/* loads: lbu/lhu/lwu (zero-extend) */
	int64_t imm;		/* loads/stores: sign-extended offset */
	uint8_t amo;		/* INSN_AMO: enum amo_op */
	uint32_t hyp;		/* INSN_HLV/HSV: the encoding with its register fields cleared */
};

/* Length in bytes of the instruction whose low 16 bits are lo16 (2 or 4). */
static inline unsigned decode_insn_len(uint32_t lo16)
{
	return (lo16 & 3u) == 3u ? 4u : 2u;
}

/*
 * Decode raw (a 32-bit word, or a 16-bit parcel in the low half for RVC).
 * Returns true and fills *out when raw is one of the kinds above; returns
 * false and sets out->kind = INSN_UNKNOWN otherwise (including reserved
 * encodings such as c.lwsp with rd = x0, or loads with an invalid funct3).
 * out->len is set in both cases. For a 16-bit instruction the upper half of
 * raw is ignored, so a 32-bit fetch at the pc may be passed as is.
 */
bool decode(uint32_t raw, struct insn *out);
/* The same, but only for the Zicsr forms (csrrw..csrrci): false for anything else. */
bool decode_csr(uint32_t raw, struct insn *out);

/*
 * Whether raw (as for decode) accesses data memory at all: every load,
 * store and AMO (including LR/SC, vector, cbo.* and hlv/hsv forms the
 * emulator does not handle). Only such an instruction can have raised a
 * load or store/AMO fault.
 */
bool decode_is_mem_access(uint32_t raw);

/* Sign-extend the low `width` bytes of v (width 1, 2, 4 or 8). */
int64_t decode_sext(uint64_t v, unsigned width);

/* The register value a load leaves from the `width` bytes it read. */
static inline uint64_t decode_load_value(const struct insn *in, uint64_t v)
{
	return in->is_unsigned ? v : (uint64_t)decode_sext(v, in->width);
}

#endif /* MIRALIS_DECODE_H */
