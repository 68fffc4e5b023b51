/*
 * GF(p), p = 2^255 - 19, in radix 2^51 (five 64-bit limbs). Reduction uses
 * 2^255 = 19 (mod p): a carry out of the top limb re-enters the bottom one
 * multiplied by 19. Limb bounds are given where they matter; all loops run
 * a fixed number of times.
 */
#include <miralis/crypto/bytes.h>
#include <miralis/crypto/fe25519.h>

__extension__ typedef unsigned __int128 u128;

#define LIMB_BITS 51
#define LIMB_MASK ((UINT64_C(1) << LIMB_BITS) - 1)

/*
 * For limbs below 2^60: brings limbs 0, 2, 3, 4 below 2^51 and limb 1 to at
 * most 2^51, without changing the value mod p.
 */
static void fe25519_carry(fe25519 *h)
{
	uint64_t *v = h->v;

	for (int i = 0; i < 4; i++) {
		v[i + 1] += v[i] >> LIMB_BITS;
		v[i] &= LIMB_MASK;
	}
	v[0] += 19 * (v[4] >> LIMB_BITS);
	v[4] &= LIMB_MASK;
	v[1] += v[0] >> LIMB_BITS;
	v[0] &= LIMB_MASK;
}

void fe25519_set(fe25519 *h, uint64_t small)
{
	h->v[0] = small;
	for (int i = 1; i < 5; i++)
		h->v[i] = 0;
	fe25519_carry(h);
}

void fe25519_copy(fe25519 *h, const fe25519 *f)
{
	*h = *f;
}

void fe25519_add(fe25519 *h, const fe25519 *f, const fe25519 *g)
{
	for (int i = 0; i < 5; i++)
		h->v[i] = f->v[i] + g->v[i];
	fe25519_carry(h);
}

/* f + 4p - g: 4p's limbs exceed any carried limb of g, so none goes negative. */
void fe25519_sub(fe25519 *h, const fe25519 *f, const fe25519 *g)
{
	static const uint64_t four_p[5] = {
		4 * (LIMB_MASK - 18), 4 * LIMB_MASK, 4 * LIMB_MASK,
		4 * LIMB_MASK, 4 * LIMB_MASK,
	};

	for (int i = 0; i < 5; i++)
		h->v[i] = f->v[i] + four_p[i] - g->v[i];
	fe25519_carry(h);
}

/*
 * Schoolbook product; the terms of weight 2^255 and above fold back with a
 * factor 19. Limbs below 2^52 keep each sum below 2^115.
 */
void fe25519_mul(fe25519 *h, const fe25519 *f, const fe25519 *g)
{
	const uint64_t *a = f->v, *b = g->v;
	uint64_t b19[5];
	u128 r[5];

	for (int i = 0; i < 5; i++)
		b19[i] = 19 * b[i];
	r[0] = (u128)a[0] * b[0] + (u128)a[1] * b19[4] + (u128)a[2] * b19[3] +
	       (u128)a[3] * b19[2] + (u128)a[4] * b19[1];
	r[1] = (u128)a[0] * b[1] + (u128)a[1] * b[0] + (u128)a[2] * b19[4] +
	       (u128)a[3] * b19[3] + (u128)a[4] * b19[2];
	r[2] = (u128)a[0] * b[2] + (u128)a[1] * b[1] + (u128)a[2] * b[0] +
	       (u128)a[3] * b19[4] + (u128)a[4] * b19[3];
	r[3] = (u128)a[0] * b[3] + (u128)a[1] * b[2] + (u128)a[2] * b[1] +
	       (u128)a[3] * b[0] + (u128)a[4] * b19[4];
	r[4] = (u128)a[0] * b[4] + (u128)a[1] * b[3] + (u128)a[2] * b[2] +
	       (u128)a[3] * b[1] + (u128)a[4] * b[0];
	for (int i = 0; i < 4; i++) {
		r[i + 1] += r[i] >> LIMB_BITS;
		r[i] &= LIMB_MASK;
	}
	r[0] += 19 * (r[4] >> LIMB_BITS);
	r[4] &= LIMB_MASK;
	r[1] += r[0] >> LIMB_BITS;
	r[0] &= LIMB_MASK;
	for (int i = 0; i < 5; i++)
		h->v[i] = (uint64_t)r[i];
}

void fe25519_sq(fe25519 *h, const fe25519 *f)
{
	fe25519_mul(h, f, f);
}

/*
 * Fermat: f^(p-2) = f^-1. p - 2 = 2^255 - 21 has bits 254..5 set and
 * 01011 below; the exponent is public, so branching on it leaks nothing.
 */
void fe25519_invert(fe25519 *h, const fe25519 *f)
{
	fe25519 r;

	fe25519_set(&r, 1);
	for (int bit = 254; bit >= 0; bit--) {
		fe25519_sq(&r, &r);
		if (bit >= 5 || ((0x0bu >> bit) & 1))
			fe25519_mul(&r, &r, f);
	}
	*h = r;
}

void fe25519_cswap(fe25519 *f, fe25519 *g, uint64_t bit)
{
	uint64_t mask = 0 - (bit & 1);

	for (int i = 0; i < 5; i++) {
		uint64_t x = mask & (f->v[i] ^ g->v[i]);

		f->v[i] ^= x;
		g->v[i] ^= x;
	}
}

void fe25519_from_bytes(fe25519 *h, const uint8_t s[FE25519_BYTES])
{
	uint64_t w[4];

	for (int i = 0; i < 4; i++)
		w[i] = crypto_load_le64(s + 8 * i);
	h->v[0] = w[0] & LIMB_MASK;
	h->v[1] = (w[0] >> 51 | w[1] << 13) & LIMB_MASK;
	h->v[2] = (w[1] >> 38 | w[2] << 26) & LIMB_MASK;
	h->v[3] = (w[2] >> 25 | w[3] << 39) & LIMB_MASK;
	h->v[4] = (w[3] >> 12) & LIMB_MASK;
}

/*
 * After carrying, the value v is below 2^255 + 2^102 < 2p, so v mod p is
 * v - p when v + 19 reaches 2^255 and v otherwise: q below is that bit,
 * found by propagating the carry of v + 19, and adding 19q then dropping
 * bit 255 subtracts qp.
 */
void fe25519_to_bytes(uint8_t s[FE25519_BYTES], const fe25519 *f)
{
	fe25519 t = *f;
	uint64_t *v = t.v, q;

	fe25519_carry(&t);
	q = (v[0] + 19) >> LIMB_BITS;
	for (int i = 1; i < 5; i++)
		q = (v[i] + q) >> LIMB_BITS;
	v[0] += 19 * q;
	for (int i = 0; i < 4; i++) {
		v[i + 1] += v[i] >> LIMB_BITS;
		v[i] &= LIMB_MASK;
	}
	v[4] &= LIMB_MASK;
	crypto_store_le64(s, v[0] | v[1] << 51);
	crypto_store_le64(s + 8, v[1] >> 13 | v[2] << 38);
	crypto_store_le64(s + 16, v[2] >> 26 | v[3] << 25);
	crypto_store_le64(s + 24, v[3] >> 39 | v[4] << 12);
}
