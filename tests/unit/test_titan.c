/*
 * Unit tests for the titan module: which Titan request lines are taken,
 * what their parameters become, which are refused with what 59 meta,
 * and which name this server.
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
#include "titan.h"
#include "url.h"
#include "fixtures.h"

#define S(s)	s, sizeof(s) - 1
/* A refused line: the 59 meta, and nothing parsed. */
#define NO(m)	m, NULL, 0, NULL, 0, NULL, NULL

static int
parse(const char *s, size_t len, struct titan_req *t, const char **errstr)
{
	char *buf = fix_dup_n(s, len);
	int rc;

	rc = titan_parse(buf, len, t, errstr);
	free(buf);
	return rc;
}

/*
 * One line a case: the request, then either what it parses to (host,
 * port, path, size, mime, token) or, with meta set, the 59 meta it gets.
 */
static const struct {
	const char	*in;
	size_t		 len;
	const char	*meta;
	const char	*host;
	int		 port;
	const char	*path;
	uint64_t	 size;
	const char	*mime;
	const char	*token;
} cases[] = {
	{ S("titan://h/articles/;size=10"), NULL, "h", -1, "/articles/", 10,
	    "text/gemini", "" },
	{ S("titan://h:1965/articles/a-b;size=0"), NULL, "h", 1965,
	    "/articles/a-b", 0, "text/gemini", "" },
	{ S("TITAN://H/articles/;mime=text/plain;size=3"), NULL, "h", -1,
	    "/articles/", 3, "text/plain", "" },
	{ S("titan://h/media/a.png;size=5;mime=image/png;token=s3cret"),
	    NULL, "h", -1, "/media/a.png", 5, "image/png", "s3cret" },
	/* Keys in any order and case; values percent-decoded. */
	{ S("titan://h/x;TOKEN=a%20b;Mime=Text/Markdown;SIZE=7"), NULL, "h",
	    -1, "/x", 7, "text/markdown", "a b" },
	/* A charset of the mime type's own is dropped. */
	{ S("titan://h/x;size=1;mime=text/plain%3B%20charset%3Dutf-8"), NULL,
	    "h", -1, "/x", 1, "text/plain", "" },
	{ S("titan://h/x;size=1;token="), NULL, "h", -1, "/x", 1,
	    "text/gemini", "" },
	{ S("titan://h/x;size=0009007199254740992"), NULL, "h", -1, "/x",
	    UINT64_C(9007199254740992), "text/gemini", "" },
	/* The path is a Gemini one: decoded, dot segments gone. */
	{ S("titan://h/a/../articles/%61;size=1"), NULL, "h", -1,
	    "/articles/a", 1, "text/gemini", "" },

	{ S("titan://h/articles/"), NO("Size missing") },
	{ S("titan://h/articles/;mime=text/plain"), NO("Size missing") },
	{ S("titan://h;size=1"), NO("Size missing") },
	{ S("titan://h/a;size=1;size=2"), NO("Titan parameter given twice") },
	{ S("titan://h/a;size=1;color=red"), NO("Unknown Titan parameter") },
	{ S("titan://h/a;size"), NO("Titan parameter without a value") },
	{ S("titan://h/a;size=1;"), NO("Titan parameter without a value") },
	{ S("titan://h/a;size="), NO("Bad size") },
	{ S("titan://h/a;size=-1"), NO("Bad size") },
	{ S("titan://h/a;size=+1"), NO("Bad size") },
	{ S("titan://h/a;size=1 "), NO("Bad size") },
	{ S("titan://h/a;size=0x10"), NO("Bad size") },
	{ S("titan://h/a;size=9007199254740993"), NO("Bad size") },
	{ S("titan://h/a;size=99999999999999999999"), NO("Bad size") },
	{ S("titan://h/a;size=1;mime=text"), NO("Bad mime type") },
	{ S("titan://h/a;size=1;mime=/plain"), NO("Bad mime type") },
	{ S("titan://h/a;size=1;mime=text/"), NO("Bad mime type") },
	{ S("titan://h/a;size=1;mime=text/pl%00ain"), NO("Bad mime type") },
	{ S("titan://h/a;size=1;mime=text/a/b"), NO("Bad mime type") },
	{ S("titan://h/a;size=1;token=%0a"), NO("Bad token") },
	{ S("titan://h/a;size=1;token=%zz"), NO("Bad token") },
	{ S("titan://h/a;size=1;token=%4"), NO("Bad token") },
	/* Parameters end the URL: no query or fragment after them. */
	{ S("titan://h/a;size=1?q"), NO("A Titan URL has no query or fragment") },
	{ S("titan://h/a;size=1/b"), NO("Bad size") },
	{ S("titan://h/?q;size=1"), NO("A Titan URL has no query or fragment") },
	{ S("titan://h:/?u@h/a;size=1"),
	    NO("A Titan URL has no query or fragment") },
	{ S("titan://h/a;b;size=1"), NO("Titan parameter without a value") },
	{ S("titan://h/a;size=1#f"), NO("A Titan URL has no query or fragment") },
	/* The URL part obeys Gemini's rules. */
	{ S("titan://u@h/a;size=1"), NO("Userinfo not allowed") },
	{ S("titan:///a;size=1"), NO("Host missing") },
	{ S("titan://h/a b;size=1"), NO("Bad request") },
	{ S("gemini://h/a;size=1"), NO("Not a Titan request") },
	{ S(""), NO("Not a Titan request") },
};

static void
test_parse(void **state)
{
	struct titan_req t;
	const char *errstr;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		errstr = NULL;
		if (cases[i].meta != NULL) {
			if (parse(cases[i].in, cases[i].len, &t, &errstr) != -1)
				fail_msg("\"%s\" taken", cases[i].in);
			if (strcmp(errstr, cases[i].meta) != 0)
				fail_msg("\"%s\": \"%s\", not \"%s\"",
				    cases[i].in, errstr, cases[i].meta);
			assert_null(t.t_url.u_path);
			assert_null(t.t_url.u_host);
			assert_string_equal(t.t_token, "");
			continue;
		}
		if (parse(cases[i].in, cases[i].len, &t, &errstr) != 0)
			fail_msg("\"%s\" refused: %s", cases[i].in, errstr);
		if (strcmp(t.t_url.u_host, cases[i].host) != 0 ||
		    t.t_url.u_port != cases[i].port ||
		    strcmp(t.t_url.u_path, cases[i].path) != 0 ||
		    t.t_size != cases[i].size ||
		    strcmp(t.t_mime, cases[i].mime) != 0 ||
		    strcmp(t.t_token, cases[i].token) != 0 ||
		    t.t_url.u_query != NULL)
			fail_msg("\"%s\": host %s port %d path %s size %llu "
			    "mime %s token %s", cases[i].in, t.t_url.u_host,
			    t.t_url.u_port, t.t_url.u_path,
			    (unsigned long long)t.t_size, t.t_mime, t.t_token);
		titan_free(&t);
	}
}

/* Gemini's 1024 bytes hold for the whole line, parameters counted. */
static void
test_length(void **state)
{
	static const char pre[] = "titan://h/a;size=1;token=";
	char req[REQUEST_MAX + 1];
	struct titan_req t;
	const char *errstr;
	size_t n = sizeof(pre) - 1;

	(void)state;
	memcpy(req, pre, n);
	/* A token of 255 bytes is the most there is; 256 is too long. */
	memset(req + n, 'a', TITAN_TOKEN_MAX);
	assert_int_equal(parse(req, n + TITAN_TOKEN_MAX, &t, &errstr), 0);
	assert_int_equal(strlen(t.t_token), TITAN_TOKEN_MAX);
	titan_free(&t);
	memset(req + n, 'a', TITAN_TOKEN_MAX + 1);
	assert_int_equal(parse(req, n + TITAN_TOKEN_MAX + 1, &t, &errstr), -1);
	assert_string_equal(errstr, "Bad token");
	memset(req, 'a', sizeof(req));
	memcpy(req, "titan://h/", 10);
	memcpy(req + REQUEST_MAX - 7, ";size=1", 7);
	assert_int_equal(parse(req, REQUEST_MAX, &t, &errstr), 0);
	titan_free(&t);
	memcpy(req + REQUEST_MAX - 6, ";size=1", 7);
	assert_int_equal(parse(req, REQUEST_MAX + 1, &t, &errstr), -1);
	assert_string_equal(errstr, "Request too long");
}

static void
test_local(void **state)
{
	static const struct {
		const char	*req;
		int		 local;
	} lc[] = {
		{ "titan://localhost/a;size=1", 0 },
		{ "titan://LOCALHOST:1965/a;size=1", 0 },
		{ "titan://localhost:1966/a;size=1", -1 },
		{ "titan://example.com/a;size=1", -1 },
	};
	struct titan_req t;
	const char *errstr;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(lc) / sizeof(lc[0]); i++) {
		assert_int_equal(parse(lc[i].req, strlen(lc[i].req), &t,
		    &errstr), 0);
		if (titan_local(&t, "localhost", 1965) != lc[i].local)
			fail_msg("%s: not %d", lc[i].req, lc[i].local);
		titan_free(&t);
	}
	assert_int_equal(titan_is(S("TiTaN://x")), 1);
	assert_int_equal(titan_is(S("titan")), 0);
	assert_int_equal(titan_is(S("gemini://x")), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_length),
		cmocka_unit_test(test_local),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
