/*
 * gophermap_link: links as menu items (gemtext "=>" lines, gopher, web
 * and our own URLs) and gemtext walked into a menu; see gophermap.h.
 *
 * - Selectors and hosts are never folded (they name things); a TAB, CR,
 *   LF or NUL in one becomes a space.  "URL:" selectors percent-encode
 *   spaces, controls, bytes that are not UTF-8 and, in ASCII mode, every
 *   byte past 0x7f: the URL still names the same resource.  A selector
 *   over 255 bytes (RFC 1436 asks for less) is kept: only a "URL:" or a
 *   remote gopher selector can be that long, clients cope with it, and
 *   a cut one would lead nowhere.
 * - Links (gemtext "=> URL label" lines of a body or an extra page, the
 *   image, the Source header) become items:
 *     gopher://host[:port]/Tsel   type T, sel percent-decoded, at that
 *                                 host (RFC 4266); no path: type 1, "";
 *                                 a "%09search" part cannot be put in a
 *                                 menu and is dropped (type 7 prompts)
 *     http(s), gemini, ftp,       'h', "URL:" and the URL ("//" taken as
 *     mailto, news, telnet,       gemini:, the scheme of the page); the
 *     "//host"                    scheme's case is kept
 *     any other scheme            an 'i' line with the label: nothing a
 *                                 reader could follow ("javascript:",
 *                                 "data:", "file:" would act in the
 *                                 browser the "URL:" page hands them to)
 *     /media/FILE                 go_media_type("media/FILE"), else '9'
 *     /search                     '7'
 *     a path ending in .txt, .xml '0' (article text, feeds, robots.txt)
 *     any other path              '1'
 *   Relative paths are taken from the page's folder ("/articles/" for an
 *   article, "/" for the rest), with leading "./" and "../" resolved;
 *   internal paths are percent-decoded (a selector is raw bytes) and lose
 *   their query and fragment.  A type from outside (the media callback,
 *   a gopher URL) that is not printable ASCII, or is '3' or 'i', becomes
 *   '9': it must neither be an error line in a content menu nor hide a
 *   link.  A link without a label shows its URL.
 */
#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "gophermap.h"
#include "gophermap_int.h"
#include "route.h"
#include "utf8.h"

/* The value of a hex digit, or -1. */
static int
go_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Appends s[0..len) with "%XX" escapes decoded (RFC 3986, 2.1). */
static void
go_decode(struct buf *b, const char *s, size_t len)
{
	size_t i;
	int hi, lo;

	for (i = 0; i < len; i++) {
		if (s[i] == '%' && i + 2 < len &&
		    (hi = go_hex(s[i + 1])) != -1 &&
		    (lo = go_hex(s[i + 2])) != -1) {
			buf_putc(b, (char)(hi << 4 | lo));
			i += 2;
		} else
			buf_putc(b, s[i]);
	}
}

/* The scheme of an absolute URL (RFC 3986, 3.1), its length or 0. */
static size_t
go_scheme(const char *url, size_t len)
{
	size_t i;

	if (len == 0 || !isalpha((unsigned char)url[0]))
		return 0;
	for (i = 1; i < len; i++) {
		if (url[i] == ':')
			return i;
		if (!isalnum((unsigned char)url[i]) && url[i] != '+' &&
		    url[i] != '-' && url[i] != '.')
			return 0;
	}
	return 0;
}

/*
 * The schemes a gopher reader can mean by a link out of gopherspace.  A
 * "URL:" item is opened by a web browser through the page gopher.c makes
 * for it, so "javascript:", "data:" and the like would run there: they
 * never become items.
 */
static const char *const go_schemes[] = { "http", "https", "gemini",
    "gopher", "ftp", "mailto", "news", "telnet" };

int
gophermap_url_ok(const char *url, size_t len)
{
	size_t n = go_scheme(url, len), i;

	for (i = 0; i < sizeof(go_schemes) / sizeof(go_schemes[0]); i++)
		if (n == strlen(go_schemes[i]) &&
		    strncasecmp(url, go_schemes[i], n) == 0)
			return 1;
	return 0;
}

/* A type from outside: one that would break the menu becomes '9'. */
static char
go_type(char t)
{
	if (!isgraph((unsigned char)t) || t == '3' || t == 'i')
		return '9';
	return t;
}

/* An 'h' item: "URL:" then pre and the URL, escaped as the top says. */
static void
go_weblink(struct go *g, const char *pre, const char *url, size_t len,
    const char *label, size_t llen)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf *s = go_sel(g);
	size_t i = 0, n, k;
	uint32_t cp;
	int bad;

	buf_puts(s, "URL:");
	buf_puts(s, pre);
	while (i < len) {
		if ((bad = (n = utf8_decode(url + i, len - i, &cp)) == 0))
			n = 1;
		if (bad || cp <= 0x20 || (cp >= 0x7f && cp < 0xa0) ||
		    (cp >= 0x80 && g->g_opts->go_ascii))
			for (k = i; k < i + n; k++) {
				buf_putc(s, '%');
				buf_putc(s, hex[(unsigned char)url[k] >> 4]);
				buf_putc(s, hex[(unsigned char)url[k] & 0xf]);
			}
		else
			buf_add(s, url + i, n);
		i += n;
	}
	if (buf_ok(s) == -1)
		return;
	go_own(g, 'h', label, llen, s->b_data, s->b_len);
}

/*
 * RFC 4266, section 2.1 (from RFC 1738):
 *
 *	gopher://<host>:<port>/<gopher-path>
 *	where <gopher-path> is one of
 *	<gophertype><selector>
 *	<gophertype><selector>%09<search>
 *	<gophertype><selector>%09<search>%09<gopher+_string>
 *
 * "If :<port> is omitted, the port defaults to 70"; "the entire
 * <gopher-path> may also be empty, in which case the delimiting "/" is
 * also optional and the <gophertype> defaults to "1"".  Returns -1 for a
 * URL that names no server (the caller then offers it as a web link).
 */
static int
go_gopherlink(struct go *g, const char *url, size_t len, const char *label,
    size_t llen)
{
	const char *p, *end = url + len, *host, *sel, *tab;
	size_t hlen, slen;
	long port = 70;
	char type = '1';
	struct buf *s;

	if (len < 9 || memcmp(url + 6, "://", 3) != 0)
		return -1;
	p = url + 9;
	if (p < end && *p == '[') {
		host = ++p;
		while (p < end && *p != ']')
			p++;
		if (p == end)
			return -1;
		hlen = (size_t)(p++ - host);
	} else {
		for (host = p; p < end && *p != ':' && *p != '/'; p++)
			;
		hlen = (size_t)(p - host);
	}
	if (hlen == 0)
		return -1;
	if (p < end && *p == ':' && ++p < end && *p != '/') {
		for (port = 0; p < end && isdigit((unsigned char)*p) &&
		    port <= 65535; p++)
			port = port * 10 + (*p - '0');
		if (port < 1 || port > 65535)
			return -1;
	}
	if (p < end && *p != '/')
		return -1;
	s = go_sel(g);
	if (p < end)
		go_decode(s, p + 1, (size_t)(end - p - 1));
	if (buf_ok(s) == -1)
		return 0;
	sel = "";
	slen = 0;
	if (s->b_len > 0) {
		type = go_type(s->b_data[0]);
		sel = s->b_data + 1;
		slen = s->b_len - 1;
		if ((tab = memchr(sel, '\t', slen)) != NULL)
			slen = (size_t)(tab - sel);
	}
	go_line(g, type, label, llen, sel, slen, host, hlen, (int)port);
	return 0;
}

static int
go_suffix(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

/* The item type of one of our paths, held in g_sel. */
static char
go_path_type(struct go *g)
{
	const struct gophermap_opts *o = g->g_opts;
	const char *path = g->g_sel.b_len > 0 ? g->g_sel.b_data : "";
	size_t len = g->g_sel.b_len;
	char t;

	struct route r;

	route_match(path, &r);
	if (r.r_kind == ROUTE_MEDIA) {
		t = o->go_media_type != NULL ?
		    o->go_media_type(o->go_media_ctx, path + 1) : 0;
		return t == 0 ? '9' : go_type(t);
	}
	if (r.r_kind == ROUTE_SEARCH)
		return '7';
	if (go_suffix(path, len, ".txt") || go_suffix(path, len, ".xml"))
		return '0';
	return '1';
}

/* A link to a path of ours, relative ones taken from folder base. */
static void
go_pathlink(struct go *g, const char *url, size_t len, const char *label,
    size_t llen, const char *base)
{
	struct buf *s = go_sel(g);
	size_t n, blen;

	for (n = 0; n < len && url[n] != '?' && url[n] != '#'; n++)
		;
	if (n == 0 || url[0] != '/') {
		blen = strlen(base);
		for (;;) {
			if (n >= 2 && memcmp(url, "./", 2) == 0) {
				url += 2;
				n -= 2;
			} else if (n >= 3 && memcmp(url, "../", 3) == 0) {
				url += 3;
				n -= 3;
				if (blen > 1)
					for (blen--; blen > 0 &&
					    base[blen - 1] != '/'; blen--)
						;
			} else
				break;
		}
		buf_add(s, base, blen);
	}
	go_decode(s, url, n);
	if (buf_ok(s) == -1)
		return;
	go_own(g, go_path_type(g), label, llen, s->b_data, s->b_len);
}

/* A link as an item (see the table at the top); base as go_pathlink's. */
void
go_link(struct go *g, const char *url, size_t len, const char *label,
    size_t llen, const char *base)
{
	size_t scheme;

	if (llen == 0) {
		label = url;
		llen = len;
	}
	scheme = go_scheme(url, len);
	if (scheme == 6 && strncasecmp(url, "gopher", 6) == 0 &&
	    go_gopherlink(g, url, len, label, llen) == 0)
		return;
	if (scheme > 0 && gophermap_url_ok(url, len))
		go_weblink(g, "", url, len, label, llen);
	else if (scheme > 0)
		go_info(g, label, llen);
	else if (len >= 2 && url[0] == '/' && url[1] == '/')
		go_weblink(g, "gemini:", url, len, label, llen);
	else
		go_pathlink(g, url, len, label, llen, base);
}

static int
go_space(char c)
{
	return c == ' ' || c == '\t';
}

/* s[0..*len) without the white space around it. */
static const char *
go_trim(const char *s, size_t *len)
{
	while (*len > 0 && go_space(*s)) {
		s++;
		(*len)--;
	}
	while (*len > 0 && go_space(s[*len - 1]))
		(*len)--;
	return s;
}

/* A gemtext link line after its "=>": [WS] URL [WS label]. */
static int
go_gemlink(struct go *g, const char *s, size_t len, const char *base)
{
	const char *url, *label;
	size_t ulen, llen;

	url = go_trim(s, &len);
	for (ulen = 0; ulen < len && !go_space(url[ulen]); ulen++)
		;
	if (ulen == 0)
		return 0;
	llen = len - ulen;
	label = go_trim(url + ulen, &llen);
	go_link(g, url, ulen, label, llen, base);
	return 1;
}

/* One gemtext line outside a preformatted block, for an extra page. */
static void
go_gemline(struct go *g, const char *s, size_t len)
{
	size_t level;

	if (len >= 2 && s[0] == '=' && s[1] == '>') {
		go_gemlink(g, s + 2, len - 2, "/");
		return;
	}
	if (len >= 1 && s[0] == '#') {
		for (level = 0; level < 3 && level < len && s[level] == '#';
		    level++)
			;
		len -= level;
		s = go_trim(s + level, &len);
		go_heading(g, s, len, level == 1 ? '=' : level == 2 ? '-' :
		    '\0');
		return;
	}
	if (len >= 2 && s[0] == '*' && s[1] == ' ') {
		len -= 2;
		s = go_trim(s + 2, &len);
		go_text(g, "* ", s, len);
		return;
	}
	if (len >= 1 && s[0] == '>') {
		len--;
		s = go_trim(s + 1, &len);
		go_text(g, "> ", s, len);
		return;
	}
	s = go_trim(s, &len);
	if (len == 0)
		go_blank(g);
	else
		go_text(g, "", s, len);
}

/*
 * Walks gemtext s[0..len).  With a heading, only the link lines become
 * items, after that heading (written before the first of them): the
 * article card.  Without, every line is rendered: an extra page.
 * Returns the number of links.
 */
size_t
go_gemtext(struct go *g, const char *s, size_t len, const char *heading)
{
	const char *eol;
	char dir[32];
	size_t i = 0, n, links = 0;
	int pre = 0;

	go_articles_dir(dir);
	while (i < len) {
		if ((eol = memchr(s + i, '\n', len - i)) != NULL)
			n = (size_t)(eol - (s + i));
		else
			n = len - i;
		if (n >= 3 && memcmp(s + i, "```", 3) == 0)
			pre = !pre;
		else if (pre) {
			if (heading == NULL)
				go_info(g, s + i, n);
		} else if (heading == NULL)
			go_gemline(g, s + i, n);
		else if (n >= 2 && s[i] == '=' && s[i + 1] == '>') {
			if (links == 0)
				go_section(g, heading);
			links += go_gemlink(g, s + i + 2, n - 2, dir);
		}
		i += n + 1;
	}
	return links;
}

