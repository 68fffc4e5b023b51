/*
 * Debug triggers on harts the monitor must not trap on (src/virt/hw.c,
 * csr.c, vctx.c): tdata2/tdata3 are optional in Sdtrig, so an absent one is
 * illegal for the firmware as on the hart, and reading the trigger's reset
 * state never touches it; a reset tselect beyond the virtual triggers
 * (a hart with more triggers than VTRIG_MAX, or one a debugger left
 * selected) never indexes past the table.
 */
#include <miralis/arch.h>
#include <miralis/riscv/encoding.h>
#include <miralis/vcsr.h>
#include <miralis/virt.h>

#include "check.h"
#include "host.h"
#include "vhart.h"

TEST(trigger_absent_tdata3_is_illegal_and_never_read_by_the_monitor)
{
	struct vhart h;
	uint64_t v = 0x77;

	host_csr_remove(CSR_TDATA3);
	vhart_boot(&h, 0);
	CHECK_EQ(h.hw.tdata_present, 0x3);
	host_clear_illegal();
	/* the first trigger access reads the reset state of tdata1/2 only */
	CHECK_EQ(vcsr_read(&h.ctx, CSR_TDATA1, &v), 0);
	CHECK_EQ(v, 2ULL << 60);
	CHECK_EQ(host_illegal_count(), 0);
	CHECK_EQ(vcsr_read(&h.ctx, CSR_TDATA3, &v), -1);
	CHECK_EQ(vcsr_write(&h.ctx, CSR_TDATA3, 1), -1);
	CHECK_EQ(vcsr_write(&h.ctx, CSR_TDATA2, 0x1234), 0);
	CHECK_EQ(vcsr_read(&h.ctx, CSR_TDATA2, &v), 0);
	CHECK_EQ(v, 0x1234);
	CHECK_EQ(host_illegal_count(), 0);
}

TEST(trigger_all_tdata_present_on_qemu)
{
	struct vhart h;

	vhart_boot(&h, 0);
	CHECK_EQ(h.hw.tdata_present, 0x7);
}

TEST(trigger_reset_tselect_beyond_the_table_selects_trigger_0)
{
	struct vhart h;
	uint64_t v = 0x77;

	/* a reset value the virtual triggers do not have (raw: no legalization) */
	host_csr_set_raw(CSR_TSELECT, 200);
	vhart_boot(&h, 0);
	CHECK_EQ(vcsr_read(&h.ctx, CSR_TSELECT, &v), 0);
	CHECK_EQ(v, 0);
	CHECK_EQ(vcsr_read(&h.ctx, CSR_TDATA1, &v), 0);
	CHECK_EQ(v, 2ULL << 60);
	CHECK_EQ(vcsr_write(&h.ctx, CSR_TDATA2, 0x55), 0);
}

TEST(trigger_no_sdtrig_no_trigger_csrs)
{
	struct vhart h;
	uint64_t v;

	host_csr_remove(CSR_TSELECT);
	host_csr_remove(CSR_TDATA1);
	host_csr_remove(CSR_TDATA2);
	host_csr_remove(CSR_TDATA3);
	vhart_boot(&h, 0);
	CHECK_EQ(h.hw.nb_triggers, 0);
	CHECK_EQ(h.hw.tdata_present, 0);
	CHECK_EQ(vcsr_read(&h.ctx, CSR_TSELECT, &v), -1);
	CHECK_EQ(vcsr_read(&h.ctx, CSR_TDATA1, &v), -1);
	CHECK_EQ(vcsr_write(&h.ctx, CSR_TDATA1, 0), -1);
}
