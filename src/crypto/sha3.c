/*
 * SHA3-256 and SHA3-512, FIPS 202: Keccak-p[1600, 24] (section 3.3, the
 * step mappings of 3.2 applied in order theta, rho, pi, chi, iota), the
 * sponge (section 4) and the SHA-3 suffix 01 with pad10*1 (section 6.1,
 * B.2: byte 0x06 ... 0x80). Lane (x, y) is lane[x + 5y]; bytes enter the
 * lanes little endian (B.1).
 */
#include <miralis/crypto/bytes.h>
#include <miralis/crypto/sha3.h>

#define KECCAK_ROUNDS 24
#define KECCAK_STATE_BYTES 200

/* iota round constants RC[ir] (3.2.5, from the rc(t) LFSR). */
static const uint64_t keccak_rc[KECCAK_ROUNDS] = {
	0x0000000000000001, 0x0000000000008082, 0x800000000000808a,
	0x8000000080008000, 0x000000000000808b, 0x0000000080000001,
	0x8000000080008081, 0x8000000000008009, 0x000000000000008a,
	0x0000000000000088, 0x0000000080008009, 0x000000008000000a,
	0x000000008000808b, 0x800000000000008b, 0x8000000000008089,
	0x8000000000008003, 0x8000000000008002, 0x8000000000000080,
	0x000000000000800a, 0x800000008000000a, 0x8000000080008081,
	0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
};

/* rho offsets for lane[x + 5y] (3.2.2, Table 2). */
static const unsigned keccak_rho[SHA3_STATE_LANES] = {
	0, 1, 62, 28, 27,
	36, 44, 6, 55, 20,
	3, 10, 43, 25, 39,
	41, 45, 15, 21, 8,
	18, 2, 61, 56, 14,
};

static inline uint64_t rol64(uint64_t x, unsigned n)
{
	return n ? x << n | x >> (64 - n) : x;
}

void keccak_f1600(uint64_t a[SHA3_STATE_LANES])
{
	uint64_t b[SHA3_STATE_LANES], c[5];

	for (int round = 0; round < KECCAK_ROUNDS; round++) {
		/* theta: each column parity folded into its neighbours. */
		for (int x = 0; x < 5; x++)
			c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
		for (int x = 0; x < 5; x++) {
			uint64_t d = c[(x + 4) % 5] ^ rol64(c[(x + 1) % 5], 1);

			for (int y = 0; y < 25; y += 5)
				a[x + y] ^= d;
		}
		/* rho and pi: lane (x, y) rotated, moved to (y, 2x + 3y). */
		for (int x = 0; x < 5; x++)
			for (int y = 0; y < 5; y++)
				b[y + 5 * ((2 * x + 3 * y) % 5)] =
					rol64(a[x + 5 * y], keccak_rho[x + 5 * y]);
		/* chi: non-linear mix along each row. */
		for (int y = 0; y < 25; y += 5)
			for (int x = 0; x < 5; x++)
				a[x + y] = b[x + y] ^
					   (~b[(x + 1) % 5 + y] & b[(x + 2) % 5 + y]);
		/* iota */
		a[0] ^= keccak_rc[round];
	}
}

static void sha3_xor_byte(struct sha3_ctx *c, size_t i, uint8_t v)
{
	c->lane[i / 8] ^= (uint64_t)v << (8 * (i % 8));
}

void sha3_init(struct sha3_ctx *c, size_t digest_size)
{
	for (int i = 0; i < SHA3_STATE_LANES; i++)
		c->lane[i] = 0;
	c->digest_size = digest_size;
	c->rate = KECCAK_STATE_BYTES - 2 * digest_size;
	c->pos = 0;
}

void sha3_update(struct sha3_ctx *c, const void *data, size_t len)
{
	const uint8_t *p = data;

	while (len--) {
		sha3_xor_byte(c, c->pos++, *p++);
		if (c->pos == c->rate) {
			keccak_f1600(c->lane);
			c->pos = 0;
		}
	}
}

/*
 * Suffix 01 then pad10*1: both bits land in bytes 0x06 and 0x80, the same
 * byte (0x86) when one byte of the block is left. Every digest size here is
 * below the rate, so one squeeze suffices.
 */
void sha3_final(struct sha3_ctx *c, uint8_t *out)
{
	sha3_xor_byte(c, c->pos, 0x06);
	sha3_xor_byte(c, c->rate - 1, 0x80);
	keccak_f1600(c->lane);
	for (size_t i = 0; i < c->digest_size; i++)
		out[i] = (uint8_t)(c->lane[i / 8] >> (8 * (i % 8)));
	crypto_wipe(c, sizeof(*c));
}

void sha3_256(const void *data, size_t len, uint8_t out[SHA3_256_DIGEST_SIZE])
{
	struct sha3_ctx c;

	sha3_init(&c, SHA3_256_DIGEST_SIZE);
	sha3_update(&c, data, len);
	sha3_final(&c, out);
}

void sha3_512(const void *data, size_t len, uint8_t out[SHA3_512_DIGEST_SIZE])
{
	struct sha3_ctx c;

	sha3_init(&c, SHA3_512_DIGEST_SIZE);
	sha3_update(&c, data, len);
	sha3_final(&c, out);
}
