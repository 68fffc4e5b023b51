/* CSR access helpers and the architectural bit fields the test firmwares use.
 * Names follow the RISC-V privileged spec (v1.12). Safe to include from assembly. */
#ifndef FW_CSR_H
#define FW_CSR_H

/* mstatus fields (priv spec 3.1.6) */
#define MSTATUS_SIE	(1UL << 1)
#define MSTATUS_MIE	(1UL << 3)
#define MSTATUS_SPIE	(1UL << 5)
#define MSTATUS_UBE	(1UL << 6)
#define MSTATUS_MPIE	(1UL << 7)
#define MSTATUS_SPP	(1UL << 8)
#define MSTATUS_MPP_SHIFT 11
#define MSTATUS_MPP	(3UL << MSTATUS_MPP_SHIFT)
#define MSTATUS_MPRV	(1UL << 17)
#define MSTATUS_SUM	(1UL << 18)
#define MSTATUS_MXR	(1UL << 19)
#define MSTATUS_TVM	(1UL << 20)
#define MSTATUS_TW	(1UL << 21)
#define MSTATUS_TSR	(1UL << 22)
#define MSTATUS_SBE	(1UL << 36)
#define MSTATUS_MBE	(1UL << 37)

#define PRV_U 0UL
#define PRV_S 1UL
#define PRV_M 3UL

/* interrupt bits of mip/mie (priv spec 3.1.9) */
#define IRQ_SSI 1
#define IRQ_MSI 3
#define IRQ_STI 5
#define IRQ_MTI 7
#define IRQ_SEI 9
#define IRQ_MEI 11

/* synchronous exception codes (priv spec table 3.6) */
#define CAUSE_ILLEGAL_INSN	2
#define CAUSE_BREAKPOINT	3
#define CAUSE_LOAD_ACCESS	5
#define CAUSE_STORE_ACCESS	7
#define CAUSE_ECALL_U		8
#define CAUSE_ECALL_S		9
#define CAUSE_ECALL_M		11

/* pmpcfg byte fields (priv spec 3.7.1) */
#define PMP_R	0x01UL
#define PMP_W	0x02UL
#define PMP_X	0x04UL
#define PMP_A_OFF	0x00UL
#define PMP_A_TOR	0x08UL
#define PMP_A_NA4	0x10UL
#define PMP_A_NAPOT	0x18UL
#define PMP_L	0x80UL

#ifndef __ASSEMBLER__

#define CSR_STR_(x) #x
#define CSR_STR(x) CSR_STR_(x)

/* The CSR number is encoded in the instruction, so the name must be a
 * compile-time token: these are macros, not functions. */
#define csr_read(csr) __extension__({                                   \
	unsigned long v_;                                               \
	__asm__ volatile("csrr %0, " CSR_STR(csr) : "=r"(v_) : : "memory"); \
	v_; })

#define csr_write(csr, val) do {                                        \
	unsigned long w_ = (unsigned long)(val);                        \
	__asm__ volatile("csrw " CSR_STR(csr) ", %0" : : "r"(w_) : "memory"); \
} while (0)

#define csr_swap(csr, val) __extension__({                              \
	unsigned long v_, w_ = (unsigned long)(val);                    \
	__asm__ volatile("csrrw %0, " CSR_STR(csr) ", %1"               \
			 : "=r"(v_) : "r"(w_) : "memory");              \
	v_; })

#define csr_set(csr, val) do {                                          \
	unsigned long w_ = (unsigned long)(val);                        \
	__asm__ volatile("csrs " CSR_STR(csr) ", %0" : : "r"(w_) : "memory"); \
} while (0)

#define csr_clear(csr, val) do {                                        \
	unsigned long w_ = (unsigned long)(val);                        \
	__asm__ volatile("csrc " CSR_STR(csr) ", %0" : : "r"(w_) : "memory"); \
} while (0)

static inline unsigned long mstatus_mpp(unsigned long mstatus)
{
	return (mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT;
}

#endif /* __ASSEMBLER__ */
#endif /* FW_CSR_H */
