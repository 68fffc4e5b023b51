/*
 * Sealing at the first switch to the payload (docs/sandbox.md, "Memory"
 * and "Measurement"): every hart locks the payload region, then the
 * payload is measured and compared with the digest of the config.
 */
#define LOG_MODULE "protect_payload"

#include <miralis/log.h>
#include <miralis/module.h>
#include <miralis/monitor.h>
#include <miralis/protect_payload.h>
#include <miralis/virt.h>

#include <config.h>

#define SEAL_SPINS 200000000UL	/* bound on the wait for the other harts */

/* Set once, at the first switch to the payload on any hart (word-sized: atomics) */
static uint32_t sealed, measured;
static uint32_t seal_acked[CONFIG_NB_HARTS];
static uint64_t entry_pc;

bool pp_sealed(void)
{
	return __atomic_load_n(&sealed, __ATOMIC_ACQUIRE) != 0;
}

static void measure(const struct vctx *c)
{
	static const uint8_t expected[PP_DIGEST_SIZE] = CONFIG_PP_EXPECTED_DIGEST;
	uint8_t found[PP_DIGEST_SIZE];
	char hex[2 * PP_DIGEST_SIZE + 1];
	unsigned diff = 0;

	pp_measure(CONFIG_PP_HASH_ALG, (const void *)(uintptr_t)CONFIG_PAYLOAD_START,
		   CONFIG_PP_HASH_SIZE, c->pc, found);
	for (unsigned i = 0; i < PP_DIGEST_SIZE; i++)
		diff |= found[i] ^ expected[i];
	pp_hex(found, hex);
	if (!diff) {
		log_info("payload measured (%s of 0x%lx bytes at 0x%lx, entry 0x%lx): %s, as expected",
			 CONFIG_PP_HASH_NAME, (uint64_t)CONFIG_PP_HASH_SIZE,
			 (uint64_t)CONFIG_PAYLOAD_START, c->pc, hex);
		return;
	}
	log_error("payload measurement mismatch (%s of 0x%lx bytes at 0x%lx, entry 0x%lx)",
		  CONFIG_PP_HASH_NAME, (uint64_t)CONFIG_PP_HASH_SIZE, (uint64_t)CONFIG_PAYLOAD_START,
		  c->pc);
	log_error("  digest found:    %s", hex);
	pp_hex(expected, hex);
	log_error("  digest expected: %s", hex);
	if (CONFIG_PP_STOP_ON_MISMATCH) {
		log_error("the payload is not started ([protect_payload] on_mismatch = \"stop\")");
		monitor_exit(1);
	}
	log_warn("starting the payload anyway ([protect_payload] on_mismatch = \"continue\")");
}

/*
 * Every other hart locks the payload region before the payload is
 * measured: none of them can change it between the measurement and the
 * entry (a monitor IPI; each acknowledges from the monitor, with its new
 * PMP committed before it runs its firmware again).
 */
void pp_seal(struct vctx *c)
{
	unsigned self = module_hart(c);

	if (__atomic_exchange_n(&sealed, 1, __ATOMIC_ACQ_REL))
		return;
	for (unsigned h = 0; h < CONFIG_NB_HARTS; h++)
		if (h != self)
			module_send_ipi(&module_protect_payload, h);
	for (unsigned h = 0; h < CONFIG_NB_HARTS; h++) {
		unsigned long spins = 0;

		while (h != self && !__atomic_load_n(&seal_acked[h], __ATOMIC_ACQUIRE))
			if (++spins == SEAL_SPINS)
				monitor_panic("hart %u did not lock the payload memory", h);
	}
	log_info("payload memory locked for the firmware on %u hart(s)", (unsigned)CONFIG_NB_HARTS);
	measure(c);
	entry_pc = c->pc;
	__atomic_store_n(&measured, 1, __ATOMIC_RELEASE);
}

uint64_t pp_measured_entry(struct vctx *c)
{
	/* in the monitor, interrupts off: acknowledge here, the PMP follows */
	pp_seal_ack(c);
	while (!__atomic_load_n(&measured, __ATOMIC_ACQUIRE))
		;
	return entry_pc;
}

void pp_seal_ack(struct vctx *c)
{
	c->pmp_dirty = true;
	__atomic_store_n(&seal_acked[module_hart(c)], 1, __ATOMIC_RELEASE);
}
