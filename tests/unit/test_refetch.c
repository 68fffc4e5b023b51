/*
 * The instruction behind an access fault (src/virt/memory.c,
 * vmem_decode_fault): another hart may rewrite the word at pc between the
 * trap and the monitor's re-read, so only an instruction that agrees with
 * what the hart recorded (cause 5 load/AMO, 7 store/AMO, the address in
 * mtval, FS for F/D) is emulated; anything else runs again. mtinst, when
 * the hart writes it (H spec 8.6.3), is used instead of the re-read.
 */
#include <miralis/arch.h>
#include <miralis/decode.h>
#include <miralis/device.h>
#include <miralis/emul.h>
#include <miralis/riscv/encoding.h>
#include <miralis/vcsr.h>
#include <miralis/virt.h>

#include "check.h"
#include "host.h"
#include "vhart.h"

#define PC 0x80200100UL
#define DATA 0x80201000UL
#define DEV_CLINT_MSIP0 0x2000000UL

#define LW_A4_A0 0x00052703u		/* lw a4, 0(a0) */
#define LW_A4_8_A0 0x00852703u		/* lw a4, 8(a0) */
#define FLD_F0_A0 0x00053007u		/* fld f0, 0(a0) */
#define SW_A2_A0 0x00c52023u		/* sw a2, 0(a0) */
#define LR_W_A4_A0 0x1005272fu		/* lr.w a4, (a0) */
#define AMOADD_W 0x00c5272fu		/* amoadd.w a4, a2, (a0) */
#define CBO_ZERO_A0 0x0045200fu		/* cbo.zero (a0) */
#define HLV_W 0x68054773u		/* hlv.w a4, (a0) */
#define ADDI_A0 0x00150513u		/* addi a0, a0, 1 */
#define C_LW 0x41c8u			/* c.lw a0, 4(a1) */
#define C_ADDI 0x0505u			/* c.addi a0, 1 */

static int dev_write_count;

static int dev_write(struct vctx *c, uint64_t off, unsigned width, uint64_t val)
{
	(void)c;
	(void)off;
	(void)width;
	(void)val;
	dev_write_count++;
	return 0;
}

static const struct vdevice msip_dev = {
	.name = "msip",
	.base = DEV_CLINT_MSIP0,
	.size = 0x1000,
	.write = dev_write,
};
static const struct vdevice *const devices[] = { &msip_dev };

static void put32(uint64_t addr, uint32_t v)
{
	uint8_t *p = host_mem_ptr(addr, 4);

	for (unsigned i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* Firmware at PC executed something that faulted with cause/tval; the word is now raw */
static void setup(struct vhart *h, uint32_t raw, uint64_t cause, uint64_t tval, uint64_t fs)
{
	host_reset();
	host_set_devices(devices, 1);
	vhart_boot(h, 0);
	CHECK_EQ(host_mem_map(0x80200000UL, 0x2000), 0);
	put32(PC, raw);
	h->ctx.pc = PC;
	h->ctx.regs[10] = DATA;
	h->ctx.regs[12] = 0x77;
	h->ctx.trap = (struct trap_info){ .mcause = cause, .mepc = PC, .mtval = tval,
					   .mstatus = fs };
	host_csr_set_raw(CSR_MSTATUS, fs);
}

static enum vmem_decode check_fault(uint32_t raw, uint64_t cause, uint64_t tval, uint64_t fs)
{
	struct vhart h;
	struct insn in;
	uint64_t addr = 0;

	setup(&h, raw, cause, tval, fs);
	return vmem_decode_fault(&h.ctx, &in, &addr);
}

TEST(refetch_memory_access_opcodes)
{
	CHECK(decode_is_mem_access(LW_A4_A0));
	CHECK(decode_is_mem_access(FLD_F0_A0));
	CHECK(decode_is_mem_access(SW_A2_A0));
	CHECK(decode_is_mem_access(LR_W_A4_A0));
	CHECK(decode_is_mem_access(AMOADD_W));
	CHECK(decode_is_mem_access(CBO_ZERO_A0));
	CHECK(decode_is_mem_access(HLV_W));
	CHECK(decode_is_mem_access(C_LW));
	CHECK(decode_is_mem_access(0x2422u));	/* c.fldsp */
	CHECK(!decode_is_mem_access(ADDI_A0));
	CHECK(!decode_is_mem_access(C_ADDI));
	CHECK(!decode_is_mem_access(ENC_CSRRW(5, CSR_MSCRATCH, 6)));
	CHECK(!decode_is_mem_access(ENC_MRET));
}

TEST(refetch_agreeing_access_is_decoded)
{
	CHECK_EQ(check_fault(LW_A4_A0, CAUSE_LOAD_ACCESS, DATA, 0), VMEM_DECODED);
	CHECK_EQ(check_fault(SW_A2_A0, CAUSE_STORE_ACCESS, DATA, 0), VMEM_DECODED);
	/* an AMO may report either cause; a misaligned access a byte inside it */
	CHECK_EQ(check_fault(AMOADD_W, CAUSE_STORE_ACCESS, DATA, 0), VMEM_DECODED);
	CHECK_EQ(check_fault(AMOADD_W, CAUSE_LOAD_ACCESS, DATA, 0), VMEM_DECODED);
	CHECK_EQ(check_fault(LW_A4_A0, CAUSE_LOAD_ACCESS, DATA + 3, 0), VMEM_DECODED);
	CHECK_EQ(check_fault(FLD_F0_A0, CAUSE_LOAD_ACCESS, DATA, MSTATUS_FS), VMEM_DECODED);
}

TEST(refetch_disagreeing_access_is_retried)
{
	/* the word changed kind, address, or to something the hart cannot have run */
	CHECK_EQ(check_fault(SW_A2_A0, CAUSE_LOAD_ACCESS, DATA, 0), VMEM_RETRY);
	CHECK_EQ(check_fault(LW_A4_A0, CAUSE_STORE_ACCESS, DATA, 0), VMEM_RETRY);
	CHECK_EQ(check_fault(LW_A4_8_A0, CAUSE_LOAD_ACCESS, DATA, 0), VMEM_RETRY);
	CHECK_EQ(check_fault(LW_A4_A0, CAUSE_LOAD_ACCESS, DATA + 4, 0), VMEM_RETRY);
	CHECK_EQ(check_fault(FLD_F0_A0, CAUSE_LOAD_ACCESS, DATA, 0), VMEM_RETRY);
	CHECK_EQ(check_fault(ADDI_A0, CAUSE_LOAD_ACCESS, DATA, 0), VMEM_RETRY);
	CHECK_EQ(check_fault(ENC_CSRRW(5, CSR_MSCRATCH, 6), CAUSE_LOAD_ACCESS, DATA, 0),
		 VMEM_RETRY);
}

TEST(refetch_unemulated_access_is_the_guests_fault)
{
	CHECK_EQ(check_fault(LR_W_A4_A0, CAUSE_LOAD_ACCESS, DATA, 0), VMEM_OTHER);
	CHECK_EQ(check_fault(CBO_ZERO_A0, CAUSE_STORE_ACCESS, DATA, 0), VMEM_OTHER);
	CHECK_EQ(check_fault(HLV_W, CAUSE_LOAD_ACCESS, DATA, 0), VMEM_OTHER);
}

TEST(refetch_unreadable_second_parcel_is_retried)
{
	struct vhart h;
	struct insn in;
	uint64_t addr;

	/* a 32-bit prefix in the last two bytes of memory: no trap in the monitor */
	setup(&h, LW_A4_A0, CAUSE_LOAD_ACCESS, DATA, 0);
	h.ctx.pc = 0x80201ffeUL;
	*host_mem_ptr(h.ctx.pc, 2) = 0x03;
	CHECK_EQ(vmem_decode_fault(&h.ctx, &in, &addr), VMEM_RETRY);
	CHECK_EQ(vmem_fetch(&h.ctx), 0);
}

TEST(refetch_mtinst_is_used_when_recorded)
{
	struct vhart h;
	struct insn in;
	uint64_t addr = 0;

	/* transformed c.lw a0, 4(a1), misaligned by 2: bit 1 clear, rs1 = offset, imm = 0 */
	setup(&h, ADDI_A0, CAUSE_LOAD_ACCESS, DATA + 2, 0);
	h.ctx.trap.mtinst = (2u << 15) | (2u << 12) | (10u << 7) | 1u;
	CHECK_EQ(vmem_decode_fault(&h.ctx, &in, &addr), VMEM_DECODED);
	CHECK_EQ(in.kind, INSN_LOAD);
	CHECK_EQ(in.len, 2);
	CHECK_EQ(in.rd, 10);
	CHECK_EQ(addr, DATA);
	/* a pseudo-instruction (implicit access) is never emulated */
	h.ctx.trap.mtinst = 0x2000;
	CHECK_EQ(vmem_decode_fault(&h.ctx, &in, &addr), VMEM_OTHER);
}

TEST(refetch_mprv_fp_race_retries_without_touching_fp)
{
	struct vhart h;

	/*
	 * The hart ran lw under vMPRV with FS = Off; the word is now fld. Before
	 * the check the monitor moved the value into f0 with FS = Off: a trap
	 * inside the monitor (the software hart aborts in arch_fpr_write).
	 */
	setup(&h, FLD_F0_A0, CAUSE_LOAD_ACCESS, DATA, 0);
	h.ctx.csr.mstatus |= MSTATUS_MPRV | ((uint64_t)PRV_S << MSTATUS_MPP_SHIFT);
	vmem_access_fault(&h.ctx);
	CHECK_EQ(h.ctx.pc, PC);
	CHECK_EQ(h.ctx.csr.mcause, 0);
	/* the word back to lw: replayed as S */
	put32(PC, LW_A4_A0);
	put32(DATA, 0x1234);
	vmem_access_fault(&h.ctx);
	CHECK_EQ(h.ctx.pc, PC + 4);
	CHECK_EQ(h.ctx.regs[14], 0x1234);
}

TEST(refetch_mtinst_fp_access_with_fs_off_is_not_replayed)
{
	struct vhart h;

	/*
	 * mtinst records fld f0, 0(a0) under vMPRV with FS = Off (a record no
	 * F/D access can leave, since it traps as illegal first): the monitor
	 * once replayed it into f0 with FS = Off, a trap inside the monitor
	 * (the software hart aborts in arch_fpr_write). Now the firmware gets
	 * its fault as recorded.
	 */
	setup(&h, ADDI_A0, CAUSE_LOAD_ACCESS, DATA, 0);
	h.ctx.trap.mtinst = FLD_F0_A0 & ~(0x1fu << 15 | 0xfffu << 20);
	h.ctx.csr.mstatus |= MSTATUS_MPRV | ((uint64_t)PRV_S << MSTATUS_MPP_SHIFT);
	vmem_access_fault(&h.ctx);
	CHECK_EQ(h.ctx.mode, PRV_M);
	CHECK_EQ(h.ctx.csr.mcause, CAUSE_LOAD_ACCESS);
	CHECK_EQ(h.ctx.csr.mtval, DATA);
	CHECK_EQ(host_stats()->mprv_loads, 0);
}

TEST(refetch_device_store_race_is_not_a_store)
{
	struct vhart h;

	/* a load fault at the CLINT whose word is now a store elsewhere: retried */
	setup(&h, SW_A2_A0, CAUSE_LOAD_ACCESS, DEV_CLINT_MSIP0, 0);
	dev_write_count = 0;
	vmem_access_fault(&h.ctx);
	CHECK_EQ(h.ctx.pc, PC);
	CHECK_EQ(h.ctx.csr.mcause, 0);
	CHECK_EQ(dev_write_count, 0);
}
