/* A small printf for test output. Only what the tests need; no floating point.
 * 64-bit division is native on RV64IM, so no libgcc helpers are pulled in. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "board.h"
#include "print.h"

struct spec {
	bool left;		/* '-' flag */
	bool zero;		/* '0' flag */
	unsigned width;
};

static int pad(unsigned n, char c)
{
	for (unsigned i = 0; i < n; i++)
		board_putc(c);
	return (int)n;
}

/* Emit a finished field (sign/prefix already part of s) honouring width. */
static int emit(const struct spec *sp, const char *s, size_t len)
{
	int n = 0;
	unsigned fill = sp->width > len ? sp->width - (unsigned)len : 0;

	if (!sp->left)
		n += pad(fill, ' ');
	for (size_t i = 0; i < len; i++)
		board_putc(s[i]);
	n += (int)len;
	if (sp->left)
		n += pad(fill, ' ');
	return n;
}

static int emit_num(const struct spec *sp, uint64_t v, unsigned base, bool neg, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24];
	size_t i = sizeof(buf);

	do {
		buf[--i] = digits[v % base];
		v /= base;
	} while (v);
	/* Zero padding goes between the sign and the digits. */
	size_t ndig = sizeof(buf) - i;
	unsigned want = sp->width;
	if (neg && want)
		want--;
	if (sp->zero && !sp->left)
		while (ndig < want && i > 1) {
			buf[--i] = '0';
			ndig++;
		}
	if (neg)
		buf[--i] = '-';
	return emit(sp, &buf[i], sizeof(buf) - i);
}

int vprintf(const char *fmt, va_list ap)
{
	int n = 0;

	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			board_putc(*fmt);
			n++;
			continue;
		}
		struct spec sp = { false, false, 0 };
		fmt++;
		for (;; fmt++) {
			if (*fmt == '-')
				sp.left = true;
			else if (*fmt == '0')
				sp.zero = true;
			else
				break;
		}
		while (*fmt >= '0' && *fmt <= '9')
			sp.width = sp.width * 10 + (unsigned)(*fmt++ - '0');
		int lng = 0;	/* 0 int, 1 long / long long / size_t */
		while (*fmt == 'l' || *fmt == 'z') {
			lng = 1;
			fmt++;
		}
		switch (*fmt) {
		case 'd':
		case 'i': {
			int64_t v = lng ? va_arg(ap, long) : va_arg(ap, int);
			/* Negate in unsigned arithmetic: INT64_MIN has no positive twin. */
			uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
			n += emit_num(&sp, mag, 10, v < 0, false);
			break;
		}
		case 'u':
		case 'x':
		case 'X': {
			uint64_t v = lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
			n += emit_num(&sp, v, *fmt == 'u' ? 10 : 16, false, *fmt == 'X');
			break;
		}
		case 'p':
			n += emit(&sp, "0x", 2);
			sp.width = 0;
			n += emit_num(&sp, (uint64_t)(uintptr_t)va_arg(ap, void *), 16, false, false);
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			size_t len = 0;
			if (!s)
				s = "(null)";
			while (s[len])
				len++;
			n += emit(&sp, s, len);
			break;
		}
		case 'c': {
			char c = (char)va_arg(ap, int);
			n += emit(&sp, &c, 1);
			break;
		}
		case '%':
			board_putc('%');
			n++;
			break;
		case '\0':
			return n;	/* lone '%' at the end: stop */
		default:
			/* Unknown conversion: show it verbatim so the bug is visible. */
			board_putc('%');
			board_putc(*fmt);
			n += 2;
			break;
		}
	}
	return n;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}
