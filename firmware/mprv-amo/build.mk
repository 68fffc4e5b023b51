# mprv-amo: the mprv firmware's page tables with AMOs (amoadd.w, amoswap.d,
# amoor.d) made with mstatus.MPRV = 1, see mprv/main.c (test_amo).
SRC_DIR   := mprv
FW_CFLAGS := -DMPRV_AMO
