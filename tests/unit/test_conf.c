/*
 * Unit tests for the conf module: the "key = value" grammar and its
 * errors with line numbers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "conf.h"

struct seen {
	char	buf[512];
	int	calls;
};

static int
collect(void *ctx, const char *key, const char *value, const char **errstr)
{
	struct seen *s = ctx;
	size_t n = strlen(s->buf);

	if (strcmp(key, "reject") == 0) {
		*errstr = "rejected by the caller";
		return -1;
	}
	if (strcmp(key, "unknown") == 0) {
		*errstr = conf_unknown(key, "(known: a, b)");
		return -1;
	}
	snprintf(s->buf + n, sizeof(s->buf) - n, "[%s|%s]", key, value);
	s->calls++;
	return 0;
}

static void
test_grammar(void **state)
{
	static const char text[] =
	    "# comment\n"
	    "\n"
	    "title = The Lantern Wire\n"
	    "  indented_key=value  \r\n"
	    "quoted = \"  spaced  \"\n"
	    "empty =\n"
	    "hash = a # not a comment\n"
	    "emoji = \xf0\x9f\x8f\xae";
	struct seen s = { "", 0 };
	const char *errstr;
	unsigned line;

	(void)state;
	assert_int_equal(conf_parse(text, strlen(text), collect, &s, &line,
	    &errstr), 0);
	assert_int_equal(line, 0);
	assert_int_equal(s.calls, 6);
	assert_string_equal(s.buf, "[title|The Lantern Wire]"
	    "[indented_key|value][quoted|  spaced  ][empty|]"
	    "[hash|a # not a comment][emoji|\xf0\x9f\x8f\xae]");
}

static void
expect_error(const char *text, unsigned want, const char *msg)
{
	struct seen s = { "", 0 };
	const char *errstr = NULL;
	unsigned line = 0;

	assert_int_equal(conf_parse(text, strlen(text), collect, &s, &line,
	    &errstr), -1);
	assert_int_equal(line, want);
	assert_non_null(strstr(errstr, msg));
}

static void
test_errors(void **state)
{
	(void)state;
	expect_error("a = 1\nno equals sign\n", 2, "key = value");
	expect_error("a = 1\n\n= value\n", 3, "key = value");
	expect_error("bad key = 1\n", 1, "key = value");
	expect_error("a = 1\nreject = x\n", 2, "rejected by the caller");
	expect_error("a = \xff\n", 1, "UTF-8");
	expect_error("a = x\x01y\n", 1, "control");
	expect_error("a = 1\nunknown = 2\n", 2,
	    "unknown setting 'unknown' (known: a, b)");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grammar),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests_name("conf", tests, NULL, NULL);
}
