/*
 * Unit tests for the import module: scraped plain text (a synthetic
 * article shaped like a real scrape, and the real one from the shared
 * corpus when it is there), Markdown, format detection, and input that a
 * fuzzer would send.  Run from the repository root.
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
#include "import.h"
#include "utf8.h"

#define FIXTURES	"tests/fixtures/import/"
#define CORPUS_DEFAULT	"../shared/corpus/scraped-huawei.txt"
#define NBSP		"\xc2\xa0"

/* A string literal and its length, NULs included. */
#define LIT(s)		(s), sizeof(s) - 1

static const char synthetic_title[] = "Marlowe Freight bets on electric barges";

static char *
slurp(const char *path, size_t *len)
{
	FILE	*f;
	char	*buf = NULL, *p;
	size_t	 cap = 0, n;

	*len = 0;
	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	for (;;) {
		if (*len == cap) {
			cap = cap ? cap * 2 : 4096;
			if ((p = realloc(buf, cap + 1)) == NULL)
				fail_msg("out of memory");
			buf = p;
		}
		if ((n = fread(buf + *len, 1, cap - *len, f)) == 0)
			break;
		*len += n;
	}
	fclose(f);
	buf[*len] = '\0';
	return buf;
}

static char *
fixture(const char *name, size_t *len)
{
	char	 path[256];
	char	*buf;

	snprintf(path, sizeof(path), FIXTURES "%s", name);
	if ((buf = slurp(path, len)) == NULL)
		fail_msg("%s: cannot read (run from the repository root)",
		    path);
	return buf;
}

static void
import_ok(const char *text, size_t len, const struct import_opts *o,
    struct article *a)
{
	const char	*errstr = NULL;
	unsigned	 line = 99;

	memset(a, 0, sizeof(*a));
	if (import_text(text, len, o, a, &line, &errstr) != 0)
		fail_msg("import failed, line %u: %s", line, errstr);
	assert_non_null(a->a_body);
}

static void
import_fails(const char *text, size_t len, const struct import_opts *o,
    const char *expect)
{
	struct article	 a;
	const char	*errstr = NULL;
	unsigned	 line = 99;

	memset(&a, 0, sizeof(a));
	assert_int_equal(import_text(text, len, o, &a, &line, &errstr), -1);
	assert_non_null(errstr);
	if (strstr(errstr, expect) == NULL)
		fail_msg("error \"%s\" does not mention \"%s\"", errstr,
		    expect);
	assert_true(line <= 1);
	assert_int_equal(a.a_nhdr, 0);
	assert_null(a.a_body);
}

static void
assert_header(const struct article *a, const char *name, const char *value)
{
	const char	*v = article_get(a, name);

	if (v == NULL)
		fail_msg("no %s header", name);
	if (strcmp(v, value) != 0)
		fail_msg("%s: \"%s\", expected \"%s\"", name, v, value);
}

static void
assert_lacks(const char *s, const char *needle)
{
	if (strstr(s, needle) != NULL)
		fail_msg("\"%s\" found in:\n%s", needle, s);
}

static void
assert_has(const char *s, const char *needle)
{
	if (strstr(s, needle) == NULL)
		fail_msg("\"%s\" not found in:\n%s", needle, s);
}

/* One newline at the end, no blank line run, valid store text. */
static void
assert_body_shape(const struct article *a)
{
	size_t	 n = a->a_bodylen;

	assert_int_equal(strlen(a->a_body), n);
	assert_true(n > 0);
	assert_int_equal(a->a_body[n - 1], '\n');
	if (n > 1)
		assert_int_not_equal(a->a_body[n - 2], '\n');
	assert_lacks(a->a_body, "\n\n\n");
	assert_int_equal(utf8_validate(a->a_body, n, NULL), 0);
}

static size_t
header_count(const struct article *a, const char *name)
{
	size_t	 i, n = 0;

	for (i = 0; i < a->a_nhdr; i++)
		if (strcmp(a->a_hdr[i].h_name, name) == 0)
			n++;
	return n;
}

static void
import_synthetic(struct article *a)
{
	struct import_opts	 o = { synthetic_title, "2024-03-04T08:00:00Z",
	    NULL, NULL, IMPORT_DETECT };
	char			*text;
	size_t			 len;

	text = fixture("scraped-synthetic.txt", &len);
	import_ok(text, len, &o, a);
	free(text);
}

static void
test_synthetic_headers(void **state)
{
	struct article	 a;

	(void)state;
	import_synthetic(&a);
	assert_header(&a, "Title", synthetic_title);
	assert_header(&a, "Date", "2024-03-04T08:00:00Z");
	assert_header(&a, "Author", "Tomas Weir");
	assert_header(&a, "Tags", "shipping, electric-vehicles");
	assert_header(&a, "Summary", "Marlowe Freight says its new river "
	    "barges will cut diesel use in half, a claim that shipping "
	    "analysts are already testing.");
	assert_header(&a, "Image-Alt", "Barge launch");
	assert_header(&a, "Image-Caption", "ROTTERDAM, NETHERLANDS - MARCH "
	    "3: Workers guide the first electric barge out of the Marlowe "
	    "yard on March 3, 2024.");
	assert_header(&a, "Image-Credit", "Ines Carvalho/Harbour Press Agency");
	assert_header(&a, "Copyright", "\xc2\xa9 2024 RIVERLEDGER.example "
	    "All rights reserved. Do not reproduce without permission.");
	assert_header(&a, "Publisher", "River Ledger");
	assert_null(article_get(&a, "Source"));
	assert_null(article_get(&a, "Status"));
	assert_int_equal(header_count(&a, "Related"), 2);
	assert_string_equal(a.a_hdr[8].h_name, "Related");
	assert_string_equal(a.a_hdr[8].h_value,
	    "Why Inland Shipping Is Going Electric");
	assert_string_equal(a.a_hdr[9].h_value,
	    "Five Barge Designs That Never Left the Drawing Board");
	article_free(&a);
}

static void
test_synthetic_header_order(void **state)
{
	static const char *const order[] = {
		"Title", "Date", "Author", "Tags", "Summary", "Image-Alt",
		"Image-Caption", "Image-Credit", "Source", "Related", "Related",
		"Copyright", "Publisher"
	};
	struct import_opts	 o = { synthetic_title, "2024-03-04T08:00:00Z",
	    NULL, "https://news.example/barges", IMPORT_PLAIN };
	struct article		 a;
	char			*text;
	size_t			 len, i;

	(void)state;
	text = fixture("scraped-synthetic.txt", &len);
	import_ok(text, len, &o, &a);
	assert_int_equal(a.a_nhdr, sizeof(order) / sizeof(order[0]));
	for (i = 0; i < a.a_nhdr; i++)
		assert_string_equal(a.a_hdr[i].h_name, order[i]);
	assert_header(&a, "Source", "https://news.example/barges");
	article_free(&a);
	free(text);
}

static void
test_synthetic_body(void **state)
{
	static const char *const gone[] = {
		NBSP, "Read also", "Related:", "This article is owned",
		"Written by", "RIVERLEDGER", "Tags:", "Join the Discussion",
		"(Photo", "Barge launch", "ROTTERDAM", "Marlowe Freight says"
	};
	struct article	 a;
	size_t		 i;

	(void)state;
	import_synthetic(&a);
	assert_body_shape(&a);
	for (i = 0; i < sizeof(gone) / sizeof(gone[0]); i++)
		assert_lacks(a.a_body, gone[i]);
	/* The body starts with the first paragraph after the photo. */
	assert_true(strncmp(a.a_body, "The company plans", 17) == 0);
	/* Hard-wrapped lines join; NBSPs are spaces; ends are trimmed. */
	assert_has(a.a_body, "according to Harbour Weekly and a filing seen "
	    "by the paper.\n\n");
	assert_has(a.a_body, "in under an hour.\n\n");
	assert_has(a.a_body, "\n\n## Charging Ahead: The Port Question\n\n");
	/* A paragraph starting with '#' is kept as text after a space. */
	assert_has(a.a_body, "\n\n #3 on the list of worries");
	assert_lacks(a.a_body, "  ");
	article_free(&a);
}

static void
test_synthetic_validates(void **state)
{
	struct import_opts	 o = { synthetic_title, NULL, NULL, NULL,
	    IMPORT_DETECT };
	struct article		 a, b;
	const char		*errstr = NULL;
	unsigned		 line = 0;
	char			*text, *file;
	size_t			 len;

	(void)state;
	text = fixture("scraped-synthetic.txt", &len);
	import_ok(text, len, &o, &a);
	assert_null(article_get(&a, "Date"));
	assert_int_equal(article_set(&a, "Date", "2024-03-04T08:00:00Z"), 0);
	if (article_validate(&a, &line, &errstr) != 0)
		fail_msg("line %u: %s", line, errstr);
	assert_int_equal(a.a_ntags, 2);
	assert_true(article_has_tag(&a, "electric-vehicles"));

	/* What import makes survives the store's own parser. */
	file = article_serialise(&a, &len);
	assert_non_null(file);
	memset(&b, 0, sizeof(b));
	if (article_parse(&b, file, len, &line, &errstr) != 0)
		fail_msg("line %u: %s", line, errstr);
	assert_string_equal(b.a_body, a.a_body);
	article_free(&b);
	free(file);
	article_free(&a);
	free(text);
}

static void
test_missing_title(void **state)
{
	struct import_opts	 o = { NULL, NULL, NULL, NULL, IMPORT_DETECT };
	char			*text;
	size_t			 len;

	(void)state;
	text = fixture("scraped-synthetic.txt", &len);
	import_fails(text, len, &o, "--title");
	free(text);
	import_fails(LIT("A sentence that ends.\n\nMore text.\n"), &o,
	    "--title");
}

static void
test_title_from_first_line(void **state)
{
	static const char text[] =
	    "Marlowe Freight Bets on Electric Barges\n"
	    "\n"
	    "The barges are due next spring, the company said on Monday "
	    "in a short statement.\n"
	    "\n"
	    "Nobody at the port would comment.\n";
	struct import_opts	 o = { NULL, NULL, NULL, NULL, IMPORT_DETECT };
	struct article		 a;

	(void)state;
	import_ok(LIT(text), &o, &a);
	assert_header(&a, "Title", "Marlowe Freight Bets on Electric Barges");
	/* A lede that runs on into the story stays in it. */
	assert_null(article_get(&a, "Summary"));
	assert_string_equal(a.a_body, "The barges are due next spring, the "
	    "company said on Monday in a short statement.\n\n"
	    "Nobody at the port would comment.\n");
	article_free(&a);

	/* A given title equal to the first line drops that line. */
	o.io_title = "marlowe freight bets on electric barges";
	import_ok(LIT(text), &o, &a);
	assert_header(&a, "Title", "marlowe freight bets on electric barges");
	assert_lacks(a.a_body, "Bets on");
	article_free(&a);
}

static void
test_crlf(void **state)
{
	struct import_opts	 o = { synthetic_title, "2024-03-04T08:00:00Z",
	    NULL, NULL, IMPORT_DETECT };
	struct article		 a, b;
	char			*text, *crlf, *cr, *s1, *s2, *s3;
	size_t			 len, i, n = 0, m = 0, l1, l2, l3;

	(void)state;
	text = fixture("scraped-synthetic.txt", &len);
	crlf = malloc(len * 2);
	cr = malloc(len);
	assert_non_null(crlf);
	assert_non_null(cr);
	for (i = 0; i < len; i++) {
		if (text[i] == '\n')
			crlf[n++] = '\r';
		crlf[n++] = text[i];
		cr[m++] = text[i] == '\n' ? '\r' : text[i];
	}
	import_ok(text, len, &o, &a);
	s1 = article_serialise(&a, &l1);
	article_free(&a);
	import_ok(crlf, n, &o, &b);
	s2 = article_serialise(&b, &l2);
	assert_lacks(b.a_body, "\r");
	article_free(&b);
	import_ok(cr, m, &o, &a);
	s3 = article_serialise(&a, &l3);
	article_free(&a);
	assert_string_equal(s1, s2);
	assert_string_equal(s1, s3);
	free(s1);
	free(s2);
	free(s3);
	free(crlf);
	free(cr);
	free(text);
}

static void
test_corpus_huawei(void **state)
{
	static const char *const gone[] = {
		NBSP, "Read also", "Related:", "This article is owned",
		"Written by", "TECHTIMES", "Tags:", "Join the Discussion",
		"(Photo"
	};
	struct import_opts	 o = {
	    "Huawei founder urges staying open to the United States",
	    "2024-06-18T09:00:00Z", NULL, NULL, IMPORT_DETECT };
	struct article		 a;
	const char		*path = getenv("CAPSULE_CORPUS"), *errstr;
	unsigned		 line;
	char			*text;
	size_t			 len, i;

	(void)state;
	if (path == NULL)
		path = CORPUS_DEFAULT;
	if ((text = slurp(path, &len)) == NULL)
		skip();
	assert_false(import_is_markdown(text, len));
	import_ok(text, len, &o, &a);
	assert_header(&a, "Author", "RJ Pierce");
	assert_header(&a, "Tags", "huawei");
	assert_header(&a, "Image-Credit",
	    "Li Yang/China News Service via Getty Images");
	assert_header(&a, "Image-Alt", "Huawei event");
	assert_non_null(article_get(&a, "Summary"));
	assert_non_null(article_get(&a, "Image-Caption"));
	assert_int_equal(header_count(&a, "Related"), 2);
	for (i = 0; i < a.a_nhdr; i++)
		assert_lacks(a.a_hdr[i].h_value, NBSP);
	for (i = 0; i < sizeof(gone) / sizeof(gone[0]); i++)
		assert_lacks(a.a_body, gone[i]);
	assert_has(a.a_body, "\n## ");
	assert_body_shape(&a);
	if (article_validate(&a, &line, &errstr) != 0)
		fail_msg("line %u: %s", line, errstr);
	article_free(&a);
	free(text);
}

static const char sample_body[] =
    "Growing food on a balcony is easier than it looks, and the Royal "
    "Horticultural Society has a good guide. Keep snake_case_names and 2*3 "
    "as they are.\n"
    "=> https://www.rhs.example/balcony Royal Horticultural Society\n"
    "\n"
    "## What you need\n"
    "\n"
    "* Pots with drainage holes\n"
    "* A bag of compost\n"
    "* nested: a small trowel\n"
    "* Water in the morning\n"
    "* Feed every two weeks\n"
    "=> https://compost.example/peat-free compost\n"
    "\n"
    "> Herbs forgive a lot. They do not forgive standing water.\n"
    "> A second quoted paragraph with https://quotes.example/herbs.\n"
    "=> https://quotes.example/herbs\n"
    "\n"
    "### Code\n"
    "\n"
    "```sh\n"
    "ls ~/balcony\n"
    "```\n"
    "\n"
    "```\n"
    "indented code line\n"
    "second line\n"
    "```\n"
    "\n"
    "```\n"
    " ```not a fence end\n"
    "```\n"
    "\n"
    "=> /media/basil.jpg A pot of basil\n"
    "\n"
    "Deep heading follows.\n"
    "\n"
    "### Deeper still\n"
    "\n"
    "Text with struck words and a reference to the guide.\n"
    "=> https://guide.example/herbs%20one the guide\n";

static void
test_markdown_sample(void **state)
{
	struct import_opts	 o = { NULL, NULL, NULL, NULL, IMPORT_DETECT };
	struct article		 a;
	const char		*errstr;
	unsigned		 line;
	char			*text;
	size_t			 len;

	(void)state;
	text = fixture("sample.md", &len);
	import_ok(text, len, &o, &a);
	assert_header(&a, "Title", "Gardening on a Balcony");
	assert_header(&a, "Date", "2024-05-01T00:00:00Z");
	assert_header(&a, "Author", "Priya Natarajan");
	assert_header(&a, "Tags", "gardening, small-spaces, herbs");
	assert_header(&a, "Summary",
	    "A short guide to growing herbs four floors up.");
	assert_string_equal(a.a_body, sample_body);
	assert_body_shape(&a);
	if (article_validate(&a, &line, &errstr) != 0)
		fail_msg("line %u: %s", line, errstr);
	article_free(&a);

	/* A given date wins over the front matter's. */
	o.io_date = "2024-05-02T10:00:00Z";
	o.io_format = IMPORT_MARKDOWN;
	import_ok(text, len, &o, &a);
	assert_header(&a, "Date", "2024-05-02T10:00:00Z");
	assert_string_equal(a.a_body, sample_body);
	article_free(&a);
	free(text);
}

static void
test_markdown_title(void **state)
{
	static const char text[] = "# My *Balcony* Title\n\nA paragraph.\n";
	struct import_opts	 o = { NULL, NULL, NULL, NULL,
	    IMPORT_MARKDOWN };
	struct article		 a;

	(void)state;
	import_ok(LIT(text), &o, &a);
	assert_header(&a, "Title", "My Balcony Title");
	assert_string_equal(a.a_body, "A paragraph.\n");
	article_free(&a);

	o.io_title = "Another title";
	import_ok(LIT(text), &o, &a);
	assert_header(&a, "Title", "Another title");
	assert_string_equal(a.a_body, "# My Balcony Title\n\nA paragraph.\n");
	article_free(&a);

	o.io_title = "my balcony  title";
	import_ok(LIT(text), &o, &a);
	assert_string_equal(a.a_body, "A paragraph.\n");
	article_free(&a);

	o.io_title = NULL;
	import_ok(LIT("Setext Title\n============\n\nBody text here.\n"), &o,
	    &a);
	assert_header(&a, "Title", "Setext Title");
	assert_string_equal(a.a_body, "Body text here.\n");
	article_free(&a);
}

static void
test_markdown_inline(void **state)
{
	static const char text[] =
	    "First [one](https://a.example/1) and [two](<https://a.example/2>)"
	    " and [one again](https://a.example/1).\n"
	    "\n"
	    "\\# not a heading, \\*not emphasis\\* and a*b*c.\n"
	    "\n"
	    "[![badge alt](https://img.example/b.png)](https://ci.example/)\n"
	    "\n"
	    "=> written like a gemtext link\n"
	    "\n"
	    "Unclosed [bracket and `code and **bold and <!-- comment.\n"
	    "\n"
	    "Last paragraph with an [undefined][nowhere] reference.\n";
	static const char body[] =
	    "First one and two and one again.\n"
	    "=> https://a.example/1 one\n"
	    "=> https://a.example/2 two\n"
	    "\n"
	    " # not a heading, *not emphasis* and abc.\n"
	    "\n"
	    "=> https://img.example/b.png badge alt\n"
	    "=> https://ci.example/ badge alt\n"
	    "\n"
	    " => written like a gemtext link\n"
	    "\n"
	    "Unclosed [bracket and `code and **bold and <!-- comment.\n"
	    "\n"
	    "Last paragraph with an [undefined][nowhere] reference.\n";
	struct import_opts	 o = { "Inline", NULL, NULL, NULL,
	    IMPORT_MARKDOWN };
	struct article		 a;

	(void)state;
	import_ok(LIT(text), &o, &a);
	assert_string_equal(a.a_body, body);
	article_free(&a);
}

static void
test_markdown_boilerplate(void **state)
{
	static const char text[] =
	    "# Title Here\n"
	    "\n"
	    "Body paragraph with *words*.\n"
	    "\n"
	    "Read also: [Another Story](https://x.example/s)\n"
	    "\n"
	    "*Written by Sam Ode*\n"
	    "(c) 2023 Example Media\n";
	struct import_opts	 o = { NULL, NULL, "Extra", NULL,
	    IMPORT_DETECT };
	struct article		 a;

	(void)state;
	import_ok(LIT(text), &o, &a);
	assert_header(&a, "Title", "Title Here");
	assert_header(&a, "Author", "Sam Ode");
	assert_header(&a, "Tags", "extra");
	assert_header(&a, "Related", "Another Story");
	assert_header(&a, "Copyright", "\xc2\xa9 2023 Example Media");
	assert_string_equal(a.a_body, "Body paragraph with words.\n");
	article_free(&a);
}

static void
test_detect(void **state)
{
	static const char prose[] =
	    "A first line that is plain prose.\n\n"
	    "Costs rose 5% - or more - in May.\n\nPhoto: Someone\n";
	static const char weak[] =
	    "Intro line\n\n- one item\n- two items\n\nSome **bold** text.\n";
	static const char one_weak[] = "Intro\n\n- one item\n- two items\n";
	char	*text;
	size_t	 len;

	(void)state;
	text = fixture("sample.md", &len);
	assert_true(import_is_markdown(text, len));
	free(text);
	text = fixture("scraped-synthetic.txt", &len);
	assert_false(import_is_markdown(text, len));
	free(text);
	assert_true(import_is_markdown(LIT("# Title\n\nText.\n")));
	assert_true(import_is_markdown(LIT("Intro\n\n## Part\n")));
	assert_true(import_is_markdown(LIT("Intro\n```\ncode\n```\n")));
	assert_true(import_is_markdown(LIT("See [this](https://x.example).")));
	assert_true(import_is_markdown(LIT(weak)));
	assert_false(import_is_markdown(LIT(one_weak)));
	assert_false(import_is_markdown(LIT(prose)));
	assert_false(import_is_markdown("", 0));
	assert_false(import_is_markdown(LIT("#1 seller\n")));
}

static void
test_detect_drives_format(void **state)
{
	struct import_opts	 o = { "Gardening", NULL, NULL, NULL,
	    IMPORT_PLAIN };
	struct article		 a;
	char			*text;
	size_t			 len;

	(void)state;
	text = fixture("sample.md", &len);
	import_ok(text, len, &o, &a);
	assert_has(a.a_body, "**good**");
	article_free(&a);
	o.io_format = IMPORT_DETECT;
	import_ok(text, len, &o, &a);
	assert_lacks(a.a_body, "**");
	article_free(&a);
	free(text);
}

static void
test_gemtext_markers(void **state)
{
	static const char text[] =
	    "=> looks like a link\n\n"
	    "# looks like a heading\n\n"
	    "* looks like an item\n\n"
	    "> looks like a quote\n\n"
	    "```looks like a toggle\n\n"
	    "=not a marker\n";
	static const char body[] =
	    " => looks like a link\n\n"
	    " # looks like a heading\n\n"
	    " * looks like an item\n\n"
	    " > looks like a quote\n\n"
	    " ```looks like a toggle\n\n"
	    "=not a marker\n";
	struct import_opts	 o = { "Markers", NULL, NULL, NULL,
	    IMPORT_PLAIN };
	struct article		 a;

	(void)state;
	import_ok(LIT(text), &o, &a);
	assert_string_equal(a.a_body, body);
	article_free(&a);
}

static void
test_tags(void **state)
{
	static const char text[] =
	    "Body text of the story goes here\n\n"
	    "Tags: Huawei, Caf\xc3\xa9 Culture; 5G  Networks, C++, ,"
	    "U.S. Trade\n";
	struct import_opts	 o = { "Tags", NULL, "Trade, huawei,,  ", NULL,
	    IMPORT_PLAIN };
	struct article		 a;

	(void)state;
	import_ok(LIT(text), &o, &a);
	assert_header(&a, "Tags",
	    "trade, huawei, cafe-culture, 5g-networks, c, us-trade");
	article_free(&a);
}

static void
test_bylines_and_notices(void **state)
{
	static const char text[] =
	    "The dek of this story is one full sentence long.\n\n"
	    "By Jane Q. Doe\n\n"
	    "By the way, this line is a sentence and stays.\n\n"
	    "Copyright law is not what this line is about.\n\n"
	    "Copyright 2021 The Example Times\n";
	struct import_opts	 o = { "Notices", NULL, NULL, NULL,
	    IMPORT_PLAIN };
	struct article		 a;

	(void)state;
	import_ok(LIT(text), &o, &a);
	assert_header(&a, "Summary",
	    "The dek of this story is one full sentence long.");
	assert_header(&a, "Author", "Jane Q. Doe");
	assert_header(&a, "Copyright", "Copyright 2021 The Example Times");
	assert_has(a.a_body, "By the way");
	assert_has(a.a_body, "Copyright law");
	assert_lacks(a.a_body, "Jane");
	article_free(&a);
}

static void
test_photo_forms(void **state)
{
	static const char apart[] =
	    "Opening of the story, which has several words in it.\n\n"
	    "Harbour crane\n\n"
	    "Photo: Ana Ruiz/Example Wire\n\n"
	    "A crane lifts a battery pack onto the deck.\n\n"
	    "The story goes on here.\n";
	static const char credit[] =
	    "Opening of the story.\n\n"
	    "Crane at dusk\n"
	    "(Photo credit: Lee Park)\n\n"
	    "Next paragraph.\n";
	struct import_opts	 o = { "Photos", NULL, NULL, NULL,
	    IMPORT_PLAIN };
	struct article		 a;

	(void)state;
	import_ok(LIT(apart), &o, &a);
	assert_header(&a, "Image-Alt", "Harbour crane");
	assert_header(&a, "Image-Credit", "Ana Ruiz/Example Wire");
	assert_header(&a, "Image-Caption",
	    "A crane lifts a battery pack onto the deck.");
	assert_string_equal(a.a_body, "The story goes on here.\n");
	article_free(&a);

	import_ok(LIT(credit), &o, &a);
	assert_header(&a, "Image-Alt", "Crane at dusk");
	assert_header(&a, "Image-Credit", "Lee Park");
	assert_null(article_get(&a, "Image-Caption"));
	assert_string_equal(a.a_body,
	    "Opening of the story.\n\nNext paragraph.\n");
	article_free(&a);
}

static void
test_empty_inputs(void **state)
{
	struct import_opts	 o = { "A title", NULL, NULL, NULL,
	    IMPORT_DETECT };
	static const char nbsp[] = NBSP NBSP "\n" NBSP "\n\xe2\x80\xaf";
	static const char boiler[] = "Tags: a\nJoin the Discussion\n";

	(void)state;
	import_fails("", 0, &o, "no text");
	import_fails(NULL, 0, &o, "no text");
	import_fails(LIT(" \n\t\n  \r\n"), &o, "no text");
	import_fails(LIT(nbsp), &o, "no text");
	import_fails(LIT(boiler), &o, "no body");
	o.io_format = IMPORT_MARKDOWN;
	import_fails(LIT("[a]: https://x.example\n<!-- -->\n"), &o, "no text");
	o.io_title = NULL;
	import_fails("", 0, &o, "no text");
}

static void
test_invalid_utf8(void **state)
{
	static const char text[] =
	    "Body \xff\xfe text \xc3 and \xed\xa0\x80 then \xf4\x90\x80\x80 "
	    "end \xe2\x82\n\ncontrol\x01\x1b[31m\x7f \xc2\x85 bytes\t\ttab.\n";
	struct import_opts	 o = { "Bad \xff title", "2024-01-01T00:00:00Z",
	    NULL, NULL, IMPORT_DETECT };
	struct article		 a;
	const char		*errstr;
	unsigned		 line;

	(void)state;
	import_ok(LIT(text), &o, &a);
	assert_int_equal(utf8_validate(a.a_body, a.a_bodylen, NULL), 0);
	/* Never U+FFFD in a title: it would reach every menu. */
	assert_header(&a, "Title", "Bad title");
	assert_has(a.a_body, "Body \xef\xbf\xbd text \xef\xbf\xbd and ");
	assert_has(a.a_body, "control[31m bytes tab.");
	if (article_validate(&a, &line, &errstr) != 0)
		fail_msg("line %u: %s", line, errstr);
	article_free(&a);
}

static void
test_nul_bytes(void **state)
{
	static const char text[] = "Body\0 with\0\0 NUL\0 bytes.\n\0\n\0Two.";
	struct import_opts	 o = { "NUL", NULL, NULL, NULL, IMPORT_DETECT };
	struct article		 a;

	(void)state;
	import_ok(LIT(text), &o, &a);
	assert_int_equal(strlen(a.a_body), a.a_bodylen);
	assert_string_equal(a.a_body, "Body with NUL bytes.\n\nTwo.\n");
	article_free(&a);
	o.io_format = IMPORT_MARKDOWN;
	import_ok(LIT(text), &o, &a);
	assert_int_equal(strlen(a.a_body), a.a_bodylen);
	article_free(&a);
}

/*
 * A relative path into media/ is made absolute: the article is served
 * from /articles/SLUG, below which "media/x" would name nothing.
 */
static void
test_markdown_media_relative(void **state)
{
	static const char text[] = "# Dock\n\nThe dock.\n\n"
	    "![At dawn](media/dawn.png) [plan](./media/plan.pdf) "
	    "[map](../../media/map.png) [kept](/media/kept.png) "
	    "[other](mediafile/x.png) [far](https://example.org/media/y.png) "
	    "[up](../notes.txt)\n";
	struct import_opts	 o = { NULL, NULL, NULL, NULL, IMPORT_MARKDOWN };
	struct article		 a;

	(void)state;
	import_ok(LIT(text), &o, &a);
	assert_non_null(strstr(a.a_body, "=> /media/dawn.png At dawn\n"));
	assert_non_null(strstr(a.a_body, "=> /media/plan.pdf plan\n"));
	assert_non_null(strstr(a.a_body, "=> /media/map.png map\n"));
	assert_non_null(strstr(a.a_body, "=> /media/kept.png kept\n"));
	assert_non_null(strstr(a.a_body, "=> mediafile/x.png other\n"));
	assert_non_null(strstr(a.a_body,
	    "=> https://example.org/media/y.png far\n"));
	assert_non_null(strstr(a.a_body, "=> ../notes.txt up\n"));
	article_free(&a);
}

static void
test_huge_line(void **state)
{
	struct import_opts	 o = { NULL, NULL, NULL, NULL, IMPORT_DETECT };
	struct article		 a;
	size_t			 len = 1024 * 1024, i;
	char			*text;

	(void)state;
	assert_non_null(text = malloc(len));
	for (i = 0; i < len; i++)
		text[i] = i % 7 == 6 ? ' ' : (char)('a' + i % 26);
	import_fails(text, len, &o, "--title");
	o.io_title = "Huge";
	import_ok(text, len, &o, &a);
	assert_true(a.a_bodylen > len - 2);
	assert_body_shape(&a);
	article_free(&a);
	o.io_format = IMPORT_MARKDOWN;
	import_ok(text, len, &o, &a);
	assert_body_shape(&a);
	article_free(&a);
	free(text);
}

/* Patterns that make naive Markdown parsers quadratic or recurse deeply. */
static void
test_hostile_markdown(void **state)
{
	static const char *const unit[] = {
		"[", "]", "[a](", "![", "`", "``` ", "*", "_a", "<!--", "<a:",
		"[x]: y\n", "> ", "- ", "    ", "\\", "[a][", "](", "~~", "\n",
		"[a](<", "[a](b \"", "[a](b (", "(", "#"
	};
	struct import_opts	 o = { "Hostile", NULL, NULL, NULL,
	    IMPORT_MARKDOWN };
	struct article		 a;
	const char		*errstr;
	unsigned		 line;
	size_t			 len = 64 * 1024, i, k, n;
	char			*text;

	(void)state;
	assert_non_null(text = malloc(len + 1));
	for (i = 0; i < sizeof(unit) / sizeof(unit[0]); i++) {
		n = strlen(unit[i]);
		for (k = 0; k + n <= len; k += n)
			memcpy(text + k, unit[i], n);
		text[k] = '\0';
		memset(&a, 0, sizeof(a));
		if (import_text(text, k, &o, &a, &line, &errstr) == 0) {
			assert_body_shape(&a);
			article_free(&a);
		}
	}
	/* Nesting: "[[[[a](u)](u)](u)...". */
	n = len / 5;
	memset(text, '[', n);
	memcpy(text + n, "a", 1);
	for (k = n + 1, i = 0; i < n; i++, k += 4)
		memcpy(text + k, "](u)", 4);
	import_ok(text, k, &o, &a);
	assert_body_shape(&a);
	article_free(&a);
	free(text);
}

/* Body of Markdown text imported under a given title. */
static void
assert_md_body(const char *text, size_t len, const char *body)
{
	struct import_opts	 o = { "Given", "2024-06-01T00:00:00Z", NULL,
	    NULL, IMPORT_MARKDOWN };
	struct article		 a;
	const char		*errstr;
	unsigned		 line;

	import_ok(text, len, &o, &a);
	assert_string_equal(a.a_body, body);
	assert_body_shape(&a);
	if (article_validate(&a, &line, &errstr) != 0)
		fail_msg("line %u: %s", line, errstr);
	article_free(&a);
}

/*
 * A table is a preformatted block: columns padded, the header ruled off,
 * markup gone, the links of its cells after it.  A column wider than 30
 * is not padded and empty cells at a row's end are not written.
 */
static void
test_markdown_table(void **state)
{
	static const char text[] =
	    "Before.\n"
	    "\n"
	    "| Herb | Sun | Water |\n"
	    "|------|:---:|------:|\n"
	    "| *Basil* | Full | Daily |\n"
	    "| [Mint](https://mint.example/) | Part | |\n"
	    "| A | B |\n"
	    "\n"
	    "| Long |\n"
	    "|---|\n"
	    "| abcdefghijklmnopqrstuvwxyz abcdefghij |\n"
	    "| `x` |\n";
	static const char body[] =
	    "Before.\n"
	    "\n"
	    "```\n"
	    "Herb  | Sun  | Water\n"
	    "------+------+------\n"
	    "Basil | Full | Daily\n"
	    "Mint  | Part\n"
	    "A     | B\n"
	    "```\n"
	    "=> https://mint.example/ Mint\n"
	    "\n"
	    "```\n"
	    "Long\n"
	    "------------------------------\n"
	    "abcdefghijklmnopqrstuvwxyz abcdefghij\n"
	    "x\n"
	    "```\n";

	(void)state;
	assert_md_body(LIT(text), body);
}

/*
 * Footnotes: the reference reads "[1]", the notes follow the body as
 * paragraphs "[1] text" in the order they were defined, their links after
 * them; a reference to no note stays as written, and a definition inside
 * fenced code is code.
 */
static void
test_markdown_footnotes(void **state)
{
	static const char text[] =
	    "A claim[^1] and another[^note] and a stray[^none].\n"
	    "\n"
	    "[^note]: The second note\n"
	    "runs on, and cites [the guide].\n"
	    "\n"
	    "    Its second paragraph.\n"
	    "\n"
	    "```\n"
	    "[^1]: code, not a note\n"
	    "```\n"
	    "\n"
	    "[^1]: The *first* note, with a [link](https://n.example/1).\n"
	    "Last paragraph.\n"
	    "\n"
	    "[the guide]: https://guide.example/\n";
	static const char body[] =
	    "A claim[1] and another[note] and a stray[^none].\n"
	    "\n"
	    "```\n"
	    "[^1]: code, not a note\n"
	    "```\n"
	    "\n"
	    "[note] The second note runs on, and cites the guide. Its second "
	    "paragraph.\n"
	    "=> https://guide.example/ the guide\n"
	    "\n"
	    "[1] The first note, with a link. Last paragraph.\n"
	    "=> https://n.example/1 link\n";

	(void)state;
	assert_md_body(LIT(text), body);
}

/*
 * HTML entities become UTF-8, in text and in URLs; the ones that stand
 * for spaces or control characters are normalised like the input, and an
 * unknown name stays as written.
 */
static void
test_markdown_entities(void **state)
{
	static const char text[] =
	    "Caf&eacute; &amp; bar, &#8217;quoted&#8217; &#x2014; dash; "
	    "&lt;b&gt; &copy; &bogus; a&nbsp;b &#1;c &#0;.\n"
	    "\n"
	    "[A &quot;link&quot;](https://x.example/?a=1&amp;b=&#50;)\n";
	static const char body[] =
	    "Caf\xc3\xa9 & bar, \xe2\x80\x99quoted\xe2\x80\x99 \xe2\x80\x94 "
	    "dash; <b> \xc2\xa9 &bogus; a b c \xef\xbf\xbd.\n"
	    "\n"
	    "A \"link\"\n"
	    "=> https://x.example/?a=1&b=2 A \"link\"\n";

	(void)state;
	assert_md_body(LIT(text), body);
}

/* Nested lists, ordered or not, flatten into "* " lines. */
static void
test_markdown_nested_lists(void **state)
{
	static const char text[] =
	    "- one\n"
	    "  - nested *two*\n"
	    "    1. deeper [link](https://l.example/)\n"
	    "\n"
	    "       still deeper\n"
	    "- three\n"
	    "\n"
	    "After.\n";
	static const char body[] =
	    "* one\n"
	    "* nested two\n"
	    "* deeper link\n"
	    "* still deeper\n"
	    "* three\n"
	    "=> https://l.example/ link\n"
	    "\n"
	    "After.\n";

	(void)state;
	assert_md_body(LIT(text), body);
}

/*
 * A link's title is not its label; an image leaves the text and becomes
 * a link line labelled with its alt text; an autolink has no label.
 */
static void
test_markdown_links_images(void **state)
{
	static const char text[] =
	    "See [the page](https://t.example/a \"A title\") and "
	    "[more](<https://t.example/b c> 'Other').\n"
	    "\n"
	    "![A pot of basil](media/x.png \"Basil\")\n"
	    "\n"
	    "Text ![inline](media/y.png) here, <https://auto.example/> and "
	    "[empty]().\n";
	static const char body[] =
	    "See the page and more.\n"
	    "=> https://t.example/a the page\n"
	    "=> https://t.example/b%20c more\n"
	    "\n"
	    "=> /media/x.png A pot of basil\n"
	    "\n"
	    "Text here, https://auto.example/ and empty.\n"
	    "=> /media/y.png inline\n"
	    "=> https://auto.example/\n";

	(void)state;
	assert_md_body(LIT(text), body);
}

/*
 * Inline code keeps its text (white space squeezed), emphasis and
 * strikethrough marks go and leave no stray characters, comments go.
 */
static void
test_markdown_code_emphasis(void **state)
{
	static const char text[] =
	    "Run `make  check` or ``a `b` c``; ***very*** _em_ __strong__ "
	    "~~gone~~ marks<!-- a\ncomment --> end.\n"
	    "\n"
	    "<!--\nblock comment\n-->\n"
	    "\n"
	    "*open and _mixed* marks_ stay where CommonMark says.\n";
	static const char body[] =
	    "Run make check or a `b` c; very em strong gone marks end.\n"
	    "\n"
	    "open and _mixed marks_ stay where CommonMark says.\n";

	(void)state;
	assert_md_body(LIT(text), body);
}

/*
 * Found by fuzz_import under UBSan: empty Markdown (no text at all, or
 * nothing after the front matter) reached md4c through a pointer offset
 * from NULL.  Both are refused cleanly.
 */
static void
test_markdown_empty(void **state)
{
	struct import_opts	 o = { "Empty", NULL, NULL, NULL,
	    IMPORT_MARKDOWN };

	(void)state;
	import_fails("", 0, &o, "no text");
	import_fails(LIT("---\ntitle: Only front matter\n---\n"), &o,
	    "no text");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_synthetic_headers),
		cmocka_unit_test(test_synthetic_header_order),
		cmocka_unit_test(test_synthetic_body),
		cmocka_unit_test(test_synthetic_validates),
		cmocka_unit_test(test_missing_title),
		cmocka_unit_test(test_title_from_first_line),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_corpus_huawei),
		cmocka_unit_test(test_markdown_sample),
		cmocka_unit_test(test_markdown_title),
		cmocka_unit_test(test_markdown_inline),
		cmocka_unit_test(test_markdown_boilerplate),
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_detect_drives_format),
		cmocka_unit_test(test_gemtext_markers),
		cmocka_unit_test(test_tags),
		cmocka_unit_test(test_bylines_and_notices),
		cmocka_unit_test(test_photo_forms),
		cmocka_unit_test(test_empty_inputs),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_huge_line),
		cmocka_unit_test(test_hostile_markdown),
		cmocka_unit_test(test_markdown_table),
		cmocka_unit_test(test_markdown_footnotes),
		cmocka_unit_test(test_markdown_entities),
		cmocka_unit_test(test_markdown_nested_lists),
		cmocka_unit_test(test_markdown_links_images),
		cmocka_unit_test(test_markdown_media_relative),
		cmocka_unit_test(test_markdown_code_emphasis),
		cmocka_unit_test(test_markdown_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
