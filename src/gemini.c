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
#include "metrics.h"
#include "request.h"
#include "route.h"
#include "snapshot.h"
#include "titan.h"
#include "upload.h"
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

/*
 * The answer snapshot_lookup() found: the status line goes in the
 * connection's own header buffer, so a page costs no allocation; one
 * that does not fit there (a language tag of absurd length) is copied
 * whole into c_dyn behind its status line instead.
 */
static void
gemini_answer(struct conn *c, const struct snap_reply *rep)
{
	char head[CONN_HEAD_MAX];
	int n;

	n = gemtext_header(head, sizeof(head), rep->sr_mime, rep->sr_lang);
	if (rep->sr_page == NULL) {
		if (n == -1 || conn_head(c, head, (size_t)n) == -1) {
			gemini_reply(c, "40", "Temporary failure");
			return;
		}
		conn_send_dyn(c, "20");
	} else if (n != -1 && conn_head(c, head, (size_t)n) == 0)
		conn_send_page(c, rep->sr_page, "20");
	else {
		buf_truncate(&c->c_dyn, 0);
		gemtext_status(&c->c_dyn, rep->sr_mime, rep->sr_lang);
		buf_add(&c->c_dyn, rep->sr_page->sp_data, rep->sr_page->sp_len);
		conn_send_dyn(c, "20");
	}
}

/* "31" to the path of r, on the snapshot's own host and port. */
static void
gemini_redirect(struct conn *c, const struct route *r)
{
	buf_printf(&c->c_dyn, "31 %s", c->c_snap->sn_base);
	route_path(&c->c_dyn, r);
	buf_puts(&c->c_dyn, "\r\n");
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
	gemtext_status(&c->c_dyn, GEMTEXT_MIME, sn->sn_site.rs_lang);
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

/*
 * Everything but search and media is a page of the snapshot's table;
 * Gemini adds the redirects: a directory without its "/" and an old
 * slug of an article.
 */
static void
gemini_route(struct conn *c, const struct url *u)
{
	struct snapshot *sn = c->c_snap;
	struct snap_reply rep;
	const char *slug;
	struct route r;
	int rc;

	if (gemini_publish(c, u->u_path))
		return;
	route_match(u->u_path, &r);
	switch (r.r_kind) {
	case ROUTE_SLASH:
		buf_printf(&c->c_dyn, "31 %s%s/\r\n", sn->sn_base, u->u_path);
		conn_send_dyn(c, "31");
		return;
	case ROUTE_SEARCH:
		gemini_search(c, u->u_query);
		return;
	case ROUTE_MEDIA:
		gemini_media(c, r.r_arg);
		return;
	default:
		break;
	}
	if ((rc = snapshot_lookup(sn, &r, SNAP_GEMINI, &c->c_dyn, &rep)) == 1)
		gemini_answer(c, &rep);
	else if (rc == -1)
		gemini_reply(c, "40", "Temporary failure");
	else if ((r.r_kind == ROUTE_ARTICLE || r.r_kind == ROUTE_ARTICLE_TXT) &&
	    (slug = snapshot_alias(sn, r.r_arg, r.r_arglen)) != NULL)
		gemini_redirect(c, route_set(&r, r.r_kind, slug));
	else
		gemini_reply(c, "51", "Not found");
}

/*
 * On a replica (--primary), a write is for the primary: a titan://
 * upload to our host, or a gemini:// request under /publish/.  It is
 * answered 31 to the same path (as sent, query and Titan parameters
 * too) on the primary.  1 when c was answered so.
 */
static int
gemini_to_primary(struct conn *c, const struct url *u)
{
	const struct snapshot *sn = c->c_snap;
	const char *p, *end = c->c_req + c->c_reqlen, *path;
	int titan = strcmp(u->u_scheme, "titan") == 0;

	if (sn->sn_primary[0] == '\0' ||
	    strcasecmp(u->u_host, sn->sn_host) != 0)
		return 0;
	if (!titan && (strcmp(u->u_scheme, "gemini") != 0 ||
	    u->u_path == NULL || (strncmp(u->u_path, "/publish/", 9) != 0 &&
	    strcmp(u->u_path, "/publish") != 0)))
		return 0;
	/* The path as the client sent it: after "scheme://authority". */
	path = end;
	if ((p = memchr(c->c_req, ':', c->c_reqlen)) != NULL &&
	    end - p >= 3 && p[1] == '/' && p[2] == '/')
		for (path = p + 3; path < end && *path != '/' && *path != '?';
		    path++)
			;
	buf_truncate(&c->c_dyn, 0);
	buf_printf(&c->c_dyn, "31 %s://%s", titan ? "titan" : "gemini",
	    sn->sn_primary);
	if (path == end || *path != '/')
		buf_puts(&c->c_dyn, "/");
	buf_add(&c->c_dyn, path, (size_t)(end - path));
	buf_puts(&c->c_dyn, "\r\n");
	conn_send_dyn(c, "31");
	return 1;
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

	/* Without a writer a titan URL is another scheme's, as it was. */
	if (upload_enabled() && titan_is(c->c_req, c->c_reqlen)) {
		gemini_titan_request(c);
		return;
	}
	if (request_parse(c->c_req, c->c_reqlen, &u, &errstr) == -1)
		gemini_reply(c, "59", errstr);
	else if ((c->c_snap = snapshot_acquire()) == NULL)
		gemini_reply(c, "40", "Starting up");
	else if (gemini_to_primary(c, &u))
		;
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
	gemini_timeout, METRICS_GEMINI, gemini_titan_body
};
