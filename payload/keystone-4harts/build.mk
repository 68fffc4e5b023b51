# The keystone host program (payload/keystone), four-hart scenario.
SRC_DIR   := keystone
FW_CFLAGS := -DKS_SCENARIO=ks_test_fourharts
