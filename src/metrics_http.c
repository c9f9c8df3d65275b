/*
 * metrics_http: the --metrics listener, a struct conn_proto on the
 * workers like gemini.c and gopher.c, so that it gets their read
 * timeout, request bound and drain for free.  Only the request line is
 * read; the headers after it are drained and ignored, and every answer
 * closes the connection, so no HTTP parsing beyond that line exists.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "conn.h"
#include "metrics.h"
#include "metrics_http.h"

/* Sets an answer: status line, headers, then body (may be NULL). */
static void
metrics_http_answer(struct conn *c, const char *status, const char *extra,
    const struct buf *body)
{
	const char *ctype = body != NULL ? "text/plain; version=0.0.4" :
	    "text/plain";
	size_t len = body != NULL ? body->b_len : strlen(status) + 1;

	buf_truncate(&c->c_dyn, 0);
	buf_printf(&c->c_dyn, "HTTP/1.0 %s\r\nContent-Type: %s; "
	    "charset=utf-8\r\nContent-Length: %zu\r\nConnection: close\r\n%s"
	    "\r\n", status, ctype, len, extra);
	if (body != NULL)
		buf_add(&c->c_dyn, body->b_data, body->b_len);
	else
		buf_printf(&c->c_dyn, "%s\n", status);
	/* The access log's status: the three digits. */
	{
		char code[4];

		memcpy(code, status, 3);
		code[3] = '\0';
		conn_send_dyn(c, code);
	}
}

static void
metrics_http_request(struct conn *c)
{
	static const char get[] = "GET ", path[] = "/metrics";
	const char *r = c->c_req, *sp, *ver;
	size_t n = c->c_reqlen;
	struct metrics_snap s;
	struct buf body;

	if ((sp = memchr(r, ' ', n)) == NULL ||
	    (ver = memchr(sp + 1, ' ', n - (size_t)(sp + 1 - r))) == NULL ||
	    (size_t)(r + n - (ver + 1)) != 8 ||
	    (memcmp(ver + 1, "HTTP/1.0", 8) != 0 &&
	    memcmp(ver + 1, "HTTP/1.1", 8) != 0)) {
		metrics_http_answer(c, "400 Bad Request", "", NULL);
		return;
	}
	if ((size_t)(sp - r) != sizeof(get) - 2 ||
	    memcmp(r, get, sizeof(get) - 2) != 0) {
		metrics_http_answer(c, "405 Method Not Allowed",
		    "Allow: GET\r\n", NULL);
		return;
	}
	if ((size_t)(ver - sp - 1) != sizeof(path) - 1 ||
	    memcmp(sp + 1, path, sizeof(path) - 1) != 0) {
		metrics_http_answer(c, "404 Not Found", "", NULL);
		return;
	}
	metrics_read(&s);
	buf_init(&body);
	metrics_render(&s, &body);
	if (buf_ok(&body) == -1) {
		buf_free(&body);
		metrics_http_answer(c, "500 Internal Server Error", "", NULL);
		return;
	}
	metrics_http_answer(c, "200 OK", "", &body);
	buf_free(&body);
}

static void
metrics_http_too_long(struct conn *c)
{
	metrics_http_answer(c, "400 Bad Request", "", NULL);
}

static void
metrics_http_limited(struct conn *c, unsigned wait)
{
	char extra[48];

	snprintf(extra, sizeof(extra), "Retry-After: %u\r\n", wait);
	metrics_http_answer(c, "429 Too Many Requests", extra, NULL);
}

const struct conn_proto metrics_http_proto = {
	"metrics", 0, 1, metrics_http_request, metrics_http_too_long,
	metrics_http_limited, NULL, METRICS_NONE, NULL
};
