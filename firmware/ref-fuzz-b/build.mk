# csr-fuzz with seed 0x2545f4914f6cdd1d and 20000 operations: checks the reference hart
# (src/arch/host) against QEMU (tests/manifest.toml, "reference" block).
SRC_DIR   := csr-fuzz
FW_CFLAGS := -DSEED=0x2545f4914f6cdd1dUL -DNOPS=20000
