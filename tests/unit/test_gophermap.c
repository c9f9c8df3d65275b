/*
 * Unit tests for the gopher renderer: whole menus byte for byte, every
 * kind of link an article holds, display widths, ASCII folding, the type
 * 0 text, the error menu, and a checker run over every menu rendered
 * here that holds each line to RFC 1436 and to what VF-1, lynx and sacc
 * need.
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
#include "gophermap.h"
#include "render.h"
#include "utf8.h"
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

/* An 'i' line and an item of ours, as the exact bytes expected. */
#define I(s)		"i" s "\t\tnull.host\t1\r\n"
#define L(t, d, s)	t d "\t" s "\texample.org\t7070\r\n"
#define END		".\r\n"

static const struct render_site site = {
	"The Lantern Wire",
	"Slow news from the small internet.",
	"en",
	"© 2026 The Lantern Wire contributors.",
	"example.org",
};

static const struct render_site bare_site = {
	"Bare", "", "en", "", "example.org",
};

/* The media directory of the tests: what go_media_type is asked. */
static char media_asked[8][128];
static size_t media_nasked;

static char
media_type(void *ctx, const char *path)
{
	const char *dot = strrchr(path, '.');

	assert_ptr_equal(ctx, media_asked);
	if (media_nasked < 8)
		snprintf(media_asked[media_nasked++], sizeof(media_asked[0]),
		    "%s", path);
	if (dot == NULL)
		return 0;
	if (strcmp(dot, ".png") == 0)
		return 'I';
	if (strcmp(dot, ".gif") == 0)
		return 'g';
	if (strcmp(dot, ".err") == 0)
		return '3';
	if (strcmp(dot, ".info") == 0)
		return 'i';
	if (strcmp(dot, ".tab") == 0)
		return '\t';
	return 0;
}

static const struct gophermap_opts utf8_opts = {
	"example.org", 7070, 0, media_type, media_asked,
};

static const struct gophermap_opts ascii_opts = {
	"example.org", 7070, 1, media_type, media_asked,
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
    "## Links of every kind\n"
    "=> https://example.org/map The map\n"
    "=> http://example.org/old Old web page\n"
    "=> gopher://example.org/1/burrow-ring The Burrow Ring\n"
    "=> gopher://example.org:7071/0/notes%20on%20mesh.txt Notes\n"
    "=> gopher://example.org A bare gopher host\n"
    "=> gopher://[2001:db8::1]/1 An IPv6 gopher host\n"
    "=> gopher://example.org/7/search%09mesh Search the ring\n"
    "=> gopher://:70/1/x No host at all\n"
    "=> gemini://example.org/capsule/ A capsule\n"
    "=> //example.net/x A network-path link\n"
    "=> mailto:desk@example.org Write to us\n"
    "=> /articles/gopher-holes Gopher holes multiply\n"
    "=> /articles/gopher-holes.txt Its text\n"
    "=> /tags/mesh/ The mesh tag\n"
    "=> /tags/mesh/atom.xml The mesh feed\n"
    "=> /archive/2024/06/ June 2024\n"
    "=> / Front page\n"
    "=> /media/mesh-antenna.png The antenna\n"
    "=> /media/data%20set.bin Raw data\n"
    "=> /search?mesh Search for mesh\n"
    "=> /atom.xml The feed\n"
    "=> solar#top A relative link\n"
    "=> ../tags/community/ Up and over\n"
    "=>    https://example.org/no-label   \n"
    "=>\n"
    "```\n"
    "=> /articles/not-a-link Inside a preformatted block\n"
    "```\n"
    "Last paragraph.\n";

/* The item types a client knows: RFC 1436 and common use. */
static int
valid_type(char t)
{
	return t != '\0' && strchr("0123456789+TgIhis;dp:<", t) != NULL;
}

/*
 * Holds every line of the menu in b (from byte from on) to the rules:
 * CRLF after every line and no CR or LF elsewhere, no NUL, exactly four
 * TAB-separated fields, a known type, a display string of at most 69
 * code points of well-formed UTF-8, a numeric port and a host, 'i' and
 * '3' lines in their one form, then ".\r\n" and nothing after it.  An
 * error menu is a '3' line then 'i' lines only; any other menu holds no
 * '3' line.  Returns the number of lines before the last.
 */
static size_t
check_menu(const struct buf *b, size_t from, int error)
{
	const char *p, *end, *eol, *tab[3], *q;
	size_t nlines = 0, i, dlen;

	assert_int_equal(buf_ok(b), 0);
	assert_true(b->b_len > from);
	p = b->b_data + from;
	end = b->b_data + b->b_len;
	assert_null(memchr(p, '\0', (size_t)(end - p)));
	for (;;) {
		assert_true(p < end);
		eol = memchr(p, '\n', (size_t)(end - p));
		assert_non_null(eol);
		assert_true(eol > p);
		assert_int_equal(eol[-1], '\r');
		assert_null(memchr(p, '\r', (size_t)(eol - 1 - p)));
		if (eol - 1 - p == 1 && p[0] == '.') {
			assert_ptr_equal(eol + 1, end);
			return nlines;
		}
		for (q = p, i = 0; q < eol - 1; q++)
			if (*q == '\t') {
				if (i == 3)
					fail_msg("more than 4 fields: %.*s",
					    (int)(eol - p), p);
				tab[i++] = q;
			}
		if (i != 3)
			fail_msg("%zu fields: %.*s", i + 1, (int)(eol - p), p);
		assert_true(valid_type(p[0]));
		dlen = (size_t)(tab[0] - (p + 1));
		assert_int_equal(utf8_validate(p + 1, dlen, NULL), 0);
		if (utf8_length(p + 1, dlen) > 69)
			fail_msg("display over 69: %.*s", (int)dlen, p + 1);
		for (q = tab[2] + 1; q < eol - 1; q++)
			assert_true(*q >= '0' && *q <= '9');
		assert_true(tab[2] + 1 < eol - 1);
		assert_true(tab[2] > tab[1] + 1);
		if (error && nlines == 0)
			assert_int_equal(p[0], '3');
		else if (error)
			assert_int_equal(p[0], 'i');
		else
			assert_int_not_equal(p[0], '3');
		if (p[0] == 'i')
			assert_memory_equal(tab[0], "\t\tnull.host\t1\r\n", 15);
		if (p[0] == '3')
			assert_memory_equal(tab[0], "\t\terror.host\t1\r\n",
			    16);
		nlines++;
		p = eol + 1;
	}
}

/* Checks the menu and that it is exactly want; frees b. */
static void
expect(struct buf *b, int rc, int error, const char *want)
{
	assert_int_equal(rc, 0);
	check_menu(b, 0, error);
	assert_string_equal(b->b_data, want);
	assert_int_equal(b->b_len, strlen(want));
	buf_free(b);
}

/* The line of menu b whose display string starts with prefix. */
static char *
line_of(const struct buf *b, const char *prefix)
{
	const char *p = b->b_data, *end = b->b_data + b->b_len, *eol;
	size_t n = strlen(prefix);

	while (p < end) {
		eol = memchr(p, '\n', (size_t)(end - p));
		assert_non_null(eol);
		if ((size_t)(eol - p) > n && memcmp(p + 1, prefix, n) == 0)
			return strndup(p, (size_t)(eol - p + 1));
		p = eol + 1;
	}
	fail_msg("no line for \"%s\" in:\n%s", prefix, b->b_data);
	return NULL;
}

/* 1 when s holds a byte past 0x7f. */
static int
has_8bit(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 1;
	return 0;
}

/* No display string of the menus in b from byte from on is not ASCII. */
static void
check_ascii(const struct buf *b, size_t from)
{
	const char *p = b->b_data + from, *end = b->b_data + b->b_len, *eol;
	const char *tab;

	for (; p < end; p = eol + 1) {
		eol = memchr(p, '\n', (size_t)(end - p));
		assert_non_null(eol);
		if ((tab = memchr(p, '\t', (size_t)(eol - p))) == NULL)
			continue;
		if (has_8bit(p, (size_t)(tab - p)))
			fail_msg("not ASCII: %.*s", (int)(tab - p), p);
	}
}

static void
test_front_exact(void **state)
{
	struct article a1, a2;
	const struct article *arts[2] = { &a1, &a2 };
	const char *pages[] = { "about", "Contact" };
	struct buf b = BUF_INIT;

	(void)state;
	fix_article(&a1, "gopher-holes", gopher_text);
	fix_article(&a2, "solar", solar_text);
	expect(&b, gophermap_front(&b, &site, &utf8_opts,
	    front_of(arts, 2, pages, 2)),
	    0,
	    I("The Lantern Wire")
	    I("================")
	    I("")
	    I("Slow news from the small internet.")
	    I("")
	    I("Latest")
	    I("------")
	    L("1", "2024-05-01 Gopher holes multiply", "/articles/gopher-holes")
	    L("1", "2024-04-02 Solar server", "/articles/solar")
	    I("")
	    I("Browse")
	    I("------")
	    L("1", "Tags", "/tags/")
	    L("1", "Archive", "/archive/")
	    L("7", "Search", "/search")
	    L("0", "Atom feed", "/atom.xml")
	    L("1", "About", "/about")
	    L("1", "Contact", "/Contact")
	    I("")
	    I("© 2026 The Lantern Wire contributors.")
	    END);
	article_free(&a1);
	article_free(&a2);
}

static void
test_front_empty(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	expect(&b, gophermap_front(&b, &bare_site, &utf8_opts,
	    front_of(NULL, 0, NULL, 0)), 0,
	    I("Bare")
	    I("====")
	    I("")
	    I("Latest")
	    I("------")
	    I("Nothing has been published yet.")
	    I("")
	    I("Browse")
	    I("------")
	    L("1", "Tags", "/tags/")
	    L("1", "Archive", "/archive/")
	    L("7", "Search", "/search")
	    L("0", "Atom feed", "/atom.xml")
	    END);
}

/* The onward items of an article of June 2024 without tags. */
#define ONWARD(title) I("Read on") I("-------") \
	L("1", "Archive: June 2024", "/archive/2024/06/") \
	L("7", "Search", "/search") \
	L("1", "Front page: " title, "/")

static void
test_article_exact(void **state)
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
	media_nasked = 0;
	expect(&b, gophermap_article(&b, &site, &utf8_opts, &ra), 0,
	    I("Harbour Street mesh network reaches 200 nodes")
	    I("=============================================")
	    I("")
	    I("Volunteers on rooftops keep the town online.")
	    I("")
	    I("By Zoë Marchetti · 18 June 2024 · Updated 19 June 2024")
	    L("h", "Source: example.org", "URL:https://example.org/mesh")
	    L("0", "Full text", "/articles/harbour.txt")
	    I("")
	    L("I", "A drawing of an antenna.", "/media/mesh-antenna.png")
	    I("The first node. (Illustration by The Lantern Wire)")
	    I("")
	    I("Links")
	    I("-----")
	    L("h", "The map", "URL:https://example.org/map")
	    L("h", "Old web page", "URL:http://example.org/old")
	    "1The Burrow Ring\t/burrow-ring\texample.org\t70\r\n"
	    "0Notes\t/notes on mesh.txt\texample.org\t7071\r\n"
	    "1A bare gopher host\t\texample.org\t70\r\n"
	    "1An IPv6 gopher host\t\t2001:db8::1\t70\r\n"
	    "7Search the ring\t/search\texample.org\t70\r\n"
	    L("h", "No host at all", "URL:gopher://:70/1/x")
	    L("h", "A capsule", "URL:gemini://example.org/capsule/")
	    L("h", "A network-path link", "URL:gemini://example.net/x")
	    L("h", "Write to us", "URL:mailto:desk@example.org")
	    L("1", "Gopher holes multiply", "/articles/gopher-holes")
	    L("0", "Its text", "/articles/gopher-holes.txt")
	    L("1", "The mesh tag", "/tags/mesh/")
	    L("0", "The mesh feed", "/tags/mesh/atom.xml")
	    L("1", "June 2024", "/archive/2024/06/")
	    L("1", "Front page", "/")
	    L("I", "The antenna", "/media/mesh-antenna.png")
	    L("9", "Raw data", "/media/data set.bin")
	    L("7", "Search for mesh", "/search")
	    L("0", "The feed", "/atom.xml")
	    L("1", "A relative link", "/articles/solar")
	    L("1", "Up and over", "/tags/community/")
	    L("h", "https://example.org/no-label",
	      "URL:https://example.org/no-label")
	    I("")
	    I("Tags")
	    I("----")
	    L("1", "community", "/tags/community/")
	    L("1", "mesh", "/tags/mesh/")
	    I("")
	    I("See also")
	    I("--------")
	    L("1", "Gopher holes multiply", "/articles/gopher-holes")
	    L("7", "Search for: A headline not in the store", "/search")
	    I("")
	    I("Related articles")
	    I("----------------")
	    L("1", "2024-05-01 Gopher holes multiply", "/articles/gopher-holes")
	    L("1", "2024-04-02 Solar server", "/articles/solar")
	    I("")
	    ONWARD("The Lantern Wire")
	    I("© 2024 Élodie Garnier.")
	    END);
	/* Asked with the path under the store, percent-decoded. */
	assert_int_equal(media_nasked, 3);
	assert_string_equal(media_asked[0], "media/mesh-antenna.png");
	assert_string_equal(media_asked[1], "media/mesh-antenna.png");
	assert_string_equal(media_asked[2], "media/data set.bin");
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
	fix_article(&a, "m", "Title: Minimal\nDate: 2024-06-18T09:00:00Z\n"
	    "Updated: 2024-06-18T23:00:00Z\n\nNo links here.\n");
	expect(&b, gophermap_article(&b, &bare_site, &utf8_opts, &ra), 0,
	    I("Minimal")
	    I("=======")
	    I("")
	    I("18 June 2024")
	    L("0", "Full text", "/articles/m.txt")
	    I("")
	    ONWARD("Bare")
	    END);
	article_free(&a);
}

static void
test_article_images(void **state)
{
	static const char *const cases[][2] = {
		{ "Image: https://img.example/a.jpg\nImage-Alt: Alt text\n",
		  L("h", "Alt text", "URL:https://img.example/a.jpg") },
		{ "Image: gopher://img.example/Ipic.png\n",
		  "IImage\tpic.png\timg.example\t70\r\n" },
		{ "Image: media/x.gif\nImage-Credit: Jo\n",
		  L("g", "Image", "/media/x.gif") I("(Jo)") },
		{ "Image: media/x.webp\n",
		  L("9", "Image", "/media/x.webp") },
		{ "Image: media/x.err\n", L("9", "Image", "/media/x.err") },
		{ "Image: media/x.info\n", L("9", "Image", "/media/x.info") },
		{ "Image: media/x.tab\n", L("9", "Image", "/media/x.tab") },
		/* Too long for one display string: written out above. */
		{ "Image: media/x.png\nImage-Alt: An alternative text that "
		  "is long enough to need more than one line of the menu\n"
		  "Image-Caption: A caption\nImage-Credit: Photo by "
		  "Somebody\n",
		  I("An alternative text that is long enough to need more than "
		    "one line of")
		  I("the menu")
		  L("I", "Image", "/media/x.png")
		  I("A caption (Photo by Somebody)") },
	};
	char text[512], want[1024];
	struct article a;
	struct render_article ra = { &a, NULL, 0, NULL, 0, NULL, NULL, NULL };
	struct buf b = BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text), "Title: T\n"
		    "Date: 2024-06-18T09:00:00Z\n%s\nBody.\n", cases[i][0]);
		fix_article(&a, "t", text);
		snprintf(want, sizeof(want), "%s%s%s%s%s",
		    I("T") I("=") I("") I("18 June 2024")
		    L("0", "Full text", "/articles/t.txt") I(""),
		    cases[i][1], I(""), ONWARD("Bare"), END);
		expect(&b, gophermap_article(&b, &bare_site, &utf8_opts, &ra),
		    0, want);
		article_free(&a);
	}
}

/* The media callback may be missing: every media item is then '9'. */
static void
test_no_media_callback(void **state)
{
	static const struct gophermap_opts o = {
		"example.org", 7070, 0, NULL, NULL,
	};
	static const char page[] = "=> /media/x.png A picture\n";
	struct buf b = BUF_INIT;

	(void)state;
	expect(&b, gophermap_page(&b, &bare_site, &o, page, strlen(page)), 0,
	    L("9", "A picture", "/media/x.png") END);
}

static void
test_tags(void **state)
{
	static const struct render_tag tags[] = {
		{ "community", 3 }, { "mesh", 1 },
	};
	struct buf b = BUF_INIT;

	(void)state;
	expect(&b, gophermap_tags(&b, &site, &utf8_opts, tags, 2), 0,
	    I("Tags") I("====") I("")
	    L("1", "community (3)", "/tags/community/")
	    L("1", "mesh (1)", "/tags/mesh/")
	    I("")
	    L("1", "The Lantern Wire", "/")
	    I("© 2026 The Lantern Wire contributors.")
	    END);
	expect(&b, gophermap_tags(&b, &bare_site, &utf8_opts, NULL, 0), 0,
	    I("Tags") I("====") I("")
	    I("No article has a tag yet.")
	    I("")
	    L("1", "Bare", "/")
	    END);
}

static void
test_tag(void **state)
{
	struct article g;
	const struct article *arts[1] = { &g };
	struct buf b = BUF_INIT;

	(void)state;
	fix_article(&g, "gopher-holes", gopher_text);
	expect(&b, gophermap_tag(&b, &bare_site, &utf8_opts, "mesh", arts, 1),
	    0,
	    I("Articles tagged mesh") I("====================") I("")
	    L("1", "2024-05-01 Gopher holes multiply", "/articles/gopher-holes")
	    I("")
	    L("0", "Atom feed for mesh", "/tags/mesh/atom.xml")
	    L("1", "All tags", "/tags/")
	    L("1", "Bare", "/")
	    END);
	expect(&b, gophermap_tag(&b, &bare_site, &utf8_opts, "none", NULL, 0),
	    0,
	    I("Articles tagged none") I("====================") I("")
	    I("No articles are tagged none.")
	    I("")
	    L("0", "Atom feed for none", "/tags/none/atom.xml")
	    L("1", "All tags", "/tags/")
	    L("1", "Bare", "/")
	    END);
	article_free(&g);
}

/* /authors/ and /authors/NAME/ as menus; bylines folded for ASCII. */
static void
test_authors(void **state)
{
	static const struct render_author authors[] = {
		{ "Maren Holt", "maren-holt", 2 },
		{ "Zoë Marchetti", "zoe-marchetti", 1 },
	};
	struct article g;
	const struct article *arts[1] = { &g };
	struct buf b = BUF_INIT;

	(void)state;
	expect(&b, gophermap_authors(&b, &bare_site, &utf8_opts, authors, 2),
	    0,
	    I("Authors") I("=======") I("")
	    L("1", "Maren Holt (2)", "/authors/maren-holt/")
	    L("1", "Zoë Marchetti (1)", "/authors/zoe-marchetti/")
	    I("")
	    L("1", "Bare", "/")
	    END);
	expect(&b, gophermap_authors(&b, &bare_site, &ascii_opts, authors + 1,
	    1), 0,
	    I("Authors") I("=======") I("")
	    L("1", "Zoe Marchetti (1)", "/authors/zoe-marchetti/")
	    I("")
	    L("1", "Bare", "/")
	    END);
	expect(&b, gophermap_authors(&b, &bare_site, &utf8_opts, NULL, 0), 0,
	    I("Authors") I("=======") I("")
	    I("No article has a byline yet.")
	    I("")
	    L("1", "Bare", "/")
	    END);
	fix_article(&g, "gopher-holes", gopher_text);
	expect(&b, gophermap_author(&b, &bare_site, &utf8_opts, "Maren Holt",
	    arts, 1), 0,
	    I("Articles by Maren Holt") I("======================") I("")
	    L("1", "2024-05-01 Gopher holes multiply", "/articles/gopher-holes")
	    I("")
	    L("1", "All authors", "/authors/")
	    L("1", "Bare", "/")
	    END);
	article_free(&g);
}

static void
test_archive(void **state)
{
	static const struct render_month months[] = {
		{ 2026, 10, 3 }, { 2024, 6, 1 }, { 2024, 13, 1 },
	};
	struct article g;
	const struct article *arts[1] = { &g };
	struct buf b = BUF_INIT;

	(void)state;
	expect(&b, gophermap_archive(&b, &bare_site, &utf8_opts, months, 3), 0,
	    I("Archive") I("=======") I("")
	    L("1", "October 2026 (3)", "/archive/2026/10/")
	    L("1", "June 2024 (1)", "/archive/2024/06/")
	    L("1", "2024-13 (1)", "/archive/2024/13/")
	    I("")
	    L("1", "Bare", "/")
	    END);
	expect(&b, gophermap_archive(&b, &bare_site, &utf8_opts, NULL, 0), 0,
	    I("Archive") I("=======") I("")
	    I("The archive is empty.")
	    I("")
	    L("1", "Bare", "/")
	    END);
	fix_article(&g, "gopher-holes", gopher_text);
	expect(&b, gophermap_month(&b, &bare_site, &utf8_opts, 2024, 5, arts,
	    1), 0,
	    I("May 2024") I("========") I("")
	    L("1", "2024-05-01 Gopher holes multiply", "/articles/gopher-holes")
	    I("")
	    L("1", "Archive", "/archive/")
	    L("1", "Bare", "/")
	    END);
	expect(&b, gophermap_month(&b, &bare_site, &utf8_opts, 2024, 7, NULL,
	    0), 0,
	    I("July 2024") I("=========") I("")
	    I("No articles were published in July 2024.")
	    I("")
	    L("1", "Archive", "/archive/")
	    L("1", "Bare", "/")
	    END);
	article_free(&g);
}

static void
test_search(void **state)
{
	struct article g, s;
	struct render_hit hits[2];
	struct buf b = BUF_INIT;

	(void)state;
	fix_article(&g, "gopher-holes", gopher_text);
	fix_article(&s, "solar", solar_text);
	hits[0].rh_art = &g;
	hits[0].rh_snippet = "…holes multiply as the ring turns ten…";
	hits[1].rh_art = &s;
	hits[1].rh_snippet = "";
	expect(&b, gophermap_search(&b, &bare_site, &utf8_opts, "holes", hits,
	    2), 0,
	    I("Search results for: holes") I("=========================")
	    I("")
	    L("1", "2024-05-01 Gopher holes multiply", "/articles/gopher-holes")
	    I("…holes multiply as the ring turns ten…")
	    I("")
	    L("1", "2024-04-02 Solar server", "/articles/solar")
	    I("")
	    L("7", "Search again", "/search")
	    L("1", "Bare", "/")
	    END);
	/* The query comes from the client: no TAB or line end gets out. */
	expect(&b, gophermap_search(&b, &bare_site, &utf8_opts,
	    "a\tb\r\nc", NULL, 0), 0,
	    I("Search results for: a b c") I("=========================")
	    I("")
	    I("No articles match a b c.")
	    I("")
	    L("7", "Search again", "/search")
	    L("1", "Bare", "/")
	    END);
	article_free(&g);
	article_free(&s);
}

static void
test_page(void **state)
{
	static const char page[] =
	    "# About us\n"
	    "\n"
	    "We report on the small internet.\n"
	    "## How we work\n"
	    "* Stories are written by volunteers and checked by at least "
	    "one other person.\n"
	    "> A quote\n"
	    "### Small heading\n"
	    "```ascii art\n"
	    "  /\\_/\\\t( o.o )\n"
	    "```\n"
	    "=> /tags/ Browse by tag\n"
	    "=> contact Contact\n"
	    "=> mailto:desk@example.org Write to the news desk\n"
	    "#\n";
	struct buf b = BUF_INIT;

	(void)state;
	expect(&b, gophermap_page(&b, &site, &utf8_opts, page,
	    strlen(page)), 0,
	    I("About us") I("========")
	    I("")
	    I("We report on the small internet.")
	    I("How we work") I("-----------")
	    I("* Stories are written by volunteers and checked by at least one "
	      "other")
	    I("  person.")
	    I("> A quote")
	    I("Small heading")
	    I("  /\\_/\\ ( o.o )")
	    L("1", "Browse by tag", "/tags/")
	    L("1", "Contact", "/contact")
	    L("h", "Write to the news desk", "URL:mailto:desk@example.org")
	    END);
}

static void
test_error_exact(void **state)
{
	static const struct gophermap_opts port70 = {
		"example.org", 70, 0, NULL, NULL,
	};
	static const struct gophermap_opts v6 = {
		"::1", 7070, 1, NULL, NULL,
	};
	struct buf b = BUF_INIT;

	(void)state;
	expect(&b, gophermap_error(&b, &utf8_opts, "Not found"), 1,
	    "3Not found\t\terror.host\t1\r\n"
	    I("Front page: gopher://example.org:7070/")
	    END);
	expect(&b, gophermap_error(&b, &port70, "Not found"), 1,
	    "3Not found\t\terror.host\t1\r\n"
	    I("Front page: gopher://example.org/")
	    END);
	expect(&b, gophermap_error(&b, &v6, "No “such” page"), 1,
	    "3No \"such\" page\t\terror.host\t1\r\n"
	    I("Front page: gopher://[::1]:7070/")
	    END);
	expect(&b, gophermap_error(&b, &utf8_opts, "\t\r\n"), 1,
	    "3Error\t\terror.host\t1\r\n"
	    I("Front page: gopher://example.org:7070/")
	    END);
	expect(&b, gophermap_error(&b, &utf8_opts, NULL), 1,
	    "3Error\t\terror.host\t1\r\n"
	    I("Front page: gopher://example.org:7070/")
	    END);
	/* A long message: the first line is the error, the rest 'i'. */
	expect(&b, gophermap_error(&b, &utf8_opts, "The selector you sent "
	    "names no page of this server, nor any page it ever had."), 1,
	    "3The selector you sent names no page of this server, nor any "
	    "page it\t\terror.host\t1\r\n"
	    I("ever had.")
	    I("Front page: gopher://example.org:7070/")
	    END);
}

/* Display strings are cut to 69 code points, at a space if one is near. */
static void
test_long_display(void **state)
{
	char text[8192], title[2048], *l;
	struct article a;
	const struct article *arts[1] = { &a };
	struct render_article ra = { &a, NULL, 0, NULL, 0, NULL, NULL, NULL };
	struct buf b = BUF_INIT;
	size_t i, n;

	(void)state;
	/* 11 + 60 + 1 + 20 code points; no space in the second half. */
	snprintf(text, sizeof(text), "Title: %s %s\n"
	    "Date: 2024-06-18T09:00:00Z\n\n",
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	    "yyyyyyyyyyyyyyyyyyyy");
	fix_article(&a, "x", text);
	assert_int_equal(gophermap_front(&b, &bare_site, &utf8_opts,
	    front_of(arts, 1, NULL, 0)), 0);
	check_menu(&b, 0, 0);
	l = line_of(&b, "2024-06-18 ");
	assert_string_equal(l, "12024-06-18 "
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…"
	    "\t/articles/x\texample.org\t7070\r\n");
	free(l);
	buf_free(&b);
	assert_int_equal(gophermap_front(&b, &bare_site, &ascii_opts,
	    front_of(arts, 1, NULL, 0)), 0);
	check_menu(&b, 0, 0);
	l = line_of(&b, "2024-06-18 ");
	assert_string_equal(l, "12024-06-18 "
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx..."
	    "\t/articles/x\texample.org\t7070\r\n");
	free(l);
	buf_free(&b);
	article_free(&a);

	/* Words: the cut falls between two, never inside one. */
	fix_article(&a, "x", "Title: Harbour Street mesh network reaches two "
	    "hundred nodes, clinics join\nDate: 2024-06-18T09:00:00Z\n\n");
	assert_int_equal(gophermap_front(&b, &bare_site, &utf8_opts,
	    front_of(arts, 1, NULL, 0)), 0);
	check_menu(&b, 0, 0);
	l = line_of(&b, "2024-06-18 ");
	assert_string_equal(l, "12024-06-18 Harbour Street mesh network "
	    "reaches two hundred nodes,…\t/articles/x\texample.org\t7070\r\n");
	free(l);
	buf_free(&b);
	article_free(&a);

	/* A huge title of two-byte letters: counted in characters. */
	for (i = n = 0; i < 150; i++)
		n += (size_t)snprintf(title + n, sizeof(title) - n, "%s",
		    i % 7 == 6 ? "é " : "é");
	snprintf(text, sizeof(text), "Title: %s\nDate: 2024-06-18T09:00:00Z\n"
	    "Summary: %s\n\n", title, title);
	fix_article(&a, "x", text);
	assert_int_equal(gophermap_front(&b, &bare_site, &utf8_opts,
	    front_of(arts, 1, NULL, 0)), 0);
	check_menu(&b, 0, 0);
	l = line_of(&b, "2024-06-18 ");
	n = (size_t)(strchr(l, '\t') - l - 1);
	/* 11 for the date, 55 to the last space in reach, 1 for "…". */
	assert_int_equal(utf8_length(l + 1, n), 11 + 55 + 1);
	free(l);
	buf_free(&b);
	/* The card wraps the headline: nothing of it is lost. */
	assert_int_equal(gophermap_article(&b, &bare_site, &utf8_opts, &ra),
	    0);
	assert_true(check_menu(&b, 0, 0) > 8);
	assert_null(strstr(b.b_data, "…"));
	buf_free(&b);
	article_free(&a);

	/* One word wider than a line (a URL): cut, not wrapped. */
	memset(title, 'w', 200);
	title[200] = '\0';
	snprintf(text, sizeof(text), "Title: T\nDate: 2024-06-18T09:00:00Z\n"
	    "Summary: see %s\n\n=> https://example.org/%s\n", title, title);
	fix_article(&a, "x", text);
	assert_int_equal(gophermap_article(&b, &bare_site, &utf8_opts, &ra),
	    0);
	check_menu(&b, 0, 0);
	/* RFC 1436 asks for selectors under 256; a URL is kept whole. */
	snprintf(text, sizeof(text), "\tURL:https://example.org/%s\t", title);
	assert_non_null(strstr(b.b_data, text));
	buf_free(&b);
	article_free(&a);
}

/* Links of an extra page, one at a time, as a client would see them. */
static void
test_links(void **state)
{
	static const char *const cases[][2] = {
		{ "gopher://h.example/0/a%09b", "0x\t/a\th.example\t70\r\n" },
		{ "gopher://h.example/1/a%0Db%0Ac%00d",
		  "1x\t/a b c d\th.example\t70\r\n" },
		{ "gopher://h.example:", "1x\t\th.example\t70\r\n" },
		{ "gopher://h.example:/", "1x\t\th.example\t70\r\n" },
		{ "gopher://h.example:99999/1/", L("h", "x",
		  "URL:gopher://h.example:99999/1/") },
		{ "gopher://h.example:7x/1/", L("h", "x",
		  "URL:gopher://h.example:7x/1/") },
		{ "gopher://[::1", L("h", "x", "URL:gopher://[::1") },
		{ "gopher:h.example", L("h", "x", "URL:gopher:h.example") },
		{ "GOPHER://h.example/3/x", "9x\t/x\th.example\t70\r\n" },
		{ "gopher://h.example/i/x", "9x\t/x\th.example\t70\r\n" },
		{ "gopher://h.example/%31/x", "1x\t/x\th.example\t70\r\n" },
		{ "https://example.org/\xff", L("h", "x",
		  "URL:https://example.org/%FF") },
		{ "https://example.org/caf\xc3\xa9", L("h", "x",
		  "URL:https://example.org/caf\xc3\xa9") },
		{ "/articles/a%2", L("1", "x", "/articles/a%2") },
		{ "/a%09b", L("1", "x", "/a b") },
		{ "./x/../y", L("1", "x", "/x/../y") },
		{ "../../up", L("1", "x", "/up") },
		{ "/caps.txt", L("0", "x", "/caps.txt") },
		{ "/search", L("7", "x", "/search") },
		{ "/searching", L("1", "x", "/searching") },
		{ "/media/", L("1", "x", "/media/") },
		{ "#frag", L("1", "x", "/") },
		{ "1abc:x", L("1", "x", "/1abc:x") },
	};
	char page[512], want[512];
	struct buf b = BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(page, sizeof(page), "=> %s x\n", cases[i][0]);
		snprintf(want, sizeof(want), "%s%s", cases[i][1], END);
		expect(&b, gophermap_page(&b, &bare_site, &utf8_opts, page,
		    strlen(page)), 0, want);
	}
}

/*
 * Only the schemes a gopher reader can mean become "URL:" items, in any
 * case; "javascript:", "data:" and the rest are shown, not linked: the
 * "URL:" page would hand them to a browser.
 */
static void
test_link_schemes(void **state)
{
	static const char *const cases[][2] = {
		{ "HTTP://example.org/", L("h", "x", "URL:HTTP://example.org/") },
		{ "Https://example.org/", L("h", "x",
		  "URL:Https://example.org/") },
		{ "gemini://example.org/", L("h", "x",
		  "URL:gemini://example.org/") },
		{ "ftp://example.org/f", L("h", "x", "URL:ftp://example.org/f") },
		{ "MailTo:a@example.org", L("h", "x",
		  "URL:MailTo:a@example.org") },
		{ "news:comp.lang.c", L("h", "x", "URL:news:comp.lang.c") },
		{ "telnet://example.org", L("h", "x",
		  "URL:telnet://example.org") },
		{ "javascript:alert(1)", I("x") },
		{ "JavaScript:alert(1)", I("x") },
		{ "data:text/html,<script>alert(1)</script>", I("x") },
		{ "vbscript:x", I("x") },
		{ "file:///etc/passwd", I("x") },
		{ "https+x://example.org/", I("x") },
		{ "httpx://example.org/", I("x") },
		{ "http.s://example.org/", I("x") },
		{ "ftps://example.org/", I("x") },
	};
	char page[512], want[512];
	struct buf b = BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(page, sizeof(page), "=> %s x\n", cases[i][0]);
		snprintf(want, sizeof(want), "%s%s", cases[i][1], END);
		expect(&b, gophermap_page(&b, &bare_site, &utf8_opts, page,
		    strlen(page)), 0, want);
	}
	/* With no label, the URL itself is the text shown. */
	expect(&b, gophermap_page(&b, &bare_site, &utf8_opts,
	    "=> javascript:alert(1)\n", 23), 0, I("javascript:alert(1)") END);
	assert_int_equal(gophermap_url_ok("gopher://h/", 11), 1);
	assert_int_equal(gophermap_url_ok("GoPhEr:", 7), 1);
	assert_int_equal(gophermap_url_ok("http", 4), 0);
	assert_int_equal(gophermap_url_ok("http:", 4), 0);
	assert_int_equal(gophermap_url_ok(":http", 5), 0);
	assert_int_equal(gophermap_url_ok(" http:", 6), 0);
	assert_int_equal(gophermap_url_ok("", 0), 0);
}

static const char typo_text[] =
    "Title: “Smart” quotes — and café…\n"
    "Date: 2024-06-18T09:00:00Z\n"
    "Author: Zoë\xc2\xa0Marchetti\n"
    "Tags: mesh\n"
    "Summary: Naïve résumé, ‘single’ quotes – en dash ⚡ and no fold.\n"
    "Image: media/x.png\n"
    "Image-Caption: A “caption”\n"
    "Source: https://example.org/café\n"
    "Copyright: © 2024 Élodie\n"
    "\n"
    "Body — with a link.\n"
    "\n"
    "=> https://example.org/naïve Naïve link\n"
    "=> gopher://example.org/0/caf%C3%A9 Café over gopher\n";

static void
test_ascii(void **state)
{
	struct article a;
	const struct article *arts[1] = { &a };
	struct render_article ra = { &a, arts, 1, NULL, 0, NULL, NULL, NULL };
	struct render_hit hit = { &a, "… “quoted” …" };
	struct render_tag tag = { "mesh", 1 };
	struct render_month month = { 2024, 6, 1 };
	struct render_site s = site;
	struct buf b = BUF_INIT;
	size_t from;
	char *l;

	(void)state;
	s.rs_title = "L’Étoile — Wire";
	fix_article(&a, "x", typo_text);
	assert_int_equal(gophermap_article(&b, &s, &ascii_opts, &ra), 0);
	check_menu(&b, 0, 0);
	l = line_of(&b, "\"Smart\"");
	assert_string_equal(l, I("\"Smart\" quotes - and cafe..."));
	free(l);
	l = line_of(&b, "Naive");
	assert_string_equal(l, I("Naive resume, 'single' quotes - en dash ? "
	    "and no fold."));
	free(l);
	l = line_of(&b, "By ");
	assert_string_equal(l, I("By Zoe Marchetti - 18 June 2024"));
	free(l);
	l = line_of(&b, "A \"caption\"");
	assert_string_equal(l, L("I", "A \"caption\"", "/media/x.png"));
	free(l);
	/* URL: selectors are escaped, gopher selectors left as they are. */
	l = line_of(&b, "Naive link");
	assert_string_equal(l, L("h", "Naive link",
	    "URL:https://example.org/na%C3%AFve"));
	free(l);
	l = line_of(&b, "Source");
	assert_string_equal(l, L("h", "Source: example.org",
	    "URL:https://example.org/caf%C3%A9"));
	free(l);
	l = line_of(&b, "Cafe over");
	assert_string_equal(l, "0Cafe over gopher\t/caf\xc3\xa9\texample.org"
	    "\t70\r\n");
	free(l);
	l = line_of(&b, "(c) 2024");
	assert_string_equal(l, I("(c) 2024 Elodie"));
	free(l);
	l = line_of(&b, "Front page");
	assert_string_equal(l, L("1", "Front page: L'Etoile - Wire", "/"));
	free(l);
	buf_free(&b);

	/* No byte past 0x7f in any display string of any menu. */
	assert_int_equal(gophermap_front(&b, &s, &ascii_opts, front_of(arts, 1, NULL, 0)),
	    0);
	check_menu(&b, 0, 0);
	from = b.b_len;
	assert_int_equal(gophermap_tags(&b, &s, &ascii_opts, &tag, 1), 0);
	check_menu(&b, from, 0);
	from = b.b_len;
	assert_int_equal(gophermap_tag(&b, &s, &ascii_opts, "mesh", arts, 1),
	    0);
	check_menu(&b, from, 0);
	from = b.b_len;
	assert_int_equal(gophermap_archive(&b, &s, &ascii_opts, &month, 1), 0);
	check_menu(&b, from, 0);
	from = b.b_len;
	assert_int_equal(gophermap_month(&b, &s, &ascii_opts, 2024, 6, arts, 1),
	    0);
	check_menu(&b, from, 0);
	from = b.b_len;
	assert_int_equal(gophermap_search(&b, &s, &ascii_opts, "café “x”", &hit,
	    1), 0);
	check_menu(&b, from, 0);
	from = b.b_len;
	assert_int_equal(gophermap_error(&b, &ascii_opts, "Pas trouvé…"), 0);
	check_menu(&b, from, 1);
	from = b.b_len;
	assert_int_equal(gophermap_page(&b, &s, &ascii_opts, typo_text,
	    strlen(typo_text)), 0);
	check_menu(&b, from, 0);
	from = b.b_len;
	assert_int_equal(gophermap_article(&b, &s, &ascii_opts, &ra), 0);
	check_menu(&b, from, 0);
	check_ascii(&b, 0);
	/* Only the gopher selector "/café" is left: a name, not text. */
	l = strstr(b.b_data + from, "\t/caf\xc3\xa9\texample.org\t70\r\n");
	assert_non_null(l);
	memset(l + 5, 'x', 2);
	assert_false(has_8bit(b.b_data + from, b.b_len - from));
	buf_free(&b);

	/* The same in UTF-8 mode keeps every character. */
	assert_int_equal(gophermap_article(&b, &s, &utf8_opts, &ra), 0);
	check_menu(&b, 0, 0);
	assert_non_null(strstr(b.b_data, "i“Smart” quotes — and café…\t"));
	assert_non_null(strstr(b.b_data, "By Zoë\xc2\xa0Marchetti"));
	assert_non_null(strstr(b.b_data, "\tURL:https://example.org/café\t"));
	buf_free(&b);
	article_free(&a);
}

/* The type 0 text: CRLF only, dots guarded, ".\r\n" last. */
static void
test_text(void **state)
{
	struct article a;
	struct render_article ra = { &a, NULL, 0, NULL, 0, NULL, NULL, NULL };
	struct buf b = BUF_INIT;
	const char *p;
	size_t i;

	(void)state;
	fix_article(&a, "x", "Title: T\nDate: 2024-06-18T09:00:00Z\n"
	    "Summary: “Dek” — café\n\n.\n\n. \n\n```\n.\n```\n"
	    "=> https://example.org/ .\n");
	assert_int_equal(gophermap_text(&b, &site, &utf8_opts, &ra), 0);
	assert_true(b.b_len >= 2);
	assert_memory_equal(b.b_data + b.b_len - 2, "\r\n", 2);
	for (i = 0; i < b.b_len; i++)
		if (b.b_data[i] == '\n')
			assert_true(i > 0 && b.b_data[i - 1] == '\r');
		else if (b.b_data[i] == '\r')
			assert_true(i + 1 < b.b_len && b.b_data[i + 1] == '\n');
	/* No line of a lone ".": guarded, and no terminator (gophermap.h). */
	p = strstr(b.b_data, "\r\n.\r\n");
	assert_null(p);
	assert_non_null(strstr(b.b_data, "\r\n..\r\n"));
	assert_non_null(strstr(b.b_data, "“Dek” — café"));
	assert_string_equal(b.b_data + b.b_len - 32,
	    "The Lantern Wire contributors.\r\n");
	buf_free(&b);

	assert_int_equal(gophermap_text(&b, &site, &ascii_opts, &ra), 0);
	assert_false(has_8bit(b.b_data, b.b_len));
	assert_non_null(strstr(b.b_data, "\"Dek\" - cafe"));
	assert_non_null(strstr(b.b_data, "\r\n(c) 2026 The Lantern Wire "
	    "contributors.\r\n"));
	assert_string_equal(b.b_data + b.b_len - 32,
	    "The Lantern Wire contributors.\r\n");
	buf_free(&b);
	article_free(&a);
}

/* Next number of a fixed linear congruential sequence. */
static uint32_t
next_rand(uint32_t *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return *seed >> 16;
}

/* Any bytes at all, as page, query or message, still give clean menus. */
static void
test_any_bytes(void **state)
{
	static const char *const bits[] = {
		"\t", "\r", "\n", "\r\n", "", " ", ".", "=>", "=> ", "#",
		"* ", "> ", "```", "%09", "%0d", "%00", "%", "é", "…", "\xff",
		"\xe2\x80", "\xc2\xa0", "gopher://", "h.example", ":70", "/",
		"0", "3", "i", "https://x/", "/media/", ".png", "../", "word",
		"\xe2\x80\xa8", "\x1b[31m", "\x7f",
	};
	const struct gophermap_opts *opts[2] = { &utf8_opts, &ascii_opts };
	char text[2048];
	struct buf b = BUF_INIT;
	uint32_t seed = 1;
	size_t i, n, k, from;
	int round;

	(void)state;
	for (round = 0; round < 600; round++) {
		n = 0;
		k = next_rand(&seed) % 120;
		for (i = 0; i < k; i++)
			n += (size_t)snprintf(text + n, sizeof(text) - n, "%s",
			    bits[next_rand(&seed) % (sizeof(bits) /
			    sizeof(bits[0]))]);
		from = b.b_len;
		assert_int_equal(gophermap_page(&b, &bare_site,
		    opts[round % 2], text, n), 0);
		check_menu(&b, from, 0);
		from = b.b_len;
		assert_int_equal(gophermap_search(&b, &bare_site,
		    opts[round % 2], text, NULL, 0), 0);
		check_menu(&b, from, 0);
		from = b.b_len;
		assert_int_equal(gophermap_error(&b, opts[round % 2], text),
		    0);
		check_menu(&b, from, 1);
		if (round % 2)
			check_ascii(&b, 0);
		buf_free(&b);
	}
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
	assert_int_equal(gophermap_front(&b, &site, &utf8_opts,
	    front_of(arts, 1, NULL, 0)), -1);
	assert_int_equal(gophermap_article(&b, &site, &utf8_opts, &ra), -1);
	assert_int_equal(gophermap_text(&b, &site, &utf8_opts, &ra), -1);
	assert_int_equal(gophermap_tags(&b, &site, &utf8_opts, &tag, 1), -1);
	assert_int_equal(gophermap_tag(&b, &site, &utf8_opts, "t", arts, 1),
	    -1);
	assert_int_equal(gophermap_archive(&b, &site, &utf8_opts, &month, 1),
	    -1);
	assert_int_equal(gophermap_month(&b, &site, &utf8_opts, 2024, 5, arts,
	    1), -1);
	assert_int_equal(gophermap_search(&b, &site, &utf8_opts, "q", &hit, 1),
	    -1);
	assert_int_equal(gophermap_page(&b, &site, &utf8_opts, "x\n", 2), -1);
	assert_int_equal(gophermap_error(&b, &utf8_opts, "x"), -1);
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
	assert_int_equal(gophermap_tags(&b, &bare_site, &utf8_opts, NULL, 0),
	    0);
	assert_int_equal(strncmp(b.b_data, "HEAD\n" I("Tags"),
	    strlen("HEAD\n" I("Tags"))), 0);
	check_menu(&b, 5, 0);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_front_exact),
		cmocka_unit_test(test_front_empty),
		cmocka_unit_test(test_article_exact),
		cmocka_unit_test(test_article_minimal),
		cmocka_unit_test(test_article_images),
		cmocka_unit_test(test_no_media_callback),
		cmocka_unit_test(test_tags),
		cmocka_unit_test(test_tag),
		cmocka_unit_test(test_authors),
		cmocka_unit_test(test_archive),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_page),
		cmocka_unit_test(test_error_exact),
		cmocka_unit_test(test_long_display),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_link_schemes),
		cmocka_unit_test(test_ascii),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_any_bytes),
		cmocka_unit_test(test_buffer_error),
		cmocka_unit_test(test_appends),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
