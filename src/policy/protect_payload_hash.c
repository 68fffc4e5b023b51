/*
 * Measurement of the payload (docs/sandbox.md, "Measurement"): the digest
 * of the configured region followed by the entry pc as 8 little-endian
 * bytes, with the crypto helpers of src/crypto (FIPS 180-4 SHA-256,
 * FIPS 202 SHA3-256).
 */
#include <miralis/crypto/sha256.h>
#include <miralis/crypto/sha3.h>
#include <miralis/protect_payload.h>

_Static_assert(SHA256_DIGEST_SIZE == PP_DIGEST_SIZE, "one digest size");
_Static_assert(SHA3_256_DIGEST_SIZE == PP_DIGEST_SIZE, "one digest size");

void pp_measure(enum pp_hash_alg alg, const void *region, size_t len, uint64_t entry,
		uint8_t out[PP_DIGEST_SIZE])
{
	uint8_t pc[8];

	for (unsigned i = 0; i < sizeof(pc); i++)
		pc[i] = (uint8_t)(entry >> (8 * i));
	if (alg == PP_SHA256) {
		struct sha256_ctx c;

		sha256_init(&c);
		sha256_update(&c, region, len);
		sha256_update(&c, pc, sizeof(pc));
		sha256_final(&c, out);
	} else {
		struct sha3_ctx c;

		sha3_init(&c, SHA3_256_DIGEST_SIZE);
		sha3_update(&c, region, len);
		sha3_update(&c, pc, sizeof(pc));
		sha3_final(&c, out);
	}
}

void pp_hex(const uint8_t d[PP_DIGEST_SIZE], char buf[2 * PP_DIGEST_SIZE + 1])
{
	static const char digits[] = "0123456789abcdef";

	for (unsigned i = 0; i < PP_DIGEST_SIZE; i++) {
		buf[2 * i] = digits[d[i] >> 4];
		buf[2 * i + 1] = digits[d[i] & 0xf];
	}
	buf[2 * PP_DIGEST_SIZE] = '\0';
}
