/* Runtime of the S-mode payloads: console output (shared with the
 * firmwares, firmware/common/print.c) and SBI calls. */
#ifndef PAYLOAD_PAYLOAD_H
#define PAYLOAD_PAYLOAD_H

#include <stdint.h>

#include "payload_abi.h"
#include "print.h"

struct sbiret {
	long error;
	long value;
};

struct sbiret sbi_call(unsigned long eid, unsigned long fid, unsigned long a0,
		       unsigned long a1);
/* The same with up to five arguments (a0..a4) */
struct sbiret sbi_call5(unsigned long eid, unsigned long fid, unsigned long a0,
			unsigned long a1, unsigned long a2, unsigned long a3, unsigned long a4);
/* SBI SRST system_reset(shutdown, no reason): does not return on success. */
struct sbiret sbi_shutdown(void);

void payload_main(unsigned long hartid, unsigned long dtb);

#endif /* PAYLOAD_PAYLOAD_H */
