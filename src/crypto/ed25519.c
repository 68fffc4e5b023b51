/*
 * Ed25519, RFC 8032 section 5.1: the twisted Edwards curve
 * -x^2 + y^2 = 1 + d x^2 y^2 over GF(2^255 - 19), points in extended
 * coordinates (X : Y : Z : T), x = X/Z, y = Y/Z, xy = T/Z (5.1.4).
 * Scalar multiplication is a Montgomery ladder over the complete addition
 * law, so its sequence of operations does not depend on the secret scalar.
 */
#include <miralis/crypto/bytes.h>
#include <miralis/crypto/ed25519.h>
#include <miralis/crypto/fe25519.h>
#include <miralis/crypto/sc25519.h>
#include <miralis/crypto/sha512.h>

struct ge25519 {
	fe25519 x, y, z, t;
};

/* d = -121665/121666 (5.1), little endian. */
static const uint8_t ed25519_d[FE25519_BYTES] = {
	0xa3, 0x78, 0x59, 0x13, 0xca, 0x4d, 0xeb, 0x75, 0xab, 0xd8, 0x41,
	0x41, 0x4d, 0x0a, 0x70, 0x00, 0x98, 0xe8, 0x79, 0x77, 0x79, 0x40,
	0xc7, 0x8c, 0x73, 0xfe, 0x6f, 0x2b, 0xee, 0x6c, 0x03, 0x52,
};

/* Base point B (5.1): y = 4/5 and x the even square root, little endian. */
static const uint8_t ed25519_bx[FE25519_BYTES] = {
	0x1a, 0xd5, 0x25, 0x8f, 0x60, 0x2d, 0x56, 0xc9, 0xb2, 0xa7, 0x25,
	0x95, 0x60, 0xc7, 0x2c, 0x69, 0x5c, 0xdc, 0xd6, 0xfd, 0x31, 0xe2,
	0xa4, 0xc0, 0xfe, 0x53, 0x6e, 0xcd, 0xd3, 0x36, 0x69, 0x21,
};

static const uint8_t ed25519_by[FE25519_BYTES] = {
	0x58, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
	0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
	0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
};

static void ge25519_identity(struct ge25519 *p)
{
	fe25519_set(&p->x, 0);
	fe25519_set(&p->y, 1);
	fe25519_set(&p->z, 1);
	fe25519_set(&p->t, 0);
}

static void ge25519_base(struct ge25519 *p)
{
	fe25519_from_bytes(&p->x, ed25519_bx);
	fe25519_from_bytes(&p->y, ed25519_by);
	fe25519_set(&p->z, 1);
	fe25519_mul(&p->t, &p->x, &p->y);
}

/*
 * r = p + q, the addition formulas of 5.1.4 (complete for this curve:
 * valid for doubling and the identity too).
 */
static void ge25519_add(struct ge25519 *r, const struct ge25519 *p,
			const struct ge25519 *q)
{
	/* five temporaries, reused as soon as a value is dead: this is on the monitor's deepest stack */
	fe25519 a, b, c, d, t;

	fe25519_sub(&a, &p->y, &p->x);
	fe25519_sub(&t, &q->y, &q->x);
	fe25519_mul(&a, &a, &t);		/* A = (Y1 - X1)(Y2 - X2) */
	fe25519_add(&b, &p->y, &p->x);
	fe25519_add(&t, &q->y, &q->x);
	fe25519_mul(&b, &b, &t);		/* B = (Y1 + X1)(Y2 + X2) */
	fe25519_from_bytes(&c, ed25519_d);
	fe25519_add(&c, &c, &c);
	fe25519_mul(&c, &c, &p->t);
	fe25519_mul(&c, &c, &q->t);		/* C = 2d T1 T2 */
	fe25519_mul(&d, &p->z, &q->z);
	fe25519_add(&d, &d, &d);		/* D = 2 Z1 Z2 */
	fe25519_sub(&t, &b, &a);		/* E = B - A */
	fe25519_add(&b, &b, &a);		/* H = B + A */
	fe25519_sub(&a, &d, &c);		/* F = D - C */
	fe25519_add(&d, &d, &c);		/* G = D + C */
	/* p and q are read no more: r may be either */
	fe25519_mul(&r->x, &t, &a);		/* X3 = E F */
	fe25519_mul(&r->y, &d, &b);		/* Y3 = G H */
	fe25519_mul(&r->t, &t, &b);		/* T3 = E H */
	fe25519_mul(&r->z, &a, &d);		/* Z3 = F G */
}

static void ge25519_cswap(struct ge25519 *p, struct ge25519 *q, uint64_t bit)
{
	fe25519_cswap(&p->x, &q->x, bit);
	fe25519_cswap(&p->y, &q->y, bit);
	fe25519_cswap(&p->z, &q->z, bit);
	fe25519_cswap(&p->t, &q->t, bit);
}

/* r = s B for a 256-bit little-endian s. Invariant: r1 - r0 = B. */
static void ge25519_scalarmult_base(struct ge25519 *r,
				    const uint8_t s[SC25519_BYTES])
{
	struct ge25519 r0, r1;

	ge25519_identity(&r0);
	ge25519_base(&r1);
	for (int i = 8 * SC25519_BYTES - 1; i >= 0; i--) {
		uint64_t bit = (s[i / 8] >> (i % 8)) & 1;

		ge25519_cswap(&r0, &r1, bit);
		ge25519_add(&r1, &r0, &r1);
		ge25519_add(&r0, &r0, &r0);
		ge25519_cswap(&r0, &r1, bit);
	}
	*r = r0;
	crypto_wipe(&r1, sizeof(r1));
}

/* 5.1.2: y with the low bit of x in bit 255. */
static void ge25519_encode(uint8_t out[FE25519_BYTES], const struct ge25519 *p)
{
	fe25519 zinv, x, y;
	uint8_t xb[FE25519_BYTES];

	fe25519_invert(&zinv, &p->z);
	fe25519_mul(&x, &p->x, &zinv);
	fe25519_mul(&y, &p->y, &zinv);
	fe25519_to_bytes(out, &y);
	fe25519_to_bytes(xb, &x);
	out[FE25519_BYTES - 1] |= (uint8_t)((xb[0] & 1) << 7);
}

void ed25519_key_from_seed(struct ed25519_key *k,
			   const uint8_t seed[ED25519_SEED_SIZE])
{
	struct ge25519 a;

	/* 5.1.5: h = SHA-512(seed); s = low half with bits 0-2, 255 cleared, 254 set. */
	sha512(seed, ED25519_SEED_SIZE, k->expanded);
	k->expanded[0] &= 0xf8;
	k->expanded[31] &= 0x7f;
	k->expanded[31] |= 0x40;
	ge25519_scalarmult_base(&a, k->expanded);
	ge25519_encode(k->public_key, &a);
	crypto_wipe(&a, sizeof(a));
}

/*
 * out = SHA-512(a || b || msg) mod L, on a frame of its own: the hash
 * context is not on the stack while ed25519_sign multiplies points.
 */
static __attribute__((noinline)) void hash_mod_l(uint8_t out[SC25519_BYTES], const void *a,
						 size_t alen, const void *b, size_t blen,
						 const void *msg, size_t len)
{
	struct sha512_ctx h;
	uint8_t digest[SHA512_DIGEST_SIZE];

	sha512_init(&h);
	sha512_update(&h, a, alen);
	sha512_update(&h, b, blen);
	sha512_update(&h, msg, len);
	sha512_final(&h, digest);
	sc25519_reduce(out, digest);
	crypto_wipe(digest, sizeof(digest));
}

void ed25519_sign(uint8_t sig[ED25519_SIGNATURE_SIZE],
		  const struct ed25519_key *k, const void *msg, size_t len)
{
	uint8_t r[SC25519_BYTES], kh[SC25519_BYTES];
	struct ge25519 rp;

	/* 5.1.6 step 2: r = SHA-512(prefix || M) mod L, R = rB. */
	hash_mod_l(r, k->expanded + 32, 32, msg, 0, msg, len);
	ge25519_scalarmult_base(&rp, r);
	ge25519_encode(sig, &rp);
	/* Step 4: k = SHA-512(R || A || M) mod L; step 5: S = r + k s mod L. */
	hash_mod_l(kh, sig, 32, k->public_key, ED25519_PUBLIC_KEY_SIZE, msg, len);
	sc25519_muladd(sig + 32, kh, k->expanded, r);
	crypto_wipe(r, sizeof(r));
	crypto_wipe(&rp, sizeof(rp));
}
