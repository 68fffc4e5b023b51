/* switch-regs: registers across an SBI-like ecall from S-mode and the
 * firmware's mret back (regs.S); the same lines natively and under the
 * monitor. */
#include "fw.h"

void switch_regs_run(uint64_t *to_m, uint64_t *to_s);
void switch_regs_expected(uint64_t *p, uint64_t *q);

static uint64_t to_m[32], to_s[32], p[32], q[32];

static uint64_t wrong(const uint64_t *got, const uint64_t *want)
{
	uint64_t bad = 0;

	for (unsigned n = 1; n < 32; n++)
		if (got[n] != want[n])
			bad |= 1UL << n;
	return bad;
}

int main(void)
{
	uint64_t bad_m, bad_s;

	/* S-mode may access all memory (PMP entry 0, TOR over everything) */
	csr_write(pmpaddr0, ~0UL >> 10);
	csr_write(pmpcfg0, PMP_A_TOR | PMP_R | PMP_W | PMP_X);
	switch_regs_expected(p, q);
	switch_regs_run(to_m, to_s);
	bad_m = wrong(to_m, p);
	bad_s = wrong(to_s, q);
	printf("switch-regs: registers wrong at the ecall: 0x%lx, after the mret: 0x%lx\n", bad_m,
	       bad_s);
	printf("switch-regs: done\n");
	return bad_m || bad_s;
}
