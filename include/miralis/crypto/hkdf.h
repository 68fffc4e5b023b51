/*
 * HMAC (RFC 2104, FIPS 198-1) and HKDF (RFC 5869) over SHA3-512, the key
 * derivation Keystone uses for sealing keys. The HMAC block size of
 * SHA3-512 is its rate, 72 bytes (FIPS 202 section 7 / SP 800-224).
 */
#ifndef MIRALIS_CRYPTO_HKDF_H
#define MIRALIS_CRYPTO_HKDF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <miralis/crypto/sha3.h>

#define HKDF_SHA3_512_MAX_OUT (255 * SHA3_512_DIGEST_SIZE)

/* One piece of a message given in parts (HKDF's info is often two). */
struct crypto_part {
	const void *data;
	size_t len;
};

void hmac_sha3_512(uint8_t out[SHA3_512_DIGEST_SIZE], const uint8_t *key,
		   size_t key_len, const struct crypto_part *msg, size_t parts);

/*
 * okm = HKDF-SHA3-512(salt, ikm, info = concatenated parts) of out_len
 * bytes; salt NULL means the RFC's default, 64 zero bytes. Returns false
 * (and writes nothing) when out_len exceeds HKDF_SHA3_512_MAX_OUT.
 */
bool hkdf_sha3_512(uint8_t *okm, size_t out_len, const uint8_t *salt,
		   size_t salt_len, const uint8_t *ikm, size_t ikm_len,
		   const struct crypto_part *info, size_t parts);

#endif /* MIRALIS_CRYPTO_HKDF_H */
