/* mprv-mpv: M-mode loads, stores and AMOs with mstatus.MPRV = 1 and MPV = 1
 * go through the guest's two-stage translation as VS/VU (H spec 8.4.1,
 * priv. spec 3.1.6.3), here with guest-physical != host-physical: the G
 * stage maps the guest-physical gigapage 0x40000000 onto the host gigapage
 * 0x80000000, the VS stage is Bare (vsatp = 0), and satp holds a decoy
 * (Bare) so that a monitor replaying the access as plain S/U would touch
 * 0x4xxxxxxx physically. A guest address the G stage does not map faults
 * as a guest-page fault with the hart's mtval/mtval2/GVA. */
#include "fw.h"

#define MISA_H		(1UL << 7)
#define MSTATUS_GVA	(1UL << 38)
#define MSTATUS_MPV	(1UL << 39)
#define SENTINEL	0x5e5e5e5e5e5e5e5eUL
#define GPA_BASE	0x40000000UL
#define HPA_BASE	0x80000000UL
/* G-stage leaf: V R W X U A D (H spec 8.5.1: G-stage leaves are U pages) */
#define PTE_RWXU_AD	(0x1UL | 0x2 | 0x4 | 0x8 | 0x10 | 0x40 | 0x80)

uint64_t mpv_ld(uint64_t addr, uint64_t bits);
void mpv_sd(uint64_t addr, uint64_t bits, uint64_t value);
uint64_t mpv_amoadd(uint64_t addr, uint64_t bits, uint64_t value);

/* Sv39x4 root: 16 KiB, 16 KiB aligned, 2048 entries */
static uint64_t g_root[2048] __attribute__((aligned(16384)));
static volatile uint64_t cell[2] = { 0x1122334455667788UL, 0 };
static volatile unsigned traps;
static volatile uint64_t seen_cause, seen_tval, seen_tval2, seen_ms;

void trap_handler(struct trap_frame *f)
{
	traps++;
	seen_cause = f->mcause;
	seen_tval = f->mtval;
	seen_tval2 = csr_read(0x34b);
	seen_ms = f->mstatus;
	trap_skip(f);
}

static uint64_t gpa_of(volatile uint64_t *p)
{
	return (uint64_t)(uintptr_t)p - HPA_BASE + GPA_BASE;
}

static void one_mode(const char *name, uint64_t mpp)
{
	uint64_t bits = MSTATUS_MPRV | MSTATUS_MPV | mpp << MSTATUS_MPP_SHIFT;
	uint64_t ga = gpa_of(&cell[0]), v;
	unsigned before = traps;

	v = mpv_ld(ga, bits);
	check_eq(traps, before, "no trap on a mapped load");
	check_eq(v, cell[0], "MPRV+MPV load reads the host page");
	mpv_sd(ga + 8, bits, 0xa5a5a5a5UL + mpp);
	check_eq(traps, before, "no trap on a mapped store");
	check_eq(cell[1], 0xa5a5a5a5UL + mpp, "MPRV+MPV store writes the host page");
	v = mpv_amoadd(ga + 8, bits, 1);
	check_eq(v, 0xa5a5a5a5UL + mpp, "amoadd returns the old value");
	check_eq(cell[1], 0xa5a5a5a6UL + mpp, "amoadd updates the host page");
	printf("mprv-mpv: MPP=%s: ld/sd/amoadd through G stage 0x%lx -> host page: ok\n", name,
	       GPA_BASE);

	/* the G stage maps nothing below 0x40000000: a guest-page fault */
	csr_clear(mstatus, MSTATUS_GVA);
	v = mpv_ld(0x1008, bits);
	check_eq(traps, before + 1, "one trap on an unmapped guest-physical page");
	check_eq(v, SENTINEL, "the faulting load wrote no register");
	printf("mprv-mpv: MPP=%s: ld 0x1008 (no G-stage mapping): mcause = %lu, mtval = 0x%lx, "
	       "mtval2 = 0x%lx, GVA = %lu, MPV = %lu\n", name, seen_cause, seen_tval, seen_tval2,
	       (seen_ms & MSTATUS_GVA) ? 1UL : 0UL, (seen_ms & MSTATUS_MPV) ? 1UL : 0UL);
	mpv_sd(0x2010, bits, 1);
	printf("mprv-mpv: MPP=%s: sd 0x2010 (no G-stage mapping): mcause = %lu, mtval = 0x%lx, "
	       "mtval2 = 0x%lx\n", name, seen_cause, seen_tval, seen_tval2);
	check_eq(traps, before + 2, "one trap on the unmapped store");
	csr_clear(mstatus, MSTATUS_GVA);
}

int main(void)
{
	if (!(csr_read(misa) & MISA_H)) {
		printf("mprv-mpv: H extension is not available, skipping\n");
		return 0;
	}
	/* S/U may reach all memory (TOR over everything, RWX) */
	csr_write(pmpaddr0, ~0UL >> 10);
	csr_write(pmpcfg0, PMP_A_TOR | PMP_R | PMP_W | PMP_X);
	g_root[GPA_BASE >> 30] = (HPA_BASE >> 12) << 10 | PTE_RWXU_AD;
	csr_write(satp, 0);
	csr_write(0x280, 0);					/* vsatp: Bare */
	csr_write(0x680, 8UL << 60 | (uint64_t)(uintptr_t)g_root >> 12);	/* hgatp: Sv39x4 */
	__asm__ volatile(".word 0x62000073" ::: "memory");	/* hfence.gvma */
	one_mode("S", PRV_S);
	one_mode("U", PRV_U);
	csr_write(0x680, 0);
	printf("mprv-mpv: done\n");
	return 0;
}
