/*
 * gophermap: pure renderer of every Gopher menu (type 1) and text
 * (type 0) of the URL space in DESIGN.md, following RFC 1436 and what
 * real clients (lynx, sacc, VF-1, the UMN client, curl) need.
 *
 * Every menu line is "TYPE DISPLAY TAB SELECTOR TAB HOST TAB PORT CRLF",
 * informational 'i' lines included ("i<text>\t\tnull.host\t1"; the
 * reasons and the other formats are at the top of gophermap*.c); display
 * strings hold at most 69 characters (code points, after ASCII folding);
 * a menu ends with ".\r\n".  No Gopher+ fifth field, ever.  An error is a
 * menu of its own: a type 3 line and 'i' lines, never mixed into a menu
 * with content.  No TAB, CR, LF or NUL reaches any field, whatever the
 * input.
 *
 * Selectors are our URL paths ("/articles/SLUG", "/tags/TAG/"...), so
 * one route table serves both protocols.  Appends to a struct buf;
 * returns 0, or -1 when the buffer ran out of memory.
 */
#ifndef CAPSULE_GOPHERMAP_H
#define CAPSULE_GOPHERMAP_H

#include <stddef.h>

#include "buf.h"
#include "render.h"

struct gophermap_opts {
	const char	*go_host;	/* the public host name, never NULL */
	int		 go_port;	/* the public port */
	int		 go_ascii;	/* fold text to ASCII (utf8_fold) */
	/*
	 * The item type of a file under media/ ("media/x.png" -> 'I'), or 0
	 * when there is no such file; ctx is go_media_ctx.  May be NULL:
	 * every media item is then type 9.
	 */
	char		(*go_media_type)(void *ctx, const char *path);
	void		*go_media_ctx;
};

/*
 * The root menu, as gemtext_front() lays out the page: title and
 * description, the lead (headline, dek, byline as 'i' lines wrapped at
 * 69 columns, an item to the article), the sections (a heading per tag,
 * its headlines as items, "More in TAG"), the newest articles (dated
 * items), tags, archive, search (type 7), feed, extra pages, languages.
 */
int	gophermap_front(struct buf *, const struct render_site *,
	    const struct gophermap_opts *, const struct render_front *);

/* /lang/CODE/: the articles in that language and its feed. */
int	gophermap_lang(struct buf *, const struct render_site *,
	    const struct gophermap_opts *, const char *code,
	    const struct article *const *arts, size_t n);

/*
 * An article card: headline, dek and byline as 'i' lines; the Source
 * (unless a link of the body is the same address); the full text (type
 * 0, /articles/SLUG.txt); the image after a blank line, under its alt
 * text, caption and credit below; every link of the body as an item;
 * tags; Related: headlines (a type 7 search when not in the store) or
 * else related articles; the onward items (previous and next in the
 * first tag, the month, search, the front page).  The words follow the
 * article's Lang (labels.h).
 */
int	gophermap_article(struct buf *, const struct render_site *,
	    const struct gophermap_opts *, const struct render_article *);

/*
 * The article as type 0 text: text_article() with CRLF, dots guarded,
 * width 70, ASCII folding per the options, and no final ".\r\n": the
 * connection's end ends the text.  lynx, VF-1 and curl show a
 * terminator as a line of text; sacc and the UMN client stop at it or
 * at the end alike (gophernicus sends files the same way).  The guard
 * stays, for the clients that stop at a lone ".".
 */
int	gophermap_text(struct buf *, const struct render_site *,
	    const struct gophermap_opts *, const struct render_article *);

int	gophermap_tags(struct buf *, const struct render_site *,
	    const struct gophermap_opts *, const struct render_tag *, size_t);
int	gophermap_tag(struct buf *, const struct render_site *,
	    const struct gophermap_opts *, const char *tag,
	    const struct article *const *arts, size_t n);
/* /authors/ and /authors/NAME/, as gemtext_authors() and _author(). */
int	gophermap_authors(struct buf *, const struct render_site *,
	    const struct gophermap_opts *, const struct render_author *,
	    size_t n);
int	gophermap_author(struct buf *, const struct render_site *,
	    const struct gophermap_opts *, const char *name,
	    const struct article *const *arts, size_t n);
int	gophermap_archive(struct buf *, const struct render_site *,
	    const struct gophermap_opts *, const struct render_month *, size_t);
int	gophermap_month(struct buf *, const struct render_site *,
	    const struct gophermap_opts *, int year, int month,
	    const struct article *const *arts, size_t n);
int	gophermap_search(struct buf *, const struct render_site *,
	    const struct gophermap_opts *, const char *query,
	    const struct render_hit *, size_t n);

/* An extra page (pages/NAME.gmi, gemtext) as a menu: text as 'i' lines,
 * links as items. */
int	gophermap_page(struct buf *, const struct render_site *,
	    const struct gophermap_opts *, const char *gemtext, size_t len);

/*
 * 1 when url (len bytes) starts with a scheme (RFC 3986, 3.1, any case)
 * that a "URL:" selector may carry: http, https, gemini, gopher, ftp,
 * mailto, news, telnet; 0 for any other, or none.
 */
int	gophermap_url_ok(const char *url, size_t len);

/* The error menu: "3message" plus 'i' lines, then ".\r\n". */
int	gophermap_error(struct buf *, const struct gophermap_opts *,
	    const char *message);

#endif
