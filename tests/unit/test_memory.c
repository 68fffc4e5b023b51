/*
 * Access faults of the firmware world (src/virt/memory.c): the vMPRV replay
 * (performed as vMPP with the payload-world PMP, or the fault handed to the
 * firmware) and the virtual-device paths, for the firmware and the payload.
 * Each case sets the trap as the hart would record it: mcause 5 or 7 and
 * mtval = the address the instruction computes.
 */
#include <string.h>

#include <miralis/device.h>
#include <miralis/emul.h>
#include <miralis/pmp.h>
#include <miralis/riscv/encoding.h>
#include <miralis/vcsr.h>
#include <miralis/virt.h>

#include "check.h"
#include "host.h"
#include "vhart.h"

#define RAM 0x80200000ULL		/* firmware code and data (host memory) */
#define CODE RAM
#define DATA (RAM + 0x1000)
#define MTVEC (RAM + 0x800)
#define TESTER 0x2020000ULL		/* vdev_tester: +0 reads 0xdeadbeef */
#define A0 10
#define A1 11
#define A2 12

/* Sv39 page tables (three pages) and the virtual address they map to the tester */
#define PT 0x80400000ULL
#define SV39 (8ULL << SATP_MODE_SHIFT)
#define VA_TESTER ((1ULL << 30) | (5ULL << 12))
#define PTE_V 1ULL
#define PTE_R 2ULL

static void put_pte(uint64_t table, unsigned index, uint64_t pte)
{
	memcpy(host_mem_ptr(table + 8 * index, 8), &pte, 8);
}

static const struct vdevice *const qemu_devices[] = { &vdev_clint, &vdev_tester, &vdev_finisher };

/* RV64 encodings: loads/stores with base a1, offset 8; amoadd.w a0, a2, (a1) */
#define ENC_LD_A0_8_A1 0x0085b503u	/* ld a0, 8(a1) */
#define ENC_LW_A0_0_A1 0x0005a503u	/* lw a0, 0(a1) */
#define ENC_SD_A2_8_A1 0x00c5b423u	/* sd a2, 8(a1) */
#define ENC_SW_A2_0_A1 0x00c5a023u	/* sw a2, 0(a1) */
#define ENC_SH_A2_0_A1 0x00c59023u	/* sh a2, 0(a1) */
#define ENC_AMOADD_W 0x00c5a52fu	/* amoadd.w a0, a2, (a1) */
#define ENC_ECALL 0x00000073u

static void put_insn(uint64_t pc, uint32_t raw)
{
	memcpy(host_mem_ptr(pc, 4), &raw, 4);
}

/* A firmware at CODE with vmtvec set, in vM-mode, QEMU virt devices. */
static void boot(struct vhart *h)
{
	host_set_devices(qemu_devices, 3);
	CHECK_EQ(host_mem_map(RAM, 0x4000), 0);
	CHECK_EQ(vhart_boot(h, 0), 0);
	h->ctx.pc = CODE;
	CHECK_EQ(vcsr_write(&h->ctx, CSR_MTVEC, MTVEC), 0);
}

/* The firmware's access at CODE faulted with cause at addr. */
static void fault(struct vhart *h, uint32_t raw, uint64_t cause, uint64_t addr)
{
	put_insn(CODE, raw);
	h->ctx.pc = CODE;
	h->ctx.trap.mcause = cause;
	h->ctx.trap.mtval = addr;
	h->ctx.trap.mepc = CODE;
	vmem_access_fault(&h->ctx);
}

static void set_mprv(struct vhart *h, uint64_t mpp)
{
	CHECK_EQ(vcsr_write(&h->ctx, CSR_MSTATUS, MSTATUS_MPRV | mpp << MSTATUS_MPP_SHIFT), 0);
}

/* The fault reached the firmware's handler as a trap taken in vM-mode. */
static void check_delivered(struct vhart *h, uint64_t cause, uint64_t addr)
{
	CHECK_EQ(h->ctx.mode, PRV_M);
	CHECK_EQ(h->ctx.pc, MTVEC);
	CHECK_EQ(h->ctx.csr.mcause, cause);
	CHECK_EQ(h->ctx.csr.mtval, addr);
	CHECK_EQ(h->ctx.csr.mepc, CODE);
}

TEST(memory_mprv_load_is_replayed_as_vmpp)
{
	struct vhart h;
	uint64_t v = 0x1122334455667788ULL;

	boot(&h);
	memcpy(host_mem_ptr(DATA + 8, 8), &v, 8);
	for (uint64_t mpp = PRV_U; mpp <= PRV_S; mpp++) {
		set_mprv(&h, mpp);
		vctx_set_reg(&h.ctx, A1, DATA);
		vctx_set_reg(&h.ctx, A0, 0);
		fault(&h, ENC_LD_A0_8_A1, CAUSE_LOAD_ACCESS, DATA + 8);
		CHECK_EQ(vctx_get_reg(&h.ctx, A0), v);
		CHECK_EQ(h.ctx.pc, CODE + 4);
		CHECK_EQ(h.ctx.mode, PRV_M);
		/* the firmware-world layout is reinstalled before it runs again */
		CHECK(h.ctx.pmp_dirty);
	}
	CHECK_EQ(host_stats()->mprv_loads, 2);
}

TEST(memory_mprv_replay_runs_under_the_payload_world_pmp)
{
	struct vhart h;
	const struct pmp_state *p = &h.pmp;
	uint64_t last, cfg;

	boot(&h);
	set_mprv(&h, PRV_S);
	vctx_set_reg(&h.ctx, A1, DATA);
	fault(&h, ENC_LD_A0_8_A1, CAUSE_LOAD_ACCESS, DATA + 8);
	/* the hart held the payload world: no MPRV slot, last entry no access */
	last = p->nb_pmp - 1;
	cfg = host_csr_get_raw(CSR_PMPCFG0 + 2 * (last / 8)) >> (8 * (last % 8));
	CHECK_EQ(cfg & 0xff, PMP_A_NAPOT);
	cfg = host_csr_get_raw(CSR_PMPCFG0 + 2 * (p->mprv / 8)) >> (8 * (p->mprv % 8));
	CHECK_EQ(cfg & 0xff, 0);
}

TEST(memory_mprv_store_and_amo_are_replayed)
{
	struct vhart h;
	uint64_t got = 0;
	uint32_t word = 40;

	boot(&h);
	set_mprv(&h, PRV_S);
	vctx_set_reg(&h.ctx, A1, DATA);
	vctx_set_reg(&h.ctx, A2, 0xabcdef0123456789ULL);
	fault(&h, ENC_SD_A2_8_A1, CAUSE_STORE_ACCESS, DATA + 8);
	memcpy(&got, host_mem_ptr(DATA + 8, 8), 8);
	CHECK_EQ(got, 0xabcdef0123456789ULL);
	CHECK_EQ(h.ctx.pc, CODE + 4);

	memcpy(host_mem_ptr(DATA, 4), &word, 4);
	vctx_set_reg(&h.ctx, A2, 2);
	fault(&h, ENC_AMOADD_W, CAUSE_STORE_ACCESS, DATA);
	memcpy(&word, host_mem_ptr(DATA, 4), 4);
	CHECK_EQ(word, 42);
	CHECK_EQ(vctx_get_reg(&h.ctx, A0), 40);
	CHECK_EQ(h.ctx.pc, CODE + 4);
}

TEST(memory_mprv_fault_of_the_replay_goes_to_the_firmware)
{
	struct vhart h;

	boot(&h);
	set_mprv(&h, PRV_U);
	CHECK_EQ(host_fault_add(DATA, 0x1000, HOST_MODE_U, CAUSE_LOAD_PAGE_FAULT,
				CAUSE_STORE_PAGE_FAULT), 0);
	vctx_set_reg(&h.ctx, A1, DATA);
	vctx_set_reg(&h.ctx, A0, 0x5a);
	fault(&h, ENC_LD_A0_8_A1, CAUSE_LOAD_ACCESS, DATA + 8);
	/* the replay's own cause, not the physical fault of the firmware world */
	check_delivered(&h, CAUSE_LOAD_PAGE_FAULT, DATA + 8);
	CHECK_EQ(vctx_get_reg(&h.ctx, A0), 0x5a);
}

TEST(memory_mprv_replay_never_matches_devices)
{
	struct vhart h;

	boot(&h);
	/* with vMPRV the address is vMPP's: the tester is not emulated */
	set_mprv(&h, PRV_S);
	vctx_set_reg(&h.ctx, A1, TESTER);
	vctx_set_reg(&h.ctx, A0, 0x5a);
	fault(&h, ENC_LW_A0_0_A1, CAUSE_LOAD_ACCESS, TESTER);
	check_delivered(&h, CAUSE_LOAD_ACCESS, TESTER);
	CHECK_EQ(vctx_get_reg(&h.ctx, A0), 0x5a);
	CHECK_EQ(host_stats()->mprv_loads, 1);
}

TEST(memory_mprv_with_vmpp_m_is_a_plain_fault_and_a_non_access_is_retried)
{
	struct vhart h;

	boot(&h);
	set_mprv(&h, PRV_M);
	vctx_set_reg(&h.ctx, A1, DATA);
	fault(&h, ENC_LD_A0_8_A1, CAUSE_LOAD_ACCESS, DATA + 8);
	check_delivered(&h, CAUSE_LOAD_ACCESS, DATA + 8);
	CHECK_EQ(host_stats()->mprv_loads, 0);

	/* no access at pc any more (it changed since the fault): retried, not replayed */
	h.ctx.mode = PRV_M;
	set_mprv(&h, PRV_S);
	fault(&h, ENC_ECALL, CAUSE_STORE_ACCESS, DATA);
	CHECK_EQ(h.ctx.pc, CODE);
	CHECK_EQ(h.ctx.csr.mcause, CAUSE_LOAD_ACCESS);	/* still the first delivery's */
	CHECK_EQ(host_stats()->mprv_loads + host_stats()->mprv_stores, 0);
}

TEST(memory_firmware_device_access_is_emulated)
{
	struct vhart h;

	boot(&h);
	vctx_set_reg(&h.ctx, A1, TESTER);
	fault(&h, ENC_LW_A0_0_A1, CAUSE_LOAD_ACCESS, TESTER);
	CHECK_EQ(vctx_get_reg(&h.ctx, A0), 0xffffffffdeadbeefULL);	/* lw sign-extends */
	CHECK_EQ(h.ctx.pc, CODE + 4);
	/* scratch register at +4 */
	vctx_set_reg(&h.ctx, A1, TESTER + 4);
	vctx_set_reg(&h.ctx, A2, 0x1234);
	fault(&h, ENC_SW_A2_0_A1, CAUSE_STORE_ACCESS, TESTER + 4);
	fault(&h, ENC_LW_A0_0_A1, CAUSE_LOAD_ACCESS, TESTER + 4);
	CHECK_EQ(vctx_get_reg(&h.ctx, A0), 0x1234);
	CHECK_EQ(host_stats()->mprv_loads + host_stats()->mprv_stores, 0);
}

TEST(memory_device_access_the_device_rejects_faults_as_recorded)
{
	struct vhart h;

	boot(&h);
	/* the tester takes 32-bit accesses only */
	vctx_set_reg(&h.ctx, A1, TESTER);
	fault(&h, ENC_SH_A2_0_A1, CAUSE_STORE_ACCESS, TESTER);
	check_delivered(&h, CAUSE_STORE_ACCESS, TESTER);
	/* an instruction that is no load or store (it changed): retried, not emulated */
	h.ctx.mode = PRV_M;
	h.ctx.csr.mcause = 0;
	fault(&h, ENC_ECALL, CAUSE_LOAD_ACCESS, TESTER);
	CHECK_EQ(h.ctx.pc, CODE);
	CHECK_EQ(h.ctx.csr.mcause, 0);
}

TEST(memory_ordinary_fault_goes_to_the_firmware)
{
	struct vhart h;

	boot(&h);
	vctx_set_reg(&h.ctx, A1, 0x80000000);
	fault(&h, ENC_LW_A0_0_A1, CAUSE_LOAD_ACCESS, 0x80000000);
	check_delivered(&h, CAUSE_LOAD_ACCESS, 0x80000000);
}

/* The payload at CODE (S-mode, untranslated) touched the tester. */
static bool payload_fault(struct vhart *h, uint32_t raw, uint64_t cause, uint64_t addr)
{
	put_insn(CODE, raw);
	h->ctx.mode = PRV_S;
	h->ctx.pc = CODE;
	h->ctx.trap.mcause = cause;
	h->ctx.trap.mtval = addr;
	return vmem_payload_device(&h->ctx);
}

TEST(memory_payload_device_access_follows_the_firmware_pmp)
{
	struct vhart h;

	boot(&h);
	vctx_set_reg(&h.ctx, A1, TESTER);
	/* no virtual entry grants it: S/U get nothing (priv. spec 3.7.1) */
	CHECK(!payload_fault(&h, ENC_LW_A0_0_A1, CAUSE_LOAD_ACCESS, TESTER));
	/* entry 0: NAPOT R over the tester page */
	CHECK_EQ(vcsr_write(&h.ctx, CSR_PMPADDR0, (TESTER >> 2) | 0x1ff), 0);
	CHECK_EQ(vcsr_write(&h.ctx, CSR_PMPCFG0, PMP_A_NAPOT | PMP_R), 0);
	CHECK(payload_fault(&h, ENC_LW_A0_0_A1, CAUSE_LOAD_ACCESS, TESTER));
	CHECK_EQ(vctx_get_reg(&h.ctx, A0), 0xffffffffdeadbeefULL);
	CHECK_EQ(h.ctx.pc, CODE + 4);
	/* R only: a store is the firmware's business */
	vctx_set_reg(&h.ctx, A1, TESTER + 4);
	CHECK(!payload_fault(&h, ENC_SW_A2_0_A1, CAUSE_STORE_ACCESS, TESTER + 4));
	/* translated (satp not Bare): the fault address is virtual, not the device */
	host_csr_set_raw(CSR_SATP, SV39 | (PT >> 12));
	vctx_set_reg(&h.ctx, A1, TESTER);
	CHECK(!payload_fault(&h, ENC_LW_A0_0_A1, CAUSE_LOAD_ACCESS, TESTER));
	host_csr_set_raw(CSR_SATP, 0);
	/* not a device at all */
	vctx_set_reg(&h.ctx, A1, DATA);
	CHECK(!payload_fault(&h, ENC_LW_A0_0_A1, CAUSE_LOAD_ACCESS, DATA));
}

/*
 * The payload's page tables (Sv39) map VA_TESTER to the tester: the fault
 * records the virtual address, the monitor finds the device through them
 * (Linux's syscon-poweroff writes the finisher so).
 */
TEST(memory_payload_device_access_through_page_tables)
{
	struct vhart h;
	uint64_t leaf = ((TESTER >> 12) << 10) | PTE_V | PTE_R;

	boot(&h);
	CHECK_EQ(host_mem_map(PT, 3 * 0x1000), 0);
	put_pte(PT, 1, ((PT + 0x1000) >> 12) << 10 | PTE_V);
	put_pte(PT + 0x1000, 0, ((PT + 0x2000) >> 12) << 10 | PTE_V);
	put_pte(PT + 0x2000, 5, leaf);
	CHECK_EQ(vcsr_write(&h.ctx, CSR_PMPADDR0, (TESTER >> 2) | 0x1ff), 0);
	CHECK_EQ(vcsr_write(&h.ctx, CSR_PMPCFG0, PMP_A_NAPOT | PMP_R | PMP_W), 0);
	host_csr_set_raw(CSR_SATP, SV39 | (PT >> 12));
	vctx_set_reg(&h.ctx, A1, VA_TESTER);
	CHECK(payload_fault(&h, ENC_LW_A0_0_A1, CAUSE_LOAD_ACCESS, VA_TESTER));
	CHECK_EQ(vctx_get_reg(&h.ctx, A0), 0xffffffffdeadbeefULL);
	CHECK_EQ(h.ctx.pc, CODE + 4);
	/* the page is read-only for the payload: its store is not emulated */
	CHECK(!payload_fault(&h, ENC_SW_A2_0_A1, CAUSE_STORE_ACCESS, VA_TESTER));
	/* unmapped since the hart translated it: not emulated */
	put_pte(PT + 0x2000, 5, 0);
	CHECK(!payload_fault(&h, ENC_LW_A0_0_A1, CAUSE_LOAD_ACCESS, VA_TESTER));
	host_csr_set_raw(CSR_SATP, 0);
}

/* Smepmp: under MML an M-only locked entry over the tester is closed to S/U. */
TEST(memory_payload_device_access_under_mml_uses_the_s_u_rules)
{
	struct vhart h;

	boot(&h);
	h.hw.has_smepmp = true;
	h.hw.csr[HW_mseccfg].present = true;
	h.hw.csr[HW_mseccfg].wmask = MSECCFG_MML | MSECCFG_MMWP | MSECCFG_RLB;
	vctx_set_reg(&h.ctx, A1, TESTER);
	CHECK_EQ(vcsr_write(&h.ctx, CSR_PMPADDR0, (TESTER >> 2) | 0x1ff), 0);
	/* L R W: M-mode RW only under MML, RW for S/U without MML */
	CHECK_EQ(vcsr_write(&h.ctx, CSR_PMPCFG0, PMP_L | PMP_A_NAPOT | PMP_R | PMP_W), 0);
	CHECK(payload_fault(&h, ENC_LW_A0_0_A1, CAUSE_LOAD_ACCESS, TESTER));
	CHECK_EQ(vcsr_write(&h.ctx, CSR_MSECCFG, MSECCFG_MML), 0);
	CHECK(!payload_fault(&h, ENC_LW_A0_0_A1, CAUSE_LOAD_ACCESS, TESTER));
}

/* The firmware's locked entries and vMMWP bind its device accesses too. */
TEST(memory_firmware_device_access_obeys_its_own_pmp)
{
	struct vhart h;

	boot(&h);
	vctx_set_reg(&h.ctx, A1, TESTER);
	vctx_set_reg(&h.ctx, A0, 0x5a);
	/* locked NAPOT over the tester page, no permission: binds M-mode (3.7.1) */
	CHECK_EQ(vcsr_write(&h.ctx, CSR_PMPADDR0, (TESTER >> 2) | 0x1ff), 0);
	CHECK_EQ(vcsr_write(&h.ctx, CSR_PMPCFG0, PMP_L | PMP_A_NAPOT), 0);
	fault(&h, ENC_LW_A0_0_A1, CAUSE_LOAD_ACCESS, TESTER);
	check_delivered(&h, CAUSE_LOAD_ACCESS, TESTER);
	CHECK_EQ(vctx_get_reg(&h.ctx, A0), 0x5a);
}

TEST(memory_firmware_device_access_under_mmwp_needs_a_rule)
{
	struct vhart h;

	boot(&h);
	h.hw.has_smepmp = true;
	h.hw.csr[HW_mseccfg].present = true;
	h.hw.csr[HW_mseccfg].wmask = MSECCFG_MML | MSECCFG_MMWP | MSECCFG_RLB;
	CHECK_EQ(vcsr_write(&h.ctx, CSR_MSECCFG, MSECCFG_MMWP), 0);
	vctx_set_reg(&h.ctx, A1, TESTER);
	fault(&h, ENC_LW_A0_0_A1, CAUSE_LOAD_ACCESS, TESTER);
	check_delivered(&h, CAUSE_LOAD_ACCESS, TESTER);
	/* an unlocked entry over it grants M everything (no MML) */
	h.ctx.mode = PRV_M;
	CHECK_EQ(vcsr_write(&h.ctx, CSR_PMPADDR0, (TESTER >> 2) | 0x1ff), 0);
	CHECK_EQ(vcsr_write(&h.ctx, CSR_PMPCFG0, PMP_A_NAPOT), 0);
	fault(&h, ENC_LW_A0_0_A1, CAUSE_LOAD_ACCESS, TESTER);
	CHECK_EQ(vctx_get_reg(&h.ctx, A0), 0xffffffffdeadbeefULL);
}
