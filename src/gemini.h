/*
 * gemini: the Gemini protocol side of capsuled (see gemini.c).
 */
#ifndef CAPSULE_GEMINI_H
#define CAPSULE_GEMINI_H

#include "conn.h"

/* Requests on the Gemini listener: TLS, CRLF-ended absolute URIs. */
extern const struct conn_proto gemini_proto;

/*
 * gemini_titan.c, for gemini.c only: a titan:// request line (its
 * checks, then conn_expect_body), and the body once it is whole.
 */
void	gemini_titan_request(struct conn *);
void	gemini_titan_body(struct conn *);

/*
 * gemini_publish.c, for gemini.c only: 1 when path is the publishers'
 * zone (/publish/...) and the response is set, 0 when it is not (or
 * Titan is off).  c_snap is held.
 */
int	gemini_publish(struct conn *, const char *path);

#endif
