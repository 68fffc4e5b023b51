/*
 * Unit-test runner: `unit-tests` runs every registered test, `unit-tests
 * a b` only those named. One line per test (`ok name` / `FAIL name`), a
 * summary, and a non-zero exit status if any test failed or a requested
 * name does not exist. Each test starts on a freshly reset host hart.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "host.h"

static struct test_case *tests;
static bool current_failed;

/* Keep tests in file, then line order, whatever order constructors ran. */
void test_register(struct test_case *tc)
{
	struct test_case **p = &tests;

	while (*p && (strcmp((*p)->file, tc->file) < 0 ||
		      (strcmp((*p)->file, tc->file) == 0 &&
		       (*p)->line < tc->line)))
		p = &(*p)->next;
	tc->next = *p;
	*p = tc;
}

void check_failed(const char *file, int line, const char *expr)
{
	printf("%s:%d: CHECK(%s) failed\n", file, line, expr);
	current_failed = true;
}

void check_eq_failed(const char *file, int line, const char *a_text,
		     const char *b_text, uint64_t a, uint64_t b)
{
	printf("%s:%d: CHECK_EQ(%s, %s) failed: 0x%llx != 0x%llx\n", file,
	       line, a_text, b_text, (unsigned long long)a,
	       (unsigned long long)b);
	current_failed = true;
}

static bool run(struct test_case *tc)
{
	current_failed = false;
	host_reset();
	tc->fn();
	host_reset(); /* frees mapped memory: LeakSanitizer stays quiet */
	printf("%s %s\n", current_failed ? "FAIL" : "ok", tc->name);
	fflush(stdout);
	return !current_failed;
}

static struct test_case *find(const char *name)
{
	for (struct test_case *tc = tests; tc; tc = tc->next)
		if (strcmp(tc->name, name) == 0)
			return tc;
	return NULL;
}

int main(int argc, char **argv)
{
	unsigned passed = 0, failed = 0, missing = 0;

	if (argc == 1) {
		for (struct test_case *tc = tests; tc; tc = tc->next)
			run(tc) ? passed++ : failed++;
	}
	for (int i = 1; i < argc; i++) {
		struct test_case *tc = find(argv[i]);

		if (!tc) {
			printf("FAIL %s (no such test)\n", argv[i]);
			missing++;
			continue;
		}
		run(tc) ? passed++ : failed++;
	}
	if (passed + failed + missing == 0) {
		printf("FAIL no tests registered\n");
		return EXIT_FAILURE;
	}
	printf("%u passed, %u failed%s\n", passed, failed + missing,
	       missing ? " (unknown test names given)" : "");
	return failed + missing ? EXIT_FAILURE : EXIT_SUCCESS;
}
