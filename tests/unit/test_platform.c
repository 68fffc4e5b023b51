/*
 * The platform hooks the portable monitor calls (include/miralis/platform.h),
 * with the host platform of src/arch/host/platform.c: implementation-
 * specific CSRs reach the hardware through plat_csr_access (the P550's
 * custom CSRs, src/platform/premierp550.c), and others stay missing.
 */
#include <miralis/platform.h>
#include <miralis/vcsr.h>
#include <miralis/virt.h>

#include "check.h"
#include "host.h"
#include "vhart.h"

TEST(platform_custom_csr_is_passed_through_to_the_hardware)
{
	struct vhart h;
	uint64_t v = 0;

	vhart_boot(&h, 0);
	CHECK_EQ(vcsr_write(&h.ctx, HOST_CUSTOM_CSR, 0x1234), 0);
	CHECK_EQ(host_custom_csr(), 0x1234);
	CHECK_EQ(vcsr_read(&h.ctx, HOST_CUSTOM_CSR, &v), 0);
	CHECK_EQ(v, 0x1234);
}

TEST(platform_other_custom_csrs_stay_missing)
{
	struct vhart h;
	uint64_t v = 0;

	vhart_boot(&h, 0);
	CHECK_EQ(vcsr_read(&h.ctx, HOST_CUSTOM_CSR + 1, &v), -1);
	CHECK_EQ(vcsr_write(&h.ctx, HOST_CUSTOM_CSR + 1, 1), -1);
	CHECK_EQ(host_custom_csr(), 0);
}
