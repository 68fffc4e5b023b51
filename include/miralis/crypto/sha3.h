/*
 * SHA3-256 and SHA3-512 (FIPS 202): the Keccak-f[1600] sponge with the
 * SHA-3 domain bits. One streaming context serves both; the digest size
 * chosen at init fixes the rate (capacity = 2 x digest size, section 6.1).
 */
#ifndef MIRALIS_CRYPTO_SHA3_H
#define MIRALIS_CRYPTO_SHA3_H

#include <stddef.h>
#include <stdint.h>

#define SHA3_256_DIGEST_SIZE 32
#define SHA3_512_DIGEST_SIZE 64
#define SHA3_STATE_LANES 25

struct sha3_ctx {
	uint64_t lane[SHA3_STATE_LANES];
	size_t rate;		/* bytes absorbed per permutation */
	size_t pos;		/* next byte of the rate to absorb into */
	size_t digest_size;
};

void keccak_f1600(uint64_t lane[SHA3_STATE_LANES]);

/* digest_size is SHA3_256_DIGEST_SIZE or SHA3_512_DIGEST_SIZE. */
void sha3_init(struct sha3_ctx *c, size_t digest_size);
void sha3_update(struct sha3_ctx *c, const void *data, size_t len);
void sha3_final(struct sha3_ctx *c, uint8_t *out);
void sha3_256(const void *data, size_t len, uint8_t out[SHA3_256_DIGEST_SIZE]);
void sha3_512(const void *data, size_t len, uint8_t out[SHA3_512_DIGEST_SIZE]);

#endif /* MIRALIS_CRYPTO_SHA3_H */
