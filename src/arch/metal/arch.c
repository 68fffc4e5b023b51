/*
 * Metal side of the hardware seam (include/miralis/arch.h): guest entry,
 * CSR probing, accesses on behalf of guests, fences and wfi.
 */
#include <miralis/arch.h>
#include <miralis/decode.h>
#include <miralis/hw.h>
#include <miralis/riscv/encoding.h>
#include <miralis/virt.h>

void arch_vcpu_start(struct vctx *ctx) __attribute__((noreturn));
void arch_vcpu_resume(struct vctx *ctx) __attribute__((noreturn));
void arch_vcpu_exited(struct vctx *ctx) __attribute__((noreturn));
struct vctx *arch_vcpu_light(struct vctx *ctx);
void arch_catch_trap(void);

static void (*vcpu_exit_handler)(struct vctx *ctx);

void arch_vcpu_loop(struct vctx *ctx, void (*on_exit)(struct vctx *ctx))
{
	vcpu_exit_handler = on_exit;	/* the same for every hart */
	arch_vcpu_start(ctx);
}

/*
 * A light exit (trap.S .Llight: only the registers C may clobber or read
 * were saved) returns to the trap entry: ctx, for the registers it
 * reloads. ctx->trap from the hart: what the trap recorded
 * (docs/trap-contract.md).
 */
_Static_assert(INSN_RAW_MRET == 0x30200073u, "trap.S MRET_BITS");
__attribute__((noinline)) struct vctx *arch_vcpu_light(struct vctx *ctx)
{
	ctx->trap.mcause = csr_read(CSR_MCAUSE);
	ctx->trap.mepc = ctx->pc;
	ctx->trap.mtval = csr_read(CSR_MTVAL);
	ctx->trap.mstatus = csr_read(CSR_MSTATUS);
	ctx->trap.mip = csr_read(CSR_MIP);
	if (ctx->hw->has_h) {
		ctx->trap.mtval2 = csr_read(CSR_MTVAL2);
		ctx->trap.mtinst = csr_read(CSR_MTINST);
	} else {
		ctx->trap.mtval2 = 0;
		ctx->trap.mtinst = 0;
	}
	vcpu_exit_handler(ctx);
	return ctx;
}

/* From arch_trap_entry (trap.S), on a fresh frame at ctx->host_sp: every register saved */
void arch_vcpu_exited(struct vctx *ctx)
{
	arch_vcpu_resume(arch_vcpu_light(ctx));
}

/* ---- raw access by number: indexed CSRs (PMP), triggers, m/sstatus probing ---- */

/*
 * A csr instruction names its CSR statically, so every CSR the monitor
 * accesses by number has a 12-byte stub pair in arch_csr_stubs (as hpm.S,
 * with a compressed ret: arch_catch_trap skips the 4-byte csr instruction
 * and lands on it):
 *
 *   +0  csrr a0, csr ; c.jr ra       +6  csrw csr, a0 ; c.jr ra
 *
 * Slots 0-79 are pmpcfg0..pmpaddr63 (0x3a0 + slot), 80-84 the trigger
 * CSRs tselect..tinfo (0x7a0 + slot - 80): both ranges are indexed
 * directly, as the PMP commit and the trigger switch use them on the
 * run path. The others follow in csr_stub_nums' order, found by search
 * (boot-time probing only; tselect, also in HW_PROBED_CSRS, is found in
 * the trigger range first, so its second pair is never used). One table
 * instead of a switch per use keeps the image small (docs/architecture.md,
 * "Image size").
 */
#define CSR_STUBS_PMP_FIRST 0x3a0
#define CSR_STUBS_PMP_COUNT 80
#define CSR_STUBS_TRIG_FIRST 0x7a0
#define CSR_STUBS_TRIG_COUNT 5
#define CSR_STUBS_LISTED (CSR_STUBS_PMP_COUNT + CSR_STUBS_TRIG_COUNT)

/*
 * The others, beside HW_PROBED_CSRS: X(num). misa, satp, hgatp, vsatp,
 * mcycle, minstret, stimecmp, vstimecmp, mvendorid, marchid, mimpid,
 * mhartid, mconfigptr, cycle, time, instret.
 */
#define PROBE_EXTRA(X)                                                        \
	X(0x301) X(0x180) X(0x680) X(0x280) X(0xb00) X(0xb02)                 \
	X(0x14d) X(0x24d) X(0xf11) X(0xf12) X(0xf13) X(0xf14) X(0xf15)        \
	X(0xc00) X(0xc01) X(0xc02)

#define STUB_ASM(num) "csrr a0, " #num "\nc.jr ra\ncsrw " #num ", a0\nc.jr ra\n"
#define STUB_ASM_HW(name, num, avoid) STUB_ASM(num)
#define STUB_NUM(num) num,
#define STUB_NUM_HW(name, num, avoid) num,

__asm__(".pushsection .text.arch_csr_stubs, \"ax\"\n"
	".option push\n.option rvc\n"
	".balign 4\n"
	".globl arch_csr_stubs\n"
	"arch_csr_stubs:\n"
	".set arch_csr_n, 0x3a0\n"	/* CSR_STUBS_PMP_FIRST */
	".rept 80\n"			/* CSR_STUBS_PMP_COUNT */
	"csrr a0, arch_csr_n\nc.jr ra\ncsrw arch_csr_n, a0\nc.jr ra\n"
	".set arch_csr_n, arch_csr_n + 1\n"
	".endr\n"
	".set arch_csr_n, 0x7a0\n"	/* CSR_STUBS_TRIG_FIRST */
	".rept 5\n"			/* CSR_STUBS_TRIG_COUNT */
	"csrr a0, arch_csr_n\nc.jr ra\ncsrw arch_csr_n, a0\nc.jr ra\n"
	".set arch_csr_n, arch_csr_n + 1\n"
	".endr\n"
	HW_PROBED_CSRS(STUB_ASM_HW)
	PROBE_EXTRA(STUB_ASM)
	".option pop\n"
	".popsection");


static const uint16_t csr_stub_nums[] = { HW_PROBED_CSRS(STUB_NUM_HW) PROBE_EXTRA(STUB_NUM) };

/* The stub pair of csr, or NULL when the monitor has none */
static const char *csr_stub(unsigned csr)
{
	unsigned i;

	if (csr - CSR_STUBS_PMP_FIRST < CSR_STUBS_PMP_COUNT)
		return arch_csr_stubs + (csr - CSR_STUBS_PMP_FIRST) * CSR_STUB_SIZE;
	if (csr - CSR_STUBS_TRIG_FIRST < CSR_STUBS_TRIG_COUNT)
		return arch_csr_stubs + (csr - CSR_STUBS_TRIG_FIRST + CSR_STUBS_PMP_COUNT) *
		       CSR_STUB_SIZE;
	for (i = 0; i < sizeof(csr_stub_nums) / sizeof(csr_stub_nums[0]); i++)
		if (csr_stub_nums[i] == csr)
			return arch_csr_stubs + (CSR_STUBS_LISTED + i) * CSR_STUB_SIZE;
	return 0;
}

/*
 * Probed by reading only: read-only CSRs (csr[11:10] = 3, priv. spec
 * 2.1), the timer compares (a write could raise an interrupt) and tinfo.
 */
static bool probe_read_only(unsigned csr)
{
	return (csr >> 10) == 3 || csr == 0x14d || csr == 0x24d || csr == 0x7a4;
}

bool arch_csr_probe(unsigned csr, uint64_t value, uint64_t *orig, uint64_t *readback)
{
	return arch_csr_probe_keep(csr, value, 0, orig, readback);
}

/*
 * The value written is (value & ~keep) | (orig & keep), computed between
 * the reads. Read, write, read back and restore run in one asm block with
 * no memory access between them, as the probe may change mstatus.MPRV.
 * A stub's csr instruction is 4 bytes long so arch_catch_trap can skip
 * it; t6 = cause of a fault.
 */
bool arch_csr_probe_keep(unsigned csr, uint64_t value, uint64_t keep, uint64_t *orig,
			 uint64_t *readback)
{
	const char *stub = csr_stub(csr);
	register uint64_t a0 __asm__("a0");
	uint64_t o, cause, saved_mtvec;

	if (!stub)
		return false;
	saved_mtvec = csr_swap(CSR_MTVEC, (uint64_t)arch_catch_trap);
	if (probe_read_only(csr)) {
		__asm__ __volatile__("li t6, 0\n"
				     "jalr ra, 0(%3)\n"
				     "mv %1, a0\n"
				     "mv %0, t6"
				     : "=&r"(cause), "=&r"(o), "=r"(a0)
				     : "r"(stub)
				     : "ra", "t5", "t6", "memory");
		a0 = o;
	} else {
		a0 = value;
		__asm__ __volatile__("li t6, 0\n"
				     "mv t4, a0\n"
				     "jalr ra, 0(%3)\n"		/* a0 = orig */
				     "bnez t6, 1f\n"
				     "mv %1, a0\n"
				     "xor a0, a0, t4\n"
				     "and a0, a0, %4\n"
				     "xor a0, a0, t4\n"
				     "jalr ra, " ARCH_STR(CSR_STUB_WRITE) "(%3)\n"	/* write */
				     "jalr ra, 0(%3)\n"		/* a0 = readback */
				     "mv t4, a0\n"
				     "mv a0, %1\n"
				     "jalr ra, " ARCH_STR(CSR_STUB_WRITE) "(%3)\n"	/* restore */
				     "mv a0, t4\n"
				     "1:\n"
				     "mv %0, t6"
				     : "=&r"(cause), "=&r"(o), "+r"(a0)
				     : "r"(stub), "r"(keep)
				     : "ra", "t4", "t5", "t6", "memory");
	}
	csr_write(CSR_MTVEC, saved_mtvec);
	if (cause != 0)
		return false;
	*orig = o;
	*readback = a0;
	return true;
}

/*
 * The trap lands on the local label, which reads the CSRs before anything
 * else can change them and carries on in M-mode (no mret: mepc, MPP and MIE
 * stay as the trap left them, harmless at boot). `.word 0` is illegal in
 * both the 32- and the 16-bit encoding spaces.
 */
void arch_probe_trap_entry(uint64_t mark, struct arch_trap_entry *out)
{
	uint64_t ms = MSTATUS_GVA | MSTATUS_MPV, v2 = mark, ti = mark;

	/*
	 * mtvec's BASE is 4-byte aligned (priv. spec 3.1.7) and this block may
	 * be inlined (LTO) at a 2-byte boundary: align before norvc, while the
	 * assembler can still reserve the padding that linker relaxation needs.
	 */
	__asm__ __volatile__(".balign 4\n.option push\n.option norvc\n"
			     "la t1, 1f\n"
			     "csrrw t0, mtvec, t1\n"
			     "csrs mstatus, %0\n"
			     "csrw 0x34b, %1\n"
			     "csrw 0x34a, %2\n"
			     ".word 0\n"
			     "1:\n"
			     "csrr %0, mstatus\n"
			     "csrr %1, 0x34b\n"
			     "csrr %2, 0x34a\n"
			     "csrw mtvec, t0\n"
			     ".option pop"
			     : "+&r"(ms), "+&r"(v2), "+&r"(ti)
			     :
			     : "t0", "t1", "memory");
	csr_clear(CSR_MSTATUS, MSTATUS_GVA | MSTATUS_MPV);
	out->mstatus = ms;
	out->mtval2 = v2;
	out->mtinst = ti;
}

bool arch_seed_read(uint64_t *val)
{
	uint64_t saved_mtvec = csr_swap(CSR_MTVEC, (uint64_t)arch_catch_trap);
	uint64_t v, cause;

	/* a write form: a plain csrr of seed is illegal by definition */
	__asm__ __volatile__(".option push\n.option norvc\n"
			     "li t6, 0\n"
			     "csrrw %0, %2, zero\n"
			     "mv %1, t6\n"
			     ".option pop"
			     : "=&r"(v), "=&r"(cause)
			     : "i"(CSR_SEED)
			     : "t5", "t6", "memory");
	csr_write(CSR_MTVEC, saved_mtvec);
	if (cause)
		return false;
	*val = v;
	return true;
}

/* ---- performance counters, through the stubs of hpm.S ---- */

#define HPM_STUB_SIZE 6	/* hpm.S */

extern char arch_hpm_counter_read[], arch_hpm_counter_write[];
extern char arch_hpm_event_read[], arch_hpm_event_write[];

int arch_hpm_access(unsigned csr, bool write, uint64_t *val)
{
	const char *table;
	unsigned i;
	uint64_t saved_mtvec, cause;

	if (csr >= CSR_MHPMCOUNTER3 && csr <= CSR_MHPMCOUNTER31) {
		i = csr - CSR_MHPMCOUNTER3;
		table = write ? arch_hpm_counter_write : arch_hpm_counter_read;
	} else if (csr >= CSR_MHPMEVENT3 && csr <= CSR_MHPMEVENT31) {
		i = csr - CSR_MHPMEVENT3;
		table = write ? arch_hpm_event_write : arch_hpm_event_read;
	} else {
		return -1;
	}
	register uint64_t a0 __asm__("a0") = *val;
	saved_mtvec = csr_swap(CSR_MTVEC, (uint64_t)arch_catch_trap);
	__asm__ __volatile__("li t6, 0\n"
			     "jalr ra, 0(%2)\n"
			     "mv %1, t6"
			     : "+r"(a0), "=&r"(cause)
			     : "r"(table + HPM_STUB_SIZE * i)
			     : "ra", "t5", "t6", "memory");
	csr_write(CSR_MTVEC, saved_mtvec);
	if (cause)
		return -1;
	*val = a0;
	return 0;
}

/*
 * The stub of a CSR arch_csr_read_num/write_num serve (arch.h): PMP,
 * triggers, mstatus, sstatus, the H and VS CSRs (0x6xx, 0x2xx) that have a
 * stub; none (0 read, no write) for any other, including the odd pmpcfg of
 * RV64.
 */
static const char *csr_stub_rw(unsigned csr)
{
	bool pmp = csr - CSR_STUBS_PMP_FIRST < CSR_STUBS_PMP_COUNT;
	bool odd_cfg = csr - CSR_STUBS_PMP_FIRST < 16 && (csr & 1);
	bool trig = csr - CSR_STUBS_TRIG_FIRST < CSR_STUBS_TRIG_COUNT;
	bool hyp = (csr >> 8) == 6 || (csr >> 8) == 2;

	if (odd_cfg || !(pmp || trig || hyp || csr == CSR_MSTATUS || csr == CSR_SSTATUS))
		return 0;
	return csr_stub(csr);
}

uint64_t arch_csr_read_num(unsigned csr)
{
	const char *stub = csr_stub_rw(csr);
	register uint64_t a0 __asm__("a0") = 0;

	if (stub)
		__asm__ __volatile__("jalr ra, 0(%1)" : "=r"(a0) : "r"(stub) : "ra", "memory");
	return a0;
}

void arch_csr_write_num(unsigned csr, uint64_t value)
{
	const char *stub = csr_stub_rw(csr);
	register uint64_t a0 __asm__("a0") = value;

	if (stub)
		__asm__ __volatile__("jalr ra, " ARCH_STR(CSR_STUB_WRITE) "(%1)"
				     :
				     : "r"(a0), "r"(stub)
				     : "ra", "memory");
}

/* ---- memory accesses on behalf of a guest (mstatus.MPRV) ---- */

/*
 * The access runs with MPRV=1 and MPP=mode (priv. spec 3.1.6.3: MPRV makes
 * loads and stores use MPP's translation and protection) in a stub of
 * mprv.S, behind arch_catch_trap so a fault comes back as a cause instead
 * of a monitor panic.
 */
enum {
	MPRV_SLOT_LOAD = 0,	/* + log2(width) */
	MPRV_SLOT_STORE = 4,	/* + log2(width) */
	MPRV_SLOT_AMO = 8,	/* + 2 * amo_slot(op) + (width == 8) */
	MPRV_STUB_SIZE = 16,
	PAGE_SIZE = 4096,
};

extern char arch_mprv_stubs_a[], arch_mprv_stubs_b[];

/* MPV = 1 makes the access two-stage, as VS/VU (H spec 8.4.1) */
static uint64_t mprv_mstatus(unsigned mode)
{
	uint64_t ms = csr_read(CSR_MSTATUS);

	ms &= ~(MSTATUS_MPP | MSTATUS_MIE | MSTATUS_MPV);
	if (mode & ARCH_MPRV_VIRT)
		ms |= MSTATUS_MPV;
	return ms | MSTATUS_MPRV | ((uint64_t)(mode & PRV_M) << MSTATUS_MPP_SHIFT);
}

static unsigned log2_width(unsigned width)
{
	return width == 1 ? 0 : width == 2 ? 1 : width == 4 ? 2 : 3;
}

/* The stub copy on a page the access [addr, addr+width) does not touch (mprv.S). */
static const char *mprv_stubs(uint64_t addr, unsigned width)
{
	uint64_t a = (uint64_t)arch_mprv_stubs_a / PAGE_SIZE;

	if (addr / PAGE_SIZE == a || (addr + width - 1) / PAGE_SIZE == a)
		return arch_mprv_stubs_b;
	return arch_mprv_stubs_a;
}

static int mprv_call(unsigned slot, uint64_t addr, unsigned width, unsigned mode, uint64_t *val,
		     uint64_t src)
{
	uint64_t ms = mprv_mstatus(mode), cause;
	uint64_t saved_mtvec;

	register uint64_t a0 __asm__("a0") = addr;
	register uint64_t a1 __asm__("a1") = *val;
	register uint64_t a2 __asm__("a2") = ms;
	register uint64_t a3 __asm__("a3") = src;
	saved_mtvec = csr_swap(CSR_MTVEC, (uint64_t)arch_catch_trap);
	__asm__ __volatile__("li t6, 0\n"
			     "jalr ra, 0(%2)\n"
			     "mv %1, t6"
			     : "+r"(a1), "=&r"(cause)
			     : "r"(mprv_stubs(addr, width) + slot * MPRV_STUB_SIZE), "r"(a0),
			       "r"(a2), "r"(a3)
			     : "ra", "t0", "t1", "t5", "t6", "memory");
	csr_write(CSR_MTVEC, saved_mtvec);
	if (cause == 0)
		*val = a1;
	return (int)cause;
}

int arch_mprv_load(uint64_t addr, unsigned width, unsigned mode, uint64_t *out)
{
	uint64_t val = 0;
	int cause = mprv_call(MPRV_SLOT_LOAD + log2_width(width), addr, width, mode, &val, 0);

	if (cause == 0)
		*out = val;
	return cause;
}

int arch_mprv_store(uint64_t addr, unsigned width, unsigned mode, uint64_t value)
{
	return mprv_call(MPRV_SLOT_STORE + log2_width(width), addr, width, mode, &value, 0);
}

/* Position of each AMO in the stub table (mprv.S order) */
static int amo_slot(unsigned op)
{
	static const unsigned ops[] = { AMO_ADD, AMO_SWAP, AMO_XOR, AMO_OR, AMO_AND,
					AMO_MIN, AMO_MAX, AMO_MINU, AMO_MAXU };

	for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (ops[i] == op)
			return (int)i;
	return -1;
}

int arch_mprv_amo(unsigned op, uint64_t addr, unsigned width, unsigned mode, uint64_t src,
		  uint64_t *old)
{
	int k = amo_slot(op);
	uint64_t val = 0;
	int cause;

	if (k < 0 || (width != 4 && width != 8))
		return CAUSE_ILLEGAL_INSTRUCTION;
	cause = mprv_call(MPRV_SLOT_AMO + 2 * (unsigned)k + (width == 8), addr, width, mode, &val,
			  src);
	if (cause == 0)
		*old = val;
	return cause;
}

/* ---- hypervisor loads/stores for vM-mode (encoded by hand: no H in -march) ---- */

/*
 * X(template, word): the instruction as decode.c reports it (rs1/rd/rs2
 * cleared), and the same with a0 as data and a1 as address, which its
 * stub in arch_hyp_stubs runs (8 bytes: the access, ret).
 */
#define HYP_INSNS(X)                                                          \
	X(0x60004073, 0x6005c573) /* hlv.b a0, (a1) */                        \
	X(0x60104073, 0x6015c573) /* hlv.bu a0, (a1) */                       \
	X(0x64004073, 0x6405c573) /* hlv.h a0, (a1) */                        \
	X(0x64104073, 0x6415c573) /* hlv.hu a0, (a1) */                       \
	X(0x64304073, 0x6435c573) /* hlvx.hu a0, (a1) */                      \
	X(0x68004073, 0x6805c573) /* hlv.w a0, (a1) */                        \
	X(0x68104073, 0x6815c573) /* hlv.wu a0, (a1) */                       \
	X(0x68304073, 0x6835c573) /* hlvx.wu a0, (a1) */                      \
	X(0x6c004073, 0x6c05c573) /* hlv.d a0, (a1) */                        \
	X(0x62004073, 0x62a5c073) /* hsv.b a0, (a1) */                        \
	X(0x66004073, 0x66a5c073) /* hsv.h a0, (a1) */                        \
	X(0x6a004073, 0x6aa5c073) /* hsv.w a0, (a1) */                        \
	X(0x6e004073, 0x6ea5c073) /* hsv.d a0, (a1) */
#define HYP_STUB_SIZE 8
#define HYP_STUB_ASM(tmpl, word) ".word " #word "\nret\n"
#define HYP_TMPL(tmpl, word) tmpl,

__asm__(".pushsection .text.arch_hyp_stubs, \"ax\"\n"
	".option push\n.option norvc\n"
	".balign 8\n"
	".globl arch_hyp_stubs\n"
	"arch_hyp_stubs:\n"
	HYP_INSNS(HYP_STUB_ASM)
	".option pop\n"
	".popsection");

extern char arch_hyp_stubs[];

static const uint32_t hyp_templates[] = { HYP_INSNS(HYP_TMPL) };

int arch_hyp_access(uint32_t hyp, uint64_t addr, uint64_t *val)
{
	register uint64_t a0 __asm__("a0") = *val;
	register uint64_t a1 __asm__("a1") = addr;
	uint64_t saved_mtvec, cause;
	unsigned i = 0;

	while (i < sizeof(hyp_templates) / sizeof(hyp_templates[0]) && hyp_templates[i] != hyp)
		i++;
	if (i == sizeof(hyp_templates) / sizeof(hyp_templates[0]))
		return CAUSE_ILLEGAL_INSTRUCTION;
	saved_mtvec = csr_swap(CSR_MTVEC, (uint64_t)arch_catch_trap);
	__asm__ __volatile__("li t6, 0\n"
			     "jalr ra, 0(%2)\n"
			     "mv %1, t6"
			     : "+r"(a0), "=&r"(cause)
			     : "r"(arch_hyp_stubs + i * HYP_STUB_SIZE), "r"(a1)
			     : "ra", "t5", "t6", "memory");
	csr_write(CSR_MTVEC, saved_mtvec);
	if (cause == 0)
		*val = a0;
	return (int)cause;
}

/* ---- the guest's FP registers (assembled with D enabled locally) ---- */

/*
 * An FP instruction names its register statically: one 6-byte stub per
 * register and direction, entry r of a table for f<r>.
 *
 *   arch_fpr_stubs + 6 * r          fmv.x.d a0, f<r> ; c.jr ra
 *   arch_fpr_stubs + 6 * (32 + r)   fmv.d.x f<r>, a0 ; c.jr ra
 */
#define FPR_STUB_SIZE 6
#define FPR_COUNT 32

__asm__(".pushsection .text.arch_fpr_stubs, \"ax\"\n"
	".option push\n.option rvc\n.option arch, +d\n"
	".balign 4\n"
	".globl arch_fpr_stubs\n"
	"arch_fpr_stubs:\n"
	".irp r, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,"
	"28,29,30,31\n"
	"fmv.x.d a0, f\\r\nc.jr ra\n"
	".endr\n"
	".irp r, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,"
	"28,29,30,31\n"
	"fmv.d.x f\\r, a0\nc.jr ra\n"
	".endr\n"
	".option pop\n"
	".popsection");

/*
 * The whole file: fsd/fld and fmv.d.x with x0 (a0 = f, a1 = zero). The
 * raw 64 bits move unchanged (fsd/fld do not convert, D 16.2).
 */
__asm__(".pushsection .text.arch_fpr_save_all, \"ax\"\n"
	".option push\n.option arch, +d\n"
	".globl arch_fpr_save_all\n"
	"arch_fpr_save_all:\n"
	".irp r, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,"
	"28,29,30,31\n"
	"fsd f\\r, 8*\\r(a0)\n"
	".endr\n"
	"beqz a1, 1f\n"
	".irp r, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,"
	"28,29,30,31\n"
	"fmv.d.x f\\r, zero\n"
	".endr\n"
	"1: ret\n"
	".globl arch_fpr_load_all\n"
	"arch_fpr_load_all:\n"
	".irp r, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,"
	"28,29,30,31\n"
	"fld f\\r, 8*\\r(a0)\n"
	".endr\n"
	"ret\n"
	".option pop\n"
	".popsection");

extern char arch_fpr_stubs[];

uint64_t arch_fpr_read(unsigned r)
{
	register uint64_t a0 __asm__("a0") = 0;

	if (r < FPR_COUNT)
		__asm__ __volatile__("jalr ra, 0(%1)"
				     : "+r"(a0)
				     : "r"(arch_fpr_stubs + r * FPR_STUB_SIZE)
				     : "ra");
	return a0;
}

void arch_fpr_write(unsigned r, uint64_t bits)
{
	register uint64_t a0 __asm__("a0") = bits;

	if (r < FPR_COUNT)
		__asm__ __volatile__("jalr ra, 0(%1)"
				     :
				     : "r"(a0), "r"(arch_fpr_stubs + (FPR_COUNT + r) * FPR_STUB_SIZE)
				     : "ra");
}

/* ---- device accesses on behalf of a guest, behind arch_catch_trap ---- */

#define TRY_ACCESS(insn, constraint)                                          \
	__asm__ __volatile__(".option push\n.option norvc\n"                  \
			     "li t6, 0\n" insn "\n"                           \
			     "mv %1, t6\n"                                     \
			     ".option pop"                                     \
			     : constraint(v), "=&r"(cause)                     \
			     : "r"(addr)                                       \
			     : "t5", "t6", "memory")

int arch_mmio_try_read(uint64_t addr, unsigned width, uint64_t *val)
{
	uint64_t saved_mtvec = csr_swap(CSR_MTVEC, (uint64_t)arch_catch_trap);
	uint64_t v = 0, cause;

	switch (width) {
	case 1:
		TRY_ACCESS("lbu %0, 0(%2)", "=&r");
		break;
	case 2:
		TRY_ACCESS("lhu %0, 0(%2)", "=&r");
		break;
	case 4:
		TRY_ACCESS("lwu %0, 0(%2)", "=&r");
		break;
	default:
		TRY_ACCESS("ld %0, 0(%2)", "=&r");
		break;
	}
	csr_write(CSR_MTVEC, saved_mtvec);
	if (cause == 0)
		*val = v;
	return (int)cause;
}

int arch_mmio_try_write(uint64_t addr, unsigned width, uint64_t val)
{
	uint64_t saved_mtvec = csr_swap(CSR_MTVEC, (uint64_t)arch_catch_trap);
	uint64_t v = val, cause;

	switch (width) {
	case 1:
		TRY_ACCESS("sb %0, 0(%2)", "+&r");
		break;
	case 2:
		TRY_ACCESS("sh %0, 0(%2)", "+&r");
		break;
	case 4:
		TRY_ACCESS("sw %0, 0(%2)", "+&r");
		break;
	default:
		TRY_ACCESS("sd %0, 0(%2)", "+&r");
		break;
	}
	csr_write(CSR_MTVEC, saved_mtvec);
	return (int)cause;
}

/* ---- device accesses by the monitor itself ---- */

uint64_t arch_mmio_read(uint64_t addr, unsigned width)
{
	switch (width) {
	case 1:
		return *(volatile uint8_t *)addr;
	case 2:
		return *(volatile uint16_t *)addr;
	case 4:
		return *(volatile uint32_t *)addr;
	default:
		return *(volatile uint64_t *)addr;
	}
}

void arch_mmio_write(uint64_t addr, unsigned width, uint64_t val)
{
	switch (width) {
	case 1:
		*(volatile uint8_t *)addr = (uint8_t)val;
		break;
	case 2:
		*(volatile uint16_t *)addr = (uint16_t)val;
		break;
	case 4:
		*(volatile uint32_t *)addr = (uint32_t)val;
		break;
	default:
		*(volatile uint64_t *)addr = val;
		break;
	}
}

void arch_wfi(uint64_t mie)
{
	uint64_t old = csr_swap(CSR_MIE, mie);

	__asm__ __volatile__("wfi" ::: "memory");
	csr_write(CSR_MIE, old);
}

void arch_sfence_vma(void)
{
	__asm__ __volatile__("sfence.vma" ::: "memory");
}

void arch_fence_i(void)
{
	__asm__ __volatile__("fence.i" ::: "memory");
}

void arch_sfence_vma_args(uint64_t vaddr, uint64_t asid, bool has_vaddr, bool has_asid)
{
	if (has_vaddr && has_asid)
		__asm__ __volatile__("sfence.vma %0, %1" ::"r"(vaddr), "r"(asid) : "memory");
	else if (has_vaddr)
		__asm__ __volatile__("sfence.vma %0, zero" ::"r"(vaddr) : "memory");
	else if (has_asid)
		__asm__ __volatile__("sfence.vma zero, %0" ::"r"(asid) : "memory");
	else
		__asm__ __volatile__("sfence.vma" ::: "memory");
}

/* hfence.* are encoded by hand: binutils needs the H extension in -march. */
void arch_hfence_vvma(void)
{
	__asm__ __volatile__(".word 0x22000073" ::: "memory");
}

void arch_hfence_gvma(void)
{
	__asm__ __volatile__(".word 0x62000073" ::: "memory");
}

uint64_t arch_ecall(uint64_t eid, uint64_t fid, uint64_t arg)
{
	register uint64_t a0 __asm__("a0") = arg;
	register uint64_t a6 __asm__("a6") = fid;
	register uint64_t a7 __asm__("a7") = eid;

	__asm__ __volatile__("ecall" : "+r"(a0) : "r"(a6), "r"(a7) : "a1", "memory");
	return a0;
}

unsigned arch_hart_id(void)
{
	return (unsigned)csr_read(CSR_MHARTID);
}

void arch_halt(void)
{
	for (;;)
		__asm__ __volatile__("wfi");
}
