/*
 * HMAC-SHA3-512 (RFC 2104: H((K ^ opad) || H((K ^ ipad) || m)), keys longer
 * than a block hashed first) and HKDF (RFC 5869 section 2: extract then
 * expand, T(i) = HMAC(PRK, T(i-1) || info || i)).
 */
#include <miralis/crypto/bytes.h>
#include <miralis/crypto/hkdf.h>

#define HMAC_SHA3_512_BLOCK 72	/* rate of SHA3-512 */
#define HMAC_IPAD 0x36
#define HMAC_OPAD 0x5c

void hmac_sha3_512(uint8_t out[SHA3_512_DIGEST_SIZE], const uint8_t *key,
		   size_t key_len, const struct crypto_part *msg, size_t parts)
{
	uint8_t k[HMAC_SHA3_512_BLOCK] = { 0 }, pad[HMAC_SHA3_512_BLOCK];
	uint8_t inner[SHA3_512_DIGEST_SIZE];
	struct sha3_ctx c;

	if (key_len > HMAC_SHA3_512_BLOCK) {
		sha3_512(key, key_len, k);
	} else {
		for (size_t i = 0; i < key_len; i++)
			k[i] = key[i];
	}
	for (size_t i = 0; i < HMAC_SHA3_512_BLOCK; i++)
		pad[i] = k[i] ^ HMAC_IPAD;
	sha3_init(&c, SHA3_512_DIGEST_SIZE);
	sha3_update(&c, pad, sizeof(pad));
	for (size_t i = 0; i < parts; i++)
		sha3_update(&c, msg[i].data, msg[i].len);
	sha3_final(&c, inner);
	for (size_t i = 0; i < HMAC_SHA3_512_BLOCK; i++)
		pad[i] = k[i] ^ HMAC_OPAD;
	sha3_init(&c, SHA3_512_DIGEST_SIZE);
	sha3_update(&c, pad, sizeof(pad));
	sha3_update(&c, inner, sizeof(inner));
	sha3_final(&c, out);
	crypto_wipe(k, sizeof(k));
	crypto_wipe(pad, sizeof(pad));
	crypto_wipe(inner, sizeof(inner));
}

#define HKDF_MAX_INFO_PARTS 6

bool hkdf_sha3_512(uint8_t *okm, size_t out_len, const uint8_t *salt,
		   size_t salt_len, const uint8_t *ikm, size_t ikm_len,
		   const struct crypto_part *info, size_t parts)
{
	static const uint8_t zero_salt[SHA3_512_DIGEST_SIZE];
	uint8_t prk[SHA3_512_DIGEST_SIZE], t[SHA3_512_DIGEST_SIZE];
	struct crypto_part msg[HKDF_MAX_INFO_PARTS + 2];
	size_t done = 0, t_len = 0;
	uint8_t counter = 0;

	if (out_len > HKDF_SHA3_512_MAX_OUT || parts > HKDF_MAX_INFO_PARTS)
		return false;
	if (!salt) {
		salt = zero_salt;
		salt_len = sizeof(zero_salt);
	}
	msg[0] = (struct crypto_part){ ikm, ikm_len };
	hmac_sha3_512(prk, salt, salt_len, msg, 1);
	while (done < out_len) {
		size_t n = out_len - done;

		counter++;
		msg[0] = (struct crypto_part){ t, t_len };
		for (size_t i = 0; i < parts; i++)
			msg[1 + i] = info[i];
		msg[1 + parts] = (struct crypto_part){ &counter, 1 };
		hmac_sha3_512(t, prk, sizeof(prk), msg, parts + 2);
		t_len = sizeof(t);
		if (n > sizeof(t))
			n = sizeof(t);
		for (size_t i = 0; i < n; i++)
			okm[done + i] = t[i];
		done += n;
	}
	crypto_wipe(prk, sizeof(prk));
	crypto_wipe(t, sizeof(t));
	return true;
}
