/* poweroff-paged: powers off as Linux's syscon-poweroff does on QEMU virt
 * (Debian's 6.12 kernel tries it before SBI SRST): with paging on (Sv39),
 * a 32-bit read, then a write of 0x5555, of the sifive_test finisher
 * through a virtual address that is not its physical one. Natively the
 * firmware's PMP lets S-mode reach the device and QEMU exits; under the
 * monitor the device is virtual and the access must be emulated at the
 * physical address the payload's page tables give. A trap reaching the
 * payload is reported and ends the run with a failure (SBI SRST). */
#include "payload.h"

#define GIGA_SHIFT 30
#define PTE_V (1UL << 0)
#define PTE_R (1UL << 1)
#define PTE_W (1UL << 2)
#define PTE_X (1UL << 3)
#define PTE_A (1UL << 6)
#define PTE_D (1UL << 7)
#define SATP_SV39 (8UL << 60)

#define FINISHER 0x100000UL
#define FINISHER_PASS 0x5555u
#define DEVICES_VA (1UL << GIGA_SHIFT)	/* physical 0..1 GiB seen at 1 GiB */
#define RAM 0x80000000UL

void pp_trap_entry(void);
static uint64_t root[512] __attribute__((aligned(4096)));

/* Any trap: the access was not emulated (natively it is not taken at all) */
void paged_trap(uint64_t scause, uint64_t stval)
{
	printf("Payload FAIL: trap scause = %lu, stval = 0x%lx\n", scause, stval);
	sbi_call(0x53525354, 0, 0, 1);	/* SRST shutdown, reason: system failure */
	for (;;)
		;
}

__asm__(".align 4\n"
	"pp_trap_entry:\n"
	"	csrr a0, scause\n"
	"	csrr a1, stval\n"
	"	j paged_trap\n");

static uint64_t giga(uint64_t pa, uint64_t perm)
{
	return (pa >> 12) << 10 | perm | PTE_V | PTE_A | PTE_D;
}

void payload_main(unsigned long hartid, unsigned long dtb)
{
	volatile uint32_t *fin = (volatile uint32_t *)(DEVICES_VA + FINISHER);
	uint32_t v;

	(void)hartid;
	(void)dtb;
	__asm__ volatile("csrw stvec, %0" : : "r"(pp_trap_entry));
	/* devices identity-mapped (the console) and again at 1 GiB; RAM identity */
	root[0] = giga(0, PTE_R | PTE_W);
	root[DEVICES_VA >> GIGA_SHIFT] = giga(0, PTE_R | PTE_W);
	root[RAM >> GIGA_SHIFT] = giga(RAM, PTE_R | PTE_W | PTE_X);
	__asm__ volatile("sfence.vma\n csrw satp, %0\n sfence.vma"
			 : : "r"(SATP_SV39 | ((uint64_t)(uintptr_t)root >> 12)) : "memory");
	printf("Payload: paging on, powering off through the finisher at 0x%lx\n",
	       (uint64_t)(uintptr_t)fin);
	v = *fin;
	*fin = (v & ~0xffffu) | FINISHER_PASS;
	printf("Payload FAIL: still running after the finisher write\n");
	sbi_shutdown();
	for (;;)
		;
}
