/*
 * Proof harnesses (docs/verification.md): the monitor's emulation of one
 * instruction or event on a nondeterministic virtual hart, against the
 * reference hart src/arch/host executing it in M-mode on the same state.
 * Same sources as the metal and unit builds (the host arch is the seam);
 * the state comes from nondet_*() and the checks are ASSERT()s.
 *
 * Two drivers (verify/nondet.h): CBMC (make verify; nondet_* are free
 * symbols, ASSERT is __CPROVER_assert) and a random one (make
 * verify-random: nondet_* draw from a PRNG, each harness runs many
 * times), which also checks the deliberate breakages of verify/mutants.
 *
 * Assumptions, each with its reason, are ASSUME()s next to their use.
 */
#include <string.h>

#include <miralis/abi.h>
#include <miralis/arch.h>
#include <miralis/decode.h>
#include <miralis/emul.h>
#include <miralis/pmp.h>
#include <miralis/riscv/encoding.h>
#include <miralis/vcsr.h>

#include "host.h"
#include "nondet.h"
#include "vhart.h"

#define FW_PC 0x80200100UL
#define NB_CASES(a) (sizeof(a) / sizeof((a)[0]))
#define FW_MEM 0x80200000UL

/* The M and S CSRs the firmware owns in vM-mode: state of both harts. */
static const unsigned ref_csrs[] = {
	VHART_FW_CSRS,
};
#define NB_REF (sizeof(ref_csrs) / sizeof(ref_csrs[0]))

static struct vhart H;

/* Physical reads of the monitor (the firmware's instruction fetch): host memory, else 0. */
static uint64_t mmio_read(uint64_t addr, unsigned width)
{
	const uint8_t *p = host_mem_ptr(addr, width);
	uint64_t v = 0;

	for (unsigned i = 0; p && i < width; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static void mmio_write(uint64_t addr, unsigned width, uint64_t val)
{
	(void)addr;
	(void)width;
	(void)val;
}

static uint64_t vget(unsigned csr)
{
	uint64_t v = 0;

	ASSERT(vcsr_read(&H.ctx, csr, &v) == 0, "the firmware can read its own CSR");
	return v;
}

/* ---- the decoder's contract: compositional proofs ---- */

/*
 * The encodings the harnesses build (Unprivileged ISA 2.2 and 2.6, 16.3
 * for RVC; Zicsr; Privileged ISA 4.2.1) and, for each, the whole struct
 * insn decode() must yield: every field, the ones the form does not use
 * as decode leaves them (zero).
 */
static uint32_t enc_load(unsigned f3, unsigned rd, unsigned rs1, uint32_t imm)
{
	return imm << 20 | rs1 << 15 | f3 << 12 | rd << 7 | 0x03;
}

static uint32_t enc_store(unsigned f3, unsigned rs2, unsigned rs1, uint32_t imm)
{
	return (imm >> 5) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (imm & 31) << 7 | 0x23;
}

static uint32_t enc_sfence(unsigned rs1, unsigned rs2)
{
	return 0x12000073u | rs2 << 20 | rs1 << 15;
}

/* c.lw c.ld c.sw c.sd (q = 0..3) rd'/rs2' = 8 + r2, rs1' = 8 + r1, scaled uimm */
static uint32_t enc_cmem(unsigned q, unsigned r1, unsigned r2, unsigned uimm)
{
	return (q < 2 ? 2u + q : 4u + q) << 13 | ((uimm >> 3) & 7) << 10 | r1 << 7 |
	       ((q & 1) ? ((uimm >> 6) & 3) << 5 : ((uimm >> 2) & 1) << 6 | ((uimm >> 6) & 1) << 5) |
	       r2 << 2;
}

static int64_t sext12(uint32_t v)
{
	return (int64_t)((uint64_t)v << 52) >> 52;
}

static struct insn spec_csr(unsigned f3, unsigned rd, unsigned csr, unsigned rs1)
{
	static const enum insn_kind k[8] = { INSN_UNKNOWN, INSN_CSRRW, INSN_CSRRS, INSN_CSRRC,
					     INSN_UNKNOWN, INSN_CSRRWI, INSN_CSRRSI, INSN_CSRRCI };

	return (struct insn){ .kind = k[f3 & 7], .len = 4, .rd = (uint8_t)rd, .csr = (uint16_t)csr,
			      .rs1 = (uint8_t)(f3 >= 5 ? 0 : rs1),
			      .uimm = (uint8_t)(f3 >= 5 ? rs1 : 0) };
}

static struct insn spec_load(unsigned f3, unsigned rd, unsigned rs1, uint32_t imm)
{
	return (struct insn){ .kind = INSN_LOAD, .len = 4, .rd = (uint8_t)rd, .rs1 = (uint8_t)rs1,
			      .width = (uint8_t)(1u << (f3 & 3)), .is_unsigned = f3 >= 4,
			      .imm = sext12(imm) };
}

static struct insn spec_store(unsigned f3, unsigned rs2, unsigned rs1, uint32_t imm)
{
	return (struct insn){ .kind = INSN_STORE, .len = 4, .rs2 = (uint8_t)rs2,
			      .rs1 = (uint8_t)rs1, .width = (uint8_t)(1u << f3),
			      .imm = sext12(imm) };
}

static struct insn spec_sfence(unsigned rs1, unsigned rs2)
{
	return (struct insn){ .kind = INSN_SFENCE_VMA, .len = 4, .rs1 = (uint8_t)rs1,
			      .rs2 = (uint8_t)rs2 };
}

static struct insn spec_cmem(unsigned q, unsigned r1, unsigned r2, unsigned uimm)
{
	struct insn in = { .kind = q < 2 ? INSN_LOAD : INSN_STORE, .len = 2,
			   .rs1 = (uint8_t)(8 + r1), .width = (q & 1) ? 8 : 4, .imm = uimm };

	if (q < 2)
		in.rd = (uint8_t)(8 + r2);
	else
		in.rs2 = (uint8_t)(8 + r2);
	return in;
}

static bool insn_equal(const struct insn *a, const struct insn *b)
{
	return a->kind == b->kind && a->len == b->len && a->rd == b->rd && a->rs1 == b->rs1 &&
	       a->rs2 == b->rs2 && a->csr == b->csr && a->uimm == b->uimm &&
	       a->width == b->width && a->is_unsigned == b->is_unsigned && a->imm == b->imm &&
	       a->amo == b->amo && a->hyp == b->hyp;
}

/*
 * Compositional proofs. verify_decoder proves decode(raw) == spec_*(fields)
 * for every value of the fields of each form above. The instruction
 * harnesses (VERIFY_SPEC_DECODE in mk/verify.mk) are then proved on a goto
 * program where every call of decode() is a call of verify_decode_spec
 * (goto-instrument --replace-calls decode:verify_decode_spec): the spec of
 * the one word the harness built, which the ASSERT requires every call to
 * be given. Together: the monitor, decoder included, handles every word of
 * the form as the reference. Without it CBMC follows every path of decode
 * and of the whole emulation for a word with nondet fields (docs/
 * verification.md §4). The random driver runs the real decode.
 */
static struct {
	bool set;
	uint32_t raw;
	struct insn in;
} decode_contract;

static void expect_decode(uint32_t raw, struct insn in)
{
	decode_contract.set = true;
	decode_contract.raw = raw;
	decode_contract.in = in;
#ifndef VERIFY_CBMC
	{
		struct insn got;

		ASSERT(decode(raw, &got) && insn_equal(&got, &in), "decode as its spec");
	}
#endif
}

bool verify_decode_spec(uint32_t raw, struct insn *out);
bool verify_decode_spec(uint32_t raw, struct insn *out)
{
	ASSERT(decode_contract.set && raw == decode_contract.raw,
	       "decode is only called on the harness's word (its contract)");
	*out = decode_contract.in;
	return true;
}

/*
 * With the same goto-instrument run, two calls that the harness's word
 * never reaches are cut short: emul_mret (emul_illegal's shortcut for the
 * word ENC_MRET, and decode's kind INSN_MRET: the harnesses' words are
 * neither) and vmem_fetch (emul_illegal re-reads the word only when the
 * hart left mtval 0: the harnesses' trap reports it, and no 32-bit word
 * is 0). The ASSERT proves each unreachable, the ASSUME then ends the
 * path: CBMC would otherwise explore them under a guard it cannot
 * simplify (raw is symbolic) and merge their state into every later step.
 */
void verify_unreached_mret(struct vctx *c);
void verify_unreached_mret(struct vctx *c)
{
	(void)c;
	ASSERT(0, "mret's emulation is not reached by the harness's word");
	ASSUME(0);
}

uint32_t verify_unreached_fetch(struct vctx *c);
uint32_t verify_unreached_fetch(struct vctx *c)
{
	(void)c;
	ASSERT(0, "the word is not re-read (the trap reports it in mtval)");
	ASSUME(0);
	return 0;
}

/*
 * The same nondeterministic history for both harts: from QEMU's reset
 * state, every CSR the firmware owns is written once with a nondet value,
 * in the same order, by the reference hart (its own WARL rules, saved as
 * ref_state) and by the firmware through the monitor's emulation (after
 * the monitor booted as main.c boots it). The registers are nondet too.
 * No interrupt line is raised: mip stays as reset left it unless a
 * harness says otherwise.
 */
static struct host_state ref_state;
static bool with_smepmp;	/* the hart has Smepmp (mseccfg): set before setup() */

static void setup(void)
{
	uint64_t v[NB_REF];

	host_reset();
	for (unsigned i = 0; i < NB_REF; i++) {
		v[i] = nondet_u64();
		(void)host_csr_rmw(ref_csrs[i], NULL, v[i], ~0ULL);
	}
	host_state_save(&ref_state);
	host_reset();
	host_set_smepmp(with_smepmp);
	host_set_pmp_enforced(true);
	host_set_mmio(mmio_read, mmio_write);
	ASSUME(vhart_boot(&H, 0) == 0);
	H.ctx.pc = FW_PC;
	for (unsigned r = 1; r < 32; r++)
		H.ctx.regs[r] = nondet_u64();
	for (unsigned i = 0; i < NB_REF; i++)
		(void)vcsr_write(&H.ctx, ref_csrs[i], v[i]);
	world_prepare_run(&H.ctx);
}

/* ---- the reference: the hart in M-mode with the firmware's state ---- */

struct outcome {
	uint64_t csr[NB_REF];
	uint64_t pc;
	unsigned mode;
};

static struct host_state phys;

/* Switch the host hart to the reference's state (in M-mode). */
static void ref_load(void)
{
	host_state_save(&phys);
	host_state_restore(&ref_state);
	host_set_priv(PRV_M);
}

static void ref_record(struct outcome *o, uint64_t pc)
{
	o->mode = host_priv();
	host_set_priv(PRV_M);	/* read everything, whatever mode the hart went to */
	for (unsigned i = 0; i < NB_REF; i++)
		(void)host_csr_rmw(ref_csrs[i], &o->csr[i], 0, 0);
	o->pc = pc;
	host_state_restore(&phys);
}

/* One more CSR write of the firmware, made on both harts. */
static void both_write(unsigned csr, uint64_t v)
{
	(void)vcsr_write(&H.ctx, csr, v);
	ref_load();
	(void)host_csr_rmw(csr, NULL, v, ~0ULL);
	host_state_save(&ref_state);
	host_state_restore(&phys);
}

/* After an instruction: an interrupt pending and enabled is taken (3.1.9). */
static uint64_t ref_after(uint64_t pc)
{
	uint64_t irq = host_interrupt_pending();

	return irq ? host_trap_enter(irq, 0, pc) : pc;
}

static void check_same(const struct outcome *o)
{
	ASSERT(H.ctx.mode == o->mode, "privilege mode as the reference");
	ASSERT(H.ctx.pc == o->pc, "pc as the reference");
	if (o->mode != PRV_M) {
		/*
		 * A world switch: the M fields stay virtual, the S fields now
		 * live in the physical mstatus the payload runs with.
		 */
		const uint64_t m = MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MPRV;
		const uint64_t s = MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP;

		world_prepare_run(&H.ctx);
		ASSERT((H.ctx.csr.mstatus & m) == (o->csr[0] & m), "M fields of mstatus as the reference");
		ASSERT((host_csr_get_raw(CSR_MSTATUS) & s) == (o->csr[0] & s),
		       "S fields of mstatus as the reference");
		return;
	}
	for (unsigned i = 0; i < NB_REF; i++)
		ASSERT(vget(ref_csrs[i]) == o->csr[i], "CSR as the reference");
}

/* The firmware executes raw in vM-mode: physically it traps as illegal. */
static void monitor_exec(uint32_t raw)
{
	H.ctx.trap = (struct trap_info){ .mcause = CAUSE_ILLEGAL_INSTRUCTION, .mepc = H.ctx.pc,
					 .mtval = raw, .mstatus = host_csr_get_raw(CSR_MSTATUS),
					 .mip = csr_read(CSR_MIP) };
	(void)vtrap_handle(&H.ctx);
}

/*
 * One Zicsr instruction (funct3 f3) on the CSR ref_csrs[which]: reference,
 * monitor, compare (also rd). The CSR and the form are constants in each
 * case of the two loops below, the cases together every CSR of ref_csrs
 * and every form: the same proof as a nondet CSR number and form, but
 * CBMC follows one CSR's and one form's path through the monitor
 * (vcsr_read/vcsr_write, emul_csr) at a time instead of all of them
 * merged, and compares the merged result once.
 */
static void csr_insn(unsigned f3, unsigned rd, unsigned which, unsigned rs1)
{
	uint64_t src = (f3 & 4) ? rs1 : vctx_get_reg(&H.ctx, rs1);
	uint64_t wmask, old = 0, pc = FW_PC + 4;
	uint32_t raw = 0;
	struct outcome o;
	int cause = 0;

	switch (f3 & 3) {
	case 1: wmask = ~0ULL; break;
	case 2: wmask = rs1 ? src : 0; break;
	default: wmask = rs1 ? src : 0; src = 0; break;
	}
	ref_load();
	for (unsigned i = 0; i < NB_REF; i++) {
		if (i == which) {
			raw = enc_csr(f3, rd, ref_csrs[i], rs1);
			cause = host_csr_rmw(ref_csrs[i], &old, src, wmask);
		}
	}
	pc = cause ? host_trap_enter((uint64_t)cause, raw, FW_PC) : ref_after(pc);
	ref_record(&o, pc);
	for (unsigned i = 0; i < NB_REF; i++) {
		for (unsigned form = 1; form < 8; form++) {
			if (i == which && form == f3 && form != 4) {
				expect_decode(enc_csr(form, rd, ref_csrs[i], rs1),
					      spec_csr(form, rd, ref_csrs[i], rs1));
				monitor_exec(enc_csr(form, rd, ref_csrs[i], rs1));
			}
		}
	}
	check_same(&o);
	if (!cause && rd)
		ASSERT(vctx_get_reg(&H.ctx, rd) == old, "rd as the reference");
}

/* ---- harnesses ---- */

void read_csr(void)
{
	unsigned rd = nondet_uint() & 31, which = nondet_uint();

	ASSUME(which < NB_REF);
	setup();
	csr_insn(2, rd, which, 0);	/* csrrs rd, csr, x0 */
}

void write_csr(void)
{
	unsigned f3 = nondet_uint() & 7, rd = nondet_uint() & 31, rs1 = nondet_uint() & 31;
	unsigned which = nondet_uint();

	ASSUME(f3 != 0 && f3 != 4);	/* the six Zicsr forms */
	ASSUME(which < NB_REF);
	setup();
	csr_insn(f3, rd, which, rs1);
}

/* mret and sret executed in vM-mode. */
static void xret(uint32_t raw)
{
	uint64_t ms = vget(CSR_MSTATUS), pc = 0;
	struct outcome o;
	int cause;

	/* V = 1 and the reserved MPP = 2 (kept by QEMU 7.2) are outside the model */
	ASSUME(!(ms & MSTATUS_MPV) && (ms & MSTATUS_MPP) != 2ULL << MSTATUS_MPP_SHIFT);
	ref_load();
	cause = raw == ENC_MRET ? host_mret(&pc) : host_sret(&pc);
	ASSERT(cause == 0, "xret is legal in M-mode");
	if (host_priv() == PRV_M)
		pc = ref_after(pc);
	ref_record(&o, pc);
	monitor_exec(raw);
	check_same(&o);
}

void mret(void)
{
	setup();
	xret(ENC_MRET);
}

void sret(void)
{
	setup();
	xret(ENC_SRET);
}

/* wfi in M-mode: legal whatever TW says (3.3.3); it ends when an interrupt is pending. */
void wfi(void)
{
	bool wakes = false;
	struct outcome o;

	setup();
	/* Nothing pending: the hart would wait forever, as would the monitor. */
	ASSUME((csr_read(CSR_MIP) & vget(CSR_MIE)) == 0);
	ref_load();
	ASSERT(host_wfi(&wakes) == 0, "wfi is legal in M-mode");
	ref_record(&o, ref_after(FW_PC + 4));
	monitor_exec(ENC_WFI);
	check_same(&o);
}

/* sfence.vma rs1, rs2 (and fence/fence.i never trap): no architectural change but pc. */
void fences(void)
{
	unsigned rs1 = nondet_uint() & 31, rs2 = nondet_uint() & 31;
	struct outcome o;

	setup();
	ref_load();
	ref_record(&o, ref_after(FW_PC + 4));
	expect_decode(enc_sfence(rs1, rs2), spec_sfence(rs1, rs2));
	monitor_exec(enc_sfence(rs1, rs2));
	check_same(&o);
}

/*
 * An exception of the firmware (vM-mode) is delivered to its mtvec (3.1.6.1, 3.1.14-16).
 * Exceptions that a U-mode instruction of the firmware raises physically and the monitor
 * hands over as they are; illegal instructions and ecall are the emulation's own proofs
 * (the ABI ecall is the monitor's).
 */
static const uint64_t fw_exceptions[] = {
	CAUSE_MISALIGNED_FETCH, CAUSE_FETCH_ACCESS, CAUSE_BREAKPOINT, CAUSE_MISALIGNED_LOAD,
	CAUSE_MISALIGNED_STORE, CAUSE_FETCH_PAGE_FAULT,
};

static void exception_case(uint64_t cause, uint64_t tval)
{
	struct outcome o;

	ref_load();
	ref_record(&o, host_trap_enter(cause, tval, FW_PC));
	H.ctx.trap = (struct trap_info){ .mcause = cause, .mepc = FW_PC, .mtval = tval,
					 .mstatus = host_csr_get_raw(CSR_MSTATUS),
					 .mip = csr_read(CSR_MIP) };
	(void)vtrap_handle(&H.ctx);
	check_same(&o);
}

void exception_virtualization(void)
{
	unsigned which = nondet_uint();
	uint64_t tval = nondet_u64();

	ASSUME(which < NB_CASES(fw_exceptions));
	setup();
	/*
	 * One constant cause per case, the cases together every cause of the list: the
	 * same proof as a nondet cause, but CBMC follows each cause's own path through
	 * vtrap_handle instead of every path a symbolic mcause could take.
	 */
	for (unsigned i = 0; i < NB_CASES(fw_exceptions); i++)
		if (i == which)
			exception_case(fw_exceptions[i], tval);
}

/*
 * A physical interrupt while the firmware runs: the firmware sees what the
 * reference takes (3.1.9: M-level ones with mstatus.MIE, priority MEI,
 * MSI, MTI, SEI, SSI, STI), or nothing and continues at the same pc.
 */
static void interrupt_case(unsigned code)
{
	struct outcome o;

	ASSUME(csr_read(CSR_MIP) >> code & 1);	/* the hardware trapped on a pending line */
	ref_load();
	ref_record(&o, ref_after(FW_PC));
	H.ctx.trap = (struct trap_info){ .mcause = MCAUSE_INTERRUPT | code, .mepc = FW_PC,
					 .mstatus = host_csr_get_raw(CSR_MSTATUS),
					 .mip = csr_read(CSR_MIP) };
	(void)vtrap_handle(&H.ctx);
	check_same(&o);
}

void interrupt_virtualization(void)
{
	uint64_t lines = nondet_u64() & (MIP_SSIP | MIP_STIP | MIP_SEIP);
	static const unsigned s_codes[] = { IRQ_S_SOFT, IRQ_S_TIMER, IRQ_S_EXT };
	unsigned which = nondet_uint();

	ASSUME(which < NB_CASES(s_codes));
	setup();
	/* S-level lines the firmware can raise by itself through mip (3.1.9). */
	both_write(CSR_MIP, lines);
	world_prepare_run(&H.ctx);
	/* one constant code per case, together all three (as in exception_virtualization) */
	for (unsigned i = 0; i < NB_CASES(s_codes); i++)
		if (i == which)
			interrupt_case(s_codes[i]);
}

/*
 * The physical PMP the monitor installs for the payload allows an access
 * outside the monitor's memory exactly when the firmware's virtual PMP
 * (the same writes made on the reference hart) does (3.7.1).
 */
void pmp_virtualization(void)
{
	uint64_t addr = nondet_u64(), cfg = nondet_u64();
	unsigned len = 1u << (nondet_uint() & 3), access = 1u << (nondet_uint() % 3);
	unsigned mode = nondet_uint() & 1 ? PRV_S : PRV_U;
	bool want, got;

	setup();
	/* No locked virtual entry: the lock binds M-mode, a separate question. */
	both_write(CSR_PMPCFG0, cfg & ~0x8080808080808080ULL);
	for (unsigned i = 0; i < 8; i++)
		both_write(CSR_PMPADDR0 + i, nondet_u64());
	/* Accesses the monitor keeps for itself are another proof's (monitor_pmp). */
	ASSUME(addr + len - 1 >= addr);
	ASSUME(addr + len <= VHART_MON_BASE || addr >= VHART_MON_BASE + VHART_MON_SIZE);
	H.ctx.mode = mode;	/* as after mret to the payload */
	H.ctx.pmp_dirty = true;
	world_prepare_run(&H.ctx);
	got = host_pmp_allows(addr, len, access, mode);
	/* The reference has 16 entries: 8-15 stay OFF, as the firmware cannot see them. */
	ref_load();
	want = host_pmp_allows(addr, len, access, mode);
	host_state_restore(&phys);
	ASSERT(got == want, "physical PMP allows what the virtual PMP allows");
}

/* ---- loads and stores under the firmware's MPRV (3.1.6.3) ---- */

#define DATA FW_MEM		/* DATA_SIZE nondet bytes; the code is at FW_PC */
#define DATA_SIZE 0x40

struct access {
	uint32_t raw;
	struct insn in;		/* what decode yields for raw (its spec) */
	unsigned len;		/* instruction length */
	bool store, is_unsigned;
	unsigned width, reg;	/* reg: rd (loads) or rs2 (stores) */
	unsigned rs1;
	int64_t imm;
};

/*
 * The firmware, with mstatus.MPRV = 1 and MPP = S or U, executes a load
 * or store: physically it faults on the monitor's MPRV entry and the
 * monitor performs it as MPP would. The reference executes it in M-mode
 * with MPRV: the firmware's PMP at MPP decides (3.7.1), the value comes
 * from or goes to memory, or the access fault reaches mtvec.
 * Assumptions: satp is Bare (the reference has no page tables), the
 * address is aligned (QEMU 7.2's misaligned handling is not modelled) and
 * in the firmware's data memory.
 */
static void mprv_access(const struct access *a)
{
	unsigned mpp = nondet_uint() & 1 ? PRV_S : PRV_U;
	uint64_t off = nondet_uint() % DATA_SIZE, addr = DATA + off, pc, want = 0;
	uint8_t before[DATA_SIZE], *mem;
	struct outcome o;
	bool allowed;

	ASSUME(off % a->width == 0 && off + a->width <= DATA_SIZE);
	ASSUME(a->rs1 != 0);
	setup();
	ASSUME(host_mem_map(FW_MEM, 0x200) == 0);
	mem = host_mem_ptr(FW_MEM, 0x200);
	for (unsigned i = 0; i < DATA_SIZE; i++)
		mem[i] = (uint8_t)nondet_uint();
	for (unsigned i = 0; i < a->len; i++)
		mem[FW_PC - FW_MEM + i] = (uint8_t)(a->raw >> (8 * i));
	both_write(CSR_SATP, 0);
	both_write(CSR_PMPCFG0, nondet_u64() & ~0x8080808080808080ULL);
	for (unsigned i = 0; i < 8; i++)
		both_write(CSR_PMPADDR0 + i, nondet_u64());
	both_write(CSR_MSTATUS, (vget(CSR_MSTATUS) & ~(MSTATUS_MPP | MSTATUS_MPV)) |
				MSTATUS_MPRV | (uint64_t)mpp << MSTATUS_MPP_SHIFT);
	H.ctx.regs[a->rs1] = addr - (uint64_t)a->imm;
	world_prepare_run(&H.ctx);
	memcpy(before, mem, DATA_SIZE);

	ref_load();
	allowed = host_pmp_allows(addr, a->width, a->store ? PMP_W : PMP_R, mpp);
	if (allowed) {
		for (unsigned i = 0; i < a->width; i++)
			want |= (uint64_t)mem[off + i] << (8 * i);
		if (!a->is_unsigned && a->width < 8 && (want >> (8 * a->width - 1) & 1))
			want |= ~0ULL << (8 * a->width);
		pc = ref_after(FW_PC + a->len);
	} else {
		pc = host_trap_enter(a->store ? CAUSE_STORE_ACCESS : CAUSE_LOAD_ACCESS, addr, FW_PC);
	}
	ref_record(&o, pc);

	expect_decode(a->raw, a->in);
	H.ctx.trap = (struct trap_info){ .mcause = a->store ? CAUSE_STORE_ACCESS : CAUSE_LOAD_ACCESS,
					 .mepc = FW_PC, .mtval = addr,
					 .mstatus = host_csr_get_raw(CSR_MSTATUS),
					 .mip = csr_read(CSR_MIP) };
	(void)vtrap_handle(&H.ctx);
	check_same(&o);
	if (allowed && !a->store && a->reg)
		ASSERT(vctx_get_reg(&H.ctx, a->reg) == want, "loaded value as the reference");
	for (unsigned i = 0; i < DATA_SIZE; i++) {
		bool written = allowed && a->store && i >= off && i < off + a->width;
		uint8_t v = written ? (uint8_t)(vctx_get_reg(&H.ctx, a->reg) >> (8 * (i - off)))
				    : before[i];

		ASSERT(mem[i] == v, "memory as the reference");
	}
}

/* lb lh lw ld lbu lhu lwu x(rd), imm(x(rs1)) */
void verify_load(void)
{
	unsigned f3 = nondet_uint() & 7, rd = nondet_uint() & 31, rs1 = nondet_uint() & 31;
	uint32_t imm = nondet_uint() & 0xfff;
	struct access a = { .len = 4, .width = 1u << (f3 & 3), .is_unsigned = f3 >= 4,
			    .reg = rd, .rs1 = rs1, .imm = sext12(imm) };

	ASSUME(f3 != 7);
	ASSUME(rd != rs1 || rd == 0);	/* else the base is overwritten: still right, but the
					 * expected value then needs the old base */
	a.raw = enc_load(f3, rd, rs1, imm);
	a.in = spec_load(f3, rd, rs1, imm);
	mprv_access(&a);
}

/* sb sh sw sd x(rs2), imm(x(rs1)) */
void verify_stores(void)
{
	unsigned f3 = nondet_uint() & 3, rs2 = nondet_uint() & 31, rs1 = nondet_uint() & 31;
	uint32_t imm = nondet_uint() & 0xfff;
	struct access a = { .len = 4, .store = true, .width = 1u << f3, .reg = rs2, .rs1 = rs1,
			    .imm = sext12(imm) };

	a.raw = enc_store(f3, rs2, rs1, imm);
	a.in = spec_store(f3, rs2, rs1, imm);
	mprv_access(&a);
}

/* c.lw / c.ld rd', uimm(rs1') (RVC, registers x8-x15) */
void verify_compressed_loads(void)
{
	bool dbl = nondet_uint() & 1;
	unsigned rd = 8 + (nondet_uint() & 7), rs1 = 8 + (nondet_uint() & 7);
	unsigned uimm = nondet_uint() & (dbl ? 0xf8 : 0x7c);
	struct access a = { .len = 2, .width = dbl ? 8 : 4, .reg = rd, .rs1 = rs1, .imm = uimm };

	ASSUME(rd != rs1);
	a.raw = enc_cmem(dbl, rs1 - 8, rd - 8, uimm);
	a.in = spec_cmem(dbl, rs1 - 8, rd - 8, uimm);
	mprv_access(&a);
}

/* c.sw / c.sd rs2', uimm(rs1') */
void verify_compressed_stores(void)
{
	bool dbl = nondet_uint() & 1;
	unsigned rs2 = 8 + (nondet_uint() & 7), rs1 = 8 + (nondet_uint() & 7);
	unsigned uimm = nondet_uint() & (dbl ? 0xf8 : 0x7c);
	struct access a = { .len = 2, .store = true, .width = dbl ? 8 : 4, .reg = rs2, .rs1 = rs1,
			    .imm = uimm };

	a.raw = enc_cmem(2 + dbl, rs1 - 8, rs2 - 8, uimm);
	a.in = spec_cmem(2 + dbl, rs1 - 8, rs2 - 8, uimm);
	mprv_access(&a);
}

/*
 * The decoder against the instruction formats (Unprivileged ISA 2.2, 16.x
 * for RVC; Zicsr; Privileged ISA 3.3 and 4.2.1): an instruction built from
 * nondet fields decodes to its spec (spec_*: kind and every field), the
 * contract the instruction harnesses use in place of decode (above).
 */
void verify_decoder(void)
{
	unsigned rd = nondet_uint() & 31, rs1 = nondet_uint() & 31, rs2 = nondet_uint() & 31;
	unsigned f3 = nondet_uint() & 7, csr = nondet_uint() & 0xfff, cls = nondet_uint() % 5;
	uint32_t imm = nondet_uint() & 0xfff, raw;
	struct insn in, want;

	if (cls == 0) {			/* Zicsr */
		ASSUME(f3 != 0 && f3 != 4);
		raw = enc_csr(f3, rd, csr, rs1);
		want = spec_csr(f3, rd, csr, rs1);
		ASSERT(decode(raw, &in) && insn_equal(&in, &want), "Zicsr decoded");
	} else if (cls == 1) {		/* loads */
		ASSUME(f3 != 7);
		raw = enc_load(f3, rd, rs1, imm);
		want = spec_load(f3, rd, rs1, imm);
		ASSERT(decode(raw, &in) && insn_equal(&in, &want), "load decoded");
	} else if (cls == 2) {		/* stores */
		ASSUME(f3 < 4);
		raw = enc_store(f3, rs2, rs1, imm);
		want = spec_store(f3, rs2, rs1, imm);
		ASSERT(decode(raw, &in) && insn_equal(&in, &want), "store decoded");
	} else if (cls == 3) {		/* mret, sret, wfi, sfence.vma */
		static const uint32_t w[3] = { ENC_MRET, ENC_SRET, ENC_WFI };
		static const enum insn_kind k[3] = { INSN_MRET, INSN_SRET, INSN_WFI };
		unsigned i = f3 & 3;

		if (i == 3) {
			want = spec_sfence(rs1, rs2);
			ASSERT(decode(enc_sfence(rs1, rs2), &in) && insn_equal(&in, &want),
			       "sfence.vma decoded");
		} else {
			ASSERT(decode(w[i], &in) && in.kind == k[i], "xret/wfi decoded");
		}
	} else {			/* c.lw c.ld c.sw c.sd */
		unsigned q = f3 & 3, r1 = rs1 & 7, r2 = rs2 & 7;
		unsigned uimm = imm & (q & 1 ? 0xf8 : 0x7c);

		want = spec_cmem(q, r1, r2, uimm);
		ASSERT(decode(enc_cmem(q, r1, r2, uimm), &in) && insn_equal(&in, &want),
		       "compressed access decoded");
	}
}

/* ---- proofs the original does not have ---- */

/*
 * What the payload sees while it runs, read from the physical hart in
 * M-mode: every CSR that S/U-mode (with H: HS/U) can read or that decides
 * what its instructions do. sstatus, sie and sip are views of mstatus,
 * mie and mip; mstatus is compared without the fields trap entry and mret
 * own (MIE, MPIE, MPP, MPV, GVA: M-mode state no S/U instruction reads).
 */
static const unsigned payload_csrs[] = {
	CSR_MSTATUS, CSR_MEDELEG, CSR_MIDELEG, CSR_MIE, CSR_MIP, CSR_MCOUNTEREN, CSR_MENVCFG,
	CSR_STVEC, CSR_SCOUNTEREN, CSR_SENVCFG, CSR_SSCRATCH, CSR_SEPC, CSR_SCAUSE, CSR_STVAL,
	CSR_STIMECMP, CSR_SATP,
	CSR_HSTATUS, CSR_HEDELEG, CSR_HIDELEG, CSR_HTIMEDELTA, CSR_HCOUNTEREN, CSR_HENVCFG,
	CSR_HTVAL, CSR_HVIP, CSR_HTINST, CSR_HGATP, CSR_VSSTATUS, CSR_VSIE, CSR_VSTVEC,
	CSR_VSSCRATCH, CSR_VSEPC, CSR_VSCAUSE, CSR_VSTVAL, CSR_VSTIMECMP, CSR_VSATP,
	CSR_PMPCFG0, CSR_PMPCFG2,
	CSR_PMPADDR0, CSR_PMPADDR0 + 1, CSR_PMPADDR0 + 2, CSR_PMPADDR0 + 3, CSR_PMPADDR0 + 4,
	CSR_PMPADDR0 + 5, CSR_PMPADDR0 + 6, CSR_PMPADDR0 + 7, CSR_PMPADDR0 + 8, CSR_PMPADDR0 + 9,
	CSR_PMPADDR0 + 10, CSR_PMPADDR0 + 11, CSR_PMPADDR0 + 12, CSR_PMPADDR0 + 13,
	CSR_PMPADDR0 + 14, CSR_PMPADDR0 + 15,
};
#define NB_PAYLOAD (sizeof(payload_csrs) / sizeof(payload_csrs[0]))
/* the CSRs of payload_csrs the payload itself writes: the S and H ones */
#define PAYLOAD_WRITES_FROM 7
#define NB_PAYLOAD_WRITES (NB_PAYLOAD - 2 - 16 - PAYLOAD_WRITES_FROM)
#define MSTATUS_TRAP_OWNED (MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MPV | MSTATUS_GVA)

struct payload_view {
	uint64_t regs[32], pc, csr[NB_PAYLOAD];
	unsigned mode;
};

static void payload_view(struct payload_view *v, uint64_t pc, unsigned mode)
{
	unsigned priv = host_priv();

	host_set_priv(PRV_M);
	for (unsigned i = 0; i < NB_PAYLOAD; i++) {
		v->csr[i] = 0;
		(void)host_csr_rmw(payload_csrs[i], &v->csr[i], 0, 0);
	}
	v->csr[0] &= ~MSTATUS_TRAP_OWNED;
	host_set_priv(priv);
	/* register by register: the monitor's byte-wise memcpy of 256 bytes would need an
	 * unwinding bound of 257 (CBMC's unwinding assertion failed at --unwind 70) */
	for (unsigned r = 0; r < 32; r++)
		v->regs[r] = H.ctx.regs[r];
	v->pc = pc;
	v->mode = mode;
}

/*
 * The world switch: the payload traps to the firmware, whose handler
 * returns at once (mret, mepc as the trap left it); the payload then goes
 * on with everything it left: registers, pc, privilege and every CSR of
 * payload_csrs, the physical PMP included. The firmware's history, the
 * payload's own CSR writes (through the hart's WARL rules, at S), its
 * registers, pc, privilege and the exception are nondeterministic.
 */
static const uint64_t su_exceptions[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 15 };

void world_switch(void)
{
	unsigned mode = nondet_uint() & 1 ? PRV_S : PRV_U, first = nondet_uint() & 1 ? PRV_S : PRV_U;
	uint64_t cause = nondet_u64(), tval = nondet_u64(), pc = nondet_u64(), ms;
	struct payload_view before, after;

	setup();
	/* The firmware enters the payload: mret with MPP = S or U (V = 0: as xret). */
	ms = vget(CSR_MSTATUS) & ~(MSTATUS_MPP | MSTATUS_MPV);
	(void)vcsr_write(&H.ctx, CSR_MSTATUS, ms | (uint64_t)first << MSTATUS_MPP_SHIFT);
	monitor_exec(ENC_MRET);
	/* Else an M-level interrupt was pending and enabled: taken at once (3.1.9). */
	ASSUME(H.ctx.mode != PRV_M);
	world_prepare_run(&H.ctx);

	/* The payload runs: S-mode writes its CSRs (WARL), maybe moves to U (sret). */
	host_set_priv(PRV_S);
	for (unsigned i = PAYLOAD_WRITES_FROM; i < PAYLOAD_WRITES_FROM + NB_PAYLOAD_WRITES; i++)
		(void)host_csr_rmw(payload_csrs[i], NULL, nondet_u64(), ~0ULL);
	(void)host_csr_rmw(CSR_SSTATUS, NULL, nondet_u64(), ~0ULL);
	(void)host_csr_rmw(CSR_SIE, NULL, nondet_u64(), ~0ULL);
	(void)host_csr_rmw(CSR_SIP, NULL, nondet_u64(), ~0ULL);
	host_set_priv(mode);
	for (unsigned r = 1; r < 32; r++)
		H.ctx.regs[r] = nondet_u64();
	ASSUME((pc & 1) == 0);	/* IALIGN = 16 (C): pc is always even */
	payload_view(&before, pc, mode);

	/*
	 * It raises an exception: one S/U can raise (ecall from its own mode),
	 * that medeleg does not delegate (a delegated one never leaves S) and
	 * that is not the monitor's own ABI call (handled without the firmware).
	 */
	ASSUME(cause <= 15 && cause != 10 && cause != 11 && cause != 14);
	ASSUME(cause != CAUSE_USER_ECALL || mode == PRV_U);
	ASSUME(cause != CAUSE_SUPERVISOR_ECALL || mode == PRV_S);
	ASSUME(!(host_csr_get_raw(CSR_MEDELEG) >> cause & 1));
	ASSUME(cause != CAUSE_SUPERVISOR_ECALL || vctx_get_reg(&H.ctx, 17) != ABI_EID);
	(void)host_trap_enter(cause, tval, pc);
	ASSERT(host_priv() == PRV_M, "the hardware traps to the monitor");
	H.ctx.pc = pc;
	/*
	 * The monitor handles the trap with one constant cause per case, the cases
	 * together every cause the assumptions above leave: CBMC then follows each
	 * cause's path through vtrap_handle, not every path of a symbolic mcause.
	 */
	for (unsigned i = 0; i < NB_CASES(su_exceptions); i++) {
		uint64_t k = su_exceptions[i];

		if (k != cause)
			continue;
		H.ctx.trap = (struct trap_info){ .mcause = k, .mepc = pc, .mtval = tval,
						 .mstatus = host_csr_get_raw(CSR_MSTATUS),
						 .mip = csr_read(CSR_MIP) };
		(void)vtrap_handle(&H.ctx);
	}
	ASSERT(H.ctx.mode == PRV_M, "the exception reaches the firmware");
	ASSERT(vget(CSR_MEPC) == pc && vget(CSR_MCAUSE) == cause, "the firmware sees the trap");
	world_prepare_run(&H.ctx);

	/* Else mret lets a pending M-level interrupt in first (3.1.9): no round trip yet. */
	ASSUME((vget(CSR_MIP) & vget(CSR_MIE) & ~vget(CSR_MIDELEG)) == 0);
	monitor_exec(ENC_MRET);
	world_prepare_run(&H.ctx);
	payload_view(&after, H.ctx.pc, H.ctx.mode);
	ASSERT(after.mode == before.mode && !H.ctx.virt, "the payload resumes in its mode");
	ASSERT(after.pc == before.pc, "the payload resumes at its pc");
	for (unsigned r = 0; r < 32; r++)
		ASSERT(after.regs[r] == before.regs[r], "the payload's registers are unchanged");
	for (unsigned i = 0; i < NB_PAYLOAD; i++)
		ASSERT(after.csr[i] == before.csr[i], "the payload's CSRs are unchanged");
}

/* A physical entry as the hart holds it. */
static void phys_entry(unsigned i, uint8_t *cfg, uint64_t *addr)
{
	*cfg = (uint8_t)(host_csr_get_raw(CSR_PMPCFG0 + 2 * (i / 8)) >> (8 * (i % 8)));
	*addr = host_csr_get_raw(CSR_PMPADDR0 + i);
}

/*
 * The layout of include/miralis/pmp.h on this hart (16 entries, no device,
 * no module), written out here rather than taken from the monitor: entry 0
 * NAPOT over the monitor's memory, no permission; 1 the MPRV entry; 2 the
 * OFF base of the virtual TOR; 3..10 the firmware's 8 entries; 11..14
 * unused; 15 the virtual no-match rule.
 */
#define MON_ENTRY_ADDR ((VHART_MON_BASE | (VHART_MON_SIZE / 2 - 1)) >> 2)
#define MPRV_ENTRY 1
#define VIRT_FIRST 3
#define VIRT_LAST 10
#define LAST_ENTRY 15

/*
 * The entries that are the monitor's (all but the firmware's virtual ones
 * and the last, which holds the virtual no-match rule) hold what boot put
 * there, whatever the firmware wrote: the MPRV entry is OFF, or NAPOT over
 * all memory execute-only in the firmware world while vMPRV is set with
 * vMPP below M. No entry is locked, S/U reach no byte of the monitor.
 */
static void check_monitor_entries(uint64_t probe, unsigned access)
{
	uint64_t ms = H.ctx.csr.mstatus;
	bool mprv_on = H.ctx.mode == PRV_M && (ms & MSTATUS_MPRV) &&
		       (ms & MSTATUS_MPP) != (uint64_t)PRV_M << MSTATUS_MPP_SHIFT;

	ASSERT(H.pmp.nb_pmp == LAST_ENTRY + 1 && H.pmp.voff == VIRT_FIRST &&
	       H.pmp.nb_virt == VIRT_LAST - VIRT_FIRST + 1, "the layout is pmp.h's");
	for (unsigned i = 0; i <= LAST_ENTRY; i++) {
		uint8_t cfg;
		uint64_t addr;

		phys_entry(i, &cfg, &addr);
		ASSERT(!(cfg & PMP_L), "no physical entry is locked");
		if ((i >= VIRT_FIRST && i <= VIRT_LAST) || i == LAST_ENTRY)
			continue;
		if (i == 0)
			ASSERT(cfg == PMP_A_NAPOT && addr == MON_ENTRY_ADDR,
			       "entry 0 covers the monitor, no permission");
		else if (i == MPRV_ENTRY && mprv_on)
			ASSERT(cfg == (PMP_A_NAPOT | PMP_X) && addr == ~0ULL >> 10,
			       "the MPRV entry: all memory, execute only");
		else
			ASSERT(cfg == 0 && addr == 0, "the other monitor entries are OFF");
	}
	if (with_smepmp)
		ASSERT(!(host_csr_get_raw(CSR_MSECCFG) & (MSECCFG_MML | MSECCFG_MMWP | MSECCFG_RLB)),
		       "physical mseccfg stays clear");
	ASSERT(!host_pmp_allows(probe, 1, access, PRV_S) && !host_pmp_allows(probe, 1, access, PRV_U),
	       "S and U reach no byte of the monitor");
}

#ifndef MONITOR_PMP_STEPS
#define MONITOR_PMP_STEPS 3
#endif

/*
 * Any sequence of MONITOR_PMP_STEPS CSR instructions of the firmware
 * (csrrw/csrrs/csrrc, any value) on pmpcfg0..14, pmpaddr0..63, mseccfg or
 * mstatus (MPRV, MPP), each followed by the firmware world's entry and by
 * a payload world's one (as after mret, as pmp_virtualization does),
 * leaves the monitor's entries as boot installed them.
 */
void monitor_pmp(void)
{
	uint64_t probe = VHART_MON_BASE + nondet_u64() % VHART_MON_SIZE;
	unsigned access = 1u << (nondet_uint() % 3);

	with_smepmp = nondet_uint() & 1;
	setup();
	check_monitor_entries(probe, access);
	for (unsigned step = 0; step < MONITOR_PMP_STEPS; step++) {
		unsigned k = nondet_uint() % 4, f3 = 1 + nondet_uint() % 3, csr;

		switch (k) {
		case 0: csr = CSR_PMPCFG0 + 2 * (nondet_uint() % 8); break;
		case 1: csr = CSR_PMPADDR0 + nondet_uint() % 64; break;
		case 2: csr = CSR_MSECCFG; break;
		default: csr = CSR_MSTATUS; break;
		}
		H.ctx.regs[5] = nondet_u64();
		H.ctx.pc = FW_PC;
		monitor_exec(enc_csr(f3, 0, csr, 5));
		/* Else an interrupt was delivered: the firmware is still in vM-mode. */
		ASSUME(H.ctx.mode == PRV_M);
		world_prepare_run(&H.ctx);
		check_monitor_entries(probe, access);
		H.ctx.mode = nondet_uint() & 1 ? PRV_S : PRV_U;	/* as after mret */
		H.ctx.pmp_dirty = true;
		world_prepare_run(&H.ctx);
		check_monitor_entries(probe, access);
		H.ctx.mode = PRV_M;	/* as after a trap */
		H.ctx.pmp_dirty = true;
	}
	with_smepmp = false;
}

/*
 * MPRV replay (src/virt/memory.c): the firmware, with vMPRV set and vMPP
 * S or U, executes any instruction word that faults with a load or store
 * access fault at any address (the instruction may disagree with the
 * hart's record: the monitor must then not replay it). Every access the
 * monitor makes on its behalf that the physical PMP lets through is one
 * the firmware's PMP allows at vMPP: the reference hart with the same
 * writes decides (3.7.1). The virtual PMP is any (locked entries too).
 * The host hart has no address translation: its addresses are physical.
 */
void mprv_pmp(void)
{
	unsigned mpp = nondet_uint() & 1 ? PRV_S : PRV_U, len = nondet_uint() & 1 ? 4 : 2;
	uint32_t raw = nondet_uint();
	bool store = nondet_uint() & 1;
	uint64_t addr = nondet_u64();
	uint8_t *mem;
	unsigned n;

	setup();
	ASSUME(host_mem_map(FW_MEM, 0x200) == 0);
	mem = host_mem_ptr(FW_MEM, 0x200);
	both_write(CSR_PMPCFG0, nondet_u64());
	for (unsigned i = 0; i < 8; i++)
		both_write(CSR_PMPADDR0 + i, nondet_u64());
	both_write(CSR_MSTATUS, (vget(CSR_MSTATUS) & ~MSTATUS_MPP) | MSTATUS_MPRV |
				(uint64_t)mpp << MSTATUS_MPP_SHIFT);
	for (unsigned r = 1; r < 32; r++)
		H.ctx.regs[r] = nondet_u64();
	if (nondet_uint() & 1) {
		/* among all words, a load or store that agrees with mtval (the usual case) */
		unsigned f3 = nondet_uint() & 3, rs1 = nondet_uint() & 31, r = nondet_uint() & 31;
		uint32_t imm = nondet_uint() & 0xfff;

		len = 4;
		raw = store ? enc_store(f3, r, rs1, imm) : enc_load(f3, r, rs1, imm);
		if (rs1)
			H.ctx.regs[rs1] = addr - (uint64_t)sext12(imm);
	}
	for (unsigned i = 0; i < len; i++)
		mem[FW_PC - FW_MEM + i] = (uint8_t)(raw >> (8 * i));
	H.ctx.pc = FW_PC;
	world_prepare_run(&H.ctx);

	H.ctx.trap = (struct trap_info){ .mcause = store ? CAUSE_STORE_ACCESS : CAUSE_LOAD_ACCESS,
					 .mepc = FW_PC, .mtval = addr,
					 /* the hart's transformed instruction (H 8.6.3), or none */
					 .mtinst = nondet_uint() & 1 ? nondet_u64() : 0,
					 .mstatus = host_csr_get_raw(CSR_MSTATUS),
					 .mip = csr_read(CSR_MIP) };
	(void)vtrap_handle(&H.ctx);
	n = host_stats()->mprv_passed;
	ASSERT(n <= HOST_MPRV_LOG, "a few accesses at most");
	ref_load();
	for (unsigned i = 0; i < n && i < HOST_MPRV_LOG; i++) {
		const struct host_access *a = &host_stats()->mprv_log[i];

		ASSERT(a->mode == mpp, "the access is made at vMPP");
		ASSERT(host_pmp_allows(a->addr, a->width, a->access, mpp),
		       "the firmware's PMP allows every access made for it");
	}
	host_state_restore(&phys);
}

#ifdef VERIFY_CBMC
/*
 * The host hart stops with abort() when the monitor panics, exits, or uses
 * the hart wrongly (host_die). CBMC's own abort() is assume(false), which
 * would silently drop those paths: here it is a failed check instead.
 */
void abort(void)
{
	__CPROVER_assert(0, "the host hart stopped (monitor panic or exit, or a misuse of the hart)");
	__CPROVER_assume(0);
}
#else
const struct harness verify_harnesses[] = {
	{ "read_csr", read_csr }, { "write_csr", write_csr }, { "mret", mret },
	{ "sret", sret }, { "wfi", wfi }, { "fences", fences },
	{ "exception_virtualization", exception_virtualization },
	{ "interrupt_virtualization", interrupt_virtualization },
	{ "pmp_virtualization", pmp_virtualization },
	{ "verify_decoder", verify_decoder }, { "verify_load", verify_load },
	{ "verify_stores", verify_stores },
	{ "verify_compressed_loads", verify_compressed_loads },
	{ "verify_compressed_stores", verify_compressed_stores },
	{ "world_switch", world_switch }, { "monitor_pmp", monitor_pmp },
	{ "mprv_pmp", mprv_pmp },
	{ NULL, NULL },
};
#endif
