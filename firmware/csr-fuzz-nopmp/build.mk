# csr-fuzz without the PMP CSRs in the operation mix, for monitor configs that
# expose no virtual PMP (same sources as csr-fuzz).
SRC_DIR   := csr-fuzz
FW_CFLAGS := -DNO_PMP
