/*
 * keystone: one S-mode host program, five scenarios picked at build time
 * (payload/keystone-attest, -misuse, -multihart and -fwview set KS_SCENARIO).
 */
#include "ks.h"

#ifndef KS_SCENARIO
#define KS_SCENARIO ks_test_lifecycle
#endif

void payload_main(unsigned long hartid, unsigned long dtb)
{
	(void)hartid;
	(void)dtb;
	ks_install_trap_handler();
	KS_SCENARIO(hartid);
	for (;;)
		__asm__ volatile("wfi");
}
