# Proofs of the emulation core against the reference hart (docs/verification.md):
#
#   make verify [HARNESS=name] [O=<dir>]    CBMC: build it once into the cache (verify/cbmc-build.sh),
#                                            then prove every harness of verify/harness.c, or one
#   make verify-random [RUNS=n]              the same harnesses driven by random values (testing)
#   make verify-fast                         the proofs that take a minute or two (make test)
#   make verify-mutants                      each deliberate breakage of verify/mutants.py must make
#                                            its harness fail (random driver)
#   make verify-mutants-cbmc [HARNESS=..]    the same, checked by CBMC
#
# All three compile the same monitor sources as the metal and unit builds (PORTABLE_SRCS) with the
# reference hart src/arch/host as the arch seam; nothing of the emulation is copied or #ifdef'd.

VERIFY_SAVED_DEFAULT_GOAL := $(.DEFAULT_GOAL)
HARNESS ?=
RUNS ?= 3000
VERIFY_DIR = $(O)/verify
# The proofs that finish first (docs/verification.md §4), then those that do not yet: each of
# these stops at CBMC_TIMEOUT (600 s) and is reported NOT FINISHED.
VERIFY_HARNESSES = verify_decoder fences wfi interrupt_virtualization read_csr \
	exception_virtualization sret mret write_csr pmp_virtualization verify_load verify_stores \
	verify_compressed_loads verify_compressed_stores world_switch monitor_pmp mprv_pmp
VERIFY_SRCS = $(sort $(PORTABLE_SRCS) $(wildcard src/arch/host/*.c)) verify/harness.c
VERIFY_INC = -Iinclude -Isrc/arch/host -Itests/unit -Iverify -I$(VERIFY_DIR)/gen-host
VERIFY_DEPS = $(VERIFY_SRCS) verify/random.c verify/nondet.h $(wildcard include/miralis/*.h \
	include/miralis/*/*.h src/arch/host/*.h) tests/unit/vhart.h $(VERIFY_DIR)/gen-host/config.h
VERIFY_GOTO_CFLAGS = -std=c11 -DVERIFY_CBMC $(VERIFY_INC)
# The instruction harnesses, proved compositionally: on monitor-spec.goto, where every call of
# decode() is one of verify_decode_spec, the decoder's contract that verify_decoder proves, and
# two calls their words never reach end the path after asserting so (verify/harness.c,
# docs/verification.md §4).
VERIFY_SPEC_CALLS = --replace-calls decode:verify_decode_spec \
	--replace-calls emul_mret:verify_unreached_mret --replace-calls vmem_fetch:verify_unreached_fetch
VERIFY_SPEC_DECODE = read_csr write_csr fences verify_load verify_stores verify_compressed_loads \
	verify_compressed_stores
# (docs/verification.md §4 has the times: about 3 + 40 + 35 + 51 + 75 s CPU, each about twice
# with its mutants)
VERIFY_FAST ?= verify_decoder fences wfi read_csr mret
# --unwinding-assertions: a loop bound that is too small fails the proof instead of cutting it short.
CBMC_FLAGS ?= --bounds-check --pointer-check --signed-overflow-check --unwind 70 \
	--unwinding-assertions --object-bits 12 --slice-formula

.PHONY: verify verify-fast verify-random verify-mutants verify-mutants-cbmc

$(VERIFY_DIR)/gen-host/config.h: $(UNIT_GEN)/config.h
	@mkdir -p $(@D)
	sed 's/^#define CONFIG_MODULES(X) .*/#define CONFIG_MODULES(X)/' $< > $@

$(VERIFY_DIR)/verify-random: $(VERIFY_DEPS)
	@mkdir -p $(@D)
	$(UNIT_CC) -std=c11 -g -O1 -Wall -Wextra -Werror $(UNIT_SAN) $(VERIFY_INC) -o $@ \
		$(VERIFY_SRCS) verify/random.c

verify-random: $(VERIFY_DIR)/verify-random
	$(VERIFY_DIR)/verify-random $(RUNS) $(HARNESS)

verify-mutants: $(VERIFY_DIR)/gen-host/config.h
	@$(PYTHON) verify/mutants.py --build-dir $(VERIFY_DIR) --cc '$(UNIT_CC)' \
		--cflags '-std=c11 -g -O1 -w $(UNIT_SAN) $(VERIFY_INC)' \
		--srcs '$(VERIFY_SRCS) verify/random.c' --runs $(RUNS) $(HARNESS)

# CBMC: one goto program of all sources, then one cbmc run per harness entry point
# (verify/run-cbmc.sh: VERIFICATION SUCCESSFUL or the counterexample, time and peak memory).
$(VERIFY_DIR)/monitor.goto: $(VERIFY_DEPS)
	@mkdir -p $(@D)
	@cbmc=$$(verify/cbmc-build.sh) && echo "verify: goto-cc from $$cbmc" && \
	$$cbmc/bin/goto-cc $(VERIFY_GOTO_CFLAGS) -o $@ $(VERIFY_SRCS)

$(VERIFY_DIR)/monitor-spec.goto: $(VERIFY_DIR)/monitor.goto
	@cbmc=$$(verify/cbmc-build.sh) && \
	$$cbmc/bin/goto-instrument $(VERIFY_SPEC_CALLS) $< $@ >/dev/null

verify: $(VERIFY_DIR)/monitor.goto $(VERIFY_DIR)/monitor-spec.goto
	@cbmc=$$(verify/cbmc-build.sh) && \
	verify/run-cbmc.sh $$cbmc $(VERIFY_DIR) '$(CBMC_FLAGS)' '$(VERIFY_SPEC_DECODE)' \
		$(if $(HARNESS),$(HARNESS),$(VERIFY_HARNESSES))

# The proofs that take a minute or two (docs/verification.md has the times), then CBMC must fail
# each of their mutants: make test's verify-fast.
verify-fast:
	@$(MAKE) --no-print-directory verify HARNESS="$(VERIFY_FAST)"
	@$(MAKE) --no-print-directory verify-mutants-cbmc HARNESS="$(VERIFY_FAST)"

# Each mutant of verify/mutants.py must make CBMC fail its harness (not only the random driver).
verify-mutants-cbmc: $(VERIFY_DIR)/gen-host/config.h
	@cbmc=$$(verify/cbmc-build.sh) && \
	$(PYTHON) verify/mutants.py --cbmc $$cbmc --build-dir $(VERIFY_DIR)/cbmc \
		--cflags '$(VERIFY_GOTO_CFLAGS)' --srcs '$(VERIFY_SRCS)' \
		--spec-decode '$(VERIFY_SPEC_DECODE)' --spec-calls '$(VERIFY_SPEC_CALLS)' --cbmc-flags '$(CBMC_FLAGS)' $(HARNESS)

.DEFAULT_GOAL := $(VERIFY_SAVED_DEFAULT_GOAL)
