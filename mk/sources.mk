# Portable monitor sources: compiled for metal, for the host unit tests and (later) for CBMC.
# They reach the hardware only through include/miralis/arch.h.
PORTABLE_SRCS := \
	src/core/abi.c \
	src/core/fdt.c \
	src/core/fmt.c \
	src/core/handover.c \
	src/core/log.c \
	src/core/module.c \
	src/core/stack.c \
	src/core/string.c \
	src/crypto/ed25519.c \
	src/crypto/fe25519.c \
	src/crypto/hkdf.c \
	src/crypto/md.c \
	src/crypto/sc25519.c \
	src/crypto/sha256.c \
	src/crypto/sha3.c \
	src/crypto/sha512.c \
	src/decode/decode.c \
	src/device/clint.c \
	src/driver/ns16550.c \
	src/device/finisher.c \
	src/device/htif.c \
	src/driver/htif.c \
	src/driver/sifive_uart.c \
	src/device/tester.c \
	src/modules/boot_counter.c \
	src/modules/exit_category.c \
	src/modules/exit_counter.c \
	src/modules/exit_counter_per_cause.c \
	src/policy/protect_payload.c \
	src/policy/protect_payload_hash.c \
	src/policy/protect_payload_sbi.c \
	src/policy/protect_payload_seal.c \
	src/policy/protect_payload_window.c \
	src/pmp/pmp.c \
	src/policy/keystone.c \
	src/policy/keystone_attest.c \
	src/policy/keystone_context.c \
	src/policy/keystone_region.c \
	src/policy/offload.c \
	src/virt/csr.c \
	src/virt/emul.c \
	src/virt/hw.c \
	src/virt/irq.c \
	src/virt/memory.c \
	src/virt/misaligned.c \
	src/virt/ptwalk.c \
	src/virt/redirect.c \
	src/virt/trap.c \
	src/virt/trigger.c \
	src/virt/vctx.c \
	src/virt/world.c

# Metal only: boot, per-hart loop, platform, the arch layer.
METAL_SRCS := \
	src/core/main.c \
	src/core/plat.c \
	src/arch/metal/arch.c \
	src/arch/metal/fault.c
METAL_ASM := \
	src/arch/metal/entry.S \
	src/arch/metal/hpm.S \
	src/arch/metal/mprv.S \
	src/arch/metal/trap.S
