# Build rules shared by the bare-metal guests: firmware/Makefile (M-mode test firmwares) and
# payload/Makefile (S-mode payloads). docs/build-contract.md, "Firmware and payload builds":
#   make -C <dir> O=<abs dir> NAME=<name> ADDR=<hex>  -> <O>/<name>-<ADDR>.elf/.bin
#   make -C <dir> O=<abs dir> all                      -> every guest at every address in ADDRS
#
# The including Makefile sets:
#   GUEST_KIND    firmware | payload (messages, object directory)
#   GUEST_NAMES   the guests it holds (directories)
#   ADDRS         link addresses `all` builds
#   STACKS_SIZE   bytes reserved for stacks by the linker script
#   GUEST_LINK_LD linker script (LINK_ADDR and STACKS_SIZE come with --defsym)
#   GUEST_EXT_DIR, GUEST_EXT_SRCS  optional: sources taken from another directory
#   GUEST_CFLAGS  optional: defines for every source of this kind of guest
#   BOARD_DIR     where the boards' console/exit files are (firmware/common/board)
#   GUEST_BOARD_SRCS  optional: the board file, if not among GUEST_EXT_SRCS
# BOARD= (default virt) picks the machine the guest runs on (firmware/common/board.h); the
# runner builds each board's guests in a directory of its own.
# A guest directory may hold a build.mk setting SRC_DIR (another guest's sources) and
# FW_CFLAGS (extra defines), e.g. firmware/csr-fuzz-nopmp.

CROSS_COMPILE ?= riscv64-unknown-elf-
CC      := $(CROSS_COMPILE)gcc
OBJCOPY := $(CROSS_COMPILE)objcopy

ARCH_FLAGS := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany
CFLAGS := -std=c11 $(ARCH_FLAGS) -O2 -g -Wall -Wextra -Werror \
	-ffreestanding -nostdlib -fno-pie -fno-stack-protector -fno-common \
	-fno-asynchronous-unwind-tables -fno-unwind-tables -Icommon $(GUEST_CFLAGS) \
	$(if $(GUEST_EXT_DIR),-I$(GUEST_EXT_DIR)) -MMD -MP

ifneq ($(O),)
ifeq ($(filter /%,$(O)),)
$(error O must be an absolute directory, got '$(O)')
endif
endif

BOARD ?= virt

.PHONY: all image
ifneq ($(NAME),)
.DEFAULT_GOAL := image
else
.DEFAULT_GOAL := all
endif

all:
	@test -n "$(O)" || { echo "usage: make -C $(GUEST_KIND) O=<abs dir> [NAME=<name> ADDR=<hex>]" >&2; exit 2; }
	@set -e; for n in $(GUEST_NAMES); do for a in $(ADDRS); do \
		$(MAKE) --no-print-directory O=$(O) BOARD=$(BOARD) NAME=$$n ADDR=$$a image; \
	done; done

ifneq ($(NAME),)
ifeq ($(O),)
$(error O=<abs dir> is required)
endif
ifeq ($(ADDR),)
$(error ADDR=<hex link address> is required)
endif
ifeq ($(wildcard $(BOARD_DIR)/$(BOARD).c),)
$(error unknown BOARD '$(BOARD)'; have: $(notdir $(basename $(wildcard $(BOARD_DIR)/*.c))))
endif
ifeq ($(wildcard $(NAME)/.),)
$(error unknown $(GUEST_KIND) '$(NAME)'; have: $(GUEST_NAMES))
endif

SRC_DIR   := $(NAME)
FW_CFLAGS :=
-include $(NAME)/build.mk

OBJDIR   := $(O)/obj/$(GUEST_KIND)/$(NAME)-$(ADDR)
SRCS     := $(wildcard common/*.c common/*.S $(SRC_DIR)/*.c $(SRC_DIR)/*.S) $(GUEST_BOARD_SRCS)
# <GUEST_EXT_DIR>/x.c -> $(OBJDIR)/ext/x.c.o
EXT_OBJS := $(patsubst %,$(OBJDIR)/ext/%.o,$(GUEST_EXT_SRCS))
OBJS     := $(EXT_OBJS) $(patsubst %,$(OBJDIR)/%.o,$(SRCS))
ELF      := $(O)/$(NAME)-$(ADDR).elf
BIN      := $(O)/$(NAME)-$(ADDR).bin
DEPS     := Makefile ../mk/guest.mk $(wildcard $(NAME)/build.mk)

image: $(ELF) $(BIN)

$(OBJDIR)/ext/%.c.o: $(GUEST_EXT_DIR)/%.c $(DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(FW_CFLAGS) -c $< -o $@

$(OBJDIR)/%.c.o: %.c $(DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(FW_CFLAGS) -c $< -o $@

$(OBJDIR)/%.S.o: %.S $(DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(FW_CFLAGS) -c $< -o $@

$(ELF): $(OBJS) $(GUEST_LINK_LD)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -T $(GUEST_LINK_LD) -Wl,--no-warn-rwx-segments \
		-Wl,--defsym=LINK_ADDR=$(ADDR) -Wl,--defsym=STACKS_SIZE=$(STACKS_SIZE) -o $@ $(OBJS)

$(BIN): $(ELF)
	$(OBJCOPY) -O binary $< $@

-include $(OBJS:.o=.d)
endif
