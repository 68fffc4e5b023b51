# protect-payload whose SBI handler also tampers with the payload (same sources, -DTAMPER): it
# resumes the payload 8 bytes past the ecall, and the sandbox must refuse it (monitor only).
SRC_DIR   := protect-payload
FW_CFLAGS := -DTAMPER
