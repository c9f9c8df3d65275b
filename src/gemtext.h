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
 * The front page (render.h's struct render_front): "# Site title", the
 * description, the lead story (its headline as a heading, the dek, the
 * byline and date, a link to it), the sections ("### tag", its newest
 * headlines, a link to the tag), the newest articles as gemsub entries,
 * then links to tags, archive, search, the Atom feed, the extra pages
 * and, with several, the languages.  Only the latest list is dated: the
 * lead and section links are no entries of the subscription, so each
 * article is one entry.  The words are those of the site's lang.
 */
int	gemtext_front(struct buf *, const struct render_site *,
	    const struct render_front *);

/*
 * /lang/CODE/: the articles in that language (gemsub), its Atom feed,
 * in that language's words.
 */
int	gemtext_lang(struct buf *, const struct render_site *,
	    const char *code, const struct article *const *arts, size_t n);

/*
 * An article: "# Headline", the dek, the byline ("By AUTHOR · PUBLISHER
 * · 18 June 2024 · Updated ..."), the Source link (unless the body links
 * the same address), a blank line and the image linked under its alt
 * text with caption and credit below, the body, tags linking to tag
 * pages, the Related: headlines ("See also": the article when in the
 * store, else a search for the headline) or else the related articles
 * by shared tags, the onward links (previous and next in the first tag,
 * the month in the archive, search, the front page), the copyright.
 * The words follow the article's Lang, else the site's (labels.h).
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


/*
 * 1 when the gemtext body has a link line to url, outside ``` blocks:
 * an article page then leaves its Source line out, so that no page
 * lists the same address twice (Gemini and Gopher alike).
 */
int	gemtext_body_links(const char *body, size_t len, const char *url);

#endif
