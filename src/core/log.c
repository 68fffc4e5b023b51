/*
 * Logger: formats one whole line in a buffer, then prints it under a
 * global lock so lines from different harts never interleave.
 */
#include <miralis/fmt.h>
#include <miralis/log.h>
#include <miralis/platform.h>

#include <stdint.h>

#define LINE_MAX 320

struct log_filter {
	const char *module;
	int level;
};

static const struct log_filter filters[] = { CONFIG_LOG_FILTERS { 0, 0 } };
static volatile uint32_t log_lock;
static uint64_t dropped;	/* console bytes given up (plat_putc timed out) */

static const char *const level_names[] = { "Off", "Error", "Warn", "Info", "Debug", "Trace" };
static const char *const level_colors[] = { "", "\x1b[31;1m", "\x1b[33;1m", "\x1b[32;1m",
					    "\x1b[34;1m", "\x1b[35;1m" };

/* module matches a filter naming it or one of its parents ("virt" ~ "virt.csr") */
static int module_match(const char *filter, const char *module)
{
	while (*filter && *filter == *module) {
		filter++;
		module++;
	}
	return *filter == '\0' && (*module == '\0' || *module == '.');
}

bool log_enabled(enum log_level level, const char *module)
{
	if (level == LOG_OFF)
		return false;
	if ((int)level <= CONFIG_LOG_LEVEL)
		return true;
	for (const struct log_filter *f = filters; f->module; f++)
		if ((int)level <= f->level && module_match(f->module, module))
			return true;
	return false;
}

static void emit_line(const char *line);

static void lock(void)
{
	while (__atomic_exchange_n(&log_lock, 1, __ATOMIC_ACQUIRE))
		;
}

static void unlock(void)
{
	__atomic_store_n(&log_lock, 0, __ATOMIC_RELEASE);
}

void log_vemit(enum log_level level, const char *module, const char *fmt, va_list ap)
{
	char line[LINE_MAX];
	int n;

	if (CONFIG_LOG_COLOR)
		n = fmt_snprintf(line, sizeof(line), "[%s%s\x1b[0m | %s] ", level_colors[level],
				 level_names[level], module);
	else
		n = fmt_snprintf(line, sizeof(line), "[%s | %s] ", level_names[level], module);
	if (n < LINE_MAX)
		fmt_vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	lock();
	emit_line(line);
	unlock();
}

/*
 * Once a byte is dropped the console is not ready: the rest of the line
 * (and its newline) is dropped at once instead of waiting again for each
 * byte, so a stuck UART costs one bounded wait per line.
 */
static void emit_line(const char *line)
{
	const char *c = line;
	size_t rest;

	while (*c && plat_putc(*c))
		c++;
	if (*c == '\0' && plat_putc('\n'))
		return;
	for (rest = 1; *c; c++)
		rest++;
	__atomic_fetch_add(&dropped, rest, __ATOMIC_RELAXED);
}

uint64_t log_dropped_bytes(void)
{
	return __atomic_load_n(&dropped, __ATOMIC_RELAXED);
}

uint64_t log_ratelimit(struct log_ratelimit *r)
{
	uint64_t n = __atomic_add_fetch(&r->count, 1, __ATOMIC_RELAXED);

	return n <= LOG_RATELIMIT_BURST || (n & (n - 1)) == 0 ? n : 0;
}

void log_emit(enum log_level level, const char *module, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vemit(level, module, fmt, ap);
	va_end(ap);
}
