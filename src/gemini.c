/*
 * gemini: one Gemini connection from accept to close, on a worker's loop.
 *
 * accept -> TLS handshake -> read the request line -> parse -> check
 * scheme, host and port -> route -> write status and body -> close_notify
 * -> close.  Every step is non-blocking; a connection that does not send
 * its whole request within the read timeout is dropped, and one whose
 * reader stops taking bytes is dropped after the write timeout.
 *
 * The page bytes come from the snapshot the connection took at its
 * request; the connection holds a reference to it until it closes.
 */
#define _GNU_SOURCE	/* accept4, memmem */
#include <sys/socket.h>
#include <sys/epoll.h>
#include <sys/stat.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "gemini.h"
#include "gemtext.h"
#include "log.h"
#include "route.h"
#include "search.h"
#include "server.h"
#include "snapshot.h"
#include "tls.h"
#include "url.h"
#include "utf8.h"
#include "util.h"

#define GEMINI_REQ_MAX		1024	/* bytes of URI, CRLF not counted */
#define GEMINI_FILE_CHUNK	(64u << 10)
#define GEMINI_SEARCH_HITS	50
#define GEMINI_SNIPPET		512
#define GEMINI_EMFILE_PAUSE	100	/* ms */

enum gemini_state {
	GC_HANDSHAKE,
	GC_READ,
	GC_WRITE,
	GC_CLOSE
};

struct gemini_conn {
	struct ev_io		 gc_io;
	struct ev_timer		 gc_timer;
	struct worker		*gc_w;
	struct tls_conn		*gc_tls;
	enum gemini_state	 gc_state;
	int			 gc_peeked;	/* the first byte looked TLS */
	uint64_t		 gc_start;	/* µs, for the access log */
	char			 gc_addr[INET6_ADDRSTRLEN];

	char			 gc_req[GEMINI_REQ_MAX + 2];
	size_t			 gc_reqlen;

	struct snapshot		*gc_snap;
	const char		*gc_out;	/* what is being written */
	size_t			 gc_outlen;
	size_t			 gc_outoff;
	struct buf		 gc_dyn;	/* owned response bytes */
	int			 gc_file;	/* media being sent, or -1 */
	char			*gc_chunk;
	char			 gc_status[3];
	uint64_t		 gc_bytes;
};

static void gemini_io(struct ev_io *, uint32_t);
static void gemini_timeout(struct ev_timer *);

static uint64_t
gemini_usec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

static void
gemini_free(struct gemini_conn *c)
{
	struct worker *w = c->gc_w;

	if (c->gc_status[0] != '\0')
		log_access(c->gc_addr, "gemini", c->gc_req, c->gc_reqlen,
		    c->gc_status, c->gc_bytes, gemini_usec() - c->gc_start);
	ev_timer_stop(w->w_loop, &c->gc_timer);
	ev_unwatch(w->w_loop, &c->gc_io);
	if (c->gc_tls != NULL)
		tls_conn_free(c->gc_tls);
	close(c->gc_io.ei_fd);
	if (c->gc_file != -1)
		close(c->gc_file);
	free(c->gc_chunk);
	buf_free(&c->gc_dyn);
	snapshot_unref(c->gc_snap);
	w->w_nconns--;
	free(c);
}

static void
gemini_want(struct gemini_conn *c, int st)
{
	uint32_t ev = st == TLS_WANT_WRITE ? EPOLLOUT : EPOLLIN;

	if (ev_watch(c->gc_w->w_loop, &c->gc_io, ev) == -1)
		c->gc_state = GC_CLOSE;
}

/* A response with no body: "NN META\r\n". */
static void
gemini_reply(struct gemini_conn *c, const char *status, const char *meta)
{
	buf_printf(&c->gc_dyn, "%s %s\r\n", status, meta);
	memcpy(c->gc_status, status, 2);
	c->gc_out = c->gc_dyn.b_data;
	c->gc_outlen = c->gc_dyn.b_len;
}

static void
gemini_page(struct gemini_conn *c, const struct snap_page *p)
{
	if (p == NULL || p->sp_data == NULL) {
		gemini_reply(c, p == NULL ? "40" : "51", p == NULL ?
		    "Temporary failure" : "Not found");
		return;
	}
	memcpy(c->gc_status, p->sp_data, 2);
	c->gc_out = p->sp_data;
	c->gc_outlen = p->sp_len;
}

static void
gemini_redirect(struct gemini_conn *c, const char *path, const char *suffix)
{
	buf_printf(&c->gc_dyn, "31 %s%s%s\r\n", c->gc_snap->sn_base, path,
	    suffix);
	memcpy(c->gc_status, "31", 2);
	c->gc_out = c->gc_dyn.b_data;
	c->gc_outlen = c->gc_dyn.b_len;
}

static void
gemini_search(struct gemini_conn *c, const char *query)
{
	struct snapshot *sn = c->gc_snap;
	struct search_hit hits[GEMINI_SEARCH_HITS];
	struct render_hit rh[GEMINI_SEARCH_HITS];
	char (*snips)[GEMINI_SNIPPET] = NULL;
	const char *errstr;
	char *words;
	size_t len, n, i, bad;

	if (query == NULL || *query == '\0') {
		gemini_reply(c, "10", "Search for");
		return;
	}
	words = NULL;
	if (url_decode(query, strlen(query), &words, &len, &errstr) == -1 ||
	    utf8_validate(words, len, &bad) == -1) {
		free(words);
		gemini_reply(c, "59", "Bad search query");
		return;
	}
	n = search_query(sn->sn_search, words, hits, GEMINI_SEARCH_HITS);
	if (n > GEMINI_SEARCH_HITS)
		n = GEMINI_SEARCH_HITS;
	if (n > 0 && (snips = malloc(n * sizeof(*snips))) == NULL) {
		free(words);
		gemini_reply(c, "40", "Temporary failure");
		return;
	}
	for (i = 0; i < n; i++) {
		search_snippet(hits[i].sh_art, words, snips[i],
		    sizeof(snips[i]));
		rh[i].rh_art = hits[i].sh_art;
		rh[i].rh_snippet = snips[i];
	}
	buf_printf(&c->gc_dyn, "20 text/gemini; charset=utf-8; lang=%s\r\n",
	    sn->sn_site.rs_lang);
	gemtext_search(&c->gc_dyn, &sn->sn_site, words, rh, n);
	free(snips);
	free(words);
	if (buf_ok(&c->gc_dyn) == -1) {
		buf_free(&c->gc_dyn);
		gemini_reply(c, "40", "Temporary failure");
		return;
	}
	memcpy(c->gc_status, "20", 2);
	c->gc_out = c->gc_dyn.b_data;
	c->gc_outlen = c->gc_dyn.b_len;
}

static void
gemini_media(struct gemini_conn *c, const char *path)
{
	const struct snap_media *m;
	int fd;

	if (c->gc_snap->sn_mediafd == -1 ||
	    (m = snapshot_media(c->gc_snap, path)) == NULL ||
	    (fd = util_open_beneath(c->gc_snap->sn_mediafd, path)) == -1) {
		gemini_reply(c, "51", "Not found");
		return;
	}
	if ((c->gc_chunk = malloc(GEMINI_FILE_CHUNK)) == NULL) {
		close(fd);
		gemini_reply(c, "40", "Temporary failure");
		return;
	}
	c->gc_file = fd;
	gemini_reply(c, "20", m->sm_mime);
}

/* Answers a request for an article (or its .txt), old slugs redirected. */
static void
gemini_article(struct gemini_conn *c, const struct route *r, int text)
{
	struct snapshot *sn = c->gc_snap;
	struct article *a;
	char slug[ARTICLE_SLUG_MAX + 1];

	if ((a = snapshot_article(sn, r->r_arg, r->r_arglen)) != NULL) {
		gemini_page(c, text ? snapshot_article_text(sn, a) :
		    snapshot_article_gemini(sn, a));
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
gemini_route(struct gemini_conn *c, const struct url *u)
{
	struct snapshot *sn = c->gc_snap;
	const struct snap_named *pg;
	struct route r;
	long i;

	route_match(u->u_path, &r);
	switch (r.r_kind) {
	case ROUTE_FRONT:
		gemini_page(c, &sn->sn_front);
		return;
	case ROUTE_ARTICLE:
	case ROUTE_ARTICLE_TXT:
		gemini_article(c, &r, r.r_kind == ROUTE_ARTICLE_TXT);
		return;
	case ROUTE_SLASH:
		gemini_redirect(c, u->u_path, "/");
		return;
	case ROUTE_TAGS:
		gemini_page(c, &sn->sn_tags);
		return;
	case ROUTE_TAG:
	case ROUTE_TAG_FEED:
		if ((i = snapshot_tag(sn, r.r_arg, r.r_arglen)) == -1)
			break;
		gemini_page(c, r.r_kind == ROUTE_TAG ? &sn->sn_tag_pages[i] :
		    &sn->sn_tag_feeds[i]);
		return;
	case ROUTE_ARCHIVE:
		gemini_page(c, &sn->sn_archive);
		return;
	case ROUTE_MONTH:
		if ((i = snapshot_month(sn, r.r_year, r.r_month)) == -1)
			break;
		gemini_page(c, &sn->sn_months[i]);
		return;
	case ROUTE_SEARCH:
		gemini_search(c, u->u_query);
		return;
	case ROUTE_FEED:
		gemini_page(c, &sn->sn_feed);
		return;
	case ROUTE_ROBOTS:
		gemini_page(c, &sn->sn_robots);
		return;
	case ROUTE_FAVICON:
		if (sn->sn_favicon.sp_data == NULL)
			break;
		gemini_page(c, &sn->sn_favicon);
		return;
	case ROUTE_MEDIA:
		gemini_media(c, r.r_arg);
		return;
	case ROUTE_PAGE:
		if ((pg = snapshot_page(sn, r.r_arg, r.r_arglen)) == NULL)
			break;
		gemini_page(c, &pg->sn_page);
		return;
	case ROUTE_CAPS:
	case ROUTE_NONE:
		break;
	}
	gemini_reply(c, "51", "Not found");
}

/*
 * The Gemini specification, section "Requests":
 *   request = absolute-URI CRLF
 * "The URI MUST NOT exceed 1024 bytes"; "the userinfo portion and the
 * fragment MUST NOT be included".  A request for another scheme, host or
 * port is a proxy request, which this server refuses with 53.
 */
static void
gemini_request(struct gemini_conn *c)
{
	struct server *srv = c->gc_w->w_srv;
	const char *errstr;
	struct url u;

	memset(&u, 0, sizeof(u));
	if (c->gc_reqlen == 0) {
		gemini_reply(c, "59", "Empty request");
		return;
	}
	if (url_parse(c->gc_req, c->gc_reqlen, &u, &errstr) == -1) {
		gemini_reply(c, "59", "Bad request");
		return;
	}
	if (u.u_userinfo || u.u_fragment || u.u_host == NULL ||
	    *u.u_host == '\0')
		gemini_reply(c, "59", u.u_userinfo ? "Userinfo not allowed" :
		    u.u_fragment ? "Fragment not allowed" : "Host missing");
	else if (strcmp(u.u_scheme, "gemini") != 0 ||
	    strcasecmp(u.u_host, srv->s_conf.sc_host) != 0 ||
	    (u.u_port != -1 && u.u_port != srv->s_gemini_port))
		gemini_reply(c, "53", "Proxy request refused");
	else if ((c->gc_snap = snapshot_acquire()) == NULL)
		gemini_reply(c, "40", "Starting up");
	else
		gemini_route(c, &u);
	url_free(&u);
}

/* Reads until CRLF; 1 when a whole request is in, 0 to wait, -1 to drop. */
static int
gemini_read(struct gemini_conn *c)
{
	char *cr;
	ssize_t n;

	for (;;) {
		n = tls_read(c->gc_tls, c->gc_req + c->gc_reqlen,
		    sizeof(c->gc_req) - c->gc_reqlen);
		if (n == TLS_WANT_READ || n == TLS_WANT_WRITE) {
			gemini_want(c, (int)n);
			return 0;
		}
		if (n <= 0)
			return -1;
		c->gc_reqlen += (size_t)n;
		/* Only CRLF ends a request; a lone LF is just a byte. */
		cr = memmem(c->gc_req, c->gc_reqlen, "\r\n", 2);
		if (cr != NULL) {
			c->gc_reqlen = (size_t)(cr - c->gc_req);
			return 1;
		}
		if (c->gc_reqlen == sizeof(c->gc_req)) {
			/* 1025 bytes with no CRLF: it cannot be valid. */
			c->gc_reqlen = GEMINI_REQ_MAX;
			gemini_reply(c, "59", "Request too long");
			return 2;
		}
	}
}

/* Refills the output from the media file; 0 at its end, -1 on error. */
static int
gemini_refill(struct gemini_conn *c)
{
	ssize_t n;

	n = read(c->gc_file, c->gc_chunk, GEMINI_FILE_CHUNK);
	if (n <= 0) {
		close(c->gc_file);
		c->gc_file = -1;
		return n == 0 ? 0 : -1;
	}
	c->gc_out = c->gc_chunk;
	c->gc_outlen = (size_t)n;
	c->gc_outoff = 0;
	return 1;
}

/* Writes what is pending; 1 when all is out, 0 to wait, -1 to drop. */
static int
gemini_write(struct gemini_conn *c)
{
	ssize_t n;
	int r;

	for (;;) {
		if (c->gc_outoff == c->gc_outlen) {
			if (c->gc_file == -1)
				return 1;
			if ((r = gemini_refill(c)) <= 0)
				return r == 0 ? 1 : -1;
		}
		n = tls_write(c->gc_tls, c->gc_out + c->gc_outoff,
		    c->gc_outlen - c->gc_outoff);
		if (n == TLS_WANT_READ || n == TLS_WANT_WRITE) {
			gemini_want(c, (int)n);
			ev_timer_set(c->gc_w->w_loop, &c->gc_timer,
			    c->gc_w->w_srv->s_conf.sc_write_timeout);
			return 0;
		}
		if (n <= 0)
			return -1;
		c->gc_outoff += (size_t)n;
		c->gc_bytes += (uint64_t)n;
	}
}

static void
gemini_step(struct gemini_conn *c)
{
	char first;
	int r;

	for (;;) {
		switch (c->gc_state) {
		case GC_HANDSHAKE:
			if (!c->gc_peeked) {
				/*
				 * A TLS record starts with 0x16: anything else
				 * (plain text, HTTP) is dropped without a word.
				 */
				r = (int)recv(c->gc_io.ei_fd, &first, 1,
				    MSG_PEEK);
				if (r == -1 && (errno == EAGAIN ||
				    errno == EWOULDBLOCK))
					return;
				if (r != 1 || first != 0x16)
					goto drop;
				c->gc_peeked = 1;
			}
			r = tls_handshake(c->gc_tls);
			if (r == TLS_WANT_READ || r == TLS_WANT_WRITE) {
				gemini_want(c, r);
				return;
			}
			if (r != TLS_OK)
				goto drop;
			c->gc_state = GC_READ;
			break;
		case GC_READ:
			if ((r = gemini_read(c)) == 0)
				return;
			if (r == -1) {
				if (c->gc_reqlen > 0)
					memcpy(c->gc_status, "--", 2);
				goto drop;
			}
			if (r == 1)
				gemini_request(c);
			c->gc_state = GC_WRITE;
			ev_timer_set(c->gc_w->w_loop, &c->gc_timer,
			    c->gc_w->w_srv->s_conf.sc_write_timeout);
			break;
		case GC_WRITE:
			if ((r = gemini_write(c)) == 0)
				return;
			if (r == -1)
				goto drop;
			c->gc_state = GC_CLOSE;
			break;
		case GC_CLOSE:
			r = tls_close(c->gc_tls);
			if (r == TLS_WANT_READ || r == TLS_WANT_WRITE) {
				gemini_want(c, r);
				return;
			}
			/* Our close_notify is out: the reader sees a clean end. */
			shutdown(c->gc_io.ei_fd, SHUT_WR);
			gemini_free(c);
			return;
		}
	}
drop:
	gemini_free(c);
}

static void
gemini_io(struct ev_io *io, uint32_t revents)
{
	struct gemini_conn *c = (struct gemini_conn *)io;

	(void)revents;
	gemini_step(c);
}

static void
gemini_timeout(struct ev_timer *t)
{
	struct gemini_conn *c = (struct gemini_conn *)((char *)t -
	    offsetof(struct gemini_conn, gc_timer));

	if (c->gc_state == GC_READ && c->gc_reqlen > 0)
		memcpy(c->gc_status, "--", 2);
	gemini_free(c);
}

static void
gemini_pause_done(struct ev_timer *t)
{
	struct worker *w = (struct worker *)((char *)t -
	    offsetof(struct worker, w_pause));

	ev_watch(w->w_loop, &w->w_gemini, EPOLLIN | EPOLLEXCLUSIVE);
}

void
gemini_accept(struct ev_io *io, uint32_t revents)
{
	struct worker *w = (struct worker *)((char *)io -
	    offsetof(struct worker, w_gemini));
	struct server *srv = w->w_srv;
	struct sockaddr_storage ss;
	struct gemini_conn *c;
	struct tls_ctx *ctx;
	socklen_t sl;
	int fd;

	(void)revents;
	for (;;) {
		sl = sizeof(ss);
		fd = accept4(io->ei_fd, (struct sockaddr *)&ss, &sl,
		    SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd == -1) {
			if (errno == EMFILE || errno == ENFILE ||
			    errno == ENOBUFS || errno == ENOMEM) {
				/* Out of descriptors: serve those we have. */
				ev_unwatch(w->w_loop, io);
				w->w_pause.et_cb = gemini_pause_done;
				ev_timer_set(w->w_loop, &w->w_pause,
				    GEMINI_EMFILE_PAUSE);
			}
			return;
		}
		if (w->w_nconns >= srv->s_conf.sc_max_conns ||
		    (c = calloc(1, sizeof(*c))) == NULL) {
			close(fd);
			continue;
		}
		c->gc_w = w;
		c->gc_file = -1;
		c->gc_io.ei_fd = fd;
		c->gc_io.ei_cb = gemini_io;
		c->gc_timer.et_cb = gemini_timeout;
		c->gc_start = gemini_usec();
		if (ss.ss_family == AF_INET6)
			inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->
			    sin6_addr, c->gc_addr, sizeof(c->gc_addr));
		else
			inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->
			    sin_addr, c->gc_addr, sizeof(c->gc_addr));
		ctx = server_tls(srv);
		c->gc_tls = tls_conn_new(ctx, fd);
		tls_ctx_unref(ctx);
		w->w_nconns++;
		if (c->gc_tls == NULL ||
		    ev_watch(w->w_loop, &c->gc_io, EPOLLIN) == -1) {
			gemini_free(c);
			continue;
		}
		/* The request must be in within the read timeout, all of it. */
		ev_timer_set(w->w_loop, &c->gc_timer,
		    srv->s_conf.sc_read_timeout);
	}
}
