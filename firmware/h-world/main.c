/* h-world: entering VS-mode from M and coming back (H spec).
 * A. sret from M with hstatus.SPV = 1, SPP = S enters VS and clears SPV;
 *    the guest's sscratch is vsscratch (M's sscratch and vsscratch are kept
 *    apart); its ecall traps with mcause 10, MPV = 1, MPP = S.
 * B. mret with MPV = 1, MPP = S while an M-level interrupt (MSI) is
 *    pending and enabled: taken at the first VS instruction: MPV = 1,
 *    MPP = S, mepc = the guest entry; sscratch and vsscratch unchanged. */
#include "clint.h"
#include "fw.h"

#define MISA_H		(1UL << ('H' - 'A'))
#define MSTATUS_MPV	(1UL << 39)
#define HSTATUS_SPV	(1UL << 7)

void vs_guest(void);
void do_sret_to(uint64_t *res, uint64_t pc);
void do_mret_to(uint64_t *res, uint64_t pc);
extern char h_handler[];

static uint64_t res[5];

static void report(const char *what)
{
	uint64_t ms = res[2];

	printf("h-world: %s: mcause = 0x%lx, at the guest entry = %d, MPP = %lu, MPV = %lu\n",
	       what, res[0], res[1] == (uint64_t)(uintptr_t)vs_guest, mstatus_mpp(ms),
	       (ms >> 39) & 1);
	printf("h-world: %s: sscratch = 0x%lx, vsscratch = 0x%lx, hstatus.SPV = %lu\n", what,
	       csr_read(sscratch), csr_read(vsscratch), (csr_read(hstatus) >> 7) & 1);
	csr_clear(mstatus, MSTATUS_MPV);
}

int main(void)
{
	uint64_t saved;

	if (!(csr_read(misa) & MISA_H)) {
		printf("h-world: no H extension\n");
		return 0;
	}
	csr_write(pmpaddr0, ~0UL >> 10);
	csr_write(pmpcfg0, PMP_A_TOR | PMP_R | PMP_W | PMP_X);
	csr_clear(mstatus, MSTATUS_MIE);
	csr_write(mie, 0);
	csr_write(medeleg, 0);
	csr_write(hedeleg, 0);
	csr_write(hgatp, 0);
	csr_write(vsatp, 0);
	csr_write(vsstatus, 0);
	csr_write(sscratch, 0xaa);
	csr_write(vsscratch, 0xbb);
	saved = csr_swap(mtvec, (uint64_t)(uintptr_t)h_handler);

	/* A */
	csr_write(hstatus, HSTATUS_SPV);
	csr_set(mstatus, MSTATUS_SPP);
	do_sret_to(res, (uint64_t)(uintptr_t)vs_guest);
	report("A (sret, SPV = 1)");
	printf("h-world: A: the guest read sscratch = 0x%lx\n", res[3]);

	/* B */
	csr_write(mie, 1UL << IRQ_MSI);
	*clint_msip(0) = 1;
	csr_clear(mstatus, MSTATUS_MPP);
	csr_set(mstatus, (PRV_S << MSTATUS_MPP_SHIFT) | MSTATUS_MPV);
	do_mret_to(res, (uint64_t)(uintptr_t)vs_guest);
	*clint_msip(0) = 0;
	csr_write(mie, 0);
	report("B (mret, MPV = 1, MSI pending)");

	csr_write(mtvec, saved);
	printf("h-world: done\n");
	return 0;
}
