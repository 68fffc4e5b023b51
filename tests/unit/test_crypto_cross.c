/*
 * Our Ed25519 and hashes checked by an independent implementation:
 * tests/unit/crypto_cross.py (Python hashlib and python3-cryptography)
 * reads keys, messages, signatures and digests made here and verifies
 * each, so correctness is not judged by this code alone. Seeds and
 * messages come from a SHA-256 counter stream; message lengths cross the
 * SHA-2 and SHA-3 block sizes.
 */
#define _POSIX_C_SOURCE 200809L /* popen */
#include <stdio.h>
#include <string.h>

#include <miralis/crypto/ed25519.h>
#include <miralis/crypto/sha256.h>
#include <miralis/crypto/sha3.h>
#include <miralis/crypto/sha512.h>

#include "check.h"

#define CROSS_CASES 48
#define CROSS_MAX_LEN 300
#define CROSS_SCRIPT "python3 tests/unit/crypto_cross.py"

static void put_hex(FILE *f, const uint8_t *p, size_t n)
{
	if (n == 0)
		fputc('-', f);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%02x", p[i]);
	fputc(' ', f);
}

/* Deterministic pseudo-random bytes: SHA-256(tag || counter) blocks. */
static void stream(uint8_t *out, size_t n, uint32_t tag)
{
	uint8_t in[8], d[SHA256_DIGEST_SIZE];

	for (uint32_t ctr = 0; n; ctr++) {
		size_t k = n < sizeof(d) ? n : sizeof(d);

		memcpy(in, &tag, 4);
		memcpy(in + 4, &ctr, 4);
		sha256(in, sizeof(in), d);
		memcpy(out, d, k);
		out += k;
		n -= k;
	}
}

TEST(crypto_cross_python)
{
	FILE *py = popen(CROSS_SCRIPT, "w");

	CHECK(py != NULL);
	if (!py)
		return;
	for (uint32_t i = 0; i < CROSS_CASES; i++) {
		uint8_t seed[ED25519_SEED_SIZE], msg[CROSS_MAX_LEN];
		uint8_t sig[ED25519_SIGNATURE_SIZE], h[SHA512_DIGEST_SIZE];
		size_t len = (i * 67 + i / 3) % CROSS_MAX_LEN;
		struct ed25519_key k;

		stream(seed, sizeof(seed), 2 * i);
		stream(msg, len, 2 * i + 1);
		ed25519_key_from_seed(&k, seed);
		ed25519_sign(sig, &k, msg, len);
		put_hex(py, seed, sizeof(seed));
		put_hex(py, k.public_key, sizeof(k.public_key));
		put_hex(py, msg, len);
		put_hex(py, sig, sizeof(sig));
		sha256(msg, len, h);
		put_hex(py, h, SHA256_DIGEST_SIZE);
		sha512(msg, len, h);
		put_hex(py, h, SHA512_DIGEST_SIZE);
		sha3_256(msg, len, h);
		put_hex(py, h, SHA3_256_DIGEST_SIZE);
		sha3_512(msg, len, h);
		put_hex(py, h, SHA3_512_DIGEST_SIZE);
		fputc('\n', py);
	}
	CHECK_EQ(pclose(py), 0);
}
