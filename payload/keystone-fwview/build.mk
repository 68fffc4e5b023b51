# The keystone host program (payload/keystone), what the firmware sees of a forwarded call.
SRC_DIR   := keystone
FW_CFLAGS := -DKS_SCENARIO=ks_test_fwview
