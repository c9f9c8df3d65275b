/*
 * Unit tests for the url module: absolute URIs as Gemini requests send
 * them, path traversal in every spelling we know of, hosts, ports,
 * userinfo and fragments, and percent-encoding both ways.
 *
 * Every input is copied into a heap buffer of exactly its length, without
 * a NUL, so that ASan catches a parser reading past len.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "url.h"
#include "fixtures.h"

static int
parse_n(const char *s, size_t len, struct url *u, const char **errstr)
{
	return fix_parse_url(url_parse, s, len, u, errstr);
}

static int
parse(const char *s, struct url *u, const char **errstr)
{
	return parse_n(s, strlen(s), u, errstr);
}

static void
assert_refused(const char *s)
{
	struct url u;
	const char *errstr;

	if (parse(s, &u, &errstr) != -1) {
		print_error("\"%s\" was accepted (path \"%s\")\n", s,
		    u.u_path);
		url_free(&u);
		fail();
	}
}

/*
 * What a served path must look like: rooted, no empty segment, and no
 * "." or ".." segment, hence no "/../" anywhere nor a leading "/..".
 */
static void
assert_path_safe(const char *path)
{
	const char *seg = path + 1;
	size_t n;

	assert_int_equal(path[0], '/');
	assert_null(strstr(path, "/../"));
	assert_null(strstr(path, "//"));
	assert_false(strcmp(path, "/..") == 0 || strncmp(path, "/../", 4) == 0);
	for (;;) {
		n = strcspn(seg, "/");
		if ((n == 1 && seg[0] == '.') ||
		    (n == 2 && seg[0] == '.' && seg[1] == '.'))
			fail_msg("dot segment left in \"%s\"", path);
		if (seg[n] == '\0')
			break;
		seg += n + 1;
	}
}

/*
 * One request a line, and every field url_parse() makes of it: scheme,
 * host (NULL: none), port (-1: none), path, query (NULL: none), whether
 * it had userinfo and a fragment; or REFUSED.  The tables further down
 * are for single fields (paths, hosts, ports) over many spellings.
 */
#define REFUSED	.scheme = NULL
static const struct {
	const char	*in;
	const char	*scheme;
	const char	*host;
	int		 port;
	const char	*path;
	const char	*query;
	int		 userinfo;
	int		 fragment;
} url_cases[] = {
	{ "gemini://LOCALHOST:1965/a/./b/../c?x%20y#frag",
	    "gemini", "localhost", 1965, "/a/c", "x%20y", 0, 1 },
	{ "gemini://h:1965/x?y#z", "gemini", "h", 1965, "/x", "y", 0, 1 },
	{ "gemini://U:P@H:70/A?B#C", "gemini", "h", 70, "/A", "B", 1, 1 },
	{ "gemini://h/%41", "gemini", "h", -1, "/A", NULL, 0, 0 },
	{ "GOPHER://h:70/1/x", "gopher", "h", 70, "/1/x", NULL, 0, 0 },
	/* After "?" or "#" it is no longer the path. */
	{ "gemini://h/a/..?/../../", "gemini", "h", -1, "/", "/../../", 0, 0 },
	{ "gemini://h/a#/../..", "gemini", "h", -1, "/a", NULL, 0, 1 },
	/* Empty paths and queries. */
	{ "gemini://host", "gemini", "host", -1, "/", NULL, 0, 0 },
	{ "gemini://host?q", "gemini", "host", -1, "/", "q", 0, 0 },
	{ "gemini://h?", "gemini", "h", -1, "/", "", 0, 0 },
	{ "gemini://host/search?", "gemini", "host", -1, "/search", "", 0, 0 },
	{ "gemini://h/search?a%20b/c?d:e@f",
	    "gemini", "h", -1, "/search", "a%20b/c?d:e@f", 0, 0 },
	{ "gemini://h/a?b?c", "gemini", "h", -1, "/a", "b?c", 0, 0 },
	{ "gemini://h/?a+b%2F%2e%2e",
	    "gemini", "h", -1, "/", "a+b%2F%2e%2e", 0, 0 },
	{ "gemini://h/?a[b]", REFUSED },
	{ "gemini://h/?%zz", REFUSED },
	{ "gemini://h/?%00", REFUSED },
	{ "gemini://h/?a b", REFUSED },
	{ "gemini://h/?%", REFUSED },
	/* Schemes: only absolute URIs, names folded, 32 bytes at most. */
	{ "", REFUSED },
	{ "/path", REFUSED },
	{ "//host/path", REFUSED },
	{ "host/path", REFUSED },
	{ "gemini", REFUSED },
	{ ":x", REFUSED },
	{ "://h/", REFUSED },
	{ "1gemini://h/", REFUSED },
	{ "+a://h/", REFUSED },
	{ "a/b:c", REFUSED },
	{ "?q", REFUSED },
	{ "#f", REFUSED },
	{ "ge mini://h/", REFUSED },
	{ "gemini_x://h/", REFUSED },
	{ "GEMINI://h/", "gemini", "h", -1, "/", NULL, 0, 0 },
	{ "A+b-C.9://h/", "a+b-c.9", "h", -1, "/", NULL, 0, 0 },
	{ "abcdefghijklmnopqrstuvwxyzabcdef://h/",
	    "abcdefghijklmnopqrstuvwxyzabcdef", "h", -1, "/", NULL, 0, 0 },
	{ "abcdefghijklmnopqrstuvwxyzabcdefg://h/", REFUSED },
	{ "gemini:", "gemini", NULL, -1, "/", NULL, 0, 0 },
	{ "gemini:/path", "gemini", NULL, -1, "/path", NULL, 0, 0 },
	{ "gemini:../../etc/passwd",
	    "gemini", NULL, -1, "/etc/passwd", NULL, 0, 0 },
	{ "gemini:path/../x", "gemini", NULL, -1, "/x", NULL, 0, 0 },
	{ "gemini:?q", "gemini", NULL, -1, "/", "q", 0, 0 },
	{ "https://example.com/x",
	    "https", "example.com", -1, "/x", NULL, 0, 0 },
	/* Userinfo is noted and dropped; "@" after the host is not it. */
	{ "gemini://user@host/x", "gemini", "host", -1, "/x", NULL, 1, 0 },
	{ "gemini://us%41er:pw@Host:1965/",
	    "gemini", "host", 1965, "/", NULL, 1, 0 },
	{ "gemini://@host/", "gemini", "host", -1, "/", NULL, 1, 0 },
	{ "gemini://u@[::1]/", "gemini", "[::1]", -1, "/", NULL, 1, 0 },
	{ "gemini://host/a@b?c@d", "gemini", "host", -1, "/a@b", "c@d", 0, 0 },
	{ "gemini://a@b@c/", REFUSED },
	{ "gemini://a[b@c/", REFUSED },
	{ "gemini://a b@c/", REFUSED },
	/* Fragments: noted and dropped, one "#" at most. */
	{ "gemini://h/p", "gemini", "h", -1, "/p", NULL, 0, 0 },
	{ "gemini://h/#", "gemini", "h", -1, "/", NULL, 0, 1 },
	{ "gemini://h/p#f?x/y:z@", "gemini", "h", -1, "/p", NULL, 0, 1 },
	{ "gemini://h/?q#f", "gemini", "h", -1, "/", "q", 0, 1 },
	{ "gemini://h#f", "gemini", "h", -1, "/", NULL, 0, 1 },
	{ "gemini://h/p#a#b", REFUSED },
	{ "gemini://h/p#a[b]", REFUSED },
	{ "gemini://h/p#%", REFUSED },
	{ "gemini://h/p#%00", REFUSED },
	{ "gemini://h/p#a b", REFUSED },
	/* Bad escapes anywhere. */
	{ "gemini://h/%", REFUSED },
	{ "gemini://h/%4", REFUSED },
	{ "gemini://h/%G1", REFUSED },
	{ "gemini://h/%1G", REFUSED },
	{ "gemini://h/%-1", REFUSED },
	{ "gemini://h/% 1", REFUSED },
	{ "gemini://h/%%", REFUSED },
	{ "gemini://h/%00", REFUSED },
	{ "gemini://h/a%0", REFUSED },
	{ "gemini://h/?%4", REFUSED },
	{ "gemini://h%/", REFUSED },
	{ "gemini://u%@h/", REFUSED },
	/* A raw IRI is refused; its percent-encoded URI is not. */
	{ "gemini://h/caf\xc3\xa9", REFUSED },
	{ "gemini://h/caf%c3%a9",
	    "gemini", "h", -1, "/caf\xc3\xa9", NULL, 0, 0 },
	/* "[" and "]" belong to hosts only. */
	{ "gemini://h/a[1]", REFUSED },
	{ "gemini:/a]", REFUSED },
	{ "gemini://h:1965:/", REFUSED },
	{ "gemini://[::1]:x/", REFUSED },
};

/* s, or "(null)": for messages. */
static const char *
str(const char *s)
{
	return s != NULL ? s : "(null)";
}

static int
same(const char *a, const char *b)
{
	return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

static void
test_table(void **state)
{
	struct url u;
	const char *errstr;
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(url_cases) / sizeof(url_cases[0]); i++) {
		rc = parse(url_cases[i].in, &u, &errstr);
		if (url_cases[i].scheme == NULL) {
			if (rc != -1)
				fail_msg("\"%s\" accepted (path \"%s\")",
				    url_cases[i].in, u.u_path);
			continue;
		}
		if (rc != 0)
			fail_msg("\"%s\" refused: %s", url_cases[i].in, errstr);
		if (!same(u.u_scheme, url_cases[i].scheme) ||
		    !same(u.u_host, url_cases[i].host) ||
		    u.u_port != url_cases[i].port ||
		    !same(u.u_path, url_cases[i].path) ||
		    !same(u.u_query, url_cases[i].query) ||
		    u.u_userinfo != url_cases[i].userinfo ||
		    u.u_fragment != url_cases[i].fragment)
			fail_msg("\"%s\": %s %s %d %s %s %d %d",
			    url_cases[i].in,
			    str(u.u_scheme), str(u.u_host), u.u_port,
			    str(u.u_path), str(u.u_query), u.u_userinfo,
			    u.u_fragment);
		assert_path_safe(u.u_path);
		url_free(&u);
	}
}

/* url_free() empties what it frees, and may be called again. */
static void
test_url_free(void **state)
{
	struct url u;
	const char *errstr;

	(void)state;
	assert_int_equal(parse("gemini://h/a?b", &u, &errstr), 0);
	url_free(&u);
	assert_null(u.u_scheme);
	assert_null(u.u_host);
	assert_null(u.u_path);
	assert_null(u.u_query);
	url_free(&u);
}

/* Path traversal spellings; a NULL path means the request is refused. */
static const struct {
	const char	*in;	/* appended to "gemini://h" */
	const char	*path;
} path_cases[] = {
	{ "", "/" },
	{ "/", "/" },
	{ "/..", "/" },
	{ "/../", "/" },
	{ "/../../etc/passwd", "/etc/passwd" },
	{ "/a/b/c/../../../../../../d", "/d" },
	{ "/%2e%2e/%2E%2e/etc/passwd", "/etc/passwd" },
	{ "/a/%2e%2e/%2e%2e/%2e%2e/b", "/b" },
	{ "/%2E%2E", "/" },
	{ "/.%2e/", "/" },
	{ "/%2e./x", "/x" },
	{ "/%2e", "/" },
	{ "/a/b/%2e%2e/%2e/c", "/a/c" },
	{ "/A/%2E./B", "/B" },
	{ "/%2E%2e%2f", NULL },
	{ "/..%2f", NULL },
	{ "/..%2F..%2Fetc", NULL },
	{ "/a%2F..%2F..%2Fetc", NULL },
	{ "/%2e%2e%2f%2e%2e%2fetc%2fpasswd", NULL },
	{ "/...%2f", NULL },
	{ "/%2F", NULL },
	/* Decoded once: a segment named "%2e%2e", not "..". */
	{ "/%252e%252e/x", "/%2e%2e/x" },
	{ "/%252e%252e%252f", "/%2e%2e%2f" },
	{ "/a/%252e%252e", "/a/%2e%2e" },
	/* Runs of slashes collapse, before dot segments go. */
	{ "//", "/" },
	{ "//etc//passwd", "/etc/passwd" },
	{ "/a//b/", "/a/b/" },
	{ "/a//../b", "/b" },
	{ "/a/b/..//c", "/a/c" },
	{ "///../..//x", "/x" },
	/* Backslashes, literal or encoded. */
	{ "/\\..\\", NULL },
	{ "/..\\..\\etc", NULL },
	{ "/%5c..%5c", NULL },
	{ "/%5C", NULL },
	{ "/a/%2e%2e%5c", NULL },
	/* "." segments. */
	{ "/./", "/" },
	{ "/./././", "/" },
	{ "/./a/./b/.", "/a/b/" },
	{ "/a/.", "/a/" },
	{ "/a/./../b", "/b" },
	/* Trailing dot segments keep the directory's slash. */
	{ "/a/b/..", "/a/" },
	{ "/a/b/../", "/a/" },
	{ "/a/..", "/" },
	/* Dots that are only names. */
	{ "/..../x", "/..../x" },
	{ "/.../", "/.../" },
	{ "/..a/b", "/..a/b" },
	{ "/a..b/../c", "/c" },
	{ "/.hidden", "/.hidden" },
	{ "/%2e%2e%2e", "/..." },
	{ "/..;/x", "/..;/x" },
	{ "/a;/../b", "/b" },
	{ "/%20../x", "/ ../x" },
	/* After "?" or "#" it is no longer the path. */
	{ "/a/..?/../../", "/" },
	{ "/?/../../", "/" },
	{ "/a#/../../", "/a" },
	/* Overlong UTF-8 dots and other bad decoded bytes. */
	{ "/%c0%ae%c0%ae/", NULL },
	{ "/%c0%ae", NULL },
	{ "/%e0%80%ae%e0%80%ae/etc", NULL },
	{ "/%c1%9c", NULL },
	{ "/%ff", NULL },
	{ "/%00", NULL },
	{ "/..%00/", NULL },
	{ "/%01", NULL },
	{ "/%7f", NULL },
	{ "/%0a..%0d", NULL },
	{ "/%u002e%u002e", NULL },
	{ "/%%32%65", NULL },
	{ "/%2", NULL },
	{ "/.. /", NULL },
	{ "/caf%C3%A9/../x", "/x" },
	{ "/caf%C3%A9", "/caf\xc3\xa9" },
	{ "/tags/china/", "/tags/china/" },
	{ "/Articles/Slug", "/Articles/Slug" },
	{ "/a@b:c", "/a@b:c" },
};

static void
test_path_traversal(void **state)
{
	char req[256];
	struct url u;
	const char *errstr;
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(path_cases) / sizeof(path_cases[0]); i++) {
		snprintf(req, sizeof(req), "gemini://h%s", path_cases[i].in);
		rc = parse(req, &u, &errstr);
		if (path_cases[i].path == NULL) {
			if (rc != -1)
				fail_msg("\"%s\" accepted as \"%s\"", req,
				    u.u_path);
			continue;
		}
		if (rc != 0)
			fail_msg("\"%s\" refused: %s", req, errstr);
		assert_string_equal(u.u_host, "h");
		if (strcmp(u.u_path, path_cases[i].path) != 0)
			fail_msg("\"%s\" gave \"%s\", expected \"%s\"", req,
			    u.u_path, path_cases[i].path);
		assert_path_safe(u.u_path);
		url_free(&u);
	}
	assert_true(i >= 40);
}

static void
test_path_long(void **state)
{
	size_t n = 3 * 20000, i;
	char *req;
	struct url u;
	const char *errstr;

	(void)state;
	req = malloc(10 + n + 1);
	assert_non_null(req);
	memcpy(req, "gemini://h", 10);
	for (i = 0; i < n; i += 3)
		memcpy(req + 10 + i, "/..", 3);
	assert_int_equal(parse_n(req, 10 + n, &u, &errstr), 0);
	assert_string_equal(u.u_path, "/");
	url_free(&u);
	for (i = 0; i < n; i += 3)
		memcpy(req + 10 + i, "/a/", 3);
	assert_int_equal(parse_n(req, 10 + n, &u, &errstr), 0);
	assert_int_equal(strlen(u.u_path), 2 * (n / 3) + 1);
	assert_path_safe(u.u_path);
	url_free(&u);
	free(req);
}

static void
test_host(void **state)
{
	static const struct {
		const char	*in;
		const char	*host;
	} cases[] = {
		{ "gemini://LOCALHOST/", "localhost" },
		{ "gemini://News.Example.ORG/", "news.example.org" },
		{ "gemini://Ex%41mple.org/", "example.org" },
		{ "gemini://127.0.0.1/", "127.0.0.1" },
		{ "gemini://[::1]/", "[::1]" },
		{ "gemini://[::1]", "[::1]" },
		{ "gemini://[2001:DB8::A]/", "[2001:db8::a]" },
		{ "gemini://[::FFFF:127.0.0.1]:1965/", "[::ffff:127.0.0.1]" },
		{ "gemini:///path", "" },
		{ "gemini://", "" },
		{ "gemini://:1965/", "" },
		{ "gemini://h%C3%A9.example/", "h\xc3\xa9.example" },
		{ "gemini://H%C3%89.example/", "h\xc3\x89.example" },
		{ "gemini://a_b~c-d/", "a_b~c-d" },
		{ "gemini://a!$&'()*+,;=b/", "a!$&'()*+,;=b" },
		{ "gemini://a%2Bb/", "a+b" },
		{ "gemini://[FFFF:ffff:ffff:ffff:ffff:ffff:255.255.255.255]/",
		    "[ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255]" },
	};
	static const char *const bad[] = {
		"gemini://[v1.fe]/", "gemini://[V7.x]/", "gemini://[::1/",
		"gemini://[::1", "gemini://[::1]x/", "gemini://[::1]]/",
		"gemini://[]/", "gemini://[1.2.3.4]/", "gemini://[::1%25eth0]/",
		"gemini://[::g]/", "gemini://[a:b]/",
		"gemini://[0000:0000:0000:0000:0000:0000:0000:0000:0000:0]/",
		"gemini://%2F/", "gemini://a%40b/", "gemini://a%3Ab/",
		"gemini://a%25b/", "gemini://a%20b/", "gemini://%ff/",
		"gemini://%c0%ae/", "gemini://%00/", "gemini://%7f/",
		"gemini://a b/", "gemini://host[1]/", "gemini://ho]st/",
		"gemini://h\xc3\xa9/", "gemini://%zz/", "gemini://%4/",
	};
	struct url u;
	const char *errstr;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (parse(cases[i].in, &u, &errstr) != 0)
			fail_msg("\"%s\" refused: %s", cases[i].in, errstr);
		assert_non_null(u.u_host);
		assert_string_equal(u.u_host, cases[i].host);
		url_free(&u);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_refused(bad[i]);
}

static void
test_port(void **state)
{
	static const struct {
		const char	*in;
		int		 port;
	} cases[] = {
		{ "gemini://h:1965/", 1965 },
		{ "gemini://h:1965", 1965 },
		{ "gemini://h:1965?q", 1965 },
		{ "gemini://h/", -1 },
		{ "gemini://h:/", -1 },
		{ "gemini://h:", -1 },
		{ "gemini://h:0/", 0 },
		{ "gemini://h:65535/", 65535 },
		{ "gemini://h:00001965/", 1965 },
		{ "gemini://h:000000000000000000000070/", 70 },
		{ "gemini://[::1]:/", -1 },
		{ "gemini://[::1]:70/", 70 },
	};
	static const char *const bad[] = {
		"gemini://h:65536/", "gemini://h:99999/",
		"gemini://h:99999999999999999999999/", "gemini://h:-1/",
		"gemini://h:+1/", "gemini://h:19a5/", "gemini://h:1965:1/",
		"gemini://h:0x10/", "gemini://h: 1965/", "gemini://h:%31/",
		"gemini://[::1]1965/",
	};
	struct url u;
	const char *errstr;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (parse(cases[i].in, &u, &errstr) != 0)
			fail_msg("\"%s\" refused: %s", cases[i].in, errstr);
		assert_int_equal(u.u_port, cases[i].port);
		url_free(&u);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_refused(bad[i]);
}

static void
test_invalid_chars(void **state)
{
	static const char bad[] = " \t\r\n\x01\x1f\x7f\x80\xc3\xff<>\"{}|\\^`";
	/* X marks where the byte goes. */
	static const char *const where[] = {
		"gemini://h/aXb", "gemini://hX/", "gemini://h/?aXb",
		"gemini://h/#aXb", "gemXini://h/", "gemini://uXs@h/",
		"gemini://h:19X65/", "gemini://[::X1]/",
	};
	char req[64];
	struct url u;
	const char *errstr;
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(bad) - 1; i++)
		for (j = 0; j < sizeof(where) / sizeof(where[0]); j++) {
			snprintf(req, sizeof(req), "%s", where[j]);
			*strchr(req, 'X') = bad[i];
			if (parse(req, &u, &errstr) != -1)
				fail_msg("byte 0x%02x accepted in \"%s\"",
				    (unsigned char)bad[i], where[j]);
		}
}

static void
test_nul_and_len(void **state)
{
	struct url u;
	const char *errstr;

	(void)state;
	assert_int_equal(parse_n("gemini://h/a\0b", 14, &u, &errstr), -1);
	assert_int_equal(parse_n("gemini://h\0/", 12, &u, &errstr), -1);
	assert_int_equal(parse_n("gemini://h/?\0", 13, &u, &errstr), -1);
	assert_int_equal(parse_n("\0gemini://h/", 12, &u, &errstr), -1);
	/* Only len bytes count, whatever follows them. */
	assert_int_equal(parse_n("gemini://host/abc", 15, &u, &errstr), 0);
	assert_string_equal(u.u_path, "/a");
	url_free(&u);
	assert_int_equal(parse_n("gemini://host:19651", 18, &u, &errstr), 0);
	assert_int_equal(u.u_port, 1965);
	url_free(&u);
	assert_int_equal(parse_n("gemini://h/%2e%2", 15, &u, &errstr), -1);
	assert_int_equal(parse_n("gemini://h/%2e%2e", 0, &u, &errstr), -1);
	assert_int_equal(parse_n("gemini://h/a%", 13, &u, &errstr), -1);
	assert_int_equal(parse_n("gemini://h/a%4", 14, &u, &errstr), -1);
}

static void
test_decode(void **state)
{
	static const struct {
		const char	*in;
		const char	*out;
		size_t		 outlen;
	} cases[] = {
		{ "%20", " ", 1 },
		{ "a+b", "a+b", 3 },
		{ "%41%62c", "Abc", 3 },
		{ "%e2%80%94", "\xe2\x80\x94", 3 },
		{ "", "", 0 },
		{ "%2F%2e%2E", "/..", 3 },
		{ "%ff", "\xff", 1 },
		{ "%252e", "%2e", 3 },
		{ "hello%20world%21", "hello world!", 12 },
	};
	static const char *const bad[] = {
		"%00", "%G1", "%4", "%", "100%", "%%", "%4g", "a%0", "%x0",
	};
	char *out;
	size_t i, outlen;
	const char *errstr;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		errstr = NULL;
		assert_int_equal(url_decode(cases[i].in, strlen(cases[i].in),
		    &out, &outlen, &errstr), 0);
		assert_int_equal(outlen, cases[i].outlen);
		assert_memory_equal(out, cases[i].out, outlen);
		assert_int_equal(out[outlen], '\0');
		free(out);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		errstr = NULL;
		out = (char *)1;
		assert_int_equal(url_decode(bad[i], strlen(bad[i]), &out,
		    &outlen, &errstr), -1);
		assert_non_null(errstr);
		assert_null(out);
	}
	assert_int_equal(url_decode("a\0b", 3, &out, &outlen, &errstr), -1);
	assert_null(out);
	/* len, not the NUL, ends the input. */
	assert_int_equal(url_decode("%41%42", 3, &out, &outlen, &errstr), 0);
	assert_string_equal(out, "A");
	free(out);
	assert_int_equal(url_decode("%41%42", 4, &out, &outlen, &errstr), -1);
}

static void
test_encode(void **state)
{
	static const struct {
		const char	*in;
		const char	*out;
	} cases[] = {
		{ "", "" },
		{ "abc", "abc" },
		{ "a b", "a%20b" },
		{ "/", "%2F" },
		{ "-._~", "-._~" },
		{ "AZaz09", "AZaz09" },
		{ "!*'()", "%21%2A%27%28%29" },
		{ "a+b=c&d", "a%2Bb%3Dc%26d" },
		{ "caf\xc3\xa9", "caf%C3%A9" },
		{ "%", "%25" },
		{ "?#[]@:", "%3F%23%5B%5D%40%3A" },
		{ "\x01\x7f\xff", "%01%7F%FF" },
	};
	char out[64], small[4];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(out, 'X', sizeof(out));
		assert_int_equal(url_encode(cases[i].in, out, sizeof(out)),
		    strlen(cases[i].out));
		assert_string_equal(out, cases[i].out);
	}
	/* Truncation: whole escapes only, length as snprintf gives it. */
	memset(small, 'X', sizeof(small));
	assert_int_equal(url_encode("a b", small, sizeof(small)), 5);
	assert_string_equal(small, "a");
	assert_int_equal(url_encode("abcdef", small, sizeof(small)), 6);
	assert_string_equal(small, "abc");
	assert_int_equal(url_encode(" a", small, 3), 4);
	assert_string_equal(small, "");
	assert_int_equal(url_encode("   ", small, sizeof(small)), 9);
	assert_string_equal(small, "%20");
	assert_int_equal(url_encode("abc", small, 1), 3);
	assert_string_equal(small, "");
	assert_int_equal(url_encode("abc", NULL, 0), 3);
	assert_int_equal(url_encode("abc", out, 4), 3);
	assert_string_equal(out, "abc");
}

static void
test_encode_decode_roundtrip(void **state)
{
	char in[256], enc[3 * 255 + 1], *dec;
	size_t i, n, declen;
	const char *errstr;

	(void)state;
	for (i = 0; i < 255; i++)
		in[i] = (char)(i + 1);
	in[255] = '\0';
	/* 66 unreserved characters stay, the other 189 bytes take three. */
	n = url_encode(in, enc, sizeof(enc));
	assert_int_equal(n, 66 + 3 * 189);
	assert_int_equal(strlen(enc), n);
	assert_int_equal(url_decode(enc, n, &dec, &declen, &errstr), 0);
	assert_int_equal(declen, 255);
	assert_memory_equal(dec, in, 255);
	free(dec);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_url_free),
		cmocka_unit_test(test_path_traversal),
		cmocka_unit_test(test_path_long),
		cmocka_unit_test(test_host),
		cmocka_unit_test(test_port),
		cmocka_unit_test(test_invalid_chars),
		cmocka_unit_test(test_nul_and_len),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_encode_decode_roundtrip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
