/*
 * SHA-512 (FIPS 180-4, section 6.4), streaming. Ed25519 (RFC 8032) is
 * defined over it.
 */
#ifndef MIRALIS_CRYPTO_SHA512_H
#define MIRALIS_CRYPTO_SHA512_H

#include <stddef.h>
#include <stdint.h>

#define SHA512_DIGEST_SIZE 64
#define SHA512_BLOCK_SIZE 128

struct sha512_ctx {
	uint64_t h[8];
	uint64_t total;		/* bytes hashed so far (< 2^61 in practice) */
	uint8_t block[SHA512_BLOCK_SIZE];
	size_t fill;
};

void sha512_init(struct sha512_ctx *c);
void sha512_update(struct sha512_ctx *c, const void *data, size_t len);
void sha512_final(struct sha512_ctx *c, uint8_t out[SHA512_DIGEST_SIZE]);
void sha512(const void *data, size_t len, uint8_t out[SHA512_DIGEST_SIZE]);

#endif /* MIRALIS_CRYPTO_SHA512_H */
