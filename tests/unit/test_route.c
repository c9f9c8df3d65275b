/*
 * Unit tests for route: every page of the URL space and the paths that
 * must not match, as a table, one path a line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "route.h"

static void
expect(const char *path, enum route_kind kind, const char *arg)
{
	struct route r;

	route_match(path, &r);
	if (r.r_kind != kind)
		fail_msg("%s: kind %d, want %d", path, r.r_kind, kind);
	if (arg == NULL)
		return;
	if (r.r_arglen != strlen(arg) || memcmp(r.r_arg, arg, r.r_arglen) != 0)
		fail_msg("%s: arg %.*s, want %s", path, (int)r.r_arglen,
		    r.r_arg, arg);
}

/*
 * One path (a Gemini path or a Gopher selector) a line: the page kind
 * route_match() finds, and its argument (NULL: not checked); for months
 * the year and month too.
 */
static const struct {
	const char	*path;
	enum route_kind	 kind;
	const char	*arg;
	int		 year;
	int		 month;
} cases[] = {
	{ "/", ROUTE_FRONT, NULL, 0, 0 },
	{ "", ROUTE_FRONT, NULL, 0, 0 },
	{ "/articles/a-b-1", ROUTE_ARTICLE, "a-b-1", 0, 0 },
	{ "/articles/x", ROUTE_ARTICLE, "x", 0, 0 },
	{ "/articles/a-b-1.txt", ROUTE_ARTICLE_TXT, "a-b-1", 0, 0 },
	{ "/tags/", ROUTE_TAGS, NULL, 0, 0 },
	{ "/tags", ROUTE_SLASH, NULL, 0, 0 },
	{ "/tags/open-data/", ROUTE_TAG, "open-data", 0, 0 },
	{ "/tags/open-data", ROUTE_SLASH, "open-data", 0, 0 },
	{ "/tags/open-data/atom.xml", ROUTE_TAG_FEED, "open-data", 0, 0 },
	{ "/tags/a1/atom.xml", ROUTE_TAG_FEED, "a1", 0, 0 },
	{ "/archive/", ROUTE_ARCHIVE, NULL, 0, 0 },
	{ "/archive", ROUTE_SLASH, NULL, 0, 0 },
	{ "/archive/2026/10/", ROUTE_MONTH, NULL, 2026, 10 },
	{ "/archive/1999/01/", ROUTE_MONTH, NULL, 1999, 1 },
	{ "/archive/2026/10", ROUTE_SLASH, NULL, 0, 0 },
	{ "/search", ROUTE_SEARCH, NULL, 0, 0 },
	{ "/atom.xml", ROUTE_FEED, NULL, 0, 0 },
	{ "/robots.txt", ROUTE_ROBOTS, NULL, 0, 0 },
	{ "/favicon.txt", ROUTE_FAVICON, NULL, 0, 0 },
	{ "/caps.txt", ROUTE_CAPS, NULL, 0, 0 },
	{ "/media/a.png", ROUTE_MEDIA, "a.png", 0, 0 },
	{ "/media/sub/dir/a b.png", ROUTE_MEDIA, "sub/dir/a b.png", 0, 0 },
	{ "/authors/", ROUTE_AUTHORS, NULL, 0, 0 },
	{ "/authors", ROUTE_SLASH, NULL, 0, 0 },
	{ "/authors/maren-holt/", ROUTE_AUTHOR, "maren-holt", 0, 0 },
	{ "/authors/maren-holt", ROUTE_SLASH, "maren-holt", 0, 0 },
	{ "/lang/fr/", ROUTE_LANG, "fr", 0, 0 },
	{ "/lang/fr", ROUTE_SLASH, "fr", 0, 0 },
	{ "/lang/fr/atom.xml", ROUTE_LANG_FEED, "fr", 0, 0 },
	{ "/about", ROUTE_PAGE, "about", 0, 0 },
	{ "/contact-us", ROUTE_PAGE, "contact-us", 0, 0 },
	/* Not pages of ours. */
	{ "/articles/", ROUTE_NONE, NULL, 0, 0 },
	{ "/articles/Upper", ROUTE_NONE, NULL, 0, 0 },
	{ "/articles/a.gmi", ROUTE_NONE, NULL, 0, 0 },
	{ "/articles/a/b", ROUTE_NONE, NULL, 0, 0 },
	{ "/articles/a.txt.txt", ROUTE_NONE, NULL, 0, 0 },
	{ "/articles/a_b", ROUTE_NONE, NULL, 0, 0 },
	{ "/articles/.txt", ROUTE_NONE, NULL, 0, 0 },
	{ "/tags/x/y", ROUTE_NONE, NULL, 0, 0 },
	{ "/tags/UP/", ROUTE_NONE, NULL, 0, 0 },
	{ "/tags//", ROUTE_NONE, NULL, 0, 0 },
	{ "/tags/x/atom.xml/", ROUTE_NONE, NULL, 0, 0 },
	{ "/archive/2026/13/", ROUTE_NONE, NULL, 0, 0 },
	{ "/archive/2026/00/", ROUTE_NONE, NULL, 0, 0 },
	{ "/archive/26/10/", ROUTE_NONE, NULL, 0, 0 },
	{ "/archive/2026/1/", ROUTE_NONE, NULL, 0, 0 },
	{ "/archive/2026/10/x", ROUTE_NONE, NULL, 0, 0 },
	{ "/archive/2026/", ROUTE_NONE, NULL, 0, 0 },
	{ "/media/", ROUTE_NONE, NULL, 0, 0 },
	{ "/media/.hidden", ROUTE_NONE, NULL, 0, 0 },
	{ "/media/a/../b", ROUTE_NONE, NULL, 0, 0 },
	{ "/media/a//b", ROUTE_NONE, NULL, 0, 0 },
	{ "/media/a/", ROUTE_NONE, NULL, 0, 0 },
	{ "/media/sub/.git/x", ROUTE_NONE, NULL, 0, 0 },
	{ "/About", ROUTE_NONE, NULL, 0, 0 },
	{ "/about/", ROUTE_NONE, NULL, 0, 0 },
	{ "/a.b", ROUTE_NONE, NULL, 0, 0 },
	{ "/search/", ROUTE_NONE, NULL, 0, 0 },
	{ "//", ROUTE_NONE, NULL, 0, 0 },
	{ "/%2e", ROUTE_NONE, NULL, 0, 0 },
	{ "/1/tags/", ROUTE_NONE, NULL, 0, 0 },
	{ "/authors/Maren/", ROUTE_NONE, NULL, 0, 0 },
	{ "/authors/a/b/", ROUTE_NONE, NULL, 0, 0 },
	{ "/authors/a/atom.xml", ROUTE_NONE, NULL, 0, 0 },
	{ "/authors//", ROUTE_NONE, NULL, 0, 0 },
};

static void
test_table(void **state)
{
	struct route r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		expect(cases[i].path, cases[i].kind, cases[i].arg);
		if (cases[i].kind != ROUTE_MONTH)
			continue;
		route_match(cases[i].path, &r);
		if (r.r_year != cases[i].year || r.r_month != cases[i].month)
			fail_msg("%s: %d/%d, want %d/%d", cases[i].path,
			    r.r_year, r.r_month, cases[i].year, cases[i].month);
	}
}

/*
 * route_format() spells every page's path, and route_match() reads it
 * back as the same page.
 */
static void
test_paths(void **state)
{
	static const struct {
		enum route_kind	 kind;
		const char	*arg;
		const char	*path;
	} paths[] = {
		{ ROUTE_FRONT, NULL, "/" },
		{ ROUTE_ARTICLE, "a-b", "/articles/a-b" },
		{ ROUTE_ARTICLE_TXT, "a-b", "/articles/a-b.txt" },
		{ ROUTE_TAGS, NULL, "/tags/" },
		{ ROUTE_TAG, "open-data", "/tags/open-data/" },
		{ ROUTE_TAG_FEED, "open-data", "/tags/open-data/atom.xml" },
		{ ROUTE_ARCHIVE, NULL, "/archive/" },
		{ ROUTE_SEARCH, NULL, "/search" },
		{ ROUTE_FEED, NULL, "/atom.xml" },
		{ ROUTE_MEDIA, "sub/a.png", "/media/sub/a.png" },
		{ ROUTE_ROBOTS, NULL, "/robots.txt" },
		{ ROUTE_FAVICON, NULL, "/favicon.txt" },
		{ ROUTE_CAPS, NULL, "/caps.txt" },
		{ ROUTE_AUTHORS, NULL, "/authors/" },
		{ ROUTE_AUTHOR, "maren-holt", "/authors/maren-holt/" },
		{ ROUTE_PAGE, "about", "/about" },
		{ ROUTE_LANG, "de", "/lang/de/" },
		{ ROUTE_LANG_FEED, "de", "/lang/de/atom.xml" },
	};
	struct route r;
	char out[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		assert_int_equal(route_format(out, sizeof(out), route_set(&r,
		    paths[i].kind, paths[i].arg)), strlen(paths[i].path));
		assert_string_equal(out, paths[i].path);
		expect(out, paths[i].kind, paths[i].arg);
	}
	route_set(&r, ROUTE_MONTH, NULL);
	r.r_year = 2026;
	r.r_month = 3;
	assert_int_equal(route_format(out, sizeof(out), &r), 17);
	assert_string_equal(out, "/archive/2026/03/");
	assert_int_equal(route_format(out, 8, route_set(&r, ROUTE_TAG,
	    "open-data")), -1);
	assert_int_equal(route_format(out, sizeof(out), route_set(&r,
	    ROUTE_SLASH, NULL)), -1);
	assert_int_equal(route_format(out, sizeof(out), route_set(&r,
	    ROUTE_NONE, NULL)), -1);
}

static void
test_long_names(void **state)
{
	char path[300];

	(void)state;
	memset(path, 0, sizeof(path));
	strcpy(path, "/articles/");
	memset(path + 10, 'a', 80);
	expect(path, ROUTE_ARTICLE, NULL);
	path[90] = 'a';
	expect(path, ROUTE_NONE, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_long_names),
	};

	return cmocka_run_group_tests_name("route", tests, NULL, NULL);
}
