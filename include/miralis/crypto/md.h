/*
 * The Merkle-Damgard framing shared by SHA-256 and SHA-512 (FIPS 180-4):
 * buffering of a partial block across updates and the padding of
 * sections 5.1.1 / 5.1.2. Whole blocks are compressed straight from the
 * caller's data; only a partial block is copied into the context.
 */
#ifndef MIRALIS_CRYPTO_MD_H
#define MIRALIS_CRYPTO_MD_H

#include <stddef.h>
#include <stdint.h>

/* Compress n consecutive blocks into the chaining value h. */
typedef void (*md_compress_fn)(void *h, const uint8_t *blocks, size_t n);

struct md_alg {
	size_t block_size;	/* bytes */
	size_t length_size;	/* bytes of the big-endian bit length that ends the padding */
	md_compress_fn compress;
};

/* The buffering state a hash context embeds beside its chaining value and block. */
struct md_buf {
	uint64_t total;		/* bytes hashed so far (< 2^61 in practice) */
	size_t fill;		/* bytes waiting in the block */
};

void md_update(const struct md_alg *alg, void *h, struct md_buf *b, uint8_t *block,
	       const void *data, size_t len);
/* Pads and compresses the last block(s); the caller then reads h out. */
void md_final(const struct md_alg *alg, void *h, struct md_buf *b, uint8_t *block);

#endif /* MIRALIS_CRYPTO_MD_H */
