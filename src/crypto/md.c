/*
 * Merkle-Damgard buffering and padding for SHA-256 and SHA-512
 * (FIPS 180-4 sections 5.1.1 and 5.1.2), <miralis/crypto/md.h>.
 */
#include <miralis/crypto/bytes.h>
#include <miralis/crypto/md.h>

static void copy(uint8_t *dst, const uint8_t *src, size_t n)
{
	while (n--)
		*dst++ = *src++;
}

void md_update(const struct md_alg *alg, void *h, struct md_buf *b, uint8_t *block,
	       const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t bs = alg->block_size, n;

	b->total += len;
	if (b->fill) {
		n = bs - b->fill < len ? bs - b->fill : len;
		copy(block + b->fill, p, n);
		b->fill += n;
		p += n;
		len -= n;
		if (b->fill < bs)
			return;
		alg->compress(h, block, 1);
		b->fill = 0;
	}
	n = len / bs;
	if (n) {
		alg->compress(h, p, n);
		p += n * bs;
		len -= n * bs;
	}
	copy(block, p, len);
	b->fill = len;
}

/*
 * A 1 bit, zeros, then the message length in bits, big endian, in the
 * last length_size bytes of a block. The messages hashed here are far
 * below 2^61 bytes: the length's bytes above the last 8 are zero.
 */
void md_final(const struct md_alg *alg, void *h, struct md_buf *b, uint8_t *block)
{
	size_t bs = alg->block_size;

	block[b->fill++] = 0x80;
	if (b->fill > bs - alg->length_size) {
		while (b->fill < bs)
			block[b->fill++] = 0;
		alg->compress(h, block, 1);
		b->fill = 0;
	}
	while (b->fill < bs - 8)
		block[b->fill++] = 0;
	crypto_store_be64(block + bs - 8, b->total * 8);
	alg->compress(h, block, 1);
}
