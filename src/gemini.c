/*
 * gemini: the Gemini protocol: what a request line means and which
 * response it gets.  The connection itself (TLS, reading, writing,
 * timeouts) is conn.c's.
 *
 * Responses come from the snapshot the request takes (c_snap), which
 * the connection lets go of once the response is chosen: what it sends
 * is a page it holds a reference to, its own bytes (c_dyn) or a file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "conn.h"
#include "gemini.h"
#include "gemtext.h"
#include "request.h"
#include "route.h"
#include "snapshot.h"
#include "url.h"
#include "utf8.h"
#include "util.h"

#define GEMINI_SEARCH_HITS	50

/* fuzz_request frames requests in a buffer of the connection's size. */
_Static_assert(CONN_REQ_MAX == REQUEST_MAX, "request buffer size");

/* A response with no body: "NN META\r\n". */
static void
gemini_reply(struct conn *c, const char *status, const char *meta)
{
	buf_truncate(&c->c_dyn, 0);
	buf_printf(&c->c_dyn, "%s %s\r\n", status, meta);
	conn_send_dyn(c, status);
}

/* A page of the snapshot; NULL: it could not be rendered. */
static void
gemini_page(struct conn *c, struct snap_page *p)
{
	char status[3];

	if (p == NULL) {
		gemini_reply(c, "40", "Temporary failure");
		return;
	}
	memcpy(status, p->sp_data, 2);
	status[2] = '\0';
	conn_send_page(c, p, 0, status);
}

static void
gemini_tag_feed(struct conn *c, long i)
{
	buf_puts(&c->c_dyn, "20 application/atom+xml\r\n");
	if (snapshot_tag_feed(c->c_snap, i, &c->c_dyn) == -1) {
		gemini_reply(c, "40", "Temporary failure");
		return;
	}
	conn_send_dyn(c, "20");
}

static void
gemini_redirect(struct conn *c, const char *path, const char *suffix)
{
	buf_printf(&c->c_dyn, "31 %s%s%s\r\n", c->c_snap->sn_base, path,
	    suffix);
	conn_send_dyn(c, "31");
}

static void
gemini_search(struct conn *c, const char *query)
{
	struct snapshot *sn = c->c_snap;
	struct render_hit rh[GEMINI_SEARCH_HITS];
	const char *errstr;
	char *words = NULL;
	struct snap_results res;
	size_t len, bad;
	long n;

	if (query == NULL || *query == '\0') {
		gemini_reply(c, "10", "Search for");
		return;
	}
	if (url_decode(query, strlen(query), &words, &len, &errstr) == -1 ||
	    utf8_validate(words, len, &bad) == -1) {
		free(words);
		gemini_reply(c, "59", "Bad search query");
		return;
	}
	n = snapshot_search(sn, words, rh, GEMINI_SEARCH_HITS, &res);
	if (n == SNAP_NOINDEX) {
		free(words);
		gemini_reply(c, "41", "The search index is being built; "
		    "try again in a few seconds");
		return;
	}
	if (n == -1) {
		free(words);
		gemini_reply(c, "40", "Temporary failure");
		return;
	}
	buf_printf(&c->c_dyn, "20 text/gemini; charset=utf-8; lang=%s\r\n",
	    sn->sn_site.rs_lang);
	gemtext_search(&c->c_dyn, &sn->sn_site, words, rh, (size_t)n);
	snapshot_search_done(&res);
	free(words);
	conn_send_dyn(c, "20");
}

static void
gemini_media(struct conn *c, const char *path)
{
	const struct store_media *m;
	int fd;

	if (c->c_snap->sn_files.sf_mediafd == -1 ||
	    (m = snapshot_media(c->c_snap, path)) == NULL ||
	    (fd = util_open_beneath(c->c_snap->sn_files.sf_mediafd, path)) == -1) {
		gemini_reply(c, "51", "Not found");
		return;
	}
	if (conn_send_file(c, fd) == -1) {
		gemini_reply(c, "40", "Temporary failure");
		return;
	}
	gemini_reply(c, "20", m->sm_mime);
}

/* Answers a request for an article (or its .txt), old slugs redirected. */
static void
gemini_article(struct conn *c, const struct route *r, int text)
{
	struct snapshot *sn = c->c_snap;
	struct article *a;
	char slug[ARTICLE_SLUG_MAX + 1];

	if ((a = snapshot_article(sn, r->r_arg, r->r_arglen)) != NULL) {
		gemini_page(c, snapshot_article_page(sn, a, text ? SNAP_TEXT :
		    SNAP_GEMINI));
		return;
	}
	memcpy(slug, r->r_arg, r->r_arglen);
	slug[r->r_arglen] = '\0';
	if ((a = store_find_alias(sn->sn_store, slug)) != NULL) {
		char path[ARTICLE_SLUG_MAX + 16];

		snprintf(path, sizeof(path), "/articles/%s", a->a_slug);
		gemini_redirect(c, path, text ? ".txt" : "");
		return;
	}
	gemini_reply(c, "51", "Not found");
}

static void
gemini_route(struct conn *c, const struct url *u)
{
	struct snapshot *sn = c->c_snap;
	const struct snap_named *pg;
	struct route r;
	long i;

	route_match(u->u_path, &r);
	switch (r.r_kind) {
	case ROUTE_FRONT:
		gemini_page(c, sn->sn_front);
		return;
	case ROUTE_ARTICLE:
	case ROUTE_ARTICLE_TXT:
		gemini_article(c, &r, r.r_kind == ROUTE_ARTICLE_TXT);
		return;
	case ROUTE_SLASH:
		gemini_redirect(c, u->u_path, "/");
		return;
	case ROUTE_TAGS:
		gemini_page(c, sn->sn_tags);
		return;
	case ROUTE_TAG:
	case ROUTE_TAG_FEED:
		if ((i = snapshot_tag(sn, r.r_arg, r.r_arglen)) == -1)
			break;
		if (r.r_kind == ROUTE_TAG)
			gemini_page(c, sn->sn_tag_pages[i]);
		else
			gemini_tag_feed(c, i);
		return;
	case ROUTE_ARCHIVE:
		gemini_page(c, sn->sn_archive);
		return;
	case ROUTE_MONTH:
		if ((i = snapshot_month(sn, r.r_year, r.r_month)) == -1)
			break;
		gemini_page(c, sn->sn_months[i]);
		return;
	case ROUTE_SEARCH:
		gemini_search(c, u->u_query);
		return;
	case ROUTE_FEED:
		gemini_page(c, sn->sn_feed);
		return;
	case ROUTE_ROBOTS:
		gemini_page(c, sn->sn_robots);
		return;
	case ROUTE_FAVICON:
		if (sn->sn_favicon == NULL)
			break;
		gemini_page(c, sn->sn_favicon);
		return;
	case ROUTE_MEDIA:
		gemini_media(c, r.r_arg);
		return;
	case ROUTE_PAGE:
		if ((pg = snapshot_page(sn, r.r_arg, r.r_arglen)) == NULL)
			break;
		gemini_page(c, pg->sn_page);
		return;
	case ROUTE_CAPS:
	case ROUTE_NONE:
		break;
	}
	gemini_reply(c, "51", "Not found");
}

/*
 * What the specification says of a request line is checked by request.c
 * (59); a request for another scheme, host or port is refused with 53.
 */
static void
gemini_request(struct conn *c)
{
	const char *errstr;
	struct url u;

	if (request_parse(c->c_req, c->c_reqlen, &u, &errstr) == -1)
		gemini_reply(c, "59", errstr);
	else if ((c->c_snap = snapshot_acquire()) == NULL)
		gemini_reply(c, "40", "Starting up");
	/* The snapshot's host: the configuration may change under a HUP. */
	else if (request_local(&u, c->c_snap->sn_host,
	    c->c_port) == -1)
		gemini_reply(c, "53", "Proxy request refused");
	else
		gemini_route(c, &u);
	url_free(&u);
}

static void
gemini_too_long(struct conn *c)
{
	gemini_reply(c, "59", "Request too long");
}

/*
 * A request line that never came whole before the read timeout.  The
 * specification's 59 BAD REQUEST: "The server was unable to parse the
 * client's request, presumably due to a malformed request"; the client
 * hears why, and the close_notify after it, instead of a bare close.
 */
static void
gemini_timeout(struct conn *c)
{
	gemini_reply(c, "59", "Request timed out");
}

/*
 * The Gemini specification (0.16.1), 44 SLOW DOWN: "Rate limiting is in
 * effect. <META> is an integer number of seconds which the client must
 * wait before another request is made to this server."
 */
static void
gemini_limited(struct conn *c, unsigned wait)
{
	char meta[16];

	snprintf(meta, sizeof(meta), "%u", wait);
	gemini_reply(c, "44", meta);
}

/*
 * The Gemini specification: "Clients connect to the server and send a
 * request which consists of an absolute URI followed by a CR (character
 * 13) and LF (character 10)" - a bare LF does not end one.
 */
const struct conn_proto gemini_proto = {
	"gemini", 1, 0, gemini_request, gemini_too_long, gemini_limited,
	gemini_timeout
};
