/*
 * Scalars modulo the prime order of the Ed25519 base point,
 * L = 2^252 + 27742317777372353535851937790883648493 (RFC 8032 5.1).
 * Little-endian byte strings in and out, constant time.
 */
#ifndef MIRALIS_CRYPTO_SC25519_H
#define MIRALIS_CRYPTO_SC25519_H

#include <stdint.h>

#define SC25519_BYTES 32

/* out = in mod L, in a 64-byte little-endian number (a SHA-512 digest). */
void sc25519_reduce(uint8_t out[SC25519_BYTES], const uint8_t in[64]);
/* out = (a * b + c) mod L, each input any 256-bit number. */
void sc25519_muladd(uint8_t out[SC25519_BYTES], const uint8_t a[SC25519_BYTES],
		    const uint8_t b[SC25519_BYTES], const uint8_t c[SC25519_BYTES]);

#endif /* MIRALIS_CRYPTO_SC25519_H */
