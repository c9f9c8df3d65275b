/*
 * gemtext: pure renderer of every Gemini page (text/gemini) of the URL
 * space in DESIGN.md.  Appends to a struct buf; returns 0, or -1 when the
 * buffer ran out of memory.  Links are absolute paths ("/articles/x"),
 * which clients resolve against the capsule's own URL.
 *
 * Lists of articles are rendered as gemsub entries,
 * "=> /articles/SLUG YYYY-MM-DD Headline", which Lagrange can subscribe to.
 */
#ifndef CAPSULE_GEMTEXT_H
#define CAPSULE_GEMTEXT_H

#include <stddef.h>

#include "buf.h"
#include "render.h"

/*
 * The status line of a page, "20 MIME; lang=LANG\r\n" (without "; lang"
 * when lang is NULL): gemtext_header() writes it into out and returns
 * its length, or -1 when it does not fit; gemtext_status() appends it
 * to b.
 */
#define GEMTEXT_MIME	"text/gemini; charset=utf-8"
int	gemtext_header(char *out, size_t size, const char *mime,
	    const char *lang);
void	gemtext_status(struct buf *b, const char *mime, const char *lang);

/*
 * The front page: "# Site title", the description, the newest articles
 * (arts[0..n)), then links to tags, archive, search, the Atom feed and the
 * extra pages (pages[0..npages), names such as "about").
 */
int	gemtext_front(struct buf *, const struct render_site *,
	    const struct article *const *arts, size_t n,
	    const char *const *pages, size_t npages);

/*
 * An article: "# Headline", the dek, a byline (author, date, "updated"
 * date), the image as a link labelled with caption and credit, the body,
 * the source, tags linking to tag pages, the Related: headlines (linked
 * when in the store), related articles, the copyright line.
 */
int	gemtext_article(struct buf *, const struct render_site *,
	    const struct render_article *);

/* /tags/: every tag with its count. */
int	gemtext_tags(struct buf *, const struct render_site *,
	    const struct render_tag *, size_t n);

/* /tags/TAG/: that tag's articles (gemsub) and its feed. */
int	gemtext_tag(struct buf *, const struct render_site *, const char *tag,
	    const struct article *const *arts, size_t n);

/* /authors/: every byline with its count. */
int	gemtext_authors(struct buf *, const struct render_site *,
	    const struct render_author *, size_t n);

/* /authors/NAME/: that author's articles (gemsub). */
int	gemtext_author(struct buf *, const struct render_site *,
	    const char *name, const struct article *const *arts, size_t n);

/* /archive/: every month, newest first, with counts. */
int	gemtext_archive(struct buf *, const struct render_site *,
	    const struct render_month *, size_t n);

/* /archive/YYYY/MM/: that month's articles (gemsub). */
int	gemtext_month(struct buf *, const struct render_site *, int year,
	    int month, const struct article *const *arts, size_t n);

/*
 * /search?words: the hits in rank order with date and snippet; an empty
 * result says so.  query is the decoded search text.
 */
int	gemtext_search(struct buf *, const struct render_site *,
	    const char *query, const struct render_hit *, size_t n);

#endif
