/*
 * Arithmetic in GF(2^255 - 19), the field of Curve25519/Ed25519 (RFC 7748
 * section 4.1, RFC 8032 section 5.1). An element is five 51-bit limbs,
 * value = sum v[i] * 2^(51 i), not necessarily fully reduced between
 * operations (each limb stays below 2^52). Every function runs in time
 * independent of the values: no branch and no memory index depends on
 * them, so signing leaks nothing through timing.
 */
#ifndef MIRALIS_CRYPTO_FE25519_H
#define MIRALIS_CRYPTO_FE25519_H

#include <stdint.h>

#define FE25519_BYTES 32

typedef struct {
	uint64_t v[5];
} fe25519;

void fe25519_set(fe25519 *h, uint64_t small);
void fe25519_copy(fe25519 *h, const fe25519 *f);
void fe25519_add(fe25519 *h, const fe25519 *f, const fe25519 *g);
void fe25519_sub(fe25519 *h, const fe25519 *f, const fe25519 *g);
void fe25519_mul(fe25519 *h, const fe25519 *f, const fe25519 *g);
void fe25519_sq(fe25519 *h, const fe25519 *f);
void fe25519_invert(fe25519 *h, const fe25519 *f);	/* f^(p-2); 0 -> 0 */
/* Swaps f and g when bit is 1, leaves them when 0, in constant time. */
void fe25519_cswap(fe25519 *f, fe25519 *g, uint64_t bit);
/* Little endian, bit 255 ignored (RFC 8032 5.1.3 decoding of y). */
void fe25519_from_bytes(fe25519 *h, const uint8_t s[FE25519_BYTES]);
/* Canonical (fully reduced) little-endian encoding. */
void fe25519_to_bytes(uint8_t s[FE25519_BYTES], const fe25519 *f);

#endif /* MIRALIS_CRYPTO_FE25519_H */
