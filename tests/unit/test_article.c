/*
 * Unit tests for the article module: parsing, validation errors with
 * their line numbers, the serialise round trip, dates and slugs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "article.h"

static const char sample[] =
    "Title: Huawei founder urges staying open\n"
    "Date: 2024-06-18T09:00:00Z\n"
    "Updated: 2024-06-19T10:00:00+02:00\n"
    "Author: A. Writer\n"
    "tags: trade, china, huawei, china\n"
    "Lang: en-GB\n"
    "Summary: One sentence.\n"
    "Image: media/event.jpg\n"
    "Image-Credit: Somebody/Agency\n"
    "X-Custom: kept as it is\n"
    "Related: A headline, with a comma\n"
    "Related: Another headline\n"
    "Previous-Slugs: old-one new-two\n"
    "Status: published\n"
    "\n"
    "First paragraph.\n"
    "\n"
    "=> https://example.com/ a link\n";

static void
parse_ok(struct article *a, const char *text)
{
	const char *errstr = NULL;
	unsigned line = 99;

	memset(a, 0, sizeof(*a));
	if (article_parse(a, text, strlen(text), &line, &errstr) != 0)
		fail_msg("line %u: %s", line, errstr);
	assert_int_equal(line, 0);
}

static void
test_parse_fields(void **state)
{
	struct article a;

	(void)state;
	parse_ok(&a, sample);
	assert_string_equal(a.a_title, "Huawei founder urges staying open");
	assert_int_equal(a.a_date, 1718701200);
	/* 10:00 at +02:00 is 08:00 UTC. */
	assert_int_equal(a.a_updated, 1718784000);
	assert_string_equal(a.a_author, "A. Writer");
	assert_string_equal(a.a_lang, "en-GB");
	assert_string_equal(a.a_image, "media/event.jpg");
	assert_string_equal(a.a_image_credit, "Somebody/Agency");
	assert_int_equal(a.a_ntags, 3);
	assert_string_equal(a.a_tags[0], "china");
	assert_string_equal(a.a_tags[1], "huawei");
	assert_string_equal(a.a_tags[2], "trade");
	assert_true(article_has_tag(&a, "huawei"));
	assert_false(article_has_tag(&a, "hua"));
	assert_int_equal(a.a_nprevslugs, 2);
	assert_false(a.a_draft);
	assert_string_equal(article_get(&a, "x-custom"), "kept as it is");
	assert_int_equal(a.a_bodyline, 16);
	assert_string_equal(a.a_body,
	    "First paragraph.\n\n=> https://example.com/ a link\n");
	article_free(&a);
}

/* Featured makes the lead; Publisher may repeat, the first counts. */
static void
test_featured_publisher(void **state)
{
	struct article a;

	(void)state;
	parse_ok(&a, "Title: T\nDate: 2024-01-01T00:00:00Z\n"
	    "Publisher: First Paper\nFeatured: yes\nPublisher: Second\n\n");
	assert_true(a.a_featured);
	assert_string_equal(a.a_publisher, "First Paper");
	article_free(&a);
	parse_ok(&a, "Title: T\nDate: 2024-01-01T00:00:00Z\nFeatured: no\n\n");
	assert_false(a.a_featured);
	assert_null(a.a_publisher);
	article_free(&a);
	parse_ok(&a, sample);
	assert_false(a.a_featured);
	article_free(&a);
}

static void
test_round_trip(void **state)
{
	struct article a, b;
	size_t len, len2;
	char *s, *s2;

	(void)state;
	parse_ok(&a, sample);
	s = article_serialise(&a, &len);
	assert_non_null(s);
	/* Unknown and repeated headers survive, in their order. */
	assert_non_null(strstr(s, "X-Custom: kept as it is\n"
	    "Related: A headline, with a comma\nRelated: Another headline\n"));
	parse_ok(&b, s);
	s2 = article_serialise(&b, &len2);
	assert_int_equal(len, len2);
	assert_memory_equal(s, s2, len);
	assert_int_equal(a.a_nhdr, b.a_nhdr);
	free(s);
	free(s2);
	article_free(&a);
	article_free(&b);
}

static void
test_crlf_bom(void **state)
{
	struct article a;

	(void)state;
	parse_ok(&a, "\xef\xbb\xbfTitle: T\r\nDate: 2024-01-01T00:00:00Z\r\n"
	    "\r\nBody line\r\nsecond\r\n\r\n\r\n");
	assert_string_equal(a.a_title, "T");
	assert_string_equal(a.a_body, "Body line\nsecond\n");
	article_free(&a);
}

static void
test_set_and_append(void **state)
{
	struct article a;
	const char *errstr;
	unsigned line;

	(void)state;
	parse_ok(&a, sample);
	assert_int_equal(article_set(&a, "STATUS", "draft"), 0);
	assert_int_equal(article_set(&a, "Related", NULL), 0);
	assert_null(article_get(&a, "Related"));
	assert_int_equal(article_append(&a, "Related", "One"), 0);
	assert_int_equal(article_append(&a, "Related", "Two"), 0);
	assert_int_equal(article_set(&a, "Tags", "solo"), 0);
	assert_int_equal(article_validate(&a, &line, &errstr), 0);
	assert_true(a.a_draft);
	assert_int_equal(a.a_ntags, 1);
	/* Replaced in place: Status keeps its place among the headers. */
	assert_string_equal(a.a_hdr[11].h_name, "Status");
	assert_string_equal(a.a_hdr[11].h_value, "draft");
	article_free(&a);
}

struct bad_case {
	const char	*text;
	unsigned	 line;
	const char	*msg;		/* a part of the message */
};

static const struct bad_case bad_cases[] = {
	{ "Date: 2024-01-01T00:00:00Z\n\nbody\n", 1, "missing Title" },
	{ "Title: T\n\nbody\n", 1, "missing Date" },
	{ "Title: \nDate: 2024-01-01T00:00:00Z\n\n", 1, "Title is empty" },
	{ "Title: T\nDate: 2024-01-01\n\n", 2, "RFC 3339" },
	{ "Title: T\nDate: 2024-13-01T00:00:00Z\n\n", 2, "out of range" },
	{ "Title: T\nDate: 2023-02-29T00:00:00Z\n\n", 2, "out of range" },
	{ "Title: T\nDate: 2024-01-01T00:00:00\n\n", 2, "RFC 3339" },
	{ "Title: T\nDate: 2024-01-01T00:00:00Z\nUpdated: yesterday\n\n", 3,
	    "RFC 3339" },
	{ "Title: T\nDate: 2024-01-02T00:00:00Z\n"
	    "Updated: 2024-01-01T00:00:00Z\n\n", 3, "earlier than Date" },
	{ "Title: T\nDate: 2024-01-01T00:00:00Z\nTags: ok, Not-OK\n\n", 3,
	    "tag" },
	{ "Title: T\nDate: 2024-01-01T00:00:00Z\nTags: a_b\n\n", 3, "tag" },
	{ "Title: T\nDate: 2024-01-01T00:00:00Z\nStatus: live\n\n", 3,
	    "Status" },
	{ "Title: T\nDate: 2024-01-01T00:00:00Z\nLang: english!\n\n", 3,
	    "BCP 47" },
	{ "Title: T\nDate: 2024-01-01T00:00:00Z\nFeatured: true\n\n", 3,
	    "Featured" },
	{ "Title: T\nDate: 2024-01-01T00:00:00Z\nFeatured: yes\n"
	    "Featured: no\n\n", 4, "twice" },
	{ "Title: T\nDate: 2024-01-01T00:00:00Z\nImage: ../etc/passwd\n\n",
	    3, "Image" },
	{ "Title: T\nDate: 2024-01-01T00:00:00Z\nImage: media/../x\n\n",
	    3, "Image" },
	{ "Title: T\nDate: 2024-01-01T00:00:00Z\nSource: example.com\n\n",
	    3, "Source" },
	{ "Title: T\nDate: 2024-01-01T00:00:00Z\nPrevious-Slugs: Old\n\n",
	    3, "previous slug" },
	{ "Title: T\nDate: 2024-01-01T00:00:00Z\nTitle: again\n\n", 3,
	    "twice" },
	{ "Title: T\nno colon here\n\n", 2, "Name: value" },
	{ "Title: T\n: no name\n\n", 2, "Name: value" },
	{ "Title: T\nBad Name: x\n\n", 2, "Name: value" },
	{ "Title: T\xff\nDate: 2024-01-01T00:00:00Z\n\n", 1, "UTF-8" },
	{ "Title: T\nDate: 2024-01-01T00:00:00Z\n\nok\nok\n\xc0\xaf\n", 6,
	    "UTF-8" },
	{ "Title: T\nDate: 2024-01-01T00:00:00Z\n\nok\n\xed\xa0\x80\n", 5,
	    "UTF-8" },
	{ "Title: T\nDate: 2024-01-01T00:00:00Z\n\nline\nbell\a\n", 5,
	    "control" },
};

static void
test_bad(void **state)
{
	struct article a;
	const char *errstr;
	unsigned line;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *bc = &bad_cases[i];

		memset(&a, 0, sizeof(a));
		errstr = NULL;
		line = 0;
		if (article_parse(&a, bc->text, strlen(bc->text), &line,
		    &errstr) != -1)
			fail_msg("case %zu parsed", i);
		if (line != bc->line || strstr(errstr, bc->msg) == NULL)
			fail_msg("case %zu: line %u \"%s\", want line %u "
			    "\"%s\"", i, line, errstr, bc->line, bc->msg);
		/* A failed parse leaves nothing to free. */
		assert_int_equal(a.a_nhdr, 0);
		assert_null(a.a_body);
	}
}

/* "Tags: t0, t1, ... t(n-1)" as an article, in a malloc'd string. */
static char *
tagged(size_t n, const char *extra)
{
	size_t cap = 64 + n * 16 + strlen(extra), len, i;
	char *t = malloc(cap);

	assert_non_null(t);
	len = (size_t)snprintf(t, cap, "Title: T\nDate: 2024-01-01T00:00:00Z"
	    "\nTags: ");
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(t + len, cap - len, "%st%zu",
		    i > 0 ? ", " : "", i);
	snprintf(t + len, cap - len, "%s\n\nBody.\n", extra);
	return t;
}

/*
 * ARTICLE_TAGS_MAX tags are fine (duplicates folded); one more is
 * refused on the Tags line, and so is the article with 8,000 tags that
 * made a snapshot build take gigabytes.
 */
static void
test_tag_limit(void **state)
{
	struct article a = { 0 };
	const char *errstr;
	unsigned line;
	char *t;

	(void)state;
	t = tagged(ARTICLE_TAGS_MAX, "");
	assert_int_equal(article_parse(&a, t, strlen(t), &line, &errstr), 0);
	assert_int_equal(a.a_ntags, ARTICLE_TAGS_MAX);
	article_free(&a);
	free(t);

	t = tagged(3, ", t1, t0, t1, t2");
	assert_int_equal(article_parse(&a, t, strlen(t), &line, &errstr), 0);
	assert_int_equal(a.a_ntags, 3);
	assert_string_equal(a.a_tags[0], "t0");
	assert_string_equal(a.a_tags[2], "t2");
	article_free(&a);
	free(t);

	t = tagged(ARTICLE_TAGS_MAX + 1, "");
	assert_int_equal(article_parse(&a, t, strlen(t), &line, &errstr), -1);
	assert_int_equal(line, 3);
	assert_string_equal(errstr, "more than 64 tags");
	free(t);

	t = tagged(8000, "");
	assert_int_equal(article_parse(&a, t, strlen(t), &line, &errstr), -1);
	assert_int_equal(line, 3);
	assert_string_equal(errstr, "more than 64 tags");
	free(t);
}

static void
test_nul_in_body(void **state)
{
	static const char text[] = "Title: T\nDate: 2024-01-01T00:00:00Z\n\n"
	    "a\nb\0c\n";
	struct article a = { 0 };
	const char *errstr;
	unsigned line;

	(void)state;
	assert_int_equal(article_parse(&a, text, sizeof(text) - 1, &line,
	    &errstr), -1);
	assert_int_equal(line, 5);
}

static void
test_no_body(void **state)
{
	struct article a;
	size_t len;
	char *s;

	(void)state;
	parse_ok(&a, "Title: T\nDate: 2024-01-01T00:00:00Z");
	assert_int_equal(a.a_bodylen, 0);
	s = article_serialise(&a, &len);
	assert_string_equal(s, "Title: T\nDate: 2024-01-01T00:00:00Z\n\n");
	free(s);
	article_free(&a);
}

static void
test_dates(void **state)
{
	const char *errstr;
	char out[32];
	int64_t t;
	int y, m, d;

	(void)state;
	assert_int_equal(article_date_parse("1970-01-01T00:00:00Z", &t,
	    &errstr), 0);
	assert_int_equal(t, 0);
	assert_int_equal(article_date_parse("2000-02-29t23:59:60.25z", &t,
	    &errstr), 0);
	assert_int_equal(t, 951868800);
	assert_int_equal(article_date_parse("1969-12-31T23:00:00-01:00", &t,
	    &errstr), 0);
	assert_int_equal(t, 0);
	assert_int_equal(article_date_parse("1960-06-15T12:00:00Z", &t,
	    &errstr), 0);
	article_date_format(t, out);
	assert_string_equal(out, "1960-06-15T12:00:00Z");
	article_date_split(1718701200, &y, &m, &d);
	assert_int_equal(y, 2024);
	assert_int_equal(m, 6);
	assert_int_equal(d, 18);
	assert_int_equal(article_date_parse("2024-06-18T09:00:00.Z", &t,
	    &errstr), -1);
	assert_int_equal(article_date_parse("2024-06-18T09:00:00+0200", &t,
	    &errstr), -1);
	assert_int_equal(article_date_parse("2024-06-18T24:00:00Z", &t,
	    &errstr), -1);
	assert_int_equal(article_date_parse("2024-04-31T00:00:00Z", &t,
	    &errstr), -1);
	assert_int_equal(article_date_parse("", &t, &errstr), -1);
}

/* The short forms pages show: the day of a gemsub entry, a month's name. */
static void
test_date_forms(void **state)
{
	char day[ARTICLE_DAY_LEN + 1], month[ARTICLE_MONTH_LEN + 1];

	(void)state;
	article_day_format(1718701200, day);
	assert_string_equal(day, "2024-06-18");
	assert_int_equal(article_month_format(2026, 9, month), 14);
	assert_string_equal(month, "September 2026");
	article_month_format(2026, 1, month);
	assert_string_equal(month, "January 2026");
	article_month_format(2026, 13, month);
	assert_string_equal(month, "2026-13");
}

/* A day as Date or Updated becomes its midnight UTC; nothing else moves. */
static void
test_days_expand(void **state)
{
	static const struct {
		const char	*in, *out;
	} cases[] = {
		{ "2024-06-01", "2024-06-01T00:00:00Z" },
		{ "2024-06-01T08:00:00Z", "2024-06-01T08:00:00Z" },
		{ "2024-6-01", "2024-6-01" },
		{ "2024-06-011", "2024-06-011" },
		{ "20240601", "20240601" },
		{ "", "" },
	};
	struct article a = { 0 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(article_set(&a, "Date", cases[i].in), 0);
		assert_int_equal(article_set(&a, "Updated", cases[i].in), 0);
		assert_int_equal(article_set(&a, "Source", "2024-06-01"), 0);
		assert_int_equal(article_days_expand(&a), 0);
		assert_string_equal(article_get(&a, "Date"), cases[i].out);
		assert_string_equal(article_get(&a, "Updated"), cases[i].out);
		assert_string_equal(article_get(&a, "Source"), "2024-06-01");
	}
	article_free(&a);
}

static void
test_slugify(void **state)
{
	char out[ARTICLE_SLUG_MAX + 1];
	char longt[400];

	(void)state;
	assert_int_equal(article_slugify("Huawei founder urges staying open "
	    "to the United States", out), 0);
	assert_string_equal(out,
	    "huawei-founder-urges-staying-open-to-the-united-states");
	assert_int_equal(article_slugify("  It's a “Café” — déjà vu!  ", out),
	    0);
	assert_string_equal(out, "its-a-cafe-deja-vu");
	assert_int_equal(article_slugify("Straße & Œuvre: 50%", out), 0);
	assert_string_equal(out, "strasse-oeuvre-50");
	assert_int_equal(article_slugify("?!… —", out), -1);
	assert_int_equal(article_slugify("日本語", out), -1);
	memset(longt, 0, sizeof(longt));
	while (strlen(longt) < 300)
		strcat(longt, "wordy ");
	assert_int_equal(article_slugify(longt, out), 0);
	assert_true(strlen(out) <= 60);
	assert_true(out[strlen(out) - 1] != '-');
	assert_true(article_name_valid(out));
	/* A single long word is cut, not dropped. */
	memset(longt, 'x', 200);
	longt[200] = '\0';
	assert_int_equal(article_slugify(longt, out), 0);
	assert_true(strlen(out) > 0 && strlen(out) <= ARTICLE_SLUG_MAX);
}

static void
test_name_valid(void **state)
{
	char big[ARTICLE_SLUG_MAX + 2];

	(void)state;
	assert_true(article_name_valid("a-b-9"));
	assert_false(article_name_valid(""));
	assert_false(article_name_valid("A"));
	assert_false(article_name_valid("a b"));
	assert_false(article_name_valid("a/b"));
	assert_false(article_name_valid("a.gmi"));
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_false(article_name_valid(big));
	big[ARTICLE_SLUG_MAX] = '\0';
	assert_true(article_name_valid(big));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_fields),
		cmocka_unit_test(test_featured_publisher),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_crlf_bom),
		cmocka_unit_test(test_set_and_append),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_tag_limit),
		cmocka_unit_test(test_nul_in_body),
		cmocka_unit_test(test_no_body),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_date_forms),
		cmocka_unit_test(test_days_expand),
		cmocka_unit_test(test_slugify),
		cmocka_unit_test(test_name_valid),
	};

	return cmocka_run_group_tests_name("article", tests, NULL, NULL);
}
