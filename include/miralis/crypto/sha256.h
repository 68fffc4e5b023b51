/*
 * SHA-256 (FIPS 180-4, section 6.2), streaming: init, any number of
 * updates, final. The context holds no pointers, so it can live on the
 * stack or in static per-hart state.
 */
#ifndef MIRALIS_CRYPTO_SHA256_H
#define MIRALIS_CRYPTO_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include <miralis/crypto/md.h>

#define SHA256_DIGEST_SIZE 32
#define SHA256_BLOCK_SIZE 64

struct sha256_ctx {
	uint32_t h[8];
	struct md_buf buf;	/* md.c's partial block state */
	uint8_t block[SHA256_BLOCK_SIZE];
};

void sha256_init(struct sha256_ctx *c);
void sha256_update(struct sha256_ctx *c, const void *data, size_t len);
void sha256_final(struct sha256_ctx *c, uint8_t out[SHA256_DIGEST_SIZE]);
void sha256(const void *data, size_t len, uint8_t out[SHA256_DIGEST_SIZE]);

#endif /* MIRALIS_CRYPTO_SHA256_H */
