/*
 * conn: see conn.h.  One connection from its start to its close: the
 * state machine, reads, writes, files, timeouts.  Listening and
 * admission are conn_accept.c's (see conn_int.h).
 */
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <netinet/in.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "conn.h"
#include "conn_int.h"
#include "log.h"
#include "metrics.h"
#include "ratelimit.h"
#include "request.h"
#include "snapshot.h"
#include "tls.h"

#define CONN_FILE_CHUNK		(64u << 10)
/*
 * After the response, input the client is still sending is read and
 * dropped for at most this long and this much: enough for the rest of
 * a long request line already on its way, not a way to hold a slot.
 */
#define CONN_LINGER		2000	/* ms */
#define CONN_DRAIN_MAX		(64u << 10)
/*
 * Once a worker's connections fall to a quarter of a peak of at least
 * this many, the allocator is told to give back what they used.
 */
#define CONN_TRIM_PEAK		1024

enum conn_state {
	CONN_PROXY,
	CONN_HANDSHAKE,
	CONN_READ,
	CONN_BODY,
	CONN_PARKED,
	CONN_WRITE,
	CONN_CLOSE,
	CONN_DRAIN
};

uint64_t
conn_usec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

/*
 * After a flood the allocator keeps the memory of the connections it
 * served for the next one: hundreds of MiB.  It is given back once most
 * of them have gone, not at every close, which would cost each one a
 * walk of the heap.
 */
static void
conn_trim(struct conn_worker *w)
{
	if (w->cw_peak < CONN_TRIM_PEAK || w->cw_nconns > w->cw_peak / 4)
		return;
	w->cw_peak = w->cw_nconns;
#ifdef __GLIBC__
	malloc_trim(0);
#endif
}

static void
conn_free(struct conn *c)
{
	struct conn_worker *w = c->c_w;

	if (c->c_status[0] != '\0') {
		log_access(c->c_addr, c->c_proto->cp_name, c->c_req,
		    c->c_reqlen, c->c_status, c->c_bytes,
		    conn_usec() - c->c_start);
		metrics_request((enum metrics_proto)c->c_proto->cp_metrics,
		    c->c_status, c->c_bytes);
	}
	metrics_conn_close();
	ev_timer_stop(w->cw_loop, &c->c_timer);
	/* close() takes the socket out of epoll: no EPOLL_CTL_DEL needed. */
	if (c->c_tls != NULL)
		tls_conn_free(c->c_tls);
	close(c->c_io.ei_fd);
	if (c->c_file != -1)
		close(c->c_file);
	free(c->c_chunk);
	free(c->c_body);
	if (c->c_data != NULL)
		c->c_datafree(c->c_data);
	buf_free(&c->c_dyn);
	snapshot_page_unref(c->c_page);
	snapshot_unref(c->c_snap);
	if (c->c_admitted)
		ratelimit_conn_leave(w->cw_limits->cl_ratelimit, c->c_client);
	w->cw_nconns--;
	free(c);
	conn_trim(w);
}

static void
conn_want(struct conn *c, int st)
{
	uint32_t ev = st == TLS_WANT_WRITE ? EPOLLOUT : EPOLLIN;

	if (ev_watch(c->c_w->cw_loop, &c->c_io, ev) == -1)
		c->c_state = CONN_CLOSE;
}

static void
conn_status(struct conn *c, const char *status)
{
	size_t n = strlen(status);

	if (n >= sizeof(c->c_status))
		n = sizeof(c->c_status) - 1;
	memcpy(c->c_status, status, n);
	c->c_status[n] = '\0';
}

static void
conn_send(struct conn *c, const char *data, size_t len, const char *status)
{
	conn_status(c, status);
	c->c_out = data;
	c->c_outlen = len;
	c->c_outoff = 0;
	if (c->c_headlen > 0) {
		c->c_next = data;
		c->c_nextlen = len;
		c->c_out = c->c_head;
		c->c_outlen = c->c_headlen;
		c->c_headlen = 0;
	}
}

int
conn_head(struct conn *c, const char *head, size_t len)
{
	if (len > sizeof(c->c_head))
		return -1;
	memcpy(c->c_head, head, len);
	c->c_headlen = len;
	return 0;
}

void
conn_send_dyn(struct conn *c, const char *status)
{
	if (buf_ok(&c->c_dyn) == -1) {
		/* Out of memory: nothing sensible can be said; just close. */
		buf_free(&c->c_dyn);
		c->c_headlen = 0;
		conn_send(c, NULL, 0, "nomem");
		return;
	}
	conn_send(c, c->c_dyn.b_data, c->c_dyn.b_len, status);
}

void
conn_send_page(struct conn *c, struct snap_page *p, const char *status)
{
	snapshot_page_ref(p);
	snapshot_page_unref(c->c_page);
	c->c_page = p;
	conn_send(c, p->sp_data, p->sp_len, status);
}

int
conn_send_file(struct conn *c, int fd)
{
	if ((c->c_chunk = malloc(CONN_FILE_CHUNK)) == NULL) {
		close(fd);
		return -1;
	}
	c->c_file = fd;
	return 0;
}

static ssize_t
conn_read_some(struct conn *c, char *p, size_t n)
{
	ssize_t r;

	if (c->c_tls != NULL)
		return tls_read(c->c_tls, p, n);
	if ((r = read(c->c_io.ei_fd, p, n)) > 0)
		return r;
	if (r == 0)
		return TLS_CLOSED;
	return errno == EAGAIN || errno == EWOULDBLOCK ? TLS_WANT_READ :
	    errno == EINTR ? TLS_WANT_READ : TLS_ERROR;
}

static ssize_t
conn_write_some(struct conn *c, const char *p, size_t n)
{
	ssize_t r;

	if (c->c_tls != NULL)
		return tls_write(c->c_tls, p, n);
	if ((r = send(c->c_io.ei_fd, p, n, MSG_NOSIGNAL)) >= 0)
		return r;
	return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ?
	    TLS_WANT_WRITE : TLS_ERROR;
}

/* The write timeout in force (SIGHUP may change it), in ms. */
static unsigned
conn_write_timeout(const struct conn *c)
{
	return atomic_load_explicit(&c->c_w->cw_limits->cl_write_timeout,
	    memory_order_relaxed);
}

/*
 * Reads until the line end; 1 when a whole request is in, 2 when it is
 * too long, 0 to wait, -1 to drop.
 */
static int
conn_read(struct conn *c)
{
	size_t len;
	ssize_t n;
	int line;

	for (;;) {
		n = conn_read_some(c, c->c_req + c->c_reqlen,
		    sizeof(c->c_req) - c->c_reqlen);
		if (n == TLS_WANT_READ || n == TLS_WANT_WRITE) {
			conn_want(c, (int)n);
			return 0;
		}
		if (n <= 0)
			return -1;
		c->c_reqlen += (size_t)n;
		/*
		 * The buffer holds CONN_REQ_MAX bytes and a CRLF, so a bare LF
		 * can end a line one byte longer than the limit: too long too.
		 */
		line = request_line(c->c_req, c->c_reqlen, c->c_proto->cp_lf,
		    &len);
		if (line && len <= CONN_REQ_MAX) {
			/* Bytes after the line end: more may be on the way. */
			c->c_afteroff = len + (c->c_req[len] == '\r' ? 2 : 1);
			if (c->c_reqlen > c->c_afteroff) {
				c->c_unread = 1;
				c->c_after = c->c_reqlen - c->c_afteroff;
			}
			c->c_reqlen = len;
			return 1;
		}
		if (line || c->c_reqlen == sizeof(c->c_req)) {
			/* Past the limit with no line end: it cannot be valid. */
			c->c_reqlen = CONN_REQ_MAX;
			c->c_unread = 1;
			return 2;
		}
	}
}

int
conn_expect_body(struct conn *c, size_t n)
{
	size_t have = c->c_after < n ? c->c_after : n;

	if ((c->c_body = malloc(n > 0 ? n : 1)) == NULL)
		return -1;
	memcpy(c->c_body, c->c_req + c->c_afteroff, have);
	c->c_bodylen = have;
	c->c_bodywant = n;
	c->c_bodyexp = 1;
	/* What came after the body, if anything, is still to be drained. */
	c->c_unread = c->c_after > n;
	return 0;
}

/*
 * Reads the body conn_expect_body() asked for; 1 when it is whole, 0 to
 * wait, -1 to drop (the client's end before it was whole, an error).
 * Every read that brings something restarts the read timeout: a large
 * upload on a slow link is fine, a stalled one is not.
 */
static int
conn_read_body(struct conn *c)
{
	ssize_t n;
	int progress = 0;

	while (c->c_bodylen < c->c_bodywant) {
		n = conn_read_some(c, c->c_body + c->c_bodylen,
		    c->c_bodywant - c->c_bodylen);
		if (n == TLS_WANT_READ || n == TLS_WANT_WRITE) {
			conn_want(c, (int)n);
			if (progress)
				ev_timer_set(c->c_w->cw_loop, &c->c_timer,
				    atomic_load_explicit(&c->c_w->cw_limits->
				    cl_read_timeout, memory_order_relaxed));
			return 0;
		}
		if (n <= 0)
			return -1;
		c->c_bodylen += (size_t)n;
		progress = 1;
	}
	c->c_bodyexp = 0;
	return 1;
}

void
conn_park(struct conn *c)
{
	c->c_state = CONN_PARKED;
}

void
conn_resume(struct conn *c)
{
	c->c_state = CONN_WRITE;
	ev_timer_set(c->c_w->cw_loop, &c->c_timer, conn_write_timeout(c));
	conn_step(c);
}

/* Refills the output from the file being sent; 0 at its end, -1 on error. */
static int
conn_refill(struct conn *c)
{
	ssize_t n;

	n = read(c->c_file, c->c_chunk, CONN_FILE_CHUNK);
	if (n <= 0) {
		close(c->c_file);
		c->c_file = -1;
		return n == 0 ? 0 : -1;
	}
	c->c_out = c->c_chunk;
	c->c_outlen = (size_t)n;
	c->c_outoff = 0;
	return 1;
}

/* Writes what is pending; 1 when all is out, 0 to wait, -1 to drop. */
static int
conn_write(struct conn *c)
{
	ssize_t n;
	int r;

	for (;;) {
		if (c->c_outoff == c->c_outlen && c->c_next != NULL) {
			c->c_out = c->c_next;
			c->c_outlen = c->c_nextlen;
			c->c_outoff = 0;
			c->c_next = NULL;
			continue;
		}
		if (c->c_outoff == c->c_outlen) {
			if (c->c_file == -1)
				return 1;
			if ((r = conn_refill(c)) <= 0)
				return r == 0 ? 1 : -1;
		}
		n = conn_write_some(c, c->c_out + c->c_outoff,
		    c->c_outlen - c->c_outoff);
		if (n == TLS_WANT_READ || n == TLS_WANT_WRITE) {
			conn_want(c, (int)n);
			ev_timer_set(c->c_w->cw_loop, &c->c_timer,
			    conn_write_timeout(c));
			return 0;
		}
		if (n <= 0)
			return -1;
		c->c_outoff += (size_t)n;
		c->c_bytes += (uint64_t)n;
	}
}

/*
 * Makes the TLS state once the client has sent something: 1 when made,
 * 0 to wait, -1 to drop.  OpenSSL's state and buffers for a handshake
 * are some 50 KiB, which a crowd of silent connections would otherwise
 * hold.
 */
static int
conn_tls(struct conn *c)
{
	struct tls_ctx *ctx;
	ssize_t n;
	char b;

	n = recv(c->c_io.ei_fd, &b, 1, MSG_PEEK);
	if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK ||
	    errno == EINTR)) {
		conn_want(c, TLS_WANT_READ);
		return 0;
	}
	if (n <= 0)
		return -1;
	if ((ctx = tls_ctx_acquire()) == NULL)
		return -1;
	c->c_tls = tls_conn_new(ctx, c->c_io.ei_fd);
	tls_ctx_unref(ctx);
	return c->c_tls == NULL ? -1 : 1;
}

/*
 * 1 when the handshake is done, 0 to wait, -1 to drop.  Plain text or
 * HTTP on this port fails the handshake with no alert sent (OpenSSL
 * sends none for bytes that are not a TLS record): the client gets
 * nothing back.
 */
static int
conn_handshake(struct conn *c)
{
	int r;

	if (c->c_tls == NULL && (r = conn_tls(c)) != 1)
		return r;
	r = tls_handshake(c->c_tls);
	if (r == TLS_WANT_READ || r == TLS_WANT_WRITE) {
		conn_want(c, r);
		return 0;
	}
	if (r != TLS_OK)
		return -1;
	metrics_handshake(tls_resumed(c->c_tls));
	return 1;
}

/*
 * Reads and drops what the client still sends; 0 to wait, -1 when it is
 * done (its end, an error, or more than CONN_DRAIN_MAX).
 */
static int
conn_drain(struct conn *c)
{
	char scratch[4096];
	ssize_t n;

	for (;;) {
		n = read(c->c_io.ei_fd, scratch, sizeof(scratch));
		if (n > 0) {
			c->c_drained += (size_t)n;
			if (c->c_drained > CONN_DRAIN_MAX)
				return -1;
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			conn_want(c, TLS_WANT_READ);
			return 0;
		}
		return -1;
	}
}

/*
 * The response (and close_notify) is out.  A close() with input unread
 * makes the kernel send a reset, which throws away what the client has
 * not read yet: when input is left, or may still come, half-close and
 * drain it first.  0 to wait, -1 to close now.
 */
static int
conn_linger(struct conn *c)
{
	int pending = 0;

	if (!c->c_unread && (ioctl(c->c_io.ei_fd, FIONREAD, &pending) == -1 ||
	    pending == 0))
		return -1;
	if (shutdown(c->c_io.ei_fd, SHUT_WR) == -1)
		return -1;
	c->c_state = CONN_DRAIN;
	ev_timer_set(c->c_w->cw_loop, &c->c_timer, CONN_LINGER);
	return conn_drain(c);
}

/*
 * The client was charged when it connected (conn_accept); a refusal
 * decided then is only given once the request is in (whole or too
 * long), as an answer to it, which both protocols require (a Gemini
 * client must not find the connection closed on a request it is still
 * sending), and the access log shows what was refused.  The wait is
 * counted from now.
 */
static void
conn_answer(struct conn *c, int whole)
{
	uint64_t now;

	if (c->c_refused != 0) {
		metrics_rate_limited();
		now = conn_usec();
		c->c_proto->cp_limited(c, c->c_refused <= now ? 1 :
		    (unsigned)((c->c_refused - now + 999999) / 1000000));
	} else if (whole)
		c->c_proto->cp_request(c);
	else
		c->c_proto->cp_too_long(c);
	/* The response is chosen: what is sent is held on its own. */
	snapshot_unref(c->c_snap);
	c->c_snap = NULL;
}

void
conn_step(struct conn *c)
{
	int r;

	for (;;) {
		switch (c->c_state) {
		case CONN_PROXY:
			if ((r = conn_admit_proxy(c, conn_usec())) == 0) {
				conn_want(c, TLS_WANT_READ);
				return;
			}
			if (r == -1)
				goto drop;
			c->c_state = c->c_proto->cp_tls ? CONN_HANDSHAKE :
			    CONN_READ;
			break;
		case CONN_HANDSHAKE:
			if ((r = conn_handshake(c)) == 0)
				return;
			if (r == -1)
				goto drop;
			c->c_state = CONN_READ;
			break;
		case CONN_READ:
			if ((r = conn_read(c)) == 0)
				return;
			if (r == -1) {
				if (c->c_reqlen > 0)
					conn_status(c, "--");
				goto drop;
			}
			conn_answer(c, r == 1);
			if (c->c_bodyexp) {
				/* The read timeout starts again for the body. */
				c->c_state = CONN_BODY;
				ev_timer_set(c->c_w->cw_loop, &c->c_timer,
				    atomic_load_explicit(&c->c_w->cw_limits->
				    cl_read_timeout, memory_order_relaxed));
				break;
			}
			c->c_state = CONN_WRITE;
			ev_timer_set(c->c_w->cw_loop, &c->c_timer,
			    conn_write_timeout(c));
			break;
		case CONN_BODY:
			if ((r = conn_read_body(c)) == 0)
				return;
			if (r == -1) {
				/* Cut short: the log says so, nothing else. */
				conn_status(c, "--");
				goto drop;
			}
			c->c_state = CONN_WRITE;
			c->c_proto->cp_body(c);
			snapshot_unref(c->c_snap);
			c->c_snap = NULL;
			if (c->c_state == CONN_PARKED) {
				/* Neither the socket nor a timer may wake it. */
				ev_timer_stop(c->c_w->cw_loop, &c->c_timer);
				if (ev_watch(c->c_w->cw_loop, &c->c_io, 0) == -1)
					goto drop;
				return;
			}
			ev_timer_set(c->c_w->cw_loop, &c->c_timer,
			    conn_write_timeout(c));
			break;
		case CONN_PARKED:
			return;
		case CONN_WRITE:
			if ((r = conn_write(c)) == 0)
				return;
			if (r == -1)
				goto drop;
			c->c_state = CONN_CLOSE;
			break;
		case CONN_CLOSE:
			if (c->c_tls != NULL) {
				r = tls_close(c->c_tls);
				if (r == TLS_WANT_READ || r == TLS_WANT_WRITE) {
					conn_want(c, r);
					return;
				}
			}
			/* Our close_notify is out: the reader sees a clean end. */
			if (conn_linger(c) == 0)
				return;
			conn_free(c);
			return;
		case CONN_DRAIN:
			if (conn_drain(c) == 0)
				return;
			conn_free(c);
			return;
		}
	}
drop:
	conn_free(c);
}

static void
conn_io(struct ev_io *io, uint32_t revents)
{
	(void)revents;
	conn_step((struct conn *)io);
}

static void
conn_timeout(struct ev_timer *t)
{
	struct conn *c = (struct conn *)((char *)t -
	    offsetof(struct conn, c_timer));

	/*
	 * With the TLS session up, the protocol may say why it closes (a
	 * close_notify follows); a handshake never finished just closes.
	 */
	if ((c->c_state == CONN_READ || c->c_state == CONN_BODY) &&
	    c->c_proto->cp_timeout != NULL && c->c_tls != NULL) {
		/* A body that stalled is thrown away, unused. */
		free(c->c_body);
		c->c_body = NULL;
		c->c_bodyexp = 0;
		c->c_unread = 1;
		c->c_proto->cp_timeout(c);
		c->c_state = CONN_WRITE;
		ev_timer_set(c->c_w->cw_loop, &c->c_timer,
		    conn_write_timeout(c));
		conn_step(c);
		return;
	}
	if (c->c_state == CONN_READ && c->c_reqlen > 0)
		conn_status(c, "--");
	conn_free(c);
}


struct conn *
conn_new(struct conn_listener *l, int fd, const struct sockaddr_storage *ss,
    uint64_t key, int admitted, uint64_t now, uint64_t refused)
{
	struct conn_worker *w = l->cl_w;
	struct conn *c;

	if ((c = calloc(1, sizeof(*c))) == NULL) {
		if (admitted)
			ratelimit_conn_leave(w->cw_limits->cl_ratelimit, key);
		close(fd);
		return NULL;
	}
	c->c_w = w;
	c->c_proto = l->cl_proto;
	c->c_port = l->cl_port;
	c->c_file = -1;
	c->c_io.ei_fd = fd;
	c->c_io.ei_cb = conn_io;
	c->c_timer.et_cb = conn_timeout;
	c->c_start = now;
	c->c_state = l->cl_from != NULL ? CONN_PROXY :
	    l->cl_proto->cp_tls ? CONN_HANDSHAKE : CONN_READ;
	c->c_client = key;
	c->c_admitted = admitted;
	c->c_refused = refused;
	if (ss->ss_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ss)->
		    sin6_addr, c->c_addr, sizeof(c->c_addr));
	else
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ss)->
		    sin_addr, c->c_addr, sizeof(c->c_addr));
	metrics_conn_open();
	if (++w->cw_nconns > w->cw_peak)
		w->cw_peak = w->cw_nconns;
	return c;
}

