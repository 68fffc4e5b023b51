/*
 * Decoder tests. The encodings below were produced once by the GNU
 * assembler (not at build or run time) and pasted here with their source
 * text; the expected fields were written from that text, so the table
 * cross-checks decode() against binutils' view of the ISA.
 */
#include <stdio.h>
#include <string.h>

#include <miralis/decode.h>

#include "check.h"

struct known {
	const char *text;
	uint32_t raw;
	struct insn want;
};

struct unknown {
	const char *text;
	uint32_t raw;
	unsigned len;
};

/*
 * riscv64-unknown-elf-as 2.40 -march=rv64gch_zicsr_zifencei_svinval, then
 * objdump -d -M no-aliases (.option rvc only for the c. lines).
 */
static const struct known known[] = {
	{ "csrrw a0, mstatus, a1", 0x30059573,
	  { .kind = INSN_CSRRW, .len = 4, .rd = 10, .rs1 = 11, .csr = 0x300 } },
	{ "csrrs zero, mie, t0", 0x3042a073,
	  { .kind = INSN_CSRRS, .len = 4, .rd = 0, .rs1 = 5, .csr = 0x304 } },
	{ "csrrc ra, 0xfff, s11", 0xfffdb0f3,
	  { .kind = INSN_CSRRC, .len = 4, .rd = 1, .rs1 = 27, .csr = 0xfff } },
	{ "csrrs a0, cycle, zero", 0xc0002573,
	  { .kind = INSN_CSRRS, .len = 4, .rd = 10, .rs1 = 0, .csr = 0xc00 } },
	{ "csrrw t6, 0x001, x31", 0x001f9ff3,
	  { .kind = INSN_CSRRW, .len = 4, .rd = 31, .rs1 = 31, .csr = 0x001 } },
	{ "csrrwi a0, mscratch, 31", 0x340fd573,
	  { .kind = INSN_CSRRWI, .len = 4, .rd = 10, .csr = 0x340, .uimm = 31 } },
	{ "csrrsi zero, mip, 1", 0x3440e073,
	  { .kind = INSN_CSRRSI, .len = 4, .rd = 0, .csr = 0x344, .uimm = 1 } },
	{ "csrrci t6, 0x7c0, 0", 0x7c007ff3,
	  { .kind = INSN_CSRRCI, .len = 4, .rd = 31, .csr = 0x7c0, .uimm = 0 } },
	{ "csrrwi x1, satp, 16", 0x180850f3,
	  { .kind = INSN_CSRRWI, .len = 4, .rd = 1, .csr = 0x180, .uimm = 16 } },
	{ "mret", 0x30200073,
	  { .kind = INSN_MRET, .len = 4 } },
	{ "sret", 0x10200073,
	  { .kind = INSN_SRET, .len = 4 } },
	{ "wfi", 0x10500073,
	  { .kind = INSN_WFI, .len = 4 } },
	{ "ecall", 0x00000073,
	  { .kind = INSN_ECALL, .len = 4 } },
	{ "ebreak", 0x00100073,
	  { .kind = INSN_EBREAK, .len = 4 } },
	{ "c.ebreak", 0x9002,
	  { .kind = INSN_EBREAK, .len = 2 } },
	{ "sfence.vma zero, zero", 0x12000073,
	  { .kind = INSN_SFENCE_VMA, .len = 4, .rs1 = 0, .rs2 = 0 } },
	{ "sfence.vma a0, zero", 0x12050073,
	  { .kind = INSN_SFENCE_VMA, .len = 4, .rs1 = 10, .rs2 = 0 } },
	{ "sfence.vma a0, a1", 0x12b50073,
	  { .kind = INSN_SFENCE_VMA, .len = 4, .rs1 = 10, .rs2 = 11 } },
	{ "sfence.vma zero, t2", 0x12700073,
	  { .kind = INSN_SFENCE_VMA, .len = 4, .rs1 = 0, .rs2 = 7 } },
	{ "sfence.vma x31, x31", 0x13ff8073,
	  { .kind = INSN_SFENCE_VMA, .len = 4, .rs1 = 31, .rs2 = 31 } },
	{ "hfence.vvma zero, zero", 0x22000073,
	  { .kind = INSN_HFENCE_VVMA, .len = 4, .rs1 = 0, .rs2 = 0 } },
	{ "hfence.vvma a0, a1", 0x22b50073,
	  { .kind = INSN_HFENCE_VVMA, .len = 4, .rs1 = 10, .rs2 = 11 } },
	{ "hfence.gvma zero, zero", 0x62000073,
	  { .kind = INSN_HFENCE_GVMA, .len = 4, .rs1 = 0, .rs2 = 0 } },
	{ "hfence.gvma t3, t4", 0x63de0073,
	  { .kind = INSN_HFENCE_GVMA, .len = 4, .rs1 = 28, .rs2 = 29 } },
	{ "lb a0, 0(a1)", 0x00058503,
	  { .kind = INSN_LOAD, .len = 4, .rd = 10, .rs1 = 11, .width = 1, .imm = 0 } },
	{ "lh t0, -1(sp)", 0xfff11283,
	  { .kind = INSN_LOAD, .len = 4, .rd = 5, .rs1 = 2, .width = 2, .imm = -1 } },
	{ "lw s1, 2047(gp)", 0x7ff1a483,
	  { .kind = INSN_LOAD, .len = 4, .rd = 9, .rs1 = 3, .width = 4, .imm = 2047 } },
	{ "ld ra, -2048(x31)", 0x800fb083,
	  { .kind = INSN_LOAD, .len = 4, .rd = 1, .rs1 = 31, .width = 8, .imm = -2048 } },
	{ "lbu x31, 1(zero)", 0x00104f83,
	  { .kind = INSN_LOAD, .len = 4, .rd = 31, .rs1 = 0, .width = 1, .is_unsigned = true, .imm = 1 } },
	{ "lhu a5, -2(a4)", 0xffe75783,
	  { .kind = INSN_LOAD, .len = 4, .rd = 15, .rs1 = 14, .width = 2, .is_unsigned = true, .imm = -2 } },
	{ "lwu a2, 1024(a3)", 0x4006e603,
	  { .kind = INSN_LOAD, .len = 4, .rd = 12, .rs1 = 13, .width = 4, .is_unsigned = true, .imm = 1024 } },
	{ "ld zero, 8(a0)", 0x00853003,
	  { .kind = INSN_LOAD, .len = 4, .rd = 0, .rs1 = 10, .width = 8, .imm = 8 } },
	{ "lw a0, -1366(a1)", 0xaaa5a503,
	  { .kind = INSN_LOAD, .len = 4, .rd = 10, .rs1 = 11, .width = 4, .imm = -1366 } },
	{ "sb a0, 0(a1)", 0x00a58023,
	  { .kind = INSN_STORE, .len = 4, .rs1 = 11, .rs2 = 10, .width = 1, .imm = 0 } },
	{ "sh t0, -1(sp)", 0xfe511fa3,
	  { .kind = INSN_STORE, .len = 4, .rs1 = 2, .rs2 = 5, .width = 2, .imm = -1 } },
	{ "sw s1, 2047(gp)", 0x7e91afa3,
	  { .kind = INSN_STORE, .len = 4, .rs1 = 3, .rs2 = 9, .width = 4, .imm = 2047 } },
	{ "sd ra, -2048(x31)", 0x801fb023,
	  { .kind = INSN_STORE, .len = 4, .rs1 = 31, .rs2 = 1, .width = 8, .imm = -2048 } },
	{ "sd x31, 1(zero)", 0x01f030a3,
	  { .kind = INSN_STORE, .len = 4, .rs1 = 0, .rs2 = 31, .width = 8, .imm = 1 } },
	{ "sw zero, -32(a0)", 0xfe052023,
	  { .kind = INSN_STORE, .len = 4, .rs1 = 10, .rs2 = 0, .width = 4, .imm = -32 } },
	{ "sb a7, 1365(t1)", 0x55130aa3,
	  { .kind = INSN_STORE, .len = 4, .rs1 = 6, .rs2 = 17, .width = 1, .imm = 1365 } },
	{ "sh s2, -2047(s3)", 0x812990a3,
	  { .kind = INSN_STORE, .len = 4, .rs1 = 19, .rs2 = 18, .width = 2, .imm = -2047 } },
	{ "c.lw s0, 0(s1)", 0x4080,
	  { .kind = INSN_LOAD, .len = 2, .rd = 8, .rs1 = 9, .width = 4, .imm = 0 } },
	{ "c.lw a5, 124(s0)", 0x5c7c,
	  { .kind = INSN_LOAD, .len = 2, .rd = 15, .rs1 = 8, .width = 4, .imm = 124 } },
	{ "c.lw a0, 4(a1)", 0x41c8,
	  { .kind = INSN_LOAD, .len = 2, .rd = 10, .rs1 = 11, .width = 4, .imm = 4 } },
	{ "c.lw a1, 8(a2)", 0x460c,
	  { .kind = INSN_LOAD, .len = 2, .rd = 11, .rs1 = 12, .width = 4, .imm = 8 } },
	{ "c.lw a2, 16(a3)", 0x4a90,
	  { .kind = INSN_LOAD, .len = 2, .rd = 12, .rs1 = 13, .width = 4, .imm = 16 } },
	{ "c.lw a3, 32(a4)", 0x5314,
	  { .kind = INSN_LOAD, .len = 2, .rd = 13, .rs1 = 14, .width = 4, .imm = 32 } },
	{ "c.lw a4, 64(a5)", 0x43b8,
	  { .kind = INSN_LOAD, .len = 2, .rd = 14, .rs1 = 15, .width = 4, .imm = 64 } },
	{ "c.ld s0, 0(s1)", 0x6080,
	  { .kind = INSN_LOAD, .len = 2, .rd = 8, .rs1 = 9, .width = 8, .imm = 0 } },
	{ "c.ld a5, 248(s0)", 0x7c7c,
	  { .kind = INSN_LOAD, .len = 2, .rd = 15, .rs1 = 8, .width = 8, .imm = 248 } },
	{ "c.ld a0, 8(a1)", 0x6588,
	  { .kind = INSN_LOAD, .len = 2, .rd = 10, .rs1 = 11, .width = 8, .imm = 8 } },
	{ "c.ld a1, 16(a2)", 0x6a0c,
	  { .kind = INSN_LOAD, .len = 2, .rd = 11, .rs1 = 12, .width = 8, .imm = 16 } },
	{ "c.ld a2, 32(a3)", 0x7290,
	  { .kind = INSN_LOAD, .len = 2, .rd = 12, .rs1 = 13, .width = 8, .imm = 32 } },
	{ "c.ld a3, 64(a4)", 0x6334,
	  { .kind = INSN_LOAD, .len = 2, .rd = 13, .rs1 = 14, .width = 8, .imm = 64 } },
	{ "c.ld a4, 128(a5)", 0x63d8,
	  { .kind = INSN_LOAD, .len = 2, .rd = 14, .rs1 = 15, .width = 8, .imm = 128 } },
	{ "c.sw s0, 0(s1)", 0xc080,
	  { .kind = INSN_STORE, .len = 2, .rs1 = 9, .rs2 = 8, .width = 4, .imm = 0 } },
	{ "c.sw a5, 124(s0)", 0xdc7c,
	  { .kind = INSN_STORE, .len = 2, .rs1 = 8, .rs2 = 15, .width = 4, .imm = 124 } },
	{ "c.sw a0, 4(a1)", 0xc1c8,
	  { .kind = INSN_STORE, .len = 2, .rs1 = 11, .rs2 = 10, .width = 4, .imm = 4 } },
	{ "c.sw a1, 64(a2)", 0xc22c,
	  { .kind = INSN_STORE, .len = 2, .rs1 = 12, .rs2 = 11, .width = 4, .imm = 64 } },
	{ "c.sd s0, 0(s1)", 0xe080,
	  { .kind = INSN_STORE, .len = 2, .rs1 = 9, .rs2 = 8, .width = 8, .imm = 0 } },
	{ "c.sd a5, 248(s0)", 0xfc7c,
	  { .kind = INSN_STORE, .len = 2, .rs1 = 8, .rs2 = 15, .width = 8, .imm = 248 } },
	{ "c.sd a0, 8(a1)", 0xe588,
	  { .kind = INSN_STORE, .len = 2, .rs1 = 11, .rs2 = 10, .width = 8, .imm = 8 } },
	{ "c.sd a1, 128(a2)", 0xe24c,
	  { .kind = INSN_STORE, .len = 2, .rs1 = 12, .rs2 = 11, .width = 8, .imm = 128 } },
	{ "c.lwsp ra, 0(sp)", 0x4082,
	  { .kind = INSN_LOAD, .len = 2, .rd = 1, .rs1 = 2, .width = 4, .imm = 0 } },
	{ "c.lwsp t6, 252(sp)", 0x5ffe,
	  { .kind = INSN_LOAD, .len = 2, .rd = 31, .rs1 = 2, .width = 4, .imm = 252 } },
	{ "c.lwsp a0, 4(sp)", 0x4512,
	  { .kind = INSN_LOAD, .len = 2, .rd = 10, .rs1 = 2, .width = 4, .imm = 4 } },
	{ "c.lwsp a0, 8(sp)", 0x4522,
	  { .kind = INSN_LOAD, .len = 2, .rd = 10, .rs1 = 2, .width = 4, .imm = 8 } },
	{ "c.lwsp a0, 16(sp)", 0x4542,
	  { .kind = INSN_LOAD, .len = 2, .rd = 10, .rs1 = 2, .width = 4, .imm = 16 } },
	{ "c.lwsp a0, 32(sp)", 0x5502,
	  { .kind = INSN_LOAD, .len = 2, .rd = 10, .rs1 = 2, .width = 4, .imm = 32 } },
	{ "c.lwsp a0, 64(sp)", 0x4506,
	  { .kind = INSN_LOAD, .len = 2, .rd = 10, .rs1 = 2, .width = 4, .imm = 64 } },
	{ "c.lwsp a0, 128(sp)", 0x450a,
	  { .kind = INSN_LOAD, .len = 2, .rd = 10, .rs1 = 2, .width = 4, .imm = 128 } },
	{ "c.ldsp ra, 0(sp)", 0x6082,
	  { .kind = INSN_LOAD, .len = 2, .rd = 1, .rs1 = 2, .width = 8, .imm = 0 } },
	{ "c.ldsp t6, 504(sp)", 0x7ffe,
	  { .kind = INSN_LOAD, .len = 2, .rd = 31, .rs1 = 2, .width = 8, .imm = 504 } },
	{ "c.ldsp sp, 8(sp)", 0x6122,
	  { .kind = INSN_LOAD, .len = 2, .rd = 2, .rs1 = 2, .width = 8, .imm = 8 } },
	{ "c.ldsp a0, 16(sp)", 0x6542,
	  { .kind = INSN_LOAD, .len = 2, .rd = 10, .rs1 = 2, .width = 8, .imm = 16 } },
	{ "c.ldsp a0, 32(sp)", 0x7502,
	  { .kind = INSN_LOAD, .len = 2, .rd = 10, .rs1 = 2, .width = 8, .imm = 32 } },
	{ "c.ldsp a0, 64(sp)", 0x6506,
	  { .kind = INSN_LOAD, .len = 2, .rd = 10, .rs1 = 2, .width = 8, .imm = 64 } },
	{ "c.ldsp a0, 128(sp)", 0x650a,
	  { .kind = INSN_LOAD, .len = 2, .rd = 10, .rs1 = 2, .width = 8, .imm = 128 } },
	{ "c.ldsp a0, 256(sp)", 0x6512,
	  { .kind = INSN_LOAD, .len = 2, .rd = 10, .rs1 = 2, .width = 8, .imm = 256 } },
	{ "c.swsp zero, 0(sp)", 0xc002,
	  { .kind = INSN_STORE, .len = 2, .rs1 = 2, .rs2 = 0, .width = 4, .imm = 0 } },
	{ "c.swsp t6, 252(sp)", 0xdffe,
	  { .kind = INSN_STORE, .len = 2, .rs1 = 2, .rs2 = 31, .width = 4, .imm = 252 } },
	{ "c.swsp a0, 4(sp)", 0xc22a,
	  { .kind = INSN_STORE, .len = 2, .rs1 = 2, .rs2 = 10, .width = 4, .imm = 4 } },
	{ "c.swsp a0, 32(sp)", 0xd02a,
	  { .kind = INSN_STORE, .len = 2, .rs1 = 2, .rs2 = 10, .width = 4, .imm = 32 } },
	{ "c.swsp a0, 64(sp)", 0xc0aa,
	  { .kind = INSN_STORE, .len = 2, .rs1 = 2, .rs2 = 10, .width = 4, .imm = 64 } },
	{ "c.swsp a0, 128(sp)", 0xc12a,
	  { .kind = INSN_STORE, .len = 2, .rs1 = 2, .rs2 = 10, .width = 4, .imm = 128 } },
	{ "c.sdsp zero, 0(sp)", 0xe002,
	  { .kind = INSN_STORE, .len = 2, .rs1 = 2, .rs2 = 0, .width = 8, .imm = 0 } },
	{ "c.sdsp t6, 504(sp)", 0xfffe,
	  { .kind = INSN_STORE, .len = 2, .rs1 = 2, .rs2 = 31, .width = 8, .imm = 504 } },
	{ "c.sdsp a0, 8(sp)", 0xe42a,
	  { .kind = INSN_STORE, .len = 2, .rs1 = 2, .rs2 = 10, .width = 8, .imm = 8 } },
	{ "c.sdsp a0, 32(sp)", 0xf02a,
	  { .kind = INSN_STORE, .len = 2, .rs1 = 2, .rs2 = 10, .width = 8, .imm = 32 } },
	{ "c.sdsp a0, 64(sp)", 0xe0aa,
	  { .kind = INSN_STORE, .len = 2, .rs1 = 2, .rs2 = 10, .width = 8, .imm = 64 } },
	{ "c.sdsp a0, 256(sp)", 0xe22a,
	  { .kind = INSN_STORE, .len = 2, .rs1 = 2, .rs2 = 10, .width = 8, .imm = 256 } },
};

static const struct unknown unknown_asm[] = {
	{ "c.addi4spn a0, sp, 16", 0x0808, 2 },
	{ "c.nop", 0x0001, 2 },
	{ "c.addi a0, 1", 0x0505, 2 },
	{ "c.jr ra", 0x8082, 2 },
	{ "c.mv a0, a1", 0x852e, 2 },
	{ "c.add a0, a1", 0x952e, 2 },
	{ "addi a0, a0, 1", 0x00150513, 4 },
	{ "fence", 0x0ff0000f, 4 },
	{ "fence.i", 0x0000100f, 4 },
	{ "uret", 0x00200073, 4 },
	{ "dret", 0x7b200073, 4 },
	{ "sinval.vma a0, a1", 0x16b50073, 4 },
	{ "lr.d a0, (a1)", 0x1005b52f, 4 },
	{ "sc.d a0, a1, (a2)", 0x18b6352f, 4 },
};

/* AMOs, assembled with riscv64-unknown-elf-as 2.40 (-march=rv64imac) */
static const struct {
	const char *text;
	uint32_t raw;
	uint8_t rd, rs1, rs2, width, amo;
} amos[] = {
	{ "amoswap.w a0, a1, (a2)", 0x08b6252f, 10, 12, 11, 4, AMO_SWAP },
	{ "amoadd.d.aqrl t0, t1, (t2)", 0x0663b2af, 5, 7, 6, 8, AMO_ADD },
	{ "amomaxu.w s1, s2, (s3)", 0xe129a4af, 9, 19, 18, 4, AMO_MAXU },
	{ "amoor.d zero, a5, (sp)", 0x40f1302f, 0, 2, 15, 8, AMO_OR },
};

/* F/D and H-extension accesses, assembled with riscv64-unknown-elf-as 2.40 */
static const struct {
	const char *text;
	uint32_t raw;
	enum insn_kind kind;
	uint8_t len, rd, rs1, rs2, width;
	int64_t imm;
} others[] = {
	{ "c.fld fs0, 8(s1)", 0x2480, INSN_FLOAD, 2, 8, 9, 0, 8, 8 },
	{ "c.fsd fs0, 8(s1)", 0xa480, INSN_FSTORE, 2, 0, 9, 8, 8, 8 },
	{ "c.fldsp fs0, 8(sp)", 0x2422, INSN_FLOAD, 2, 8, 2, 0, 8, 8 },
	{ "c.fsdsp fs0, 8(sp)", 0xa422, INSN_FSTORE, 2, 0, 2, 8, 8, 8 },
	{ "flw fa0, 4(a0)", 0x00452507, INSN_FLOAD, 4, 10, 10, 0, 4, 4 },
	{ "fld fa0, 8(a0)", 0x00853507, INSN_FLOAD, 4, 10, 10, 0, 8, 8 },
	{ "fsw fa0, 4(a0)", 0x00a52227, INSN_FSTORE, 4, 0, 10, 10, 4, 4 },
	{ "fsd fa0, 8(a0)", 0x00a53427, INSN_FSTORE, 4, 0, 10, 10, 8, 8 },
	{ "hlv.b a0, (a1)", 0x6005c573, INSN_HLV, 4, 10, 11, 0, 1, 0 },
	{ "hsv.w a0, (a1)", 0x6aa5c073, INSN_HSV, 4, 0, 11, 10, 4, 0 },
	{ "hlv.d a0, (a1)", 0x6c05c573, INSN_HLV, 4, 10, 11, 0, 8, 0 },
};

TEST(decode_fp_and_hypervisor_accesses)
{
	for (unsigned i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		struct insn in;

		if (!decode(others[i].raw, &in))
			printf("  while decoding: %s\n", others[i].text);
		CHECK_EQ(in.kind, others[i].kind);
		CHECK_EQ(in.len, others[i].len);
		CHECK_EQ(in.rd, others[i].rd);
		CHECK_EQ(in.rs1, others[i].rs1);
		CHECK_EQ(in.rs2, others[i].rs2);
		CHECK_EQ(in.width, others[i].width);
		CHECK_EQ(in.imm, others[i].imm);
	}
}

TEST(decode_amos_for_mprv_replay)
{
	for (unsigned i = 0; i < sizeof(amos) / sizeof(amos[0]); i++) {
		struct insn in;

		if (!decode(amos[i].raw, &in))
			printf("  while decoding: %s\n", amos[i].text);
		CHECK_EQ(in.kind, INSN_AMO);
		CHECK_EQ(in.len, 4);
		CHECK_EQ(in.rd, amos[i].rd);
		CHECK_EQ(in.rs1, amos[i].rs1);
		CHECK_EQ(in.rs2, amos[i].rs2);
		CHECK_EQ(in.width, amos[i].width);
		CHECK_EQ(in.amo, amos[i].amo);
	}
}

static bool insn_equal(const struct insn *a, const struct insn *b)
{
	return a->kind == b->kind && a->len == b->len && a->rd == b->rd &&
	       a->rs1 == b->rs1 && a->rs2 == b->rs2 && a->csr == b->csr &&
	       a->uimm == b->uimm && a->width == b->width &&
	       a->is_unsigned == b->is_unsigned && a->imm == b->imm;
}

/* Names the entry that differs, then lets CHECK_EQ report the field. */
static void check_insn(const char *text, const struct insn *got,
		       const struct insn *want)
{
	if (!insn_equal(got, want))
		printf("  while decoding: %s\n", text);
	CHECK_EQ(got->kind, want->kind);
	CHECK_EQ(got->len, want->len);
	CHECK_EQ(got->rd, want->rd);
	CHECK_EQ(got->rs1, want->rs1);
	CHECK_EQ(got->rs2, want->rs2);
	CHECK_EQ(got->csr, want->csr);
	CHECK_EQ(got->uimm, want->uimm);
	CHECK_EQ(got->width, want->width);
	CHECK_EQ(got->is_unsigned, want->is_unsigned);
	CHECK_EQ(got->imm, want->imm);
}

/* Decode into a struct full of garbage: every field must be rewritten. */
static bool decode_dirty(uint32_t raw, struct insn *out)
{
	memset(out, 0xa5, sizeof(*out));
	return decode(raw, out);
}

TEST(decode_assembled_table)
{
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		struct insn got;

		CHECK(decode_dirty(known[i].raw, &got));
		check_insn(known[i].text, &got, &known[i].want);
	}
}

static void check_unknown(const char *text, uint32_t raw, unsigned len)
{
	struct insn got;
	struct insn want = { .kind = INSN_UNKNOWN, .len = (uint8_t)len };

	CHECK(!decode_dirty(raw, &got));
	check_insn(text, &got, &want);
}

/* Valid instructions outside our set, floating point included. */
TEST(decode_assembled_others_are_unknown)
{
	for (size_t i = 0; i < sizeof(unknown_asm) / sizeof(unknown_asm[0]); i++)
		check_unknown(unknown_asm[i].text, unknown_asm[i].raw,
			      unknown_asm[i].len);
}

/* Reserved or malformed encodings, built by hand from the ISA tables. */
TEST(decode_reserved_encodings_rejected)
{
	static const struct unknown bad[] = {
		{ "load funct3=7 (RV128 ldu)", 0x0005f503, 4 },
		{ "store funct3=4 (RV128 sq)", 0x00a5c023, 4 },
		{ "store funct3=5", 0x00a5d023, 4 },
		{ "store funct3=6", 0x00a5e023, 4 },
		{ "store funct3=7", 0x00a5f023, 4 },
		{ "c.lwsp rd=x0", 0x4002, 2 },
		{ "c.lwsp rd=x0 with offset", 0x5ffa & ~0x0f80u, 2 },
		{ "c.ldsp rd=x0", 0x6002, 2 },
		{ "c.ldsp rd=x0 with offset", 0x7ffe & ~0x0f80u, 2 },
		{ "quadrant 0 funct3=100", 0x8080, 2 },
		{ "all-zero parcel", 0x0000, 2 },
		{ "all-ones word", 0xffffffff, 4 },
		{ "48-bit prefix", 0x0000001f, 4 },
		{ "mret with rs1=x1", 0x30208073, 4 },
		{ "sret with rd=x1", 0x102000f3, 4 },
		{ "wfi with rd=x1", 0x105000f3, 4 },
		{ "wfi with rs1=x1", 0x10508073, 4 },
		{ "ecall with rd=x1", 0x000000f3, 4 },
		{ "ebreak with rs1=x1", 0x00108073, 4 },
		{ "sfence.vma with rd=x1", 0x120000f3, 4 },
		{ "hfence.vvma with rd=x1", 0x220000f3, 4 },
		{ "hfence.gvma with rd=x31", 0x62000ff3, 4 },
		{ "SYSTEM funct7=0001010", 0x14000073, 4 },
		{ "SYSTEM funct3=4 (hypervisor ld/st space)", 0x00004073, 4 },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		check_unknown(bad[i].text, bad[i].raw, bad[i].len);
}

/* funct3 != 0 makes a fence-shaped word a CSR instruction instead. */
TEST(decode_fence_needs_funct3_zero)
{
	struct insn got;

	CHECK(decode(0x12001073, &got));
	CHECK_EQ(got.kind, INSN_CSRRW);
	CHECK_EQ(got.csr, 0x120);
}

/* A 16-bit instruction ignores whatever follows it in a 32-bit fetch. */
TEST(decode_compressed_ignores_upper_half)
{
	struct insn a, b;

	CHECK(decode(0x5c7c, &a));
	CHECK(decode(0xdead5c7c, &b));
	check_insn("c.lw a5, 124(s0) + junk", &b, &a);
	CHECK(decode(0xffff9002, &b));
	CHECK_EQ(b.kind, INSN_EBREAK);
	CHECK_EQ(b.len, 2);
}

TEST(decode_insn_len_from_low_bits)
{
	CHECK_EQ(decode_insn_len(0x0000), 2);
	CHECK_EQ(decode_insn_len(0x0001), 2);
	CHECK_EQ(decode_insn_len(0x0002), 2);
	CHECK_EQ(decode_insn_len(0x0003), 4);
	CHECK_EQ(decode_insn_len(0x0073), 4);
}

TEST(decode_sext_widths)
{
	CHECK_EQ(decode_sext(0x7f, 1), 0x7f);
	CHECK_EQ(decode_sext(0x80, 1), -128);
	CHECK_EQ(decode_sext(0xff80, 1), -128);
	CHECK_EQ(decode_sext(0x1234, 1), 0x34);
	CHECK_EQ(decode_sext(0x7fff, 2), 0x7fff);
	CHECK_EQ(decode_sext(0x8000, 2), -32768);
	CHECK_EQ(decode_sext(0xabcdffff, 2), -1);
	CHECK_EQ(decode_sext(0x7fffffff, 4), 0x7fffffff);
	CHECK_EQ(decode_sext(0x80000000, 4), -2147483648LL);
	CHECK_EQ(decode_sext(0x1ffffffffULL, 4), -1);
	CHECK_EQ(decode_sext(0x8000000000000000ULL, 8), 0x8000000000000000ULL);
	CHECK_EQ(decode_sext(0x123456789abcdef0ULL, 8), 0x123456789abcdef0ULL);
	CHECK_EQ(decode_sext(~0ULL, 8), -1);
}
