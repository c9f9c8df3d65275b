/*
 * route: see route.h.
 */
#include <stdio.h>
#include <string.h>

#include "article.h"
#include "buf.h"
#include "route.h"

/*
 * The path of every kind: what comes before its argument and after it
 * (a month's argument is "YYYY/MM").  route_match() below reads the same
 * spellings.
 */
static const struct {
	const char	*rp_pre;
	const char	*rp_post;
} route_paths[ROUTE_NKINDS] = {
	[ROUTE_FRONT] =		{ "/", "" },
	[ROUTE_ARTICLE] =	{ "/articles/", "" },
	[ROUTE_ARTICLE_TXT] =	{ "/articles/", ".txt" },
	[ROUTE_TAGS] =		{ "/tags/", "" },
	[ROUTE_TAG] =		{ "/tags/", "/" },
	[ROUTE_TAG_FEED] =	{ "/tags/", "/atom.xml" },
	[ROUTE_ARCHIVE] =	{ "/archive/", "" },
	[ROUTE_MONTH] =		{ "/archive/", "/" },
	[ROUTE_SEARCH] =	{ "/search", "" },
	[ROUTE_FEED] =		{ "/atom.xml", "" },
	[ROUTE_MEDIA] =		{ "/media/", "" },
	[ROUTE_ROBOTS] =	{ "/robots.txt", "" },
	[ROUTE_FAVICON] =	{ "/favicon.txt", "" },
	[ROUTE_CAPS] =		{ "/caps.txt", "" },
	[ROUTE_AUTHORS] =	{ "/authors/", "" },
	[ROUTE_AUTHOR] =	{ "/authors/", "/" },
	[ROUTE_PAGE] =		{ "/", "" },
	[ROUTE_LANG] =		{ "/lang/", "/" },
	[ROUTE_LANG_FEED] =	{ "/lang/", "/atom.xml" },
};

/* Length of a [a-z0-9-]+ name at p, ended by stop or the end; 0 if none. */
static size_t
route_name(const char *p, char stop)
{
	size_t n;

	for (n = 0; p[n] != '\0' && p[n] != stop; n++)
		if (!((p[n] >= 'a' && p[n] <= 'z') ||
		    (p[n] >= '0' && p[n] <= '9') || p[n] == '-'))
			return 0;
	return n <= ARTICLE_SLUG_MAX ? n : 0;
}

static int
route_digits(const char *p, int n)
{
	int v = 0;

	while (n-- > 0) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p++ - '0');
	}
	return v;
}

/* media/ paths: segments that are not empty and do not start with ".". */
static int
route_media_ok(const char *p)
{
	if (*p == '\0')
		return 0;
	for (;;) {
		size_t n = strcspn(p, "/");

		if (n == 0 || p[0] == '.')
			return 0;
		if (p[n] == '\0')
			return 1;
		p += n + 1;
	}
}

static void
route_arg(struct route *r, enum route_kind k, const char *arg, size_t len)
{
	r->r_kind = k;
	r->r_arg = arg;
	r->r_arglen = len;
}

/*
 * NAME, NAME/ and NAME/atom.xml below a folder of names (tags, languages,
 * authors): the redirect to NAME/, the page, and the feed when the folder
 * has feeds (feed is not ROUTE_NONE).
 */
static void
route_folder(struct route *r, const char *p, enum route_kind page,
    enum route_kind feed)
{
	size_t n;

	if ((n = route_name(p, '/')) == 0)
		return;
	if (p[n] == '\0')
		route_arg(r, ROUTE_SLASH, p, n);
	else if (strcmp(p + n, "/") == 0)
		route_arg(r, page, p, n);
	else if (feed != ROUTE_NONE && strcmp(p + n, "/atom.xml") == 0)
		route_arg(r, feed, p, n);
}

void
route_match(const char *path, struct route *r)
{
	const char *p;
	size_t n;

	memset(r, 0, sizeof(*r));
	if (strcmp(path, "/") == 0 || *path == '\0')
		r->r_kind = ROUTE_FRONT;
	else if (strncmp(path, "/articles/", 10) == 0) {
		p = path + 10;
		n = route_name(p, '.');
		if (n > 0 && p[n] == '\0')
			route_arg(r, ROUTE_ARTICLE, p, n);
		else if (n > 0 && strcmp(p + n, ".txt") == 0)
			route_arg(r, ROUTE_ARTICLE_TXT, p, n);
	} else if (strcmp(path, "/tags") == 0 || strcmp(path, "/archive") == 0 ||
	    strcmp(path, "/authors") == 0)
		r->r_kind = ROUTE_SLASH;
	else if (strcmp(path, "/tags/") == 0)
		r->r_kind = ROUTE_TAGS;
	else if (strncmp(path, "/tags/", 6) == 0)
		route_folder(r, path + 6, ROUTE_TAG, ROUTE_TAG_FEED);
	else if (strncmp(path, "/lang/", 6) == 0)
		route_folder(r, path + 6, ROUTE_LANG, ROUTE_LANG_FEED);
	else if (strcmp(path, "/authors/") == 0)
		r->r_kind = ROUTE_AUTHORS;
	else if (strncmp(path, "/authors/", 9) == 0)
		route_folder(r, path + 9, ROUTE_AUTHOR, ROUTE_NONE);
	else if (strcmp(path, "/archive/") == 0)
		r->r_kind = ROUTE_ARCHIVE;
	else if (strncmp(path, "/archive/", 9) == 0) {
		p = path + 9;
		if (strlen(p) < 7 || p[4] != '/' ||
		    (r->r_year = route_digits(p, 4)) < 0 ||
		    (r->r_month = route_digits(p + 5, 2)) < 1 ||
		    r->r_month > 12)
			return;
		if (p[7] == '\0')
			r->r_kind = ROUTE_SLASH;
		else if (strcmp(p + 7, "/") == 0)
			r->r_kind = ROUTE_MONTH;
	} else if (strcmp(path, "/search") == 0)
		r->r_kind = ROUTE_SEARCH;
	else if (strcmp(path, "/atom.xml") == 0)
		r->r_kind = ROUTE_FEED;
	else if (strcmp(path, "/robots.txt") == 0)
		r->r_kind = ROUTE_ROBOTS;
	else if (strcmp(path, "/favicon.txt") == 0)
		r->r_kind = ROUTE_FAVICON;
	else if (strcmp(path, "/caps.txt") == 0)
		r->r_kind = ROUTE_CAPS;
	else if (strncmp(path, "/media/", 7) == 0) {
		if (route_media_ok(path + 7))
			route_arg(r, ROUTE_MEDIA, path + 7, strlen(path + 7));
	} else if ((n = route_name(path + 1, '\0')) > 0)
		route_arg(r, ROUTE_PAGE, path + 1, n);
}

struct route *
route_set(struct route *r, enum route_kind k, const char *arg)
{
	memset(r, 0, sizeof(*r));
	route_arg(r, k, arg, arg != NULL ? strlen(arg) : 0);
	return r;
}

int
route_format(char *out, size_t size, const struct route *r)
{
	const char *pre, *post;
	int n;

	if (r->r_kind <= ROUTE_SLASH || r->r_kind >= ROUTE_NKINDS)
		return -1;
	pre = route_paths[r->r_kind].rp_pre;
	post = route_paths[r->r_kind].rp_post;
	if (r->r_kind == ROUTE_MONTH)
		n = snprintf(out, size, "%s%04d/%02d%s", pre, r->r_year,
		    r->r_month, post);
	else
		n = snprintf(out, size, "%s%.*s%s", pre, (int)r->r_arglen,
		    r->r_arg != NULL ? r->r_arg : "", post);
	return n >= 0 && (size_t)n < size ? n : -1;
}

int
route_path(struct buf *b, const struct route *r)
{
	const char *pre, *post;

	if (r->r_kind <= ROUTE_SLASH || r->r_kind >= ROUTE_NKINDS)
		return -1;
	pre = route_paths[r->r_kind].rp_pre;
	post = route_paths[r->r_kind].rp_post;
	if (r->r_kind == ROUTE_MONTH)
		buf_printf(b, "%s%04d/%02d%s", pre, r->r_year, r->r_month,
		    post);
	else
		buf_printf(b, "%s%.*s%s", pre, (int)r->r_arglen,
		    r->r_arg != NULL ? r->r_arg : "", post);
	return 0;
}

int
route_path_month(struct buf *b, int year, int month)
{
	struct route r;

	route_set(&r, ROUTE_MONTH, NULL);
	r.r_year = year;
	r.r_month = month;
	return route_path(b, &r);
}
