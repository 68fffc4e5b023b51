# libFuzzer harness over the host build (docs/verification.md):
#
#   make fuzz [SECONDS=n] [O=<dir>]      run tests/fuzz for n seconds (default 60)
#
# builds the portable monitor sources, the reference hart src/arch/host and
# tests/fuzz/*.c with clang -fsanitize=fuzzer,address,undefined into
# $(O)/fuzz/fuzz-monitor, then runs it on the corpus kept in the repo
# (tests/fuzz/corpus, read only) plus a working corpus in $(O)/fuzz/corpus.
# Exit status non-zero when a crash or a broken invariant was found; the
# input is saved as $(O)/fuzz/crash-*.

FUZZ_SAVED_DEFAULT_GOAL := $(.DEFAULT_GOAL)
SECONDS ?= 60
FUZZ_CC ?= clang
FUZZ_DIR = $(O)/fuzz
FUZZ_BIN = $(FUZZ_DIR)/fuzz-monitor
FUZZ_SRCS = $(sort $(PORTABLE_SRCS) $(wildcard src/arch/host/*.c) $(wildcard tests/fuzz/*.c))
FUZZ_CFLAGS = -std=c11 -g -O1 -Wall -Wextra -Werror \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-Iinclude -Isrc/arch/host -Itests/unit -I$(FUZZ_DIR)/gen-host

.PHONY: fuzz fuzz-build
fuzz: fuzz-build
	@mkdir -p $(FUZZ_DIR)/corpus
	cd $(FUZZ_DIR) && ./fuzz-monitor -max_total_time=$(SECONDS) -max_len=512 \
		-print_final_stats=1 corpus $(CURDIR)/tests/fuzz/corpus

fuzz-build: $(FUZZ_BIN)

$(FUZZ_BIN): $(FUZZ_SRCS) $(wildcard include/miralis/*.h include/miralis/*/*.h src/arch/host/*.h \
		tests/unit/vhart.h) $(FUZZ_DIR)/gen-host/config.h
	@runner/deps.sh fuzz >&2
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(FUZZ_SRCS)

# The unit build's host config (mk/unit.mk), without the unit tests' modules.
$(FUZZ_DIR)/gen-host/config.h: $(UNIT_GEN)/config.h
	@mkdir -p $(@D)
	sed 's/^#define CONFIG_MODULES(X) .*/#define CONFIG_MODULES(X)/' $< > $@

.DEFAULT_GOAL := $(FUZZ_SAVED_DEFAULT_GOAL)
