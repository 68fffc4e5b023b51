# Miralis-C top-level Makefile.
#
# User targets delegate to runner/runner.py (see README.md); the monitor's own build targets
# (monitor, unit) live in the marked section at the bottom. docs/build-contract.md is the contract.
#
#   make run   [FIRMWARE=<name|path|image>] [PAYLOAD=...] [CONFIG=<name|file>] [NATIVE=1] [TIMEOUT=s]
#   make test  [TEST="a b c"] [TIMEOUT=s]
#   make debug [same as run]       QEMU waits for gdb on :1234
#   make gdb   [same as run]       gdb-multiarch attached to :1234 with all symbols
#   make check-config [CONFIG=<name|file|dir>]
#   make images [IMAGES="a b"]     build/cache Debian images (runner/images.py; default all but debian)
#   make bench [QUICK=1]           benchmarks -> benchmarks/{results,plots,README.md} (runner/bench.py)
#   make bench-exits               Linux boot exits by category, 1/2 harts, Sstc on/off, monitor/offload/
#                                  sandbox -> benchmarks/results/linux_exits_table.{csv,md}
#   make profile [as run] [WINDOW=op] [UNTIL=elf:symbol]   one run under the insnprof plugin
#   make bench-apps [QUICK=1] [BENCH_APPS="--runs 5 --cells a,b"]  redis/memcached/sysbench/fio on Debian 13
#   make clean                     remove the build directory
#
# O= sets the build directory (default build/).

O ?= build
PYTHON ?= python3

FIRMWARE ?=
PAYLOAD ?=
CONFIG ?=
TEST ?=
TIMEOUT ?=
NATIVE ?=
QEMU_ARGS ?=
GDB_ARGS ?=
IMAGES ?=
QUICK ?=
BENCH_APPS ?=
WINDOW ?=
UNTIL ?=
# Debian's python3-matplotlib belongs to Debian's python3; PATH may hold another one.
BENCH_PYTHON ?= $(firstword $(wildcard /usr/bin/python3) $(PYTHON))
BENCH := $(BENCH_PYTHON) runner/bench.py --build-dir '$(O)'

RUNNER := $(PYTHON) runner/runner.py --build-dir '$(O)'
# Only what was set is passed on, so the config's [target.*] names stay the defaults.
SELECT := $(if $(CONFIG),--config '$(CONFIG)') $(if $(FIRMWARE),--firmware '$(FIRMWARE)') \
	$(if $(PAYLOAD),--payload '$(PAYLOAD)') $(if $(NATIVE),--native)
RUNOPTS := $(if $(TIMEOUT),--timeout $(TIMEOUT)) $(foreach a,$(QEMU_ARGS),--qemu-arg=$(a))

.DEFAULT_GOAL := help
.PHONY: help run test debug gdb build check-config images bench bench-exits profile bench-apps clean

help:
	@sed -n '3,19s/^# \{0,1\}//p' Makefile

run:
	@$(RUNNER) run $(SELECT) $(RUNOPTS)

debug:
	@$(RUNNER) debug $(SELECT) $(RUNOPTS)

gdb:
	@$(RUNNER) gdb $(SELECT) $(if $(GDB_ARGS),-- $(GDB_ARGS))

build:
	@$(RUNNER) build $(SELECT)

test:
	@$(RUNNER) test $(if $(TIMEOUT),--timeout $(TIMEOUT)) $(TEST)

check-config:
	@$(RUNNER) check-config $(CONFIG)

images:
	@if [ -f runner/images.py ]; then $(PYTHON) runner/images.py build $(IMAGES); \
	else echo "images: runner/images.py does not exist yet; nothing to do"; fi

bench:
	@bash runner/deps.sh core images bench
	@RUNNER_NO_DEPS=1 $(BENCH) all $(if $(QUICK),--quick)

bench-exits:
	@bash runner/deps.sh core images
	@RUNNER_NO_DEPS=1 $(BENCH) exits

profile:
	@bash runner/deps.sh core images bench
	@RUNNER_NO_DEPS=1 $(BENCH) profile $(SELECT) $(if $(WINDOW),--window '$(WINDOW)') \
		$(if $(UNTIL),--until '$(UNTIL)') $(foreach a,$(QEMU_ARGS),--qemu-arg=$(a))

bench-apps:
	@bash runner/deps.sh core images debian bench-apps
	@$(BENCH_PYTHON) runner/bench_apps.py $(if $(QUICK),--quick) $(BENCH_APPS)

clean:
	rm -rf '$(O)'

# ---- build targets (monitor, unit) ----
# Owned by the monitor build (docs/build-contract.md, "Monitor build" and "Host unit tests").
-include mk/monitor.mk
# Verification (docs/verification.md): reference cross-check programs, fuzzing, proofs.
-include mk/ref.mk
-include mk/fuzz.mk
-include mk/verify.mk
