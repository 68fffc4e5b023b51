/* default: the smallest meaningful firmware. Prints the line the monitor's
 * "default" test expects (spec 10.3) and round-trips mscratch, which under
 * the monitor is a virtual CSR emulated on trap. */
#include "fw.h"

int main(void)
{
	printf("Hello from default firmware!\n");
	csr_write(mscratch, 0x42);
	check_eq(csr_read(mscratch), 0x42, "mscratch read-back");
	printf("default: mscratch = 0x%lx\n", csr_read(mscratch));
	return 0;
}
