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
	ROUTE_PAGE		/* /NAME: pages/NAME.gmi */
};

struct route {
	enum route_kind	 r_kind;
	const char	*r_arg;		/* slug, tag, media path or page name */
	size_t		 r_arglen;
	int		 r_year;
	int		 r_month;
};

/*
 * Fills r for path (starting with "/", already decoded and free of dot
 * segments).  Slugs, tags and page names must be [a-z0-9-]+; a media
 * path may have sub-folders but no segment starting with ".".
 */
void	route_match(const char *path, struct route *r);

#endif
