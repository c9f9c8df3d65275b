/*
 * conn_int: what the files of the conn module share; private to
 * src/conn*.c.  The public side is conn.h.
 *
 * Who owns what:
 *   conn_accept.c  listening, admission (caps, rate limit), the pause
 *                  when descriptors run out, the limits
 *   conn.c         one connection from its start to its close
 * conn_accept.c calls conn.c, never the other way.
 */
#ifndef CAPSULE_CONN_INT_H
#define CAPSULE_CONN_INT_H

#include <sys/socket.h>

#include <stdint.h>

#include "conn.h"

/* Microseconds of the monotonic clock. */
uint64_t	 conn_usec(void);

/* A new connection on fd from ss, or NULL (fd closed) when out of memory. */
struct conn	*conn_new(struct conn_listener *, int fd,
		    const struct sockaddr_storage *ss, uint64_t key,
		    uint64_t now, uint64_t refused);

/* Moves c on as far as it can go without waiting; may free it. */
void		 conn_step(struct conn *c);

#endif
