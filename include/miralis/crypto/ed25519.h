/*
 * Ed25519 signatures (RFC 8032 section 5.1): public-key derivation and
 * signing. Verification is left to the relying party (the attestation
 * verifier on the host). Keys are the RFC's 32-byte secret seeds; the
 * expanded form (the orlp/Keystone 64-byte private key: the clamped scalar
 * then the nonce prefix) is what signing works from.
 */
#ifndef MIRALIS_CRYPTO_ED25519_H
#define MIRALIS_CRYPTO_ED25519_H

#include <stddef.h>
#include <stdint.h>

#define ED25519_SEED_SIZE 32
#define ED25519_PUBLIC_KEY_SIZE 32
#define ED25519_EXPANDED_SIZE 64
#define ED25519_SIGNATURE_SIZE 64

struct ed25519_key {
	uint8_t expanded[ED25519_EXPANDED_SIZE];	/* scalar s || prefix */
	uint8_t public_key[ED25519_PUBLIC_KEY_SIZE];
};

/* RFC 8032 5.1.5: expands the seed and derives the public key. */
void ed25519_key_from_seed(struct ed25519_key *k,
			   const uint8_t seed[ED25519_SEED_SIZE]);
/* RFC 8032 5.1.6: deterministic signature R || S of msg. */
void ed25519_sign(uint8_t sig[ED25519_SIGNATURE_SIZE],
		  const struct ed25519_key *k, const void *msg, size_t len);

#endif /* MIRALIS_CRYPTO_ED25519_H */
