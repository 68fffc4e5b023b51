# csr-fuzz with seed 0xd1b54a32d192ed03 and 20000 operations: checks the reference hart
# (src/arch/host) against QEMU (tests/manifest.toml, "reference" block).
SRC_DIR   := csr-fuzz
FW_CFLAGS := -DSEED=0xd1b54a32d192ed03UL -DNOPS=20000
