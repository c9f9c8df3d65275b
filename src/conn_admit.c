/*
 * conn_admit: who a connection's client is and whether it may go on
 * (see conn_int.h).  On a public listener the client is the peer and
 * conn_accept.c charges it at accept; on a proxy listener it is the
 * address in the PROXY header, charged once the header is read.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <unistd.h>

#include "conn.h"
#include "conn_int.h"
#include "log.h"
#include "proxy.h"
#include "metrics.h"
#include "ratelimit.h"

int
conn_admit(struct conn_limits *lim, uint64_t key, uint64_t now,
    uint64_t *refused)
{
	unsigned wait;
	int v;

	if (ratelimit_conn_enter(lim->cl_ratelimit, key, atomic_load_explicit(
	    &lim->cl_max_conns_per_addr, memory_order_relaxed)) == -1)
		return -1;
	*refused = 0;
	v = ratelimit_take(lim->cl_ratelimit, key, now, &wait);
	if (v == RATELIMIT_DROP) {
		ratelimit_conn_leave(lim->cl_ratelimit, key);
		return -1;
	}
	if (v == RATELIMIT_REFUSE)
		*refused = now + (uint64_t)wait * 1000000;
	return 0;
}

/*
 * The header is peeked at, and only what is certainly header is taken
 * off the socket: all of what was peeked while the header is not whole
 * (proxy_parse() says PROXY_MORE only then), exactly its remaining
 * bytes once it is.  So the client's first bytes (a ClientHello, a
 * selector) stay in the socket for TLS or the request, and nothing is
 * left unread in between for a level-triggered loop to spin on.  The
 * bytes go to c_req, unused until the request.  A LOCAL header (a
 * health check) or one naming no address leaves the connection the
 * proxy's own, logged with its address and charged to no one: a peer
 * in --proxy-from is trusted with every client's budget already, and a
 * health check refused by the rate limit would take a healthy server
 * out of the proxy's rotation.  The worker's cap still holds.
 */
int
conn_admit_proxy(struct conn *c, uint64_t now)
{
	struct proxy_hdr h;
	const char *err;
	size_t take;
	ssize_t n;
	int r;

	_Static_assert(sizeof(c->c_req) >= PROXY_MAX, "c_req holds a header");
	for (;;) {
		n = recv(c->c_io.ei_fd, c->c_req + c->c_reqlen,
		    PROXY_MAX - c->c_reqlen, MSG_PEEK);
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK ||
		    errno == EINTR))
			return 0;
		if (n <= 0)
			return -1;
		r = proxy_parse(c->c_req, c->c_reqlen + (size_t)n, &h, &err);
		if (r == PROXY_INVALID) {
			/* Only a trusted peer gets here: a misconfigured proxy. */
			log_warn("%s: bad PROXY header: %s", c->c_addr, err);
			return -1;
		}
		take = r == PROXY_DONE ? h.ph_len - c->c_reqlen : (size_t)n;
		if (read(c->c_io.ei_fd, c->c_req + c->c_reqlen, take) !=
		    (ssize_t)take)
			return -1;
		c->c_reqlen += take;
		if (r == PROXY_DONE)
			break;
	}
	c->c_reqlen = 0;
	if (h.ph_local)
		return 1;
	c->c_client = ratelimit_key((struct sockaddr *)&h.ph_src);
	if (h.ph_src.ss_family == AF_INET6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&h.ph_src)->
		    sin6_addr, c->c_addr, sizeof(c->c_addr));
	else
		inet_ntop(AF_INET, &((struct sockaddr_in *)&h.ph_src)->
		    sin_addr, c->c_addr, sizeof(c->c_addr));
	if (conn_admit(c->c_w->cw_limits, c->c_client, now,
	    &c->c_refused) == -1) {
		metrics_conn_refused();
		return -1;
	}
	c->c_admitted = 1;
	return 1;
}
