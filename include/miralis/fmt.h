/*
 * A small vsnprintf for the monitor: %c %s %d %i %u %x %X %p %% with
 * flags '0' '-', a width, and the l/ll/z length modifiers. No floating
 * point. Output is always NUL-terminated and truncated to the buffer.
 */
#ifndef MIRALIS_FMT_H
#define MIRALIS_FMT_H

#include <stdarg.h>
#include <stddef.h>

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* MIRALIS_FMT_H */
