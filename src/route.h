/*
 * route: pure mapping of a normalised request path to a page of the URL
 * space (DESIGN.md), the same for Gemini and Gopher.
 *
 * It only reads the path: whether the slug, tag or month exists is the
 * snapshot's business.  r_arg points into the path given (not owned).
 */
#ifndef CAPSULE_ROUTE_H
#define CAPSULE_ROUTE_H

#include <stddef.h>

struct buf;

enum route_kind {
	ROUTE_NONE = 0,		/* not a page of ours */
	ROUTE_SLASH,		/* a directory without its "/": redirect */
	ROUTE_FRONT,		/* / */
	ROUTE_ARTICLE,		/* /articles/SLUG */
	ROUTE_ARTICLE_TXT,	/* /articles/SLUG.txt */
	ROUTE_TAGS,		/* /tags/ */
	ROUTE_TAG,		/* /tags/TAG/ */
	ROUTE_TAG_FEED,		/* /tags/TAG/atom.xml */
	ROUTE_ARCHIVE,		/* /archive/ */
	ROUTE_MONTH,		/* /archive/YYYY/MM/ */
	ROUTE_SEARCH,		/* /search */
	ROUTE_FEED,		/* /atom.xml */
	ROUTE_MEDIA,		/* /media/FILE */
	ROUTE_ROBOTS,		/* /robots.txt */
	ROUTE_FAVICON,		/* /favicon.txt */
	ROUTE_CAPS,		/* /caps.txt (gopher) */
	ROUTE_AUTHORS,		/* /authors/ */
	ROUTE_AUTHOR,		/* /authors/NAME/ */
	ROUTE_PAGE,		/* /NAME: pages/NAME.gmi */
	ROUTE_LANG,		/* /lang/CODE/: the articles in a language */
	ROUTE_LANG_FEED,	/* /lang/CODE/atom.xml */
	ROUTE_NKINDS
};

struct route {
	enum route_kind	 r_kind;
	const char	*r_arg;		/* slug, tag, author, media path, page */
	size_t		 r_arglen;
	int		 r_year;
	int		 r_month;
};

/*
 * Fills r for path (starting with "/", already decoded and free of dot
 * segments).  Slugs, tags, authors (article_slugify() of the byline)
 * and page names must be [a-z0-9-]+; a media
 * path may have sub-folders but no segment starting with ".".
 */
void	route_match(const char *path, struct route *r);

/*
 * The other way: the path of a page, the only place besides
 * route_match() that spells the URL space.  route_set() fills r for a
 * kind and its argument (NULL for kinds without one; for ROUTE_MONTH,
 * set r_year and r_month after it); route_format() writes r's path
 * into out and returns its length, or -1 when it does not fit or r is
 * no page (ROUTE_NONE, ROUTE_SLASH); route_path() appends it to b.
 */
struct route *route_set(struct route *r, enum route_kind k, const char *arg);
int	route_format(char *out, size_t size, const struct route *r);
int	route_path(struct buf *b, const struct route *r);

/* The path of a month of the archive appended to b. */
int	route_path_month(struct buf *b, int year, int month);

#endif
