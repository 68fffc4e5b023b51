/* mstatus-same: writes of mstatus with the value a read returns (OpenSBI's
 * trap exit writes back what its entry read), which the monitor's trap
 * entry emulates as reads (issue 9), and writes that differ by one bit,
 * which must still take effect: csrw/csrrw/csrrs/csrrc, with SD set (FS
 * dirty) and clear. Only relations are printed: the same lines natively and
 * under the monitor. */
#include "fw.h"

#define MSTATUS_SD (1UL << 63)
#define MSTATUS_FS (3UL << 13)	/* priv. spec 3.1.6.6 */

static unsigned failed;

static void expect(const char *what, uint64_t got, uint64_t want)
{
	printf("mstatus-same: %s: %s\n", what, got == want ? "ok" : "WRONG");
	if (got != want) {
		printf("mstatus-same:   got 0x%lx, want 0x%lx\n", got, want);
		failed++;
	}
}

static void round_trip(const char *tag)
{
	uint64_t r = csr_read(mstatus), old;

	printf("mstatus-same: %s: SD %lu\n", tag, r >> 63);
	csr_write(mstatus, r);
	expect("csrw of the value read keeps it", csr_read(mstatus), r);
	old = csr_swap(mstatus, r);
	expect("csrrw of the value read returns it", old, r);
	expect("csrrw of the value read keeps it", csr_read(mstatus), r);
	__asm__ volatile("csrrs %0, mstatus, %1" : "=r"(old) : "r"(r & MSTATUS_MPP) : "memory");
	expect("csrrs of set bits returns the value", old, r);
	expect("csrrs of set bits keeps it", csr_read(mstatus), r);
	__asm__ volatile("csrrc %0, mstatus, %1" : "=r"(old) : "r"(~r & MSTATUS_MPIE) : "memory");
	expect("csrrc of clear bits keeps it", csr_read(mstatus), r);
	/* one bit more or less: a real write */
	csr_write(mstatus, r ^ MSTATUS_MPIE);
	expect("csrw of MPIE flipped flips it", csr_read(mstatus), r ^ MSTATUS_MPIE);
	csr_write(mstatus, r);
	__asm__ volatile("csrrs %0, mstatus, %1" : "=r"(old) : "r"(MSTATUS_MPIE) : "memory");
	expect("csrrs MPIE sets it", csr_read(mstatus), r | MSTATUS_MPIE);
	__asm__ volatile("csrrc %0, mstatus, %1" : "=r"(old) : "r"(MSTATUS_MPIE) : "memory");
	expect("csrrc MPIE clears it", csr_read(mstatus), r & ~MSTATUS_MPIE);
	csr_write(mstatus, r);
	/* SD is read-only: writing the value without it changes nothing either */
	csr_write(mstatus, r & ~MSTATUS_SD);
	expect("csrw without SD keeps it", csr_read(mstatus), r);
}

int main(void)
{
	csr_clear(mstatus, MSTATUS_FS);
	round_trip("FS off");
	csr_set(mstatus, MSTATUS_FS);	/* Dirty: SD reads 1 */
	round_trip("FS dirty");
	printf("mstatus-same: done, %u wrong\n", failed);
	return failed != 0;
}
