/* What an M-mode test firmware and an S-mode payload agree on.
 * The payload image starts with a jump over a 64-bit magic at offset 8, so a
 * firmware can tell whether a payload was loaded (QEMU -device loader) before
 * jumping to it. SBI constants from the SBI spec v1.0 (SRST extension). */
#ifndef FW_PAYLOAD_ABI_H
#define FW_PAYLOAD_ABI_H

#ifndef PAYLOAD_ADDR
#define PAYLOAD_ADDR		0x80400000UL	/* build contract: default payload address */
#endif
#define PAYLOAD_MAGIC_OFFSET	8
#define PAYLOAD_MAGIC		0x444c5941504c524dUL	/* "MRLPAYLD" little-endian */

#define SBI_EXT_SRST		0x53525354UL	/* "SRST" */
#define SBI_SRST_RESET		0		/* FID: system_reset(type, reason) */
#define SBI_SRST_SHUTDOWN	0		/* reset type */
#define SBI_SRST_NO_REASON	0		/* reset reason */

#endif /* FW_PAYLOAD_ABI_H */
