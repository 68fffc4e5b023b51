/*
 * A small vsnprintf for the monitor: %s %d %u %x %% with flags '0' '-', a
 * width, and the l/ll/z length modifiers: what the monitor's messages use
 * (%c %i %X %p are printed as written, like any other conversion). No
 * floating point. Output is always NUL-terminated and truncated to the
 * buffer.
 */
#ifndef MIRALIS_FMT_H
#define MIRALIS_FMT_H

#include <stdarg.h>
#include <stddef.h>

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* MIRALIS_FMT_H */
