/*
 * gopher: the Gopher protocol (RFC 1436, with the conventions real
 * clients rely on): what a selector line means and which menu, text or
 * file it gets.  The connection itself is conn.c's.
 *
 * Selectors are the paths of the shared URL space ("/articles/SLUG"), so
 * routing is route.c's, and pages come from the same snapshot as the
 * Gemini side's.  Gopher has no redirects: an old slug or a directory
 * without its "/" is simply served.
 *
 * Gopher+ (the UMN design of 1993; its client sends "SELECTOR\t$" for
 * the first menu and reads nothing else): a request whose last field
 * is "+" gets the same bytes after a "+-2" header (data until the
 * connection closes); "!" gets the item's attribute block, "$" the
 * blocks of every item of a menu, each "+INFO:" (the Gopher0 menu line)
 * and a minimal "+ADMIN:" (Admin, Mod-Date), after "+-1" and before
 * ".".  No item is marked Gopher+ (no fifth field), so such a client
 * asks for the next one in plain Gopher0, which keeps every answer
 * but these three forms plain.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "conn.h"
#include "feed.h"
#include "gopher.h"
#include "gophermap.h"
#include "metrics.h"
#include "route.h"
#include "snapshot.h"
#include "utf8.h"
#include "util.h"

#define GOPHER_SEARCH_HITS	50

/*
 * What the request's last field asked for ('\0', '+', '!' or '$') and
 * its selector.  A request is answered within one gopher_request() call
 * on one worker thread, so these live per thread and are set at its
 * start, rather than passed through every path that may end in an error.
 */
static _Thread_local char gopher_plus;
static _Thread_local const char *gopher_sel;

/*
 * The +ADMIN block the Gopher+ document requires of every item: who
 * runs it and when it changed.  We have no one item's date to give; the
 * time of the answer is what a server without them sends.
 */
static void
gopher_admin(struct buf *b, const struct snapshot *sn)
{
	char date[16];
	struct tm tm;
	time_t now = time(NULL);

	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%Y%m%d%H%M%S", &tm);
	buf_printf(b, "+ADMIN:\r\n Admin: %s <%s>\r\n Mod-Date: %s <%s>\r\n",
	    sn->sn_site.rs_title, sn->sn_host, date, date);
}

/*
 * The answer to "!" or "$": one block per menu line when a menu was
 * asked for with "$", else one block for the item itself (of type
 * type, named by its selector).
 */
static void
gopher_attrs(struct conn *c, const char *body, size_t len, char type)
{
	struct snapshot *sn = c->c_snap;
	struct buf out = BUF_INIT;
	const char *p = body, *end = body + len, *eol;
	const char *sel = gopher_sel != NULL ? gopher_sel : "";
	size_t n;

	buf_puts(&out, "+-1\r\n");
	if (gopher_plus == '$' && (type == '1' || type == '3')) {
		for (; p < end; p = eol + 1) {
			if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
				eol = end;
			n = (size_t)(eol - p);
			if (n > 0 && p[n - 1] == '\r')
				n--;
			if (n == 0 || (n == 1 && p[0] == '.'))
				continue;
			buf_puts(&out, "+INFO: ");
			buf_add(&out, p, n);
			buf_puts(&out, "\r\n");
			gopher_admin(&out, sn);
		}
	} else {
		buf_printf(&out, "+INFO: %c%s\t%s\t%s\t%d\r\n", type,
		    sel, sel, sn->sn_gopher->go_host,
		    sn->sn_gopher->go_port);
		gopher_admin(&out, sn);
	}
	buf_puts(&out, ".\r\n");
	buf_free(&c->c_dyn);
	c->c_dyn = out;
}

/* Sends c_dyn, of item type type, framed as the request asked. */
static void
gopher_send_dyn(struct conn *c, const char *type)
{
	if (gopher_plus == '!' || gopher_plus == '$')
		gopher_attrs(c, c->c_dyn.b_data, c->c_dyn.b_len, type[0]);
	conn_send_dyn(c, type);
}

static void
gopher_error(struct conn *c, const char *msg)
{
	buf_truncate(&c->c_dyn, 0);
	gophermap_error(&c->c_dyn, c->c_snap->sn_gopher, msg);
	gopher_send_dyn(c, "3");
}

/*
 * A "URL:" selector (the convention of gophernicus and others for links
 * to other protocols): a small HTML page that sends a web browser on.
 * Only to the schemes our menus link to (gophermap_url_ok()): a
 * "javascript:" or "data:" URL would run in the browser, on a page that
 * comes from us.  The URL is escaped for an attribute (quotes included)
 * and for text alike.
 */
static void
gopher_url(struct conn *c, const char *url, size_t len)
{
	struct buf *b = &c->c_dyn;

	if (!gophermap_url_ok(url, len)) {
		gopher_error(c, "Not a link this server makes");
		return;
	}
	buf_puts(b, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n"
	    "<meta http-equiv=\"refresh\" content=\"1;url=");
	feed_esc(b, url, len);
	buf_puts(b, "\">\n<title>Leaving gopherspace</title></head>\n"
	    "<body><p>This link leads out of gopherspace to <a href=\"");
	feed_esc(b, url, len);
	buf_puts(b, "\">");
	feed_esc(b, url, len);
	buf_puts(b, "</a>.</p></body></html>\n");
	conn_send_dyn(c, "h");
}

static void
gopher_search(struct conn *c, const char *words)
{
	struct snapshot *sn = c->c_snap;
	struct render_hit rh[GOPHER_SEARCH_HITS];
	struct snap_results res;
	size_t bad;
	long n;

	if (utf8_validate(words, strlen(words), &bad) == -1) {
		gopher_error(c, "Search words must be UTF-8");
		return;
	}
	n = snapshot_search(sn, words, rh, GOPHER_SEARCH_HITS, &res);
	if (n == SNAP_NOINDEX) {
		gopher_error(c, "The search index is being built; "
		    "try again in a few seconds");
		return;
	}
	if (n == -1) {
		gopher_error(c, "Temporary failure, try again");
		return;
	}
	gophermap_search(&c->c_dyn, &sn->sn_site, sn->sn_gopher, words, rh,
	    (size_t)n);
	snapshot_search_done(&res);
	gopher_send_dyn(c, "1");
}

static void
gopher_media(struct conn *c, const char *path)
{
	const struct store_media *m;
	char type[2];
	int fd;

	if (c->c_snap->sn_files.sf_mediafd == -1 ||
	    (m = snapshot_media(c->c_snap, path)) == NULL) {
		gopher_error(c, "Not found");
		return;
	}
	type[0] = m->sm_gopher;
	type[1] = '\0';
	if (gopher_plus == '!' || gopher_plus == '$') {
		gopher_send_dyn(c, type);
		return;
	}
	if ((fd = util_open_beneath(c->c_snap->sn_files.sf_mediafd,
	    path)) == -1) {
		gopher_error(c, "Not found");
		return;
	}
	if (conn_send_file(c, fd) == -1) {
		gopher_error(c, "Temporary failure, try again");
		return;
	}
	conn_send_dyn(c, type);	/* nothing before the file */
}

/*
 * Everything but search and media is a page of the snapshot's table.
 * Gopher has no redirects: a directory without its "/" and an article
 * under an old slug are served as they are.
 */
static void
gopher_route(struct conn *c, const char *sel, const char *words)
{
	struct snapshot *sn = c->c_snap;
	struct snap_reply rep;
	const char *slug;
	struct route r;
	char slashed[CONN_REQ_MAX + 3];
	int rc;

	route_match(sel, &r);
	if (r.r_kind == ROUTE_SLASH) {
		snprintf(slashed, sizeof(slashed), "%s/", sel);
		route_match(slashed, &r);
	}
	if (r.r_kind == ROUTE_SEARCH) {
		gopher_search(c, words != NULL ? words : "");
		return;
	}
	if (r.r_kind == ROUTE_MEDIA) {
		gopher_media(c, r.r_arg);
		return;
	}
	rc = snapshot_lookup(sn, &r, SNAP_GOPHER, &c->c_dyn, &rep);
	if (rc == 0 && (r.r_kind == ROUTE_ARTICLE ||
	    r.r_kind == ROUTE_ARTICLE_TXT) &&
	    (slug = snapshot_alias(sn, r.r_arg, r.r_arglen)) != NULL)
		rc = snapshot_lookup(sn, route_set(&r, r.r_kind, slug),
		    SNAP_GOPHER, &c->c_dyn, &rep);
	if (rc == 1 && rep.sr_page != NULL &&
	    (gopher_plus == '!' || gopher_plus == '$')) {
		buf_truncate(&c->c_dyn, 0);
		buf_add(&c->c_dyn, rep.sr_page->sp_data, rep.sr_page->sp_len);
		gopher_send_dyn(c, rep.sr_mime);
	} else if (rc == 1 && rep.sr_page != NULL)
		conn_send_page(c, rep.sr_page, rep.sr_mime);
	else if (rc == 1)
		gopher_send_dyn(c, rep.sr_mime);
	else
		gopher_error(c, rc == -1 ? "Temporary failure, try again" :
		    "Not found");
}

/*
 * A selector of ours stays inside the URL space: no empty, "." or ".."
 * segment, no backslash, no control byte.  Anything else would only be
 * a try at leaving the store.
 */
static int
gopher_selector_ok(const char *s)
{
	const char *seg = s + 1;

	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f || *s == '\\')
			return 0;
	for (;;) {
		size_t n = strcspn(seg, "/");

		if ((n == 0 && seg[n] == '/') || (n == 1 && seg[0] == '.') ||
		    (n == 2 && seg[0] == '.' && seg[1] == '.'))
			return 0;
		if (seg[n] == '\0')
			return 1;
		seg += n + 1;
	}
}

/* "GET / HTTP/1.1" and friends: a web browser knocking on the wrong door. */
static int
gopher_is_http(const char *line)
{
	static const char *const methods[] = { "GET ", "HEAD ", "POST ",
	    "PUT ", "OPTIONS ", "CONNECT " };
	size_t i;

	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (strncmp(line, methods[i], strlen(methods[i])) == 0 &&
		    strstr(line, " HTTP/") != NULL)
			return 1;
	return 0;
}

/*
 * RFC 1436, section 3: "The selector string ... is sent to the server,
 * followed by a CR-LF"; a search adds "a TAB and the search string".
 * Gopher+ (section 2 of its own document) appends another TAB and "+",
 * "!" or "$" (perhaps followed by a view or block name, which we do not
 * offer and ignore): see the top of this file.
 */
static void
gopher_request(struct conn *c)
{
	char line[CONN_REQ_MAX + 1], sel[CONN_REQ_MAX + 2], *tab, *words;

	/*
	 * Even an error menu names our host, and that comes from the
	 * snapshot: the configuration may change under a HUP.  Before the
	 * first snapshot there is nothing to say; the connection just ends.
	 */
	gopher_plus = '\0';
	gopher_sel = NULL;
	if ((c->c_snap = snapshot_acquire()) == NULL)
		return;
	if (memchr(c->c_req, '\0', c->c_reqlen) != NULL) {
		gopher_error(c, "Bad selector");
		return;
	}
	memcpy(line, c->c_req, c->c_reqlen);
	line[c->c_reqlen] = '\0';
	if (gopher_is_http(line)) {
		buf_printf(&c->c_dyn, "HTTP/1.0 400 Bad Request\r\n"
		    "Content-Type: text/plain; charset=utf-8\r\n"
		    "Connection: close\r\n\r\n"
		    "This is a Gopher server, not a web server.\n"
		    "Visit gopher://%s:%d/ with a Gopher client "
		    "(lynx, sacc, curl).\n", c->c_snap->sn_host, c->c_port);
		conn_send_dyn(c, "http");
		return;
	}
	words = NULL;
	if ((tab = strchr(line, '\t')) != NULL) {
		*tab = '\0';
		words = tab + 1;
		if ((tab = strchr(words, '\t')) != NULL) {
			*tab = '\0';	/* a Gopher+ field after the search */
			if (strchr("+!$", tab[1]) != NULL)
				gopher_plus = tab[1];
		} else if (*words == '+' || *words == '!' || *words == '$') {
			gopher_plus = *words;	/* of a selector */
			words = NULL;
		}
	}
	/* A "+-2" answer ends with the connection: errors included. */
	if (gopher_plus == '+')
		conn_head(c, "+-2\r\n", 5);
	if (strncmp(line, "URL:", 4) == 0) {
		gopher_url(c, line + 4, strlen(line + 4));
		return;
	}
	/* Clients that drop the leading "/" (or send "caps.txt") still hit. */
	snprintf(sel, sizeof(sel), "%s%s", line[0] == '/' ? "" : "/", line);
	gopher_sel = sel;
	if (!gopher_selector_ok(sel)) {
		gopher_error(c, "Bad selector");
		return;
	}
	gopher_route(c, sel, words);
	gopher_sel = NULL;
}

static void
gopher_too_long(struct conn *c)
{
	gopher_plus = '\0';
	if ((c->c_snap = snapshot_acquire()) != NULL)
		gopher_error(c, "Selector too long");
}

/* Gopher has no status for it: an error menu that says how long to wait. */
static void
gopher_limited(struct conn *c, unsigned wait)
{
	char msg[96];

	if ((c->c_snap = snapshot_acquire()) == NULL)
		return;
	snprintf(msg, sizeof(msg), "Too many requests from your address; "
	    "try again in %u second%s", wait, wait == 1 ? "" : "s");
	buf_truncate(&c->c_dyn, 0);
	gophermap_error(&c->c_dyn, c->c_snap->sn_gopher, msg);
	conn_send_dyn(c, "limit");
}

/* RFC 1436 asks for CR LF, but clients that send a bare LF are common. */
const struct conn_proto gopher_proto = {
	"gopher", 0, 1, gopher_request, gopher_too_long, gopher_limited, NULL,
	METRICS_GOPHER, NULL
};
