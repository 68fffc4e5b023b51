/*
 * Physical arming of the firmware's debug triggers (include/miralis/trigger.h).
 *
 * Each tdata1 type places its privilege bits differently (debug spec 1.0,
 * 5.7): the table says where M, S, U, VS and VU are, and which bits the
 * hart itself changes when the trigger fires or counts (hit, icount's
 * count and pending), which are copied back into the firmware's view.
 * Types not in the table are armed with no bits but their type: they never
 * fire. tdata3 (textra) stays as the hart reset it: its context conditions
 * are stored for the firmware but not armed (docs/deviations.md).
 */
#define LOG_MODULE "virt.trigger"

#include <miralis/arch.h>
#include <miralis/riscv/encoding.h>
#include <miralis/trigger.h>

#define TDATA1_TYPE_SHIFT 60
#define BITS(hi, lo) (((~0UL) >> (63 - (hi))) & (~0UL << (lo)))
#define B(n) (1UL << (n))

/* the mode bits all lie below bit 32: 32-bit masks keep the table small */
struct trig_type {
	uint32_t type;
	uint32_t m, s, u, vs, vu;
	uint64_t dynamic;	/* written by the hart */
};

static const struct trig_type trig_types[] = {
	/* mcontrol: hit 20 */
	{ 2, B(6), B(4), B(3), 0, 0, B(20) },
	/* icount: vs 26, vu 25, hit 24, count 23:10, pending 8 */
	{ 3, B(9), B(7), B(6), B(26), B(25), B(24) | BITS(23, 10) | B(8) },
	/* itrigger, etrigger: hit 58, vs 12, vu 11 */
	{ 4, B(9), B(7), B(6), B(12), B(11), B(58) },
	{ 5, B(9), B(7), B(6), B(12), B(11), B(58) },
	/* mcontrol6: hit1 25, vs 24, vu 23, hit0 22 */
	{ 6, B(6), B(4), B(3), B(24), B(23), B(25) | B(22) },
};

static const struct trig_type *type_of(uint64_t tdata1)
{
	unsigned type = (unsigned)(tdata1 >> TDATA1_TYPE_SHIFT);

	for (unsigned i = 0; i < sizeof(trig_types) / sizeof(trig_types[0]); i++)
		if (trig_types[i].type == type)
			return &trig_types[i];
	return NULL;
}

uint64_t vtrig_physical_tdata1(uint64_t tdata1, enum world w)
{
	const struct trig_type *ty = type_of(tdata1);
	uint64_t modes;

	if (!ty)
		return tdata1 & BITS(63, TDATA1_TYPE_SHIFT);
	modes = ty->m | ty->s | ty->u | ty->vs | ty->vu;
	if (w == WORLD_PAYLOAD)
		return tdata1 & ~(uint64_t)ty->m;
	/* the firmware's M-mode is physical U-mode */
	return (tdata1 & ~modes) | ((tdata1 & ty->m) ? ty->u : 0);
}

static bool stored(const struct vctx *c, unsigned t)
{
	return t < VTRIG_MAX && t < c->hw->nb_triggers && (c->csr.tdata_valid & (1u << t));
}

void vtrig_sync(struct vctx *c, unsigned t)
{
	uint64_t *v = &c->csr.tdata[t < VTRIG_MAX ? t : 0][0], phys;
	const struct trig_type *ty;

	if (!stored(c, t) || !(ty = type_of(*v)))
		return;
	arch_csr_write_num(CSR_TSELECT, t);
	phys = arch_csr_read_num(CSR_TDATA1);
	if (phys >> TDATA1_TYPE_SHIFT == *v >> TDATA1_TYPE_SHIFT)
		*v = (*v & ~ty->dynamic) | (phys & ty->dynamic);
}

static void arm(struct vctx *c, unsigned t, enum world w)
{
	arch_csr_write_num(CSR_TSELECT, t);
	if (c->hw->tdata_present & (1u << 1))	/* tdata2 is optional (Sdtrig) */
		arch_csr_write_num(CSR_TDATA2, c->csr.tdata[t][1]);
	arch_csr_write_num(CSR_TDATA1, vtrig_physical_tdata1(c->csr.tdata[t][0], w));
}

void vtrig_arm(struct vctx *c, unsigned t)
{
	if (stored(c, t))
		arm(c, t, vctx_world(c));
}

void vtrig_install_all(struct vctx *c, enum world w)
{
	/* only the triggers the firmware touched */
	unsigned t = 0;

	for (unsigned bits = c->csr.tdata_valid; bits; bits >>= 1, t++) {
		if (!(bits & 1) || !stored(c, t))
			continue;
		vtrig_sync(c, t);
		arm(c, t, w);
	}
}
