/*
 * Byte-order helpers and secret wiping shared by the hash and signature
 * modules. Every algorithm here fixes its byte order in its standard
 * (big endian for SHA-2, little endian for Keccak and Ed25519), so the
 * conversions are explicit byte loops, independent of the host's order and
 * of alignment (the monitor builds with -mstrict-align).
 */
#ifndef MIRALIS_CRYPTO_BYTES_H
#define MIRALIS_CRYPTO_BYTES_H

#include <stddef.h>
#include <stdint.h>

static inline uint32_t crypto_load_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static inline void crypto_store_be32(uint8_t *p, uint32_t v)
{
	for (int i = 3; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

static inline uint64_t crypto_load_be64(const uint8_t *p)
{
	return (uint64_t)crypto_load_be32(p) << 32 | crypto_load_be32(p + 4);
}

static inline void crypto_store_be64(uint8_t *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

static inline uint64_t crypto_load_le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static inline void crypto_store_le64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++, v >>= 8)
		p[i] = (uint8_t)v;
}

/*
 * Clears key material and intermediate secrets. The volatile stores keep
 * the compiler from dropping a clear of memory that is dead afterwards.
 */
static inline void crypto_wipe(void *buf, size_t n)
{
	volatile uint8_t *p = buf;

	while (n--)
		*p++ = 0;
}

#endif /* MIRALIS_CRYPTO_BYTES_H */
