/*
 * RISC-V encoding constants: CSR numbers, CSR fields, trap causes.
 * Privileged ISA v1.12 (the version QEMU 7.2 implements). Safe to include
 * from assembly.
 */
#ifndef MIRALIS_RISCV_ENCODING_H
#define MIRALIS_RISCV_ENCODING_H

#ifdef __ASSEMBLER__
#define _UL(x) x
#else
#define _UL(x) x##UL
#endif
#define BIT(n) (_UL(1) << (n))

/* Privilege levels (priv. spec 1.2) */
#define PRV_U 0
#define PRV_S 1
#define PRV_M 3

/* Unprivileged counters */
#define CSR_CYCLE 0xc00
#define CSR_TIME 0xc01
#define CSR_INSTRET 0xc02
#define CSR_HPMCOUNTER3 0xc03
#define CSR_HPMCOUNTER31 0xc1f

/* Supervisor */
#define CSR_SSTATUS 0x100
#define CSR_SIE 0x104
#define CSR_STVEC 0x105
#define CSR_SCOUNTEREN 0x106
#define CSR_SENVCFG 0x10a
#define CSR_SSCRATCH 0x140
#define CSR_SEPC 0x141
#define CSR_SCAUSE 0x142
#define CSR_STVAL 0x143
#define CSR_SIP 0x144
#define CSR_STIMECMP 0x14d
#define CSR_SATP 0x180
#define CSR_SCONTEXT 0x5a8

/* Hypervisor and virtual supervisor */
#define CSR_HSTATUS 0x600
#define CSR_HEDELEG 0x602
#define CSR_HIDELEG 0x603
#define CSR_HIE 0x604
#define CSR_HTIMEDELTA 0x605
#define CSR_HCOUNTEREN 0x606
#define CSR_HGEIE 0x607
#define CSR_HENVCFG 0x60a
#define CSR_HTVAL 0x643
#define CSR_HIP 0x644
#define CSR_HVIP 0x645
#define CSR_HTINST 0x64a
#define CSR_HGATP 0x680
#define CSR_HGEIP 0xe12
#define CSR_VSSTATUS 0x200
#define CSR_VSIE 0x204
#define CSR_VSTVEC 0x205
#define CSR_VSSCRATCH 0x240
#define CSR_VSEPC 0x241
#define CSR_VSCAUSE 0x242
#define CSR_VSTVAL 0x243
#define CSR_VSIP 0x244
#define CSR_VSTIMECMP 0x24d
#define CSR_VSATP 0x280

/* Machine information */
#define CSR_MVENDORID 0xf11
#define CSR_MARCHID 0xf12
#define CSR_MIMPID 0xf13
#define CSR_MHARTID 0xf14
#define CSR_MCONFIGPTR 0xf15

/* Machine trap setup and handling */
#define CSR_MSTATUS 0x300
#define CSR_MISA 0x301
#define CSR_MEDELEG 0x302
#define CSR_MIDELEG 0x303
#define CSR_MIE 0x304
#define CSR_MTVEC 0x305
#define CSR_MCOUNTEREN 0x306
#define CSR_MENVCFG 0x30a
#define CSR_MCOUNTINHIBIT 0x320
#define CSR_MHPMEVENT3 0x323
#define CSR_MHPMEVENT31 0x33f
#define CSR_MSCRATCH 0x340
#define CSR_MEPC 0x341
#define CSR_MCAUSE 0x342
#define CSR_MTVAL 0x343
#define CSR_MIP 0x344
#define CSR_MTINST 0x34a
#define CSR_MTVAL2 0x34b
#define CSR_PMPCFG0 0x3a0
#define CSR_PMPCFG2 0x3a2
#define CSR_PMPCFG14 0x3ae
#define CSR_PMPCFG15 0x3af
#define CSR_PMPADDR0 0x3b0
#define CSR_PMPADDR63 0x3ef
#define CSR_MSECCFG 0x747
#define CSR_SEED 0x015		/* Zkr entropy source (scalar crypto spec 4.1) */
#define CSR_TSELECT 0x7a0
#define CSR_TDATA1 0x7a1
#define CSR_TDATA2 0x7a2
#define CSR_TDATA3 0x7a3
#define CSR_TINFO 0x7a4
#define CSR_MCONTEXT 0x7a8
#define CSR_MCYCLE 0xb00
#define CSR_MINSTRET 0xb02
#define CSR_MHPMCOUNTER3 0xb03
#define CSR_MHPMCOUNTER31 0xb1f

/* mstatus / sstatus fields */
#define MSTATUS_SIE BIT(1)
#define MSTATUS_MIE BIT(3)
#define MSTATUS_SPIE BIT(5)
#define MSTATUS_UBE BIT(6)
#define MSTATUS_MPIE BIT(7)
#define MSTATUS_SPP BIT(8)
#define MSTATUS_VS (_UL(3) << 9)
#define MSTATUS_MPP_SHIFT 11
#define MSTATUS_MPP (_UL(3) << MSTATUS_MPP_SHIFT)
#define MSTATUS_FS (_UL(3) << 13)
#define MSTATUS_XS (_UL(3) << 15)
#define MSTATUS_MPRV BIT(17)
#define MSTATUS_SUM BIT(18)
#define MSTATUS_MXR BIT(19)
#define MSTATUS_TVM BIT(20)
#define MSTATUS_TW BIT(21)
#define MSTATUS_TSR BIT(22)
#define MSTATUS_UXL (_UL(3) << 32)
#define MSTATUS_SXL (_UL(3) << 34)
#define MSTATUS_SBE BIT(36)
#define MSTATUS_MBE BIT(37)
#define MSTATUS_GVA BIT(38)
#define MSTATUS_MPV BIT(39)
#define MSTATUS_SD BIT(63)

/* hstatus fields used by the emulation of mret/sret with virtualization */
#define HSTATUS_GVA BIT(6)
#define HSTATUS_SPV BIT(7)
#define HSTATUS_SPVP BIT(8)

/* Interrupt numbers and mip/mie bits */
#define IRQ_S_SOFT 1
#define IRQ_VS_SOFT 2
#define IRQ_M_SOFT 3
#define IRQ_S_TIMER 5
#define IRQ_VS_TIMER 6
#define IRQ_M_TIMER 7
#define IRQ_S_EXT 9
#define IRQ_VS_EXT 10
#define IRQ_M_EXT 11
#define IRQ_S_GEXT 12
#define IRQ_LCOF 13
#define MIP_SSIP BIT(IRQ_S_SOFT)
#define MIP_VSSIP BIT(IRQ_VS_SOFT)
#define MIP_MSIP BIT(IRQ_M_SOFT)
#define MIP_STIP BIT(IRQ_S_TIMER)
#define MIP_VSTIP BIT(IRQ_VS_TIMER)
#define MIP_MTIP BIT(IRQ_M_TIMER)
#define MIP_SEIP BIT(IRQ_S_EXT)
#define MIP_VSEIP BIT(IRQ_VS_EXT)
#define MIP_MEIP BIT(IRQ_M_EXT)
#define MIP_SGEIP BIT(IRQ_S_GEXT)
#define MIP_LCOFIP BIT(IRQ_LCOF)

/* Exception causes (mcause with bit 63 clear) */
#define CAUSE_MISALIGNED_FETCH 0
#define CAUSE_FETCH_ACCESS 1
#define CAUSE_ILLEGAL_INSTRUCTION 2
#define CAUSE_BREAKPOINT 3
#define CAUSE_MISALIGNED_LOAD 4
#define CAUSE_LOAD_ACCESS 5
#define CAUSE_MISALIGNED_STORE 6
#define CAUSE_STORE_ACCESS 7
#define CAUSE_USER_ECALL 8
#define CAUSE_SUPERVISOR_ECALL 9
#define CAUSE_VIRTUAL_SUPERVISOR_ECALL 10
#define CAUSE_MACHINE_ECALL 11
#define CAUSE_FETCH_PAGE_FAULT 12
#define CAUSE_LOAD_PAGE_FAULT 13
#define CAUSE_STORE_PAGE_FAULT 15
#define CAUSE_FETCH_GUEST_PAGE_FAULT 20
#define CAUSE_LOAD_GUEST_PAGE_FAULT 21
#define CAUSE_VIRTUAL_INSTRUCTION 22
#define CAUSE_STORE_GUEST_PAGE_FAULT 23
#define MCAUSE_INTERRUPT BIT(63)

/* mtvec modes */
#define MTVEC_MODE_MASK _UL(3)
#define MTVEC_DIRECT 0
#define MTVEC_VECTORED 1

/* menvcfg fields (senvcfg has the same ones at the same places up to bit 33) */
#define MENVCFG_FIOM BIT(0)
#define MENVCFG_LPE BIT(2)		/* Zicfilp: landing pads below */
#define MENVCFG_SSE BIT(3)		/* Zicfiss: shadow stacks below */
#define MENVCFG_CBIE (_UL(3) << 4)
#define MENVCFG_CBCFE BIT(6)
#define MENVCFG_CBZE BIT(7)
#define MENVCFG_PMM (_UL(3) << 32)	/* Ssnpm: pointer masking below */
#define MENVCFG_PBMTE BIT(62)
#define MENVCFG_STCE BIT(63)
/* mseccfg: Smepmp v1.0 (MML and MMWP sticky until reset, RLB locks at 0),
 * M-mode's own pointer masking and landing pads */
#define MSECCFG_MML BIT(0)
#define MSECCFG_MMWP BIT(1)
#define MSECCFG_RLB BIT(2)
#define MSECCFG_USEED BIT(8)	/* Zkr: U-mode may access seed */
#define MSECCFG_SSEED BIT(9)	/* Zkr: S-mode may access seed */
#define MSECCFG_MLPE BIT(10)
#define MSECCFG_PMM (_UL(3) << 32)

/* satp */
#define SATP_MODE_SHIFT 60

/* pmpcfg byte fields */
#define PMP_R BIT(0)
#define PMP_W BIT(1)
#define PMP_X BIT(2)
#define PMP_A_SHIFT 3
#define PMP_A (_UL(3) << PMP_A_SHIFT)
#define PMP_A_OFF 0
#define PMP_A_TOR (_UL(1) << PMP_A_SHIFT)
#define PMP_A_NA4 (_UL(2) << PMP_A_SHIFT)
#define PMP_A_NAPOT (_UL(3) << PMP_A_SHIFT)
#define PMP_L BIT(7)

/* misa extension bits */
#define MISA_EXT(c) BIT((c) - 'A')

#endif /* MIRALIS_RISCV_ENCODING_H */
