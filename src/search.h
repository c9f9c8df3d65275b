/*
 * search: the inverted index behind /search, built once per snapshot.
 *
 * Words are folded (Unicode case folding and accents off, through
 * utf8proc; Latin-1 and Extended-A letters as utf8_fold spells them) and
 * cut at spaces, punctuation and ASCII symbols.  Each published article
 * scores per word: 1000 for a match in the title, 100 in a tag, 1 per
 * occurrence in the body (at most 99), so hits rank by title, then tags,
 * then body, and newer articles first among equal scores.  A query
 * matches the articles that hold every one of its words.
 *
 * The index borrows the store it was built from (article pointers and
 * bodies) and must be freed before it.
 */
#ifndef CAPSULE_SEARCH_H
#define CAPSULE_SEARCH_H

#include <stddef.h>

#include "store.h"

#define SEARCH_WORDS_MAX 8	/* words of a query beyond this are ignored */

struct search_index;

struct search_hit {
	struct article	*sh_art;
	unsigned	 sh_score;
};

/*
 * Builds the index of s's published articles; NULL when out of memory or
 * past 2,097,151 published articles (what a posting has room for).
 */
struct search_index	*search_build(const struct store *s);
void			 search_free(struct search_index *);

/*
 * Runs query (decoded text).  Fills hits[0..max) in rank order and
 * returns how many matched in all (which may exceed max).
 */
size_t	search_query(const struct search_index *, const char *query,
	    struct search_hit *hits, size_t max);

/*
 * A one-line snippet of a's body around the first word of query found
 * there (or the start of the body), at most about 160 characters, with
 * "…" where it was cut, into out (outsz bytes, NUL-terminated).
 */
void	search_snippet(const struct article *a, const char *query, char *out,
	    size_t outsz);

#endif
