/*
 * conn_int: what the files of the conn module share; private to
 * src/conn*.c.  The public side is conn.h.
 *
 * Who owns what:
 *   conn_accept.c  listening, the worker's cap, the pause when
 *                  descriptors run out, the limits
 *   conn_admit.c   who the client is and whether it may go on: the
 *                  per-address cap and the rate limit, and on proxy
 *                  listeners the PROXY header that names the client
 *   conn.c         one connection from its start to its close
 * conn_accept.c calls conn.c and conn_admit.c, conn.c calls
 * conn_admit.c, never the other way.
 */
#ifndef CAPSULE_CONN_INT_H
#define CAPSULE_CONN_INT_H

#include <sys/socket.h>

#include <stdint.h>

#include "conn.h"

/* Microseconds of the monotonic clock. */
uint64_t	 conn_usec(void);

/*
 * A new connection on fd from ss, or NULL (fd closed; the charge to key
 * given back when admitted) when out of memory.  Not admitted: its
 * PROXY header is still to come, and the charge with it.
 */
struct conn	*conn_new(struct conn_listener *, int fd,
		    const struct sockaddr_storage *ss, uint64_t key,
		    int admitted, uint64_t now, uint64_t refused);

/*
 * Charges a new connection to its client key, before any TLS work:
 * 0 when it may go on (*refused set to 0, or to when the rate limit's
 * refusal ends), -1 when it must be closed at once.
 */
int		 conn_admit(struct conn_limits *lim, uint64_t key,
		    uint64_t now, uint64_t *refused);

/*
 * Reads c's PROXY header, its bytes only, and charges the client it
 * names at now: 1 when done (c_addr, c_client, c_refused set), 0 to wait for
 * input, -1 to close (a bad header, the peer's end, a refusal).
 */
int		 conn_admit_proxy(struct conn *c, uint64_t now);

/* Moves c on as far as it can go without waiting; may free it. */
void		 conn_step(struct conn *c);

#endif
