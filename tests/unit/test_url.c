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

static int
parse_n(const char *s, size_t len, struct url *u, const char **errstr)
{
	char *buf;
	int rc;

	buf = malloc(len > 0 ? len : 1);
	assert_non_null(buf);
	memcpy(buf, s, len);
	*errstr = NULL;
	rc = url_parse(buf, len, u, errstr);
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

static void
test_example(void **state)
{
	static const char req[] =
	    "gemini://LOCALHOST:1965/a/./b/../c?x%20y#frag";
	struct url u;
	const char *errstr;

	(void)state;
	assert_int_equal(parse(req, &u, &errstr), 0);
	assert_string_equal(u.u_scheme, "gemini");
	assert_string_equal(u.u_host, "localhost");
	assert_int_equal(u.u_port, 1965);
	assert_string_equal(u.u_path, "/a/c");
	assert_string_equal(u.u_query, "x%20y");
	assert_int_equal(u.u_fragment, 1);
	assert_int_equal(u.u_userinfo, 0);
	url_free(&u);
	assert_null(u.u_scheme);
	assert_null(u.u_path);
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
test_path_after_query(void **state)
{
	struct url u;
	const char *errstr;

	(void)state;
	assert_int_equal(parse("gemini://h/a/..?/../../", &u, &errstr), 0);
	assert_string_equal(u.u_path, "/");
	assert_string_equal(u.u_query, "/../../");
	url_free(&u);
	assert_int_equal(parse("gemini://h/a#/../..", &u, &errstr), 0);
	assert_string_equal(u.u_path, "/a");
	assert_null(u.u_query);
	assert_int_equal(u.u_fragment, 1);
	url_free(&u);
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
test_empty_path_query(void **state)
{
	struct url u;
	const char *errstr;

	(void)state;
	assert_int_equal(parse("gemini://host", &u, &errstr), 0);
	assert_string_equal(u.u_path, "/");
	assert_null(u.u_query);
	url_free(&u);
	assert_int_equal(parse("gemini://host?q", &u, &errstr), 0);
	assert_string_equal(u.u_path, "/");
	assert_string_equal(u.u_query, "q");
	url_free(&u);
	assert_int_equal(parse("gemini://host/search?", &u, &errstr), 0);
	assert_string_equal(u.u_path, "/search");
	assert_string_equal(u.u_query, "");
	url_free(&u);
	assert_int_equal(parse("gemini://h/search?a%20b/c?d:e@f", &u,
	    &errstr), 0);
	assert_string_equal(u.u_query, "a%20b/c?d:e@f");
	url_free(&u);
	assert_int_equal(parse("gemini://h/?a+b%2F%2e%2e", &u, &errstr), 0);
	assert_string_equal(u.u_query, "a+b%2F%2e%2e");
	assert_string_equal(u.u_path, "/");
	url_free(&u);
	assert_refused("gemini://h/?a[b]");
	assert_refused("gemini://h/?%zz");
	assert_refused("gemini://h/?%00");
	assert_refused("gemini://h/?a b");
	assert_refused("gemini://h/?%");
}

static void
test_scheme(void **state)
{
	struct url u;
	const char *errstr;
	static const char *const relative[] = {
		"", "/path", "//host/path", "host/path", "gemini", ":x",
		"://h/", "1gemini://h/", "+a://h/", "a/b:c", "?q", "#f",
		"ge mini://h/", "gemini_x://h/",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(relative) / sizeof(relative[0]); i++)
		assert_refused(relative[i]);
	assert_int_equal(parse("GEMINI://h/", &u, &errstr), 0);
	assert_string_equal(u.u_scheme, "gemini");
	url_free(&u);
	assert_int_equal(parse("A+b-C.9://h/", &u, &errstr), 0);
	assert_string_equal(u.u_scheme, "a+b-c.9");
	url_free(&u);
	assert_int_equal(parse("abcdefghijklmnopqrstuvwxyzabcdef://h/", &u,
	    &errstr), 0);
	assert_int_equal(strlen(u.u_scheme), 32);
	url_free(&u);
	assert_refused("abcdefghijklmnopqrstuvwxyzabcdefg://h/");
	assert_int_equal(parse("gemini:", &u, &errstr), 0);
	assert_string_equal(u.u_scheme, "gemini");
	assert_null(u.u_host);
	assert_string_equal(u.u_path, "/");
	assert_int_equal(u.u_port, -1);
	url_free(&u);
	assert_int_equal(parse("gemini:/path", &u, &errstr), 0);
	assert_null(u.u_host);
	assert_string_equal(u.u_path, "/path");
	url_free(&u);
	assert_int_equal(parse("gemini:../../etc/passwd", &u, &errstr), 0);
	assert_null(u.u_host);
	assert_string_equal(u.u_path, "/etc/passwd");
	url_free(&u);
	assert_int_equal(parse("gemini:path/../x", &u, &errstr), 0);
	assert_string_equal(u.u_path, "/x");
	url_free(&u);
	assert_int_equal(parse("gemini:?q", &u, &errstr), 0);
	assert_null(u.u_host);
	assert_string_equal(u.u_path, "/");
	assert_string_equal(u.u_query, "q");
	url_free(&u);
	assert_int_equal(parse("https://example.com/x", &u, &errstr), 0);
	assert_string_equal(u.u_scheme, "https");
	url_free(&u);
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
test_userinfo(void **state)
{
	struct url u;
	const char *errstr;

	(void)state;
	assert_int_equal(parse("gemini://user@host/x", &u, &errstr), 0);
	assert_int_equal(u.u_userinfo, 1);
	assert_string_equal(u.u_host, "host");
	assert_string_equal(u.u_path, "/x");
	url_free(&u);
	assert_int_equal(parse("gemini://us%41er:pw@Host:1965/", &u, &errstr),
	    0);
	assert_int_equal(u.u_userinfo, 1);
	assert_string_equal(u.u_host, "host");
	assert_int_equal(u.u_port, 1965);
	url_free(&u);
	assert_int_equal(parse("gemini://@host/", &u, &errstr), 0);
	assert_int_equal(u.u_userinfo, 1);
	assert_string_equal(u.u_host, "host");
	url_free(&u);
	assert_int_equal(parse("gemini://u@[::1]/", &u, &errstr), 0);
	assert_int_equal(u.u_userinfo, 1);
	assert_string_equal(u.u_host, "[::1]");
	url_free(&u);
	/* "@" in the path or query is not userinfo. */
	assert_int_equal(parse("gemini://host/a@b?c@d", &u, &errstr), 0);
	assert_int_equal(u.u_userinfo, 0);
	assert_string_equal(u.u_host, "host");
	assert_string_equal(u.u_path, "/a@b");
	url_free(&u);
	assert_refused("gemini://a@b@c/");
	assert_refused("gemini://a[b@c/");
	assert_refused("gemini://a b@c/");
}

static void
test_fragment(void **state)
{
	struct url u;
	const char *errstr;

	(void)state;
	assert_int_equal(parse("gemini://h/p", &u, &errstr), 0);
	assert_int_equal(u.u_fragment, 0);
	url_free(&u);
	assert_int_equal(parse("gemini://h/#", &u, &errstr), 0);
	assert_int_equal(u.u_fragment, 1);
	assert_string_equal(u.u_path, "/");
	url_free(&u);
	assert_int_equal(parse("gemini://h/p#f?x/y:z@", &u, &errstr), 0);
	assert_int_equal(u.u_fragment, 1);
	assert_string_equal(u.u_path, "/p");
	assert_null(u.u_query);
	url_free(&u);
	assert_int_equal(parse("gemini://h/?q#f", &u, &errstr), 0);
	assert_int_equal(u.u_fragment, 1);
	assert_string_equal(u.u_query, "q");
	url_free(&u);
	assert_int_equal(parse("gemini://h#f", &u, &errstr), 0);
	assert_int_equal(u.u_fragment, 1);
	assert_string_equal(u.u_host, "h");
	assert_string_equal(u.u_path, "/");
	url_free(&u);
	assert_refused("gemini://h/p#a#b");
	assert_refused("gemini://h/p#a[b]");
	assert_refused("gemini://h/p#%");
	assert_refused("gemini://h/p#%00");
	assert_refused("gemini://h/p#a b");
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
	/* A raw IRI is refused; its percent-encoded URI is not. */
	assert_refused("gemini://h/caf\xc3\xa9");
	assert_int_equal(parse("gemini://h/caf%c3%a9", &u, &errstr), 0);
	url_free(&u);
	/* "[" and "]" belong to hosts only. */
	assert_refused("gemini://h/a[1]");
	assert_refused("gemini:/a]");
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
test_bad_escapes(void **state)
{
	static const char *const bad[] = {
		"gemini://h/%", "gemini://h/%4", "gemini://h/%G1",
		"gemini://h/%1G", "gemini://h/%-1", "gemini://h/% 1",
		"gemini://h/%%", "gemini://h/%00", "gemini://h/a%0",
		"gemini://h/?%4", "gemini://h%/", "gemini://u%@h/",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_refused(bad[i]);
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
		cmocka_unit_test(test_example),
		cmocka_unit_test(test_path_traversal),
		cmocka_unit_test(test_path_after_query),
		cmocka_unit_test(test_path_long),
		cmocka_unit_test(test_empty_path_query),
		cmocka_unit_test(test_scheme),
		cmocka_unit_test(test_host),
		cmocka_unit_test(test_port),
		cmocka_unit_test(test_userinfo),
		cmocka_unit_test(test_fragment),
		cmocka_unit_test(test_invalid_chars),
		cmocka_unit_test(test_nul_and_len),
		cmocka_unit_test(test_bad_escapes),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_encode_decode_roundtrip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
