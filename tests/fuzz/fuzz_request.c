/*
 * fuzz_request: the bytes a Gemini client sends, through the daemon's
 * own steps: the line end found in a buffer as big as the connection's
 * (request_line), the request checked and parsed (request_parse), the
 * proxy test (request_local), routing.  An accepted request must be
 * what the rest of the daemon assumes: at most 1024 bytes of URI
 * characters, a host, a rooted path without dot segments, empty
 * segments or controls, in UTF-8, that parses again to itself.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "request.h"
#include "route.h"
#include "url.h"
#include "utf8.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The first CRLF (or with lf, LF) in s[0..len), written the slow way. */
static long
first_end(const char *s, size_t len, int lf, size_t *endlen)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (lf && s[i] == '\n') {
			*endlen = 1;
			return (long)i;
		}
		if (i + 1 < len && s[i] == '\r' && s[i + 1] == '\n') {
			*endlen = 2;
			return (long)i;
		}
	}
	return -1;
}

static void
check_framing(const char *s, size_t len)
{
	size_t n, endlen;
	long at;
	int lf;

	for (lf = 0; lf < 2; lf++) {
		at = first_end(s, len, lf, &endlen);
		if (request_line(s, len, lf, &n) == 0) {
			if (at != -1)
				abort();
			continue;
		}
		if (at == -1 || n != (size_t)at)
			abort();
	}
}

/* The path once more from its segments, each percent-encoded. */
static char *
path_encode(const char *path)
{
	const char *p, *q;
	char *out, *seg;
	size_t o = 0, len = strlen(path);

	if ((out = malloc(3 * len + 1)) == NULL ||
	    (seg = malloc(len + 1)) == NULL)
		abort();
	for (p = path; *p != '\0'; p = q) {
		if (*p == '/') {
			out[o++] = '/';
			q = p + 1;
			continue;
		}
		for (q = p; *q != '\0' && *q != '/'; q++)
			;
		memcpy(seg, p, (size_t)(q - p));
		seg[q - p] = '\0';
		o += url_encode(seg, out + o, 3 * len + 1 - o);
	}
	out[o] = '\0';
	free(seg);
	return out;
}

static void
check_accepted(const char *line, size_t len, const struct url *u)
{
	static const char pre[] = "gemini://localhost";
	struct url v;
	struct route r;
	const char *errstr;
	char *enc, *again;
	size_t i, n, bad;

	if (len > REQUEST_MAX || u->u_userinfo || u->u_fragment)
		abort();
	/* URI characters only: no NUL, CR, LF, space, BOM or raw UTF-8. */
	for (i = 0; i < len; i++)
		if ((unsigned char)line[i] <= 0x20 ||
		    (unsigned char)line[i] >= 0x7f)
			abort();
	if (u->u_scheme == NULL || u->u_scheme[0] == '\0' ||
	    u->u_host == NULL || u->u_host[0] == '\0' ||
	    strpbrk(u->u_host, "/?#@") != NULL)
		abort();
	if (request_local(u, "localhost", 1965) == 0 &&
	    (strcmp(u->u_scheme, "gemini") != 0 ||
	    strcmp(u->u_host, "localhost") != 0 ||
	    (u->u_port != -1 && u->u_port != 1965)))
		abort();

	n = strlen(u->u_path);
	if (u->u_path[0] != '/' || strstr(u->u_path, "//") != NULL ||
	    strstr(u->u_path, "/./") != NULL ||
	    strstr(u->u_path, "/../") != NULL ||
	    (n >= 2 && strcmp(u->u_path + n - 2, "/.") == 0) ||
	    (n >= 3 && strcmp(u->u_path + n - 3, "/..") == 0) ||
	    utf8_validate(u->u_path, n, &bad) == -1)
		abort();
	for (i = 0; i < n; i++)
		if ((unsigned char)u->u_path[i] < 0x20 ||
		    u->u_path[i] == 0x7f)
			abort();

	/* Normalising is idempotent: the path, sent again, is itself. */
	enc = path_encode(u->u_path);
	n = sizeof(pre) - 1 + strlen(enc) + (u->u_query != NULL ?
	    1 + strlen(u->u_query) : 0);
	if ((again = malloc(n + 1)) == NULL)
		abort();
	strcpy(again, pre);
	strcat(again, enc);
	if (u->u_query != NULL) {
		strcat(again, "?");
		strcat(again, u->u_query);
	}
	if (url_parse(again, n, &v, &errstr) == -1 ||
	    strcmp(v.u_path, u->u_path) != 0 ||
	    (u->u_query == NULL) != (v.u_query == NULL) ||
	    (u->u_query != NULL && strcmp(u->u_query, v.u_query) != 0))
		abort();
	url_free(&v);
	free(again);
	free(enc);

	route_match(u->u_path, &r);
	if (r.r_kind == ROUTE_MEDIA && (strncmp(r.r_arg, "../", 3) == 0 ||
	    strstr(r.r_arg, "/../") != NULL))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const char *s = (const char *)data, *errstr = NULL;
	struct url u;
	size_t n, linelen;

	/* What a connection's buffer holds: the URI and its CRLF at most. */
	n = len < REQUEST_MAX + 2 ? len : REQUEST_MAX + 2;
	check_framing(s, n);
	if (request_line(s, n, 0, &linelen) == 0)
		linelen = n;	/* also what a line without its end would be */
	if (request_parse(s, linelen, &u, &errstr) == -1) {
		if (errstr == NULL || u.u_scheme != NULL ||
		    u.u_host != NULL || u.u_path != NULL ||
		    u.u_query != NULL)
			abort();
		return 0;
	}
	check_accepted(s, linelen, &u);
	url_free(&u);
	return 0;
}
