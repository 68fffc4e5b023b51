# Reference cross-check programs (docs/verification.md):
#
#   make ref O=<out dir> REF=<firmware>   -> $(O)/ref/<firmware>
#
# builds a firmware's generator (firmware/<REF>/build.mk: SRC_DIR, FW_CFLAGS;
# csr-fuzz today) for the host against the reference hart src/arch/host,
# through tests/ref/shim/fw.h, with ASan + UBSan. No monitor source is
# linked: the program must print what the firmware prints natively on QEMU.

REF_SAVED_DEFAULT_GOAL := $(.DEFAULT_GOAL)
REF ?=
ifneq ($(filter ref,$(MAKECMDGOALS)),)
ifeq ($(strip $(O)),)
$(error make ref needs O=<out dir>)
endif
ifeq ($(wildcard firmware/$(REF)/.),)
$(error make ref needs REF=<a firmware directory>, got '$(REF)')
endif
endif

SRC_DIR :=
FW_CFLAGS :=
-include firmware/$(REF)/build.mk
REF_SRC_DIR := firmware/$(if $(SRC_DIR),$(SRC_DIR),$(REF))
REF_BIN := $(O)/ref/$(REF)
REF_SRCS := $(REF_SRC_DIR)/main.c $(REF_SRC_DIR)/sanitize.c tests/ref/ref_csr_fuzz.c \
	$(wildcard src/arch/host/*.c)
REF_CFLAGS := -std=c11 -g -O1 -Wall -Wextra -Werror -fsanitize=address,undefined \
	-fno-sanitize-recover=all -Itests/ref/shim -I$(REF_SRC_DIR) -Iinclude -Isrc/arch/host \
	-I$(O)/gen-host -Dmain=fuzz_main $(FW_CFLAGS)

.PHONY: ref
ref: $(REF_BIN)

# One compile and link step: a handful of files, and each seed's defines differ.
$(REF_BIN): $(REF_SRCS) $(wildcard tests/ref/shim/*.h src/arch/host/*.h $(REF_SRC_DIR)/*.h) \
		$(O)/gen-host/config.h
	@mkdir -p $(@D)
	$(UNIT_CC) $(REF_CFLAGS) -o $@ $(REF_SRCS)

.DEFAULT_GOAL := $(REF_SAVED_DEFAULT_GOAL)
