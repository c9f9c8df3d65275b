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
#include "fixtures.h"

/* request_line() over s[0..len): the line's length, or -1 for none. */
static long
line_n(const char *s, size_t len, int lf)
{
	size_t n = 12345;
	char *buf = fix_dup_n(s, len);
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

/* A string literal as its bytes and its length, NULs included. */
#define S(s)	s, sizeof(s) - 1

/*
 * One input a line: the bytes, whether a bare LF ends a line (Gopher)
 * or only CRLF does (Gemini), and the line's length, or -1 for none yet.
 */
static const struct {
	const char	*in;
	size_t		 len;
	int		 lf;
	long		 want;
} line_cases[] = {
	{ S("gemini://h/\r\n"), 0, 11 },
	{ S("\r\n"), 0, 0 },
	{ S(""), 0, -1 },
	{ S("gemini://h/"), 0, -1 },
	/* A CR alone, so far, or one at the very end, is no line end. */
	{ S("gemini://h/\r"), 0, -1 },
	{ S("a\rb\r\n"), 0, 3 },
	{ S("\r\r"), 0, -1 },
	/* The specification's line end is CRLF: a bare LF does not end it. */
	{ S("gemini://h/\n"), 0, -1 },
	{ S("a\nb\r\n"), 0, 3 },
	{ S("a\r\r\n"), 0, 2 },
	{ S("\n\r\n"), 0, 1 },
	/* The first end counts, whatever follows. */
	{ S("a\r\nb\r\n"), 0, 1 },
	{ S("a\0b\r\n"), 0, 3 },
	/* Gopher: LF ends a line, with or without a CR before it. */
	{ S("/tags/\n"), 1, 6 },
	{ S("/tags/\r\n"), 1, 6 },
	{ S("\n"), 1, 0 },
	{ S("\r\n"), 1, 0 },
	{ S("/tags/\r"), 1, -1 },
	{ S("/tags/"), 1, -1 },
	{ S(""), 1, -1 },
	{ S("a\rb\n"), 1, 3 },
	{ S("a\n\r\n"), 1, 1 },
	{ S("/search\twords\r\n"), 1, 13 },
	{ S("a\0b\n"), 1, 3 },
};

static void
test_line(void **state)
{
	size_t i;
	long n;

	(void)state;
	for (i = 0; i < sizeof(line_cases) / sizeof(line_cases[0]); i++) {
		n = line_n(line_cases[i].in, line_cases[i].len,
		    line_cases[i].lf);
		if (n != line_cases[i].want)
			fail_msg("case %zu (lf %d): %ld, want %ld", i,
			    line_cases[i].lf, n, line_cases[i].want);
	}
}

/* request_parse() on s: 0 and the URL, or -1 and the meta. */
static int
parse(const char *s, size_t len, struct url *u, const char **errstr)
{
	return fix_parse_url(request_parse, s, len, u, errstr);
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

/*
 * One request line a row, without its CRLF: the host, port, path and
 * query request_parse() gives, or REFUSED with the 59 meta it gives.
 */
#define REFUSED(m)	.meta = m
static const struct {
	const char	*in;
	size_t		 len;
	const char	*host;
	int		 port;
	const char	*path;
	const char	*query;
	const char	*meta;
} parse_cases[] = {
	{ S("gemini://LocalHost:1965/a/../search?x%20y"),
	    "localhost", 1965, "/search", "x%20y", NULL },
	{ S("gemini://h"), "h", -1, "/", NULL, NULL },
	{ S("gemini://h:70/x?"), "h", 70, "/x", "", NULL },
	{ S("gemini://[::1]/%7e"), "[::1]", -1, "/~", NULL, NULL },
	/* Other schemes parse; request_local() is what turns them away. */
	{ S("gopher://h/1/x"), "h", -1, "/1/x", NULL, NULL },
	{ S(""), REFUSED("Empty request") },
	{ S("gemini://user@h/"), REFUSED("Userinfo not allowed") },
	{ S("gemini://h/#frag"), REFUSED("Fragment not allowed") },
	{ S("gemini://h/#"), REFUSED("Fragment not allowed") },
	/* Userinfo is named first when both are there. */
	{ S("gemini://u@h/#f"), REFUSED("Userinfo not allowed") },
	{ S("gemini:///"), REFUSED("Host missing") },
	{ S("gemini:/path"), REFUSED("Host missing") },
	{ S("gemini://:1965/"), REFUSED("Host missing") },
	{ S("gemini:"), REFUSED("Host missing") },
	{ S("/"), REFUSED("Bad request") },
	{ S("//h/"), REFUSED("Bad request") },
	{ S("hello there"), REFUSED("Bad request") },
	{ S("gemini://h:99999/"), REFUSED("Bad request") },
	{ S("gemini://h/a b"), REFUSED("Bad request") },
	{ S("gemini://h/%00"), REFUSED("Bad request") },
	{ S("gemini://h/a\0b"), REFUSED("Bad request") },
	{ S("gemini://h/a\nb"), REFUSED("Bad request") },
	{ S("gemini://h/a\rb"), REFUSED("Bad request") },
	{ S(" gemini://h/"), REFUSED("Bad request") },
	{ S("gemini://h/ "), REFUSED("Bad request") },
	/* Raw UTF-8 is not a URI character; encoded, it is fine. */
	{ S("gemini://h/\xc3\xa9"), REFUSED("Bad request") },
	{ S("gemini://h/\xff"), REFUSED("Bad request") },
	{ S("gemini://h/%ff"), REFUSED("Bad request") },
	/* "MUST NOT send a U+FEFF byte order mark", even before a good URI. */
	{ S("\xef\xbb\xbfgemini://h/"), REFUSED("Bad request") },
};

static void
test_parse(void **state)
{
	struct url u;
	const char *errstr, *in;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]); i++) {
		in = parse_cases[i].in;
		if (parse_cases[i].meta != NULL) {
			assert_refused(in, parse_cases[i].len,
			    parse_cases[i].meta);
			continue;
		}
		if (parse(in, parse_cases[i].len, &u, &errstr) != 0)
			fail_msg("\"%s\" refused: %s", in, errstr);
		if (strcmp(u.u_host, parse_cases[i].host) != 0 ||
		    u.u_port != parse_cases[i].port ||
		    strcmp(u.u_path, parse_cases[i].path) != 0 ||
		    (parse_cases[i].query == NULL ? u.u_query != NULL :
		    u.u_query == NULL ||
		    strcmp(u.u_query, parse_cases[i].query) != 0))
			fail_msg("\"%s\": host %s port %d path %s query %s", in,
			    u.u_host, u.u_port, u.u_path,
			    u.u_query != NULL ? u.u_query : "(none)");
		url_free(&u);
	}
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
		cmocka_unit_test(test_line),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_length),
		cmocka_unit_test(test_local),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
