/*
 * The physical state of each world (src/virt/world.c, irq.c), as listed
 * in docs/trap-contract.md: what world_prepare_run installs before the
 * guest runs and what the switches save and restore.
 */
#include <miralis/arch.h>
#include <miralis/emul.h>
#include <miralis/irq.h>
#include <miralis/riscv/encoding.h>
#include <miralis/vcsr.h>
#include <miralis/virt.h>

#include "check.h"
#include "host.h"
#include "vhart.h"

#define S_INTS (MIP_SSIP | MIP_STIP | MIP_SEIP | MIP_LCOFIP)
#define S_FIELDS (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR | \
		  MSTATUS_FS | MSTATUS_VS)
#define TRAPS (MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR)
#define M_FIELDS (MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MPRV | MSTATUS_MPV | \
		  MSTATUS_GVA)
#define SV39 (8ULL << 60 | 0x80123ULL)

static uint64_t vread(struct vctx *c, unsigned csr)
{
	uint64_t v = 0xbad;

	CHECK_EQ(vcsr_read(c, csr, &v), 0);
	return v;
}

static void vwrite(struct vctx *c, unsigned csr, uint64_t v)
{
	CHECK_EQ(vcsr_write(c, csr, v), 0);
}

TEST(world_firmware_runs_in_u_with_its_s_fields_and_no_m_fields)
{
	struct vhart h;
	uint64_t ms;

	vhart_boot(&h, 0);
	/* whatever the monitor left physically */
	host_csr_set_raw(CSR_MSTATUS, csr_read(CSR_MSTATUS) | M_FIELDS | TRAPS | MSTATUS_SIE);
	vwrite(&h.ctx, CSR_MSTATUS, MSTATUS_SUM | MSTATUS_MXR | MSTATUS_FS | MSTATUS_SPP |
				    MSTATUS_MPRV | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR |
				    1ULL << MSTATUS_MPP_SHIFT);
	world_prepare_run(&h.ctx);
	ms = csr_read(CSR_MSTATUS);
	/*
	 * the firmware is entered in U-mode, nothing of M-mode's state applies
	 * (MPIE aside: mret into the guest sets it anyway)
	 */
	CHECK_EQ(ms & (M_FIELDS | TRAPS) & ~MSTATUS_MPIE, 0);
	CHECK_EQ(ms & S_FIELDS, MSTATUS_SUM | MSTATUS_MXR | MSTATUS_FS | MSTATUS_SPP);
	/* the virtual state is not disturbed */
	CHECK_EQ(vread(&h.ctx, CSR_MSTATUS) & (MSTATUS_MPRV | TRAPS | MSTATUS_MPP),
		 MSTATUS_MPRV | TRAPS | 1ULL << MSTATUS_MPP_SHIFT);
}

TEST(world_firmware_mie_follows_vmie_only_when_vmstatus_mie)
{
	struct vhart h;

	vhart_boot(&h, 0);
	vwrite(&h.ctx, CSR_MIE, MIP_MTIP | MIP_MSIP | MIP_SSIP | MIP_SEIP);
	vwrite(&h.ctx, CSR_MIDELEG, MIP_SSIP);
	world_prepare_run(&h.ctx);
	/* only MSIE, for the monitor's own IPIs (docs/architecture.md) */
	CHECK_EQ(csr_read(CSR_MIE), MIP_MSIP);
	CHECK_EQ(irq_physical_mie(&h.ctx), MIP_MSIP);
	vwrite(&h.ctx, CSR_MSTATUS, MSTATUS_MIE);
	world_prepare_run(&h.ctx);
	/* delegated interrupts are never taken in M-mode */
	CHECK_EQ(csr_read(CSR_MIE), MIP_MTIP | MIP_MSIP | MIP_SEIP);
	/* mstatus.MIE itself stays clear physically: the monitor is never interrupted */
	CHECK_EQ(csr_read(CSR_MSTATUS) & MSTATUS_MIE, 0);
}

TEST(world_firmware_pmp_is_committed_only_when_dirty)
{
	struct vhart h;
	unsigned fences;

	vhart_boot(&h, 0);
	CHECK(h.ctx.pmp_dirty);
	fences = host_stats()->sfence_vma;
	world_prepare_run(&h.ctx);
	CHECK(!h.ctx.pmp_dirty);
	CHECK_EQ(host_stats()->sfence_vma, fences + 1);
	CHECK_EQ(csr_read(CSR_PMPADDR0), h.pmp.addr[0]);
	CHECK_EQ(csr_read(CSR_PMPCFG2) >> 56, PMP_A_NAPOT | PMP_R | PMP_W | PMP_X);
	world_prepare_run(&h.ctx);
	CHECK_EQ(host_stats()->sfence_vma, fences + 1);
	/* a virtual PMP write shows at the next entry */
	vwrite(&h.ctx, CSR_PMPCFG0, PMP_A_TOR | PMP_L | PMP_R);
	vwrite(&h.ctx, CSR_MSTATUS, MSTATUS_MPRV);
	world_prepare_run(&h.ctx);
	CHECK_EQ(host_stats()->sfence_vma, fences + 2);
	CHECK_EQ((csr_read(CSR_PMPCFG0) >> (8 * h.pmp.voff)) & 0xff, PMP_A_TOR | PMP_R);
	CHECK_EQ((csr_read(CSR_PMPCFG0) >> (8 * h.pmp.mprv)) & 0xff, PMP_A_NAPOT | PMP_X);
}

/* The firmware's hand-over: everything the payload world installs. */
static void firmware_configures_payload(struct vctx *c)
{
	vwrite(c, CSR_MEDELEG, BIT(CAUSE_USER_ECALL) | BIT(CAUSE_BREAKPOINT));
	vwrite(c, CSR_MIDELEG, S_INTS);
	vwrite(c, CSR_MIE, MIP_MTIP | MIP_STIP | MIP_SEIP);
	vwrite(c, CSR_MCOUNTEREN, 5);
	vwrite(c, CSR_SCOUNTEREN, 1);
	vwrite(c, CSR_SENVCFG, 1);
	vwrite(c, CSR_STVEC, 0x80400100);
	vwrite(c, CSR_SSCRATCH, 0x11);
	vwrite(c, CSR_SEPC, 0x80400200);
	vwrite(c, CSR_SCAUSE, 8);
	vwrite(c, CSR_STVAL, 0x33);
	vwrite(c, CSR_SATP, SV39);
	vwrite(c, CSR_PMPADDR0, 0x80800000 >> 2);
	vwrite(c, CSR_PMPCFG0, PMP_A_TOR | PMP_R | PMP_W | PMP_X);
	vwrite(c, CSR_MSTATUS, MSTATUS_SUM | MSTATUS_TW | MSTATUS_SPP | 1ULL << MSTATUS_MPP_SHIFT);
	vwrite(c, CSR_MEPC, 0x80400000);
}

TEST(world_enter_payload_installs_the_virtual_s_state)
{
	struct vhart h;
	struct vctx *c = &h.ctx;
	uint64_t ms;

	vhart_boot(&h, 0);
	firmware_configures_payload(c);
	c->mode = PRV_S;
	world_enter_payload(c);
	/* the PMP (and without to_payload hooks the env): at the entry, by world_prepare_run */
	CHECK(c->pmp_dirty);
	CHECK_EQ(csr_read(CSR_MEDELEG), BIT(CAUSE_USER_ECALL) | BIT(CAUSE_BREAKPOINT));
	CHECK_EQ(csr_read(CSR_MIDELEG) & S_INTS, S_INTS);
	CHECK_EQ(csr_read(CSR_MCOUNTEREN), 5);
	CHECK_EQ(csr_read(CSR_SCOUNTEREN), 1);
	CHECK_EQ(csr_read(CSR_STVEC), 0x80400100);
	CHECK_EQ(csr_read(CSR_SSCRATCH), 0x11);
	CHECK_EQ(csr_read(CSR_SEPC), 0x80400200);
	CHECK_EQ(csr_read(CSR_SCAUSE), 8);
	CHECK_EQ(csr_read(CSR_STVAL), 0x33);
	CHECK_EQ(csr_read(CSR_SATP), SV39);
	/* M-level enables stay on: those interrupts come to the monitor; MSIE for its IPIs */
	CHECK_EQ(csr_read(CSR_MIE), MIP_MTIP | MIP_STIP | MIP_SEIP | MIP_MSIP);

	world_prepare_run(c);
	CHECK(!c->pmp_dirty && !c->env_dirty);
	CHECK_EQ(csr_read(CSR_SENVCFG), 1);
	/* payload-world PMP: the firmware's entry as configured, nothing else */
	CHECK_EQ((csr_read(CSR_PMPCFG0) >> (8 * h.pmp.voff)) & 0xff,
		 PMP_A_TOR | PMP_R | PMP_W | PMP_X);
	CHECK_EQ(csr_read(CSR_PMPCFG2) >> 56, PMP_A_NAPOT);
	ms = csr_read(CSR_MSTATUS);
	CHECK_EQ((ms & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT, PRV_S);
	CHECK_EQ(ms & (MSTATUS_MIE | MSTATUS_MPRV | MSTATUS_MPV), 0);
	/* the firmware's trap controls apply to the payload */
	CHECK_EQ(ms & (TRAPS | MSTATUS_SUM | MSTATUS_SPP), MSTATUS_TW | MSTATUS_SUM | MSTATUS_SPP);
	c->virt = true;
	c->mode = PRV_U;
	world_prepare_run(c);
	ms = csr_read(CSR_MSTATUS);
	CHECK_EQ(ms & (MSTATUS_MPP | MSTATUS_MPV), MSTATUS_MPV);
}

TEST(world_round_trip_without_payload_changes_keeps_every_csr)
{
	struct vhart h;
	struct vctx *c = &h.ctx;
	static const unsigned csrs[] = {
		CSR_MEDELEG, CSR_MIDELEG, CSR_MIE, CSR_MCOUNTEREN, CSR_SCOUNTEREN, CSR_SENVCFG,
		CSR_STVEC, CSR_SSCRATCH, CSR_SEPC, CSR_SCAUSE, CSR_STVAL, CSR_SATP, CSR_MSTATUS,
		CSR_MEPC, CSR_PMPCFG0, CSR_PMPADDR0, CSR_SIE, CSR_SSTATUS,
	};
	uint64_t before[sizeof(csrs) / sizeof(csrs[0])];

	vhart_boot(&h, 0);
	firmware_configures_payload(c);
	for (unsigned i = 0; i < sizeof(csrs) / sizeof(csrs[0]); i++)
		before[i] = vread(c, csrs[i]);
	c->mode = PRV_S;
	world_enter_payload(c);
	world_prepare_run(c);
	c->mode = PRV_M;
	world_enter_firmware(c);
	for (unsigned i = 0; i < sizeof(csrs) / sizeof(csrs[0]); i++)
		CHECK_EQ(vread(c, csrs[i]), before[i]);
	/* and the hardware is back in the firmware-world configuration */
	CHECK_EQ(csr_read(CSR_MEDELEG), 0);
	CHECK_EQ(csr_read(CSR_MIDELEG) & S_INTS, 0);
	CHECK_EQ(csr_read(CSR_SATP), 0);
	CHECK_EQ(csr_read(CSR_MCOUNTEREN), 0);
	CHECK(c->pmp_dirty);
	world_prepare_run(c);
	CHECK_EQ(csr_read(CSR_PMPCFG2) >> 56, PMP_A_NAPOT | PMP_R | PMP_W | PMP_X);
	CHECK_EQ(csr_read(CSR_MSTATUS) & MSTATUS_MPP, 0);
}

TEST(world_enter_firmware_takes_the_payload_s_fields_and_enables)
{
	struct vhart h;
	struct vctx *c = &h.ctx;

	vhart_boot(&h, 0);
	firmware_configures_payload(c);
	c->mode = PRV_S;
	world_enter_payload(c);
	world_prepare_run(c);
	/* the payload: sstatus, sie; M-level bits of mie are not its to change */
	csr_write(CSR_SSTATUS, MSTATUS_SIE | MSTATUS_MXR | MSTATUS_FS);
	csr_write(CSR_SIE, MIP_SSIP);
	c->mode = PRV_M;
	world_enter_firmware(c);
	CHECK_EQ(vread(c, CSR_MSTATUS) & S_FIELDS, MSTATUS_SIE | MSTATUS_MXR | MSTATUS_FS);
	/* M fields are the firmware's: TW and MPP as it wrote them */
	CHECK_EQ(vread(c, CSR_MSTATUS) & (TRAPS | MSTATUS_MPP), MSTATUS_TW | 1ULL << MSTATUS_MPP_SHIFT);
	CHECK_EQ(vread(c, CSR_MIE), MIP_MTIP | MIP_SSIP);
	CHECK_EQ(vread(c, CSR_SIE), MIP_SSIP);
}
