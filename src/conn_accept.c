/*
 * conn_accept: the listening sockets of a worker and who gets in: the
 * worker's cap, each address's and the rate limit (conn_admit.c, paid
 * here before any TLS work; on a proxy listener, where only the allowed
 * peers get in, once the PROXY header has named the client), a pause
 * when descriptors run out; and the limits themselves.  A connection
 * let in is conn.c's from then on.
 */
#define _GNU_SOURCE	/* accept4 */
#include <sys/epoll.h>
#include <sys/socket.h>

#include <errno.h>
#include <stddef.h>
#include <unistd.h>

#include "conn.h"
#include "conn_int.h"
#include "proxy.h"
#include "metrics.h"
#include "ratelimit.h"

#define CONN_EMFILE_PAUSE	100	/* ms */
#define CONN_ACCEPT_BATCH	32	/* per wake-up; epoll wakes us again */

static void
conn_pause_done(struct ev_timer *t)
{
	struct conn_worker *w = (struct conn_worker *)((char *)t -
	    offsetof(struct conn_worker, cw_pause));
	int i;

	for (i = 0; i < w->cw_nlisten; i++)
		ev_watch(w->cw_loop, &w->cw_listen[i].cl_io, EPOLLIN |
		    EPOLLEXCLUSIVE);
}

/* Out of descriptors: stop accepting for a moment, serve those we have. */
static void
conn_pause(struct conn_worker *w)
{
	int i;

	for (i = 0; i < w->cw_nlisten; i++)
		ev_unwatch(w->cw_loop, &w->cw_listen[i].cl_io);
	w->cw_pause.et_cb = conn_pause_done;
	ev_timer_set(w->cw_loop, &w->cw_pause, CONN_EMFILE_PAUSE);
}

/*
 * Accepts every connection waiting on the listener and starts serving
 * each with its protocol.
 */
static void
conn_accept(struct ev_io *io, uint32_t revents)
{
	struct conn_listener *l = (struct conn_listener *)io;
	struct conn_worker *w = l->cl_w;
	struct conn_limits *lim = w->cw_limits;
	struct sockaddr_storage ss;
	struct conn *c;
	uint64_t key, now, refused;
	socklen_t sl;
	int fd, n;

	(void)revents;
	/*
	 * A bounded batch: the connections already taken must not wait
	 * behind a flood of new ones.
	 */
	for (n = 0; n < CONN_ACCEPT_BATCH; n++) {
		sl = sizeof(ss);
		fd = accept4(io->ei_fd, (struct sockaddr *)&ss, &sl,
		    SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd == -1) {
			if (errno == EMFILE || errno == ENFILE ||
			    errno == ENOBUFS || errno == ENOMEM)
				conn_pause(w);
			return;
		}
		key = ratelimit_key((struct sockaddr *)&ss);
		now = conn_usec();
		refused = 0;
		if (w->cw_nconns >= atomic_load_explicit(&lim->cl_max_conns,
		    memory_order_relaxed) || (l->cl_from != NULL ?
		    !proxy_from_match(l->cl_from, (struct sockaddr *)&ss) :
		    conn_admit(lim, key, now, &refused) == -1)) {
			metrics_conn_refused();
			close(fd);
			continue;
		}
		if ((c = conn_new(l, fd, &ss, key, l->cl_from == NULL, now,
		    refused)) == NULL)
			continue;
		/*
		 * The request must be in within the read timeout, all of it,
		 * and a PROXY header before it.
		 */
		ev_timer_set(w->cw_loop, &c->c_timer, atomic_load_explicit(
		    &lim->cl_read_timeout, memory_order_relaxed));
		/*
		 * The request (or ClientHello) is often here already: try
		 * at once, and watch the socket only when it is not.
		 */
		conn_step(c);
	}
}

int
conn_listen(struct conn_worker *w, int fd, const struct conn_proto *proto,
    int port, const struct proxy_from *from)
{
	struct conn_listener *l;

	if (w->cw_nlisten == CONN_LISTENERS) {
		errno = ENOSPC;
		return -1;
	}
	l = &w->cw_listen[w->cw_nlisten];
	l->cl_io.ei_fd = fd;
	l->cl_io.ei_cb = conn_accept;
	l->cl_w = w;
	l->cl_proto = proto;
	l->cl_port = port;
	l->cl_from = from;
	/* One worker wakes per new connection, not all of them. */
	if (ev_watch(w->cw_loop, &l->cl_io, EPOLLIN | EPOLLEXCLUSIVE) == -1)
		return -1;
	w->cw_nlisten++;
	return 0;
}

void
conn_limits_set(struct conn_limits *lim, unsigned read_ms, unsigned write_ms,
    unsigned max_conns, unsigned max_per_addr)
{
	atomic_store_explicit(&lim->cl_read_timeout, read_ms,
	    memory_order_relaxed);
	atomic_store_explicit(&lim->cl_write_timeout, write_ms,
	    memory_order_relaxed);
	atomic_store_explicit(&lim->cl_max_conns, max_conns,
	    memory_order_relaxed);
	atomic_store_explicit(&lim->cl_max_conns_per_addr, max_per_addr,
	    memory_order_relaxed);
}
