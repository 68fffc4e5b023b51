/* csr-regs: every register as rd and rs1 of the CSR accesses the firmware
 * traps on most (regs.S); the same line natively and under the monitor. */
#include "fw.h"

uint64_t csr_regs_check(void);

int main(void)
{
	uint64_t bad = csr_regs_check();

	printf("csr-regs: registers that went wrong: 0x%lx\n", bad);
	printf("csr-regs: done\n");
	return bad != 0;
}
