/*
 * Virtual CLINT (spec §6.1). The real CLINT is PMP-protected from the
 * firmware. For the harts the monitor serves, msip[h] and mtimecmp[h] are
 * virtual (include/miralis/vclint.h): the physical msip and mtimecmp are
 * the monitor's, shared by the firmware's IPIs and deadlines and the
 * monitor's own. Every other access is forwarded to the real CLINT at the
 * width and offset the firmware used, behind a fault catcher, so gaps read
 * as the device reads them and a width it rejects faults as it would
 * natively.
 *
 *   0x0000 + 4h   msip[h]      (32-bit)                      virtual
 *   0x4000 + 8h   mtimecmp[h]  (64-bit, or two 32-bit halves) virtual
 *   0xbff8        mtime        (64-bit, or two 32-bit halves)
 */
#define LOG_MODULE "clint"

#include <miralis/arch.h>
#include <miralis/device.h>
#include <miralis/log.h>
#include <miralis/riscv/encoding.h>
#include <miralis/vclint.h>
#include <miralis/virt.h>

#include <config.h>

/* Per hart, each on its own cache line: harts poll and set them concurrently */
struct vclint_hart {
	uint32_t msip;		/* the firmware's msip[h] (0 or 1) */
	uint32_t work;		/* monitor work bits (module_send_ipi) */
	uint32_t fw_written;	/* the monitor holds the firmware's mtimecmp[h] */
	uint32_t fw_quiet;	/* ... taken over while past but not pending (below) */
	uint64_t fw_deadline;	/* its mtimecmp[h], once written */
	bool payload_armed;	/* owner hart only: payload_deadline is armed */
	uint64_t payload_deadline;
} __attribute__((aligned(64)));

static struct vclint_hart vharts[CONFIG_NB_HARTS];

void vclint_reset(unsigned hart)
{
	if (hart < CONFIG_NB_HARTS)
		vharts[hart] = (struct vclint_hart){ 0 };
}

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

/* ---- timer ---- */

static uint64_t mtimecmp_addr(unsigned hart)
{
	return CLINT_BASE + CLINT_MTIMECMP_OFF + 8UL * hart;
}

uint64_t vclint_mtime_addr(void)
{
	return CLINT_BASE + CLINT_MTIME_OFF;
}

uint64_t vclint_mtime(void)
{
	return arch_mmio_read(vclint_mtime_addr(), 8);
}

bool vclint_mtip(unsigned hart, bool physical_mtip)
{
	struct vclint_hart *v;

	if (hart >= CONFIG_NB_HARTS)
		return physical_mtip;
	v = &vharts[hart];
	if (!__atomic_load_n(&v->fw_written, __ATOMIC_SEQ_CST))
		return physical_mtip;
	if (__atomic_load_n(&v->fw_quiet, __ATOMIC_SEQ_CST))
		return false;
	/* what the CLINT computes: a level, for as long as the deadline is past */
	return vclint_mtime() >= __atomic_load_n(&v->fw_deadline, __ATOMIC_SEQ_CST);
}

/*
 * Physical mtimecmp of the running hart = the earlier deadline not yet
 * delivered. A passed firmware deadline is left out: its MTIP is computed
 * (vclint_mtip), and keeping it would hold the physical MTIP high and
 * storm whenever MTIE is on for the payload's deadline.
 */
static void program(unsigned hart)
{
	struct vclint_hart *v = &vharts[hart];
	uint64_t d = v->payload_armed ? v->payload_deadline : UINT64_MAX;

	if (__atomic_load_n(&v->fw_written, __ATOMIC_SEQ_CST)) {
		uint64_t fw = __atomic_load_n(&v->fw_deadline, __ATOMIC_SEQ_CST);

		if (!__atomic_load_n(&v->fw_quiet, __ATOMIC_SEQ_CST) && fw > vclint_mtime() &&
		    fw < d)
			d = fw;
	} else if (!v->payload_armed) {
		return;		/* the physical mtimecmp is still the firmware's own */
	}
	arch_mmio_write(mtimecmp_addr(hart), 8, d);
}

void vclint_timer_service(struct vctx *c)
{
	unsigned hart = c->hart_id;
	struct vclint_hart *v;

	if (hart >= CONFIG_NB_HARTS)
		return;
	v = &vharts[hart];
	if (v->payload_armed && vclint_mtime() >= v->payload_deadline) {
		v->payload_armed = false;
		csr_set(CSR_MIP, MIP_STIP);
	}
	program(hart);
}

/*
 * From now on the monitor holds the firmware's mtimecmp of hart. QEMU
 * raises MTIP only when mtimecmp is written, so a reset value already in
 * the past is not pending (physical_mtip clear): the firmware keeps seeing
 * no MTIP ("quiet") until it writes mtimecmp itself.
 */
static void take_mtimecmp(unsigned hart, bool physical_mtip)
{
	struct vclint_hart *v = &vharts[hart];
	uint64_t d;

	if (__atomic_load_n(&v->fw_written, __ATOMIC_SEQ_CST))
		return;
	d = arch_mmio_read(mtimecmp_addr(hart), 8);
	__atomic_store_n(&v->fw_deadline, d, __ATOMIC_SEQ_CST);
	__atomic_store_n(&v->fw_quiet, !physical_mtip && vclint_mtime() >= d, __ATOMIC_SEQ_CST);
	__atomic_store_n(&v->fw_written, 1u, __ATOMIC_SEQ_CST);
}

void vclint_set_payload_deadline(struct vctx *c, uint64_t deadline)
{
	unsigned hart = c->hart_id;

	if (hart >= CONFIG_NB_HARTS)
		return;
	take_mtimecmp(hart, csr_read(CSR_MIP) & MIP_MTIP);
	vharts[hart].payload_deadline = deadline;
	vharts[hart].payload_armed = deadline != UINT64_MAX;
	csr_clear(CSR_MIP, MIP_STIP);
	vclint_timer_service(c);
}

bool vclint_payload_timer_armed(unsigned hart)
{
	return hart < CONFIG_NB_HARTS && vharts[hart].payload_armed;
}

/* The firmware wrote (part of) mtimecmp[hart]: width 8, or 4 at byte off 0/4 */
static void write_fw_deadline(unsigned self, unsigned hart, uint64_t byte, unsigned width,
			      uint64_t val)
{
	struct vclint_hart *v = &vharts[hart];
	uint64_t d;

	take_mtimecmp(hart, true);	/* quiet or not, the write ends it */
	d = __atomic_load_n(&v->fw_deadline, __ATOMIC_SEQ_CST);
	if (width == 8)
		d = val;
	else if (byte == 0)
		d = (d & ~0xffffffffUL) | (val & 0xffffffffUL);
	else
		d = (d & 0xffffffffUL) | (val << 32);
	__atomic_store_n(&v->fw_deadline, d, __ATOMIC_SEQ_CST);
	__atomic_store_n(&v->fw_quiet, 0u, __ATOMIC_SEQ_CST);
	/* only the owner hart writes its physical mtimecmp */
	if (hart == self)
		program(hart);
	else
		vclint_send_work(hart, VCLINT_WORK_TIMER);
}

static uint64_t read_fw_deadline(unsigned hart, uint64_t byte, unsigned width)
{
	struct vclint_hart *v = &vharts[hart];
	uint64_t d = __atomic_load_n(&v->fw_written, __ATOMIC_SEQ_CST)
			     ? __atomic_load_n(&v->fw_deadline, __ATOMIC_SEQ_CST)
			     : arch_mmio_read(mtimecmp_addr(hart), 8);

	return width == 8 ? d : (uint32_t)(d >> (8 * byte));
}

/* An 8-byte, or aligned 4-byte, access of mtimecmp[h] for a served hart */
static bool virtual_mtimecmp(uint64_t off, unsigned width, unsigned *hart, uint64_t *byte)
{
	if (off < CLINT_MTIMECMP_OFF || off >= CLINT_MTIME_OFF || off % width ||
	    (width != 4 && width != 8))
		return false;
	*hart = (unsigned)((off - CLINT_MTIMECMP_OFF) / 8);
	*byte = (off - CLINT_MTIMECMP_OFF) % 8;
	return *hart < CONFIG_NB_HARTS;
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
	uint64_t byte;

	(void)c;
	if (virtual_msip(off, width, &hart)) {
		*val = vclint_msip(hart);
		return 0;
	}
	if (virtual_mtimecmp(off, width, &hart, &byte)) {
		*val = read_fw_deadline(hart, byte, width);
		return 0;
	}
	return arch_mmio_try_read(CLINT_BASE + off, width, val) ? -1 : 0;
}

static int clint_write(struct vctx *c, uint64_t off, unsigned width, uint64_t val)
{
	unsigned hart;
	uint64_t byte;

	if (virtual_msip(off, width, &hart)) {
		/* msip is one writable bit, the rest reads zero (CLINT/ACLINT MSWI) */
		vclint_set_msip(c->hart_id, hart, val & 1);
		return 0;
	}
	if (virtual_mtimecmp(off, width, &hart, &byte)) {
		write_fw_deadline(c->hart_id, hart, byte, width, val);
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
