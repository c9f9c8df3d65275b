/*
 * snap_int: what the files of the snapshot module share; private to
 * src/snap*.c.  The public side is snapshot.h.
 *
 * Who owns what, each file calling only those below it:
 *   snapshot.c      the lifecycle: build, free, reference counts,
 *                   publish and acquire, search; walks the page table
 *                   to render pages at build or on first use, and
 *                   answers a route (snapshot_lookup)
 *   snap_kinds.c    the page table snap_kinds[]: one row per page kind,
 *                   with the renderers of the lists and small files
 *   snap_front.c    the front page (lead, sections, latest) and the
 *                   language pages and feeds, with their index
 *   snap_article.c  the article and author rows' renderers
 *   snap_find.c     lookups in a built snapshot, related articles, the
 *                   per-request tag feeds
 *   snap_page.c     the refcounted page blob
 */
#ifndef CAPSULE_SNAP_INT_H
#define CAPSULE_SNAP_INT_H

#include <stddef.h>

#include "buf.h"
#include "gemtext.h"
#include "route.h"
#include "snapshot.h"

#define SNAP_FRONT_MAX	30	/* articles on the front page */
#define SNAP_FEED_MAX	50	/* entries in a feed */
#define SNAP_RELATED	5
#define SNAP_VERSION	"0.1"

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
int		 snap_take(struct snap_page **, struct buf *, const char *mime,
		    const char *lang);

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

/* Indexed by route kind: see snap_kinds.c. */
extern const struct snap_kind snap_kinds[ROUTE_NKINDS];

/* The rows of snap_front.c, for the table. */
int		 snap_front_count(struct snapshot *, size_t *);
snap_render_fn	 snap_front_gemini, snap_front_gopher;
int		 snap_lang_count(struct snapshot *, size_t *);
void		 snap_langs_free(void *);
long		 snap_lang_find(const struct snapshot *, const struct route *);
void		 snap_lang_route(const struct snapshot *, size_t,
		    struct route *);
snap_render_fn	 snap_lang_gemini, snap_lang_gopher, snap_lang_feed_gemini,
		 snap_lang_feed_gopher;

/* The rows of snap_article.c, for the table. */
int		 snap_article_count(struct snapshot *, size_t *);
long		 snap_article_find(const struct snapshot *,
		    const struct route *);
void		 snap_article_route(const struct snapshot *, size_t,
		    struct route *);
snap_render_fn	 snap_article_gemini, snap_article_text, snap_article_card,
		 snap_article_gtext;
int		 snap_authors_count(struct snapshot *, size_t *);
int		 snap_author_count(struct snapshot *, size_t *);
void		 snap_authors_free(void *);
long		 snap_author_find(const struct snapshot *,
		    const struct route *);
void		 snap_author_route(const struct snapshot *, size_t,
		    struct route *);
snap_render_fn	 snap_authors_gemini, snap_authors_gopher, snap_author_gemini,
		 snap_author_gopher;

#endif
