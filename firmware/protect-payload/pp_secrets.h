/* What the protect-payload firmware and payload agree on (the sandbox test,
 * docs/sandbox.md): the payload's secret register and CSR values, the SBI
 * call it makes, and the CSRs whose reads the firmware emulates. */
#ifndef PP_SECRETS_H
#define PP_SECRETS_H

#define PP_SECRET(r)		(0x5ec00000UL + (r))	/* value of GPR x<r> */
#define PP_SECRET_F5		0x5ec0f005UL
#define PP_SECRET_SSCRATCH	0x5ec05c00UL
#define PP_SECRET_SEPC		0x5ec0e9c0UL
#define PP_SCOUNTEREN		0x7UL	/* CY, TM, IR for U-mode */

/* SBI Base probe_extension(IPI): one argument (SBI v2.0 Base) */
#define PP_SBI_BASE		0x10UL
#define PP_SBI_PROBE		3UL
#define PP_SBI_IPI		0x735049UL
#define PP_SBI_RESULT		0xabcdUL

/* SBI DBCN console_write(num_bytes, base_lo, base_hi) */
#define PP_SBI_DBCN		0x4442434eUL
#define PP_SBI_DBCN_WRITE	0UL

/* An SBI call no table knows (a vendor EID): no argument may reach the firmware */
#define PP_SBI_VENDOR		0x09000000UL
#define PP_SBI_VENDOR_FID	5UL
#define PP_SBI_ERR_NOT_SUPPORTED (-2L)
/* The vendor call the firmware serves by raising its own software
 * interrupt, taken at its mret back into the payload (same exit) */
#define PP_SBI_VENDOR_IRQ_FID	6UL

/* stimecmp (Sstc): the payload's own deadline, far in the future, and what
 * the firmware programs for a TIME set_timer(t): t + 1 */
#define PP_SECRET_STIMECMP	0x5ec0000000000000UL
#define PP_SBI_TIME		0x54494d45UL
#define PP_TIMER_VALUE		0x5ec0000000001000UL

#define PP_CSR_CYCLE		0xc00	/* traps: mcounteren.CY = 0 */
#define PP_CYCLE_VALUE		0x7135UL
#define PP_MCOUNTEREN		0x2UL	/* TM only: stimecmp needs it (Sstc) */
#define PP_CSR_CUSTOM		0x5c0	/* custom S-mode read/write CSR: absent, traps */

#endif /* PP_SECRETS_H */
