/*
 * Scalars mod L (RFC 8032 5.1). Numbers are little-endian arrays of 64-bit
 * words. Reduction is binary long division: the remainder is doubled, the
 * next bit shifted in, and L subtracted when the result is not below L,
 * the choice made with a mask rather than a branch. 512 steps of four-word
 * arithmetic: slow next to Barrett reduction, but short, obviously
 * correct and constant time, and signing is rare in the monitor.
 */
#include <miralis/crypto/bytes.h>
#include <miralis/crypto/sc25519.h>

__extension__ typedef unsigned __int128 u128;

#define SC_WORDS 4
#define WIDE_WORDS 8

static const uint64_t sc_l[SC_WORDS] = {
	0x5812631a5cf5d3ed, 0x14def9dea2f79cd6, 0x0000000000000000,
	0x1000000000000000,
};

/* r < 2^253 on entry (r < L), r = r - L if r >= L on exit. */
static void sc_cond_sub_l(uint64_t r[SC_WORDS])
{
	uint64_t t[SC_WORDS], borrow = 0, keep;

	for (int i = 0; i < SC_WORDS; i++) {
		u128 d = (u128)r[i] - sc_l[i] - borrow;

		t[i] = (uint64_t)d;
		borrow = (uint64_t)(d >> 64) & 1;
	}
	keep = 0 - borrow;	/* all ones when r < L: keep r */
	for (int i = 0; i < SC_WORDS; i++)
		r[i] = (r[i] & keep) | (t[i] & ~keep);
}

/* r = n mod L for a WIDE_WORDS-word n. */
static void sc_reduce_words(uint64_t r[SC_WORDS], const uint64_t n[WIDE_WORDS])
{
	for (int i = 0; i < SC_WORDS; i++)
		r[i] = 0;
	for (int bit = 64 * WIDE_WORDS - 1; bit >= 0; bit--) {
		/* r < L < 2^253, so 2r + 1 fits in four words. */
		for (int i = SC_WORDS - 1; i > 0; i--)
			r[i] = r[i] << 1 | r[i - 1] >> 63;
		r[0] = r[0] << 1 | ((n[bit / 64] >> (bit % 64)) & 1);
		sc_cond_sub_l(r);
	}
}

static void sc_store(uint8_t out[SC25519_BYTES], uint64_t r[SC_WORDS])
{
	for (int i = 0; i < SC_WORDS; i++)
		crypto_store_le64(out + 8 * i, r[i]);
	crypto_wipe(r, SC_WORDS * sizeof(r[0]));
}

void sc25519_reduce(uint8_t out[SC25519_BYTES], const uint8_t in[64])
{
	uint64_t n[WIDE_WORDS], r[SC_WORDS];

	for (int i = 0; i < WIDE_WORDS; i++)
		n[i] = crypto_load_le64(in + 8 * i);
	sc_reduce_words(r, n);
	crypto_wipe(n, sizeof(n));
	sc_store(out, r);
}

void sc25519_muladd(uint8_t out[SC25519_BYTES], const uint8_t a[SC25519_BYTES],
		    const uint8_t b[SC25519_BYTES], const uint8_t c[SC25519_BYTES])
{
	uint64_t x[SC_WORDS], y[SC_WORDS], n[WIDE_WORDS] = { 0 }, r[SC_WORDS];

	for (int i = 0; i < SC_WORDS; i++) {
		x[i] = crypto_load_le64(a + 8 * i);
		y[i] = crypto_load_le64(b + 8 * i);
		n[i] = crypto_load_le64(c + 8 * i);
	}
	/* n = c + x * y: below 2^512 since x, y, c < 2^256. */
	for (int i = 0; i < SC_WORDS; i++) {
		uint64_t carry = 0;

		for (int j = 0; j < SC_WORDS; j++) {
			u128 t = (u128)x[i] * y[j] + n[i + j] + carry;

			n[i + j] = (uint64_t)t;
			carry = (uint64_t)(t >> 64);
		}
		for (int k = i + SC_WORDS; k < WIDE_WORDS; k++) {
			u128 t = (u128)n[k] + carry;

			n[k] = (uint64_t)t;
			carry = (uint64_t)(t >> 64);
		}
	}
	sc_reduce_words(r, n);
	crypto_wipe(x, sizeof(x));
	crypto_wipe(y, sizeof(y));
	crypto_wipe(n, sizeof(n));
	sc_store(out, r);
}
