# isolation with Smepmp (-cpu rv64,x-epmp=true): the layouts are written
# under mseccfg.MML instead of the locked ones (same sources as isolation).
SRC_DIR   := isolation
FW_CFLAGS := -DSMEPMP
