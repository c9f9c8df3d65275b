/*
 * snap_find: finding things in a built snapshot (articles, aliases,
 * extra pages, media, tags, months, related articles) and the tag feeds
 * rendered for each request.  Reads the snapshot only: the page table
 * and the front ends call it, it calls back into neither.  See
 * snap_int.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "feed.h"
#include "route.h"
#include "snap_int.h"
#include "snapshot.h"

static int
snap_cmp_named(const void *x, const void *y)
{
	return strcmp(((const struct snap_named *)x)->sn_name,
	    ((const struct snap_named *)y)->sn_name);
}

const char *
snapshot_alias(const struct snapshot *sn, const char *slug, size_t len)
{
	char name[ARTICLE_SLUG_MAX + 1];
	const struct article *a;

	if (len > ARTICLE_SLUG_MAX)
		return NULL;
	memcpy(name, slug, len);
	name[len] = '\0';
	a = store_find_alias(sn->sn_store, name);
	return a != NULL ? a->a_slug : NULL;
}

size_t
snapshot_related(const struct snapshot *sn, const struct article *a,
    const struct article **out, size_t max)
{
	const struct store *s = sn->sn_store;
	struct cand {
		const struct article	*art;
		size_t			 shared;
	} best[SNAP_RELATED];
	size_t nbest = 0, i, j, k, shared;

	if (max > SNAP_RELATED)
		max = SNAP_RELATED;
	/*
	 * Every article of every tag of a, counted once: when seen first
	 * (under a's first tag they share), count its shared tags.
	 */
	for (i = 0; i < a->a_ntags; i++) {
		const struct store_tag *t = store_find_tag(s, a->a_tags[i]);

		for (j = 0; t != NULL && j < t->st_n; j++) {
			const struct article *b = t->st_arts[j];

			if (b == a)
				continue;
			for (k = 0; k < i && !article_has_tag(b,
			    a->a_tags[k]); k++)
				;
			if (k < i)
				continue;
			for (shared = 0, k = i; k < a->a_ntags; k++)
				shared += article_has_tag(b, a->a_tags[k]);
			/* Insert by shared tags, then newest (then slug). */
			for (k = nbest; k > 0; k--) {
				const struct cand *c = &best[k - 1];

				if (c->shared > shared || (c->shared == shared &&
				    (c->art->a_date > b->a_date ||
				    (c->art->a_date == b->a_date &&
				    strcmp(c->art->a_slug, b->a_slug) < 0))))
					break;
				if (k < max)
					best[k] = best[k - 1];
			}
			if (k < max) {
				best[k].art = b;
				best[k].shared = shared;
				if (nbest < max)
					nbest++;
			}
		}
	}
	for (i = 0; i < nbest; i++)
		out[i] = best[i].art;
	return nbest;
}

/*
 * Tag feeds are rendered for each request and never kept.  An article
 * may carry ARTICLE_TAGS_MAX tags, so it may appear in that many tag
 * feeds, each entry repeating all its tags as categories: every tag
 * feed made at build (or kept once asked for) would cost up to 64 x 64
 * category lines per article, a build or a memory quadratic in the tag
 * limit, for feeds that readers fetch seldom.  One feed is bounded
 * (SNAP_FEED_MAX entries of at most ARTICLE_TAGS_MAX categories each)
 * and goes into the connection's own buffer.
 */
int
snapshot_tag_feed(const struct snapshot *sn, long i, enum snap_form f,
    struct buf *b)
{
	const struct store_tag *t = &sn->sn_store->s_tags[i];
	char self[ARTICLE_SLUG_MAX + 32], title[ARTICLE_SLUG_MAX + 512];
	struct route r;

	if (route_format(self, sizeof(self), route_set(&r, ROUTE_TAG_FEED,
	    t->st_name)) == -1)
		return -1;
	snprintf(title, sizeof(title), "%s: %s", sn->sn_site.rs_title,
	    t->st_name);
	if (f == SNAP_GOPHER)
		return feed_atom_gopher(b, &sn->sn_site, sn->sn_gbase, self,
		    title, (const struct article *const *)t->st_arts,
		    t->st_n < SNAP_FEED_MAX ? t->st_n : SNAP_FEED_MAX);
	return feed_atom(b, &sn->sn_site, sn->sn_base, self, title,
	    (const struct article *const *)t->st_arts,
	    t->st_n < SNAP_FEED_MAX ? t->st_n : SNAP_FEED_MAX);
}

struct article *
snapshot_article(const struct snapshot *sn, const char *slug, size_t len)
{
	char name[ARTICLE_SLUG_MAX + 1];
	struct article *a;

	if (len > ARTICLE_SLUG_MAX)
		return NULL;
	memcpy(name, slug, len);
	name[len] = '\0';
	a = store_find(sn->sn_store, name);
	return a != NULL && !a->a_draft ? a : NULL;
}

const struct snap_named *
snapshot_page(const struct snapshot *sn, const char *name, size_t len)
{
	struct snap_named key;
	char buf[ARTICLE_SLUG_MAX + 1];

	if (len > ARTICLE_SLUG_MAX || sn->sn_npages == 0)
		return NULL;
	memcpy(buf, name, len);
	buf[len] = '\0';
	key.sn_name = buf;
	return bsearch(&key, sn->sn_pages, sn->sn_npages, sizeof(key),
	    snap_cmp_named);
}

const struct store_media *
snapshot_media(const struct snapshot *sn, const char *path)
{
	return store_files_media(&sn->sn_files, path);
}

long
snapshot_tag(const struct snapshot *sn, const char *tag, size_t len)
{
	char name[ARTICLE_SLUG_MAX + 1];
	const struct store_tag *t;

	if (len > ARTICLE_SLUG_MAX)
		return -1;
	memcpy(name, tag, len);
	name[len] = '\0';
	if ((t = store_find_tag(sn->sn_store, name)) == NULL)
		return -1;
	return t - sn->sn_store->s_tags;
}

long
snapshot_month(const struct snapshot *sn, int year, int month)
{
	const struct store_month *m;

	if ((m = store_find_month(sn->sn_store, year, month)) == NULL)
		return -1;
	return m - sn->sn_store->s_months;
}
