# Monitor build (docs/build-contract.md):
#   make monitor O=<abs dir> CONFIG_DIR=<dir with config.h and config.mk>
# -> $(O)/monitor.elf, $(O)/monitor.bin

include mk/sources.mk
-include mk/unit.mk

CROSS ?= riscv64-unknown-elf-
MON_CC := $(CROSS)gcc
MON_OBJCOPY := $(CROSS)objcopy

ifneq ($(CONFIG_DIR),)
include $(CONFIG_DIR)/config.mk
endif
PLATFORM ?= virt
PROFILE ?= dev

# -Wframe-larger-than: no frame may skip the stack guard (STACK_GUARD, include/miralis/stack.h)
MON_OPT := $(if $(filter release,$(PROFILE)),-Os -flto -fconserve-stack,-O2)
MON_CFLAGS := -std=c11 -ffreestanding -nostdlib -fno-builtin -fno-common -fno-pie \
	-fno-stack-protector -mcmodel=medany -march=rv64imac_zicsr_zifencei -mabi=lp64 \
	-mstrict-align -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wno-unused-parameter -Wframe-larger-than=1024 -g $(MON_OPT) -ffunction-sections -fdata-sections \
	-Iinclude -Isrc/arch/metal -I$(CONFIG_DIR)
MON_LDFLAGS := -nostdlib -static -Wl,--gc-sections -Wl,-T,$(O)/monitor.ld -Wl,--no-warn-rwx-segments

MON_SRCS := $(PORTABLE_SRCS) $(METAL_SRCS) src/platform/$(PLATFORM).c
MON_OBJS := $(patsubst %.c,$(O)/obj/%.o,$(MON_SRCS)) $(patsubst %.S,$(O)/obj/%.o,$(METAL_ASM))

.PHONY: monitor
monitor: $(O)/monitor.elf $(O)/monitor.bin

$(O)/obj/%.o: %.c $(CONFIG_DIR)/config.h mk/monitor.mk
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(MON_CC) $(MON_CFLAGS) -MMD -MP -c $< -o $@

$(O)/obj/%.o: %.S $(CONFIG_DIR)/config.h mk/monitor.mk
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(MON_CC) $(MON_CFLAGS) -D__ASSEMBLER__ -MMD -MP -c $< -o $@

$(O)/monitor.ld: src/arch/metal/monitor.ld.S $(CONFIG_DIR)/config.h
	@mkdir -p $(dir $@)
	$(MON_CC) -E -P -x c -I$(CONFIG_DIR) -Iinclude $< -o $@

$(O)/monitor.elf: $(MON_OBJS) $(O)/monitor.ld
	@echo "  LD      $@"
	@$(MON_CC) $(MON_CFLAGS) $(MON_LDFLAGS) $(MON_OBJS) -o $@

$(O)/monitor.bin: $(O)/monitor.elf
	@$(MON_OBJCOPY) -O binary $< $@

-include $(MON_OBJS:.o=.d)
