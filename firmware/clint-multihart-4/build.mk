# All-to-all IPIs between 4 harts: the clint-multihart-8 sources built for 4 harts.
SRC_DIR   := clint-multihart-8
FW_CFLAGS := -DNHARTS=4
