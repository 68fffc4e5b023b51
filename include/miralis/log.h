/*
 * Leveled logging. Every line is "[<Level> | <module>] <message>" and is
 * emitted whole (one lock per line across harts). Levels above
 * CONFIG_LOG_MAX_LEVEL are compiled out; the rest are filtered at run time
 * by the global level and the per-module filters from the config.
 *
 * A .c file names its module before including this header:
 *     #define LOG_MODULE "virt.csr"
 */
#ifndef MIRALIS_LOG_H
#define MIRALIS_LOG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include <config.h>

#ifndef LOG_MODULE
#define LOG_MODULE "miralis"
#endif

enum log_level {
	LOG_OFF = 0,
	LOG_ERROR = 1,
	LOG_WARN = 2,
	LOG_INFO = 3,
	LOG_DEBUG = 4,
	LOG_TRACE = 5,
};

bool log_enabled(enum log_level level, const char *module);
void log_emit(enum log_level level, const char *module, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void log_vemit(enum log_level level, const char *module, const char *fmt, va_list ap);

/* Release builds compile out debug and trace whatever the config asks */
#if CONFIG_RELEASE && CONFIG_LOG_MAX_LEVEL > 3
#define LOG_COMPILED_MAX 3
#else
#define LOG_COMPILED_MAX CONFIG_LOG_MAX_LEVEL
#endif

#define LOG_AT(level, ...)                                                    \
	do {                                                                  \
		if ((level) <= LOG_COMPILED_MAX &&                            \
		    log_enabled((level), LOG_MODULE))                         \
			log_emit((level), LOG_MODULE, __VA_ARGS__);           \
	} while (0)

#define log_error(...) LOG_AT(LOG_ERROR, __VA_ARGS__)
#define log_warn(...) LOG_AT(LOG_WARN, __VA_ARGS__)
#define log_info(...) LOG_AT(LOG_INFO, __VA_ARGS__)
#define log_debug(...) LOG_AT(LOG_DEBUG, __VA_ARGS__)
#define log_trace(...) LOG_AT(LOG_TRACE, __VA_ARGS__)

/* Console bytes dropped since boot because the console was not ready in time. */
uint64_t log_dropped_bytes(void);

/*
 * Rate limit for messages a guest can trigger at will (one per call site):
 * the first LOG_RATELIMIT_BURST occurrences, then only the 2^k-th, so n
 * events print about LOG_RATELIMIT_BURST + log2(n) lines. log_ratelimit
 * counts one occurrence and returns its number if it is to be printed,
 * else 0.
 */
#define LOG_RATELIMIT_BURST 8
struct log_ratelimit {
	uint64_t count;
};
uint64_t log_ratelimit(struct log_ratelimit *r);

#define log_warn_ratelimited(...)                                             \
	do {                                                                  \
		static struct log_ratelimit __rl;                             \
		uint64_t __n = log_ratelimit(&__rl);                          \
		if (__n) {                                                    \
			log_warn(__VA_ARGS__);                                \
			if (__n > LOG_RATELIMIT_BURST)                        \
				log_warn("  (occurrence %lu; this warning is " \
					 "rate-limited)", __n);                \
		}                                                             \
	} while (0)

/* Log once per boot (per call site) */
#define log_warn_once(...)                                                    \
	do {                                                                  \
		static bool __done;                                           \
		if (!__done) {                                                \
			__done = true;                                        \
			log_warn(__VA_ARGS__);                                \
		}                                                             \
	} while (0)

#endif /* MIRALIS_LOG_H */
