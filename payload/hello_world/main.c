/* hello_world: the smallest S-mode payload. Prints one line through the
 * UART directly, then asks whoever runs in M-mode to shut down (SBI SRST);
 * the launching firmware decides what that means. */
#include "payload.h"

void payload_main(unsigned long hartid, unsigned long dtb)
{
	(void)hartid;
	(void)dtb;
	printf("Payload Hello world!\n");
	sbi_shutdown();
	printf("Payload: SBI shutdown returned\n");
	for (;;)
		__asm__ volatile("wfi");
}
