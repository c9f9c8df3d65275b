/*
 * fuzz_article: the article parser, and its promise that whatever it
 * accepts it writes back in a form that parses to the same thing; the
 * date, tag and slug helpers on what it accepts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* A slug made of anything is a valid name, without dashes at its ends. */
static void
check_slug(const char *title)
{
	char slug[ARTICLE_SLUG_MAX + 1];
	size_t n;

	if (article_slugify(title, slug) == -1)
		return;
	n = strlen(slug);
	if (!article_name_valid(slug) || slug[0] == '-' ||
	    slug[n - 1] == '-' || strstr(slug, "--") != NULL)
		abort();
}

/* An accepted article's date, tags and title keep their promises. */
static void
check_fields(const struct article *a)
{
	char date[32];
	int64_t t;
	const char *errstr;
	size_t i;
	int year;

	article_date_split(a->a_date, &year, NULL, NULL);
	if (year >= 0 && year <= 9999) {
		article_date_format(a->a_date, date);
		if (article_date_parse(date, &t, &errstr) == -1 ||
		    t != a->a_date)
			abort();
	}
	for (i = 0; i < a->a_ntags; i++)
		if (!article_name_valid(a->a_tags[i]) ||
		    !article_has_tag(a, a->a_tags[i]))
			abort();
	if (a->a_title != NULL)
		check_slug(a->a_title);
}

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
	/* capsulectl makes slugs of titles nobody has checked yet. */
	if ((s = malloc(len + 1)) == NULL)
		abort();
	memcpy(s, data, len);
	s[len] = '\0';
	check_slug(s);
	free(s);
	if (article_parse(&a, (const char *)data, len, &line, &errstr) == -1)
		return 0;
	check_fields(&a);
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
