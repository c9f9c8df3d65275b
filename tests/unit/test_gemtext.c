/*
 * Unit tests for the gemtext renderer: whole pages byte for byte, the
 * gemsub entry format, text that must not turn into gemtext markup,
 * empty lists and a failed buffer.
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
#include "buf.h"
#include "gemtext.h"
#include "render.h"
#include "fixtures.h"

/*
 * A front page of only the latest list: the lead and the sections are
 * tested against the daemon (tests/integration/test_front_page.sh).
 */
static const struct render_front *
front_of(const struct article *const *arts, size_t n,
    const char *const *pages, size_t npages)
{
	static struct render_front rf;

	memset(&rf, 0, sizeof(rf));
	rf.rf_latest = arts;
	rf.rf_nlatest = n;
	rf.rf_pages = pages;
	rf.rf_npages = npages;
	return &rf;
}

static const struct render_site site = {
	"The Lantern Wire",
	"Slow news from the small internet.",
	"en",
	"© 2026 The Lantern Wire contributors.",
	"localhost",
};

static const struct render_site bare_site = {
	"Bare", "", "en", "", "localhost",
};

static const char full_text[] =
    "Title: Harbour Street mesh network reaches 200 nodes\n"
    "Date: 2024-06-18T09:00:00Z\n"
    "Updated: 2024-06-19T10:00:00Z\n"
    "Author: Zoë Marchetti\n"
    "Tags: mesh, community\n"
    "Lang: en\n"
    "Summary: Volunteers on rooftops keep the town online.\n"
    "Image: media/mesh-antenna.png\n"
    "Image-Alt: A drawing of an antenna.\n"
    "Image-Caption: The first node.\n"
    "Image-Credit: Illustration by The Lantern Wire\n"
    "Source: https://example.org/mesh\n"
    "Copyright: © 2024 Élodie Garnier.\n"
    "Related: Gopher holes multiply\n"
    "Related: A headline not in the store\n"
    "\n"
    "First paragraph.\n"
    "\n"
    "=> https://example.org/map The map\n";

/* An article from a header block and a body, with a fixed slug. */
static void
mkart2(struct article *a, const char *headers, const char *body)
{
	char text[4096];

	snprintf(text, sizeof(text), "%s\n%s", headers, body);
	fix_article(a, "x", text);
}

/* The onward links of an article of June 2024 without tags. */
#define ONWARD(title) "## Read on\n" \
	"=> /archive/2024/06/ Archive: June 2024\n" \
	"=> /search Search\n" \
	"=> / Front page: " title "\n"

static void
expect(struct buf *b, int rc, const char *want)
{
	assert_int_equal(rc, 0);
	assert_non_null(b->b_data);
	assert_string_equal(b->b_data, want);
	assert_int_equal(b->b_len, strlen(want));
	buf_free(b);
}

/* Bytes of b from the line that starts with prefix, up to its newline. */
static char *
line_of(const struct buf *b, const char *prefix)
{
	const char *p = b->b_data, *end = b->b_data + b->b_len, *eol;
	size_t n = strlen(prefix);

	while (p < end) {
		eol = memchr(p, '\n', (size_t)(end - p));
		assert_non_null(eol);
		if ((size_t)(eol - p) >= n && memcmp(p, prefix, n) == 0)
			return strndup(p, (size_t)(eol - p));
		p = eol + 1;
	}
	fail_msg("no line starting with \"%s\" in:\n%s", prefix, b->b_data);
	return NULL;
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Every link to an article in b is a gemsub entry:
 * "=> /articles/SLUG YYYY-MM-DD" then a space (a title may start with a
 * digit; what Lagrange needs is a non-digit right after the date).
 * Returns the count.
 */
static size_t
check_gemsub(const struct buf *b)
{
	const char *p = b->b_data, *end = b->b_data + b->b_len, *eol, *d;
	size_t n = 0;
	int i;

	for (; p < end; p = eol + 1) {
		eol = memchr(p, '\n', (size_t)(end - p));
		assert_non_null(eol);
		if (strncmp(p, "=> /articles/", 13) != 0)
			continue;
		d = memchr(p + 13, ' ', (size_t)(eol - p - 13));
		assert_non_null(d);
		d++;
		assert_true(eol - d > 10);
		for (i = 0; i < 10; i++)
			if (i == 4 || i == 7)
				assert_int_equal(d[i], '-');
			else
				assert_true(is_digit(d[i]));
		assert_int_equal(d[10], ' ');
		n++;
	}
	return n;
}

/*
 * Walks b as a client would and checks that it ends outside a
 * preformatted block and holds exactly nlinks link lines and nheadings
 * heading lines (outside preformatted blocks).
 */
static void
check_lines(const struct buf *b, int nlinks, int nheadings)
{
	const char *p = b->b_data, *end = b->b_data + b->b_len, *eol;
	int pre = 0, links = 0, headings = 0;

	assert_int_equal(end[-1], '\n');
	for (; p < end; p = eol + 1) {
		eol = memchr(p, '\n', (size_t)(end - p));
		assert_non_null(eol);
		if (strncmp(p, "```", 3) == 0)
			pre = !pre;
		else if (!pre && strncmp(p, "=>", 2) == 0)
			links++;
		else if (!pre && *p == '#')
			headings++;
	}
	assert_false(pre);
	assert_int_equal(links, nlinks);
	assert_int_equal(headings, nheadings);
}

static void
test_front_page(void **state)
{
	struct article a1, a2;
	const struct article *arts[2] = { &a1, &a2 };
	const char *pages[] = { "about", "contact" };
	struct buf b = BUF_INIT;

	(void)state;
	fix_article(&a1, "gopher-holes", gopher_text);
	fix_article(&a2, "solar", solar_text);
	expect(&b, gemtext_front(&b, &site, front_of(arts, 2, pages, 2)),
	    "# The Lantern Wire\n"
	    "\n"
	    "Slow news from the small internet.\n"
	    "\n"
	    "## Latest\n"
	    "=> /articles/gopher-holes 2024-05-01 Gopher holes multiply\n"
	    "=> /articles/solar 2024-04-02 Solar server\n"
	    "\n"
	    "## Browse\n"
	    "=> /tags/ Tags\n"
	    "=> /archive/ Archive\n"
	    "=> /search Search\n"
	    "=> /atom.xml Atom feed\n"
	    "=> /about About\n"
	    "=> /contact Contact\n"
	    "\n"
	    "© 2026 The Lantern Wire contributors.\n");
	article_free(&a1);
	article_free(&a2);
}

static void
test_front_empty(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	expect(&b, gemtext_front(&b, &bare_site, front_of(NULL, 0, NULL, 0)),
	    "# Bare\n"
	    "\n"
	    "## Latest\n"
	    "Nothing has been published yet.\n"
	    "\n"
	    "## Browse\n"
	    "=> /tags/ Tags\n"
	    "=> /archive/ Archive\n"
	    "=> /search Search\n"
	    "=> /atom.xml Atom feed\n");
}

static void
test_article_full(void **state)
{
	struct article a, g, s;
	const struct article *related[2] = { &g, &s };
	struct render_headline hl[2];
	struct render_article ra;
	struct buf b = BUF_INIT;

	(void)state;
	fix_article(&a, "harbour", full_text);
	fix_article(&g, "gopher-holes", gopher_text);
	fix_article(&s, "solar", solar_text);
	hl[0].rh_text = "Gopher holes multiply";
	hl[0].rh_art = &g;
	hl[1].rh_text = "A headline not in the store";
	hl[1].rh_art = NULL;
	memset(&ra, 0, sizeof(ra));
	ra.ra_art = &a;
	ra.ra_related = related;
	ra.ra_nrelated = 2;
	ra.ra_headlines = hl;
	ra.ra_nheadlines = 2;
	expect(&b, gemtext_article(&b, &site, &ra),
	    "# Harbour Street mesh network reaches 200 nodes\n"
	    "\n"
	    "Volunteers on rooftops keep the town online.\n"
	    "\n"
	    "By Zoë Marchetti · 18 June 2024 · Updated 19 June 2024\n"
	    "=> https://example.org/mesh Source: example.org\n"
	    "\n"
	    "=> /media/mesh-antenna.png A drawing of an antenna.\n"
	    "The first node. (Illustration by The Lantern Wire)\n"
	    "\n"
	    "First paragraph.\n"
	    "\n"
	    "=> https://example.org/map The map\n"
	    "\n"
	    "## Tags\n"
	    "=> /tags/community/ community\n"
	    "=> /tags/mesh/ mesh\n"
	    "\n"
	    "## See also\n"
	    "=> /articles/gopher-holes Gopher holes multiply\n"
	    "=> /search?A%20headline%20not%20in%20the%20store "
	    "Search for: A headline not in the store\n"
	    "\n"
	    "## Related articles\n"
	    "=> /articles/gopher-holes 2024-05-01 Gopher holes multiply\n"
	    "=> /articles/solar 2024-04-02 Solar server\n"
	    "\n"
	    "## Read on\n"
	    "=> /archive/2024/06/ Archive: June 2024\n"
	    "=> /search Search\n"
	    "=> / Front page: The Lantern Wire\n"
	    "© 2024 Élodie Garnier.\n");
	article_free(&a);
	article_free(&g);
	article_free(&s);
}

static void
test_article_minimal(void **state)
{
	struct article a;
	struct render_article ra = { &a, NULL, 0, NULL, 0, NULL, NULL, NULL };
	struct buf b = BUF_INIT;

	(void)state;
	fix_article(&a, "m", "Title: Minimal\nDate: 2024-06-18T09:00:00Z\n\n");
	assert_int_equal(a.a_bodylen, 0);
	expect(&b, gemtext_article(&b, &site, &ra),
	    "# Minimal\n"
	    "\n"
	    "18 June 2024\n"
	    "\n"
	    ONWARD("The Lantern Wire")
	    "© 2026 The Lantern Wire contributors.\n");
	expect(&b, gemtext_article(&b, &bare_site, &ra),
	    "# Minimal\n\n18 June 2024\n\n" ONWARD("Bare"));
	article_free(&a);
}

static void
test_article_image_fallbacks(void **state)
{
	static const char *const cases[][2] = {
		{ "Image: https://img.example/a b.jpg\n"
		  "Image-Alt: Alt text\n",
		  "=> https://img.example/a%20b.jpg Alt text\n" },
		{ "Image: media/x.png\n",
		  "=> /media/x.png Image\n" },
		{ "Image: media/x.png\nImage-Credit: Jo\n",
		  "=> /media/x.png Image\n(Jo)\n" },
		{ "Image: media/x.png\nImage-Caption: # Cap\n",
		  "=> /media/x.png # Cap\n" },
		/* The alt text labels the link; the caption is read below. */
		{ "Image: media/x.png\nImage-Caption: # Cap\n"
		  "Image-Alt: Alt\nImage-Credit: Jo\n",
		  "=> /media/x.png Alt\n # Cap (Jo)\n" },
	};
	char hdr[512], want[512];
	struct article a;
	struct render_article ra = { &a, NULL, 0, NULL, 0, NULL, NULL, NULL };
	struct buf b = BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(hdr, sizeof(hdr), "Title: T\n"
		    "Date: 2024-06-18T09:00:00Z\n%s", cases[i][0]);
		mkart2(&a, hdr, "Body.\n");
		snprintf(want, sizeof(want), "# T\n\n18 June 2024\n\n%s\n"
		    "Body.\n\n" ONWARD("Bare"), cases[i][1]);
		expect(&b, gemtext_article(&b, &bare_site, &ra), want);
		article_free(&a);
	}
}

static void
test_article_body(void **state)
{
	struct article a;
	struct render_article ra = { &a, NULL, 0, NULL, 0, NULL, NULL, NULL };
	struct buf b = BUF_INIT;

	(void)state;
	/* A body set in memory may lack its final newline. */
	fix_article(&a, "x", "Title: T\nDate: 2024-06-18T09:00:00Z\n\nx\n");
	assert_int_equal(article_set_body(&a, "no newline", 10), 0);
	expect(&b, gemtext_article(&b, &bare_site, &ra),
	    "# T\n\n18 June 2024\n\nno newline\n\n" ONWARD("Bare"));
	article_free(&a);

	/* An unclosed preformatted block is closed before the tags. */
	fix_article(&a, "x", "Title: T\nDate: 2024-06-18T09:00:00Z\nTags: t\n\n"
	    "```alt\ncode\n```\n\n```\nopen\n");
	expect(&b, gemtext_article(&b, &bare_site, &ra),
	    "# T\n\n18 June 2024\n\n"
	    "```alt\ncode\n```\n\n```\nopen\n```\n"
	    "\n## Tags\n=> /tags/t/ t\n\n" ONWARD("Bare"));
	article_free(&a);

	/* A body kept as stored: no reflow, markup untouched. */
	fix_article(&a, "x", "Title: T\nDate: 2024-06-18T09:00:00Z\n\n"
	    "# Own heading\n* item\n> quote\n\tindented   spaces\n");
	expect(&b, gemtext_article(&b, &bare_site, &ra),
	    "# T\n\n18 June 2024\n\n"
	    "# Own heading\n* item\n> quote\n\tindented   spaces\n"
	    "\n" ONWARD("Bare"));
	article_free(&a);
}

static void
test_byline(void **state)
{
	struct article a;
	struct render_article ra = { &a, NULL, 0, NULL, 0, NULL, NULL, NULL };
	struct buf b = BUF_INIT;
	char *l;

	(void)state;
	/*
	 * The dates are UTC whatever offset the header used; an update the
	 * same day is not worth a mention.
	 */
	fix_article(&a, "x", "Title: T\nDate: 2024-06-18T23:30:00-05:00\n"
	    "Updated: 2024-06-20T01:30:00+02:00\nAuthor: > Anon\n\nx\n");
	assert_int_equal(gemtext_article(&b, &bare_site, &ra), 0);
	l = line_of(&b, "By ");
	assert_string_equal(l, "By > Anon · 19 June 2024");
	free(l);
	buf_free(&b);
	article_free(&a);
}

static void
test_marker_guard(void **state)
{
	static const char *const markers[] = {
		"# heading", "## two", "=> /evil link", "=>x", "* item",
		"*bold*", "> quote", ">", "```", "```pre",
	};
	struct render_site s = site;
	struct render_hit hit;
	struct article a;
	struct render_article ra = { &a, NULL, 0, NULL, 0, NULL, NULL, NULL };
	struct buf b = BUF_INIT;
	char hdr[256], want[256], *l;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(markers) / sizeof(markers[0]); i++) {
		snprintf(hdr, sizeof(hdr), "Title: %s\n"
		    "Date: 2024-06-18T09:00:00Z\nSummary: %s\n"
		    "Copyright: %s\n", markers[i], markers[i], markers[i]);
		mkart2(&a, hdr, "Body.\n");
		snprintf(want, sizeof(want), "# %s\n\n %s\n\n18 June 2024\n"
		    "\nBody.\n\n" ONWARD("Bare") " %s\n", markers[i],
		    markers[i], markers[i]);
		expect(&b, gemtext_article(&b, &bare_site, &ra), want);

		s.rs_description = markers[i];
		s.rs_copyright = markers[i];
		assert_int_equal(gemtext_front(&b, &s,
		    front_of(NULL, 0, NULL, 0)), 0);
		check_lines(&b, 4, 3);
		snprintf(want, sizeof(want), " %s", markers[i]);
		l = line_of(&b, want);
		assert_string_equal(l, want);
		free(l);
		buf_free(&b);

		hit.rh_art = &a;
		hit.rh_snippet = markers[i];
		assert_int_equal(gemtext_search(&b, &s, "q", &hit, 1), 0);
		check_lines(&b, 3, 1);
		l = line_of(&b, want);
		assert_string_equal(l, want);
		free(l);
		buf_free(&b);
		article_free(&a);
	}
	/* Text that merely contains a marker is left alone. */
	mkart2(&a, "Title: T\nDate: 2024-06-18T09:00:00Z\n"
	    "Summary: a # b => c ``` d\n", "");
	assert_int_equal(gemtext_article(&b, &bare_site, &ra), 0);
	l = line_of(&b, "a # b");
	assert_string_equal(l, "a # b => c ``` d");
	free(l);
	buf_free(&b);
	article_free(&a);
}

static void
test_gemsub_entries(void **state)
{
	static const char *const titles[] = {
		"2024 in review", "42", "Plain", "=> not a link", "```",
		"Ünïcödé — “quoted”",
	};
	struct article a[6];
	const struct article *arts[6];
	struct buf b = BUF_INIT;
	char text[256];
	size_t i;

	(void)state;
	for (i = 0; i < 6; i++) {
		snprintf(text, sizeof(text), "Title: %s\n"
		    "Date: 19%02zu-01-02T03:04:05Z\n\n", titles[i], 70 + i);
		fix_article(&a[i], "s", text);
		arts[i] = &a[i];
	}
	assert_int_equal(gemtext_front(&b, &site,
	    front_of(arts, 6, NULL, 0)), 0);
	assert_int_equal(check_gemsub(&b), 6);
	check_lines(&b, 10, 3);
	assert_non_null(strstr(b.b_data,
	    "=> /articles/s 1970-01-02 2024 in review\n"
	    "=> /articles/s 1971-01-02 42\n"));
	buf_free(&b);
	assert_int_equal(gemtext_tag(&b, &site, "t", arts, 6), 0);
	assert_int_equal(check_gemsub(&b), 6);
	buf_free(&b);
	assert_int_equal(gemtext_month(&b, &site, 1970, 1, arts, 6), 0);
	assert_int_equal(check_gemsub(&b), 6);
	buf_free(&b);
	for (i = 0; i < 6; i++)
		article_free(&a[i]);
}

static void
test_tags(void **state)
{
	static const struct render_tag tags[] = {
		{ "china", 3 }, { "gemini", 12 },
	};
	struct buf b = BUF_INIT;

	(void)state;
	expect(&b, gemtext_tags(&b, &site, tags, 2),
	    "# Tags\n"
	    "\n"
	    "=> /tags/china/ china (3)\n"
	    "=> /tags/gemini/ gemini (12)\n"
	    "\n"
	    "=> / The Lantern Wire\n"
	    "© 2026 The Lantern Wire contributors.\n");
	expect(&b, gemtext_tags(&b, &bare_site, NULL, 0),
	    "# Tags\n\nNo article has a tag yet.\n\n=> / Bare\n");
}

/* /authors/: each byline under its slug, with its count. */
static void
test_authors(void **state)
{
	static const struct render_author authors[] = {
		{ "Maren Holt", "maren-holt", 2 },
		{ "Zoë Marchetti", "zoe-marchetti", 1 },
	};
	struct buf b = BUF_INIT;

	(void)state;
	expect(&b, gemtext_authors(&b, &site, authors, 2),
	    "# Authors\n"
	    "\n"
	    "=> /authors/maren-holt/ Maren Holt (2)\n"
	    "=> /authors/zoe-marchetti/ Zoë Marchetti (1)\n"
	    "\n"
	    "=> / The Lantern Wire\n"
	    "© 2026 The Lantern Wire contributors.\n");
	expect(&b, gemtext_authors(&b, &bare_site, NULL, 0),
	    "# Authors\n\nNo article has a byline yet.\n\n=> / Bare\n");
}

/* /authors/NAME/: gemsub entries, as a tag page's. */
static void
test_author_page(void **state)
{
	struct article a1, a2;
	const struct article *arts[2] = { &a1, &a2 };
	struct buf b = BUF_INIT;

	(void)state;
	fix_article(&a1, "gopher-holes", gopher_text);
	fix_article(&a2, "solar", solar_text);
	expect(&b, gemtext_author(&b, &site, "Zoë Marchetti", arts, 2),
	    "# Articles by Zoë Marchetti\n"
	    "\n"
	    "=> /articles/gopher-holes 2024-05-01 Gopher holes multiply\n"
	    "=> /articles/solar 2024-04-02 Solar server\n"
	    "\n"
	    "=> /authors/ All authors\n"
	    "=> / The Lantern Wire\n"
	    "© 2026 The Lantern Wire contributors.\n");
	expect(&b, gemtext_author(&b, &bare_site, "Nobody", NULL, 0),
	    "# Articles by Nobody\n"
	    "\n"
	    "No articles by Nobody.\n"
	    "\n"
	    "=> /authors/ All authors\n"
	    "=> / Bare\n");
	article_free(&a1);
	article_free(&a2);
}

static void
test_tag_page(void **state)
{
	struct article a1, a2;
	const struct article *arts[2] = { &a1, &a2 };
	struct buf b = BUF_INIT;

	(void)state;
	fix_article(&a1, "gopher-holes", gopher_text);
	fix_article(&a2, "solar", solar_text);
	expect(&b, gemtext_tag(&b, &site, "small-web", arts, 2),
	    "# Articles tagged small-web\n"
	    "\n"
	    "=> /articles/gopher-holes 2024-05-01 Gopher holes multiply\n"
	    "=> /articles/solar 2024-04-02 Solar server\n"
	    "\n"
	    "=> /tags/small-web/atom.xml Atom feed for small-web\n"
	    "=> /tags/ All tags\n"
	    "=> / The Lantern Wire\n"
	    "© 2026 The Lantern Wire contributors.\n");
	expect(&b, gemtext_tag(&b, &bare_site, "none", NULL, 0),
	    "# Articles tagged none\n"
	    "\n"
	    "No articles are tagged none.\n"
	    "\n"
	    "=> /tags/none/atom.xml Atom feed for none\n"
	    "=> /tags/ All tags\n"
	    "=> / Bare\n");
	article_free(&a1);
	article_free(&a2);
}

static void
test_archive(void **state)
{
	static const struct render_month months[] = {
		{ 2026, 12, 1 }, { 2026, 1, 20 }, { 2025, 9, 3 },
	};
	static const struct render_month odd[] = { { 2026, 13, 1 } };
	struct buf b = BUF_INIT;

	(void)state;
	expect(&b, gemtext_archive(&b, &bare_site, months, 3),
	    "# Archive\n"
	    "\n"
	    "=> /archive/2026/12/ December 2026 (1)\n"
	    "=> /archive/2026/01/ January 2026 (20)\n"
	    "=> /archive/2025/09/ September 2025 (3)\n"
	    "\n"
	    "=> / Bare\n");
	expect(&b, gemtext_archive(&b, &bare_site, NULL, 0),
	    "# Archive\n\nThe archive is empty.\n\n=> / Bare\n");
	expect(&b, gemtext_archive(&b, &bare_site, odd, 1),
	    "# Archive\n\n=> /archive/2026/13/ 2026-13 (1)\n\n=> / Bare\n");
}

static void
test_month(void **state)
{
	struct article a1;
	const struct article *arts[1] = { &a1 };
	struct buf b = BUF_INIT;

	(void)state;
	fix_article(&a1, "gopher-holes", gopher_text);
	expect(&b, gemtext_month(&b, &bare_site, 2024, 5, arts, 1),
	    "# May 2024\n"
	    "\n"
	    "=> /articles/gopher-holes 2024-05-01 Gopher holes multiply\n"
	    "\n"
	    "=> /archive/ Archive\n"
	    "=> / Bare\n");
	expect(&b, gemtext_month(&b, &site, 2024, 2, NULL, 0),
	    "# February 2024\n"
	    "\n"
	    "No articles were published in February 2024.\n"
	    "\n"
	    "=> /archive/ Archive\n"
	    "=> / The Lantern Wire\n"
	    "© 2026 The Lantern Wire contributors.\n");
	expect(&b, gemtext_month(&b, &bare_site, 2024, 0, NULL, 0),
	    "# 2024-00\n\nNo articles were published in 2024-00.\n\n"
	    "=> /archive/ Archive\n=> / Bare\n");
	article_free(&a1);
}

static void
test_search(void **state)
{
	struct article a1, a2;
	struct render_hit hits[2];
	struct buf b = BUF_INIT;

	(void)state;
	fix_article(&a1, "gopher-holes", gopher_text);
	fix_article(&a2, "solar", solar_text);
	hits[0].rh_art = &a1;
	hits[0].rh_snippet = "…the phlog ring turns ten…";
	hits[1].rh_art = &a2;
	hits[1].rh_snippet = "";
	expect(&b, gemtext_search(&b, &bare_site, "ring", hits, 2),
	    "# Search results for: ring\n"
	    "\n"
	    "=> /articles/gopher-holes 2024-05-01 Gopher holes multiply\n"
	    "…the phlog ring turns ten…\n"
	    "\n"
	    "=> /articles/solar 2024-04-02 Solar server\n"
	    "\n"
	    "=> /search Search again\n"
	    "=> / Bare\n");
	article_free(&a1);
	article_free(&a2);
}

static void
test_search_empty(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	expect(&b, gemtext_search(&b, &site, "caldo verde", NULL, 0),
	    "# Search results for: caldo verde\n"
	    "\n"
	    "No articles match caldo verde.\n"
	    "\n"
	    "=> /search Search again\n"
	    "=> / The Lantern Wire\n"
	    "© 2026 The Lantern Wire contributors.\n");
}

static void
test_search_query_injection(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	/* Every control, C1 controls and line separators become spaces. */
	expect(&b, gemtext_search(&b, &bare_site,
	    "a\n=> gemini://evil/ x\r\n```\n# h\x01\x7f\xc2\x85"
	    "\xe2\x80\xa8\xe2\x80\xa9" "b\tc", NULL, 0),
	    "# Search results for: a => gemini://evil/ x  ``` # h     b c\n"
	    "\n"
	    "No articles match a => gemini://evil/ x  ``` # h     b c.\n"
	    "\n"
	    "=> /search Search again\n"
	    "=> / Bare\n");
	/* A query that is not UTF-8 still gives a UTF-8 page. */
	expect(&b, gemtext_search(&b, &bare_site,
	    "\xff\xc3(\xe2\x82\xf0\x9f\x98\x80\xed\xa0\x80", NULL, 0),
	    "# Search results for: \xef\xbf\xbd\xef\xbf\xbd(\xef\xbf\xbd"
	    "\xef\xbf\xbd\xf0\x9f\x98\x80\xef\xbf\xbd\xef\xbf\xbd"
	    "\xef\xbf\xbd\n"
	    "\n"
	    "No articles match \xef\xbf\xbd\xef\xbf\xbd(\xef\xbf\xbd"
	    "\xef\xbf\xbd\xf0\x9f\x98\x80\xef\xbf\xbd\xef\xbf\xbd"
	    "\xef\xbf\xbd.\n"
	    "\n"
	    "=> /search Search again\n"
	    "=> / Bare\n");
	expect(&b, gemtext_search(&b, &bare_site, "", NULL, 0),
	    "# Search results for: \n\nNo articles match .\n\n"
	    "=> /search Search again\n=> / Bare\n");
}

static void
test_long_title(void **state)
{
	size_t n = 100000, i;
	char *text, *title;
	struct article a;
	const struct article *arts[1] = { &a };
	struct render_article ra = { &a, arts, 1, NULL, 0, NULL, NULL, NULL };
	struct buf b = BUF_INIT;

	(void)state;
	assert_non_null(text = malloc(n * 2 + 64));
	assert_non_null(title = malloc(n * 2 + 1));
	/* "é" repeated: two bytes each, never to be cut apart. */
	for (i = 0; i < n; i++)
		memcpy(title + 2 * i, "\xc3\xa9", 2);
	title[2 * n] = '\0';
	snprintf(text, n * 2 + 64, "Title: %s\nDate: 2024-06-18T09:00:00Z\n\n",
	    title);
	fix_article(&a, "long", text);
	assert_int_equal(gemtext_article(&b, &bare_site, &ra), 0);
	check_lines(&b, 4, 3);
	assert_int_equal(check_gemsub(&b), 1);
	assert_int_equal(strncmp(b.b_data + 2, title, 2 * n), 0);
	assert_int_equal(b.b_data[2 + 2 * n], '\n');
	buf_free(&b);
	article_free(&a);
	free(text);
	free(title);
}

static void
test_no_slug(void **state)
{
	struct article a;
	const struct article *arts[1] = { &a };
	struct buf b = BUF_INIT;

	(void)state;
	/* As article_parse() leaves it: the store has not set a slug. */
	fix_article(&a, NULL, gopher_text);
	expect(&b, gemtext_month(&b, &bare_site, 2024, 5, arts, 1),
	    "# May 2024\n\n=> /articles/ 2024-05-01 Gopher holes multiply\n\n"
	    "=> /archive/ Archive\n=> / Bare\n");
	article_free(&a);
}

static void
test_buffer_error(void **state)
{
	struct article a;
	const struct article *arts[1] = { &a };
	struct render_article ra = { &a, arts, 1, NULL, 0, NULL, NULL, NULL };
	struct render_hit hit = { &a, "s" };
	struct render_tag tag = { "t", 1 };
	struct render_month month = { 2024, 5, 1 };
	struct buf b = BUF_INIT;

	(void)state;
	fix_article(&a, "x", full_text);
	b.b_err = 1;
	assert_int_equal(gemtext_front(&b, &site,
	    front_of(arts, 1, NULL, 0)), -1);
	assert_int_equal(gemtext_article(&b, &site, &ra), -1);
	assert_int_equal(gemtext_tags(&b, &site, &tag, 1), -1);
	assert_int_equal(gemtext_tag(&b, &site, "t", arts, 1), -1);
	assert_int_equal(gemtext_archive(&b, &site, &month, 1), -1);
	assert_int_equal(gemtext_month(&b, &site, 2024, 5, arts, 1), -1);
	assert_int_equal(gemtext_search(&b, &site, "q", &hit, 1), -1);
	assert_null(b.b_data);
	buf_free(&b);
	article_free(&a);
}

static void
test_appends(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	/* Renderers append; they never reset what the caller put first. */
	buf_puts(&b, "HEAD\n");
	assert_int_equal(gemtext_tags(&b, &bare_site, NULL, 0), 0);
	assert_int_equal(strncmp(b.b_data, "HEAD\n# Tags\n", 12), 0);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_front_page),
		cmocka_unit_test(test_front_empty),
		cmocka_unit_test(test_article_full),
		cmocka_unit_test(test_article_minimal),
		cmocka_unit_test(test_article_image_fallbacks),
		cmocka_unit_test(test_article_body),
		cmocka_unit_test(test_byline),
		cmocka_unit_test(test_marker_guard),
		cmocka_unit_test(test_gemsub_entries),
		cmocka_unit_test(test_tags),
		cmocka_unit_test(test_tag_page),
		cmocka_unit_test(test_authors),
		cmocka_unit_test(test_author_page),
		cmocka_unit_test(test_archive),
		cmocka_unit_test(test_month),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_search_empty),
		cmocka_unit_test(test_search_query_injection),
		cmocka_unit_test(test_long_title),
		cmocka_unit_test(test_no_slug),
		cmocka_unit_test(test_buffer_error),
		cmocka_unit_test(test_appends),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
