/*
 * SHA-256, FIPS 180-4: message schedule and compression (section 6.2.2),
 * padding (section 5.1.1), initial value (section 5.3.3).
 */
#include <miralis/crypto/bytes.h>
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

/* Section 6.2.2, one 512-bit block. */
static void sha256_compress(uint32_t h[8], const uint8_t *block)
{
	uint32_t w[64], s[8];

	for (int t = 0; t < 16; t++)
		w[t] = crypto_load_be32(block + 4 * t);
	for (int t = 16; t < 64; t++) {
		uint32_t s0 = ror32(w[t - 15], 7) ^ ror32(w[t - 15], 18) ^
			      w[t - 15] >> 3;
		uint32_t s1 = ror32(w[t - 2], 17) ^ ror32(w[t - 2], 19) ^
			      w[t - 2] >> 10;

		w[t] = w[t - 16] + s0 + w[t - 7] + s1;
	}
	for (int i = 0; i < 8; i++)
		s[i] = h[i];
	for (int t = 0; t < 64; t++) {
		uint32_t e = s[4], a = s[0];
		uint32_t ch = (e & s[5]) ^ (~e & s[6]);
		uint32_t maj = (a & s[1]) ^ (a & s[2]) ^ (s[1] & s[2]);
		uint32_t t1 = s[7] + (ror32(e, 6) ^ ror32(e, 11) ^ ror32(e, 25)) +
			      ch + sha256_k[t] + w[t];
		uint32_t t2 = (ror32(a, 2) ^ ror32(a, 13) ^ ror32(a, 22)) + maj;

		for (int i = 7; i > 0; i--)
			s[i] = s[i - 1];
		s[4] += t1;
		s[0] = t1 + t2;
	}
	for (int i = 0; i < 8; i++)
		h[i] += s[i];
	crypto_wipe(w, sizeof(w));
}

void sha256_init(struct sha256_ctx *c)
{
	for (int i = 0; i < 8; i++)
		c->h[i] = sha256_iv[i];
	c->total = 0;
	c->fill = 0;
}

void sha256_update(struct sha256_ctx *c, const void *data, size_t len)
{
	const uint8_t *p = data;

	c->total += len;
	while (len--) {
		c->block[c->fill++] = *p++;
		if (c->fill == SHA256_BLOCK_SIZE) {
			sha256_compress(c->h, c->block);
			c->fill = 0;
		}
	}
}

/* Padding (5.1.1): a 1 bit, zeros, then the bit length as 64-bit big endian. */
void sha256_final(struct sha256_ctx *c, uint8_t out[SHA256_DIGEST_SIZE])
{
	uint64_t bits = c->total * 8;

	c->block[c->fill++] = 0x80;
	if (c->fill > SHA256_BLOCK_SIZE - 8) {
		while (c->fill < SHA256_BLOCK_SIZE)
			c->block[c->fill++] = 0;
		sha256_compress(c->h, c->block);
		c->fill = 0;
	}
	while (c->fill < SHA256_BLOCK_SIZE - 8)
		c->block[c->fill++] = 0;
	crypto_store_be64(c->block + SHA256_BLOCK_SIZE - 8, bits);
	sha256_compress(c->h, c->block);
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
