/*
 * snapshot: one immutable, reference-counted picture of the store with
 * everything a request needs already in memory: the index (store.h), the
 * pages and media table (store_files.h), the search index, every list
 * page rendered (front, tags, archive, feeds), the extra pages as
 * responses, and article pages rendered on first use.  The store layer
 * reads the disk; a snapshot only builds from what it read.
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
#include "store.h"
#include "store_files.h"

struct buf;
struct search_index;
struct gophermap_opts;

/*
 * A whole response: status line (or nothing for gopher) and body,
 * allocated in one piece and immutable once built.  The snapshot holds
 * one reference; a connection sending the page takes another
 * (snapshot_page_ref), so the page outlives the snapshot if need be.
 */
struct snap_page {
	atomic_uint	 sp_refs;
	size_t		 sp_len;
	char		 sp_data[];	/* NUL-terminated, not counted */
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
};

struct snapshot {
	atomic_uint		  sn_refs;
	struct store		 *sn_store;
	struct render_site	  sn_site;
	char			  sn_host[256];
	char			  sn_base[320];	/* gemini://host[:port] */
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

	struct snap_page	 *sn_front;
	struct snap_page	 *sn_tags;
	struct snap_page	 *sn_archive;
	struct snap_page	 *sn_feed;
	struct snap_page	 *sn_robots;
	struct snap_page	 *sn_favicon;	/* NULL: no emoji */
	struct snap_page	**sn_tag_pages;	/* parallel to s_tags */
	struct snap_page	**sn_months;	/* parallel to s_months */
	struct snap_named	 *sn_pages;	/* by name */
	size_t			  sn_npages;

	/* Gopher: the same pages as menus and texts, no status line. */
	struct gophermap_opts	 *sn_gopher;	/* how they are rendered */
	struct snap_page	 *sn_g_front;
	struct snap_page	 *sn_g_tags;
	struct snap_page	 *sn_g_archive;
	struct snap_page	 *sn_g_caps;
	struct snap_page	**sn_g_tag_pages;	/* parallel to s_tags */
	struct snap_page	**sn_g_months;		/* parallel to s_months */
	struct snap_page	**sn_g_pages;		/* parallel to sn_pages */

	/* Rendered on first use, parallel to s_arts. */
	_Atomic(struct snap_page *) *sn_art_gemini;
	_Atomic(struct snap_page *) *sn_art_text;
	_Atomic(struct snap_page *) *sn_art_card;	/* gopher menu */
	_Atomic(struct snap_page *) *sn_art_gtext;	/* gopher type 0 */
};

/* The length of a Gemini page's status line, CRLF included. */
size_t		 snapshot_header_len(const struct snap_page *);

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
 * An article's page in one form, rendered on first use (drafts too: the
 * callers keep drafts away from readers); NULL when out of memory.
 */
enum snap_form {
	SNAP_GEMINI,		/* text/gemini, with its status line */
	SNAP_TEXT,		/* text/plain, with its status line */
	SNAP_CARD,		/* the gopher card menu */
	SNAP_GTEXT		/* the gopher type 0 text */
};
struct snap_page *snapshot_article_page(struct snapshot *,
		    struct article *, enum snap_form);

/*
 * Appends the Atom feed of tag i (an index from snapshot_tag) to b,
 * without a status line; 0, or -1 when out of memory.  Rendered for
 * each request, never kept: see snapshot.c.
 */
int		 snapshot_tag_feed(const struct snapshot *, long i,
		    struct buf *b);

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
