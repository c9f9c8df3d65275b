/*
 * snapshot: one immutable, reference-counted picture of the store with
 * everything a request needs already in memory: the index (store.h), the
 * pages and media table (store_files.h), the search index, and the pages
 * of every kind of the page table (snap_kinds.c) in every form: lists
 * rendered at build, article and author pages on first use, tag feeds
 * for each request.  snapshot_lookup() answers a route.  The store
 * layer reads the disk; a snapshot only builds from what it read.
 *
 * The reload thread builds a snapshot beside the one in service and
 * publishes it with one pointer swap (snapshot_publish); a request takes
 * a reference (snapshot_acquire) while it chooses its response and gives
 * it back at once: a connection then holds only the page it sends (each
 * page is reference-counted on its own), its own bytes or an open file.
 * So a slow reader keeps alive what it reads, never a whole snapshot,
 * and the old snapshot is freed by whoever drops the last reference.
 * The lock behind acquire and publish guards the pointer only: nothing
 * is ever built while it is held.
 */
#ifndef CAPSULE_SNAPSHOT_H
#define CAPSULE_SNAPSHOT_H

#include <stdatomic.h>
#include <stddef.h>
#include <sys/types.h>

#include "render.h"
#include "route.h"
#include "store.h"
#include "store_files.h"

struct buf;
struct search_index;
struct gophermap_opts;

/*
 * A page: its type, its language and its body, allocated in one piece
 * and immutable once built.  No protocol framing: the Gemini front end
 * writes the status line from sp_mime and sp_lang, Gopher sends the
 * body as it is.  The snapshot holds one reference; a connection
 * sending the page takes another (snapshot_page_ref), so the page
 * outlives the snapshot if need be.
 */
struct snap_page {
	atomic_uint	 sp_refs;
	const char	*sp_mime;	/* static: a media or gopher item type */
	const char	*sp_lang;	/* in the blob; NULL: none */
	size_t		 sp_len;
	char		 sp_data[];	/* the body, NUL, the language, NUL */
};

/*
 * The output forms of a page kind: each kind has at most one renderer
 * per form (snap_kinds.c's page table).
 */
enum snap_form {
	SNAP_GEMINI,		/* gemtext, or text/plain, Atom... */
	SNAP_GOPHER,		/* a gopher menu or type 0 text */
	SNAP_NFORMS
};

/* An extra page: pages/NAME.gmi. */
struct snap_named {
	char		*sn_name;
	struct snap_page *sn_page;
};

/* What a snapshot is built for: the names and ports URLs carry. */
struct snap_conf {
	const char	*sc_store;
	const char	*sc_host;
	int		 sc_gemini_port;	/* as the public sees it */
	int		 sc_gopher_port;	/* the same, for gopher */
	int		 sc_gopher_ascii;	/* gopher text folded to ASCII */
	/* Which article files may be half-written; NULL: none. */
	const struct store_settle *sc_settle;
	/* A replica's primary, "HOST[:PORT]"; NULL: we take writes. */
	const char	*sc_primary;
};

struct snapshot {
	atomic_uint		  sn_refs;
	struct store		 *sn_store;
	struct render_site	  sn_site;
	char			  sn_host[256];
	char			  sn_base[320];	/* gemini://host[:port] */
	char			  sn_gbase[320];	/* gopher://host[:port] */
	char			  sn_primary[320];	/* sc_primary; "" */
	/*
	 * Built after the snapshot is in service (snapshot_index), so that a
	 * publish does not wait for it; meanwhile searches use the previous
	 * snapshot's index, which sn_prev keeps alive.  Both change under
	 * the snapshot lock only.
	 */
	struct search_index	 *sn_search;
	struct snapshot		 *sn_prev;
	/* pages/ and media/ as the store layer read them. */
	struct store_files	  sn_files;

	struct snap_named	 *sn_pages;	/* by name */
	size_t			  sn_npages;
	struct gophermap_opts	 *sn_gopher;	/* how gopher pages look */

	/*
	 * The pages of every kind of snap_kinds.c's page table, by route kind
	 * and form: sn_count[k] slots each, filled at build or on first use
	 * (and then never changed), NULL for kinds rendered per request.
	 */
	_Atomic(struct snap_page *) *sn_slots[ROUTE_NKINDS][SNAP_NFORMS];
	size_t			  sn_count[ROUTE_NKINDS];
	void			 *sn_kind[ROUTE_NKINDS];	/* a kind's own index */
};

/* A reference to a page, for as long as it is being sent. */
void		 snapshot_page_ref(struct snap_page *);
void		 snapshot_page_unref(struct snap_page *);

/*
 * Loads the store and renders the snapshot.  Problems with single
 * articles go to report and the article is left out; NULL (with *errstr,
 * and the place in *errpath and *errline when there is one) means the
 * store is unusable.  prev (or NULL) is the snapshot in service, whose
 * search index answers until snapshot_index() has built this one's and
 * whose articles stand in for files still being written (sc_settle).
 */
struct snapshot	*snapshot_build(const struct snap_conf *,
		    struct snapshot *prev, store_report_fn, void *ctx,
		    const char **errpath, unsigned *errline,
		    const char **errstr);

/*
 * Builds the search index, installs it and lets the previous snapshot
 * go.  0, or -1 when out of memory (searches keep using the previous
 * index).
 */
int		 snapshot_index(struct snapshot *);

void		 snapshot_ref(struct snapshot *);
void		 snapshot_unref(struct snapshot *);

/* Makes sn the one in service (taking over the caller's reference). */
void		 snapshot_publish(struct snapshot *sn);

/* A reference to the snapshot in service, or NULL before the first. */
struct snapshot	*snapshot_acquire(void);

/*
 * What a route answers with in one form: a page of the snapshot
 * (sr_page, which a connection sending it takes a reference to), or
 * the body rendered into the buffer given (sr_page NULL: kinds rendered
 * for each request).  sr_mime is the Gemini media type or the gopher
 * item type; sr_lang the language or NULL.
 */
struct snap_reply {
	struct snap_page	*sr_page;
	const char		*sr_mime;
	const char		*sr_lang;
};

/*
 * Looks r up in form f: 1 with *out set, 0 when the snapshot has no such
 * page (or the kind has no such form: search, media and redirects are
 * the front ends' own), -1 when out of memory.  Drafts are not found.
 */
int		 snapshot_lookup(struct snapshot *, const struct route *r,
		    enum snap_form f, struct buf *dyn, struct snap_reply *out);

/*
 * The page of article a for kind ROUTE_ARTICLE or ROUTE_ARTICLE_TXT in
 * form f, rendered on first use (drafts too: capsulectl previews them,
 * readers never look them up); NULL when out of memory.
 */
struct snap_page *snapshot_article_page(struct snapshot *,
		    struct article *a, enum route_kind, enum snap_form f);

/*
 * The current slug of an article known under an old one, or NULL: Gemini
 * redirects there, Gopher serves it.
 */
const char	*snapshot_alias(const struct snapshot *, const char *slug,
		    size_t len);

/*
 * Appends the Atom feed of tag i (an index from snapshot_tag) to b, its
 * links gemini:// (f SNAP_GEMINI) or gopher:// ones (SNAP_GOPHER); 0,
 * or -1 when out of memory.  Rendered for each request, never kept: see
 * snap_find.c.
 */
int		 snapshot_tag_feed(const struct snapshot *, long i,
		    enum snap_form f, struct buf *b);

/* The published article called slug, or NULL. */
struct article	*snapshot_article(const struct snapshot *, const char *slug,
		    size_t len);

const struct snap_named *snapshot_page(const struct snapshot *,
		    const char *name, size_t len);
const struct store_media *snapshot_media(const struct snapshot *,
		    const char *path);

/* Index of a tag or month in the store's arrays, or -1. */
long		 snapshot_tag(const struct snapshot *, const char *tag,
		    size_t len);
long		 snapshot_month(const struct snapshot *, int year, int month);

/*
 * Up to max published articles that share tags with a, most shared tags
 * first, then newest.  Returns how many.
 */
size_t		 snapshot_related(const struct snapshot *,
		    const struct article *, const struct article **out,
		    size_t max);

/* What search results hold on to until snapshot_search_done(). */
struct snap_results {
	char		*sr_mem;	/* the snippets */
	struct snapshot	*sr_owner;	/* whose articles the hits are */
};

/*
 * Runs a search for words (decoded, UTF-8) and fills out[0..max) with
 * the hits in rank order and a snippet for each.  The hits may be the
 * previous snapshot's articles (see sn_search): res keeps them alive
 * until snapshot_search_done(res).  Returns the number of hits filled,
 * -1 when out of memory, or SNAP_NOINDEX while the first index since
 * start-up is still being built (pages are served before it is ready).
 */
#define SNAP_NOINDEX	(-2)
long		 snapshot_search(const struct snapshot *, const char *words,
		    struct render_hit *out, size_t max, struct snap_results *res);
void		 snapshot_search_done(struct snap_results *);

/* Frees every snapshot still held; for a clean exit under valgrind. */
void		 snapshot_shutdown(void);

#endif
