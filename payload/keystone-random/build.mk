# The keystone host program (payload/keystone), RANDOM scenario.
SRC_DIR   := keystone
FW_CFLAGS := -DKS_SCENARIO=ks_test_random
