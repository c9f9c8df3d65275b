/*
 * snap_article: the rows of the page table (snap_kinds.c) whose pages
 * are made on first use: an article in its four forms (gemtext, plain
 * text, gopher card and gopher text) and the authors, with the index
 * of bylines both author kinds share.  See snap_int.h.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gemtext.h"
#include "gophermap.h"
#include "snap_int.h"
#include "snapshot.h"
#include "text.h"

/* /articles/SLUG and its .txt: one page per article, on first use. */
int
snap_article_count(struct snapshot *sn, size_t *n)
{
	*n = sn->sn_store->s_narts;
	return 0;
}

long
snap_article_find(const struct snapshot *sn, const struct route *r)
{
	const struct article *a;

	if ((a = snapshot_article(sn, r->r_arg, r->r_arglen)) == NULL)
		return -1;
	return a - sn->sn_store->s_arts;
}

void
snap_article_route(const struct snapshot *sn, size_t i, struct route *r)
{
	route_set(r, ROUTE_ARTICLE, sn->sn_store->s_arts[i].a_slug);
}

/*
 * The older and newer published articles of a's first tag, for the
 * onward links: the first the Tags header names, the one its writer
 * put first (a_tags is sorted).  A tag's list is newest first; a draft
 * is in none.
 */
static void
snap_article_steps(const struct snapshot *sn, const struct article *a,
    struct render_article *ra)
{
	const struct store_tag *t;
	const char *v;
	char name[ARTICLE_SLUG_MAX + 1];
	size_t i, len;

	if (a->a_draft || (v = article_get(a, "Tags")) == NULL)
		return;
	v += strspn(v, ", \t");
	if ((len = strcspn(v, ", \t")) == 0 || len > ARTICLE_SLUG_MAX)
		return;
	memcpy(name, v, len);
	name[len] = '\0';
	if ((t = store_find_tag(sn->sn_store, name)) == NULL)
		return;
	for (i = 0; i < t->st_n && t->st_arts[i] != a; i++)
		;
	if (i == t->st_n)
		return;
	ra->ra_tag = t->st_name;
	if (i + 1 < t->st_n)
		ra->ra_prev = t->st_arts[i + 1];
	if (i > 0)
		ra->ra_next = t->st_arts[i - 1];
}

/*
 * The article page context: the Related: headlines, or when there are
 * none the related articles by shared tags; previous and next.
 */
static int
snap_article_ctx(const struct snapshot *sn, const struct article *a,
    struct render_article *ra, const struct article **related,
    struct render_headline **heads)
{
	size_t i, n = 0;

	memset(ra, 0, sizeof(*ra));
	ra->ra_art = a;
	ra->ra_related = related;
	snap_article_steps(sn, a, ra);
	*heads = NULL;
	for (i = 0; i < a->a_nhdr; i++)
		n += strcasecmp(a->a_hdr[i].h_name, "Related") == 0;
	if (n == 0) {
		ra->ra_nrelated = snapshot_related(sn, a, related,
		    SNAP_RELATED);
		return 0;
	}
	if ((*heads = calloc(n, sizeof(**heads))) == NULL)
		return -1;
	for (i = 0, n = 0; i < a->a_nhdr; i++) {
		if (strcasecmp(a->a_hdr[i].h_name, "Related") != 0)
			continue;
		(*heads)[n].rh_text = a->a_hdr[i].h_value;
		(*heads)[n].rh_art = store_find_title(sn->sn_store,
		    a->a_hdr[i].h_value);
		n++;
	}
	ra->ra_headlines = *heads;
	ra->ra_nheadlines = n;
	return 0;
}

enum snap_article_as { SNAP_AS_GEMTEXT, SNAP_AS_TEXT, SNAP_AS_CARD,
    SNAP_AS_GTEXT };

static int
snap_article(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang, enum snap_article_as as)
{
	static const struct text_opts opts = { 70, 0, 0, 0 };
	const struct article *a = &sn->sn_store->s_arts[i];
	const struct article *related[SNAP_RELATED];
	struct render_headline *heads;
	struct render_article ra;
	int rc = -1;

	if (a->a_lang != NULL && *lang != NULL)
		*lang = a->a_lang;
	if (snap_article_ctx(sn, a, &ra, related, &heads) == -1)
		return -1;
	switch (as) {
	case SNAP_AS_GEMTEXT:
		rc = gemtext_article(b, &sn->sn_site, &ra);
		break;
	case SNAP_AS_TEXT:
		rc = text_article(b, &sn->sn_site, &ra, &opts);
		break;
	case SNAP_AS_CARD:
		rc = gophermap_article(b, &sn->sn_site, sn->sn_gopher, &ra);
		break;
	case SNAP_AS_GTEXT:
		rc = gophermap_text(b, &sn->sn_site, sn->sn_gopher, &ra);
		break;
	}
	free(heads);
	return rc;
}

int
snap_article_gemini(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	return snap_article(b, sn, i, lang, SNAP_AS_GEMTEXT);
}

int
snap_article_text(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	return snap_article(b, sn, i, lang, SNAP_AS_TEXT);
}

int
snap_article_card(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	return snap_article(b, sn, i, lang, SNAP_AS_CARD);
}

int
snap_article_gtext(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	return snap_article(b, sn, i, lang, SNAP_AS_GTEXT);
}

/*
 * /authors/ and /authors/NAME/: the bylines of the published articles
 * under their slugs (article_slugify()), so that bylines that fold to
 * the same slug share a page, shown under the newest article's byline.
 */
struct snap_author {
	char			 sa_slug[ARTICLE_SLUG_MAX + 1];
	const char		*sa_name;
	const struct article	**sa_arts;	/* newest first */
	size_t			 sa_n;
};

struct snap_authors {
	struct snap_author	*sw_list;	/* by slug */
	size_t			 sw_n;
	const struct article	**sw_arts;	/* what sa_arts point into */
};

void
snap_authors_free(void *p)
{
	struct snap_authors *sw = p;

	if (sw != NULL) {
		free(sw->sw_list);
		free(sw->sw_arts);
		free(sw);
	}
}

/* By slug, then newest first (s_pub's order). */
static int
snap_cmp_author(const void *x, const void *y)
{
	const struct snap_author *a = x, *b = y;
	int c = strcmp(a->sa_slug, b->sa_slug);

	if (c != 0)
		return c;
	return a->sa_arts < b->sa_arts ? -1 : a->sa_arts > b->sa_arts;
}

/*
 * Builds the index once (both kinds use it): one entry per article with
 * a byline, sorted, then folded into one per slug in place.
 */
static struct snap_authors *
snap_authors(struct snapshot *sn)
{
	const struct store *s = sn->sn_store;
	struct snap_authors *sw;
	struct snap_author *e;
	size_t i, n = 0, k;

	if (sn->sn_kind[ROUTE_AUTHOR] != NULL)
		return sn->sn_kind[ROUTE_AUTHOR];
	if ((sw = calloc(1, sizeof(*sw))) == NULL ||
	    (sw->sw_list = calloc(s->s_npub + 1, sizeof(*e))) == NULL ||
	    (sw->sw_arts = calloc(s->s_npub + 1, sizeof(*sw->sw_arts))) ==
	    NULL) {
		snap_authors_free(sw);
		return NULL;
	}
	/* sa_arts holds the position in s_pub until the fold. */
	for (i = 0; i < s->s_npub; i++) {
		const struct article *a = s->s_pub[i];

		e = &sw->sw_list[n];
		if (a->a_author == NULL ||
		    article_slugify(a->a_author, e->sa_slug) == -1)
			continue;
		e->sa_name = a->a_author;
		e->sa_arts = (const struct article **)sw->sw_arts + i;
		n++;
	}
	qsort(sw->sw_list, n, sizeof(*e), snap_cmp_author);
	for (i = 0; i < n; i++) {
		e = &sw->sw_list[i];
		sw->sw_arts[i] = s->s_pub[e->sa_arts - sw->sw_arts];
		if (sw->sw_n > 0 && strcmp(sw->sw_list[sw->sw_n - 1].sa_slug,
		    e->sa_slug) == 0) {
			sw->sw_list[sw->sw_n - 1].sa_n++;
			continue;
		}
		k = sw->sw_n++;
		memmove(&sw->sw_list[k], e, sizeof(*e));
		sw->sw_list[k].sa_arts = sw->sw_arts + i;
		sw->sw_list[k].sa_n = 1;
	}
	sn->sn_kind[ROUTE_AUTHOR] = sw;
	return sw;
}

int
snap_authors_count(struct snapshot *sn, size_t *n)
{
	*n = 1;
	return snap_authors(sn) != NULL ? 0 : -1;
}

int
snap_author_count(struct snapshot *sn, size_t *n)
{
	const struct snap_authors *sw = snap_authors(sn);

	*n = sw != NULL ? sw->sw_n : 0;
	return sw != NULL ? 0 : -1;
}

static int
snap_cmp_author_slug(const void *key, const void *x)
{
	return strcmp(key, ((const struct snap_author *)x)->sa_slug);
}

long
snap_author_find(const struct snapshot *sn, const struct route *r)
{
	const struct snap_authors *sw = sn->sn_kind[ROUTE_AUTHOR];
	const struct snap_author *e;
	char slug[ARTICLE_SLUG_MAX + 1];

	if (sw == NULL || r->r_arglen > ARTICLE_SLUG_MAX)
		return -1;
	memcpy(slug, r->r_arg, r->r_arglen);
	slug[r->r_arglen] = '\0';
	if ((e = bsearch(slug, sw->sw_list, sw->sw_n, sizeof(*e),
	    snap_cmp_author_slug)) == NULL)
		return -1;
	return e - sw->sw_list;
}

void
snap_author_route(const struct snapshot *sn, size_t i, struct route *r)
{
	const struct snap_authors *sw = sn->sn_kind[ROUTE_AUTHOR];

	route_set(r, ROUTE_AUTHOR, sw->sw_list[i].sa_slug);
}

/* The list /authors/ shows, from the index; NULL when out of memory. */
static struct render_author *
snap_author_list(const struct snapshot *sn)
{
	const struct snap_authors *sw = sn->sn_kind[ROUTE_AUTHOR];
	struct render_author *rw;
	size_t i;

	if ((rw = calloc(sw->sw_n + 1, sizeof(*rw))) == NULL)
		return NULL;
	for (i = 0; i < sw->sw_n; i++) {
		rw[i].rw_name = sw->sw_list[i].sa_name;
		rw[i].rw_slug = sw->sw_list[i].sa_slug;
		rw[i].rw_count = sw->sw_list[i].sa_n;
	}
	return rw;
}

int
snap_authors_gemini(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	const struct snap_authors *sw = sn->sn_kind[ROUTE_AUTHOR];
	struct render_author *rw;
	int rc;

	(void)i;
	(void)lang;
	if ((rw = snap_author_list(sn)) == NULL)
		return -1;
	rc = gemtext_authors(b, &sn->sn_site, rw, sw->sw_n);
	free(rw);
	return rc;
}

int
snap_authors_gopher(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	const struct snap_authors *sw = sn->sn_kind[ROUTE_AUTHOR];
	struct render_author *rw;
	int rc;

	(void)i;
	(void)lang;
	if ((rw = snap_author_list(sn)) == NULL)
		return -1;
	rc = gophermap_authors(b, &sn->sn_site, sn->sn_gopher, rw, sw->sw_n);
	free(rw);
	return rc;
}

int
snap_author_gemini(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	const struct snap_authors *sw = sn->sn_kind[ROUTE_AUTHOR];
	const struct snap_author *e = &sw->sw_list[i];

	(void)lang;
	return gemtext_author(b, &sn->sn_site, e->sa_name,
	    (const struct article *const *)e->sa_arts, e->sa_n);
}

int
snap_author_gopher(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	const struct snap_authors *sw = sn->sn_kind[ROUTE_AUTHOR];
	const struct snap_author *e = &sw->sw_list[i];

	(void)lang;
	return gophermap_author(b, &sn->sn_site, sn->sn_gopher, e->sa_name,
	    (const struct article *const *)e->sa_arts, e->sa_n);
}
