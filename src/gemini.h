/*
 * gemini: the Gemini protocol side of capsuled (see gemini.c).
 */
#ifndef CAPSULE_GEMINI_H
#define CAPSULE_GEMINI_H

#include "conn.h"

/* Requests on the Gemini listener: TLS, CRLF-ended absolute URIs. */
extern const struct conn_proto gemini_proto;

#endif
