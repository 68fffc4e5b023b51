/*
 * The platform hooks the portable monitor calls (include/miralis/platform.h),
 * with the host platform of src/arch/host/platform.c: implementation-
 * specific CSRs reach the hardware through plat_csr_access (the P550's
 * custom CSRs, src/platform/premierp550.c), and others stay missing; the
 * HTIF command the spike platform's virtual device recognises as the end.
 */
#include <miralis/htif.h>
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

TEST(platform_htif_exit_is_device_0_command_0_with_bit_0)
{
	CHECK(htif_is_exit(1));				/* exit(0) */
	CHECK(htif_is_exit((3UL << 1) | 1));		/* exit(3) */
	CHECK(!htif_is_exit(2));			/* a syscall-proxy pointer */
	CHECK(!htif_is_exit(1UL << 56 | 1UL << 48 | 'A'));	/* console putc */
	CHECK(!htif_is_exit(1UL << 48 | 1));		/* device 0, command 1 */
}
