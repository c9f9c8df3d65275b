/*
 * metrics_http: the --metrics listener's protocol (see metrics_http.c).
 */
#ifndef CAPSULE_METRICS_HTTP_H
#define CAPSULE_METRICS_HTTP_H

#include "conn.h"

/*
 * Plain HTTP/1.x, one request a connection: "GET /metrics HTTP/1.x"
 * answers metrics.h's text, anything else 400, 404 or 405; then close.
 */
extern const struct conn_proto metrics_http_proto;

#endif
