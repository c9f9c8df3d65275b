/*
 * titan: see titan.h.  A pure module: libc, request and url only.
 *
 * The Titan specification (transjovian.org, "The Titan Specification"):
 * after the handshake the client sends the Titan URL and CRLF, as
 *   titan://transjovian.org/test/raw/testing;size=123;mime=plain/text;token=hello
 * then the data, and "the server replies with a regular Gemini status
 * response".  "Parameters are not query parameters! There is no
 * question mark after the URL.  Parameters are separated from the rest
 * of the URL and each other using a semicolon and they come as
 * key/value pairs", RFC 3986's parameters of a path segment; of the
 * three, size (the bytes that follow the line) must be there, mime
 * (text/gemini when absent) and token may be, and "No other parameters
 * are used."
 *
 * What this module makes of that:
 * - The line is a Gemini request in all else: at most 1024 bytes
 *   (REQUEST_MAX, the parameters counted), an absolute URI with a host,
 *   no userinfo or fragment (request_parse() checks the URL part).
 * - The parameters are the ones of the last path segment: they begin at
 *   the first ";" of the path and run to the end of the line (a "/"
 *   after them is part of a value: "mime=text/plain"); a "?" or "#"
 *   anywhere is refused (a query is not Titan's).
 * - Each is key=value with a known key given once; an unknown key is
 *   refused rather than ignored, so a client's typo is not an upload of
 *   something it did not mean.  Values are percent-decoded.
 * - size: decimal digits only (no sign, no blank), at most 2^53: the
 *   caller's caps are far below; size=0 is valid (the caller decides
 *   what an empty upload means).
 * - mime: "type/subtype" of RFC 2045 token characters, lower-cased,
 *   with any ";param" of its own dropped (a charset is the article
 *   format's business, which is UTF-8 only).
 * - token: 1-255 bytes with no control character; "token=" is none.
 */
#include <string.h>
#include <strings.h>

#include "request.h"
#include "titan.h"
#include "url.h"

#define TITAN_SIZE_MAX	(UINT64_C(1) << 53)

int
titan_is(const char *line, size_t len)
{
	return len >= 6 && strncasecmp(line, "titan:", 6) == 0;
}

static int
titan_hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Percent-decodes v[0..len) into out (size bytes with its NUL); -1 on a
 * bad escape, a decoded control character (NUL included) or no room.
 */
static int
titan_decode(const char *v, size_t len, char *out, size_t size)
{
	size_t i, o = 0;
	int hi, lo;
	unsigned char c;

	for (i = 0; i < len; i++) {
		c = (unsigned char)v[i];
		if (c == '%') {
			if (i + 2 >= len)
				return -1;
			if ((hi = titan_hexval((unsigned char)v[i + 1])) ==
			    -1 || (lo = titan_hexval((unsigned char)v[i + 2])) ==
			    -1)
				return -1;
			c = (unsigned char)(hi << 4 | lo);
			i += 2;
		}
		if (c < 0x20 || c == 0x7f || o + 1 >= size)
			return -1;
		out[o++] = (char)c;
	}
	out[o] = '\0';
	return 0;
}

/* RFC 2045's token characters: printable ASCII but tspecials. */
static int
titan_tchar(unsigned char c)
{
	return c > 0x20 && c < 0x7f && strchr("()<>@,;:\\\"/[]?=", c) == NULL;
}

/* The decoded mime value into t_mime: "type/subtype", lower-cased. */
static int
titan_mime(struct titan_req *t, const char *m)
{
	size_t i, n, slash = 0;

	for (n = 0; m[n] != '\0' && m[n] != ';'; n++)
		;
	while (n > 0 && m[n - 1] == ' ')
		n--;
	for (i = 0; i < n; i++) {
		if (m[i] == '/' && slash == 0 && i > 0)
			slash = i;
		else if (!titan_tchar((unsigned char)m[i]))
			return -1;
	}
	if (slash == 0 || slash + 1 >= n)
		return -1;
	for (i = 0; i < n; i++)
		t->t_mime[i] = m[i] >= 'A' && m[i] <= 'Z' ?
		    (char)(m[i] - 'A' + 'a') : m[i];
	t->t_mime[n] = '\0';
	return 0;
}

static int
titan_size(struct titan_req *t, const char *v, size_t len)
{
	uint64_t n = 0;
	size_t i;

	if (len == 0)
		return -1;
	/* n stays at most 2^53 before each step: no overflow. */
	for (i = 0; i < len; i++) {
		if (v[i] < '0' || v[i] > '9')
			return -1;
		if ((n = n * 10 + (uint64_t)(v[i] - '0')) > TITAN_SIZE_MAX)
			return -1;
	}
	t->t_size = n;
	return 0;
}

/* One key=value of p[0..len) into t; have marks the keys seen. */
static int
titan_param(struct titan_req *t, const char *p, size_t len, unsigned *have,
    const char **errstr)
{
	char val[TITAN_TOKEN_MAX + 1];
	const char *eq;
	size_t klen, vlen;
	unsigned bit;

	if ((eq = memchr(p, '=', len)) == NULL) {
		*errstr = "Titan parameter without a value";
		return -1;
	}
	klen = (size_t)(eq - p);
	vlen = len - klen - 1;
	if (klen == 4 && strncasecmp(p, "size", 4) == 0)
		bit = 1;
	else if (klen == 4 && strncasecmp(p, "mime", 4) == 0)
		bit = 2;
	else if (klen == 5 && strncasecmp(p, "token", 5) == 0)
		bit = 4;
	else {
		*errstr = "Unknown Titan parameter";
		return -1;
	}
	if (*have & bit) {
		*errstr = "Titan parameter given twice";
		return -1;
	}
	*have |= bit;
	switch (bit) {
	case 1:
		if (titan_size(t, eq + 1, vlen) == -1) {
			*errstr = "Bad size";
			return -1;
		}
		return 0;
	case 2:
		if (titan_decode(eq + 1, vlen, val, TITAN_MIME_MAX + 1) == -1 ||
		    titan_mime(t, val) == -1) {
			*errstr = "Bad mime type";
			return -1;
		}
		return 0;
	default:
		if (titan_decode(eq + 1, vlen, t->t_token,
		    sizeof(t->t_token)) == -1) {
			*errstr = "Bad token";
			t->t_token[0] = '\0';
			return -1;
		}
		return 0;
	}
}

/* Where the path begins in line: past "scheme://authority". */
static size_t
titan_path_start(const char *line, size_t len)
{
	size_t i = 0;

	while (i < len && line[i] != ':')
		i++;
	if (i + 2 < len && line[i + 1] == '/' && line[i + 2] == '/') {
		for (i += 3; i < len; i++)
			if (line[i] == '/' || line[i] == '?' || line[i] == '#')
				break;
		return i;
	}
	return i < len ? i + 1 : len;
}

int
titan_parse(const char *line, size_t len, struct titan_req *t,
    const char **errstr)
{
	const char *semi, *p, *end, *q;
	unsigned have = 0;
	size_t start;

	memset(t, 0, sizeof(*t));
	t->t_url.u_port = -1;
	if (len > REQUEST_MAX) {
		*errstr = "Request too long";
		return -1;
	}
	if (!titan_is(line, len)) {
		*errstr = "Not a Titan request";
		return -1;
	}
	start = titan_path_start(line, len);
	end = line + len;
	for (semi = line + start; semi < end && *semi != ';' && *semi != '?' &&
	    *semi != '#'; semi++)
		;
	if (semi < end && *semi != ';') {
		*errstr = "A Titan URL has no query or fragment";
		return -1;
	}
	if (semi == end) {
		*errstr = "Size missing";
		return -1;
	}
	if (memchr(semi, '?', (size_t)(end - semi)) != NULL ||
	    memchr(semi, '#', (size_t)(end - semi)) != NULL) {
		*errstr = "A Titan URL has no query or fragment";
		return -1;
	}
	for (p = semi + 1; p <= end; p = q + 1) {
		if ((q = memchr(p, ';', (size_t)(end - p))) == NULL)
			q = end;
		if (titan_param(t, p, (size_t)(q - p), &have, errstr) == -1) {
			memset(t, 0, sizeof(*t));
			t->t_url.u_port = -1;
			return -1;
		}
	}
	if (!(have & 1)) {
		*errstr = "Size missing";
		memset(t, 0, sizeof(*t));
		t->t_url.u_port = -1;
		return -1;
	}
	if (!(have & 2))
		memcpy(t->t_mime, TITAN_DEFAULT_MIME, sizeof(TITAN_DEFAULT_MIME));
	if (request_parse(line, (size_t)(semi - line), &t->t_url,
	    errstr) == -1) {
		memset(t, 0, sizeof(*t));
		t->t_url.u_port = -1;
		return -1;
	}
	return 0;
}

int
titan_local(const struct titan_req *t, const char *host, int port)
{
	const struct url *u = &t->t_url;

	if (strcmp(u->u_scheme, "titan") != 0 ||
	    strcasecmp(u->u_host, host) != 0 ||
	    (u->u_port != -1 && u->u_port != port))
		return -1;
	return 0;
}

void
titan_free(struct titan_req *t)
{
	url_free(&t->t_url);
	memset(t->t_token, 0, sizeof(t->t_token));
}
