/*
 * fuzz_article: the article parser, and its promise that whatever it
 * accepts it writes back in a form that parses to the same thing.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct article a, b;
	const char *errstr;
	unsigned line;
	size_t n, m;
	char *s, *t;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	if (article_parse(&a, (const char *)data, len, &line, &errstr) == -1)
		return 0;
	if ((s = article_serialise(&a, &n)) == NULL)
		abort();
	if (article_parse(&b, s, n, &line, &errstr) == -1)
		abort();
	if ((t = article_serialise(&b, &m)) == NULL || n != m ||
	    memcmp(s, t, n) != 0 || a.a_date != b.a_date ||
	    a.a_ntags != b.a_ntags)
		abort();
	free(s);
	free(t);
	article_free(&a);
	article_free(&b);
	return 0;
}
