/*
 * Unit tests for the feed module: the exact Atom document for two
 * entries, escaping, entry ids that survive a change of slug, the empty
 * feed, and well-formedness as xmllint sees it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "article.h"
#include "buf.h"
#include "feed.h"
#include "render.h"
#include "fixtures.h"

static const struct render_site site = {
	"The Test Wire", "Slow news", "en", "(c) Test Wire", "example.org",
};

static const char first[] =
    "Title: First story\n"
    "Date: 2024-06-18T09:00:00Z\n"
    "Updated: 2024-06-19T10:00:00Z\n"
    "Author: A. Writer\n"
    "Tags: trade, china\n"
    "Summary: One sentence.\n"
    "\n"
    "Body.\n";

static const char second[] =
    "Title: Second story\n"
    "Date: 2024-05-01T08:30:00+02:00\n"
    "Lang: fr\n"
    "Copyright: Mine\n"
    "\n"
    "Body.\n";

/* The feed of arts[0..n); the caller frees the result. */
static char *
atom(const struct render_site *rs, const char *base, const char *self,
    const char *title, const struct article *const *arts, size_t n)
{
	struct buf b = BUF_INIT;
	size_t len;
	char *s;

	assert_int_equal(feed_atom(&b, rs, base, self, title, arts, n), 0);
	s = buf_release(&b, &len);
	assert_non_null(s);
	assert_int_equal(strlen(s), len);
	return s;
}

/* xmllint --noout on s: 0 when well-formed; skips when there is none. */
static void
xmllint_ok(const char *s)
{
	char path[] = "/tmp/test_feed.XXXXXX", cmd[128];
	FILE *fp;
	int fd;

	if (access("/usr/bin/xmllint", X_OK) != 0 &&
	    system("command -v xmllint >/dev/null 2>&1") != 0)
		skip();
	assert_true((fd = mkstemp(path)) != -1);
	assert_non_null(fp = fdopen(fd, "w"));
	assert_int_equal(fputs(s, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
	snprintf(cmd, sizeof(cmd), "xmllint --noout %s", path);
	assert_int_equal(system(cmd), 0);
	unlink(path);
}

static void
test_two_entries(void **state)
{
	static const char want[] =
	    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">\n"
	    "  <title>The Test Wire</title>\n"
	    "  <subtitle>Slow news</subtitle>\n"
	    "  <link rel=\"self\" href=\"gemini://example.org/atom.xml\" "
	    "type=\"application/atom+xml\"/>\n"
	    "  <link rel=\"alternate\" href=\"gemini://example.org/\" "
	    "type=\"text/gemini\"/>\n"
	    "  <id>tag:example.org,2000:/atom.xml</id>\n"
	    "  <updated>2024-06-19T10:00:00Z</updated>\n"
	    "  <author>\n"
	    "    <name>The Test Wire</name>\n"
	    "  </author>\n"
	    "  <generator>capsule</generator>\n"
	    "  <rights>(c) Test Wire</rights>\n"
	    "  <entry>\n"
	    "    <title>First story</title>\n"
	    "    <link rel=\"alternate\" "
	    "href=\"gemini://example.org/articles/first-story\" "
	    "type=\"text/gemini\"/>\n"
	    "    <id>tag:example.org,2024-06-18:/articles/first-story</id>\n"
	    "    <published>2024-06-18T09:00:00Z</published>\n"
	    "    <updated>2024-06-19T10:00:00Z</updated>\n"
	    "    <author>\n"
	    "      <name>A. Writer</name>\n"
	    "    </author>\n"
	    "    <category term=\"china\"/>\n"
	    "    <category term=\"trade\"/>\n"
	    "    <summary>One sentence.</summary>\n"
	    "  </entry>\n"
	    "  <entry xml:lang=\"fr\">\n"
	    "    <title>Second story</title>\n"
	    "    <link rel=\"alternate\" "
	    "href=\"gemini://example.org/articles/second\" "
	    "type=\"text/gemini\"/>\n"
	    "    <id>tag:example.org,2024-05-01:/articles/second</id>\n"
	    "    <published>2024-05-01T06:30:00Z</published>\n"
	    "    <updated>2024-05-01T06:30:00Z</updated>\n"
	    "    <author>\n"
	    "      <name>The Test Wire</name>\n"
	    "    </author>\n"
	    "    <rights>Mine</rights>\n"
	    "  </entry>\n"
	    "</feed>\n";
	const struct article *arts[2];
	struct article a, b;
	char *s;

	(void)state;
	fix_article(&a, "first-story", first);
	fix_article(&b, "second", second);
	arts[0] = &a;
	arts[1] = &b;
	s = atom(&site, "gemini://example.org", "/atom.xml", NULL, arts, 2);
	assert_string_equal(s, want);
	xmllint_ok(s);
	free(s);
	/* The newest entry decides <updated>, whatever the order. */
	arts[0] = &b;
	arts[1] = &a;
	s = atom(&site, "gemini://example.org/", "/atom.xml", NULL, arts, 2);
	assert_non_null(strstr(s, "  <updated>2024-06-19T10:00:00Z</updated>\n"
	    "  <author>"));
	assert_null(strstr(s, "org//"));
	free(s);
	article_free(&a);
	article_free(&b);
}

static void
test_escaping(void **state)
{
	static const char text[] =
	    "Title: Fish & chips <b>\"quoted\"</b> it's ]]>\n"
	    "Date: 2024-06-18T09:00:00Z\n"
	    "Author: Smith & Sons <news@example.org>\n"
	    "Summary: 1 < 2 > 0 & \"so\" on\n"
	    "\n";
	static const struct render_site odd = {
		"A & B", "<desc>", "en", "\"c\" & 'd'", "Example.ORG",
	};
	const struct article *arts[1];
	struct article a;
	char *s;

	(void)state;
	fix_article(&a, "fish", text);
	arts[0] = &a;
	s = atom(&odd, "gemini://example.org:1966", "/tags/food/atom.xml",
	    "Tag \"food\" & more", arts, 1);
	assert_non_null(strstr(s, "<title>Fish &amp; chips &lt;b&gt;&quot;"
	    "quoted&quot;&lt;/b&gt; it&apos;s ]]&gt;</title>"));
	assert_non_null(strstr(s,
	    "<name>Smith &amp; Sons &lt;news@example.org&gt;</name>"));
	assert_non_null(strstr(s, "<summary>1 &lt; 2 &gt; 0 &amp; &quot;so"
	    "&quot; on</summary>"));
	assert_non_null(strstr(s,
	    "<title>Tag &quot;food&quot; &amp; more</title>"));
	assert_non_null(strstr(s, "<subtitle>&lt;desc&gt;</subtitle>"));
	assert_non_null(strstr(s,
	    "<rights>&quot;c&quot; &amp; &apos;d&apos;</rights>"));
	assert_non_null(strstr(s, "<name>A &amp; B</name>"));
	/* Tag feeds point back at their tag page. */
	assert_non_null(strstr(s, "<link rel=\"self\" href=\"gemini://"
	    "example.org:1966/tags/food/atom.xml\""));
	assert_non_null(strstr(s, "<link rel=\"alternate\" href=\"gemini://"
	    "example.org:1966/tags/food/\""));
	/* Host names fold to lower case in ids, which compare exactly. */
	assert_non_null(strstr(s,
	    "<id>tag:example.org,2000:/tags/food/atom.xml</id>"));
	assert_non_null(strstr(s,
	    "<id>tag:example.org,2024-06-18:/articles/fish</id>"));
	xmllint_ok(s);
	free(s);
	article_free(&a);
}

/* Characters XML 1.0 cannot carry are dropped, a stray byte replaced. */
static void
test_invalid_chars(void **state)
{
	static const struct render_site bad = {
		"a\x01" "b\xef\xbf\xbe" "c\xff" "d\te\nf", "", "", "", "h",
	};
	char *s;

	(void)state;
	s = atom(&bad, "gemini://h", "/atom.xml", NULL, NULL, 0);
	assert_non_null(strstr(s,
	    "<title>abc\xef\xbf\xbd" "d&#9;e&#10;f</title>"));
	/* No language: no xml:lang. */
	assert_non_null(strstr(s,
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"));
	xmllint_ok(s);
	free(s);
}

static void
test_entry_id(void **state)
{
	static const char before[] =
	    "Title: Renamed\n"
	    "Date: 2024-06-18T23:30:00-02:00\n"
	    "\n";
	static const char after[] =
	    "Title: Renamed, and renamed again\n"
	    "Date: 2024-06-18T23:30:00-02:00\n"
	    "Updated: 2024-07-01T00:00:00Z\n"
	    "Previous-Slugs: zz-original, renamed\n"
	    "\n";
	static const struct render_site upper = {
		"T", "", "en", "", "EXAMPLE.org",
	};
	struct article a, b;
	char id1[256], id2[256], small[16];

	(void)state;
	fix_article(&a, "zz-original", before);
	fix_article(&b, "renamed-again", after);
	feed_entry_id(&site, &a, id1, sizeof(id1));
	feed_entry_id(&site, &b, id2, sizeof(id2));
	/* The date is the UTC one: 23:30 at -02:00 is the next day. */
	assert_string_equal(id1,
	    "tag:example.org,2024-06-19:/articles/zz-original");
	/*
	 * The first slug listed, not the smallest: a_prevslugs is sorted
	 * and would give "renamed".
	 */
	assert_string_equal(id2, id1);
	feed_entry_id(&upper, &a, id2, sizeof(id2));
	assert_string_equal(id2, id1);
	/* A short buffer truncates and stays terminated. */
	feed_entry_id(&site, &a, small, sizeof(small));
	assert_string_equal(small, "tag:example.org");
	article_free(&a);
	article_free(&b);
}

static void
test_empty(void **state)
{
	static const struct render_site bare = { "", "", "en", "", "h.example" };
	char *s;

	(void)state;
	s = atom(&site, "gemini://example.org", "/atom.xml", NULL, NULL, 0);
	assert_non_null(strstr(s,
	    "  <updated>1970-01-01T00:00:00Z</updated>\n"));
	assert_non_null(strstr(s, "  <id>tag:example.org,2000:/atom.xml</id>\n"));
	assert_null(strstr(s, "<entry"));
	assert_non_null(strstr(s, "</rights>\n</feed>\n"));
	xmllint_ok(s);
	free(s);
	/* Without a site title the host name stands in. */
	s = atom(&bare, "gemini://h.example", "/atom.xml", NULL, NULL, 0);
	assert_non_null(strstr(s, "<title>h.example</title>"));
	assert_non_null(strstr(s, "<name>h.example</name>"));
	assert_null(strstr(s, "<subtitle>"));
	assert_null(strstr(s, "<rights>"));
	xmllint_ok(s);
	free(s);
}

/* The gopher form: gopher:// links with item types, the same ids. */
static void
test_gopher(void **state)
{
	const struct article *arts[1];
	struct buf g = BUF_INIT;
	struct article a;
	const char *p, *q;
	char *gem, *gs;
	size_t len;

	(void)state;
	fix_article(&a, "first-story", first);
	arts[0] = &a;
	assert_int_equal(feed_atom_gopher(&g, &site, "gopher://example.org:70",
	    "/tags/trade/atom.xml", NULL, arts, 1), 0);
	assert_non_null(gs = buf_release(&g, &len));
	gem = atom(&site, "gemini://example.org", "/tags/trade/atom.xml",
	    NULL, arts, 1);
	assert_non_null(strstr(gs, "<link rel=\"alternate\" "
	    "href=\"gopher://example.org:70/1/articles/first-story\"/>"));
	assert_non_null(strstr(gs, "<link rel=\"self\" "
	    "href=\"gopher://example.org:70/0/tags/trade/atom.xml\" "
	    "type=\"application/atom+xml\"/>"));
	assert_non_null(strstr(gs, "<link rel=\"alternate\" "
	    "href=\"gopher://example.org:70/1/tags/trade/\"/>"));
	assert_null(strstr(gs, "gemini://"));
	/* Every <id> the Gemini feed's, in the same order. */
	for (p = gs, q = gem; (p = strstr(p, "<id>")) != NULL; p++, q++) {
		assert_non_null(q = strstr(q, "<id>"));
		assert_memory_equal(p, q, strcspn(p, "\n"));
	}
	xmllint_ok(gs);
	free(gs);
	free(gem);
	article_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_entries),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_invalid_chars),
		cmocka_unit_test(test_entry_id),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_gopher),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
