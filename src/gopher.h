/*
 * gopher: the Gopher protocol side of capsuled (see gopher.c).
 */
#ifndef CAPSULE_GOPHER_H
#define CAPSULE_GOPHER_H

#include "conn.h"

/* Requests on the Gopher listener: plain TCP, selector lines. */
extern const struct conn_proto gopher_proto;

#endif
