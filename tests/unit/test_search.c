/*
 * Unit tests for search: ranking (title, then tags, then body, then the
 * newest), every word required, folding, drafts left out, snippets.
 */
#include <sys/stat.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "search.h"
#include "utf8.h"
#include "fixtures.h"

static char dir[] = "/tmp/capsule-test-search-XXXXXX";

static void
put(const char *slug, const char *text)
{
	char name[256];

	snprintf(name, sizeof(name), "articles/%s.gmi", slug);
	fix_put(dir, name, text);
}

struct fixture {
	struct store		*st;
	struct search_index	*si;
};

static int
setup(void **state)
{
	static struct fixture fx;
	char path[512];
	const char *errpath, *errstr;
	unsigned line;
	FILE *f;
	int i;

	if (fix_mkstore(dir) == -1)
		return -1;
	fix_put(dir, "capsule.conf", "title = t\n");
	put("title-hit", "Title: Lighthouse keepers return\n"
	    "Date: 2024-01-01T00:00:00Z\nTags: sea\n\nA story.\n");
	put("tag-hit", "Title: Coastal news\nDate: 2024-01-02T00:00:00Z\n"
	    "Tags: lighthouse\n\nNothing more.\n");
	put("body-hit", "Title: Harbour notes\nDate: 2024-01-03T00:00:00Z\n"
	    "Tags: sea\n\nThe old lighthouse, the lighthouse again, and a "
	    "third lighthouse.\n=> https://lighthouse.example/ a link\n");
	put("body-once", "Title: Market day\nDate: 2024-01-04T00:00:00Z\n\n"
	    "Someone mentioned a lighthouse.\n");
	put("body-once-old", "Title: Old market\nDate: 2023-01-04T00:00:00Z\n"
	    "\nAnother lighthouse mention.\n");
	put("accents", "Title: La station météo\nDate: 2024-02-01T00:00:00Z\n"
	    "\nIt's raining in Zoë's town.\n");
	put("moscow", "Title: Москва зимой\nDate: 2024-02-02T00:00:00Z\n"
	    "\nЁлка на площади.\n");
	put("istanbul", "Title: İstanbul notes\nDate: 2024-02-03T00:00:00Z\n"
	    "\nA walk down the Hauptstraße, then the ferry.\n");
	put("greek", "Title: Ο Οδυσσέας\nDate: 2024-02-04T00:00:00Z\n"
	    "\nΣτην Ιθάκη.\n");
	put("hanoi", "Title: Hà Nội\nDate: 2024-02-05T00:00:00Z\n\n"
	    "東京の天気。晴れ。がっこう、서울.\n");
	put("draft", "Title: Secret lighthouse\nDate: 2024-03-01T00:00:00Z\n"
	    "Status: draft\n\nHidden.\n");
	put("long", "Title: Long one\nDate: 2024-04-01T00:00:00Z\n\n"
	    "## A heading\n\nWords words words words words words words words "
	    "words words words words words words words words words words words "
	    "words words words words words words words words words words words "
	    "words words needle words words words words words words words words "
	    "words words words words words words words words words words words "
	    "words words words words words words words words words words words "
	    "words words words words words words words words words words.\n");
	/* 200 CJK characters and no space: the snippet has to cut a word. */
	snprintf(path, sizeof(path), "%s/articles/nospace.gmi", dir);
	if ((f = fopen(path, "w")) == NULL)
		return -1;
	fputs("Title: Kanji only\nDate: 2024-05-01T00:00:00Z\n\n", f);
	for (i = 0; i < 200; i++)
		fputs("\xe6\xbc\xa2", f);	/* U+6F22 */
	fputs("\n", f);
	fclose(f);
	fx.st = store_load(dir, NULL, NULL, &errpath, &line, &errstr);
	if (fx.st == NULL || (fx.si = search_build(fx.st)) == NULL)
		return -1;
	*state = &fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	search_free(fx->si);
	store_free(fx->st);
	fix_rmtree(dir);
	return 0;
}

static void
test_ranking(void **state)
{
	struct fixture *fx = *state;
	struct search_hit h[10];
	size_t n;

	n = search_query(fx->si, "LIGHTHOUSE", h, 10);
	assert_int_equal(n, 5);		/* the draft is not there */
	assert_string_equal(h[0].sh_art->a_slug, "title-hit");
	assert_string_equal(h[1].sh_art->a_slug, "tag-hit");
	assert_string_equal(h[2].sh_art->a_slug, "body-hit");
	assert_string_equal(h[3].sh_art->a_slug, "body-once");
	assert_string_equal(h[4].sh_art->a_slug, "body-once-old");
	assert_true(h[0].sh_score > h[1].sh_score);
	assert_true(h[1].sh_score > h[2].sh_score);
	/* Three mentions in the text; the link's URL does not count. */
	assert_int_equal(h[2].sh_score, 3 + 0);

	/* max limits what is filled, not the count. */
	assert_int_equal(search_query(fx->si, "lighthouse", h, 2), 5);
}

static void
test_words(void **state)
{
	struct fixture *fx = *state;
	struct search_hit h[10];

	/* Every word must be there. */
	assert_int_equal(search_query(fx->si, "lighthouse sea", h, 10), 2);
	assert_int_equal(search_query(fx->si, "lighthouse nowhere", h, 10),
	    0);
	assert_int_equal(search_query(fx->si, "", h, 10), 0);
	assert_int_equal(search_query(fx->si, " ,;!? ", h, 10), 0);
	/* Accents and apostrophes fold. */
	assert_int_equal(search_query(fx->si, "meteo", h, 10), 1);
	assert_int_equal(search_query(fx->si, "MÉTÉO", h, 10), 1);
	assert_int_equal(search_query(fx->si, "its", h, 10), 1);
	assert_int_equal(search_query(fx->si, "zoes", h, 10), 1);
	assert_int_equal(search_query(fx->si, "secret", h, 10), 0);
	/* Every script folds case; generic accents go (ё, ά, ộ, İ). */
	assert_int_equal(search_query(fx->si, "москва", h, 10), 1);
	assert_string_equal(h[0].sh_art->a_slug, "moscow");
	assert_int_equal(search_query(fx->si, "МОСКВА", h, 10), 1);
	assert_int_equal(search_query(fx->si, "елка", h, 10), 1);
	assert_int_equal(search_query(fx->si, "istanbul", h, 10), 1);
	assert_string_equal(h[0].sh_art->a_slug, "istanbul");
	assert_int_equal(search_query(fx->si, "hauptstrasse", h, 10), 1);
	assert_int_equal(search_query(fx->si, "HAUPTSTRASSE", h, 10), 1);
	assert_int_equal(search_query(fx->si, "ΟΔΥΣΣΕΑΣ", h, 10), 1);
	assert_int_equal(search_query(fx->si, "οδυσσεας", h, 10), 1);
	assert_int_equal(search_query(fx->si, "ιθακη", h, 10), 1);
	assert_int_equal(search_query(fx->si, "ha noi", h, 10), 1);
	/* CJK punctuation separates; kana voicing marks and Hangul stay. */
	assert_int_equal(search_query(fx->si, "晴れ", h, 10), 1);
	assert_int_equal(search_query(fx->si, "がっこう", h, 10), 1);
	assert_int_equal(search_query(fx->si, "かっこう", h, 10), 0);
	assert_int_equal(search_query(fx->si, "서울", h, 10), 1);
	/* Words past the eighth distinct one are ignored, not refused. */
	assert_int_equal(search_query(fx->si,
	    "the old lighthouse again and a third harbour", h, 10), 1);
	assert_int_equal(search_query(fx->si,
	    "the old lighthouse again and a third harbour zzzz", h, 10), 1);
	assert_int_equal(search_query(fx->si,
	    "the old lighthouse again and a third zzzz", h, 10), 0);
}

static void
test_snippet(void **state)
{
	struct fixture *fx = *state;
	struct search_hit h[1];
	char out[512], tiny[8];

	assert_int_equal(search_query(fx->si, "needle", h, 1), 1);
	search_snippet(h[0].sh_art, "needle", out, sizeof(out));
	assert_non_null(strstr(out, "needle"));
	assert_memory_equal(out, "\xe2\x80\xa6 ", 4);	/* cut in front */
	assert_null(strchr(out, '\n'));
	assert_null(strstr(out, "##"));
	search_snippet(h[0].sh_art, "nothing", out, sizeof(out));
	assert_string_equal(out, "A heading");
	search_snippet(h[0].sh_art, "needle", tiny, sizeof(tiny));
	assert_true(strlen(tiny) < sizeof(tiny));
	/* A snippet never ends inside a character. */
	search_snippet(h[0].sh_art, "needle", tiny, 6);
	assert_string_equal(tiny, "\xe2\x80\xa6 w");
	search_snippet(h[0].sh_art, "needle", tiny, 3);
	assert_string_equal(tiny, "");
}

/*
 * Found by fuzz_search: a line with no space in the snippet's window (a
 * CJK text) was cut one byte after its start, in the middle of a
 * character, and the snippet was not UTF-8.
 */
static void
test_snippet_no_space(void **state)
{
	struct fixture *fx = *state;
	struct search_hit h[2];
	char out[512];
	size_t bad;

	assert_int_equal(search_query(fx->si, "kanji", h, 2), 1);
	search_snippet(h[0].sh_art, "nothing", out, sizeof(out));
	assert_int_equal(utf8_validate(out, strlen(out), &bad), 0);
	/* 160 characters of the line, then the ellipsis. */
	assert_int_equal(strlen(out), 160 * 3 + 3);
	assert_memory_equal(out, "\xe6\xbc\xa2", 3);
	assert_string_equal(out + 160 * 3, "\xe2\x80\xa6");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ranking),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_snippet),
		cmocka_unit_test(test_snippet_no_space),
	};

	return cmocka_run_group_tests_name("search", tests, setup, teardown);
}
