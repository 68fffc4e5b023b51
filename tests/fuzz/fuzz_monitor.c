/*
 * libFuzzer harness over the host build of the monitor (make fuzz,
 * docs/verification.md). One input is a script of steps run on a freshly
 * booted virtual hart (tests/unit/vhart.h) whose "hardware" is the
 * reference hart src/arch/host, with physical PMP enforced on the
 * monitor's MPRV accesses:
 *
 *   set a guest register          random instruction word as an illegal-
 *   CSR instruction from vM        instruction trap (both worlds)
 *   mret / sret / wfi              random exception, random interrupt
 *   MPRV load/store fault          ecall (ABI calls included)
 *
 * After every step, as on metal before re-entering the guest
 * (world_prepare_run), these must hold, else the harness aborts:
 *   1. the guest never runs in physical M-mode (mstatus.MPP != M);
 *   2. the monitor's own PMP entries (monitor memory, devices) are as the
 *      boot installed them, and the physical PMP denies S and U any access
 *      to the monitor's memory (checked with the reference's PMP rules);
 *   3. the monitor's memory (a sentinel page) is unchanged;
 *   4. where the reference defines the result: a CSR instruction, mret or
 *      sret executed by the firmware in vM-mode gives the registers, pc
 *      and M/S CSRs the reference hart gives executing it in M-mode on the
 *      same state (same trap, same values).
 * Sanitizers (ASan, UBSan) turn any memory or undefined-behaviour error
 * into a crash.
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <miralis/abi.h>
#include <miralis/arch.h>
#include <miralis/decode.h>
#include <miralis/emul.h>
#include <miralis/riscv/encoding.h>
#include <miralis/vcsr.h>

#include "host.h"
#include "vhart.h"

#define FW_MEM 0x80200000UL
#define FW_MEM_SIZE 0x4000UL
#define MON_SENTINEL 0x1000UL	/* first bytes of the monitor's memory */
#define MAX_STEPS 64

/* ---- input reader: zeros once the input is used up ---- */

struct input {
	const uint8_t *p;
	size_t n;
};

static uint64_t take(struct input *in, unsigned bytes)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < bytes && in->n; i++, in->p++, in->n--)
		v |= (uint64_t)*in->p << (8 * i);
	return v;
}

/* Values worth trying: all ones, single bits, small, random. */
static uint64_t value(struct input *in)
{
	switch (take(in, 1) & 7) {
	case 0: return ~0ULL;
	case 1: return 0;
	case 2: return 1ULL << (take(in, 1) & 63);
	case 3: return take(in, 2);
	default: return take(in, 8);
	}
}

/* The M and S CSRs the firmware reads and writes as its own: the reference's. */
static const unsigned ref_csrs[] = {
	VHART_FW_CSRS,
};
#define NB_REF (sizeof(ref_csrs) / sizeof(ref_csrs[0]))
/* CSRs the fuzzer's CSR instructions name: the above, their S views, and some others. */
static const unsigned fuzz_csrs[] = {
	VHART_FW_CSRS, CSR_SSTATUS, CSR_SIE, CSR_SIP, CSR_MIP, CSR_MISA,
	CSR_PMPCFG0, CSR_PMPADDR0, CSR_PMPADDR0 + 7, CSR_MHARTID, CSR_TSELECT,
	CSR_MCOUNTINHIBIT, CSR_MTVAL2, CSR_MTINST, 0x7c0,
};

struct fuzz {
	struct vhart h;
	struct pmp_state boot_pmp;	/* the physical shadow right after boot */
	uint8_t sentinel[MON_SENTINEL];
	jmp_buf halt;
};

static struct fuzz F;

static uint64_t vget(unsigned csr)
{
	uint64_t v = 0;

	if (vcsr_read(&F.h.ctx, csr, &v))
		abort();	/* the reference set only holds CSRs the vhart has */
	return v;
}

/* ---- invariants ---- */

static void fail(const char *what, uint64_t a, uint64_t b)
{
	fprintf(stderr, "fuzz invariant broken: %s (0x%llx, 0x%llx)\n", what,
		(unsigned long long)a, (unsigned long long)b);
	abort();
}

static uint64_t phys_pmpaddr(unsigned i)
{
	return host_csr_get_raw(CSR_PMPADDR0 + i);
}

static uint8_t phys_pmpcfg(unsigned i)
{
	return (uint8_t)(host_csr_get_raw(CSR_PMPCFG0 + 2 * (i / 8)) >> (8 * (i % 8)));
}

static void check_invariants(void)
{
	struct vctx *c = &F.h.ctx;
	const uint64_t ms = host_csr_get_raw(CSR_MSTATUS);
	const unsigned own = F.h.pmp.module_off;	/* monitor + devices */

	world_prepare_run(c);
	if (((ms & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT) == PRV_M ||
	    ((host_csr_get_raw(CSR_MSTATUS) & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT) == PRV_M)
		fail("the guest would run in physical M-mode", ms, c->mode);
	for (unsigned i = 0; i < own; i++) {
		if (phys_pmpcfg(i) != F.boot_pmp.cfg[i])
			fail("a monitor PMP cfg changed", i, phys_pmpcfg(i));
		if (phys_pmpaddr(i) != F.boot_pmp.addr[i])
			fail("a monitor PMP address changed", i, phys_pmpaddr(i));
	}
	static const uint64_t probes[] = { 0, 8, VHART_MON_SIZE / 2, VHART_MON_SIZE - 8 };
	for (unsigned i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
		for (unsigned p = PRV_U; p <= PRV_S; p++)
			for (unsigned a = PMP_R; a <= PMP_X; a <<= 1)
				if (host_pmp_allows(VHART_MON_BASE + probes[i], 8, a, p))
					fail("the PMP lets a guest reach monitor memory",
					     VHART_MON_BASE + probes[i], p << 4 | a);
	if (memcmp(host_mem_ptr(VHART_MON_BASE, MON_SENTINEL), F.sentinel, MON_SENTINEL))
		fail("monitor memory changed", VHART_MON_BASE, 0);
}

/* ---- the reference: the same instruction on the host hart in M-mode ---- */

struct expect {
	bool defined;
	uint64_t csr[NB_REF];
	uint64_t pc, rd_val;
	unsigned rd, mode;
};

/*
 * Load the virtual M/S state into the hart (raw: it is already legal),
 * run `run` in M-mode, record the outcome, put the physical state back.
 */
static void reference(struct expect *e, uint32_t raw)
{
	struct vctx *c = &F.h.ctx;
	struct host_state phys;
	struct insn in;
	uint64_t pc = c->pc + 4;
	int cause = 0;

	e->defined = false;
	if (c->mode != PRV_M || !decode(raw, &in))
		return;
	host_state_save(&phys);
	for (unsigned i = 0; i < NB_REF; i++)
		host_csr_set_raw(ref_csrs[i], vget(ref_csrs[i]));
	/* The pending interrupts the firmware sees (its MSIP is the virtual CLINT's). */
	host_csr_set_raw(CSR_MIP, vget(CSR_MIP));
	host_set_priv(PRV_M);
	e->rd = 0;
	if ((raw & 0x7f) == 0x73 && ((raw >> 12) & 3) != 0) {	/* Zicsr */
		unsigned f3 = (raw >> 12) & 7, rs1 = (raw >> 15) & 31;
		uint64_t src = (f3 & 4) ? rs1 : vctx_get_reg(c, rs1);
		uint64_t wmask = 0, old = 0;
		unsigned csr = raw >> 20;

		/* Only CSRs whose whole state is in the reference set. */
		bool known = false;
		for (unsigned i = 0; i < NB_REF; i++)
			known |= ref_csrs[i] == csr;
		if (!known)
			goto out;
		switch (f3 & 3) {
		case 1: wmask = ~0ULL; break;			/* csrrw[i] */
		case 2: wmask = rs1 ? src : 0; break;		/* csrrs[i] */
		default: wmask = rs1 ? src : 0; src = 0; break;	/* csrrc[i] */
		}
		cause = host_csr_rmw(csr, &old, src, wmask);
		e->rd = (raw >> 7) & 31;
		e->rd_val = old;
	} else if (raw == ENC_MRET) {
		uint64_t ms = vget(CSR_MSTATUS);

		/* reserved MPP = 2 (QEMU 7.2 keeps it) and V = 1: not in the model */
		if ((ms & MSTATUS_MPP) == 2ULL << MSTATUS_MPP_SHIFT || (ms & MSTATUS_MPV))
			goto out;
		cause = host_mret(&pc);
		if (host_priv() != PRV_M)
			goto out;	/* a world switch: compared through mode and pc only */
	} else {
		goto out;
	}
	if (cause) {
		pc = host_trap_enter((uint64_t)cause, raw, c->pc);
		e->rd = 0;
	} else {
		/* 3.1.9: before the next instruction, a pending enabled interrupt is taken */
		uint64_t irq = host_interrupt_pending();

		if (irq)
			pc = host_trap_enter(irq, 0, pc);
	}
	for (unsigned i = 0; i < NB_REF; i++)
		(void)host_csr_rmw(ref_csrs[i], &e->csr[i], 0, 0);
	e->pc = pc;
	e->mode = host_priv();
	e->defined = true;
out:
	host_state_restore(&phys);
}

static void compare(const struct expect *e, uint32_t raw)
{
	struct vctx *c = &F.h.ctx;

	if (!e->defined)
		return;
	if (c->mode != e->mode)
		fail("mode differs from the reference", c->mode, e->mode);
	if (c->pc != e->pc)
		fail("pc differs from the reference", c->pc, e->pc);
	if (e->rd && vctx_get_reg(c, e->rd) != e->rd_val)
		fail("rd differs from the reference", vctx_get_reg(c, e->rd), e->rd_val);
	for (unsigned i = 0; i < NB_REF; i++) {
		uint64_t got = vget(ref_csrs[i]);

		if (got != e->csr[i]) {
			fprintf(stderr, "instruction 0x%08x: csr 0x%03x\n", raw, ref_csrs[i]);
			fail("a CSR differs from the reference", got, e->csr[i]);
		}
	}
}

/* ---- steps ---- */

static void trap(uint64_t cause, uint64_t tval)
{
	struct vctx *c = &F.h.ctx;

	c->trap = (struct trap_info){ .mcause = cause, .mepc = c->pc, .mtval = tval,
				      .mstatus = host_csr_get_raw(CSR_MSTATUS),
				      .mip = csr_read(CSR_MIP) };
	if (vtrap_handle(c) == EXIT_DONE)
		longjmp(F.halt, 1);
}

/* The firmware (or payload) executes raw and it traps as illegal. */
static void exec(uint32_t raw)
{
	struct expect e;

	reference(&e, raw);
	trap(CAUSE_ILLEGAL_INSTRUCTION, raw);
	compare(&e, raw);
}

static void step(struct input *in)
{
	struct vctx *c = &F.h.ctx;
	unsigned op = (unsigned)take(in, 1);

	switch (op % 10) {
	case 0:		/* a guest register */
		vctx_set_reg(c, (unsigned)take(in, 1) & 31, value(in));
		break;
	case 1: {	/* a CSR instruction */
		unsigned csr = fuzz_csrs[take(in, 1) % (sizeof(fuzz_csrs) / sizeof(fuzz_csrs[0]))];
		unsigned f3 = 1 + (unsigned)take(in, 1) % 7;
		unsigned r = (unsigned)take(in, 1);

		if (f3 == 4)
			f3 = 1;
		exec(enc_csr(f3, r & 31, csr, (r >> 5) | ((unsigned)take(in, 1) & 3) << 3));
		break;
	}
	case 2:		/* any instruction word */
		exec((uint32_t)take(in, 4));
		break;
	case 3: {	/* mret, sret, wfi, sfence.vma */
		static const uint32_t words[] = { ENC_MRET, ENC_SRET, ENC_WFI, 0x12000073u };
		exec(words[take(in, 1) & 3]);
		break;
	}
	case 4:		/* any exception */
		trap(take(in, 1) % 24, value(in));
		break;
	case 5: {	/* an interrupt, pending in mip as the hardware raised it */
		unsigned code = (unsigned)take(in, 1) % 14;

		host_csr_set_raw(CSR_MIP, host_csr_get_raw(CSR_MIP) | BIT(code));
		trap(MCAUSE_INTERRUPT | code, 0);
		break;
	}
	case 6:		/* ecall, ABI calls included */
		if (take(in, 1) & 1) {
			vctx_set_reg(c, 17, ABI_EID);
			/* not ABI_FAILURE: the monitor stops on it by design */
			vctx_set_reg(c, 16, 1 + take(in, 1) % 5);
		}
		trap(CAUSE_USER_ECALL, 0);
		break;
	case 7: {	/* a load or store that faulted on the MPRV entry */
		static const uint32_t ops[] = { 0x0002b303u, 0x0062b023u, 0x0002a303u, 0x0062a023u };
		uint32_t raw = ops[take(in, 1) & 3];
		uint64_t addr = take(in, 1) & 1 ? VHART_MON_BASE + (take(in, 2) & ~7ULL)
						: FW_MEM + (take(in, 2) % FW_MEM_SIZE & ~7ULL);

		vctx_set_reg(c, 5, addr);
		trap((raw & 0x20) ? CAUSE_STORE_ACCESS : CAUSE_LOAD_ACCESS, addr);
		break;
	}
	case 8:		/* hardware state changes: time, mip lines */
		host_set_time(value(in));
		host_csr_set_raw(CSR_MIP, host_csr_get_raw(CSR_MIP) & ~(uint64_t)(take(in, 2)));
		break;
	default:	/* the firmware enters the payload */
		vctx_set_reg(c, 6, (take(in, 1) & 3) << MSTATUS_MPP_SHIFT);
		exec(ENC_CSRRS(0, CSR_MSTATUS, 6));
		exec(ENC_MRET);
		break;
	}
	check_invariants();
}

/* Devices the monitor drives itself (the CLINT's msip): reads 0, writes dropped. */
static uint64_t mmio_read(uint64_t addr, unsigned width)
{
	(void)addr;
	(void)width;
	return 0;
}

static void mmio_write(uint64_t addr, unsigned width, uint64_t val)
{
	(void)addr;
	(void)width;
	(void)val;
}

static void boot(void)
{
	struct vhart *h = &F.h;

	host_reset();
	host_set_pmp_enforced(true);
	host_set_mmio(mmio_read, mmio_write);
	if (host_mem_map(VHART_MON_BASE, MON_SENTINEL) || host_mem_map(FW_MEM, FW_MEM_SIZE))
		abort();
	for (unsigned i = 0; i < MON_SENTINEL; i++)
		F.sentinel[i] = (uint8_t)(i * 7 + 1);
	memcpy(host_mem_ptr(VHART_MON_BASE, MON_SENTINEL), F.sentinel, MON_SENTINEL);
	if (vhart_boot(h, 0))
		abort();
	h->ctx.pc = FW_MEM + 0x100;
	world_prepare_run(&h->ctx);
	F.boot_pmp = h->pmp;
	check_invariants();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };

	boot();
	host_catch_halt(&F.halt);
	if (setjmp(F.halt) == 0)
		for (unsigned i = 0; i < MAX_STEPS && in.n; i++)
			step(&in);
	/* The one panic by design: the firmware asked for it (ABI_FAILURE). */
	if (host_stats()->panics &&
	    !strstr(host_console(), "the firmware reported a failure through the monitor ABI")) {
		fprintf(stderr, "monitor console:\n%s\n", host_console());
		fail("the monitor panicked on guest input", host_stats()->panics, 0);
	}
	host_reset();	/* frees the mapped memory */
	return 0;
}
