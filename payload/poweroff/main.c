/* poweroff: for runs under a real SBI implementation (OpenSBI). Asks for a
 * shutdown through SBI SRST; if the call comes back the SBI did not honour
 * it, which is reported and the hart parks (the run then times out). */
#include "payload.h"

void payload_main(unsigned long hartid, unsigned long dtb)
{
	(void)hartid;
	(void)dtb;
	printf("Payload: powering off via SBI\n");
	struct sbiret r = sbi_shutdown();
	printf("SBI reset returned (error %ld)\n", r.error);
	for (;;)
		__asm__ volatile("wfi");
}
