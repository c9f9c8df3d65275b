/*
 * conn: one client connection on a worker's loop, whatever the protocol.
 *
 * accept -> (on a proxy listener: the PROXY header, which names the
 * client) -> the client's limits (ratelimit.h) -> (TLS handshake) ->
 * read one request line -> the protocol's request callback chooses the
 * response, or the rate limit's refusal (or asks for a body: a Titan
 * upload's, read next, after which the connection may be parked while
 * another thread works for it) -> write it -> (close_notify) -> close.  Every step is non-blocking.  A connection's TLS state is only
 * made once its first byte has come: a silent connection costs no more
 * than a plain one.
 * The request must arrive whole within the read timeout, however slowly
 * it trickles; a reader that stops taking bytes is dropped after the
 * write timeout.  When the client sent more than was read (a request
 * too long, one cut off by the read timeout, bytes after the line), the
 * socket is half-closed and that input read and thrown away, up to a
 * bound and for a short while, before the close: closing on unread
 * input would send a reset that can destroy the response in flight.
 *
 * A connection owns everything it points to.  The protocol's callback
 * takes a reference to the snapshot in service (c_snap) to choose the
 * response; the connection drops it as soon as the callback returns and
 * from then on holds only what it sends: one snapshot page (c_page, a
 * reference of its own), its own bytes (c_dyn) and an open file.  So
 * however slowly a client reads, it keeps alive its own response, not
 * the snapshot it came from (which a reload may have replaced).
 *
 * conn knows nothing of the daemon: whoever runs the loops (capsuled.c)
 * gives each one a struct conn_worker, the listeners it watches, and one
 * struct conn_limits shared by all of them, which it may change at any
 * time (SIGHUP); the TLS context comes from tls.h's tls_ctx_acquire().
 */
#ifndef CAPSULE_CONN_H
#define CAPSULE_CONN_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include "buf.h"
#include "ev.h"

#define CONN_REQ_MAX 1024	/* bytes of a request, line end not counted */
#define CONN_HEAD_MAX 128	/* bytes of a header sent before a response */

struct conn;
struct conn_worker;
struct proxy_from;
struct ratelimit;
struct snap_page;
struct snapshot;

struct conn_proto {
	const char	 *cp_name;	/* "gemini": the access log's protocol */
	int		  cp_tls;	/* TLS first (the gemini port) */
	int		  cp_lf;	/* a bare LF ends a request too */
	/* Called with the request in c_req[0..c_reqlen): set a response. */
	void		(*cp_request)(struct conn *);
	/* Called when CONN_REQ_MAX bytes came with no line end. */
	void		(*cp_too_long)(struct conn *);
	/* Called instead when the client must wait this many seconds. */
	void		(*cp_limited)(struct conn *, unsigned);
	/*
	 * Called when the read timeout ends a request that never came
	 * whole, once the TLS session is up; NULL: the connection just
	 * closes.
	 */
	void		(*cp_timeout)(struct conn *);
	/* Where its requests are counted (metrics.h); 0: nowhere. */
	int		  cp_metrics;
	/*
	 * Called when the body cp_request asked for (conn_expect_body) is
	 * in c_body[0..c_bodylen): set a response, or conn_park().  NULL
	 * for protocols that never ask for one.
	 */
	void		(*cp_body)(struct conn *);
};

/*
 * The limits every connection obeys, one for all workers.  The owner
 * changes them while workers read them (conn_limits_set), hence atomics;
 * a connection reads the one it needs when it needs it.
 */
struct conn_limits {
	atomic_uint		 cl_read_timeout;	/* ms, for the request */
	atomic_uint		 cl_write_timeout;	/* ms without progress */
	atomic_uint		 cl_max_conns;		/* per worker */
	atomic_uint		 cl_max_conns_per_addr;	/* 0: no cap */
	struct ratelimit	*cl_ratelimit;		/* shared; see ratelimit.h */
};

#define CONN_LISTENERS 5	/* gemini, gopher, each behind a proxy, metrics */

/* A worker's watch on one shared listening socket. */
struct conn_listener {
	struct ev_io		 cl_io;		/* first: the loop's handle */
	struct conn_worker	*cl_w;
	const struct conn_proto	*cl_proto;
	int			 cl_port;	/* as the public sees it */
	/*
	 * NULL, or: every connection starts with a PROXY header naming
	 * the client, and only these peers may connect (proxy.h).
	 */
	const struct proxy_from	*cl_from;
};

/*
 * One event loop's connections: its owner makes the loop and runs it;
 * conn counts connections against the limits and pauses the listeners
 * when descriptors run out.
 */
struct conn_worker {
	struct ev_loop		*cw_loop;
	struct conn_limits	*cw_limits;
	struct conn_listener	 cw_listen[CONN_LISTENERS];
	int			 cw_nlisten;
	struct ev_timer		 cw_pause;	/* listeners resting after EMFILE */
	unsigned		 cw_nconns;
	unsigned		 cw_peak;	/* cw_nconns' high mark since a trim */
};

struct conn {
	struct ev_io		 c_io;		/* first: the loop's handle */
	struct ev_timer		 c_timer;
	struct conn_worker	*c_w;
	const struct conn_proto	*c_proto;
	int			 c_port;	/* the listener's public port */
	struct tls_conn		*c_tls;
	int			 c_state;
	uint64_t		 c_start;	/* µs, for the access log */
	char			 c_addr[INET6_ADDRSTRLEN];
	uint64_t		 c_client;	/* ratelimit_key() */
	int			 c_admitted;	/* charged to c_client */
	uint64_t		 c_refused;	/* µs: 0, or refused until then */

	char			 c_req[CONN_REQ_MAX + 2];
	size_t			 c_reqlen;
	int			 c_unread;	/* the request was not read whole */
	size_t			 c_drained;	/* bytes discarded after it */
	/* Bytes read past the line end, in c_req after it: a body's start. */
	size_t			 c_after;
	size_t			 c_afteroff;

	/* A body after the request (a Titan upload): see conn_expect_body. */
	char			*c_body;
	size_t			 c_bodylen;
	size_t			 c_bodywant;
	int			 c_bodyexp;	/* asked for, not yet whole */
	/* The protocol's own state for the request; freed with c_datafree. */
	void			*c_data;
	void			(*c_datafree)(void *);

	struct snapshot		*c_snap;	/* during cp_request only */
	struct snap_page	*c_page;	/* the page being sent */
	char			 c_head[CONN_HEAD_MAX];
	size_t			 c_headlen;
	const char		*c_out;
	size_t			 c_outlen;
	size_t			 c_outoff;
	const char		*c_next;	/* after the header */
	size_t			 c_nextlen;
	struct buf		 c_dyn;		/* owned response bytes */
	int			 c_file;	/* a media file being sent */
	char			*c_chunk;
	char			 c_status[8];	/* for the access log */
	uint64_t		 c_bytes;
};

/* Sets every limit at once; workers see them from their next read. */
void	conn_limits_set(struct conn_limits *, unsigned read_ms,
	    unsigned write_ms, unsigned max_conns, unsigned max_per_addr);

/*
 * Has w accept connections on the listening socket fd (not owned) and
 * serve them with proto; port is the one URLs and requests carry.  With
 * from (not owned, not NULL), the listener is a PROXY protocol one:
 * only those peers, and each connection's first bytes a PROXY header.
 * One worker of many wakes per new connection.  0, or -1 (errno set).
 */
int	conn_listen(struct conn_worker *w, int fd,
	    const struct conn_proto *proto, int port,
	    const struct proxy_from *from);

/*
 * Responses, set from cp_request.  conn_head() sets a header (a Gemini
 * status line) that goes out before the response next set, copied into
 * the connection so that it costs no allocation: -1 when it is longer
 * than CONN_HEAD_MAX.  conn_send_page() sends page p's body and takes
 * a reference to it; conn_send_dyn() sends what
 * the request wrote into c_dyn; conn_send_file() sends the open file fd
 * after them (and closes it).  status is what the access log shows
 * ("20", "menu", "error"...).  Nothing sent may point into the snapshot
 * otherwise: the connection lets it go before it writes.
 */
int	conn_head(struct conn *, const char *head, size_t len);
void	conn_send_page(struct conn *, struct snap_page *p,
	    const char *status);
void	conn_send_dyn(struct conn *, const char *status);
int	conn_send_file(struct conn *, int fd);

/*
 * From cp_request, instead of a response: the request is followed by
 * exactly n bytes of body, which the connection reads (without blocking,
 * each read timeout without progress ending it with cp_timeout) into
 * c_body, then calls cp_body.  A body cut short by the client's end
 * closes the connection and nothing is called.  0, or -1 out of memory.
 */
int	conn_expect_body(struct conn *, size_t n);

/*
 * From cp_body, instead of a response: the connection waits, neither
 * watched nor timed, until conn_resume() (on its worker's thread) with
 * a response set.  Whoever parks a connection must resume it: nothing
 * else will free it.
 */
void	conn_park(struct conn *);
void	conn_resume(struct conn *);

#endif
