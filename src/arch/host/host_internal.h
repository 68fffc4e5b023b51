/*
 * Glue between the files of the host hart (csr.c, mem.c, arch.c). Not for
 * tests: they use host.h.
 */
#ifndef MIRALIS_ARCH_HOST_HOST_INTERNAL_H
#define MIRALIS_ARCH_HOST_HOST_INTERNAL_H

#include <stdint.h>

#include "host.h"

/* Event counters behind host_stats(), owned by arch.c. */
extern struct host_stats host_stat;

/* Print "host hart: <msg>" and abort: the monitor misused the seam. */
void host_die(const char *msg, uint64_t detail) __attribute__((noreturn));

/*
 * End of a noreturn path (arch_halt, plat_exit, monitor_exit/panic):
 * longjmp to the test's host_catch_halt() buffer, else print why and abort.
 */
void host_noreturn(const char *why) __attribute__((noreturn));

void host_csr_reset(void);
void host_priv_reset(void);
/* mip with the Sstc/VS timer bits, read without a privilege check. */
uint64_t host_csr_mip(void);
/* PMP entries implemented (host_set_pmp). */
unsigned host_csr_nb_pmp(void);
void host_mem_reset(void);
void host_platform_reset(void);
void host_monitor_reset(void);
unsigned host_csr_hart_id(void);

#endif /* MIRALIS_ARCH_HOST_HOST_INTERNAL_H */
