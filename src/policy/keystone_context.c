/*
 * keystone: the per-context state a host or an enclave owns on its hart,
 * saved and installed at each switch (src/policy/keystone.c): S-level CSRs
 * and the sstatus fields, f0-f31 and fcsr. GPRs and pc live in struct vctx.
 */
#include <miralis/arch.h>
#include <miralis/policy/keystone.h>
#include <miralis/riscv/encoding.h>
#include <miralis/virt.h>

void ks_save_sstate(const struct vctx *c, struct ks_sstate *s)
{
	s->sstatus = csr_read(CSR_MSTATUS) & KS_SSTATUS_FIELDS;
	s->stvec = csr_read(CSR_STVEC);
	s->sscratch = csr_read(CSR_SSCRATCH);
	s->sepc = csr_read(CSR_SEPC);
	s->scause = csr_read(CSR_SCAUSE);
	s->stval = csr_read(CSR_STVAL);
	s->satp = csr_read(CSR_SATP);
	s->scounteren = csr_read(CSR_SCOUNTEREN);
	if (c->hw->csr[HW_senvcfg].present)
		s->senvcfg = csr_read(CSR_SENVCFG);
}

/*
 * The vCSR copy of the S fields is what world_prepare_run installs at the
 * next payload entry, so both change together.
 */
void ks_load_sstate(struct vctx *c, const struct ks_sstate *s)
{
	uint64_t ms = csr_read(CSR_MSTATUS);

	csr_write(CSR_MSTATUS, (ms & ~KS_SSTATUS_FIELDS) | s->sstatus);
	c->csr.mstatus = (c->csr.mstatus & ~KS_SSTATUS_FIELDS) | s->sstatus;
	csr_write(CSR_STVEC, s->stvec);
	csr_write(CSR_SSCRATCH, s->sscratch);
	csr_write(CSR_SEPC, s->sepc);
	csr_write(CSR_SCAUSE, s->scause);
	csr_write(CSR_STVAL, s->stval);
	csr_write(CSR_SATP, s->satp);
	csr_write(CSR_SCOUNTEREN, s->scounteren);
	if (c->hw->csr[HW_senvcfg].present) {
		csr_write(CSR_SENVCFG, s->senvcfg);
		c->csr.senvcfg = s->senvcfg;	/* what install_env writes in the payload world */
	}
	arch_sfence_vma();
}

#define CSR_FCSR 0x003

static bool has_fp(const struct vctx *c)
{
	return c->hw->misa & (MISA_EXT('F') | MISA_EXT('D'));
}

/*
 * Floating-point registers are reachable only with mstatus.FS on: turned
 * on for the copy, then put back, so each side keeps its own FS.
 */
void ks_save_fp(const struct vctx *c, struct ks_fpstate *fp)
{
	uint64_t ms;

	if (!has_fp(c))
		return;
	ms = csr_read(CSR_MSTATUS);
	csr_write(CSR_MSTATUS, ms | MSTATUS_FS);
	for (unsigned r = 0; r < KS_NB_REGS; r++)
		fp->f[r] = arch_fpr_read(r);
	fp->fcsr = csr_read(CSR_FCSR);
	csr_write(CSR_MSTATUS, ms);
}

void ks_load_fp(const struct vctx *c, const struct ks_fpstate *fp)
{
	uint64_t ms;

	if (!has_fp(c))
		return;
	ms = csr_read(CSR_MSTATUS);
	csr_write(CSR_MSTATUS, ms | MSTATUS_FS);
	for (unsigned r = 0; r < KS_NB_REGS; r++)
		arch_fpr_write(r, fp->f[r]);
	csr_write(CSR_FCSR, fp->fcsr);
	csr_write(CSR_MSTATUS, ms);
}

void ks_copy_regs(uint64_t *dst, const uint64_t *src)
{
	for (unsigned r = 0; r < KS_NB_REGS; r++)
		dst[r] = src[r];
}
