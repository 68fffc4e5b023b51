/*
 * Software page-table walk for the payload's satp (include/miralis/ptwalk.h),
 * the algorithm of priv. spec 4.3.2 with the Sv39/Sv48/Sv57 geometry of
 * 4.4-4.6 (9-bit VPNs, 8-byte PTEs, 4 KiB pages) and Svnapot's 64 KiB
 * pages (chapter "Svnapot").
 */
#include <miralis/arch.h>
#include <miralis/ptwalk.h>
#include <miralis/riscv/encoding.h>

#define SATP_MODE_SV39 8
#define SATP_MODE_SV48 9
#define SATP_MODE_SV57 10
#define SATP_PPN_MASK ((1UL << 44) - 1)

#define PAGE_SHIFT 12
#define VPN_BITS 9
#define VPN_MASK ((1UL << VPN_BITS) - 1)
#define PTE_SIZE 8

#define PTE_V (1UL << 0)
#define PTE_R (1UL << 1)
#define PTE_W (1UL << 2)
#define PTE_X (1UL << 3)
#define PTE_PPN_SHIFT 10
#define PTE_PPN_MASK ((1UL << 44) - 1)
/* bits 60:54 are reserved (4.4.1); 62:61 are Svpbmt's PBMT, 63 Svnapot's N */
#define PTE_RESERVED (((1UL << 7) - 1) << 54)
#define PTE_N (1UL << 63)
/* Svnapot: a 64 KiB page is a level-0 leaf with N and ppn[3:0] = 1000 */
#define NAPOT_64K_BITS 4
#define NAPOT_64K_MASK ((1UL << NAPOT_64K_BITS) - 1)
#define NAPOT_64K_PPN 0x8UL

static int levels(uint64_t satp)
{
	switch (satp >> SATP_MODE_SHIFT) {
	case SATP_MODE_SV39:
		return 3;
	case SATP_MODE_SV48:
		return 4;
	case SATP_MODE_SV57:
		return 5;
	default:
		return 0;
	}
}

static uint64_t vpn(uint64_t va, int level)
{
	return (va >> (PAGE_SHIFT + VPN_BITS * level)) & VPN_MASK;
}

/* The physical page of a leaf at `level`, with the low VPNs of va below it */
static bool leaf_ppn(uint64_t pte, uint64_t va, int level, uint64_t *ppn)
{
	uint64_t p = (pte >> PTE_PPN_SHIFT) & PTE_PPN_MASK;
	uint64_t low = (1UL << (VPN_BITS * level)) - 1;

	if (pte & PTE_N) {
		if (level != 0 || (p & NAPOT_64K_MASK) != NAPOT_64K_PPN)
			return false;
		low = NAPOT_64K_MASK;
	} else if (p & low) {
		return false;	/* misaligned superpage */
	}
	*ppn = (p & ~low) | ((va >> PAGE_SHIFT) & low);
	return true;
}

bool ptwalk_translate(uint64_t satp, uint64_t va, bool write, uint64_t *pa)
{
	uint64_t table = (satp & SATP_PPN_MASK) << PAGE_SHIFT, pte = 0, ppn;

	for (int i = levels(satp) - 1; i >= 0; i--) {
		if (arch_mmio_try_read(table + vpn(va, i) * PTE_SIZE, PTE_SIZE, &pte) != 0)
			return false;
		if (!(pte & PTE_V) || (pte & PTE_RESERVED) || ((pte & PTE_W) && !(pte & PTE_R)))
			return false;
		if (!(pte & (PTE_R | PTE_X))) {
			table = ((pte >> PTE_PPN_SHIFT) & PTE_PPN_MASK) << PAGE_SHIFT;
			continue;
		}
		if (!(pte & (write ? PTE_W : PTE_R)) || !leaf_ppn(pte, va, i, &ppn))
			return false;
		*pa = (ppn << PAGE_SHIFT) | (va & ((1UL << PAGE_SHIFT) - 1));
		return true;
	}
	return false;
}
