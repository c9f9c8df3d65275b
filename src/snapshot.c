/*
 * snapshot: see snapshot.h.  The lifecycle: build (walking the page
 * table of snap_kinds.c), free, reference counts, publish and acquire,
 * the search index; and a route's page, rendered on first use.  Who
 * owns the rest: snap_int.h.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "gophermap.h"
#include "route.h"
#include "search.h"
#include "snap_int.h"
#include "snapshot.h"
#include "store_files.h"

static pthread_mutex_t	 snap_lock = PTHREAD_MUTEX_INITIALIZER;
static struct snapshot	*snap_current;

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

struct snapshot *
snapshot_build(const struct snap_conf *sc, struct snapshot *prev,
    store_report_fn report, void *ctx, const char **errpath,
    unsigned *errline, const char **errstr)
{
	struct snapshot *sn;
	char real[PATH_MAX];
	const char *dir = sc->sc_store;

	if ((sn = calloc(1, sizeof(*sn))) == NULL) {
		*errpath = NULL;
		*errline = 0;
		*errstr = strerror(ENOMEM);
		return NULL;
	}
	sn->sn_files.sf_mediafd = -1;
	atomic_init(&sn->sn_refs, 1);
	/*
	 * A replica's store is a link that capsulectl sync replaces: resolved
	 * once, so that articles, pages and media all come from one commit.
	 */
	if (realpath(sc->sc_store, real) != NULL)
		dir = real;
	sn->sn_store = store_load_settled(dir, prev != NULL ?
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
	if (sc->sc_primary != NULL)
		snprintf(sn->sn_primary, sizeof(sn->sn_primary), "%s",
		    sc->sc_primary);
	snprintf(sn->sn_gbase, sizeof(sn->sn_gbase), strchr(sn->sn_host, ':') !=
	    NULL ? "gopher://[%s]:%d" : "gopher://%s:%d", sn->sn_host,
	    sc->sc_gopher_port);
	if ((sn->sn_gopher = calloc(1, sizeof(*sn->sn_gopher))) == NULL)
		goto fail;
	sn->sn_gopher->go_host = sn->sn_host;
	sn->sn_gopher->go_port = sc->sc_gopher_port;
	sn->sn_gopher->go_ascii = sc->sc_gopher_ascii;
	sn->sn_gopher->go_media_type = snap_media_type;
	sn->sn_gopher->go_media_ctx = sn;
	if ((sn->sn_prev = prev) != NULL)
		snapshot_ref(prev);
	if (store_files_load(&sn->sn_files, dir, prev != NULL ?
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

