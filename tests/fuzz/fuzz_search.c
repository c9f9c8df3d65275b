/*
 * fuzz_search: the search index, the query tokeniser and the snippets,
 * on articles and a query taken from the input.
 *
 * Input: QUERY NUL ARTICLE [NUL ARTICLE]... (at most FS_ARTS articles).
 * An ARTICLE that does not parse as an article file becomes the body of
 * one with a fixed header, so that any bytes the article parser accepts
 * reach the index.  The query is any bytes: the protocols check it is
 * UTF-8 first, the index must not depend on that.
 *
 * Promises checked: the hits are published articles in rank order, no
 * more than matched; an article is found by the words of its own title;
 * a snippet fits its buffer, is one line of well-formed UTF-8, and is
 * whole characters however small the buffer.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "search.h"
#include "store.h"
#include "utf8.h"

#define FS_ARTS		8

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* One article from part[0..len): as a file, or as the body of one. */
static int
fs_article(struct article *a, const char *part, size_t len, size_t i)
{
	static const char head[] = "Title: Fuzzed\n"
	    "Date: 2024-01-01T00:00:00Z\nTags: fuzz\n\n";
	const char *errstr;
	unsigned line;
	char *text;
	int rc;

	memset(a, 0, sizeof(*a));
	if (article_parse(a, part, len, &line, &errstr) == -1) {
		if ((text = malloc(sizeof(head) + len)) == NULL)
			return -1;
		memcpy(text, head, sizeof(head) - 1);
		memcpy(text + sizeof(head) - 1, part, len);
		rc = article_parse(a, text, sizeof(head) - 1 + len, &line,
		    &errstr);
		free(text);
		if (rc == -1)
			return -1;
	}
	if ((a->a_slug = malloc(16)) == NULL) {
		article_free(a);
		return -1;
	}
	snprintf(a->a_slug, 16, "a%zu", i);
	return 0;
}

static int
fs_has_alnum(const char *s)
{
	for (; *s != '\0'; s++)
		if ((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') ||
		    (*s >= 'A' && *s <= 'Z'))
			return 1;
	return 0;
}

static void
fs_snippets(const struct article *a, const char *query)
{
	static const size_t sizes[] = { 1, 2, 4, 5, 6, 7, 16, 64, 512 };
	char out[512];
	size_t i, n, bad;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		memset(out, 'X', sizeof(out));
		search_snippet(a, query, out, sizes[i]);
		if ((n = strnlen(out, sizes[i])) >= sizes[i] ||
		    memchr(out, '\n', n) != NULL ||
		    utf8_validate(out, n, &bad) == -1)
			abort();
	}
}

/* Ranked, published, no more than matched. */
static void
fs_check_hits(const struct store *st, const struct search_hit *h, size_t n,
    size_t max)
{
	size_t i, k;

	if (n > st->s_npub)
		abort();
	for (i = 0; i < n && i < max; i++) {
		for (k = 0; k < st->s_npub; k++)
			if (st->s_pub[k] == h[i].sh_art)
				break;
		if (k == st->s_npub || h[i].sh_score == 0 ||
		    (i > 0 && h[i].sh_score > h[i - 1].sh_score))
			abort();
		for (k = 0; k < i; k++)
			if (h[k].sh_art == h[i].sh_art)
				abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct article arts[FS_ARTS], *pub[FS_ARTS];
	struct search_hit hits[FS_ARTS];
	struct search_index *si;
	struct store st;
	const char *p = (const char *)data, *end = p + len, *nul;
	char *query;
	size_t narts = 0, n, i, k;

	nul = memchr(p, '\0', len);
	if ((query = malloc((nul ? (size_t)(nul - p) : len) + 1)) == NULL)
		return 0;
	memcpy(query, p, nul ? (size_t)(nul - p) : len);
	query[nul ? (size_t)(nul - p) : len] = '\0';
	for (p = nul ? nul + 1 : end; nul != NULL && narts < FS_ARTS;
	    p = nul + 1) {
		if ((nul = memchr(p, '\0', (size_t)(end - p))) == NULL)
			nul = end;
		if (fs_article(&arts[narts], p, (size_t)(nul - p), narts) == 0)
			narts++;
		if (nul == end)
			break;
	}
	memset(&st, 0, sizeof(st));
	for (i = 0; i < narts; i++)
		if (!arts[i].a_draft)
			pub[st.s_npub++] = &arts[i];
	st.s_pub = pub;
	if ((si = search_build(&st)) == NULL)
		goto done;
	n = search_query(si, query, hits, FS_ARTS);
	fs_check_hits(&st, hits, n, FS_ARTS);
	n = search_query(si, query, hits, 1);
	fs_check_hits(&st, hits, n, 1);
	for (i = 0; i < st.s_npub; i++) {
		const struct article *a = st.s_pub[i];

		n = search_query(si, a->a_title, hits, FS_ARTS);
		fs_check_hits(&st, hits, n, FS_ARTS);
		for (k = 0; k < n && hits[k].sh_art != a; k++)
			;
		if (fs_has_alnum(a->a_title) && k == n)
			abort();
		fs_snippets(a, query);
		fs_snippets(a, a->a_title);
	}
	search_free(si);
done:
	for (i = 0; i < narts; i++)
		article_free(&arts[i]);
	free(query);
	return 0;
}
