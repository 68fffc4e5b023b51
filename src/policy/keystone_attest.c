/*
 * Keystone's measurements and keys (docs/keystone.md, "Attestation").
 *
 *   device key   Ed25519 seed from the build config ([modules]
 *                keystone_device_key); without one, the published
 *                development seed below, and a warning at boot.
 *   sm hash      SHA3-512 of the monitor's code and read-only data, taken
 *                at boot (upstream: the boot ROM hashes the SM image).
 *   sm key       Ed25519 key from seed = SHA3-512(device seed || sm hash)
 *                [0..32): a different monitor gets a different key. Upstream's
 *                boot ROM derives it similarly; verifiers never re-derive it.
 *   sm signature device key over sm hash || sm public key (the boot ROM's job
 *                upstream, here done once at boot).
 *
 * The report layout and both signed messages are upstream's
 * (sm/src/attest.c, sdk/src/verifier/Report.cpp), so the SDK verifier
 * accepts the reports.
 */
#define LOG_MODULE "keystone"

#include <miralis/arch.h>
#include <miralis/crypto/bytes.h>
#include <miralis/crypto/hkdf.h>
#include <miralis/log.h>
#include <miralis/monitor.h>
#include <miralis/policy/keystone.h>
#include <miralis/riscv/encoding.h>

#include <config.h>

/* Report offsets (struct report, sm/src/attest.h) */
#define REP_ENCLAVE_HASH 0
#define REP_DATA_LEN 64
#define REP_DATA 72
#define REP_ENCLAVE_SIG 1096
#define REP_SM_HASH 1160
#define REP_SM_PUBLIC 1224
#define REP_SM_SIG 1256
#define REP_DEV_PUBLIC 1320

_Static_assert(REP_DEV_PUBLIC + ED25519_PUBLIC_KEY_SIZE == KS_REPORT_SIZE, "report layout");

/*
 * Development device key: public, so reports signed with it prove nothing.
 * A board provisions its own seed through the config (docs/keystone.md).
 */
static const uint8_t ks_development_device_seed[ED25519_SEED_SIZE] =
	"MIRALIS-C KEYSTONE DEV KEY, TEST";

#ifdef CONFIG_KEYSTONE_DEVICE_KEY
static const uint8_t ks_device_seed[ED25519_SEED_SIZE] = { CONFIG_KEYSTONE_DEVICE_KEY };
#define KS_DEVICE_KEY_IS_DEVELOPMENT 0
#else
#define ks_device_seed ks_development_device_seed
#define KS_DEVICE_KEY_IS_DEVELOPMENT 1
#endif

/* Zkr seed CSR (scalar-crypto spec, "Entropy Source"): OPST in 31:30, 16 bits in 15:0 */
#define SEED_OPST_SHIFT 30
#define SEED_OPST_ES16 2
#define SEED_OPST_DEAD 3
#define SEED_ENTROPY_MASK 0xffffUL
#define SEED_SAMPLES 16		/* 256 raw bits conditioned into each 64-bit answer */
#define SEED_MAX_POLLS 100000	/* BIST/WAIT polls before falling back */

static struct {
	bool has_zkr;
	struct ed25519_key sm;
	uint8_t sm_hash[SHA3_512_DIGEST_SIZE];
	uint8_t sm_signature[ED25519_SIGNATURE_SIZE];
	uint8_t dev_public[ED25519_PUBLIC_KEY_SIZE];
	uint8_t random_state[SHA3_512_DIGEST_SIZE];
	uint64_t random_counter;
	bool zkr_used_logged, zkr_failed_logged;
} ks_keys;

void ks_attest_init(void)
{
	struct ed25519_key dev;
	uint8_t both[SHA3_512_DIGEST_SIZE + ED25519_PUBLIC_KEY_SIZE], seed[SHA3_512_DIGEST_SIZE];
	uint64_t base, size;
	struct sha3_ctx h;

	monitor_image(&base, &size);
	sha3_512((const void *)base, size, ks_keys.sm_hash);
	log_info("Keystone: measured the monitor [0x%lx, 0x%lx)", base, base + size);
	if (KS_DEVICE_KEY_IS_DEVELOPMENT)
		log_warn("Keystone: DEVELOPMENT device key in use (public; attestation proves nothing)");

	sha3_init(&h, SHA3_512_DIGEST_SIZE);
	sha3_update(&h, ks_device_seed, ED25519_SEED_SIZE);
	sha3_update(&h, ks_keys.sm_hash, sizeof(ks_keys.sm_hash));
	sha3_final(&h, seed);
	ed25519_key_from_seed(&ks_keys.sm, seed);

	ed25519_key_from_seed(&dev, ks_device_seed);
	for (size_t i = 0; i < SHA3_512_DIGEST_SIZE; i++)
		both[i] = ks_keys.sm_hash[i];
	for (size_t i = 0; i < ED25519_PUBLIC_KEY_SIZE; i++) {
		both[SHA3_512_DIGEST_SIZE + i] = ks_keys.sm.public_key[i];
		ks_keys.dev_public[i] = dev.public_key[i];
	}
	ed25519_sign(ks_keys.sm_signature, &dev, both, sizeof(both));

	/* randomness pool: secret, and different per monitor build */
	sha3_init(&h, SHA3_512_DIGEST_SIZE);
	sha3_update(&h, seed, sizeof(seed));
	sha3_update(&h, "random", 6);
	sha3_final(&h, ks_keys.random_state);
	{
		uint64_t probe;

		ks_keys.has_zkr = arch_seed_read(&probe);
	}
	if (ks_keys.has_zkr)
		log_info("Keystone: RANDOM from the Zkr entropy source (seed CSR)");
	else
		log_warn("Keystone: no Zkr entropy source; RANDOM is a keyed ratchet (docs/keystone.md)");
	crypto_wipe(&dev, sizeof(dev));
	crypto_wipe(seed, sizeof(seed));
}

/*
 * Upstream's validate_and_hash_enclave: the three segment sizes, then every
 * page from each segment start while below its end (whole pages: the SDK
 * page-aligns the segments; an unaligned end still stays inside the EPM,
 * which is page-aligned).
 */
void ks_measure_enclave(const struct ks_create_args *a, uint8_t hash[SHA3_512_DIGEST_SIZE])
{
	const uint64_t bounds[4] = { a->epm_base, a->runtime, a->user, a->free };
	uint8_t sizes[3 * 8];
	struct sha3_ctx h;

	for (int i = 0; i < 3; i++)
		crypto_store_le64(sizes + 8 * i, bounds[i + 1] - bounds[i]);
	sha3_init(&h, SHA3_512_DIGEST_SIZE);
	sha3_update(&h, sizes, sizeof(sizes));
	for (int i = 0; i < 3; i++)
		for (uint64_t p = bounds[i]; p < bounds[i + 1]; p += KS_PAGE_SIZE)
			sha3_update(&h, (const void *)p, KS_PAGE_SIZE);
	sha3_final(&h, hash);
}

void ks_build_report(uint8_t report[KS_REPORT_SIZE], const uint8_t hash[SHA3_512_DIGEST_SIZE],
		     const uint8_t *data, size_t len)
{
	for (size_t i = 0; i < KS_REPORT_SIZE; i++)
		report[i] = 0;
	for (size_t i = 0; i < SHA3_512_DIGEST_SIZE; i++) {
		report[REP_ENCLAVE_HASH + i] = hash[i];
		report[REP_SM_HASH + i] = ks_keys.sm_hash[i];
	}
	crypto_store_le64(report + REP_DATA_LEN, len);
	for (size_t i = 0; i < len; i++)
		report[REP_DATA + i] = data[i];
	/* signed: hash || data_len || the data_len bytes of data actually given */
	ed25519_sign(report + REP_ENCLAVE_SIG, &ks_keys.sm, report, REP_DATA + len);
	for (size_t i = 0; i < ED25519_PUBLIC_KEY_SIZE; i++) {
		report[REP_SM_PUBLIC + i] = ks_keys.sm.public_key[i];
		report[REP_DEV_PUBLIC + i] = ks_keys.dev_public[i];
	}
	for (size_t i = 0; i < ED25519_SIGNATURE_SIZE; i++)
		report[REP_SM_SIG + i] = ks_keys.sm_signature[i];
}

/*
 * Upstream's sealing key: HKDF-SHA3-512, no salt, IKM = the SM private key
 * (64-byte expanded form), info = enclave hash || identifier, 128 bytes;
 * then the SM's signature over the key.
 */
bool ks_sealing_key(uint8_t out[KS_SEALING_STRUCT_SIZE], const uint8_t hash[SHA3_512_DIGEST_SIZE],
		    const uint8_t *ident, size_t len)
{
	const struct crypto_part info[2] = { { hash, SHA3_512_DIGEST_SIZE }, { ident, len } };

	if (!hkdf_sha3_512(out, KS_SEALING_KEY_SIZE, NULL, 0, ks_keys.sm.expanded,
			   ED25519_EXPANDED_SIZE, info, 2))
		return false;
	ed25519_sign(out + KS_SEALING_KEY_SIZE, &ks_keys.sm, out, KS_SEALING_KEY_SIZE);
	return true;
}

/*
 * SEED_SAMPLES 16-bit samples of the entropy source; false when it is dead
 * or keeps answering BIST/WAIT.
 */
static bool zkr_samples(uint8_t out[2 * SEED_SAMPLES])
{
	unsigned got = 0;

	for (unsigned polls = 0; got < SEED_SAMPLES && polls < SEED_MAX_POLLS; polls++) {
		uint64_t v;

		if (!arch_seed_read(&v))
			return false;
		switch ((v >> SEED_OPST_SHIFT) & 3) {
		case SEED_OPST_ES16:
			out[2 * got] = (uint8_t)v;
			out[2 * got + 1] = (uint8_t)((v & SEED_ENTROPY_MASK) >> 8);
			got++;
			break;
		case SEED_OPST_DEAD:
			return false;
		default:	/* BIST or WAIT: poll again */
			break;
		}
	}
	return got == SEED_SAMPLES;
}

/*
 * A SHA3-512 ratchet over a secret pool (from the device seed and the
 * monitor hash), a counter, mcycle and, when the hart has Zkr, 256 raw bits
 * of its entropy source, which the hash conditions (the scalar-crypto spec
 * asks for conditioning). Without Zkr the answers are unpredictable only to
 * whoever does not know the device key: docs/keystone.md says so.
 */
uint64_t ks_random(void)
{
	uint8_t in[16], raw[2 * SEED_SAMPLES];
	struct sha3_ctx h;
	bool fresh = ks_keys.has_zkr && zkr_samples(raw);

	crypto_store_le64(in, ++ks_keys.random_counter);
	crypto_store_le64(in + 8, csr_read(CSR_MCYCLE));
	sha3_init(&h, SHA3_512_DIGEST_SIZE);
	sha3_update(&h, ks_keys.random_state, sizeof(ks_keys.random_state));
	sha3_update(&h, in, sizeof(in));
	if (fresh)
		sha3_update(&h, raw, sizeof(raw));
	/* once each: what the boot log and `keystone-random` check */
	if (fresh && !ks_keys.zkr_used_logged) {
		ks_keys.zkr_used_logged = true;
		log_info("Keystone: RANDOM absorbed %u bits of the Zkr entropy source",
			 16 * SEED_SAMPLES);
	} else if (ks_keys.has_zkr && !fresh && !ks_keys.zkr_failed_logged) {
		ks_keys.zkr_failed_logged = true;
		log_warn("Keystone: the Zkr entropy source gave no samples (dead or busy); "
			 "this RANDOM is the keyed ratchet alone");
	}
	sha3_final(&h, ks_keys.random_state);
	crypto_wipe(raw, sizeof(raw));
	return crypto_load_le64(ks_keys.random_state + 32);
}
