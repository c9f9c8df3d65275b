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

#endif
