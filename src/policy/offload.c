/*
 * offload (spec §7.2): the payload's frequent requests to the firmware are
 * answered in the monitor, with no world switch.
 *
 *   SBI TIME set_timer            the payload's deadline on the shared timer
 *                                 (src/device/clint.c), or stimecmp with Sstc
 *   SBI IPI send_ipi              SSIP on the target harts (monitor IPI)
 *   SBI RFENCE remote_fence_i,    fence.i / sfence.vma on the target harts,
 *     remote_sfence_vma(_asid)    the call returns once all have done it
 *   rdtime that trapped           the time, read by the monitor
 *                                 ([vcpu] trap_payload_time, or a hart
 *                                 without the time CSR)
 *   misaligned load/store         emulated byte by byte as the payload
 *   page fault not delegated      redirected to the payload's stvec
 *
 * SBI return values follow the SBI spec v2.0 (§3: a0 = error, a1 = value);
 * everything else, and any trap from V = 1 it cannot do exactly, goes to
 * the firmware as before.
 */
#define LOG_MODULE "offload"

#include <miralis/arch.h>
#include <miralis/decode.h>
#include <miralis/emul.h>
#include <miralis/log.h>
#include <miralis/misaligned.h>
#include <miralis/module.h>
#include <miralis/redirect.h>
#include <miralis/riscv/encoding.h>
#include <miralis/vclint.h>
#include <miralis/virt.h>

#include <config.h>

/* SBI v2.0: extension IDs (§6, §7, §8), function IDs, error codes (§3.2) */
#define SBI_EXT_TIME 0x54494d45UL
#define SBI_EXT_IPI 0x735049UL
#define SBI_EXT_RFENCE 0x52464e43UL
#define SBI_TIME_SET_TIMER 0
#define SBI_IPI_SEND_IPI 0
#define SBI_RFENCE_FENCE_I 0
#define SBI_RFENCE_SFENCE_VMA 1
#define SBI_RFENCE_SFENCE_VMA_ASID 2
#define SBI_SUCCESS 0
#define SBI_ERR_INVALID_PARAM (-3)
#define SBI_HART_MASK_ALL (~0UL)	/* hart_mask_base = -1: every hart (§3.3) */

#define PAGE_SIZE 0x1000UL
/* Above this many pages a range fence flushes everything (cheaper, same effect) */
#define FENCE_MAX_PAGES 64

/* Requests waiting for a hart */
#define REQ_SSIP (1u << 0)
#define REQ_FENCE_I (1u << 1)
#define REQ_VMA (1u << 2)

struct vma_range {
	bool all;		/* the whole address space */
	bool has_asid;
	uint64_t start, size, asid;
};

struct offload_hart {
	uint32_t lock;
	uint32_t req;			/* REQ_* */
	struct vma_range vma;		/* valid with REQ_VMA */
	uint64_t req_seq;		/* requests made of this hart */
	uint64_t done_seq;		/* requests it has carried out */
} __attribute__((aligned(64)));

MODULE_HART_STATE(struct offload_hart, harts);

const struct module_ops module_offload;

static void lock(struct offload_hart *h)
{
	while (__atomic_exchange_n(&h->lock, 1u, __ATOMIC_ACQUIRE))
		;
}

static void unlock(struct offload_hart *h)
{
	__atomic_store_n(&h->lock, 0u, __ATOMIC_RELEASE);
}

static void init(unsigned hart)
{
	if (hart < CONFIG_NB_HARTS)
		harts[hart] = (struct offload_hart){ 0 };
}

/* ---- work on the target hart ---- */

static void sfence_range(const struct vma_range *r)
{
	uint64_t first, end;

	if (r->all || r->size / PAGE_SIZE > FENCE_MAX_PAGES) {
		if (r->has_asid)
			arch_sfence_vma_args(0, r->asid, false, true);
		else
			arch_sfence_vma();
		return;
	}
	first = r->start & ~(PAGE_SIZE - 1);
	end = r->start + r->size;
	for (uint64_t va = first; va < end; va += PAGE_SIZE)
		arch_sfence_vma_args(va, r->asid, true, r->has_asid);
}

/* Carry out what was asked of the running hart (any world). */
static void serve(struct vctx *c)
{
	struct offload_hart *h = MODULE_THIS_HART(harts, c);
	struct vma_range vma;
	uint32_t req;
	uint64_t seq;

	lock(h);
	req = h->req;
	vma = h->vma;
	seq = h->req_seq;
	h->req = 0;
	unlock(h);
	/* mip is physical in both worlds: the payload sees SSIP when it runs */
	if (req & REQ_SSIP)
		csr_set(CSR_MIP, MIP_SSIP);
	if (req & REQ_FENCE_I)
		arch_fence_i();
	if (req & REQ_VMA)
		sfence_range(&vma);
	__atomic_store_n(&h->done_seq, seq, __ATOMIC_RELEASE);
}

/* ---- requests from the calling hart ---- */

/* Merge a fence request into what the target has pending: one range, or all. */
static void merge_vma(struct offload_hart *t, const struct vma_range *r)
{
	if (!(t->req & REQ_VMA)) {
		t->vma = *r;
		return;
	}
	if (t->vma.has_asid != r->has_asid || t->vma.asid != r->asid)
		t->vma.has_asid = false;	/* a flush of every ASID covers both */
	t->vma.all = true;
}

/* Record `what` for target; another hart is woken by a monitor IPI. */
static uint64_t request(struct vctx *c, unsigned target, uint32_t what, const struct vma_range *r)
{
	struct offload_hart *t = &harts[target];
	uint64_t seq;

	lock(t);
	if (what & REQ_VMA)
		merge_vma(t, r);
	t->req |= what;
	seq = ++t->req_seq;
	unlock(t);
	if (target != c->hart_id)
		module_send_ipi(&module_offload, target);
	return seq;
}

/*
 * Wait until target has done request seq. The caller serves its own
 * requests meanwhile: two harts fencing each other would otherwise wait
 * forever, both in the monitor with interrupts off.
 */
static void wait_done(struct vctx *c, unsigned target, uint64_t seq)
{
	struct offload_hart *self = MODULE_THIS_HART(harts, c);

	while (__atomic_load_n(&harts[target].done_seq, __ATOMIC_ACQUIRE) < seq)
		if (__atomic_load_n(&self->req_seq, __ATOMIC_ACQUIRE) !=
		    __atomic_load_n(&self->done_seq, __ATOMIC_ACQUIRE))
			serve(c);
}

/*
 * The harts named by (mask, base) (SBI v2.0 §3.3) as a bitmap of harts the
 * monitor serves; false if one of them does not exist (SBI_ERR_INVALID_PARAM).
 */
static bool hart_set(uint64_t mask, uint64_t base, uint64_t *set)
{
	*set = 0;
	if (base == SBI_HART_MASK_ALL) {
		*set = CONFIG_NB_HARTS >= 64 ? ~0UL : (1UL << CONFIG_NB_HARTS) - 1;
		return true;
	}
	for (unsigned i = 0; i < 64; i++) {
		uint64_t hart = base + i;

		if (!(mask & (1UL << i)))
			continue;
		if (hart < base || hart >= CONFIG_NB_HARTS)
			return false;
		*set |= 1UL << hart;
	}
	return true;
}

/* Ask every hart in set for `what`; wait for them when `wait` (fences). */
static void broadcast(struct vctx *c, uint64_t set, uint32_t what, const struct vma_range *r,
		      bool wait)
{
	uint64_t seq[CONFIG_NB_HARTS] = { 0 };

	for (unsigned h = 0; h < CONFIG_NB_HARTS; h++)
		if ((set >> h) & 1)
			seq[h] = request(c, h, what, r);
	/* the calling hart's own share, right away */
	if ((set >> module_hart(c)) & 1)
		serve(c);
	if (!wait)
		return;
	for (unsigned h = 0; h < CONFIG_NB_HARTS; h++)
		if ((set >> h) & 1)
			wait_done(c, h, seq[h]);
}

/* ---- the SBI calls ---- */

static void set_timer(struct vctx *c, uint64_t stime)
{
	/* With Sstc in use the payload's own comparator does it (as OpenSBI) */
	if (c->hw->has_sstc && (csr_read(CSR_MENVCFG) & MENVCFG_STCE))
		csr_write(CSR_STIMECMP, stime);
	else
		vclint_set_payload_deadline(c, stime);
}

static bool rfence(struct vctx *c, uint64_t fid, uint64_t set)
{
	struct vma_range r = { 0 };

	switch (fid) {
	case SBI_RFENCE_FENCE_I:
		broadcast(c, set, REQ_FENCE_I, &r, true);
		return true;
	case SBI_RFENCE_SFENCE_VMA_ASID:
		r.has_asid = true;
		r.asid = vctx_get_reg(c, 14);
		/* fall through */
	case SBI_RFENCE_SFENCE_VMA:
		r.start = vctx_get_reg(c, 12);
		r.size = vctx_get_reg(c, 13);
		/* SBI v2.0 §8: start = size = 0, or size = -1, is the whole space */
		r.all = (r.start == 0 && r.size == 0) || r.size == ~0UL;
		broadcast(c, set, REQ_VMA, &r, true);
		return true;
	default:
		return false;	/* hfence variants: the firmware's */
	}
}

static bool ecall_from_payload(struct vctx *c)
{
	uint64_t eid = vctx_get_reg(c, 17), fid = vctx_get_reg(c, 16), set;

	/* a VS guest's SBI calls go to its hypervisor, never here */
	if (c->virt)
		return false;
	if (eid == SBI_EXT_TIME && fid == SBI_TIME_SET_TIMER) {
		set_timer(c, vctx_get_reg(c, 10));
		module_sbi_return(c, SBI_SUCCESS, 0);
		return true;
	}
	if (!((eid == SBI_EXT_IPI && fid == SBI_IPI_SEND_IPI) ||
	      (eid == SBI_EXT_RFENCE && fid <= SBI_RFENCE_SFENCE_VMA_ASID)))
		return false;
	if (!hart_set(vctx_get_reg(c, 10), vctx_get_reg(c, 11), &set)) {
		module_sbi_return(c, SBI_ERR_INVALID_PARAM, 0);
		return true;
	}
	if (eid == SBI_EXT_IPI)
		broadcast(c, set, REQ_SSIP, 0, false);
	else if (!rfence(c, fid, set))
		return false;
	module_sbi_return(c, SBI_SUCCESS, 0);
	return true;
}

/* ---- traps ---- */

/* The instruction at the payload's pc (as it fetches it), or false. */
static bool fetch(struct vctx *c, struct insn *in, uint32_t hint)
{
	uint32_t raw = hint ? hint : vmem_fetch(c);

	return raw != 0 && decode(raw, in);
}

/* csrr rd, time: csrrs/csrrc with x0, or csrrsi/csrrci with 0 (Zicsr) */
static bool is_time_read(const struct insn *in)
{
	if (in->csr != CSR_TIME)
		return false;
	if (in->kind == INSN_CSRRS || in->kind == INSN_CSRRC)
		return in->rs1 == 0;
	if (in->kind == INSN_CSRRSI || in->kind == INSN_CSRRCI)
		return in->uimm == 0;
	return false;
}

static bool read_time(struct vctx *c)
{
	struct insn in;

	if (c->virt || !fetch(c, &in, (uint32_t)c->trap.mtval) || !is_time_read(&in))
		return false;
	vctx_set_reg(c, in.rd, vclint_mtime());
	c->pc += in.len;
	return true;
}

static bool misaligned(struct vctx *c)
{
	struct insn in;
	uint64_t addr, val, tval = 0;
	int cause;

	/* only what the byte path does exactly: integer accesses, no V = 1 */
	if (c->virt || !fetch(c, &in, 0) || (in.kind != INSN_LOAD && in.kind != INSN_STORE))
		return false;
	addr = vctx_get_reg(c, in.rs1) + (uint64_t)in.imm;
	if (in.kind == INSN_LOAD) {
		cause = misaligned_load_tval(&in, addr, c->mode, &val, &tval);
		if (cause == 0)
			vctx_set_reg(c, in.rd, val);
	} else {
		cause = misaligned_store_tval(&in, addr, c->mode, vctx_get_reg(c, in.rs2), &tval);
	}
	if (cause != 0)
		vtrap_redirect_to_payload(c, (uint64_t)cause, tval);	/* as OpenSBI does */
	else
		c->pc += in.len;
	return true;
}

static bool trap_from_payload(struct vctx *c)
{
	switch (c->trap.mcause) {
	case CAUSE_MISALIGNED_LOAD:
	case CAUSE_MISALIGNED_STORE:
		return misaligned(c);
	case CAUSE_FETCH_PAGE_FAULT:
	case CAUSE_LOAD_PAGE_FAULT:
	case CAUSE_STORE_PAGE_FAULT:
		/* the firmware did not delegate it: the payload's own, as OpenSBI redirects it */
		vtrap_redirect_to_payload(c, c->trap.mcause, c->trap.mtval);
		return true;
	case CAUSE_ILLEGAL_INSTRUCTION:
		return read_time(c);
	default:
		return false;
	}
}

/*
 * The trap entry answers three of these exits itself (src/arch/metal/trap.S,
 * issue 9): set_timer when it is a stimecmp write (set_timer above, Sstc
 * with menvcfg.STCE, checked there), the read_time above, from the same
 * mtime vclint_mtime reads, and, when the monitor serves one hart,
 * remote_fence_i naming that hart (mask 1 at base 0, or base -1): then
 * nothing else can be pending for it, and broadcast comes down to serve's
 * fence.i (the request counters stay equal, all they are compared for).
 */
static void fast_exits(struct vctx *c)
{
	c->fast_payload = (c->hw->has_sstc ? VCTX_FAST_SET_TIMER : 0) | VCTX_FAST_RDTIME |
			  (CONFIG_NB_HARTS == 1 ? VCTX_FAST_FENCE_I : 0);
	c->mtime_addr = vclint_mtime_addr();
}

const struct module_ops module_offload = {
	.name = "Offload Policy",
	.init = init,
	.trap_from_payload = trap_from_payload,
	.ecall_from_payload = ecall_from_payload,
	.on_interrupt = serve,
	.fast_exits = fast_exits,
};
