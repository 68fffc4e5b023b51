/*
 * Memory windows of the sandbox (docs/sandbox.md, "Memory the firmware
 * may touch"): the few bytes of payload memory a trap being served names,
 * which the firmware reads or writes although the payload region is
 * locked. Its access faults on the lock; if it lies inside the window the
 * monitor performs it, anything else keeps faulting.
 *
 *   cached  bytes the payload itself could read at P->F, fetched then with
 *           its own translation and PMP: the trapping instruction
 *           (OpenSBI's sbi_get_insn), the hart mask of a legacy call
 *   live    a physical buffer the payload hands over (DBCN): checked to
 *           lie in the payload region and to be readable (writable) by
 *           the payload under the firmware's PMP, then accessed for real
 */
#define LOG_MODULE "protect_payload"

#include <miralis/arch.h>
#include <miralis/decode.h>
#include <miralis/emul.h>
#include <miralis/pmp.h>
#include <miralis/protect_payload.h>
#include <miralis/riscv/encoding.h>
#include <miralis/virt.h>

#include <config.h>

/* Top of the payload region as the module's PMP entry locks it */
#define REGION_END (1UL << 56)

bool pp_window_capture(struct vctx *c, struct pp_window *w, uint64_t addr, unsigned len)
{
	uint64_t v;

	w->len = 0;
	if (c->virt || len > sizeof(w->bytes))
		return false;
	w->bytes = 0;
	/* 2-byte steps: an instruction is only 2-byte aligned (IALIGN 16) */
	for (unsigned off = 0; off < len; off += 2) {
		if (arch_mprv_load(addr + off, 2, c->mode, &v) != 0)
			return false;
		w->bytes |= (v & 0xffff) << (8 * off);
	}
	w->addr = addr;
	w->len = len;
	w->live = false;
	w->write = false;
	return true;
}

bool pp_window_live(struct vctx *c, struct pp_window *w, uint64_t addr, uint64_t len, bool write)
{
	w->len = 0;
	if (len == 0 || addr < CONFIG_PAYLOAD_START || addr >= REGION_END ||
	    len > REGION_END - addr || !vpmp_allows(c, addr, len, write ? PMP_W : PMP_R))
		return false;
	w->addr = addr;
	w->len = len;
	w->live = true;
	w->write = write;
	return true;
}

/* The firmware's faulting load/store, if it lies inside w */
static bool inside(struct vctx *c, const struct pp_window *w, struct insn *in, uint64_t *addr)
{
	if (!w->len || !decode(vmem_fetch(c), in))
		return false;
	if (in->kind != INSN_LOAD && !(in->kind == INSN_STORE && w->write))
		return false;
	*addr = vctx_get_reg(c, in->rs1) + (uint64_t)in->imm;
	return *addr >= w->addr && *addr - w->addr <= w->len && in->width <= w->len - (*addr - w->addr);
}

bool pp_window_access(struct vctx *c, const struct pp_window *w)
{
	uint64_t cause = c->trap.mcause, addr, val = 0;
	unsigned mpp = (unsigned)((c->csr.mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
	bool mprv = (c->csr.mstatus & MSTATUS_MPRV) && mpp != PRV_M;
	struct insn in;

	if ((cause != CAUSE_LOAD_ACCESS && cause != CAUSE_STORE_ACCESS) || !inside(c, w, &in, &addr))
		return false;
	/* cached bytes are the payload's view through MPRV; live ones are physical */
	if (!w->live && !mprv)
		return false;
	if (!w->live) {
		unsigned off = (unsigned)(addr - w->addr);

		val = w->bytes >> (8 * off);
		if (in.width < 8)
			val &= (1UL << (8 * in.width)) - 1;
	} else if (in.kind == INSN_LOAD) {
		if (arch_mmio_try_read(addr, in.width, &val) != 0)
			return false;
	} else {
		val = vctx_get_reg(c, in.rs2);
		if (arch_mmio_try_write(addr, in.width, val) != 0)
			return false;
	}
	if (in.kind == INSN_LOAD)
		vctx_set_reg(c, in.rd, decode_load_value(&in, val));
	c->pc += in.len;
	return true;
}
