/* Minimal formatted output for the monitor (see include/miralis/fmt.h). */
#include <miralis/fmt.h>

#include <stdbool.h>
#include <stdint.h>

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_padded(struct out *o, const char *s, size_t n, int width, bool left,
		       char pad)
{
	int fill = width > (int)n ? width - (int)n : 0;

	if (!left)
		while (fill-- > 0)
			put(o, pad);
	for (size_t i = 0; i < n; i++)
		put(o, s[i]);
	if (left)
		while (fill-- > 0)
			put(o, ' ');
}

static size_t utoa(char *tmp, uint64_t v, unsigned base)
{
	size_t n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	return n;
}

static void put_number(struct out *o, uint64_t v, bool neg, unsigned base, int width, bool left,
		       char pad)
{
	char tmp[24], s[25];
	size_t n = utoa(tmp, v, base), k = 0;

	if (neg && pad == '0') {
		put(o, '-');
		width = width > 0 ? width - 1 : 0;
	} else if (neg) {
		s[k++] = '-';
	}
	while (n)
		s[k++] = tmp[--n];
	put_padded(o, s, k, width, left, pad);
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		bool left = false, is_long = false;
		char pad = ' ';
		int width = 0;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '-')
				left = true;
			else if (*fmt == '0')
				pad = '0';
			else
				break;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l' || *fmt == 'z') {
			is_long = true;
			fmt++;
		}
		switch (*fmt) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			size_t n = 0;

			if (!s)
				s = "(null)";
			while (s[n])
				n++;
			put_padded(&o, s, n, width, left, ' ');
			break;
		}
		case 'd': {
			int64_t v = is_long ? va_arg(ap, long) : va_arg(ap, int);

			put_number(&o, v < 0 ? -(uint64_t)v : (uint64_t)v, v < 0, 10, width, left,
				   pad);
			break;
		}
		case 'u':
		case 'x': {
			uint64_t v = is_long ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);

			put_number(&o, v, false, *fmt == 'u' ? 10 : 16, width, left, pad);
			break;
		}
		case '%':
			put(&o, '%');
			break;
		case '\0':
			fmt--;
			break;
		default:
			put(&o, '%');
			put(&o, *fmt);
			break;
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
