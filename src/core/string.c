/*
 * The few libc memory functions GCC may emit calls to, even in freestanding
 * code (struct copies and initialisers). Byte loops: small and obviously right
 * (memcpy moves aligned words first).
 */
#include <stddef.h>
#include <stdint.h>

void *memset(void *dst, int c, size_t n) __attribute__((used));
void *memcpy(void *dst, const void *src, size_t n) __attribute__((used));
void *memmove(void *dst, const void *src, size_t n) __attribute__((used));
int memcmp(const void *a, const void *b, size_t n) __attribute__((used));

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

/* may_alias: a word of any object, as the byte loop may touch any */
typedef uint64_t __attribute__((may_alias)) word_t;

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	/*
	 * Whole words when both are aligned: the copies of register files
	 * that GCC turns into memcpy calls (the sandbox copies 32 registers at
	 * every world switch, issue 9), 8 times fewer iterations.
	 */
	if ((((uintptr_t)d | (uintptr_t)s) & 7) == 0)
		for (; n >= 8; n -= 8, d += 8, s += 8)
			*(word_t *)d = *(const word_t *)s;
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	/* Not memcpy for d < s: memcpy of overlapping objects is undefined (C11 7.24.2.1). */
	if (d < s) {
		while (n--)
			*d++ = *s++;
		return dst;
	}
	while (n--)
		d[n] = s[n];
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}
