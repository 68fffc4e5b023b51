/* device (meaningful only under the monitor): the monitor's virtual test
 * device at 0x2020000 (spec 6.4): +0 reads 0xdeadbeef, +4 is a register
 * that reads 0 until written. Every access traps to the monitor, which
 * decodes and emulates it, so all load/store encodings are used, including
 * the sign- vs zero-extension of lw/lwu. Natively nothing is mapped there:
 * the first access faults and the run fails with a clear message. */
#include "fw.h"

#define TEST_DEV	0x2020000UL
#define DEV_MAGIC	(TEST_DEV + 0)
#define DEV_REG		(TEST_DEV + 4)

uint64_t dev_lw(uint64_t addr);
uint64_t dev_lwu(uint64_t addr);
uint64_t dev_clw(uint64_t addr);
void dev_sw(uint64_t addr, uint64_t v);
void dev_csw(uint64_t addr, uint64_t v);

void trap_handler(struct trap_frame *f)
{
	printf("FAIL: access to the test device trapped: mcause=0x%lx mtval=0x%lx "
	       "(this test only passes under the monitor)\n", f->mcause, f->mtval);
	exit_failure(1);
}

int main(void)
{
	printf("Hello from driver tester firmware!\n");

	check_eq(dev_lwu(DEV_MAGIC), 0xdeadbeefUL, "lwu of the magic register");
	check_eq(dev_lw(DEV_MAGIC), 0xffffffffdeadbeefUL, "lw sign-extends the magic");
	check_eq(dev_clw(DEV_MAGIC), 0xffffffffdeadbeefUL, "c.lw sign-extends the magic");
	printf("device: magic = 0x%lx\n", dev_lwu(DEV_MAGIC));

	check_eq(dev_lw(DEV_REG), 0, "register reads 0 before any write");
	dev_sw(DEV_REG, 0x43);
	check_eq(dev_lw(DEV_REG), 0x43, "lw after sw 0x43");
	check_eq(dev_clw(DEV_REG), 0x43, "c.lw after sw 0x43");
	printf("device: register = 0x%lx after sw\n", dev_lwu(DEV_REG));

	dev_csw(DEV_REG, 0x80000044UL);
	check_eq(dev_lwu(DEV_REG), 0x80000044UL, "lwu after c.sw");
	check_eq(dev_lw(DEV_REG), 0xffffffff80000044UL, "lw sign-extends the register");
	/* A store only takes the low 32 bits of rs2. */
	dev_sw(DEV_REG, 0x1234567800000043UL);
	check_eq(dev_lwu(DEV_REG), 0x43, "sw stores the low word");
	printf("device: register = 0x%lx after c.sw and sw\n", dev_lwu(DEV_REG));
	return 0;
}
