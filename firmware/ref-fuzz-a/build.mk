# csr-fuzz with seed 0x9e3779b97f4a7c15 and 20000 operations: checks the reference hart
# (src/arch/host) against QEMU (tests/manifest.toml, "reference" block).
SRC_DIR   := csr-fuzz
FW_CFLAGS := -DSEED=0x9e3779b97f4a7c15UL -DNOPS=20000
