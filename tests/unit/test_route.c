/*
 * Unit tests for route: every page of the URL space and the paths that
 * must not match.
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

static void
test_pages(void **state)
{
	struct route r;

	(void)state;
	expect("/", ROUTE_FRONT, NULL);
	expect("", ROUTE_FRONT, NULL);
	expect("/articles/a-b-1", ROUTE_ARTICLE, "a-b-1");
	expect("/articles/a-b-1.txt", ROUTE_ARTICLE_TXT, "a-b-1");
	expect("/tags/", ROUTE_TAGS, NULL);
	expect("/tags", ROUTE_SLASH, NULL);
	expect("/tags/open-data/", ROUTE_TAG, "open-data");
	expect("/tags/open-data", ROUTE_SLASH, "open-data");
	expect("/tags/open-data/atom.xml", ROUTE_TAG_FEED, "open-data");
	expect("/archive/", ROUTE_ARCHIVE, NULL);
	expect("/archive", ROUTE_SLASH, NULL);
	expect("/archive/2026/10/", ROUTE_MONTH, NULL);
	route_match("/archive/2026/10/", &r);
	assert_int_equal(r.r_year, 2026);
	assert_int_equal(r.r_month, 10);
	expect("/archive/2026/10", ROUTE_SLASH, NULL);
	expect("/search", ROUTE_SEARCH, NULL);
	expect("/atom.xml", ROUTE_FEED, NULL);
	expect("/robots.txt", ROUTE_ROBOTS, NULL);
	expect("/favicon.txt", ROUTE_FAVICON, NULL);
	expect("/caps.txt", ROUTE_CAPS, NULL);
	expect("/media/a.png", ROUTE_MEDIA, "a.png");
	expect("/media/sub/dir/a b.png", ROUTE_MEDIA, "sub/dir/a b.png");
	expect("/about", ROUTE_PAGE, "about");
}

static void
test_authors(void **state)
{
	(void)state;
	expect("/authors/", ROUTE_AUTHORS, NULL);
	expect("/authors", ROUTE_SLASH, NULL);
	expect("/authors/maren-holt/", ROUTE_AUTHOR, "maren-holt");
	expect("/authors/maren-holt", ROUTE_SLASH, "maren-holt");
	expect("/authors/Maren/", ROUTE_NONE, NULL);
	expect("/authors/a/b/", ROUTE_NONE, NULL);
	expect("/authors/a/atom.xml", ROUTE_NONE, NULL);
	expect("/authors//", ROUTE_NONE, NULL);
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
	} cases[] = {
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
	};
	struct route r;
	char out[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(route_format(out, sizeof(out), route_set(&r,
		    cases[i].kind, cases[i].arg)), strlen(cases[i].path));
		assert_string_equal(out, cases[i].path);
		expect(out, cases[i].kind, cases[i].arg);
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
test_refused(void **state)
{
	static const char *const bad[] = {
		"/articles/", "/articles/Upper", "/articles/a.gmi",
		"/articles/a/b", "/articles/a.txt.txt", "/articles/a_b",
		"/tags/x/y", "/tags/UP/", "/tags//", "/archive/2026/13/",
		"/archive/2026/00/", "/archive/26/10/", "/archive/2026/1/",
		"/archive/2026/10/x", "/media/", "/media/.hidden",
		"/media/a/../b", "/media/a//b", "/media/a/", "/media/sub/.git/x",
		"/About", "/about/", "/a.b", "/search/", "//", "/%2e",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect(bad[i], ROUTE_NONE, NULL);
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
		cmocka_unit_test(test_pages),
		cmocka_unit_test(test_authors),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_long_names),
	};

	return cmocka_run_group_tests_name("route", tests, NULL, NULL);
}
