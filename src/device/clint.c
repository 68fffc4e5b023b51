/*
 * Virtual CLINT (spec §6.1). The real CLINT is PMP-protected from the
 * firmware. msip[h] of the harts the monitor serves is virtual (a bit per
 * hart here, include/miralis/vclint.h): the physical msip is the
 * monitor's, shared by the firmware's IPIs and the monitor's own. Every
 * other access is forwarded to the real CLINT at the width and offset the
 * firmware used, behind a fault catcher, so gaps read as the device reads
 * them and a width it rejects faults as it would natively.
 *
 *   0x0000 + 4h   msip[h]      (32-bit)           virtual for h < NB_HARTS
 *   0x4000 + 8h   mtimecmp[h]  (64-bit, or two 32-bit halves)
 *   0xbff8        mtime        (64-bit, or two 32-bit halves)
 */
#define LOG_MODULE "clint"

#include <miralis/arch.h>
#include <miralis/device.h>
#include <miralis/log.h>
#include <miralis/vclint.h>
#include <miralis/virt.h>

#include <config.h>

/* Per hart, each on its own cache line: harts poll and set them concurrently */
struct vclint_hart {
	uint32_t msip;		/* the firmware's msip[h] (0 or 1) */
	uint32_t work;		/* monitor work bits (module_send_ipi) */
} __attribute__((aligned(64)));

static struct vclint_hart vharts[CONFIG_NB_HARTS];

static void physical_msip(unsigned hart, uint32_t v)
{
	arch_mmio_write(CLINT_BASE + CLINT_MSIP_OFF + 4UL * hart, 4, v);
}

bool vclint_msip(unsigned hart)
{
	return hart < CONFIG_NB_HARTS && __atomic_load_n(&vharts[hart].msip, __ATOMIC_SEQ_CST);
}

void vclint_set_msip(unsigned self, unsigned hart, bool on)
{
	if (hart >= CONFIG_NB_HARTS)
		return;
	__atomic_store_n(&vharts[hart].msip, on ? 1u : 0u, __ATOMIC_SEQ_CST);
	/*
	 * Another hart learns it from a physical MSI (the bit is visible
	 * before the MSI). The running hart re-checks its virtual interrupts
	 * after this very trap, and clearing needs no signal: the level is
	 * the virtual bit.
	 */
	if (on && hart != self)
		physical_msip(hart, 1);
}

void vclint_send_work(unsigned hart, uint32_t bits)
{
	if (hart >= CONFIG_NB_HARTS || !bits)
		return;
	__atomic_fetch_or(&vharts[hart].work, bits, __ATOMIC_SEQ_CST);
	physical_msip(hart, 1);
}

uint32_t vclint_take_work(unsigned hart)
{
	if (hart >= CONFIG_NB_HARTS)
		return 0;
	/* clear first: a request made after this is either in work or raises MSIP again */
	physical_msip(hart, 0);
	return __atomic_exchange_n(&vharts[hart].work, 0, __ATOMIC_SEQ_CST);
}

uint32_t vclint_pending_work(unsigned hart)
{
	return hart < CONFIG_NB_HARTS ? __atomic_load_n(&vharts[hart].work, __ATOMIC_SEQ_CST) : 0;
}

/* The word access of msip[h] for a hart the monitor serves, else false. */
static bool virtual_msip(uint64_t off, unsigned width, unsigned *hart)
{
	if (off >= CLINT_MSIP_END || width != 4 || off % 4)
		return false;
	*hart = (unsigned)(off / 4);
	return *hart < CONFIG_NB_HARTS;
}

static int clint_read(struct vctx *c, uint64_t off, unsigned width, uint64_t *val)
{
	unsigned hart;

	(void)c;
	if (virtual_msip(off, width, &hart)) {
		*val = vclint_msip(hart);
		return 0;
	}
	return arch_mmio_try_read(CLINT_BASE + off, width, val) ? -1 : 0;
}

static int clint_write(struct vctx *c, uint64_t off, unsigned width, uint64_t val)
{
	unsigned hart;

	if (virtual_msip(off, width, &hart)) {
		/* msip is one writable bit, the rest reads zero (CLINT/ACLINT MSWI) */
		vclint_set_msip(c->hart_id, hart, val & 1);
		return 0;
	}
	return arch_mmio_try_write(CLINT_BASE + off, width, val) ? -1 : 0;
}

const struct vdevice vdev_clint = {
	.name = "CLINT",
	.base = CLINT_BASE,
	.size = 0x10000,
	.read = clint_read,
	.write = clint_write,
};
