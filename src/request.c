/*
 * request: see request.h.  A pure module: libc and url only.
 *
 * What the daemon refuses before any page is looked up lives here and
 * nowhere else, so that fuzz_request tests the daemon's own checks.
 */
#include <string.h>
#include <strings.h>

#include "request.h"
#include "url.h"

/*
 * The Gemini specification, section "Requests":
 *   request = absolute-URI CRLF
 * and RFC 1436 for Gopher: "a selector string ... followed by a
 * carriage return and a line feed", where clients that send a bare LF
 * are served too.  The first line end counts: a client that sends more
 * after it is not asking for anything else.
 */
int
request_line(const char *buf, size_t len, int lf, size_t *linelen)
{
	const char *p, *end = buf + len;

	for (p = buf; p < end; p++) {
		if (p[0] == '\n' && lf) {
			*linelen = (size_t)(p > buf && p[-1] == '\r' ?
			    p - 1 - buf : p - buf);
			return 1;
		}
		if (p[0] == '\r' && p + 1 < end && p[1] == '\n') {
			*linelen = (size_t)(p - buf);
			return 1;
		}
	}
	return 0;
}

/*
 * The Gemini specification, section "Requests": "The URI MUST NOT
 * exceed 1024 bytes"; "the userinfo portion and the fragment MUST NOT
 * be included"; clients "MUST NOT send a U+FEFF byte order mark".  A URI
 * is ASCII (RFC 3986, section 2), so url_parse() refuses every other
 * byte, a BOM or raw UTF-8 among them, as it refuses NUL, CR and LF; a
 * non-ASCII path arrives percent-encoded and must decode to UTF-8.
 * Without a host the request names nothing this server could answer.
 */
int
request_parse(const char *line, size_t len, struct url *u,
    const char **errstr)
{
	memset(u, 0, sizeof(*u));
	u->u_port = -1;
	if (len == 0) {
		*errstr = "Empty request";
		return -1;
	}
	if (len > REQUEST_MAX) {
		*errstr = "Request too long";
		return -1;
	}
	if (url_parse(line, len, u, errstr) == -1) {
		*errstr = "Bad request";
		return -1;
	}
	if (u->u_userinfo)
		*errstr = "Userinfo not allowed";
	else if (u->u_fragment)
		*errstr = "Fragment not allowed";
	else if (u->u_host == NULL || *u->u_host == '\0')
		*errstr = "Host missing";
	else
		return 0;
	url_free(u);
	return -1;
}

/*
 * A request for another scheme, host or port is a proxy request, which
 * this server refuses (53).  port is the public one, the port in our
 * own links (behind a port forward it is not where we listen); a URI
 * without one means the default port, which a client only sends to us
 * when that is where it found us.
 */
int
request_local(const struct url *u, const char *host, int port)
{
	if (strcmp(u->u_scheme, "gemini") != 0 ||
	    strcasecmp(u->u_host, host) != 0 ||
	    (u->u_port != -1 && u->u_port != port))
		return -1;
	return 0;
}
