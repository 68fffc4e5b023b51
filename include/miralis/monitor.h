/*
 * Monitor-wide services: panic, exit with the closing report, per-hart
 * state lookup.
 */
#ifndef MIRALIS_MONITOR_H
#define MIRALIS_MONITOR_H

#include <stdint.h>

struct vctx;

/* Print the cause and the trapped context, then exit with failure. */
void monitor_panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
/* Print the closing lines (exits, stack use) of this hart. */
void monitor_report(void);
/* Closing lines then the real platform exit. */
void monitor_exit(int code) __attribute__((noreturn));
/* The context the running hart serves (NULL before it is set up). */
struct vctx *monitor_current_ctx(void);
/* Total exits over all harts. */
uint64_t monitor_total_exits(void);
/*
 * The immutable part of the monitor image as loaded (code and read-only
 * data, from the entry point): what the keystone policy measures.
 */
void monitor_image(uint64_t *base, uint64_t *size);

#endif /* MIRALIS_MONITOR_H */
