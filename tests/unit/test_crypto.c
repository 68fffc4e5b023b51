/*
 * Crypto against the published vectors: FIPS 180-4 (SHA-256, SHA-512) and
 * FIPS 202 (SHA3-256, SHA3-512) example messages ("", "abc", the 448- and
 * 896-bit messages, one million 'a'), and RFC 8032 section 7.1 (Ed25519
 * TEST 1, 2, 3, 1024 and SHA(abc)). Digests are written as the standards
 * print them, in hex.
 */
#include <string.h>

#include <miralis/crypto/ed25519.h>
#include <miralis/crypto/fe25519.h>
#include <miralis/crypto/hkdf.h>
#include <miralis/crypto/sc25519.h>
#include <miralis/crypto/sha256.h>
#include <miralis/crypto/sha3.h>
#include <miralis/crypto/sha512.h>

#include "check.h"

#define MSG448 "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
#define MSG896 "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn" \
	       "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
#define MILLION 1000000

static unsigned hexval(char c)
{
	return c <= '9' ? (unsigned)(c - '0') : (unsigned)(c - 'a' + 10);
}

static size_t unhex(uint8_t *out, const char *hex)
{
	size_t n = strlen(hex) / 2;

	for (size_t i = 0; i < n; i++)
		out[i] = (uint8_t)(hexval(hex[2 * i]) << 4 | hexval(hex[2 * i + 1]));
	return n;
}

static bool same_hex(const uint8_t *got, const char *want)
{
	uint8_t w[128];
	size_t n = unhex(w, want);

	return memcmp(got, w, n) == 0;
}

/* The million 'a' fed in uneven pieces, so block boundaries fall mid-update. */
typedef void (*update_fn)(void *ctx, const void *data, size_t len);

static void feed_million_a(void *ctx, update_fn update)
{
	static uint8_t a[997];
	size_t left = MILLION;

	memset(a, 'a', sizeof(a));
	while (left) {
		size_t n = left < sizeof(a) ? left : sizeof(a);

		update(ctx, a, n);
		left -= n;
	}
}

static void sha256_update_cb(void *c, const void *d, size_t n)
{
	sha256_update(c, d, n);
}

static void sha512_update_cb(void *c, const void *d, size_t n)
{
	sha512_update(c, d, n);
}

static void sha3_update_cb(void *c, const void *d, size_t n)
{
	sha3_update(c, d, n);
}

TEST(crypto_sha256_fips180)
{
	uint8_t d[SHA256_DIGEST_SIZE];
	struct sha256_ctx c;

	sha256("", 0, d);
	CHECK(same_hex(d, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
	sha256("abc", 3, d);
	CHECK(same_hex(d, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
	sha256(MSG448, strlen(MSG448), d);
	CHECK(same_hex(d, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
	sha256(MSG896, strlen(MSG896), d);
	CHECK(same_hex(d, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"));
	sha256_init(&c);
	feed_million_a(&c, sha256_update_cb);
	sha256_final(&c, d);
	CHECK(same_hex(d, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
}

TEST(crypto_sha512_fips180)
{
	uint8_t d[SHA512_DIGEST_SIZE];
	struct sha512_ctx c;

	sha512("", 0, d);
	CHECK(same_hex(d, "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"));
	sha512("abc", 3, d);
	CHECK(same_hex(d, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"));
	sha512(MSG448, strlen(MSG448), d);
	CHECK(same_hex(d, "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c33596fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445"));
	sha512(MSG896, strlen(MSG896), d);
	CHECK(same_hex(d, "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909"));
	sha512_init(&c);
	feed_million_a(&c, sha512_update_cb);
	sha512_final(&c, d);
	CHECK(same_hex(d, "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b"));
}

TEST(crypto_sha3_256_fips202)
{
	uint8_t d[SHA3_256_DIGEST_SIZE];
	struct sha3_ctx c;

	sha3_256("", 0, d);
	CHECK(same_hex(d, "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a"));
	sha3_256("abc", 3, d);
	CHECK(same_hex(d, "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532"));
	sha3_256(MSG448, strlen(MSG448), d);
	CHECK(same_hex(d, "41c0dba2a9d6240849100376a8235e2c82e1b9998a999e21db32dd97496d3376"));
	sha3_256(MSG896, strlen(MSG896), d);
	CHECK(same_hex(d, "916f6061fe879741ca6469b43971dfdb28b1a32dc36cb3254e812be27aad1d18"));
	sha3_init(&c, SHA3_256_DIGEST_SIZE);
	feed_million_a(&c, sha3_update_cb);
	sha3_final(&c, d);
	CHECK(same_hex(d, "5c8875ae474a3634ba4fd55ec85bffd661f32aca75c6d699d0cdcb6c115891c1"));
}

TEST(crypto_sha3_512_fips202)
{
	uint8_t d[SHA3_512_DIGEST_SIZE];
	struct sha3_ctx c;

	sha3_512("", 0, d);
	CHECK(same_hex(d, "a69f73cca23a9ac5c8b567dc185a756e97c982164fe25859e0d1dcc1475c80a615b2123af1f5f94c11e3e9402c3ac558f500199d95b6d3e301758586281dcd26"));
	sha3_512("abc", 3, d);
	CHECK(same_hex(d, "b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0"));
	sha3_512(MSG448, strlen(MSG448), d);
	CHECK(same_hex(d, "04a371e84ecfb5b8b77cb48610fca8182dd457ce6f326a0fd3d7ec2f1e91636dee691fbe0c985302ba1b0d8dc78c086346b533b49c030d99a27daf1139d6e75e"));
	sha3_512(MSG896, strlen(MSG896), d);
	CHECK(same_hex(d, "afebb2ef542e6579c50cad06d2e578f9f8dd6881d7dc824d26360feebf18a4fa73e3261122948efcfd492e74e82e2189ed0fb440d187f382270cb455f21dd185"));
	sha3_init(&c, SHA3_512_DIGEST_SIZE);
	feed_million_a(&c, sha3_update_cb);
	sha3_final(&c, d);
	CHECK(same_hex(d, "3c3a876da14034ab60627c077bb98f7e120a2a5370212dffb3385a18d4f38859ed311d0a9d5141ce9cc5c66ee689b266a8aa18ace8282a0e0db596c90b0a7b87"));
}

/*
 * A message exactly one rate long and one byte short of it: the separate
 * and the merged (0x86) padding bytes. Expected digests from Python hashlib.
 */
TEST(crypto_sha3_rate_boundaries)
{
	uint8_t m[136], d[SHA3_512_DIGEST_SIZE];

	memset(m, 0xa3, sizeof(m));
	sha3_256(m, 135, d);
	CHECK(same_hex(d, "d51927265ca4bf0cc8b4453387700918c03f8894e395ad437d4573f3be4d2c34"));
	sha3_256(m, 136, d);
	CHECK(same_hex(d, "0adf6bfb359ae40019b67d8c49c361574b70242a6b752de6f9e0d426ca177f7a"));
	sha3_512(m, 71, d);
	CHECK(same_hex(d, "3179c85b18c790518b1ddb02e6953b01b2d01ff72409b1ce0b38828c710ab7c0bd98f0a5c5861692c3954d8ce4fb02da42560be129c4dd5b3eadcb02908676e0"));
	sha3_512(m, 72, d);
	CHECK(same_hex(d, "d24ce75b87c7be36e3fedbaa285f563d3efcc13663f5eb2fdd0c60033dab04e894d343b3971bc0c9ba30e0dde18106cbaaa955c8c3c0bf1ec3490aafcae15788"));
}

/* RFC 8032 7.1 TEST 1024: the 1023-byte message. */
static const char msg1024_hex[] =
	"08b8b2b733424243760fe426a4b54908632110a66c2f6591eabd3345e3e4eb98"
	"fa6e264bf09efe12ee50f8f54e9f77b1e355f6c50544e23fb1433ddf73be84d8"
	"79de7c0046dc4996d9e773f4bc9efe5738829adb26c81b37c93a1b270b20329d"
	"658675fc6ea534e0810a4432826bf58c941efb65d57a338bbd2e26640f89ffbc"
	"1a858efcb8550ee3a5e1998bd177e93a7363c344fe6b199ee5d02e82d522c4fe"
	"ba15452f80288a821a579116ec6dad2b3b310da903401aa62100ab5d1a36553e"
	"06203b33890cc9b832f79ef80560ccb9a39ce767967ed628c6ad573cb116dbef"
	"efd75499da96bd68a8a97b928a8bbc103b6621fcde2beca1231d206be6cd9ec7"
	"aff6f6c94fcd7204ed3455c68c83f4a41da4af2b74ef5c53f1d8ac70bdcb7ed1"
	"85ce81bd84359d44254d95629e9855a94a7c1958d1f8ada5d0532ed8a5aa3fb2"
	"d17ba70eb6248e594e1a2297acbbb39d502f1a8c6eb6f1ce22b3de1a1f40cc24"
	"554119a831a9aad6079cad88425de6bde1a9187ebb6092cf67bf2b13fd65f270"
	"88d78b7e883c8759d2c4f5c65adb7553878ad575f9fad878e80a0c9ba63bcbcc"
	"2732e69485bbc9c90bfbd62481d9089beccf80cfe2df16a2cf65bd92dd597b07"
	"07e0917af48bbb75fed413d238f5555a7a569d80c3414a8d0859dc65a46128ba"
	"b27af87a71314f318c782b23ebfe808b82b0ce26401d2e22f04d83d1255dc51a"
	"ddd3b75a2b1ae0784504df543af8969be3ea7082ff7fc9888c144da2af58429e"
	"c96031dbcad3dad9af0dcbaaaf268cb8fcffead94f3c7ca495e056a9b47acdb7"
	"51fb73e666c6c655ade8297297d07ad1ba5e43f1bca32301651339e22904cc8c"
	"42f58c30c04aafdb038dda0847dd988dcda6f3bfd15c4b4c4525004aa06eeff8"
	"ca61783aacec57fb3d1f92b0fe2fd1a85f6724517b65e614ad6808d6f6ee34df"
	"f7310fdc82aebfd904b01e1dc54b2927094b2db68d6f903b68401adebf5a7e08"
	"d78ff4ef5d63653a65040cf9bfd4aca7984a74d37145986780fc0b16ac451649"
	"de6188a7dbdf191f64b5fc5e2ab47b57f7f7276cd419c17a3ca8e1b939ae49e4"
	"88acba6b965610b5480109c8b17b80e1b7b750dfc7598d5d5011fd2dcc5600a3"
	"2ef5b52a1ecc820e308aa342721aac0943bf6686b64b2579376504ccc493d97e"
	"6aed3fb0f9cd71a43dd497f01f17c0e2cb3797aa2a2f256656168e6c496afc5f"
	"b93246f6b1116398a346f1a641f3b041e989f7914f90cc2c7fff357876e506b5"
	"0d334ba77c225bc307ba537152f3f1610e4eafe595f6d9d90d11faa933a15ef1"
	"369546868a7f3a45a96768d40fd9d03412c091c6315cf4fde7cb68606937380d"
	"b2eaaa707b4c4185c32eddcdd306705e4dc1ffc872eeee475a64dfac86aba41c"
	"0618983f8741c5ef68d3a101e8a3b8cac60c905c15fc910840b94c00a0b9d0";

struct rfc8032_vector {
	const char *secret, *public_key, *msg, *sig;
};

static const struct rfc8032_vector rfc8032[] = {
	{ /* TEST 1 */
	  "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
	  "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
	  "",
	  "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
	  "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b" },
	{ /* TEST 2 */
	  "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
	  "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
	  "72",
	  "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
	  "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00" },
	{ /* TEST 3 */
	  "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
	  "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
	  "af82",
	  "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
	  "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a" },
	{ /* TEST 1024 */
	  "f5e5767cf153319517630f226876b86c8160cc583bc013744c6bf255f5cc0ee5",
	  "278117fc144c72340f67d0f2316e8386ceffbf2b2428c9c51fef7c597f1d426e",
	  msg1024_hex,
	  "0aab4c900501b3e24d7cdf4663326a3a87df5e4843b2cbdb67cbf6e460fec350"
	  "aa5371b1508f9f4528ecea23c436d94b5e8fcd4f681e30a6ac00a9704a188a03" },
	{ /* TEST SHA(abc) */
	  "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
	  "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
	  "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
	  "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
	  "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b589"
	  "09351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704" },
};

TEST(crypto_ed25519_rfc8032)
{
	static uint8_t msg[1024];

	for (size_t i = 0; i < sizeof(rfc8032) / sizeof(rfc8032[0]); i++) {
		const struct rfc8032_vector *v = &rfc8032[i];
		uint8_t seed[ED25519_SEED_SIZE], sig[ED25519_SIGNATURE_SIZE];
		struct ed25519_key k;
		size_t len;

		unhex(seed, v->secret);
		len = unhex(msg, v->msg);
		ed25519_key_from_seed(&k, seed);
		CHECK(same_hex(k.public_key, v->public_key));
		ed25519_sign(sig, &k, msg, len);
		CHECK(same_hex(sig, v->sig));
	}
	CHECK_EQ(strlen(msg1024_hex), 2 * 1023);
}

/* The curve constants typed in ed25519.c: B satisfies -x^2 + y^2 = 1 + d x^2 y^2, 5y = 4. */
TEST(crypto_ed25519_base_point_on_curve)
{
	static const char *bx = "1ad5258f602d56c9b2a7259560c72c695cdcd6fd31e2a4c0fe536ecdd3366921";
	static const char *by = "5866666666666666666666666666666666666666666666666666666666666666";
	static const char *d = "a3785913ca4deb75abd841414d0a700098e879777940c78c73fe6f2bee6c0352";
	uint8_t b[FE25519_BYTES], l[FE25519_BYTES], r[FE25519_BYTES];
	fe25519 x, y, fd, x2, y2, lhs, rhs, one, five;

	unhex(b, bx);
	fe25519_from_bytes(&x, b);
	unhex(b, by);
	fe25519_from_bytes(&y, b);
	unhex(b, d);
	fe25519_from_bytes(&fd, b);
	fe25519_set(&one, 1);
	fe25519_sq(&x2, &x);
	fe25519_sq(&y2, &y);
	fe25519_sub(&lhs, &y2, &x2);
	fe25519_mul(&rhs, &x2, &y2);
	fe25519_mul(&rhs, &rhs, &fd);
	fe25519_add(&rhs, &rhs, &one);
	fe25519_to_bytes(l, &lhs);
	fe25519_to_bytes(r, &rhs);
	CHECK(memcmp(l, r, sizeof(l)) == 0);
	fe25519_set(&five, 5);
	fe25519_mul(&lhs, &y, &five);
	fe25519_to_bytes(l, &lhs);
	CHECK(same_hex(l, "0400000000000000000000000000000000000000000000000000000000000000"));
}

/* Canonical encoding at the edges: p -> 0, p - 1 stays, 2^255 - 1 -> 18; x * x^-1 = 1. */
TEST(crypto_fe25519_edges)
{
	uint8_t in[FE25519_BYTES], out[FE25519_BYTES];
	fe25519 f, g;

	unhex(in, "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
	fe25519_from_bytes(&f, in);
	fe25519_to_bytes(out, &f);
	CHECK(same_hex(out, "0000000000000000000000000000000000000000000000000000000000000000"));
	unhex(in, "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
	fe25519_from_bytes(&f, in);
	fe25519_to_bytes(out, &f);
	CHECK(memcmp(in, out, sizeof(in)) == 0);
	unhex(in, "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
	fe25519_from_bytes(&f, in);
	fe25519_to_bytes(out, &f);
	CHECK(same_hex(out, "1200000000000000000000000000000000000000000000000000000000000000"));
	fe25519_invert(&g, &f);
	fe25519_mul(&g, &g, &f);
	fe25519_to_bytes(out, &g);
	CHECK(same_hex(out, "0100000000000000000000000000000000000000000000000000000000000000"));
	/* 0 - 1 = p - 1 */
	fe25519_set(&f, 0);
	fe25519_set(&g, 1);
	fe25519_sub(&f, &f, &g);
	fe25519_to_bytes(out, &f);
	CHECK(same_hex(out, "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"));
}

/* mod L: L itself -> 0, 2^512 - 1 -> its residue (computed with Python's integers). */
TEST(crypto_sc25519_reduce)
{
	uint8_t in[64], out[SC25519_BYTES], one[SC25519_BYTES] = { 1 };
	uint8_t l[SC25519_BYTES], zero[SC25519_BYTES] = { 0 };

	memset(in, 0, sizeof(in));
	unhex(in, "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
	sc25519_reduce(out, in);
	CHECK(memcmp(out, zero, sizeof(out)) == 0);
	memset(in, 0xff, sizeof(in));
	sc25519_reduce(out, in);
	CHECK(same_hex(out, "000f9c44e31106a447938568a71b0ed065bef517d273ecce3d9a307c1b419903"));
	/* (L - 1) * 1 + 1 = L = 0 */
	unhex(l, "ecd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
	sc25519_muladd(out, l, one, one);
	CHECK(memcmp(out, zero, sizeof(out)) == 0);
}

/*
 * HMAC-SHA3-512 with a key shorter and one longer than the 72-byte block,
 * and HKDF-SHA3-512 shaped like a Keystone sealing key (64-byte IKM, info =
 * 64-byte hash || identifier in two parts, 128 bytes out). Expected values
 * from Python's hmac module and python3-cryptography's HKDF.
 */
TEST(crypto_hmac_hkdf_sha3_512)
{
	static const char fox[] = "The quick brown fox jumps over the lazy dog";
	static const char ident[] = "sealing-key-id";
	uint8_t key[100], hash[64], d[SHA3_512_DIGEST_SIZE], okm[128];
	struct crypto_part msg = { fox, strlen(fox) };
	struct crypto_part info[2] = { { hash, sizeof(hash) },
				       { ident, strlen(ident) } };

	for (size_t i = 0; i < sizeof(key); i++)
		key[i] = (uint8_t)i;
	memset(hash, 0xaa, sizeof(hash));
	hmac_sha3_512(d, key, 64, &msg, 1);
	CHECK(same_hex(d, "4cb7a4a8d386ebe15a3bfb8c5e6102ce0cd86a95499313ff4d7bae6db845fd43"
			  "adab8764be9cd070b0daf80680fee2047a371056c8c38baf18a10b1a4c2199fd"));
	hmac_sha3_512(d, key, 100, &msg, 1);
	CHECK(same_hex(d, "43bfb170da302d10608808548a1c4d3bf2d224f10e72a084ab90e0dcbe639e55"
			  "715f1dd6313b671d419df06ba53ea654e753f96dcde0f1266c5e8fbf1f9a008a"));
	CHECK(hkdf_sha3_512(okm, sizeof(okm), NULL, 0, key, 64, info, 2));
	CHECK(same_hex(okm, "cabd014be696da3143b276ce7d82aa451515266425d948b54abfcbad2f2f9285"
			    "1cf99e71550913cb67f9fb3d7dda167ad9d776a1446950445cc0ec8def0ddcf0"));
	CHECK(same_hex(okm + 64, "92b0eed18fbca43f1d38c017f34846cccb3ecd4d819a26033b19408ac6a7d3a1"
				 "94ba5ec771f12aeb0ee3119940d14d025f5c2c5499fa53fc36934ee88b410f59"));
	CHECK(!hkdf_sha3_512(okm, HKDF_SHA3_512_MAX_OUT + 1, NULL, 0, key, 64, info, 2));
}
