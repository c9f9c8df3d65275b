/*
 * Unit tests for the request module: where a request line ends, which
 * Gemini request lines are refused and with what 59 meta, and which
 * are proxy requests.
 *
 * Every input is copied into a heap buffer of exactly its length, without
 * a NUL, so that ASan catches a read past len.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "request.h"
#include "url.h"

static char *
dup_n(const char *s, size_t len)
{
	char *p;

	p = malloc(len > 0 ? len : 1);
	assert_non_null(p);
	memcpy(p, s, len);
	return p;
}

/* request_line() over s[0..len): the line's length, or -1 for none. */
static long
line_n(const char *s, size_t len, int lf)
{
	size_t n = 12345;
	char *buf = dup_n(s, len);
	int rc;

	rc = request_line(buf, len, lf, &n);
	free(buf);
	if (rc == 0) {
		assert_int_equal(n, 12345);
		return -1;
	}
	assert_int_equal(rc, 1);
	return (long)n;
}

static long
line(const char *s, int lf)
{
	return line_n(s, strlen(s), lf);
}

static void
test_line_crlf(void **state)
{
	(void)state;
	assert_int_equal(line("gemini://h/\r\n", 0), 11);
	assert_int_equal(line("\r\n", 0), 0);
	assert_int_equal(line("", 0), -1);
	assert_int_equal(line("gemini://h/", 0), -1);
	/* A CR alone, so far, or one at the very end, is no line end. */
	assert_int_equal(line("gemini://h/\r", 0), -1);
	assert_int_equal(line("a\rb\r\n", 0), 3);
	/* The specification's line end is CRLF: a bare LF does not end it. */
	assert_int_equal(line("gemini://h/\n", 0), -1);
	assert_int_equal(line("a\nb\r\n", 0), 3);
	assert_int_equal(line("a\r\r\n", 0), 2);
	/* The first end counts, whatever follows. */
	assert_int_equal(line("a\r\nb\r\n", 0), 1);
	assert_int_equal(line_n("a\0b\r\n", 5, 0), 3);
}

static void
test_line_lf(void **state)
{
	(void)state;
	assert_int_equal(line("/tags/\n", 1), 6);
	assert_int_equal(line("/tags/\r\n", 1), 6);
	assert_int_equal(line("\n", 1), 0);
	assert_int_equal(line("\r\n", 1), 0);
	assert_int_equal(line("/tags/\r", 1), -1);
	assert_int_equal(line("a\rb\n", 1), 3);
	assert_int_equal(line("a\n\r\n", 1), 1);
	assert_int_equal(line("/search\twords\r\n", 1), 13);
}

/* request_parse() on s: 0 and the URL, or -1 and the meta. */
static int
parse(const char *s, size_t len, struct url *u, const char **errstr)
{
	char *buf = dup_n(s, len);
	int rc;

	*errstr = NULL;
	rc = request_parse(buf, len, u, errstr);
	free(buf);
	if (rc == -1) {
		assert_non_null(*errstr);
		assert_null(u->u_scheme);
		assert_null(u->u_host);
		assert_null(u->u_path);
		assert_null(u->u_query);
	} else
		assert_int_equal(rc, 0);
	return rc;
}

static void
assert_refused(const char *s, size_t len, const char *meta)
{
	struct url u;
	const char *errstr;

	if (parse(s, len, &u, &errstr) == 0) {
		print_error("\"%s\" was accepted (path \"%s\")\n", s,
		    u.u_path);
		url_free(&u);
		fail();
	}
	assert_string_equal(errstr, meta);
}

static void
test_parse_ok(void **state)
{
	static const char req[] = "gemini://LocalHost:1965/a/../search?x%20y";
	struct url u;
	const char *errstr;

	(void)state;
	assert_int_equal(parse(req, strlen(req), &u, &errstr), 0);
	assert_string_equal(u.u_scheme, "gemini");
	assert_string_equal(u.u_host, "localhost");
	assert_int_equal(u.u_port, 1965);
	assert_string_equal(u.u_path, "/search");
	assert_string_equal(u.u_query, "x%20y");
	url_free(&u);
}

static void
test_parse_refused(void **state)
{
	(void)state;
	assert_refused("", 0, "Empty request");
	assert_refused("gemini://user@h/", 16, "Userinfo not allowed");
	assert_refused("gemini://h/#frag", 16, "Fragment not allowed");
	/* Userinfo is named first when both are there. */
	assert_refused("gemini://u@h/#f", 15, "Userinfo not allowed");
	assert_refused("gemini:///", 10, "Host missing");
	assert_refused("gemini:/path", 12, "Host missing");
	assert_refused("gemini://:1965/", 15, "Host missing");
	assert_refused("/", 1, "Bad request");
	assert_refused("//h/", 4, "Bad request");
	assert_refused("hello there", 11, "Bad request");
	assert_refused("gemini://h:99999/", 17, "Bad request");
	assert_refused("gemini://h/a b", 14, "Bad request");
	assert_refused("gemini://h/%00", 14, "Bad request");
	assert_refused("gemini://h/a\0b", 14, "Bad request");
	assert_refused("gemini://h/a\nb", 14, "Bad request");
	assert_refused("gemini://h/a\rb", 14, "Bad request");
	/* Raw UTF-8 is not a URI character; encoded, it is fine. */
	assert_refused("gemini://h/\xc3\xa9", 13, "Bad request");
	assert_refused("gemini://h/\xff", 12, "Bad request");
	assert_refused("gemini://h/%ff", 14, "Bad request");
}

/* "MUST NOT send a U+FEFF byte order mark", even before a good URI. */
static void
test_parse_bom(void **state)
{
	static const char req[] = "\xef\xbb\xbfgemini://h/";

	(void)state;
	assert_refused(req, strlen(req), "Bad request");
}

/* "The URI MUST NOT exceed 1024 bytes": 1024 is fine, 1025 is not. */
static void
test_parse_length(void **state)
{
	static const char pre[] = "gemini://h/search?";
	char req[REQUEST_MAX + 2];
	struct url u;
	const char *errstr;

	(void)state;
	memcpy(req, pre, sizeof(pre) - 1);
	memset(req + sizeof(pre) - 1, 'a', sizeof(req) - sizeof(pre) + 1);
	assert_int_equal(parse(req, REQUEST_MAX, &u, &errstr), 0);
	assert_int_equal(strlen(u.u_query), REQUEST_MAX - (sizeof(pre) - 1));
	url_free(&u);
	assert_refused(req, REQUEST_MAX + 1, "Request too long");
}

static void
test_local(void **state)
{
	static const struct {
		const char	*req;
		int		 local;
	} cases[] = {
		{ "gemini://localhost/", 0 },
		{ "gemini://LOCALHOST:1965/", 0 },
		{ "GEMINI://localhost:/", 0 },
		{ "gemini://localhost:1966/", -1 },
		{ "gemini://localhost:0/", -1 },
		{ "gemini://example.com/", -1 },
		{ "gemini://localhost.example/", -1 },
		{ "gemini://localhos/", -1 },
		{ "http://localhost:1965/", -1 },
		{ "gopher://localhost/", -1 },
		{ "titan://localhost:1965/;size=1", -1 },
	};
	struct url u;
	const char *errstr;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(parse(cases[i].req, strlen(cases[i].req),
		    &u, &errstr), 0);
		if (request_local(&u, "localhost", 1965) != cases[i].local)
			fail_msg("%s: not %d", cases[i].req, cases[i].local);
		url_free(&u);
	}
	/* The served name may come in any case from the configuration. */
	assert_int_equal(parse("gemini://h.example/", 19, &u, &errstr), 0);
	assert_int_equal(request_local(&u, "H.Example", 1965), 0);
	url_free(&u);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line_crlf),
		cmocka_unit_test(test_line_lf),
		cmocka_unit_test(test_parse_ok),
		cmocka_unit_test(test_parse_refused),
		cmocka_unit_test(test_parse_bom),
		cmocka_unit_test(test_parse_length),
		cmocka_unit_test(test_local),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
