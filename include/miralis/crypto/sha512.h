/*
 * SHA-512 (FIPS 180-4, section 6.4), streaming. Ed25519 (RFC 8032) is
 * defined over it.
 */
#ifndef MIRALIS_CRYPTO_SHA512_H
#define MIRALIS_CRYPTO_SHA512_H

#include <stddef.h>
#include <stdint.h>

#include <miralis/crypto/md.h>

#define SHA512_DIGEST_SIZE 64
#define SHA512_BLOCK_SIZE 128

struct sha512_ctx {
	uint64_t h[8];
	struct md_buf buf;	/* md.c's partial block state */
	uint8_t block[SHA512_BLOCK_SIZE];
};

void sha512_init(struct sha512_ctx *c);
void sha512_update(struct sha512_ctx *c, const void *data, size_t len);
void sha512_final(struct sha512_ctx *c, uint8_t out[SHA512_DIGEST_SIZE]);
void sha512(const void *data, size_t len, uint8_t out[SHA512_DIGEST_SIZE]);

#endif /* MIRALIS_CRYPTO_SHA512_H */
