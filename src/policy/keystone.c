/*
 * keystone: enclaves with the upstream Keystone SM interface (docs/keystone.md).
 *
 * The host is the payload in S-mode; an enclave runs in S-mode too, in the
 * payload world, with the host's context parked here. While an enclave runs
 * on a hart, every trap that reaches the monitor from the payload world is
 * the enclave's and comes to this module first:
 *
 *   ecall a7 = KS_EID           enclave functions (3001-3006)
 *   legacy set_timer/putchar    forwarded to the firmware, which sees the
 *                               host's S state and only the call's arguments
 *   S-level interrupt           (mideleg = 0 while it runs) stop, INTERRUPTED
 *   M-level interrupt           for the firmware: stop, INTERRUPTED, then
 *                               delivered as if it hit the host after its
 *                               ecall; a monitor IPI alone: keeps running
 *   any other trap              the enclave is killed, host gets UNKNOWN_ERROR
 *
 * PMP (this module's KS_PMP_ENTRIES entries, ahead of the firmware's; an
 * EPM takes one NAPOT entry or, when not NAPOT-shaped, a TOR pair):
 *   host and firmware   every live EPM, no access, packed in enclave order
 *   enclave running     EPM RWX, UTM RWX, everything else no access
 */
#define LOG_MODULE "keystone"

#include <miralis/arch.h>
#include <miralis/crypto/bytes.h>
#include <miralis/log.h>
#include <miralis/module.h>
#include <miralis/policy/keystone.h>
#include <miralis/riscv/encoding.h>
#include <miralis/virt.h>

#include <config.h>

#define REG_A0 10
#define REG_A1 11
#define REG_A2 12
#define REG_A6 16
#define REG_A7 17

#define SBI_LEGACY_SET_TIMER 0
#define SBI_LEGACY_CONSOLE_PUTCHAR 1
#define SBI_ERR_NOT_SUPPORTED ((uint64_t)-2)

#define KS_S_IRQS (MIP_SSIP | MIP_STIP | MIP_SEIP)

enum ks_state {
	KS_INVALID,	/* free slot */
	KS_CREATING,	/* EPM reserved and being locked on every hart, then measured */
	KS_FRESH,	/* created and measured, never run */
	KS_RUNNING,
	KS_STOPPED,	/* stopped (interrupt or edge call): resumable */
	KS_EXITED,	/* exited or killed: only destroyable */
};

struct enclave {
	unsigned state;	/* enum ks_state; read by other harts' pmp_prepare (atomics) */
	struct ks_create_args args;
	uint8_t hash[SHA3_512_DIGEST_SIZE];
	struct ks_context ctx;
};

struct ks_hart {
	int eid;		/* enclave running on this hart, or -1 */
	bool forwarding;	/* the firmware serves a legacy call for that enclave */
	struct ks_context host;	/* pc = the host's RUN/RESUME ecall */
	uint64_t host_mie;
};

static struct enclave enclaves[KS_MAX_ENCLAVES];
MODULE_HART_STATE(struct ks_hart, ks_harts);
static bool table_lock;
/* bumped (under the lock) when an EPM appears or goes; each hart's PMP shows seen_gen */
static uint64_t table_gen;
static uint64_t seen_gen[CONFIG_NB_HARTS];
/* per hart, off the stack (whose frames stay below the guard's 1 KiB) */
static uint8_t report_buf[CONFIG_NB_HARTS][KS_REPORT_SIZE];
static uint8_t report_data[CONFIG_NB_HARTS][KS_REPORT_DATA_MAX];

static void ks_lock(void)
{
	while (__atomic_test_and_set(&table_lock, __ATOMIC_ACQUIRE))
		;
}

static void ks_unlock(void)
{
	__atomic_clear(&table_lock, __ATOMIC_RELEASE);
}

/* ---- PMP (pmp_prepare: the core asks before each commit) ---- */

const struct module_ops module_keystone;

#define PMPADDR_ALL 0x003fffffffffffffUL	/* NAPOT over the whole address space */

static uint64_t napot(uint64_t base, uint64_t size)
{
	return (base >> 2) | ((size - 1) >> 3);
}

/*
 * From entry k: EPM `a` with `perms`, as one NAPOT entry or a TOR pair
 * whose first entry (A = OFF, matching nothing) holds the bottom. Returns
 * the next free entry.
 */
static unsigned set_epm(struct vctx *c, unsigned k, const struct ks_create_args *a,
			uint8_t perms)
{
	if (ks_epm_pmp_entries(a->epm_base, a->epm_size) == 1) {
		module_pmp_set(c, &module_keystone, k, PMP_A_NAPOT | perms,
			       napot(a->epm_base, a->epm_size));
		return k + 1;
	}
	module_pmp_set(c, &module_keystone, k, 0, a->epm_base >> 2);
	module_pmp_set(c, &module_keystone, k + 1, PMP_A_TOR | perms,
		       (a->epm_base + a->epm_size) >> 2);
	return k + 2;
}

/* Entries the EPMs of every live enclave take (table lock held). */
static unsigned live_epm_entries(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < KS_MAX_ENCLAVES; i++)
		if (enclaves[i].state != KS_INVALID)
			n += ks_epm_pmp_entries(enclaves[i].args.epm_base,
						enclaves[i].args.epm_size);
	return n;
}

static void ks_pmp_prepare(struct vctx *c, enum world w)
{
	const struct ks_hart *h = MODULE_THIS_HART(ks_harts, c);
	const uint8_t rwx = PMP_R | PMP_W | PMP_X;
	unsigned k = 0;
	uint64_t gen;

	/*
	 * Under the table lock: the packed entries of one consistent table
	 * (CREATE admits an EPM only while they all fit) and its generation.
	 */
	ks_lock();
	gen = table_gen;
	if (w == WORLD_PAYLOAD && h->eid >= 0 && !h->forwarding) {
		const struct enclave *e = &enclaves[h->eid];

		k = set_epm(c, k, &e->args, rwx);
		module_pmp_set(c, &module_keystone, k++, PMP_A_NAPOT | rwx,
			       napot(e->args.utm_base, e->args.utm_size));
		/* deny-all also keeps this enclave out of any new EPM */
		module_pmp_set(c, &module_keystone, k++, PMP_A_NAPOT, PMPADDR_ALL);
	} else {
		/* host, firmware, or the firmware serving an enclave: every EPM locked */
		for (unsigned i = 0; i < KS_MAX_ENCLAVES; i++)
			if (enclaves[i].state != KS_INVALID)
				k = set_epm(c, k, &enclaves[i].args, 0);
	}
	ks_unlock();
	for (; k < KS_PMP_ENTRIES; k++)
		module_pmp_set(c, &module_keystone, k, 0, 0);
	/* committed before this hart's guest runs again */
	__atomic_store_n(&seen_gen[module_hart(c)], gen, __ATOMIC_RELEASE);
}

/*
 * An EPM appeared or went (table lock held): every hart recomputes its
 * entries, the others at their next MSI. Returns the generation to wait for.
 */
static uint64_t ks_table_changed(struct vctx *c)
{
	uint64_t gen = __atomic_add_fetch(&table_gen, 1, __ATOMIC_RELEASE);

	c->pmp_dirty = true;
	for (unsigned hart = 0; hart < CONFIG_NB_HARTS; hart++)
		if (hart != c->hart_id)
			module_send_ipi(&module_keystone, hart);
	return gen;
}

#define KS_LOCK_WAIT_SPINS 50000000UL	/* seconds on QEMU: a hart that never answers */

/*
 * Wait (table lock not held) until every other hart's PMP shows generation
 * gen. A hart inside the monitor counts once the IPI is pending: the MSI
 * traps before its guest's next instruction (MSIE is always on), and the
 * new PMP is committed before that guest runs. This hart marks itself so,
 * so two harts creating at once do not wait for each other.
 */
static bool ks_wait_locked_everywhere(struct vctx *c, uint64_t gen)
{
	unsigned me = module_hart(c);

	for (unsigned long spins = 0; spins < KS_LOCK_WAIT_SPINS; spins++) {
		bool all = true;

		if (__atomic_load_n(&seen_gen[me], __ATOMIC_ACQUIRE) < gen)
			__atomic_store_n(&seen_gen[me], gen, __ATOMIC_RELEASE);
		for (unsigned h = 0; h < CONFIG_NB_HARTS; h++)
			all = all && __atomic_load_n(&seen_gen[h], __ATOMIC_ACQUIRE) >= gen;
		if (all)
			return true;
	}
	return false;
}

static void ks_on_interrupt(struct vctx *c)
{
	c->pmp_dirty = true;
}

/* ---- context switches ---- */

/*
 * While an enclave runs nothing is delegated (mideleg = 0), so every
 * interrupt stops it: the firmware's M-level ones, and the host's S-level
 * ones when the host would take them now (else they wait for the next stop).
 */
static uint64_t enclave_mie(const struct ks_hart *h)
{
	uint64_t mie = h->host_mie & ~KS_S_IRQS;

	if (h->host.s.sstatus & MSTATUS_SIE)
		mie |= h->host_mie & KS_S_IRQS;
	return mie;
}

static void enter_enclave(struct vctx *c, struct ks_hart *h, int eid)
{
	struct enclave *e = &enclaves[eid];

	ks_copy_regs(h->host.regs, c->regs);
	h->host.pc = c->pc;
	ks_save_sstate(c, &h->host.s);
	ks_save_fp(c, &h->host.fp);
	h->host_mie = csr_read(CSR_MIE);
	if (e->state == KS_FRESH)
		e->ctx.s.scounteren = h->host.s.scounteren;
	__atomic_store_n(&e->state, KS_RUNNING, __ATOMIC_RELEASE);
	h->eid = eid;
	ks_copy_regs(c->regs, e->ctx.regs);
	c->pc = e->ctx.pc;
	c->mode = e->ctx.mode;
	ks_load_fp(c, &e->ctx.fp);
	ks_load_sstate(c, &e->ctx.s);
	csr_write(CSR_MIDELEG, 0);
	csr_write(CSR_MIE, enclave_mie(h));
	c->pmp_dirty = true;
}

/*
 * Park the running enclave in `state` (its pc and GPRs as they are in c)
 * and resume the host after its RUN/RESUME ecall with a0 = err and, when
 * set_a1, a1 = value.
 */
static void leave_enclave(struct vctx *c, struct ks_hart *h, enum ks_state state, uint64_t err,
			  bool set_a1, uint64_t value)
{
	struct enclave *e = &enclaves[h->eid];

	ks_copy_regs(e->ctx.regs, c->regs);
	e->ctx.pc = c->pc;
	e->ctx.mode = c->mode;
	ks_save_sstate(c, &e->ctx.s);
	ks_save_fp(c, &e->ctx.fp);
	__atomic_store_n(&e->state, state, __ATOMIC_RELEASE);
	h->eid = -1;
	ks_copy_regs(c->regs, h->host.regs);
	c->pc = h->host.pc + 4;
	c->mode = PRV_S;	/* the host called from S-mode */
	c->virt = false;
	ks_load_fp(c, &h->host.fp);
	ks_load_sstate(c, &h->host.s);
	csr_write(CSR_MIDELEG, c->csr.mideleg);
	csr_write(CSR_MIE, h->host_mie);
	vctx_set_reg(c, REG_A0, err);
	if (set_a1)
		vctx_set_reg(c, REG_A1, value);
	c->pmp_dirty = true;
}

/* Interrupted: the enclave resumes at the very instruction it was stopped at. */
static void stop_interrupted(struct vctx *c, struct ks_hart *h)
{
	ks_lock();
	leave_enclave(c, h, KS_STOPPED, KS_ERR_INTERRUPTED, false, 0);
	ks_unlock();
}

/* ---- host functions ---- */

static int read_create_args(uint64_t va, struct ks_create_args *a)
{
	uint64_t w[KS_CREATE_WORDS];

	/* through the host's satp and PMP, as an S-mode load would (faults caught) */
	for (unsigned i = 0; i < KS_CREATE_WORDS; i++)
		if (arch_mprv_load(va + 8 * i, 8, PRV_S, &w[i]) != 0)
			return KS_ERR_REGION_OVERLAPS;	/* upstream's code for it */
	*a = (struct ks_create_args){ w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7] };
	return KS_SUCCESS;
}

/* Both ends of a region answer a load: it is memory, not a hole. */
static bool is_memory(uint64_t base, uint64_t size)
{
	uint64_t v;

	return arch_mmio_try_read(base, 8, &v) == 0 &&
	       arch_mmio_try_read(base + size - 8, 8, &v) == 0;
}

static void zero_phys(uint64_t base, uint64_t size)
{
	crypto_wipe((void *)base, size);
}

/* UTM zeroed (upstream does), EPM measured, first-RUN context (interface 1.2). */
static void ks_init_enclave(struct enclave *e)
{
	const struct ks_create_args *a = &e->args;

	zero_phys(a->utm_base, a->utm_size);
	ks_measure_enclave(a, e->hash);
	for (unsigned r = 0; r < KS_NB_REGS; r++)
		e->ctx.regs[r] = 0;
	e->ctx.s = (struct ks_sstate){ 0 };
	e->ctx.fp = (struct ks_fpstate){ { 0 }, 0 };
	e->ctx.pc = a->epm_base;
	e->ctx.mode = PRV_S;
	e->ctx.regs[REG_A1] = a->epm_base;
	e->ctx.regs[REG_A1 + 1] = a->epm_size;
	e->ctx.regs[REG_A1 + 2] = a->runtime;
	e->ctx.regs[REG_A1 + 3] = a->user;
	e->ctx.regs[REG_A1 + 4] = a->free;
	e->ctx.regs[REG_A1 + 5] = a->utm_base;
	e->ctx.regs[REG_A1 + 6] = a->utm_size;
}

/*
 * Enclave memory is taken above the payload's start; the monitor and the
 * firmware must sit below it (they do in every config here).
 */
static bool layout_supported(void)
{
	return CONFIG_MONITOR_START < CONFIG_PAYLOAD_START &&
	       CONFIG_FIRMWARE_START < CONFIG_PAYLOAD_START;
}

static int ks_create(struct vctx *c, uint64_t va, uint64_t *eid_out)
{
	static const struct ks_reserved reserved[] = {
		{ CONFIG_MONITOR_START, CONFIG_PAYLOAD_START - CONFIG_MONITOR_START },
	};
	const struct ks_memory mem = { CONFIG_PAYLOAD_START, UINT64_MAX, reserved, 1 };
	struct ks_reserved live[2 * KS_MAX_ENCLAVES];
	struct ks_create_args a;
	size_t nb_live = 0;
	uint64_t gen = 0;
	int err, eid = -1;

	if (!layout_supported())
		return KS_ERR_PMP_FAILURE;
	err = read_create_args(va, &a);
	if (err)
		return err;
	ks_lock();
	for (int i = 0; i < KS_MAX_ENCLAVES; i++) {
		if (enclaves[i].state == KS_INVALID) {
			if (eid < 0)
				eid = i;
			continue;
		}
		live[nb_live++] = (struct ks_reserved){ enclaves[i].args.epm_base,
							enclaves[i].args.epm_size };
		live[nb_live++] = (struct ks_reserved){ enclaves[i].args.utm_base,
							enclaves[i].args.utm_size };
	}
	err = ks_check_create(&a, &mem, live, nb_live);
	if (!err && (!is_memory(a.epm_base, a.epm_size) || !is_memory(a.utm_base, a.utm_size)))
		err = KS_ERR_PMP_FAILURE;
	if (!err && eid < 0)
		err = KS_ERR_NO_FREE_RESOURCE;
	/* upstream's PMP allocator fails the same way when it runs out of entries */
	if (!err && live_epm_entries() + ks_epm_pmp_entries(a.epm_base, a.epm_size) >
			    KS_PMP_ENTRIES)
		err = KS_ERR_PMP_FAILURE;
	if (!err) {
		enclaves[eid].args = a;
		__atomic_store_n(&enclaves[eid].state, KS_CREATING, __ATOMIC_RELEASE);
		gen = ks_table_changed(c);
	}
	ks_unlock();
	if (err)
		return err;
	/*
	 * Measured only once no hart's host can write the EPM any more
	 * (upstream waits for its PMP IPIs too).
	 */
	if (!ks_wait_locked_everywhere(c, gen)) {
		log_warn("enclave %d: a hart did not lock its memory in time; create refused", eid);
		ks_lock();
		__atomic_store_n(&enclaves[eid].state, KS_INVALID, __ATOMIC_RELEASE);
		ks_table_changed(c);
		ks_unlock();
		return KS_ERR_PMP_FAILURE;
	}
	ks_init_enclave(&enclaves[eid]);
	ks_lock();
	__atomic_store_n(&enclaves[eid].state, KS_FRESH, __ATOMIC_RELEASE);
	ks_unlock();
	*eid_out = (uint64_t)eid;
	log_debug("created enclave %d: EPM [0x%lx, +0x%lx) UTM [0x%lx, +0x%lx)", eid, a.epm_base,
		  a.epm_size, a.utm_base, a.utm_size);
	return KS_SUCCESS;
}

static int ks_destroy(struct vctx *c, uint64_t eid)
{
	struct enclave *e;
	int err = KS_SUCCESS;

	if (eid >= KS_MAX_ENCLAVES)
		return KS_ERR_NOT_DESTROYABLE;
	e = &enclaves[eid];
	ks_lock();
	if (e->state == KS_INVALID || e->state == KS_CREATING || e->state == KS_RUNNING) {
		err = KS_ERR_NOT_DESTROYABLE;
	} else {
		/* scrubbed while still locked away from everyone else */
		zero_phys(e->args.epm_base, e->args.epm_size);
		crypto_wipe(&e->ctx, sizeof(e->ctx));
		__atomic_store_n(&e->state, KS_INVALID, __ATOMIC_RELEASE);
		ks_table_changed(c);	/* unlocking late elsewhere is harmless */
	}
	ks_unlock();
	return err;
}

/* RUN (FRESH) and RESUME (STOPPED); on success the enclave is current. */
static int ks_run(struct vctx *c, struct ks_hart *h, uint64_t eid, bool resume)
{
	enum ks_state need = resume ? KS_STOPPED : KS_FRESH;
	int err = resume ? KS_ERR_NOT_RESUMABLE : KS_ERR_NOT_FRESH;

	if (eid >= KS_MAX_ENCLAVES)
		return err;
	ks_lock();
	if (enclaves[eid].state == need) {
		enter_enclave(c, h, (int)eid);
		err = KS_SUCCESS;
	}
	ks_unlock();
	return err;
}

static void host_call(struct vctx *c, struct ks_hart *h)
{
	uint64_t fid = vctx_get_reg(c, REG_A6), a0 = vctx_get_reg(c, REG_A0), value = 0;
	int err;

	if (c->mode != PRV_S || c->virt) {
		err = KS_ERR_SBI_PROHIBITED;
	} else if (fid <= KS_FID_DEPRECATED_MAX) {
		err = KS_ERR_DEPRECATED;
	} else if (fid >= 3000 && fid < 4000) {
		err = KS_ERR_SBI_PROHIBITED;	/* enclave-only */
	} else if (fid == KS_FID_CREATE) {
		err = ks_create(c, a0, &value);
		if (!err)
			vctx_set_reg(c, REG_A1, value);
	} else if (fid == KS_FID_DESTROY) {
		err = ks_destroy(c, a0);
	} else if (fid == KS_FID_RUN || fid == KS_FID_RESUME) {
		err = ks_run(c, h, a0, fid == KS_FID_RESUME);
		if (!err)
			return;	/* the enclave is current; its first/next instruction runs */
	} else {
		err = KS_ERR_NOT_IMPLEMENTED;
	}
	vctx_set_reg(c, REG_A0, (uint64_t)err);
	c->pc += 4;
}

/* ---- enclave functions ---- */

static int ks_attest(struct vctx *c, const struct enclave *e)
{
	uint64_t report_va = vctx_get_reg(c, REG_A0), data_va = vctx_get_reg(c, REG_A1);
	uint64_t len = vctx_get_reg(c, REG_A2), v;
	uint8_t *report = report_buf[module_hart(c)], *data = report_data[module_hart(c)];

	if (len > KS_REPORT_DATA_MAX)
		return KS_ERR_ILLEGAL_ARGUMENT;
	/* through the enclave's satp and PMP: only what it could read itself */
	for (uint64_t i = 0; i < len; i++) {
		if (arch_mprv_load(data_va + i, 1, PRV_S, &v) != 0)
			return KS_ERR_NOT_ACCESSIBLE;
		data[i] = (uint8_t)v;
	}
	ks_build_report(report, e->hash, data, len);
	for (unsigned i = 0; i < KS_REPORT_SIZE; i++)
		if (arch_mprv_store(report_va + i, 1, PRV_S, report[i]) != 0)
			return KS_ERR_ILLEGAL_ARGUMENT;
	return KS_SUCCESS;
}

/*
 * Both pointers are physical (Eyrie translates them first) and, unlike
 * upstream, must lie inside the caller's EPM.
 */
static int ks_get_sealing_key(struct vctx *c, const struct enclave *e)
{
	uint64_t out = vctx_get_reg(c, REG_A0), ident = vctx_get_reg(c, REG_A1);
	uint64_t len = vctx_get_reg(c, REG_A2);
	uint64_t base = e->args.epm_base, size = e->args.epm_size;
	uint8_t key[KS_SEALING_STRUCT_SIZE];
	int err = KS_SUCCESS;

	if (!ks_range_inside(out, sizeof(key), base, size) ||
	    !ks_range_inside(ident, len, base, size))
		return KS_ERR_ILLEGAL_ARGUMENT;
	if (!ks_sealing_key(key, e->hash, (const uint8_t *)ident, len))
		err = KS_ERR_UNKNOWN;
	else
		for (unsigned i = 0; i < sizeof(key); i++)
			((volatile uint8_t *)out)[i] = key[i];
	crypto_wipe(key, sizeof(key));
	return err;
}

static void enclave_call(struct vctx *c, struct ks_hart *h)
{
	struct enclave *e = &enclaves[h->eid];
	uint64_t fid = vctx_get_reg(c, REG_A6), a0 = vctx_get_reg(c, REG_A0);
	uint64_t err = KS_SUCCESS;

	if (fid == KS_FID_STOP || fid == KS_FID_EXIT) {
		bool exit = fid == KS_FID_EXIT;

		/* on resume its ecall returns 0 */
		vctx_set_reg(c, REG_A0, 0);
		c->pc += 4;
		if (exit)
			err = KS_SUCCESS;
		else if (a0 == KS_STOP_TIMER_INTERRUPT)
			err = KS_ERR_INTERRUPTED;
		else if (a0 == KS_STOP_EDGE_CALL_HOST)
			err = KS_ERR_EDGE_CALL_HOST;
		else
			err = KS_ERR_UNKNOWN;
		ks_lock();
		leave_enclave(c, h, exit ? KS_EXITED : KS_STOPPED, err, exit, a0);
		ks_unlock();
		return;
	}
	if (fid <= KS_FID_DEPRECATED_MAX)
		err = KS_ERR_DEPRECATED;
	else if (fid >= 2000 && fid < 3000)
		err = KS_ERR_SBI_PROHIBITED;	/* host-only */
	else if (fid == KS_FID_RANDOM) {
		/* the ratchet is one state for every hart: one answer at a time */
		ks_lock();
		vctx_set_reg(c, REG_A1, ks_random());
		ks_unlock();
	}
	else if (fid == KS_FID_ATTEST)
		err = (uint64_t)ks_attest(c, e);
	else if (fid == KS_FID_SEALING_KEY)
		err = (uint64_t)ks_get_sealing_key(c, e);
	else
		err = KS_ERR_NOT_IMPLEMENTED;	/* includes CALL_PLUGIN: no plugins */
	vctx_set_reg(c, REG_A0, err);
	c->pc += 4;
}

/*
 * Eyrie's legacy set_timer and console_putchar go to the firmware. It sees
 * the host's S state (swapped in by ks_to_firmware), the call's a0, a6 and
 * a7 and zero elsewhere, and the host's RUN/RESUME ecall as the trapping pc.
 */
static void forward_legacy(struct vctx *c, struct ks_hart *h)
{
	struct enclave *e = &enclaves[h->eid];
	uint64_t arg = vctx_get_reg(c, REG_A0), eid = vctx_get_reg(c, REG_A7);

	ks_copy_regs(e->ctx.regs, c->regs);
	e->ctx.pc = c->pc;
	for (unsigned r = 0; r < KS_NB_REGS; r++)
		c->regs[r] = 0;
	vctx_set_reg(c, REG_A0, arg);
	vctx_set_reg(c, REG_A7, eid);
	c->pc = h->host.pc;
	h->forwarding = true;
}

static bool enclave_trap(struct vctx *c, struct ks_hart *h)
{
	uint64_t cause = c->trap.mcause, eid;

	if (cause & MCAUSE_INTERRUPT) {
		/*
		 * M-level: the core handles it; if it enters the firmware,
		 * ks_to_firmware stops the enclave first, and a monitor IPI
		 * alone leaves it running. S-level (the host's): stop now, the
		 * host takes it after its ecall.
		 */
		if (!((KS_S_IRQS >> (cause & ~MCAUSE_INTERRUPT)) & 1))
			return false;
		stop_interrupted(c, h);
		return true;
	}
	if (cause == CAUSE_SUPERVISOR_ECALL) {
		eid = vctx_get_reg(c, REG_A7);
		if (eid == KS_EID) {
			enclave_call(c, h);
			return true;
		}
		if (eid == SBI_LEGACY_SET_TIMER || eid == SBI_LEGACY_CONSOLE_PUTCHAR) {
			forward_legacy(c, h);
			return false;	/* the core injects the ecall into the firmware */
		}
		vctx_set_reg(c, REG_A0, SBI_ERR_NOT_SUPPORTED);
		c->pc += 4;
		return true;
	}
	/* upstream ends the enclave on a trap it cannot handle (sbi_trap_error) */
	log_warn("enclave %d killed by trap %lu at 0x%lx (tval 0x%lx)", h->eid, cause, c->pc,
		 c->trap.mtval);
	ks_lock();
	leave_enclave(c, h, KS_EXITED, KS_ERR_UNKNOWN, true, cause);
	ks_unlock();
	return true;
}

/* ---- hooks ---- */

static bool ks_trap_from_payload(struct vctx *c)
{
	struct ks_hart *h = MODULE_THIS_HART(ks_harts, c);

	if (h->eid >= 0)
		return enclave_trap(c, h);
	if (c->trap.mcause != CAUSE_SUPERVISOR_ECALL || vctx_get_reg(c, REG_A7) != KS_EID)
		return false;
	host_call(c, h);
	return true;
}

/*
 * Leaving the payload world with an enclave current: for a forwarded call,
 * show the firmware the host's S state and lock every EPM; otherwise an
 * M-level interrupt is being delivered, so stop the enclave first.
 */
static void ks_to_firmware(struct vctx *c)
{
	struct ks_hart *h = MODULE_THIS_HART(ks_harts, c);

	if (h->eid < 0)
		return;
	if (!h->forwarding) {
		stop_interrupted(c, h);
		return;
	}
	ks_save_sstate(c, &enclaves[h->eid].ctx.s);
	ks_save_fp(c, &enclaves[h->eid].ctx.fp);
	ks_load_fp(c, &h->host.fp);
	ks_load_sstate(c, &h->host.s);
	csr_write(CSR_MIE, h->host_mie);
}

/* Back from a forwarded call: the enclave continues after its ecall. */
static void ks_to_payload(struct vctx *c)
{
	struct ks_hart *h = MODULE_THIS_HART(ks_harts, c);
	struct enclave *e;
	uint64_t ret;

	if (h->eid < 0 || !h->forwarding)
		return;
	e = &enclaves[h->eid];
	h->forwarding = false;
	ks_save_sstate(c, &h->host.s);	/* as the firmware left them */
	ks_save_fp(c, &h->host.fp);
	h->host_mie = csr_read(CSR_MIE);
	ret = vctx_get_reg(c, REG_A0);
	ks_copy_regs(c->regs, e->ctx.regs);
	vctx_set_reg(c, REG_A0, ret);
	c->pc = e->ctx.pc + 4;
	c->mode = PRV_S;
	c->virt = false;
	ks_load_fp(c, &e->ctx.fp);
	ks_load_sstate(c, &e->ctx.s);
	csr_write(CSR_MIDELEG, 0);
	csr_write(CSR_MIE, enclave_mie(h));
	c->pmp_dirty = true;
}

static void ks_init(unsigned hart)
{
	static bool keys_ready;

	if (hart >= CONFIG_NB_HARTS)
		return;
	ks_harts[hart].eid = -1;
	if (hart == CONFIG_BOOT_HART_ID) {
		if (!layout_supported())
			log_error("Keystone: the monitor and firmware must be below the payload; "
				  "CREATE will fail");
		ks_attest_init();
		__atomic_store_n(&keys_ready, true, __ATOMIC_RELEASE);
	} else {
		while (!__atomic_load_n(&keys_ready, __ATOMIC_ACQUIRE))
			;
	}
}

const struct module_ops module_keystone = {
	.name = "Keystone Policy",
	.nb_pmp = KS_PMP_ENTRIES,
	.init = ks_init,
	.trap_from_payload = ks_trap_from_payload,
	.pmp_prepare = ks_pmp_prepare,
	.on_interrupt = ks_on_interrupt,
	.to_payload = ks_to_payload,
	.to_firmware = ks_to_firmware,
};
