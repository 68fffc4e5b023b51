/*
 * SHA-256, FIPS 180-4: message schedule and compression (section 6.2.2),
 * initial value (section 5.3.3); buffering and padding (5.1.1) in md.c.
 */
#include <miralis/crypto/bytes.h>
#include <miralis/crypto/md.h>
#include <miralis/crypto/sha256.h>

/*
 * First 32 bits of the fractional parts of the cube roots of the first 64
 * primes (section 4.2.2).
 */
static const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5,
	0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
	0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
	0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* Fractional parts of the square roots of the first 8 primes (5.3.3). */
static const uint32_t sha256_iv[8] = {
	0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

static inline uint32_t ror32(uint32_t x, unsigned n)
{
	return x >> n | x << (32 - n);
}

/* W_t (6.2.2 step 1), kept in a 16-word ring: W_t needs W_t-16..W_t-2 only */
static inline __attribute__((always_inline)) uint32_t sha256_schedule(uint32_t w[16], const uint8_t *block, int t)
{
	uint32_t w15, w2;

	if (t < 16)
		return w[t] = crypto_load_be32(block + 4 * t);
	w15 = w[(t - 15) & 15];
	w2 = w[(t - 2) & 15];
	return w[t & 15] += (ror32(w15, 7) ^ ror32(w15, 18) ^ w15 >> 3) + w[(t - 7) & 15] +
			    (ror32(w2, 17) ^ ror32(w2, 19) ^ w2 >> 10);
}

/*
 * One round (6.2.2 step 3) with the working variables renamed instead of
 * moved: round t + 1 passes them shifted by one place, so eight rounds
 * in a row bring every name back to its variable.
 */
#define SHA256_ROUND(a, b, c, d, e, f, g, h, i)                                           	do {                                                                              		uint32_t t1 = h + (ror32(e, 6) ^ ror32(e, 11) ^ ror32(e, 25)) +             			      ((e & f) ^ (~e & g)) + sha256_k[t + i] +                      			      sha256_schedule(w, block, t + i);                             		d += t1;                                                                  		h = t1 + (ror32(a, 2) ^ ror32(a, 13) ^ ror32(a, 22)) +                      		    ((a & b) ^ (a & c) ^ (b & c));                                          	} while (0)

/*
 * Section 6.2.2, n consecutive 512-bit blocks read straight from the
 * input: no copy into the context, the working variables in registers.
 */
static void sha256_compress(void *state, const uint8_t *block, size_t n)
{
	uint32_t *hv = state, w[16];

	for (; n--; block += SHA256_BLOCK_SIZE) {
		uint32_t a = hv[0], b = hv[1], c = hv[2], d = hv[3];
		uint32_t e = hv[4], f = hv[5], g = hv[6], h = hv[7];

		for (int t = 0; t < 64; t += 8) {
			SHA256_ROUND(a, b, c, d, e, f, g, h, 0);
			SHA256_ROUND(h, a, b, c, d, e, f, g, 1);
			SHA256_ROUND(g, h, a, b, c, d, e, f, 2);
			SHA256_ROUND(f, g, h, a, b, c, d, e, 3);
			SHA256_ROUND(e, f, g, h, a, b, c, d, 4);
			SHA256_ROUND(d, e, f, g, h, a, b, c, 5);
			SHA256_ROUND(c, d, e, f, g, h, a, b, 6);
			SHA256_ROUND(b, c, d, e, f, g, h, a, 7);
		}
		hv[0] += a;
		hv[1] += b;
		hv[2] += c;
		hv[3] += d;
		hv[4] += e;
		hv[5] += f;
		hv[6] += g;
		hv[7] += h;
	}
	crypto_wipe(w, sizeof(w));
}

static const struct md_alg sha256_md = { SHA256_BLOCK_SIZE, 8, sha256_compress };

void sha256_init(struct sha256_ctx *c)
{
	for (int i = 0; i < 8; i++)
		c->h[i] = sha256_iv[i];
	c->buf = (struct md_buf){ 0, 0 };
}

void sha256_update(struct sha256_ctx *c, const void *data, size_t len)
{
	md_update(&sha256_md, c->h, &c->buf, c->block, data, len);
}

void sha256_final(struct sha256_ctx *c, uint8_t out[SHA256_DIGEST_SIZE])
{
	md_final(&sha256_md, c->h, &c->buf, c->block);
	for (int i = 0; i < 8; i++)
		crypto_store_be32(out + 4 * i, c->h[i]);
	crypto_wipe(c, sizeof(*c));
}

void sha256(const void *data, size_t len, uint8_t out[SHA256_DIGEST_SIZE])
{
	struct sha256_ctx c;

	sha256_init(&c);
	sha256_update(&c, data, len);
	sha256_final(&c, out);
}
