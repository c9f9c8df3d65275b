/*
 * url: see url.h.  A pure module: libc and utf8 only.
 *
 * What url_parse() makes of a path, and why:
 *
 * - It is percent-decoded once, before dot segments are removed, so that
 *   "%2e%2e" is as much a ".." as ".." is.  Decoding only once keeps
 *   "%252e%252e" a harmless segment named "%2e%2e".
 * - "%2F" and "%5C" are refused (a literal "\" is not a URI character).
 *   Decoded before dot removal, "a%2F..%2F.." would climb out of the
 *   tree; decoded after, it would rebuild ".." segments that were never
 *   removed; kept encoded, route.c would see paths unlike any it serves.
 *   No page of ours has a slash in a segment's name, so nothing is lost.
 * - Runs of "/" collapse into one before dot removal ("/a//b" is "/a/b",
 *   "/a//../b" is "/b").  A path we hand back that began with "//" would
 *   read as a network-path reference (another host) if a redirect ever
 *   echoed it, and route.c need not consider empty segments.
 * - It always begins with "/", even after "gemini:rootless/path": such a
 *   request has no host and is refused by the caller, and every caller
 *   may rely on the leading slash.
 *
 * An empty host ("gemini:///path", "gemini://:1965/") is kept as "", not
 * refused: RFC 3986 allows an empty reg-name, and whether a request may
 * lack one is for the protocol layer to answer.
 */
#include <stdlib.h>
#include <string.h>

#include "url.h"
#include "utf8.h"

#define URL_SCHEME_MAX	32
/* "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255" between the brackets */
#define URL_IPV6_MAX	45

/* Thread-safe, unlike strerror(), for workers parsing at the same time. */
static const char url_enomem[] = "out of memory";

/* Locale-independent: a Turkish locale must not change a host name. */
static int
url_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
url_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static unsigned char
url_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* HEXDIG = DIGIT / "A" / "B" / "C" / "D" / "E" / "F" (either case) */
static int
url_hexval(unsigned char c)
{
	if (url_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* strchr() would find the terminating NUL of set. */
static int
url_in(unsigned char c, const char *set)
{
	return c != '\0' && strchr(set, c) != NULL;
}

/* unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~" */
static int
url_unreserved(unsigned char c)
{
	return url_alpha(c) || url_digit(c) || url_in(c, "-._~");
}

/* sub-delims = "!" / "$" / "&" / "'" / "(" / ")" / "*" / "+" / "," / ";" / "=" */
static int
url_subdelim(unsigned char c)
{
	return url_in(c, "!$&'()*+,;=");
}

/* gen-delims = ":" / "/" / "?" / "#" / "[" / "]" / "@" */
static int
url_gendelim(unsigned char c)
{
	return url_in(c, ":/?#[]@");
}

/*
 * Whether s[0..len) holds only unreserved, "%", sub-delims and the
 * characters of extra.  Every component rule has that shape, e.g.
 *   pchar = unreserved / pct-encoded / sub-delims / ":" / "@"
 * and url_check_chars() has already made each "%" a whole escape.
 */
static int
url_component_ok(const char *s, size_t len, const char *extra)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!url_unreserved(c) && !url_subdelim(c) && c != '%' &&
		    !url_in(c, extra))
			return 0;
	}
	return 1;
}

/*
 * The characters of a URI (RFC 3986, section 2):
 *   unreserved / reserved / pct-encoded
 *   reserved    = gen-delims / sub-delims
 *   pct-encoded = "%" HEXDIG HEXDIG
 * Checked over the whole request first, so that later steps may take
 * every "%" as the start of a well-formed escape of a byte other than NUL.
 */
static int
url_check_chars(const char *s, size_t len, const char **errstr)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '%') {
			if (len - i < 3 ||
			    url_hexval((unsigned char)s[i + 1]) == -1 ||
			    url_hexval((unsigned char)s[i + 2]) == -1) {
				*errstr = "bad percent escape";
				return -1;
			}
			if (s[i + 1] == '0' && s[i + 2] == '0') {
				*errstr = "encoded NUL in URI";
				return -1;
			}
			i += 2;
		} else if (c == '\0') {
			*errstr = "NUL byte in URI";
			return -1;
		} else if (!url_unreserved(c) && !url_subdelim(c) &&
		    !url_gendelim(c)) {
			*errstr = "not a URI character";
			return -1;
		}
	}
	return 0;
}

/*
 * Decodes s[0..len) into out (room for len bytes) and stores the decoded
 * length in *outlen.  Validates on its own, as url_decode() gets bytes
 * nobody has checked:
 *   pct-encoded = "%" HEXDIG HEXDIG
 */
static int
url_unescape(const char *s, size_t len, char *out, size_t *outlen,
    const char **errstr)
{
	size_t i, o = 0;
	int hi, lo;

	for (i = 0; i < len; i++) {
		if (s[i] == '\0') {
			*errstr = "NUL byte in string";
			return -1;
		}
		if (s[i] != '%') {
			out[o++] = s[i];
			continue;
		}
		if (len - i < 3 ||
		    (hi = url_hexval((unsigned char)s[i + 1])) == -1 ||
		    (lo = url_hexval((unsigned char)s[i + 2])) == -1) {
			*errstr = "bad percent escape";
			return -1;
		}
		if (hi == 0 && lo == 0) {
			*errstr = "encoded NUL";
			return -1;
		}
		out[o++] = (char)(hi << 4 | lo);
		i += 2;
	}
	*outlen = o;
	return 0;
}

static char *
url_strndup_lower(const char *s, size_t n)
{
	char *p;
	size_t i;

	if ((p = malloc(n + 1)) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		p[i] = (char)url_lower((unsigned char)s[i]);
	p[n] = '\0';
	return p;
}

/*
 * scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
 * Returns the length of the scheme that ends in ":" at s, or 0 when s
 * does not start with one (a relative reference).
 */
static size_t
url_scheme_len(const char *s, size_t len)
{
	size_t n;

	if (len == 0 || !url_alpha((unsigned char)s[0]))
		return 0;
	for (n = 1; n < len; n++) {
		unsigned char c = (unsigned char)s[n];

		if (!url_alpha(c) && !url_digit(c) && !url_in(c, "+-."))
			break;
	}
	return n < len && s[n] == ':' ? n : 0;
}

/*
 * port = *DIGIT
 * An empty port is the same as none (RFC 3986, section 6.2.3).
 */
static int
url_parse_port(struct url *u, const char *s, size_t len,
    const char **errstr)
{
	size_t i;
	long port = 0;

	if (len == 0)
		return 0;
	for (i = 0; i < len; i++) {
		if (!url_digit((unsigned char)s[i])) {
			*errstr = "port is not a number";
			return -1;
		}
		port = port * 10 + (s[i] - '0');
		if (port > 65535) {
			*errstr = "port out of range";
			return -1;
		}
	}
	u->u_port = (int)port;
	return 0;
}

/*
 * IP-literal = "[" ( IPv6address / IPvFuture  ) "]"
 * IPvFuture  = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
 * The IPv6 address is checked loosely (hex digits, ":" and ".", two
 * colons at least): a host is only compared with the names we serve,
 * never resolved, so a malformed literal merely matches none.  Nothing
 * speaks IPvFuture, nor carries an RFC 6874 zone ("%25") in a request.
 */
static int
url_parse_ipliteral(struct url *u, const char *s, size_t len,
    const char **errstr)
{
	size_t i, colons = 0;

	if (len > 2 && url_lower((unsigned char)s[1]) == 'v') {
		*errstr = "IPvFuture literal not supported";
		return -1;
	}
	for (i = 1; i + 1 < len; i++) {
		if (s[i] == ':')
			colons++;
		else if (s[i] != '.' && url_hexval((unsigned char)s[i]) == -1)
			break;
	}
	if (i + 1 != len || colons < 2 || len - 2 > URL_IPV6_MAX) {
		*errstr = "bad IPv6 literal";
		return -1;
	}
	if ((u->u_host = url_strndup_lower(s, len)) == NULL) {
		*errstr = url_enomem;
		return -1;
	}
	return 0;
}

/*
 * reg-name = *( unreserved / pct-encoded / sub-delims )
 * Decoded and lower-cased so that it compares with the names we serve.
 * A decoded byte must be one that could have been sent as it is, or part
 * of UTF-8 (section 3.2.2 asks for UTF-8 in non-ASCII names), so that
 * "%2F" or "%40" cannot slip a delimiter into a host.
 */
static int
url_parse_regname(struct url *u, const char *s, size_t len,
    const char **errstr)
{
	size_t i, n, bad;

	if (!url_component_ok(s, len, "")) {
		*errstr = "bad character in host";
		return -1;
	}
	if ((u->u_host = malloc(len + 1)) == NULL) {
		*errstr = url_enomem;
		return -1;
	}
	if (url_unescape(s, len, u->u_host, &n, errstr) == -1)
		return -1;
	u->u_host[n] = '\0';
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)u->u_host[i];

		if (c < 0x80 && !url_unreserved(c) && !url_subdelim(c)) {
			*errstr = "bad encoded character in host";
			return -1;
		}
		u->u_host[i] = (char)url_lower(c);
	}
	if (utf8_validate(u->u_host, n, &bad) == -1) {
		*errstr = "host is not valid UTF-8";
		return -1;
	}
	return 0;
}

/*
 * authority = [ userinfo "@" ] host [ ":" port ]
 * userinfo  = *( unreserved / pct-encoded / sub-delims / ":" )
 * host      = IP-literal / IPv4address / reg-name
 * An IPv4 address is also a reg-name, and is parsed as one.
 */
static int
url_parse_authority(struct url *u, const char *s, size_t len,
    const char **errstr)
{
	const char *at, *end = s + len, *p;

	if ((at = memchr(s, '@', len)) != NULL) {
		if (!url_component_ok(s, (size_t)(at - s), ":")) {
			*errstr = "bad character in userinfo";
			return -1;
		}
		u->u_userinfo = 1;
		s = at + 1;
		len = (size_t)(end - s);
	}
	if (len > 0 && s[0] == '[') {
		if ((p = memchr(s, ']', len)) == NULL) {
			*errstr = "unterminated IP literal";
			return -1;
		}
		p++;
		if (url_parse_ipliteral(u, s, (size_t)(p - s), errstr) == -1)
			return -1;
	} else {
		if ((p = memchr(s, ':', len)) == NULL)
			p = end;
		if (url_parse_regname(u, s, (size_t)(p - s), errstr) == -1)
			return -1;
	}
	if (p == end)
		return 0;
	if (*p != ':') {
		*errstr = "junk after IP literal";
		return -1;
	}
	return url_parse_port(u, p + 1, (size_t)(end - p - 1), errstr);
}

/*
 * Removes dot segments (RFC 3986, section 5.2.4) from path[0..len),
 * which begins with "/", collapsing runs of "/" on the way.  Works in
 * place, as "/segment" is never written past where the slash before it
 * was read; path needs room for len + 1 bytes.  A ".." at the root is
 * dropped, as the RFC's algorithm does, so a path never climbs above "/".
 */
static void
url_remove_dots(char *path, size_t len)
{
	size_t i = 0, o = 0, seg, n;
	int trail = 0;

	while (i < len) {
		while (i < len && path[i] == '/')
			i++;
		if (i == len) {
			trail = 1;
			break;
		}
		for (seg = i; i < len && path[i] != '/'; i++)
			;
		n = i - seg;
		trail = 0;
		if (n == 1 && path[seg] == '.') {
			trail = 1;
			continue;
		}
		if (n == 2 && path[seg] == '.' && path[seg + 1] == '.') {
			while (o > 0 && path[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
			trail = 1;
			continue;
		}
		path[o++] = '/';
		memmove(path + o, path + seg, n);
		o += n;
	}
	if (o == 0 || trail)
		path[o++] = '/';
	path[o] = '\0';
}

/*
 * path-abempty  = *( "/" segment )
 * path-absolute = "/" [ segment-nz *( "/" segment ) ]
 * path-rootless = segment-nz *( "/" segment )
 * path-empty    = 0<pchar>
 * segment       = *pchar
 * pchar         = unreserved / pct-encoded / sub-delims / ":" / "@"
 * The decoded path must be UTF-8 text without control characters: it
 * ends up in logs, in file names and on gopher clients' screens.
 */
static int
url_parse_path(struct url *u, const char *s, size_t len,
    const char **errstr)
{
	size_t i, n, off = 0, bad;

	if (!url_component_ok(s, len, ":@/")) {
		*errstr = "bad character in path";
		return -1;
	}
	for (i = 0; i + 2 < len; i++)
		if (s[i] == '%' && ((s[i + 1] == '2' &&
		    url_lower((unsigned char)s[i + 2]) == 'f') ||
		    (s[i + 1] == '5' && url_lower((unsigned char)s[i + 2]) ==
		    'c'))) {
			*errstr = "encoded slash in path";
			return -1;
		}
	if ((u->u_path = malloc(len + 2)) == NULL) {
		*errstr = url_enomem;
		return -1;
	}
	if (len == 0 || s[0] != '/')
		u->u_path[off++] = '/';
	if (url_unescape(s, len, u->u_path + off, &n, errstr) == -1)
		return -1;
	n += off;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)u->u_path[i];

		if (c < 0x20 || c == 0x7f) {
			*errstr = "control character in path";
			return -1;
		}
	}
	if (utf8_validate(u->u_path, n, &bad) == -1) {
		*errstr = "path is not valid UTF-8";
		return -1;
	}
	url_remove_dots(u->u_path, n);
	return 0;
}

/*
 * absolute-URI = scheme ":" hier-part [ "?" query ] [ "#" fragment ]
 * hier-part    = "//" authority path-abempty / path-absolute /
 *                path-rootless / path-empty
 * query        = *( pchar / "/" / "?" )
 * fragment     = *( pchar / "/" / "?" )
 * The fragment is cut first, as a "?" inside it starts no query.
 */
int
url_parse(const char *s, size_t len, struct url *u, const char **errstr)
{
	const char *p, *end = s + len, *q, *a;
	size_t n;

	memset(u, 0, sizeof(*u));
	u->u_port = -1;
	if (url_check_chars(s, len, errstr) == -1)
		goto fail;
	if ((n = url_scheme_len(s, len)) == 0) {
		*errstr = "not an absolute URI";
		goto fail;
	}
	if (n > URL_SCHEME_MAX) {
		*errstr = "scheme too long";
		goto fail;
	}
	if ((u->u_scheme = url_strndup_lower(s, n)) == NULL) {
		*errstr = url_enomem;
		goto fail;
	}
	p = s + n + 1;

	if ((q = memchr(p, '#', (size_t)(end - p))) != NULL) {
		if (!url_component_ok(q + 1, (size_t)(end - q - 1), ":@/?")) {
			*errstr = "bad character in fragment";
			goto fail;
		}
		u->u_fragment = 1;
		end = q;
	}
	if ((q = memchr(p, '?', (size_t)(end - p))) != NULL) {
		n = (size_t)(end - q - 1);
		if (!url_component_ok(q + 1, n, ":@/?")) {
			*errstr = "bad character in query";
			goto fail;
		}
		if ((u->u_query = malloc(n + 1)) == NULL) {
			*errstr = url_enomem;
			goto fail;
		}
		memcpy(u->u_query, q + 1, n);
		u->u_query[n] = '\0';
		end = q;
	}

	if (end - p >= 2 && p[0] == '/' && p[1] == '/') {
		a = p + 2;
		for (p = a; p < end && *p != '/'; p++)
			;
		if (url_parse_authority(u, a, (size_t)(p - a), errstr) == -1)
			goto fail;
	}
	if (url_parse_path(u, p, (size_t)(end - p), errstr) == -1)
		goto fail;
	return 0;
fail:
	url_free(u);
	return -1;
}

void
url_free(struct url *u)
{
	if (u == NULL)
		return;
	free(u->u_scheme);
	free(u->u_host);
	free(u->u_path);
	free(u->u_query);
	memset(u, 0, sizeof(*u));
	u->u_port = -1;
}

int
url_decode(const char *s, size_t len, char **out, size_t *outlen,
    const char **errstr)
{
	char *d;
	size_t n;

	*out = NULL;
	*outlen = 0;
	if ((d = malloc(len + 1)) == NULL) {
		*errstr = url_enomem;
		return -1;
	}
	if (url_unescape(s, len, d, &n, errstr) == -1) {
		free(d);
		return -1;
	}
	d[n] = '\0';
	*out = d;
	*outlen = n;
	return 0;
}

size_t
url_encode(const char *s, char *out, size_t outsz)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;
	size_t need = 0, o = 0, w;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		w = url_unreserved(*p) ? 1 : 3;
		/*
		 * Once something did not fit, nothing more is written: a
		 * truncated result then never ends in half an escape, nor
		 * skips a byte.
		 */
		if (o == need && o + w < outsz) {
			if (w == 1)
				out[o] = (char)*p;
			else {
				out[o] = '%';
				out[o + 1] = hex[*p >> 4];
				out[o + 2] = hex[*p & 0x0f];
			}
			o += w;
		}
		need += w;
	}
	if (outsz > 0)
		out[o] = '\0';
	return need;
}
