/*
 * The host hart against QEMU 7.2's rv64 CPU on -M virt: the values below
 * are what target/riscv/csr.c, pmp.c and debug.c of QEMU 7.2 produce
 * (function named in each comment), and were also read back from
 * qemu-system-riscv64 7.2.22 by a bare-metal probe, so probing code tested
 * on the host sees the same WARL behaviour as on the emulator.
 */
#include <miralis/arch.h>
#include <miralis/riscv/encoding.h>
#include <miralis/virt.h>

#include "check.h"
#include "host.h"

/* Write v through the probe and return what stuck (CSR restored). */
static uint64_t stuck(unsigned csr, uint64_t v)
{
	uint64_t orig = 0, rb = 0;

	CHECK(arch_csr_probe(csr, v, &orig, &rb));
	return rb;
}

static bool present(unsigned csr)
{
	uint64_t orig, rb;

	return arch_csr_probe(csr, 0, &orig, &rb);
}

TEST(host_identification_csrs)
{
	uint64_t orig = 0, rb = 0;

	host_set_hart_id(1);
	CHECK_EQ(csr_read(CSR_MISA), 0x80000000001411adULL);
	/* write_misa: RISCV_FEATURE_MISA is never set, writes are dropped */
	CHECK(arch_csr_probe(CSR_MISA, 0, &orig, &rb));
	CHECK_EQ(rb, 0x80000000001411adULL);
	CHECK_EQ(csr_read(CSR_MVENDORID), 0);
	CHECK_EQ(csr_read(CSR_MARCHID), 0x70216);
	CHECK_EQ(csr_read(CSR_MIMPID), 0x70216);
	CHECK_EQ(csr_read(CSR_MHARTID), 1);
	CHECK_EQ(arch_hart_id(), 1);
	/* read-only number: the probe reads only */
	CHECK(arch_csr_probe(CSR_MHARTID, 5, &orig, &rb));
	CHECK_EQ(orig, 1);
	CHECK_EQ(rb, 1);
	CHECK_EQ(host_illegal_count(), 0);
}

TEST(host_mstatus_warl)
{
	/* write_mstatus mask, UXL taken because non-zero, SXL fixed at 2 */
	uint64_t all = MSTATUS_SIE | MSTATUS_MIE | MSTATUS_SPIE |
		       MSTATUS_MPIE | MSTATUS_SPP | MSTATUS_VS | MSTATUS_MPP |
		       MSTATUS_FS | MSTATUS_MPRV | MSTATUS_SUM | MSTATUS_MXR |
		       MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR | MSTATUS_UXL |
		       (2ULL << 34) | MSTATUS_GVA | MSTATUS_MPV;

	CHECK_EQ(csr_read(CSR_MSTATUS), 0xa00000000ULL); /* reset SXL=UXL=2 */
	/* add_status_sd: SD shows because FS (and VS) are dirty */
	CHECK_EQ(stuck(CSR_MSTATUS, ~0ULL), all | MSTATUS_SD);
	CHECK_EQ(stuck(CSR_MSTATUS, ~0ULL), 0x800000cb007e7faaULL);
	/* a zero UXL is not written: UXL keeps 2 */
	CHECK_EQ(stuck(CSR_MSTATUS, 0), 0xa00000000ULL);
	/* QEMU 7.2 keeps the reserved MPP value 2 */
	csr_write(CSR_MSTATUS, 2ULL << MSTATUS_MPP_SHIFT);
	CHECK_EQ(csr_read(CSR_MSTATUS) & MSTATUS_MPP, 2ULL << MSTATUS_MPP_SHIFT);
	/* UXL = 1 is taken as written */
	csr_write(CSR_MSTATUS, 1ULL << 32);
	CHECK_EQ(csr_read(CSR_MSTATUS), 0x900000000ULL);
}

TEST(host_delegation_masks)
{
	/* DELEGABLE_EXCPS: 0-13, 15, 20-23 (M-ecall included in 7.2) */
	CHECK_EQ(stuck(CSR_MEDELEG, ~0ULL), 0xf0bfff);
	/* rmw_mideleg64: S and VS interrupts; H forces VS + SGEI to one,
	 * from reset on (QEMU 7.2 reads 0x1444 first: test ref-fuzz-b) */
	CHECK_EQ(csr_read(CSR_MIDELEG), 0x1444);
	CHECK_EQ(stuck(CSR_MIDELEG, ~0ULL), 0x3666);
	CHECK_EQ(stuck(CSR_MIDELEG, 0), 0x1444);
	/* vs_delegable_excps; vs_delegable_ints */
	CHECK_EQ(stuck(CSR_HEDELEG, ~0ULL), 0xb1ff);
	CHECK_EQ(stuck(CSR_HIDELEG, ~0ULL), 0x444);
}

TEST(host_mie_mip_masks)
{
	CHECK_EQ(stuck(CSR_MIE, ~0ULL), 0x3eee);	/* all_ints */
	CHECK_EQ(stuck(CSR_MIP, ~0ULL), 0x2666);	/* delegable_ints */
	/* Sstc: with menvcfg.STCE, mip.STIP/VSTIP are not writable */
	csr_write(CSR_MENVCFG, MENVCFG_STCE);
	csr_write(CSR_STIMECMP, ~0ULL); /* far future: STIP low */
	CHECK_EQ(stuck(CSR_MIP, ~0ULL), 0x2606);
}

TEST(host_tvec_reserved_modes_dropped)
{
	csr_write(CSR_MTVEC, 0x80000001);
	csr_write(CSR_MTVEC, 0x80000402);	/* write_mtvec: dropped */
	CHECK_EQ(csr_read(CSR_MTVEC), 0x80000001);
	csr_write(CSR_MTVEC, 0x80000103);
	CHECK_EQ(csr_read(CSR_MTVEC), 0x80000001);
	csr_write(CSR_STVEC, 0x80200000);
	csr_write(CSR_STVEC, 0x80200002);	/* write_stvec: dropped */
	CHECK_EQ(csr_read(CSR_STVEC), 0x80200000);
	/* probing with mode bit 1 avoided keeps vectored mode */
	CHECK_EQ(stuck(CSR_MTVEC, ~2ULL), ~2ULL);
}

TEST(host_envcfg_masks)
{
	/* write_menvcfg on RV64: FIOM CBIE CBCFE CBZE PBMTE STCE */
	CHECK_EQ(stuck(CSR_MENVCFG, ~0ULL), 0xc0000000000000f1ULL);
	CHECK_EQ(stuck(CSR_HENVCFG, ~0ULL), 0xc0000000000000f1ULL);
	CHECK_EQ(stuck(CSR_SENVCFG, ~0ULL), 0xf1);
}

TEST(host_satp_modes)
{
	/* write_satp: Bare, Sv39, Sv48, Sv57 accepted; other modes ignored */
	CHECK_EQ(stuck(CSR_SATP, 8ULL << 60 | 0x12345), 8ULL << 60 | 0x12345);
	CHECK_EQ(stuck(CSR_SATP, 10ULL << 60 | 1), 10ULL << 60 | 1);
	CHECK_EQ(stuck(CSR_SATP, 1ULL << 60 | 1), 0);
	CHECK_EQ(stuck(CSR_SATP, 11ULL << 60 | 1), 0);
	CHECK_EQ(stuck(CSR_SATP, ~0ULL >> 4), ~0ULL >> 4);	/* Bare */
}

TEST(host_pmp_layout)
{
	/* 16 entries: pmpcfg0/2 and pmpaddr0..15; odd pmpcfg illegal on RV64 */
	CHECK(present(CSR_PMPCFG0));
	CHECK(!present(CSR_PMPCFG0 + 1));
	CHECK(present(CSR_PMPCFG2));
	CHECK(!present(CSR_PMPCFG0 + 3));
	CHECK(!present(CSR_PMPCFG14));
	CHECK(present(CSR_PMPADDR0 + 15));
	CHECK(!present(CSR_PMPADDR0 + 16));
	CHECK(!present(CSR_PMPADDR63));
	/* pmpaddr_csr_write stores the value as is; pmpcfg bytes too */
	CHECK_EQ(stuck(CSR_PMPADDR0, ~0ULL), ~0ULL);
	CHECK_EQ(stuck(CSR_PMPCFG2, 0x7f7f7f7f7f7f7f7fULL), 0x7f7f7f7f7f7f7f7fULL);
	CHECK_EQ(host_illegal_count(), 0);
}

TEST(host_pmp_lock_bits)
{
	/* entry 0 locked; entry 2 locked TOR freezes pmpaddr1 */
	csr_write(CSR_PMPADDR0, 0x100);
	csr_write(CSR_PMPADDR0 + 1, 0x200);
	csr_write(CSR_PMPCFG0, (PMP_L | PMP_A_TOR | PMP_R) << 16 | (PMP_L | PMP_R));
	csr_write(CSR_PMPCFG0, 0x0f0f0f0f0f0f0f0fULL);
	CHECK_EQ(csr_read(CSR_PMPCFG0), 0x0f0f0f0f0f890f81ULL);
	csr_write(CSR_PMPADDR0, 0x999);
	csr_write(CSR_PMPADDR0 + 1, 0x999);
	csr_write(CSR_PMPADDR0 + 3, 0x999);
	CHECK_EQ(csr_read(CSR_PMPADDR0), 0x100);
	CHECK_EQ(csr_read(CSR_PMPADDR0 + 1), 0x200);
	CHECK_EQ(csr_read(CSR_PMPADDR0 + 3), 0x999);
}

TEST(host_absent_csr_is_observable)
{
	uint64_t orig = 7, rb = 7;

	CHECK_EQ(csr_read(0x7c0), 0);
	CHECK_EQ(host_illegal_count(), 1);
	CHECK_EQ(host_last_illegal_csr(), 0x7c0);
	csr_write(CSR_MSECCFG, 1);		/* no Smepmp by default */
	CHECK_EQ(host_last_illegal_csr(), CSR_MSECCFG);
	csr_write(CSR_MHARTID, 1);		/* read-only number */
	CHECK_EQ(host_illegal_count(), 3);
	CHECK_EQ(host_last_illegal_csr(), CSR_MHARTID);
	/* csrs/csrc with a zero mask does not write: no trap (Zicsr) */
	csr_set(CSR_MHARTID, 0);
	CHECK_EQ(host_illegal_count(), 3);
	/* the probe handles absence itself and leaves its outputs alone */
	CHECK(!arch_csr_probe(CSR_MSECCFG, 0, &orig, &rb));
	CHECK_EQ(orig, 7);
	CHECK_EQ(rb, 7);
	CHECK_EQ(host_illegal_count(), 3);
	host_clear_illegal();
	CHECK_EQ(host_illegal_count(), 0);
}

TEST(host_counters)
{
	/* pmu-num = 16: hpmcounter3..18 exist; every mhpmevent does */
	CHECK(present(CSR_MHPMCOUNTER3 + 15));
	CHECK(!present(CSR_MHPMCOUNTER3 + 16));
	CHECK(present(CSR_HPMCOUNTER3 + 15));
	CHECK(!present(CSR_HPMCOUNTER3 + 16));
	CHECK(present(CSR_MHPMEVENT31));
	CHECK(present(CSR_MCOUNTINHIBIT));
	CHECK_EQ(stuck(CSR_MCOUNTEREN, ~0ULL), ~0ULL);	/* stored as is */
	csr_write(CSR_MCYCLE, 1234);
	CHECK_EQ(csr_read(CSR_CYCLE), 1234);
	host_set_time(99);
	CHECK_EQ(csr_read(CSR_TIME), 99);
	csr_write(CSR_CYCLE, 1);			/* read-only number */
	CHECK_EQ(host_illegal_count(), 1);
}

TEST(host_supervisor_views)
{
	/* sstatus is a window on mstatus (sstatus_v1_10_mask + UXL) */
	csr_write(CSR_MSTATUS, MSTATUS_MIE | MSTATUS_SIE | MSTATUS_MPP);
	CHECK_EQ(csr_read(CSR_SSTATUS), MSTATUS_SIE | 2ULL << 32);
	csr_write(CSR_SSTATUS, MSTATUS_SPP);
	CHECK_EQ(csr_read(CSR_MSTATUS) & 0x1fff,
		 MSTATUS_MIE | MSTATUS_SPP | MSTATUS_MPP);
	/* sie/sip only reach delegated S interrupts */
	csr_write(CSR_SIE, ~0ULL);
	CHECK_EQ(csr_read(CSR_MIE), 0);
	csr_write(CSR_MIDELEG, MIP_SSIP | MIP_STIP);
	csr_write(CSR_SIE, ~0ULL);
	CHECK_EQ(csr_read(CSR_MIE), MIP_SSIP | MIP_STIP);
	CHECK_EQ(csr_read(CSR_SIE), MIP_SSIP | MIP_STIP);
	csr_write(CSR_SIP, ~0ULL);			/* only SSIP is writable */
	CHECK_EQ(csr_read(CSR_MIP), MIP_SSIP);
	CHECK_EQ(csr_read(CSR_SIP), MIP_SSIP);
}

TEST(host_fp_csrs_follow_fs)
{
	CHECK(!present(0x003));				/* fcsr, FS = Off */
	csr_write(CSR_MSTATUS, 1ULL << 13);		/* FS = Initial */
	CHECK(present(0x003));
	csr_write(0x003, 0xff);
	CHECK_EQ(csr_read(0x001), 0x1f);		/* fflags */
	CHECK_EQ(csr_read(0x002), 0x7);			/* frm */
	CHECK_EQ(csr_read(CSR_MSTATUS) & (MSTATUS_FS | MSTATUS_SD),
		 MSTATUS_FS | MSTATUS_SD);
}

TEST(host_sstc_timer)
{
	host_set_time(100);
	csr_write(CSR_STIMECMP, 50);			/* in the past: fires */
	CHECK_EQ(csr_read(CSR_MIP) & MIP_STIP, MIP_STIP);
	csr_write(CSR_STIMECMP, 200);			/* future: cleared */
	CHECK_EQ(csr_read(CSR_MIP) & MIP_STIP, 0);
	host_set_time(200);
	CHECK_EQ(csr_read(CSR_MIP) & MIP_STIP, MIP_STIP);
	/* vstimecmp compares against time + htimedelta */
	csr_write(CSR_HTIMEDELTA, 1000);
	csr_write(CSR_VSTIMECMP, 1100);
	CHECK_EQ(csr_read(CSR_MIP) & MIP_VSTIP, MIP_VSTIP);
	csr_write(CSR_VSTIMECMP, 1300);
	CHECK_EQ(csr_read(CSR_MIP) & MIP_VSTIP, 0);
}

TEST(host_triggers)
{
	CHECK_EQ(csr_read(CSR_TINFO), 0x44);		/* types 2 and 6 */
	CHECK_EQ(csr_read(CSR_TDATA1), 2ULL << 60);	/* mcontrol at reset */
	CHECK_EQ(stuck(CSR_TSELECT, 1), 1);
	CHECK_EQ(stuck(CSR_TSELECT, 2), 0);		/* only 2 triggers */
	csr_write(CSR_TSELECT, 1);
	csr_write(CSR_TDATA2, 0xabc);
	csr_write(CSR_TSELECT, 0);
	CHECK_EQ(csr_read(CSR_TDATA2), 0);
	csr_write(CSR_TSELECT, 1);
	CHECK_EQ(csr_read(CSR_TDATA2), 0xabc);
}

/* tdata1 legalization (debug.c type2/type6 validate), as QEMU 7.2 reads back */
TEST(host_trigger_tdata1_legalization)
{
	/* type 15 and 0 are not accepted: the trigger stays mcontrol */
	CHECK_EQ(stuck(CSR_TDATA1, ~0ULL), 2ULL << 60);
	CHECK_EQ(stuck(CSR_TDATA1, 0), 2ULL << 60);
	CHECK_EQ(stuck(CSR_TDATA1, 3ULL << 60 | 5), 2ULL << 60);
	/* mcontrol: M/S/U/X/W/R and a supported size are kept */
	CHECK_EQ(stuck(CSR_TDATA1, 0x200000000021005fULL), 0x200000000021005fULL);
	/* sizehi:sizelo = 8 is not a supported size: dropped */
	CHECK_EQ(stuck(CSR_TDATA1, 0x2000000000400000ULL), 2ULL << 60);
	/* dmode, match, action are unimplemented: read as zero */
	CHECK_EQ(stuck(CSR_TDATA1, 0x2800000000001780ULL), 2ULL << 60);
	/* mcontrol6: VU/VS kept too; size 15 dropped, size 5 kept */
	CHECK_EQ(stuck(CSR_TDATA1, 0x60000000018f007fULL), 0x600000000180005fULL);
	CHECK_EQ(stuck(CSR_TDATA1, 0x6000000000050000ULL), 0x6000000000050000ULL);
	/* tdata3 is not implemented for these types */
	CHECK_EQ(stuck(CSR_TDATA3, ~0ULL), 0);
}

TEST(host_csr_family_returns)
{
	csr_write(CSR_MSCRATCH, 0xf0);
	csr_set(CSR_MSCRATCH, 0x0f);
	CHECK_EQ(csr_read(CSR_MSCRATCH), 0xff);
	csr_clear(CSR_MSCRATCH, 0x11);
	CHECK_EQ(csr_read(CSR_MSCRATCH), 0xee);
	CHECK_EQ(csr_swap(CSR_MSCRATCH, 5), 0xee);
	CHECK_EQ(csr_read(CSR_MSCRATCH), 5);
	/* raw access bypasses legalization */
	host_csr_set_raw(CSR_MEDELEG, ~0ULL);
	CHECK_EQ(csr_read(CSR_MEDELEG), ~0ULL);
	CHECK_EQ(host_csr_get_raw(CSR_MIDELEG), 0x1444);
	arch_csr_write_num(CSR_PMPADDR0 + 5, 0x77);
	CHECK_EQ(arch_csr_read_num(CSR_PMPADDR0 + 5), 0x77);
}

static void wfi_hook(void *arg)
{
	*(uint64_t *)arg = csr_read(CSR_MIE);
}

TEST(host_wfi_sets_and_restores_mie)
{
	uint64_t seen = 0;

	csr_write(CSR_MIE, MIP_SSIP);
	host_set_wfi_hook(wfi_hook, &seen);
	arch_wfi(MIP_MTIP | MIP_MSIP);
	CHECK_EQ(seen, MIP_MTIP | MIP_MSIP);
	CHECK_EQ(host_stats()->wfi, 1);
	CHECK_EQ(host_stats()->wfi_mie, MIP_MTIP | MIP_MSIP);
	CHECK_EQ(csr_read(CSR_MIE), MIP_SSIP);
}

TEST(host_fences_counted)
{
	arch_sfence_vma();
	arch_sfence_vma_args(0x1000, 3, true, false);
	arch_hfence_vvma();
	arch_hfence_gvma();
	arch_hfence_gvma();
	CHECK_EQ(host_stats()->sfence_vma, 1);
	CHECK_EQ(host_stats()->sfence_vma_args, 1);
	CHECK_EQ(host_stats()->sfence_vaddr, 0x1000);
	CHECK(host_stats()->sfence_has_vaddr);
	CHECK(!host_stats()->sfence_has_asid);
	CHECK_EQ(host_stats()->hfence_vvma, 1);
	CHECK_EQ(host_stats()->hfence_gvma, 2);
}

static void fake_guest(struct vctx *ctx, void *arg)
{
	ctx->trap.mcause = CAUSE_MACHINE_ECALL;
	ctx->trap.mepc = ctx->pc;
	*(int *)arg += 1;
}

TEST(host_run_vcpu_calls_script)
{
	struct vctx ctx = { .pc = 0x80200000 };
	int calls = 0;

	host_set_run_vcpu(fake_guest, &calls);
	arch_run_vcpu(&ctx);
	CHECK_EQ(calls, 1);
	CHECK_EQ(ctx.trap.mcause, CAUSE_MACHINE_ECALL);
	CHECK_EQ(ctx.trap.mepc, 0x80200000);
	CHECK_EQ(host_stats()->run_vcpu, 1);
}

TEST(host_halt_can_be_caught)
{
	jmp_buf env;
	volatile int reached = 0;

	host_catch_halt(&env);
	if (setjmp(env) == 0) {
		arch_halt();
		reached = 1;
	}
	CHECK_EQ(reached, 0);
	CHECK_EQ(host_stats()->halts, 1);
}

TEST(host_mprv_alignment_and_faults)
{
	uint64_t v = 0;

	CHECK_EQ(host_mem_map(0x80000000, 0x1000), 0);
	CHECK_EQ(host_mem_map(0x80000800, 0x1000), -1);	/* overlap */
	CHECK_EQ(arch_mprv_store(0x80000008, 8, PRV_S, 0x1122334455667788ULL), 0);
	CHECK_EQ(arch_mprv_load(0x80000008, 4, PRV_U, &v), 0);
	CHECK_EQ(v, 0x55667788);
	CHECK_EQ(arch_mprv_load(0x80000009, 2, PRV_S, &v), CAUSE_MISALIGNED_LOAD);
	CHECK_EQ(arch_mprv_store(0x8000000a, 4, PRV_S, 0), CAUSE_MISALIGNED_STORE);
	host_set_misaligned_traps(false);
	CHECK_EQ(arch_mprv_load(0x80000009, 2, PRV_S, &v), 0);
	CHECK_EQ(v, 0x6677);
	/* an aligned access is all or nothing */
	CHECK_EQ(host_fault_add(0x80000014, 1, HOST_MODE_S, CAUSE_LOAD_PAGE_FAULT,
				CAUSE_STORE_PAGE_FAULT), 0);
	CHECK_EQ(arch_mprv_store(0x80000010, 8, PRV_S, ~0ULL),
		 CAUSE_STORE_PAGE_FAULT);
	CHECK_EQ(*host_mem_ptr(0x80000010, 1), 0);
	CHECK_EQ(arch_mprv_store(0x80000010, 8, PRV_U, ~0ULL), 0);
	CHECK_EQ(arch_mprv_load(0x80001000, 1, PRV_S, &v), CAUSE_LOAD_ACCESS);
}

static uint64_t mmio_last_addr;

static uint64_t mmio_rd(uint64_t addr, unsigned width)
{
	mmio_last_addr = addr;
	return width;
}

static void mmio_wr(uint64_t addr, unsigned width, uint64_t val)
{
	(void)width;
	mmio_last_addr = addr + val;
}

TEST(host_mmio)
{
	CHECK_EQ(host_mem_map(0x10000000, 0x100), 0);
	arch_mmio_write(0x10000004, 4, 0xdeadbeef);
	CHECK_EQ(arch_mmio_read(0x10000004, 2), 0xbeef);
	CHECK_EQ(host_mem_ptr(0x10000004, 4)[3], 0xde);
	host_set_mmio(mmio_rd, mmio_wr);
	CHECK_EQ(arch_mmio_read(0x2000000, 8), 8);
	CHECK_EQ(mmio_last_addr, 0x2000000);
	arch_mmio_write(0x2000000, 4, 1);
	CHECK_EQ(mmio_last_addr, 0x2000001);
	CHECK_EQ(host_stats()->mmio_reads, 2);
	CHECK_EQ(host_stats()->mmio_writes, 2);
}
