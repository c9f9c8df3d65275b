/*
 * Unit tests for the text module: the exact layout of a small article,
 * widths, line ends, the RFC 1436 dot guard, ASCII folding, link
 * numbering, and invariants over generated bodies.
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
#include "render.h"
#include "text.h"
#include "utf8.h"
#include "fixtures.h"

static const struct render_site site = {
	"The Test Wire", "", "en", "(c) Test Wire", "example.org",
};

static const struct text_opts gopher = { 70, 1, 0, 1 };
static const struct text_opts plain = { 70, 0, 0, 0 };

/* The article rendered with opts; the caller frees the result. */
static char *
render(const char *text, const struct text_opts *opts)
{
	struct render_article ra;
	struct article a;
	struct buf b = BUF_INIT;
	size_t len;
	char *s;

	fix_article(&a, "a-slug", text);
	memset(&ra, 0, sizeof(ra));
	ra.ra_art = &a;
	assert_int_equal(text_article(&b, &site, &ra, opts), 0);
	s = buf_release(&b, &len);
	assert_non_null(s);
	assert_int_equal(strlen(s), len);
	article_free(&a);
	return s;
}

static char *
wrap(const char *s, const char *prefix, const struct text_opts *opts)
{
	struct buf b = BUF_INIT;
	size_t len;
	char *out;

	assert_int_equal(text_wrap(&b, s, strlen(s), prefix, opts), 0);
	out = buf_release(&b, &len);
	assert_non_null(out);
	return out;
}

static const char small[] =
    "Title: Small test\n"
    "Date: 2024-06-18T09:00:00Z\n"
    "Updated: 2024-06-19T10:00:00Z\n"
    "Author: A. Writer\n"
    "Tags: trade, china\n"
    "Summary: One sentence that is long enough to wrap here.\n"
    "Source: https://example.com/o\n"
    "\n"
    "First   paragraph, with  spaces.\n"
    "\n"
    "## A heading\n"
    "* one item that wraps onto the next lines\n"
    "* two\n"
    "> a quote that also wraps onto a second line\n"
    "> more\n"
    "=> https://example.com/x The label\n"
    "=> /articles/other\n"
    "```alt\n"
    "  verbatim   line that is longer than the width of forty\n"
    "```\n"
    "Last.\n";

static const char *const small_pre[] = {
	"  verbatim   line that is longer than the width of forty",
	NULL,
};

/* At width 40: the dek's first line is exactly 40 columns wide. */
static void
test_exact_small(void **state)
{
	static const struct text_opts o = { 40, 0, 0, 1 };
	static const char want[] =
	    "Small test\n"
	    "==========\n"
	    "\n"
	    "One sentence that is long enough to wrap\n"
	    "here.\n"
	    "\n"
	    "By A. Writer · 18 June 2024 · Updated 19\n"
	    "June 2024\n"
	    "\n"
	    "First paragraph, with spaces.\n"
	    "\n"
	    "A heading\n"
	    "---------\n"
	    "\n"
	    "* one item that wraps onto the next\n"
	    "  lines\n"
	    "* two\n"
	    "\n"
	    "> a quote that also wraps onto a second\n"
	    "> line\n"
	    ">\n"
	    "> more\n"
	    "\n"
	    "The label [1]\n"
	    "/articles/other [2]\n"
	    "\n"
	    "  verbatim   line that is longer than the width of forty\n"
	    "\n"
	    "Last.\n"
	    "\n"
	    "Source: https://example.com/o\n"
	    "Tags: china, trade\n"
	    "\n"
	    "Links\n"
	    "-----\n"
	    "\n"
	    "[1] https://example.com/x\n"
	    "[2] /articles/other\n"
	    "\n"
	    "(c) Test Wire\n";
	char *s;

	(void)state;
	s = render(small, &o);
	assert_string_equal(s, want);
	free(s);
}

static void
test_minimal(void **state)
{
	static const struct render_site bare = { "T", "", "en", "", "h" };
	struct render_article ra;
	struct article a;
	struct buf b = BUF_INIT;

	(void)state;
	fix_article(&a, "x",
	    "Title: Only a title\nDate: 2024-01-02T03:04:05Z\n\n");
	memset(&ra, 0, sizeof(ra));
	ra.ra_art = &a;
	assert_int_equal(text_article(&b, &bare, &ra, &plain), 0);
	assert_string_equal(b.b_data,
	    "Only a title\n"
	    "============\n"
	    "\n"
	    "2 January 2024\n");
	buf_free(&b);
	article_free(&a);
}

static void
test_image_related(void **state)
{
	static const char text[] =
	    "Title: Pictured\n"
	    "Date: 2024-01-02T03:04:05Z\n"
	    "Image: media/pic.png\n"
	    "Image-Alt: Alt text\n"
	    "Image-Credit: Someone\n"
	    "Copyright: Mine\n"
	    "\n"
	    "=> gemini://x.example/ A link\n";
	struct render_headline hl[2];
	const struct article *rel[2];
	struct render_article ra;
	struct article a, other, third;
	struct buf b = BUF_INIT;

	(void)state;
	fix_article(&a, "pictured", text);
	fix_article(&other, "other",
	    "Title: Other\nDate: 2024-01-01T00:00:00Z\n\n");
	fix_article(&third, "third",
	    "Title: Third\nDate: 2024-01-01T00:00:00Z\n\n");
	hl[0].rh_text = "Other, as the header names it";
	hl[0].rh_art = &other;
	hl[1].rh_text = "Not in the store";
	hl[1].rh_art = NULL;
	rel[0] = &other;	/* already listed: not twice */
	rel[1] = &third;
	memset(&ra, 0, sizeof(ra));
	ra.ra_art = &a;
	ra.ra_headlines = hl;
	ra.ra_nheadlines = 2;
	ra.ra_related = rel;
	ra.ra_nrelated = 2;
	assert_int_equal(text_article(&b, &site, &ra, &plain), 0);
	assert_string_equal(b.b_data,
	    "Pictured\n"
	    "========\n"
	    "\n"
	    "2 January 2024\n"
	    "Image: Alt text (Someone) [1]\n"
	    "\n"
	    "A link [2]\n"
	    "\n"
	    "See also\n"
	    "--------\n"
	    "\n"
	    "* Other, as the header names it [3]\n"
	    "* Not in the store\n"
	    "* Third [4]\n"
	    "\n"
	    "Links\n"
	    "-----\n"
	    "\n"
	    "[1] /media/pic.png\n"
	    "[2] gemini://x.example/\n"
	    "[3] /articles/other\n"
	    "[4] /articles/third\n"
	    "\n"
	    "Mine\n");
	buf_free(&b);
	article_free(&a);
	article_free(&other);
	article_free(&third);
}

/*
 * Every line of s (ended by "\r\n" when crlf) fits width, unless it is
 * one of the preformatted lines in pre or a single word, after its list
 * or quote prefix, that is wider than the width by itself.
 */
static void
check_lines(const char *s, size_t width, int crlf, const char *const *pre)
{
	const char *p = s, *e, *w;
	size_t len, i, plen;
	int found;

	while (*p != '\0') {
		e = strchr(p, '\n');
		assert_non_null(e);
		len = (size_t)(e - p);
		if (crlf) {
			assert_true(len > 0 && p[len - 1] == '\r');
			len--;
		}
		assert_null(memchr(p, '\r', len));
		if (len > 0)
			assert_true(p[len - 1] != ' ');
		if (utf8_length(p, len) > width) {
			for (found = 0, i = 0; pre != NULL && pre[i] != NULL;
			    i++)
				if (strlen(pre[i]) == len &&
				    memcmp(pre[i], p, len) == 0)
					found = 1;
			w = p;
			plen = len;
			if (plen > 2 && (memcmp(w, "* ", 2) == 0 ||
			    memcmp(w, "> ", 2) == 0 || memcmp(w, "  ", 2) == 0)) {
				w += 2;
				plen -= 2;
			}
			if (!found && memchr(w, ' ', plen) != NULL)
				fail_msg("line too wide: %.*s", (int)len, p);
		}
		p = e + 1;
	}
}

/* Long paragraphs, typographic characters, a preformatted block. */
static const char longish[] =
    "Title: A headline long enough that it must wrap over two lines at "
    "seventy columns, or more\n"
    "Date: 2026-10-21T18:05:00Z\n"
    "Author: Zo\xc3\xab Marchetti\n"
    "Summary: \xe2\x80\x9cSmaller is not a step backwards\xe2\x80\x9d, "
    "said Jos\xc3\xa9 Ara\xc3\xbajo \xe2\x80\x94 twice\xe2\x80\xa6\n"
    "\n"
    "The opening talk came from Jos\xc3\xa9 Ara\xc3\xbajo, who maintains "
    "one of the more popular Gemini clients for older phones. \xe2\x80\x9c"
    "People keep telling me the small web is nostalgia \xe2\x80\x94 that "
    "we\xe2\x80\x99re trying to go back to 1993,\xe2\x80\x9d he said. "
    "Later, Zo\xc3\xab Kowalczyk and S\xc3\xb8ren \xc3\x98" "deg\xc3\xa5rd "
    "ran a workshop on e\xe2\x80\x91ink devices at 1,8\xc2\xa0\xc2\xb0" "C.\n"
    "\n"
    "* a list item with a Supercalifragilisticexpialidocious"
    "wordthatgoesonandonandonforeverandever inside it\n"
    "> a quote with https://example.org/a/very/long/url/that/does/not/"
    "fit/in/seventy/columns/at/all/index.gmi inside it\n"
    "```\n"
    "# /etc/allotment-power.conf, a line of config that is much wider "
    "than seventy columns\n"
    ".\n"
    "```\n"
    "=> https://example.org/another/very/long/url/that/does/not/fit/in/"
    "seventy/columns/index.gmi A label\n";

static const char *const longish_pre[] = {
	"# /etc/allotment-power.conf, a line of config that is much wider "
	"than seventy columns",
	NULL,
};

static void
test_widths(void **state)
{
	static const size_t widths[] = { 1, 10, 20, 33, 40, 70, 72 };
	struct text_opts o;
	size_t i, mode;
	char *s;

	(void)state;
	for (i = 0; i < sizeof(widths) / sizeof(widths[0]); i++)
		for (mode = 0; mode < 4; mode++) {
			o.to_width = widths[i];
			o.to_crlf = (int)(mode & 1);
			o.to_ascii = (int)(mode >> 1);
			o.to_dotguard = 1;
			s = render(longish, &o);
			check_lines(s, widths[i], o.to_crlf, longish_pre);
			free(s);
			s = render(small, &o);
			check_lines(s, widths[i], o.to_crlf, small_pre);
			free(s);
		}
}

static void
test_crlf(void **state)
{
	const char *p;
	char *s;

	(void)state;
	s = render(longish, &gopher);
	for (p = s; (p = strchr(p, '\n')) != NULL; p++)
		assert_true(p > s && p[-1] == '\r');
	for (p = s; (p = strchr(p, '\r')) != NULL; p++)
		assert_true(p[1] == '\n');
	/* The terminator is the gopher layer's to add. */
	assert_null(strstr(s, "\r\n.\r\n"));
	free(s);
}

static void
test_dotguard(void **state)
{
	static const char text[] =
	    "Title: .\n"
	    "Date: 2024-01-02T03:04:05Z\n"
	    "\n"
	    "```\n"
	    ".\n"
	    "```\n"
	    ".\n"
	    "   .  \n"
	    "=> . \n"
	    "\xe2\x80\x8b.\n";
	static const struct text_opts ascii = { 70, 1, 1, 1 };
	char *s;

	(void)state;
	s = render(text, &gopher);
	assert_non_null(strstr(s, "\r\n..\r\n"));
	assert_null(strstr(s, "\r\n.\r\n"));
	assert_memory_equal(s, "..\r\n=\r\n", 7);
	free(s);
	/* A zero-width space folds to nothing: the guard sees the result. */
	s = render(text, &ascii);
	assert_null(strstr(s, "\r\n.\r\n"));
	free(s);
	s = render(text, &plain);
	assert_non_null(strstr(s, "\n.\n"));
	free(s);
}

static void
test_ascii(void **state)
{
	static const struct text_opts ascii = { 70, 1, 1, 1 };
	static const char text[] =
	    "Title: Caf\xc3\xa9 \xe2\x80\x9csmart\xe2\x80\x9d \xe2\x98\x83\n"
	    "Date: 2024-01-02T03:04:05Z\n"
	    "\n"
	    "It\xe2\x80\x99s caf\xc3\xa9\xc2\xa0time \xe2\x80\x94 go\xe2\x80\xa6\n"
	    "=> gemini://example.org/caf\xc3\xa9 Caf\xc3\xa9\n";
	const char *p;
	char *s;

	(void)state;
	s = render(text, &ascii);
	for (p = s; *p != '\0'; p++)
		assert_true((unsigned char)*p < 0x80);
	assert_non_null(strstr(s, "Cafe \"smart\" ?\r\n"));
	assert_non_null(strstr(s, "It's cafe time - go...\r\n"));
	/* A folded URL would name another page: it is percent-encoded. */
	assert_non_null(strstr(s, "[1] gemini://example.org/caf%C3%A9\r\n"));
	free(s);
	s = render(longish, &ascii);
	for (p = s; *p != '\0'; p++)
		assert_true((unsigned char)*p < 0x80);
	assert_non_null(strstr(s, "Jose Araujo"));
	assert_non_null(strstr(s, "1,8 degC"));
	free(s);
	/* Without to_ascii the text goes out as it came. */
	s = render(text, &gopher);
	assert_non_null(strstr(s, "Caf\xc3\xa9 \xe2\x80\x9csmart"));
	free(s);
}

static void
test_links(void **state)
{
	static const char text[] =
	    "Title: Links\n"
	    "Date: 2024-01-02T03:04:05Z\n"
	    "\n"
	    "Intro.\n"
	    "=> https://a.example/ First\n"
	    "=>https://b.example/\n"
	    "=>\t/articles/inner   Inner \t article  \n"
	    "=>\n"
	    "=>   \n"
	    "Between.\n"
	    "\n"
	    "=> gopher://c.example/1/ Third\n"
	    "=> https://a.example/ First again\n";
	char *s;

	(void)state;
	s = render(text, &plain);
	assert_non_null(strstr(s,
	    "Intro.\n"
	    "\n"
	    "First [1]\n"
	    "https://b.example/ [2]\n"
	    "Inner article [3]\n"
	    "\n"
	    "Between.\n"
	    "\n"
	    "Third [4]\n"
	    "First again [5]\n"));
	assert_non_null(strstr(s,
	    "Links\n"
	    "-----\n"
	    "\n"
	    "[1] https://a.example/\n"
	    "[2] https://b.example/\n"
	    "[3] /articles/inner\n"
	    "[4] gopher://c.example/1/\n"
	    "[5] https://a.example/\n"));
	assert_null(strstr(s, "[6]"));
	free(s);
}

static void
test_long_url(void **state)
{
	static const char url[] = "https://example.org/another/very/long/url/"
	    "that/does/not/fit/in/seventy/columns/index.gmi";
	char *s, want[256];

	(void)state;
	s = render(longish, &plain);
	/* "[1] " and the URL would pass 70 columns: the URL goes below. */
	snprintf(want, sizeof(want), "\n[1]\n%s\n", url);
	assert_non_null(strstr(s, want));
	assert_non_null(strstr(s, "\nA label [1]\n"));
	/* In the quote the URL stays whole, on a line of its own. */
	assert_non_null(strstr(s, "\n> https://example.org/a/very/long/url/"
	    "that/does/not/fit/in/seventy/columns/at/all/index.gmi\n"));
	free(s);
}

static void
test_wrap(void **state)
{
	static const struct text_opts w10 = { 10, 0, 0, 1 };
	static const struct text_opts w0 = { 0, 1, 0, 1 };
	static const struct text_opts a10 = { 10, 0, 1, 1 };
	char *s;

	(void)state;
	s = wrap("  aaa bbb   ccc\tddd eee  ", "* ", &w10);
	assert_string_equal(s, "* aaa bbb\n  ccc ddd\n  eee\n");
	free(s);
	s = wrap("x averyveryverylongword y", "", &w10);
	assert_string_equal(s, "x\naveryveryverylongword\ny\n");
	free(s);
	s = wrap("x averyveryverylongword y", NULL, &w10);
	assert_string_equal(s, "x\naveryveryverylongword\ny\n");
	free(s);
	/* Columns are characters, not bytes. */
	s = wrap("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9 \xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9", "", &w10);
	assert_string_equal(s, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9 \xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\n");
	free(s);
	/* Nothing to wrap, nothing written. */
	s = wrap(" \t ", "* ", &w10);
	assert_string_equal(s, "");
	free(s);
	/* Width 0: no wrapping; line ends and controls never get through. */
	s = wrap("one two\nthree\r\x1b[1mfour\x7f", "", &w0);
	assert_string_equal(s, "one two three [1mfour\r\n");
	free(s);
	s = wrap(".", "", &w10);
	assert_string_equal(s, "..\n");
	free(s);
	/* ASCII: the prefix folds too; a stray byte is a "?". */
	s = wrap("\xe2\x80\x9cq\xe2\x80\x9d \xff", "\xe2\x80\xa2 ", &a10);
	assert_string_equal(s, "* \"q\" ?\n");
	free(s);
	/* Folding may leave spaces: they collapse like any other. */
	s = wrap("a\xc2\xa0\xc2\xa0" "b \xe2\x80\x8b c", "", &a10);
	assert_string_equal(s, "a b c\n");
	free(s);
}

/*
 * Found by fuzz_gophermap: in ASCII mode a gemtext line holding only a
 * BOM folds to nothing, and text_para() then added an offset to the
 * empty buffer's NULL data (undefined; clang's UBSan reports it, gcc's
 * does not).  Such a line writes nothing, with or without a prefix;
 * in UTF-8 mode the characters stay.
 */
static void
test_text_crash_bom_only_line(void **state)
{
	static const struct text_opts a70 = { 70, 1, 1, 1 };
	static const char *const blank[] = { "\xef\xbb\xbf",
	    "\xe2\x80\x8b", "\xef\xbb\xbf\xe2\x80\x8b \xef\xbb\xbf" };
	size_t i;
	char *s;

	(void)state;
	for (i = 0; i < sizeof(blank) / sizeof(blank[0]); i++) {
		s = wrap(blank[i], "", &a70);
		assert_string_equal(s, "");
		free(s);
		s = wrap(blank[i], NULL, &a70);
		assert_string_equal(s, "");
		free(s);
		s = wrap(blank[i], "> ", &a70);
		assert_string_equal(s, "");
		free(s);
	}
	s = wrap("\xef\xbb\xbfword", "", &a70);
	assert_string_equal(s, "word\r\n");
	free(s);
	s = wrap("\xef\xbb\xbf", "", &gopher);
	assert_string_equal(s, "\xef\xbb\xbf\r\n");
	free(s);
}

/* A small deterministic generator, so failures can be replayed. */
static uint32_t
next(uint32_t *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 8) & 0xffffff;
}

static void
test_generated(void **state)
{
	static const char *const pieces[] = {
	    "word ", "  ", "\t", "\n", "\n\n", "```\n", "=> ", "=>", "* ",
	    "> ", ">", "# ", "##", "###", ".", ".\n", "\xc3\xa9",
	    "\xe2\x80\x9c", "\xc2\xa0", "\xe2\x80\x8b", "\xf0\x9f\x8f\xae",
	    "https://example.org/long/path/segment/again/and/again/x.gmi ",
	    "Supercalifragilisticexpialidocious", "/articles/x ", "label",
	};
	static const size_t widths[] = { 0, 1, 5, 70 };
	struct render_article ra;
	struct article a;
	struct text_opts o;
	struct buf body = BUF_INIT, out = BUF_INIT;
	uint32_t seed = 1;
	size_t iter, k, n;
	const char *p;

	(void)state;
	fix_article(&a, "g",
	    "Title: Generated\nDate: 2024-01-02T03:04:05Z\n\n");
	memset(&ra, 0, sizeof(ra));
	ra.ra_art = &a;
	for (iter = 0; iter < 2000; iter++) {
		buf_truncate(&body, 0);
		n = next(&seed) % 60;
		for (k = 0; k < n; k++)
			buf_puts(&body, pieces[next(&seed) %
			    (sizeof(pieces) / sizeof(pieces[0]))]);
		assert_int_equal(article_set_body(&a, body.b_data != NULL ?
		    body.b_data : "", body.b_len), 0);
		o.to_width = widths[iter % 4];
		o.to_crlf = (int)(iter / 4 % 2);
		o.to_ascii = (int)(iter / 8 % 2);
		o.to_dotguard = 1;
		buf_truncate(&out, 0);
		assert_int_equal(text_article(&out, &site, &ra, &o), 0);
		assert_true(out.b_len > 0);
		assert_int_equal(strlen(out.b_data), out.b_len);
		assert_int_equal(utf8_validate(out.b_data, out.b_len, NULL),
		    0);
		assert_true(out.b_data[out.b_len - 1] == '\n');
		/* Never two blank lines in a row outside a preformatted block. */
		if (strstr(body.b_data != NULL ? body.b_data : "", "```") ==
		    NULL)
			assert_null(strstr(out.b_data, o.to_crlf ?
			    "\r\n\r\n\r\n" : "\n\n\n"));
		for (p = out.b_data; (p = strstr(p, o.to_crlf ? "\n.\r" :
		    "\n.\n")) != NULL; p++)
			fail_msg("unguarded dot in iteration %zu", iter);
		if (o.to_ascii)
			for (p = out.b_data; *p != '\0'; p++)
				assert_true((unsigned char)*p < 0x80);
	}
	buf_free(&body);
	buf_free(&out);
	article_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_small),
		cmocka_unit_test(test_minimal),
		cmocka_unit_test(test_image_related),
		cmocka_unit_test(test_widths),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_dotguard),
		cmocka_unit_test(test_ascii),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_long_url),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_text_crash_bom_only_line),
		cmocka_unit_test(test_generated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
