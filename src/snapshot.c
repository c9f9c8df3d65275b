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

static const char snap_robots[] =
    "User-agent: *\n"
    "Disallow: /search\n";

/* Starts a Gemini response: "20 text/gemini; charset=utf-8; lang=xx". */
static void
snap_header_gemini(struct buf *b, const char *lang)
{
	buf_printf(b, "20 text/gemini; charset=utf-8; lang=%s\r\n", lang);
}

/*
 * Makes a page of the bytes of b, in one allocation of their exact size,
 * and empties b for the next page (its memory is kept for reuse); -1
 * when out of memory.
 */
static int
snap_take(struct snap_page **pp, struct buf *b)
{
	struct snap_page *p;

	*pp = NULL;
	if (buf_ok(b) == -1 ||
	    (p = malloc(sizeof(*p) + b->b_len + 1)) == NULL)
		return -1;
	atomic_init(&p->sp_refs, 1);
	p->sp_len = b->b_len;
	if (b->b_len > 0)
		memcpy(p->sp_data, b->b_data, b->b_len);
	p->sp_data[b->b_len] = '\0';
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
		snap_header_gemini(&b, sn->sn_site.rs_lang);
		buf_add(&b, f->sf_pages[i].pg_text, f->sf_pages[i].pg_len);
		if ((np->sn_name = strdup(f->sf_pages[i].pg_name)) == NULL ||
		    snap_take(&np->sn_page, &b) == -1) {
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

static void snap_where(const char *, ...)
    __attribute__((format(printf, 1, 2)));

static void
snap_where(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(snap_where_buf, sizeof(snap_where_buf), fmt, ap);
	va_end(ap);
}

/* What both protocols' list pages are made from, built once. */
struct snap_lists {
	struct render_tag	*sl_tags;	/* parallel to s_tags */
	struct render_month	*sl_months;	/* parallel to s_months */
	const char		**sl_pages;	/* names of sn_pages */
};

static void
snap_lists_free(struct snap_lists *sl)
{
	free(sl->sl_tags);
	free(sl->sl_months);
	free(sl->sl_pages);
}

static int
snap_lists_make(const struct snapshot *sn, struct snap_lists *sl)
{
	const struct store *s = sn->sn_store;
	size_t i;

	memset(sl, 0, sizeof(*sl));
	if ((s->s_ntags > 0 && (sl->sl_tags = calloc(s->s_ntags,
	    sizeof(*sl->sl_tags))) == NULL) || (s->s_nmonths > 0 &&
	    (sl->sl_months = calloc(s->s_nmonths, sizeof(*sl->sl_months))) ==
	    NULL) || (sn->sn_npages > 0 && (sl->sl_pages = calloc(
	    sn->sn_npages, sizeof(*sl->sl_pages))) == NULL)) {
		snap_lists_free(sl);
		return -1;
	}
	for (i = 0; i < s->s_ntags; i++) {
		sl->sl_tags[i].rt_name = s->s_tags[i].st_name;
		sl->sl_tags[i].rt_count = s->s_tags[i].st_n;
	}
	for (i = 0; i < s->s_nmonths; i++) {
		sl->sl_months[i].rm_year = s->s_months[i].sm_year;
		sl->sl_months[i].rm_month = s->s_months[i].sm_month;
		sl->sl_months[i].rm_count = s->s_months[i].sm_n;
	}
	for (i = 0; i < sn->sn_npages; i++)
		sl->sl_pages[i] = sn->sn_pages[i].sn_name;
	return 0;
}

static int
snap_render_lists(struct snapshot *sn, const struct snap_lists *sl)
{
	const struct store *s = sn->sn_store;
	const struct render_site *site = &sn->sn_site;
	struct buf b = BUF_INIT;
	size_t i, n;
	int rc = -1;

	n = s->s_npub < SNAP_FRONT_MAX ? s->s_npub : SNAP_FRONT_MAX;
	snap_where("/");
	snap_header_gemini(&b, site->rs_lang);
	if (gemtext_front(&b, site, (const struct article *const *)s->s_pub,
	    n, sl->sl_pages, sn->sn_npages) == -1 ||
	    snap_take(&sn->sn_front, &b) == -1)
		goto done;

	if (s->s_ntags > 0 && (sn->sn_tag_pages = calloc(s->s_ntags,
	    sizeof(*sn->sn_tag_pages))) == NULL)
		goto done;
	for (i = 0; i < s->s_ntags; i++) {
		const struct store_tag *t = &s->s_tags[i];

		snap_where("/tags/%s/", t->st_name);
		snap_header_gemini(&b, site->rs_lang);
		if (gemtext_tag(&b, site, t->st_name,
		    (const struct article *const *)t->st_arts, t->st_n) == -1 ||
		    snap_take(&sn->sn_tag_pages[i], &b) == -1)
			goto done;
	}
	snap_where("/tags/");
	snap_header_gemini(&b, site->rs_lang);
	if (gemtext_tags(&b, site, sl->sl_tags, s->s_ntags) == -1 ||
	    snap_take(&sn->sn_tags, &b) == -1)
		goto done;

	if (s->s_nmonths > 0 && (sn->sn_months = calloc(s->s_nmonths,
	    sizeof(*sn->sn_months))) == NULL)
		goto done;
	for (i = 0; i < s->s_nmonths; i++) {
		const struct store_month *m = &s->s_months[i];

		snap_where("/archive/%04d/%02d/", m->sm_year, m->sm_month);
		snap_header_gemini(&b, site->rs_lang);
		if (gemtext_month(&b, site, m->sm_year, m->sm_month,
		    (const struct article *const *)m->sm_arts, m->sm_n) == -1 ||
		    snap_take(&sn->sn_months[i], &b) == -1)
			goto done;
	}
	snap_where("/archive/");
	snap_header_gemini(&b, site->rs_lang);
	if (gemtext_archive(&b, site, sl->sl_months, s->s_nmonths) == -1 ||
	    snap_take(&sn->sn_archive, &b) == -1)
		goto done;

	snap_where("/atom.xml");
	buf_puts(&b, "20 application/atom+xml\r\n");
	if (feed_atom(&b, site, sn->sn_base, "/atom.xml", site->rs_title,
	    (const struct article *const *)s->s_pub,
	    s->s_npub < SNAP_FEED_MAX ? s->s_npub : SNAP_FEED_MAX) == -1 ||
	    snap_take(&sn->sn_feed, &b) == -1)
		goto done;

	snap_where("/robots.txt, /favicon.txt");
	buf_printf(&b, "20 text/plain\r\n%s", snap_robots);
	if (snap_take(&sn->sn_robots, &b) == -1)
		goto done;
	if (*s->s_site.ss_emoji != '\0') {
		buf_printf(&b, "20 text/plain; charset=utf-8\r\n%s\n",
		    s->s_site.ss_emoji);
		if (snap_take(&sn->sn_favicon, &b) == -1)
			goto done;
	}
	rc = 0;
done:
	buf_free(&b);
	return rc;
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
 * caps.txt, the capability file gopher clients read (CapsVersion 1; the
 * key is spelled "PathDelimeter" by the convention everyone follows).
 */
static void
snap_caps(struct buf *b, const struct snapshot *sn)
{
	buf_printf(b, "CAPS\r\n\r\nCapsVersion=1\r\nExpireCapsAfter=3600\r\n"
	    "\r\nPathDelimeter=/\r\nPathIdentity=.\r\nPathParent=..\r\n"
	    "PathParentDouble=FALSE\r\nPathKeepPreDelimeter=FALSE\r\n\r\n"
	    "ServerSoftware=capsule\r\nServerSoftwareVersion=%s\r\n"
	    "ServerDefaultEncoding=%s\r\n.\r\n", SNAP_VERSION,
	    sn->sn_gopher->go_ascii ? "ascii" : "utf-8");
}

/* The gopher menus of the lists and pages, as snap_render_lists does. */
static int
snap_render_gopher(struct snapshot *sn, const struct snap_lists *sl)
{
	const struct store *s = sn->sn_store;
	const struct render_site *site = &sn->sn_site;
	const struct gophermap_opts *go = sn->sn_gopher;
	struct buf b = BUF_INIT;
	size_t i, n, h;
	int rc = -1;

	n = s->s_npub < SNAP_FRONT_MAX ? s->s_npub : SNAP_FRONT_MAX;
	if (sn->sn_npages > 0 && (sn->sn_g_pages = calloc(sn->sn_npages,
	    sizeof(*sn->sn_g_pages))) == NULL)
		goto done;
	for (i = 0; i < sn->sn_npages; i++) {
		const struct snap_page *p = sn->sn_pages[i].sn_page;

		snap_where("/%s (gopher)", sn->sn_pages[i].sn_name);
		h = snapshot_header_len(p);
		if (gophermap_page(&b, site, go, p->sp_data + h,
		    p->sp_len - h) == -1 || snap_take(&sn->sn_g_pages[i], &b) ==
		    -1)
			goto done;
	}
	snap_where("/ (gopher)");
	if (gophermap_front(&b, site, go,
	    (const struct article *const *)s->s_pub, n, sl->sl_pages,
	    sn->sn_npages) == -1 || snap_take(&sn->sn_g_front, &b) == -1)
		goto done;
	if (s->s_ntags > 0 && (sn->sn_g_tag_pages = calloc(s->s_ntags,
	    sizeof(*sn->sn_g_tag_pages))) == NULL)
		goto done;
	for (i = 0; i < s->s_ntags; i++) {
		const struct store_tag *t = &s->s_tags[i];

		snap_where("/tags/%s/ (gopher)", t->st_name);
		if (gophermap_tag(&b, site, go, t->st_name,
		    (const struct article *const *)t->st_arts, t->st_n) == -1 ||
		    snap_take(&sn->sn_g_tag_pages[i], &b) == -1)
			goto done;
	}
	snap_where("/tags/ (gopher)");
	if (gophermap_tags(&b, site, go, sl->sl_tags, s->s_ntags) == -1 ||
	    snap_take(&sn->sn_g_tags, &b) == -1)
		goto done;
	if (s->s_nmonths > 0 && (sn->sn_g_months = calloc(s->s_nmonths,
	    sizeof(*sn->sn_g_months))) == NULL)
		goto done;
	for (i = 0; i < s->s_nmonths; i++) {
		const struct store_month *m = &s->s_months[i];

		snap_where("/archive/%04d/%02d/ (gopher)", m->sm_year,
		    m->sm_month);
		if (gophermap_month(&b, site, go, m->sm_year, m->sm_month,
		    (const struct article *const *)m->sm_arts, m->sm_n) == -1 ||
		    snap_take(&sn->sn_g_months[i], &b) == -1)
			goto done;
	}
	snap_where("/archive/ (gopher)");
	if (gophermap_archive(&b, site, go, sl->sl_months, s->s_nmonths) ==
	    -1 || snap_take(&sn->sn_g_archive, &b) == -1)
		goto done;
	snap_caps(&b, sn);
	if (snap_take(&sn->sn_g_caps, &b) == -1)
		goto done;
	rc = 0;
done:
	buf_free(&b);
	return rc;
}

struct snapshot *
snapshot_build(const struct snap_conf *sc, struct snapshot *prev,
    store_report_fn report, void *ctx, const char **errpath,
    unsigned *errline, const char **errstr)
{
	struct snap_lists sl;
	struct snapshot *sn;
	size_t n;

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
	n = sn->sn_store->s_narts;
	if (n > 0 && ((sn->sn_art_gemini = calloc(n,
	    sizeof(*sn->sn_art_gemini))) == NULL || (sn->sn_art_text =
	    calloc(n, sizeof(*sn->sn_art_text))) == NULL || (sn->sn_art_card =
	    calloc(n, sizeof(*sn->sn_art_card))) == NULL || (sn->sn_art_gtext =
	    calloc(n, sizeof(*sn->sn_art_gtext))) == NULL))
		goto fail;
	if ((sn->sn_prev = prev) != NULL)
		snapshot_ref(prev);
	if (store_files_load(&sn->sn_files, sc->sc_store, prev != NULL ?
	    &prev->sn_files : NULL, sc->sc_settle, report, ctx) == -1) {
		*errstr = strerror(errno);
		goto fail;
	}
	if (snap_make_pages(sn) == -1)
		goto fail;
	if (snap_lists_make(sn, &sl) == -1)
		goto fail;
	if (snap_render_lists(sn, &sl) == -1 ||
	    snap_render_gopher(sn, &sl) == -1) {
		snap_lists_free(&sl);
		snprintf(snap_err_buf, sizeof(snap_err_buf), "%s while "
		    "rendering %s", strerror(ENOMEM), snap_where_buf);
		*errstr = snap_err_buf;
		goto fail;
	}
	snap_lists_free(&sl);
	return sn;
fail:
	snapshot_unref(sn);
	return NULL;
}

/* Lets go of an array of n pages (NULL is fine). */
static void
snap_free_pages(struct snap_page **pages, size_t n)
{
	size_t i;

	for (i = 0; pages != NULL && i < n; i++)
		snapshot_page_unref(pages[i]);
	free(pages);
}

/* Lets go of the pages rendered on first use, and frees their array. */
static void
snap_free_lazy(_Atomic(struct snap_page *) *slots, size_t n)
{
	size_t i;

	for (i = 0; slots != NULL && i < n; i++)
		snapshot_page_unref(atomic_load(&slots[i]));
	free(slots);
}

static void
snap_free(struct snapshot *sn)
{
	size_t i, n;

	n = sn->sn_store != NULL ? sn->sn_store->s_narts : 0;
	snap_free_lazy(sn->sn_art_gemini, n);
	snap_free_lazy(sn->sn_art_text, n);
	snap_free_lazy(sn->sn_art_card, n);
	snap_free_lazy(sn->sn_art_gtext, n);
	n = sn->sn_store != NULL ? sn->sn_store->s_ntags : 0;
	snap_free_pages(sn->sn_tag_pages, n);
	snap_free_pages(sn->sn_g_tag_pages, n);
	n = sn->sn_store != NULL ? sn->sn_store->s_nmonths : 0;
	snap_free_pages(sn->sn_months, n);
	snap_free_pages(sn->sn_g_months, n);
	snap_free_pages(sn->sn_g_pages, sn->sn_npages);
	for (i = 0; i < sn->sn_npages; i++) {
		free(sn->sn_pages[i].sn_name);
		snapshot_page_unref(sn->sn_pages[i].sn_page);
	}
	free(sn->sn_pages);
	snapshot_page_unref(sn->sn_g_front);
	snapshot_page_unref(sn->sn_g_tags);
	snapshot_page_unref(sn->sn_g_archive);
	snapshot_page_unref(sn->sn_g_caps);
	free(sn->sn_gopher);
	store_files_free(&sn->sn_files);
	snapshot_page_unref(sn->sn_front);
	snapshot_page_unref(sn->sn_tags);
	snapshot_page_unref(sn->sn_archive);
	snapshot_page_unref(sn->sn_feed);
	snapshot_page_unref(sn->sn_robots);
	snapshot_page_unref(sn->sn_favicon);
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
 * Installs a rendered page unless another thread was first (then the
 * page already there is the one every caller gets).
 */
static struct snap_page *
snap_install(_Atomic(struct snap_page *) *slot, struct buf *b)
{
	struct snap_page *p, *expected = NULL;
	int rc;

	rc = snap_take(&p, b);
	buf_free(b);
	if (rc == -1)
		return NULL;
	if (!atomic_compare_exchange_strong(slot, &expected, p)) {
		snapshot_page_unref(p);
		return expected;
	}
	return p;
}

/* The article page context: related articles and Related: headlines. */
static int
snap_article_ctx(struct snapshot *sn, const struct article *a,
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

static const char *
snap_lang(const struct snapshot *sn, const struct article *a)
{
	return a->a_lang != NULL ? a->a_lang : sn->sn_site.rs_lang;
}

/* Renders a's page in one form once; later calls get the same bytes. */
struct snap_page *
snapshot_article_page(struct snapshot *sn, struct article *a,
    enum snap_form form)
{
	static const struct text_opts opts = { 70, 0, 0, 0 };
	_Atomic(struct snap_page *) *slot;
	const struct article *related[SNAP_RELATED];
	struct render_headline *heads;
	struct render_article ra;
	struct snap_page *p;
	struct buf b = BUF_INIT;
	size_t i = (size_t)(a - sn->sn_store->s_arts);

	slot = form == SNAP_GEMINI ? &sn->sn_art_gemini[i] :
	    form == SNAP_TEXT ? &sn->sn_art_text[i] :
	    form == SNAP_CARD ? &sn->sn_art_card[i] : &sn->sn_art_gtext[i];
	if ((p = atomic_load(slot)) != NULL)
		return p;
	if (snap_article_ctx(sn, a, &ra, related, &heads) == -1)
		return NULL;
	switch (form) {
	case SNAP_GEMINI:
		snap_header_gemini(&b, snap_lang(sn, a));
		gemtext_article(&b, &sn->sn_site, &ra);
		break;
	case SNAP_TEXT:
		buf_printf(&b, "20 text/plain; charset=utf-8; lang=%s\r\n",
		    snap_lang(sn, a));
		text_article(&b, &sn->sn_site, &ra, &opts);
		break;
	case SNAP_CARD:
		gophermap_article(&b, &sn->sn_site, sn->sn_gopher, &ra);
		break;
	case SNAP_GTEXT:
		gophermap_text(&b, &sn->sn_site, sn->sn_gopher, &ra);
		break;
	}
	free(heads);
	return snap_install(slot, &b);
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

	snprintf(self, sizeof(self), "/tags/%s/atom.xml", t->st_name);
	snprintf(title, sizeof(title), "%s: %s", sn->sn_site.rs_title,
	    t->st_name);
	return feed_atom(b, &sn->sn_site, sn->sn_base, self, title,
	    (const struct article *const *)t->st_arts,
	    t->st_n < SNAP_FEED_MAX ? t->st_n : SNAP_FEED_MAX);
}

size_t
snapshot_header_len(const struct snap_page *p)
{
	const char *nl = memchr(p->sp_data, '\n', p->sp_len);

	return nl != NULL ? (size_t)(nl - p->sp_data) + 1 : 0;
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
