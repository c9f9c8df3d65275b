/*
 * snapshot: see snapshot.h.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "buf.h"
#include "feed.h"
#include "gemtext.h"
#include "gophermap.h"
#include "mime.h"
#include "route.h"
#include "search.h"
#include "snapshot.h"
#include "store_files.h"
#include "text.h"
#include "utf8.h"
#include "util.h"

#define SNAP_FRONT_MAX	30	/* articles on the front page */
#define SNAP_FEED_MAX	50	/* entries in a feed */
#define SNAP_RELATED	5
#define SNAP_VERSION	"0.1"

static pthread_mutex_t	 snap_lock = PTHREAD_MUTEX_INITIALIZER;
static struct snapshot	*snap_current;

static const char snap_robots_txt[] =
    "User-agent: *\n"
    "Disallow: /search\n";

/* The types of pages: media types for Gemini, item types for Gopher. */
#define SNAP_GEMTEXT	GEMTEXT_MIME
#define SNAP_TEXT	"text/plain; charset=utf-8"
#define SNAP_ATOM	"application/atom+xml"
#define SNAP_MENU	"1"
#define SNAP_GTEXT	"0"

/*
 * Makes a page of the bytes of b, in one allocation of their exact size
 * (with its language), and empties b for the next page (its memory is
 * kept for reuse); -1 when out of memory.
 */
static int
snap_take(struct snap_page **pp, struct buf *b, const char *mime,
    const char *lang)
{
	struct snap_page *p;
	size_t langsz = lang != NULL ? strlen(lang) + 1 : 0;

	*pp = NULL;
	if (buf_ok(b) == -1 ||
	    (p = malloc(sizeof(*p) + b->b_len + 1 + langsz)) == NULL)
		return -1;
	atomic_init(&p->sp_refs, 1);
	p->sp_mime = mime;
	p->sp_len = b->b_len;
	if (b->b_len > 0)
		memcpy(p->sp_data, b->b_data, b->b_len);
	p->sp_data[b->b_len] = '\0';
	p->sp_lang = NULL;
	if (lang != NULL) {
		p->sp_lang = p->sp_data + b->b_len + 1;
		memcpy(p->sp_data + b->b_len + 1, lang, langsz);
	}
	buf_truncate(b, 0);
	*pp = p;
	return 0;
}

void
snapshot_page_ref(struct snap_page *p)
{
	atomic_fetch_add_explicit(&p->sp_refs, 1, memory_order_relaxed);
}

void
snapshot_page_unref(struct snap_page *p)
{
	if (p != NULL && atomic_fetch_sub_explicit(&p->sp_refs, 1,
	    memory_order_acq_rel) == 1)
		free(p);
}

static int
snap_cmp_named(const void *x, const void *y)
{
	return strcmp(((const struct snap_named *)x)->sn_name,
	    ((const struct snap_named *)y)->sn_name);
}

/*
 * The pages as Gemini responses, from the text the store layer read
 * (store_files.h), in its order (by name).
 */
static int
snap_make_pages(struct snapshot *sn)
{
	const struct store_files *f = &sn->sn_files;
	struct snap_named *np;
	struct buf b = BUF_INIT;
	size_t i;

	if (f->sf_npages > 0 && (sn->sn_pages = calloc(f->sf_npages,
	    sizeof(*sn->sn_pages))) == NULL)
		return -1;
	for (i = 0; i < f->sf_npages; i++) {
		np = &sn->sn_pages[i];
		buf_add(&b, f->sf_pages[i].pg_text, f->sf_pages[i].pg_len);
		if ((np->sn_name = strdup(f->sf_pages[i].pg_name)) == NULL ||
		    snap_take(&np->sn_page, &b, SNAP_GEMTEXT,
		    sn->sn_site.rs_lang) == -1) {
			free(np->sn_name);
			np->sn_name = NULL;
			buf_free(&b);
			return -1;
		}
		sn->sn_npages++;
	}
	buf_free(&b);
	return 0;
}

/* gophermap's question "what item type is media/PATH?" */
static char
snap_media_type(void *ctx, const char *path)
{
	const struct store_media *m;

	if (strncmp(path, "media/", 6) != 0 ||
	    (m = snapshot_media(ctx, path + 6)) == NULL)
		return 0;
	return m->sm_gopher;
}

/*
 * The page table.  Every page kind of the URL space is one row below:
 * how many pages of it a snapshot has, which one a route names, when
 * they are rendered and one renderer per form.  The front ends know
 * nothing of kinds: they hand a route to snapshot_lookup() and frame
 * what comes back.  A new kind is a row and its renderers here, its
 * path in route.c and its pages in the pure renderers (gemtext.c,
 * gophermap.c); a new protocol is a form (a column) and its front end.
 */

/* Renders page i of a kind into b; *lang is preset, NULL or the site's. */
typedef int snap_render_fn(struct buf *b, const struct snapshot *sn,
    size_t i, const char **lang);

enum snap_when {
	SNAP_AT_BUILD,		/* all of them, when the snapshot is built */
	SNAP_ON_USE,		/* each when first asked for, then kept */
	SNAP_EACH		/* for each request, never kept */
};

struct snap_form_def {
	const char	*sf_type;	/* Gemini media type, gopher item type;
					 * NULL: the kind has no such form */
	snap_render_fn	*sf_render;	/* NULL: the Gemini form's bytes */
	int		 sf_lang;	/* the status line names a language */
};

struct snap_kind {
	enum snap_when	 sk_when;
	/*
	 * How many pages of the kind the snapshot has (NULL: one), setting
	 * *n; may build the kind's own index into sn_kind[] (freed with
	 * sk_free).  -1 when out of memory.
	 */
	int		(*sk_count)(struct snapshot *, size_t *n);
	void		(*sk_free)(void *);
	/* Which page r names, or -1 (NULL: the one). */
	long		(*sk_find)(const struct snapshot *,
			    const struct route *);
	/* The route of page i, for messages (NULL: no argument). */
	void		(*sk_route)(const struct snapshot *, size_t i,
			    struct route *);
	struct snap_form_def sk_form[SNAP_NFORMS];
};

/*
 * What the build is rendering, for the message when it runs out of
 * memory: a reload that fails says which page it could not make.
 * Articles themselves are parsed by the loader, which names any that
 * fails, and rendered on first use, not here; what the build renders is
 * lists, where an article takes a line per tag, at most
 * ARTICLE_TAGS_MAX.  One per thread: builds run on the reload thread
 * and in capsulectl.
 */
static _Thread_local char snap_where_buf[ARTICLE_SLUG_MAX + 64];
static _Thread_local char snap_err_buf[ARTICLE_SLUG_MAX + 128];

/* The front page: the newest articles and the extra pages' names. */
static const char **
snap_page_names(const struct snapshot *sn)
{
	const char **names;
	size_t i;

	if ((names = calloc(sn->sn_npages + 1, sizeof(*names))) == NULL)
		return NULL;
	for (i = 0; i < sn->sn_npages; i++)
		names[i] = sn->sn_pages[i].sn_name;
	return names;
}

static size_t
snap_front_n(const struct store *s)
{
	return s->s_npub < SNAP_FRONT_MAX ? s->s_npub : SNAP_FRONT_MAX;
}

static int
snap_front_gemini(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	const struct store *s = sn->sn_store;
	const char **names;
	int rc;

	(void)i;
	(void)lang;
	if ((names = snap_page_names(sn)) == NULL)
		return -1;
	rc = gemtext_front(b, &sn->sn_site, (const struct article *const *)
	    s->s_pub, snap_front_n(s), names, sn->sn_npages);
	free(names);
	return rc;
}

static int
snap_front_gopher(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	const struct store *s = sn->sn_store;
	const char **names;
	int rc;

	(void)i;
	(void)lang;
	if ((names = snap_page_names(sn)) == NULL)
		return -1;
	rc = gophermap_front(b, &sn->sn_site, sn->sn_gopher,
	    (const struct article *const *)s->s_pub, snap_front_n(s), names,
	    sn->sn_npages);
	free(names);
	return rc;
}

/* /tags/ and /tags/TAG/ */
static struct render_tag *
snap_tag_list(const struct store *s)
{
	struct render_tag *rt;
	size_t i;

	if ((rt = calloc(s->s_ntags + 1, sizeof(*rt))) == NULL)
		return NULL;
	for (i = 0; i < s->s_ntags; i++) {
		rt[i].rt_name = s->s_tags[i].st_name;
		rt[i].rt_count = s->s_tags[i].st_n;
	}
	return rt;
}

static int
snap_tags_gemini(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	struct render_tag *rt;
	int rc;

	(void)i;
	(void)lang;
	if ((rt = snap_tag_list(sn->sn_store)) == NULL)
		return -1;
	rc = gemtext_tags(b, &sn->sn_site, rt, sn->sn_store->s_ntags);
	free(rt);
	return rc;
}

static int
snap_tags_gopher(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	struct render_tag *rt;
	int rc;

	(void)i;
	(void)lang;
	if ((rt = snap_tag_list(sn->sn_store)) == NULL)
		return -1;
	rc = gophermap_tags(b, &sn->sn_site, sn->sn_gopher, rt,
	    sn->sn_store->s_ntags);
	free(rt);
	return rc;
}

static int
snap_tag_count(struct snapshot *sn, size_t *n)
{
	*n = sn->sn_store->s_ntags;
	return 0;
}

static long
snap_tag_find(const struct snapshot *sn, const struct route *r)
{
	return snapshot_tag(sn, r->r_arg, r->r_arglen);
}

static void
snap_tag_route(const struct snapshot *sn, size_t i, struct route *r)
{
	route_set(r, ROUTE_TAG, sn->sn_store->s_tags[i].st_name);
}

static int
snap_tag_gemini(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	const struct store_tag *t = &sn->sn_store->s_tags[i];

	(void)lang;
	return gemtext_tag(b, &sn->sn_site, t->st_name,
	    (const struct article *const *)t->st_arts, t->st_n);
}

static int
snap_tag_gopher(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	const struct store_tag *t = &sn->sn_store->s_tags[i];

	(void)lang;
	return gophermap_tag(b, &sn->sn_site, sn->sn_gopher, t->st_name,
	    (const struct article *const *)t->st_arts, t->st_n);
}

static int
snap_tag_feed_render(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	(void)lang;
	return snapshot_tag_feed(sn, (long)i, b);
}

/* /archive/ and /archive/YYYY/MM/ */
static struct render_month *
snap_month_list(const struct store *s)
{
	struct render_month *rm;
	size_t i;

	if ((rm = calloc(s->s_nmonths + 1, sizeof(*rm))) == NULL)
		return NULL;
	for (i = 0; i < s->s_nmonths; i++) {
		rm[i].rm_year = s->s_months[i].sm_year;
		rm[i].rm_month = s->s_months[i].sm_month;
		rm[i].rm_count = s->s_months[i].sm_n;
	}
	return rm;
}

static int
snap_archive_gemini(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	struct render_month *rm;
	int rc;

	(void)i;
	(void)lang;
	if ((rm = snap_month_list(sn->sn_store)) == NULL)
		return -1;
	rc = gemtext_archive(b, &sn->sn_site, rm, sn->sn_store->s_nmonths);
	free(rm);
	return rc;
}

static int
snap_archive_gopher(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	struct render_month *rm;
	int rc;

	(void)i;
	(void)lang;
	if ((rm = snap_month_list(sn->sn_store)) == NULL)
		return -1;
	rc = gophermap_archive(b, &sn->sn_site, sn->sn_gopher, rm,
	    sn->sn_store->s_nmonths);
	free(rm);
	return rc;
}

static int
snap_month_count(struct snapshot *sn, size_t *n)
{
	*n = sn->sn_store->s_nmonths;
	return 0;
}

static long
snap_month_find(const struct snapshot *sn, const struct route *r)
{
	return snapshot_month(sn, r->r_year, r->r_month);
}

static void
snap_month_route(const struct snapshot *sn, size_t i, struct route *r)
{
	route_set(r, ROUTE_MONTH, NULL);
	r->r_year = sn->sn_store->s_months[i].sm_year;
	r->r_month = sn->sn_store->s_months[i].sm_month;
}

static int
snap_month_gemini(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	const struct store_month *m = &sn->sn_store->s_months[i];

	(void)lang;
	return gemtext_month(b, &sn->sn_site, m->sm_year, m->sm_month,
	    (const struct article *const *)m->sm_arts, m->sm_n);
}

static int
snap_month_gopher(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	const struct store_month *m = &sn->sn_store->s_months[i];

	(void)lang;
	return gophermap_month(b, &sn->sn_site, sn->sn_gopher, m->sm_year,
	    m->sm_month, (const struct article *const *)m->sm_arts, m->sm_n);
}

/* /atom.xml, the same bytes for both protocols. */
static int
snap_feed(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	const struct store *s = sn->sn_store;
	struct route r;
	char self[32];

	(void)i;
	(void)lang;
	if (route_format(self, sizeof(self), route_set(&r, ROUTE_FEED,
	    NULL)) == -1)
		return -1;
	return feed_atom(b, &sn->sn_site, sn->sn_base, self,
	    sn->sn_site.rs_title, (const struct article *const *)s->s_pub,
	    s->s_npub < SNAP_FEED_MAX ? s->s_npub : SNAP_FEED_MAX);
}

static int
snap_robots(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	(void)sn;
	(void)i;
	(void)lang;
	buf_puts(b, snap_robots_txt);
	return buf_ok(b);
}

/* /favicon.txt: the site's emoji, when it has one. */
static int
snap_favicon_count(struct snapshot *sn, size_t *n)
{
	*n = *sn->sn_store->s_site.ss_emoji != '\0';
	return 0;
}

static int
snap_favicon(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	(void)i;
	(void)lang;
	buf_printf(b, "%s\n", sn->sn_store->s_site.ss_emoji);
	return buf_ok(b);
}

/*
 * caps.txt, the capability file gopher clients read (CapsVersion 1; the
 * key is spelled "PathDelimeter" by the convention everyone follows).
 */
static int
snap_caps(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	(void)i;
	(void)lang;
	buf_printf(b, "CAPS\r\n\r\nCapsVersion=1\r\nExpireCapsAfter=3600\r\n"
	    "\r\nPathDelimeter=/\r\nPathIdentity=.\r\nPathParent=..\r\n"
	    "PathParentDouble=FALSE\r\nPathKeepPreDelimeter=FALSE\r\n\r\n"
	    "ServerSoftware=capsule\r\nServerSoftwareVersion=%s\r\n"
	    "ServerDefaultEncoding=%s\r\n.\r\n", SNAP_VERSION,
	    sn->sn_gopher->go_ascii ? "ascii" : "utf-8");
	return buf_ok(b);
}

/* /NAME: pages/NAME.gmi as it was loaded, or as a gopher menu. */
static int
snap_named_count(struct snapshot *sn, size_t *n)
{
	*n = sn->sn_npages;
	return 0;
}

static long
snap_named_find(const struct snapshot *sn, const struct route *r)
{
	const struct snap_named *pg;

	if ((pg = snapshot_page(sn, r->r_arg, r->r_arglen)) == NULL)
		return -1;
	return pg - sn->sn_pages;
}

static void
snap_named_route(const struct snapshot *sn, size_t i, struct route *r)
{
	route_set(r, ROUTE_PAGE, sn->sn_pages[i].sn_name);
}

static int
snap_named_gemini(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	const struct snap_page *p = sn->sn_pages[i].sn_page;

	(void)lang;
	buf_add(b, p->sp_data, p->sp_len);
	return buf_ok(b);
}

static int
snap_named_gopher(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	const struct snap_page *p = sn->sn_pages[i].sn_page;

	(void)lang;
	return gophermap_page(b, &sn->sn_site, sn->sn_gopher, p->sp_data,
	    p->sp_len);
}

/* /articles/SLUG and its .txt: one page per article, on first use. */
static int
snap_article_count(struct snapshot *sn, size_t *n)
{
	*n = sn->sn_store->s_narts;
	return 0;
}

static long
snap_article_find(const struct snapshot *sn, const struct route *r)
{
	const struct article *a;

	if ((a = snapshot_article(sn, r->r_arg, r->r_arglen)) == NULL)
		return -1;
	return a - sn->sn_store->s_arts;
}

static void
snap_article_route(const struct snapshot *sn, size_t i, struct route *r)
{
	route_set(r, ROUTE_ARTICLE, sn->sn_store->s_arts[i].a_slug);
}

/* The article page context: related articles and Related: headlines. */
static int
snap_article_ctx(const struct snapshot *sn, const struct article *a,
    struct render_article *ra, const struct article **related,
    struct render_headline **heads)
{
	size_t i, n = 0;

	memset(ra, 0, sizeof(*ra));
	ra->ra_art = a;
	ra->ra_nrelated = snapshot_related(sn, a, related, SNAP_RELATED);
	ra->ra_related = related;
	*heads = NULL;
	for (i = 0; i < a->a_nhdr; i++)
		n += strcasecmp(a->a_hdr[i].h_name, "Related") == 0;
	if (n == 0)
		return 0;
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

static int
snap_article_gemini(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	return snap_article(b, sn, i, lang, SNAP_AS_GEMTEXT);
}

static int
snap_article_text(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	return snap_article(b, sn, i, lang, SNAP_AS_TEXT);
}

static int
snap_article_card(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	return snap_article(b, sn, i, lang, SNAP_AS_CARD);
}

static int
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

static void
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

static int
snap_authors_count(struct snapshot *sn, size_t *n)
{
	*n = 1;
	return snap_authors(sn) != NULL ? 0 : -1;
}

static int
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

static long
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

static void
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

static int
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

static int
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

static int
snap_author_gemini(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	const struct snap_authors *sw = sn->sn_kind[ROUTE_AUTHOR];
	const struct snap_author *e = &sw->sw_list[i];

	(void)lang;
	return gemtext_author(b, &sn->sn_site, e->sa_name,
	    (const struct article *const *)e->sa_arts, e->sa_n);
}

static int
snap_author_gopher(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	const struct snap_authors *sw = sn->sn_kind[ROUTE_AUTHOR];
	const struct snap_author *e = &sw->sw_list[i];

	(void)lang;
	return gophermap_author(b, &sn->sn_site, sn->sn_gopher, e->sa_name,
	    (const struct article *const *)e->sa_arts, e->sa_n);
}

#define SNAP_ARTICLES	snap_article_count, NULL, snap_article_find, \
			snap_article_route
#define SNAP_TAGS	snap_tag_count, NULL, snap_tag_find, snap_tag_route
#define SNAP_MONTHS	snap_month_count, NULL, snap_month_find, \
			snap_month_route
#define SNAP_ONE	NULL, NULL, NULL, NULL

static const struct snap_kind snap_kinds[ROUTE_NKINDS] = {
	[ROUTE_FRONT] = { SNAP_AT_BUILD, SNAP_ONE, {
	    { SNAP_GEMTEXT, snap_front_gemini, 1 },
	    { SNAP_MENU, snap_front_gopher, 0 } } },
	[ROUTE_ARTICLE] = { SNAP_ON_USE, SNAP_ARTICLES, {
	    { SNAP_GEMTEXT, snap_article_gemini, 1 },
	    { SNAP_MENU, snap_article_card, 0 } } },
	[ROUTE_ARTICLE_TXT] = { SNAP_ON_USE, SNAP_ARTICLES, {
	    { SNAP_TEXT, snap_article_text, 1 },
	    { SNAP_GTEXT, snap_article_gtext, 0 } } },
	[ROUTE_TAGS] = { SNAP_AT_BUILD, SNAP_ONE, {
	    { SNAP_GEMTEXT, snap_tags_gemini, 1 },
	    { SNAP_MENU, snap_tags_gopher, 0 } } },
	[ROUTE_TAG] = { SNAP_AT_BUILD, SNAP_TAGS, {
	    { SNAP_GEMTEXT, snap_tag_gemini, 1 },
	    { SNAP_MENU, snap_tag_gopher, 0 } } },
	/* Per request: see snapshot_tag_feed(). */
	[ROUTE_TAG_FEED] = { SNAP_EACH, SNAP_TAGS, {
	    { SNAP_ATOM, snap_tag_feed_render, 0 },
	    { SNAP_GTEXT, snap_tag_feed_render, 0 } } },
	[ROUTE_ARCHIVE] = { SNAP_AT_BUILD, SNAP_ONE, {
	    { SNAP_GEMTEXT, snap_archive_gemini, 1 },
	    { SNAP_MENU, snap_archive_gopher, 0 } } },
	[ROUTE_MONTH] = { SNAP_AT_BUILD, SNAP_MONTHS, {
	    { SNAP_GEMTEXT, snap_month_gemini, 1 },
	    { SNAP_MENU, snap_month_gopher, 0 } } },
	[ROUTE_FEED] = { SNAP_AT_BUILD, SNAP_ONE, {
	    { SNAP_ATOM, snap_feed, 0 },
	    { SNAP_GTEXT, NULL, 0 } } },
	[ROUTE_ROBOTS] = { SNAP_AT_BUILD, SNAP_ONE, {
	    { "text/plain", snap_robots, 0 },
	    { NULL, NULL, 0 } } },
	[ROUTE_FAVICON] = { SNAP_AT_BUILD, snap_favicon_count, NULL, NULL,
	    NULL, {
	    { SNAP_TEXT, snap_favicon, 0 },
	    { NULL, NULL, 0 } } },
	[ROUTE_CAPS] = { SNAP_AT_BUILD, SNAP_ONE, {
	    { NULL, NULL, 0 },
	    { SNAP_GTEXT, snap_caps, 0 } } },
	[ROUTE_AUTHORS] = { SNAP_AT_BUILD, snap_authors_count, NULL, NULL,
	    NULL, {
	    { SNAP_GEMTEXT, snap_authors_gemini, 1 },
	    { SNAP_MENU, snap_authors_gopher, 0 } } },
	[ROUTE_AUTHOR] = { SNAP_ON_USE, snap_author_count, snap_authors_free,
	    snap_author_find, snap_author_route, {
	    { SNAP_GEMTEXT, snap_author_gemini, 1 },
	    { SNAP_MENU, snap_author_gopher, 0 } } },
	[ROUTE_PAGE] = { SNAP_AT_BUILD, snap_named_count, NULL,
	    snap_named_find, snap_named_route, {
	    { SNAP_GEMTEXT, snap_named_gemini, 1 },
	    { SNAP_MENU, snap_named_gopher, 0 } } },
};

/* Renders page i of kind k in form f into b, with its language. */
static int
snap_render(const struct snapshot *sn, enum route_kind k, enum snap_form f,
    size_t i, struct buf *b, const char **lang)
{
	const struct snap_form_def *fd = &snap_kinds[k].sk_form[f];

	*lang = fd->sf_lang ? sn->sn_site.rs_lang : NULL;
	return fd->sf_render(b, sn, i, lang);
}

/* Says which page the build is rendering, for snap_err_buf. */
static void
snap_where(const struct snapshot *sn, enum route_kind k, enum snap_form f,
    size_t i)
{
	struct route r;
	int n;

	if (snap_kinds[k].sk_route != NULL)
		snap_kinds[k].sk_route(sn, i, &r);
	else
		route_set(&r, k, NULL);
	if ((n = route_format(snap_where_buf, sizeof(snap_where_buf), &r)) ==
	    -1)
		n = snprintf(snap_where_buf, sizeof(snap_where_buf),
		    "a page");
	if (f == SNAP_GOPHER && (size_t)n < sizeof(snap_where_buf))
		snprintf(snap_where_buf + n, sizeof(snap_where_buf) - (size_t)n,
		    " (gopher)");
}

/* Counts every kind's pages and renders those made at build. */
static int
snap_render_all(struct snapshot *sn)
{
	struct buf b = BUF_INIT;
	const char *lang;
	size_t i;
	int k, f, rc = -1;

	for (k = 0; k < ROUTE_NKINDS; k++) {
		const struct snap_kind *sk = &snap_kinds[k];

		sn->sn_count[k] = 1;
		if (sk->sk_count != NULL && sk->sk_count(sn, &sn->sn_count[k]) ==
		    -1) {
			snap_where(sn, (enum route_kind)k, SNAP_GEMINI, 0);
			goto done;
		}
		if (sk->sk_when == SNAP_EACH || sn->sn_count[k] == 0)
			continue;
		for (f = 0; f < SNAP_NFORMS; f++) {
			if (sk->sk_form[f].sf_render == NULL)
				continue;
			if ((sn->sn_slots[k][f] = calloc(sn->sn_count[k],
			    sizeof(*sn->sn_slots[k][f]))) == NULL)
				goto done;
			if (sk->sk_when != SNAP_AT_BUILD)
				continue;
			for (i = 0; i < sn->sn_count[k]; i++) {
				struct snap_page *p;

				snap_where(sn, (enum route_kind)k,
				    (enum snap_form)f, i);
				if (snap_render(sn, (enum route_kind)k,
				    (enum snap_form)f, i, &b, &lang) == -1 ||
				    snap_take(&p, &b, sk->sk_form[f].sf_type,
				    lang) == -1)
					goto done;
				atomic_init(&sn->sn_slots[k][f][i], p);
			}
		}
	}
	rc = 0;
done:
	buf_free(&b);
	return rc;
}

/*
 * Page i of kind k in form f, rendering it if this is its first use:
 * another thread may be doing the same, and the first to install its
 * page wins (then the page already there is the one every caller gets).
 */
static struct snap_page *
snap_slot(struct snapshot *sn, enum route_kind k, enum snap_form f,
    size_t i)
{
	_Atomic(struct snap_page *) *slot = &sn->sn_slots[k][f][i];
	struct snap_page *p, *expected = NULL;
	struct buf b = BUF_INIT;
	const char *lang;
	int rc;

	if ((p = atomic_load(slot)) != NULL)
		return p;
	rc = snap_render(sn, k, f, i, &b, &lang) == -1 ? -1 :
	    snap_take(&p, &b, snap_kinds[k].sk_form[f].sf_type, lang);
	buf_free(&b);
	if (rc == -1)
		return NULL;
	if (!atomic_compare_exchange_strong(slot, &expected, p)) {
		snapshot_page_unref(p);
		return expected;
	}
	return p;
}

int
snapshot_lookup(struct snapshot *sn, const struct route *r, enum snap_form f,
    struct buf *dyn, struct snap_reply *out)
{
	const struct snap_kind *sk;
	const struct snap_form_def *fd;
	long i = 0;

	memset(out, 0, sizeof(*out));
	if (r->r_kind < 0 || r->r_kind >= ROUTE_NKINDS)
		return 0;
	sk = &snap_kinds[r->r_kind];
	fd = &sk->sk_form[f];
	if (fd->sf_type == NULL)
		return 0;
	if (sk->sk_find != NULL && (i = sk->sk_find(sn, r)) == -1)
		return 0;
	if ((size_t)i >= sn->sn_count[r->r_kind])
		return 0;
	out->sr_mime = fd->sf_type;
	if (sk->sk_when == SNAP_EACH)
		return snap_render(sn, r->r_kind, f, (size_t)i, dyn,
		    &out->sr_lang) == -1 ? -1 : 1;
	if (fd->sf_render == NULL)
		f = SNAP_GEMINI;
	if ((out->sr_page = snap_slot(sn, r->r_kind, f, (size_t)i)) == NULL)
		return -1;
	out->sr_lang = out->sr_page->sp_lang;
	return 1;
}

struct snap_page *
snapshot_article_page(struct snapshot *sn, struct article *a,
    enum route_kind k, enum snap_form f)
{
	return snap_slot(sn, k, f, (size_t)(a - sn->sn_store->s_arts));
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

struct snapshot *
snapshot_build(const struct snap_conf *sc, struct snapshot *prev,
    store_report_fn report, void *ctx, const char **errpath,
    unsigned *errline, const char **errstr)
{
	struct snapshot *sn;

	if ((sn = calloc(1, sizeof(*sn))) == NULL) {
		*errpath = NULL;
		*errline = 0;
		*errstr = strerror(ENOMEM);
		return NULL;
	}
	sn->sn_files.sf_mediafd = -1;
	atomic_init(&sn->sn_refs, 1);
	sn->sn_store = store_load_settled(sc->sc_store, prev != NULL ?
	    prev->sn_store : NULL, sc->sc_settle, report, ctx, errpath, errline,
	    errstr);
	if (sn->sn_store == NULL)
		goto fail;
	*errpath = NULL;
	*errline = 0;
	*errstr = strerror(ENOMEM);
	sn->sn_site.rs_title = sn->sn_store->s_site.ss_title;
	sn->sn_site.rs_description = sn->sn_store->s_site.ss_description;
	sn->sn_site.rs_lang = sn->sn_store->s_site.ss_lang;
	sn->sn_site.rs_copyright = sn->sn_store->s_site.ss_copyright;
	/* A copy: the configuration may change while this snapshot serves. */
	snprintf(sn->sn_host, sizeof(sn->sn_host), "%s", sc->sc_host);
	sn->sn_site.rs_hostname = sn->sn_host;
	if (sc->sc_gemini_port == 1965)
		snprintf(sn->sn_base, sizeof(sn->sn_base), "gemini://%s",
		    sn->sn_host);
	else
		snprintf(sn->sn_base, sizeof(sn->sn_base), "gemini://%s:%d",
		    sn->sn_host, sc->sc_gemini_port);
	if ((sn->sn_gopher = calloc(1, sizeof(*sn->sn_gopher))) == NULL)
		goto fail;
	sn->sn_gopher->go_host = sn->sn_host;
	sn->sn_gopher->go_port = sc->sc_gopher_port;
	sn->sn_gopher->go_ascii = sc->sc_gopher_ascii;
	sn->sn_gopher->go_media_type = snap_media_type;
	sn->sn_gopher->go_media_ctx = sn;
	if ((sn->sn_prev = prev) != NULL)
		snapshot_ref(prev);
	if (store_files_load(&sn->sn_files, sc->sc_store, prev != NULL ?
	    &prev->sn_files : NULL, sc->sc_settle, report, ctx) == -1) {
		*errstr = strerror(errno);
		goto fail;
	}
	if (snap_make_pages(sn) == -1)
		goto fail;
	if (snap_render_all(sn) == -1) {
		snprintf(snap_err_buf, sizeof(snap_err_buf), "%s while "
		    "rendering %s", strerror(ENOMEM), snap_where_buf);
		*errstr = snap_err_buf;
		goto fail;
	}
	return sn;
fail:
	snapshot_unref(sn);
	return NULL;
}

static void
snap_free(struct snapshot *sn)
{
	size_t i;
	int k, f;

	for (k = 0; k < ROUTE_NKINDS; k++) {
		for (f = 0; f < SNAP_NFORMS; f++) {
			for (i = 0; sn->sn_slots[k][f] != NULL &&
			    i < sn->sn_count[k]; i++)
				snapshot_page_unref(atomic_load(
				    &sn->sn_slots[k][f][i]));
			free(sn->sn_slots[k][f]);
		}
		if (snap_kinds[k].sk_free != NULL)
			snap_kinds[k].sk_free(sn->sn_kind[k]);
	}
	for (i = 0; i < sn->sn_npages; i++) {
		free(sn->sn_pages[i].sn_name);
		snapshot_page_unref(sn->sn_pages[i].sn_page);
	}
	free(sn->sn_pages);
	free(sn->sn_gopher);
	store_files_free(&sn->sn_files);
	search_free(sn->sn_search);
	snapshot_unref(sn->sn_prev);
	store_free(sn->sn_store);
	free(sn);
}

void
snapshot_ref(struct snapshot *sn)
{
	atomic_fetch_add_explicit(&sn->sn_refs, 1, memory_order_relaxed);
}

void
snapshot_unref(struct snapshot *sn)
{
	if (sn != NULL && atomic_fetch_sub_explicit(&sn->sn_refs, 1,
	    memory_order_acq_rel) == 1)
		snap_free(sn);
}

void
snapshot_publish(struct snapshot *sn)
{
	struct snapshot *old;

	pthread_mutex_lock(&snap_lock);
	old = snap_current;
	snap_current = sn;
	pthread_mutex_unlock(&snap_lock);
	snapshot_unref(old);
}

struct snapshot *
snapshot_acquire(void)
{
	struct snapshot *sn;

	pthread_mutex_lock(&snap_lock);
	if ((sn = snap_current) != NULL)
		snapshot_ref(sn);
	pthread_mutex_unlock(&snap_lock);
	return sn;
}

#define SNAP_SNIPPET 512

int
snapshot_index(struct snapshot *sn)
{
	struct search_index *si;
	struct snapshot *prev;

	if ((si = search_build(sn->sn_store)) == NULL)
		return -1;
	pthread_mutex_lock(&snap_lock);
	sn->sn_search = si;
	prev = sn->sn_prev;
	sn->sn_prev = NULL;
	pthread_mutex_unlock(&snap_lock);
	snapshot_unref(prev);
	return 0;
}

/*
 * The snapshot whose index answers for sn, with a reference the caller
 * drops: sn itself once its index is built, else the newest older one
 * that has one; NULL when none has.
 */
static struct snapshot *
snap_index_owner(const struct snapshot *sn)
{
	struct snapshot *p = (struct snapshot *)sn;

	pthread_mutex_lock(&snap_lock);
	while (p != NULL && p->sn_search == NULL)
		p = p->sn_prev;
	if (p != NULL)
		snapshot_ref(p);
	pthread_mutex_unlock(&snap_lock);
	return p;
}

long
snapshot_search(const struct snapshot *sn, const char *words,
    struct render_hit *out, size_t max, struct snap_results *res)
{
	struct search_hit *hits;
	struct snapshot *owner;
	size_t n, i;
	char **mem = &res->sr_mem;

	res->sr_mem = NULL;
	res->sr_owner = NULL;
	if (max == 0)
		return 0;
	if ((owner = snap_index_owner(sn)) == NULL)
		return SNAP_NOINDEX;
	res->sr_owner = owner;
	if ((hits = calloc(max, sizeof(*hits))) == NULL) {
		snapshot_search_done(res);
		return -1;
	}
	n = search_query(owner->sn_search, words, hits, max);
	if (n > max)
		n = max;
	if (n > 0 && (*mem = malloc(n * SNAP_SNIPPET)) == NULL) {
		free(hits);
		snapshot_search_done(res);
		return -1;
	}
	for (i = 0; i < n; i++) {
		search_snippet(hits[i].sh_art, words, *mem + i * SNAP_SNIPPET,
		    SNAP_SNIPPET);
		out[i].rh_art = hits[i].sh_art;
		out[i].rh_snippet = *mem + i * SNAP_SNIPPET;
	}
	free(hits);
	return (long)n;
}

void
snapshot_search_done(struct snap_results *res)
{
	free(res->sr_mem);
	snapshot_unref(res->sr_owner);
	res->sr_mem = NULL;
	res->sr_owner = NULL;
}

void
snapshot_shutdown(void)
{
	snapshot_publish(NULL);
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
snapshot_tag_feed(const struct snapshot *sn, long i, struct buf *b)
{
	const struct store_tag *t = &sn->sn_store->s_tags[i];
	char self[ARTICLE_SLUG_MAX + 32], title[ARTICLE_SLUG_MAX + 512];
	struct route r;

	if (route_format(self, sizeof(self), route_set(&r, ROUTE_TAG_FEED,
	    t->st_name)) == -1)
		return -1;
	snprintf(title, sizeof(title), "%s: %s", sn->sn_site.rs_title,
	    t->st_name);
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
