/*
 * gophermap: see gophermap.h.  A pure module: libc, buf, article, text
 * and utf8.
 *
 * Choices the header leaves open:
 *
 * - An 'i' line is "i<text>\t\tnull.host\t1", one form for every note.
 *   Of the two forms DESIGN.md allows, this is the one whose fields are
 *   well formed by RFC 1436's grammar: four fields like any other line
 *   (clients split every line on TABs), an empty selector since there is
 *   nothing to fetch, a host that is a domain name in form (its note
 *   asks for one, "(NULL)" is not) and a port in 1-65535 (0 is none).
 *   lynx, sacc and VF-1 show only the text.
 * - An error is "3<message>\t\terror.host\t1" (the same form, the
 *   conventional host), the rest of a long message wrapped into 'i'
 *   lines, then one 'i' line giving the front page as a gopher URL: an
 *   item there would make it a menu with content, which VF-1 drops.
 * - A display string holds at most 69 code points (RFC 1436, 3.9: "under
 *   70 characters"), counted after cleaning and folding.  A longer one is
 *   cut, at a space when one falls in its second half, and ends in "…"
 *   ("..." in ASCII mode).  A wide (CJK) character counts one: columns
 *   would need the terminal's width tables.
 * - Text that is read rather than chosen (the title, dek and byline, the
 *   site description, snippets, copyright lines, extra pages) is wrapped
 *   into 'i' lines by text_wrap() at 69 columns, so none of it is lost; a
 *   single word wider than that (a URL) is cut like any display string.
 * - Display text is cleaned: every control character (TAB, CR and LF
 *   among them), DEL, C1 and U+2028/U+2029 become a space and bytes that
 *   are not UTF-8 become U+FFFD; in ASCII mode every code point past
 *   U+007F is folded with utf8_fold(), or "?" when it has no fold.
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
 * - The Atom feeds are type 0: XML is text, and lynx, sacc and VF-1
 *   display a type 0 item where they would only offer to save a type 9.
 * - Pages follow gemtext.c line for line, with the same wording: a blank
 *   gemtext line is a blank 'i' line, and headings are 'i' lines
 *   underlined as text.c underlines them ('=' under the page's title,
 *   '-' under a section), so a menu and the type 0 text look alike.
 *   The byline is text.c's, "By AUTHOR, DATE (updated DATE)", which is
 *   plain ASCII in either mode.  The article card shows the links of the
 *   body under "Links", without the body: the full text is one item away.
 */
#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "article.h"
#include "buf.h"
#include "gophermap.h"
#include "render.h"
#include "route.h"
#include "text.h"
#include "utf8.h"

#define GO_WIDTH	69	/* code points in a display string */
#define GO_INFO_HOST	"null.host"
#define GO_ERROR_HOST	"error.host"

/* One menu being written; the scratch buffers live as long as it. */
struct go {
	struct buf			*g_out;
	const struct render_site	*g_site;
	const struct gophermap_opts	*g_opts;
	struct buf			 g_tmp;	/* a display string */
	struct buf			 g_sel;	/* a selector */
	struct buf			 g_wrap; /* text_wrap() output */
	int				 g_err;	/* text_wrap() failed */
};

static void
go_init(struct go *g, struct buf *out, const struct render_site *site,
    const struct gophermap_opts *o)
{
	memset(g, 0, sizeof(*g));
	g->g_out = out;
	g->g_site = site;
	g->g_opts = o;
}

/* Closes the menu (RFC 1436: Lastline ::= '.'CR-LF) and frees scratch. */
static int
go_end(struct go *g)
{
	int rv = 0;

	buf_puts(g->g_out, ".\r\n");
	if (g->g_err || buf_ok(&g->g_tmp) == -1 ||
	    buf_ok(&g->g_sel) == -1 || buf_ok(&g->g_wrap) == -1 ||
	    buf_ok(g->g_out) == -1)
		rv = -1;
	buf_free(&g->g_tmp);
	buf_free(&g->g_sel);
	buf_free(&g->g_wrap);
	return rv;
}

/* 1 when s holds at least one byte (optional fields are NULL or ""). */
static int
go_set(const char *s)
{
	return s != NULL && *s != '\0';
}

/* The scratch buffers, emptied for a new string. */
static struct buf *
go_tmp(struct go *g)
{
	buf_truncate(&g->g_tmp, 0);
	return &g->g_tmp;
}

static struct buf *
go_sel(struct go *g)
{
	buf_truncate(&g->g_sel, 0);
	return &g->g_sel;
}

/*
 * Appends the display string: clean, and cut to GO_WIDTH code points
 * with an ellipsis when longer, preferably at a space.
 */
static void
go_display(struct go *g, const char *s, size_t len)
{
	struct buf *b = g->g_out;
	int ascii = g->g_opts->go_ascii;
	size_t start = b->b_len, cut, k;
	const char *p;

	text_clean(b, s, len, ascii, 0);
	/* No more bytes than the width: no more code points either. */
	if (buf_ok(b) == -1 || b->b_len - start <= GO_WIDTH)
		return;
	p = b->b_data + start;
	if (utf8_length(p, b->b_len - start) <= GO_WIDTH)
		return;
	cut = utf8_prefix(p, b->b_len - start, GO_WIDTH - (ascii ? 3 : 1));
	for (k = cut; k > cut / 2 && p[k] != ' '; k--)
		;
	if (k > cut / 2)
		cut = k;
	while (cut > 0 && p[cut - 1] == ' ')
		cut--;
	buf_truncate(b, start + cut);
	buf_puts(b, ascii ? "..." : "\xe2\x80\xa6");
}

/* A selector or host field: whatever would end the field becomes a space. */
static void
go_field(struct buf *b, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] == '\t' || s[i] == '\r' || s[i] == '\n' ||
		    s[i] == '\0')
			buf_putc(b, ' ');
		else
			buf_putc(b, s[i]);
}

/*
 * One menu line.  RFC 1436, Appendix:
 *
 *	DirEntity ::= Type User_Name Tab Selector Tab Host Tab Port CR-LF
 *	UNASCII   ::= ASCII - [Tab CR-LF NUL].
 *	User_Name ::= {UNASCII}.
 *	Selector  ::= {UNASCII}.
 *	Port      ::= DigitSeq.
 *
 * and section 3.9: the user display string should be kept under 70
 * characters.  Every field is written through go_display() or
 * go_field(), so none can hold what would end it, and nothing follows
 * the port: no Gopher+ fifth field.
 */
static void
go_line(struct go *g, char type, const char *disp, size_t dlen,
    const char *sel, size_t slen, const char *host, size_t hlen, int port)
{
	struct buf *b = g->g_out;

	buf_putc(b, type);
	go_display(g, disp, dlen);
	buf_putc(b, '\t');
	go_field(b, sel, slen);
	buf_putc(b, '\t');
	go_field(b, host, hlen);
	buf_printf(b, "\t%d\r\n", port);
}

/* An item on our own server. */
static void
go_own(struct go *g, char type, const char *disp, size_t dlen,
    const char *sel, size_t slen)
{
	const char *host = g->g_opts->go_host;

	go_line(g, type, disp, dlen, sel, slen, host, strlen(host),
	    g->g_opts->go_port);
}

/* g_sel, emptied and set to the path of a page of kind k. */
static struct buf *
go_path(struct go *g, enum route_kind k, const char *arg)
{
	struct route r;

	route_path(go_sel(g), route_set(&r, k, arg));
	return &g->g_sel;
}

/* An item for a page of ours without an argument: "Tags", "/tags/". */
static void
go_own_kind(struct go *g, char type, const char *disp, enum route_kind k)
{
	go_path(g, k, NULL);
	if (buf_ok(&g->g_sel) == 0)
		go_own(g, type, disp, strlen(disp), g->g_sel.b_data,
		    g->g_sel.b_len);
}

/*
 * The folder relative links of an article are taken from: "/articles/".
 * out has room for 32 bytes.
 */
static const char *
go_articles_dir(char *out)
{
	struct route r;

	if (route_format(out, 32, route_set(&r, ROUTE_ARTICLE, NULL)) == -1)
		*out = '\0';
	return out;
}

/*
 * An item of ours whose display string is in g_tmp, its selector in
 * g_sel.  A scratch buffer's error is sticky: go_end() reports it.
 */
static void
go_own_composed(struct go *g, char type)
{
	if (buf_ok(&g->g_tmp) == -1 || buf_ok(&g->g_sel) == -1)
		return;
	go_own(g, type, g->g_tmp.b_data, g->g_tmp.b_len, g->g_sel.b_data,
	    g->g_sel.b_len);
}

/* A line to read, not to choose: 'i', or '3' for an error. */
static void
go_note(struct go *g, char type, const char *s, size_t len)
{
	const char *host = type == '3' ? GO_ERROR_HOST : GO_INFO_HOST;

	go_line(g, type, s, len, "", 0, host, strlen(host), 1);
}

static void
go_info(struct go *g, const char *s, size_t len)
{
	go_note(g, 'i', s, len);
}

static void
go_blank(struct go *g)
{
	go_info(g, "", 0);
}

/*
 * s[0..len) wrapped into notes, the first of type first and after
 * prefix, the others 'i'; returns the width of the widest.
 */
static size_t
go_wrap(struct go *g, char first, const char *prefix, const char *s,
    size_t len)
{
	const struct text_opts o = { GO_WIDTH, 0, g->g_opts->go_ascii, 0 };
	struct buf *w = &g->g_wrap;
	const char *p, *end, *eol;
	size_t n, width, widest = 0;

	if (len == 0)
		return 0;
	buf_truncate(w, 0);
	if (text_wrap(w, s, len, prefix, &o) == -1) {
		g->g_err = 1;
		return 0;
	}
	if (w->b_len == 0)
		return 0;
	for (p = w->b_data, end = p + w->b_len; p < end; p = eol + 1) {
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			eol = end;
		n = (size_t)(eol - p);
		go_note(g, first, p, n);
		first = 'i';
		if ((width = utf8_length(p, n)) > widest)
			widest = width;
	}
	return widest < GO_WIDTH ? widest : GO_WIDTH;
}

static size_t
go_text(struct go *g, const char *prefix, const char *s, size_t len)
{
	return go_wrap(g, 'i', prefix, s, len);
}

/* A string that may be NULL, wrapped. */
static void
go_str(struct go *g, const char *s)
{
	go_text(g, "", s, s != NULL ? strlen(s) : 0);
}

/* A heading, underlined with rule as wide as its text unless rule is 0. */
static void
go_heading(struct go *g, const char *s, size_t len, char rule)
{
	char line[GO_WIDTH];
	size_t width;

	width = go_text(g, "", s, len);
	if (rule == '\0' || width == 0)
		return;
	memset(line, rule, width);
	go_info(g, line, width);
}

static void
go_title(struct go *g, const char *s)
{
	go_heading(g, s, s != NULL ? strlen(s) : 0, '=');
}

/* What was composed in g_tmp, underlined as go_heading() does. */
static void
go_composed(struct go *g, char rule)
{
	if (buf_ok(&g->g_tmp) == 0)
		go_heading(g, g->g_tmp.b_data, g->g_tmp.b_len, rule);
}

static void
go_section(struct go *g, const char *s)
{
	go_heading(g, s, strlen(s), '-');
}

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
static void
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
static size_t
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

/* The path of a's page of kind k; a parsed-only article has no slug. */
static void
go_article_sel(struct buf *b, const struct article *a, enum route_kind k)
{
	struct route r;

	route_path(b, route_set(&r, k, a->a_slug));
}

/* "YYYY-MM-DD Headline", the gemsub entry of gemtext.c, as an item. */
static void
go_entry(struct go *g, const struct article *a)
{
	char date[ARTICLE_DAY_LEN + 1];

	article_day_format(a->a_date, date);
	buf_printf(go_tmp(g), "%s %s", date, a->a_title != NULL ?
	    a->a_title : "");
	go_article_sel(go_sel(g), a, ROUTE_ARTICLE);
	go_own_composed(g, '1');
}

static void
go_entries(struct go *g, const struct article *const *arts, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		go_entry(g, arts[i]);
}

/* "October 2026". */
static void
go_month_name(struct buf *b, int year, int month)
{
	char name[ARTICLE_MONTH_LEN + 1];

	buf_add(b, name, (size_t)article_month_format(year, month, name));
}

static void
go_footer(struct go *g, const char *copyright)
{
	go_own_kind(g, '1', go_set(g->g_site->rs_title) ?
	    g->g_site->rs_title : "Front page", ROUTE_FRONT);
	if (go_set(copyright))
		go_str(g, copyright);
}

int
gophermap_front(struct buf *b, const struct render_site *site,
    const struct gophermap_opts *o, const struct article *const *arts,
    size_t n, const char *const *pages, size_t npages)
{
	struct go g;
	struct buf *t;
	size_t i;

	go_init(&g, b, site, o);
	go_title(&g, site->rs_title);
	go_blank(&g);
	if (go_set(site->rs_description)) {
		go_str(&g, site->rs_description);
		go_blank(&g);
	}
	go_section(&g, "Latest");
	if (n == 0)
		go_str(&g, "Nothing has been published yet.");
	go_entries(&g, arts, n);
	go_blank(&g);
	go_section(&g, "Browse");
	go_own_kind(&g, '1', "Tags", ROUTE_TAGS);
	go_own_kind(&g, '1', "Archive", ROUTE_ARCHIVE);
	go_own_kind(&g, '7', "Search", ROUTE_SEARCH);
	go_own_kind(&g, '0', "Atom feed", ROUTE_FEED);
	for (i = 0; i < npages; i++) {
		t = go_tmp(&g);
		if (islower((unsigned char)pages[i][0])) {
			buf_putc(t, (char)toupper((unsigned char)pages[i][0]));
			buf_puts(t, pages[i] + 1);
		} else
			buf_puts(t, pages[i]);
		go_path(&g, ROUTE_PAGE, pages[i]);
		go_own_composed(&g, '1');
	}
	if (go_set(site->rs_copyright)) {
		go_blank(&g);
		go_str(&g, site->rs_copyright);
	}
	return go_end(&g);
}

/* Text.c's byline: "By AUTHOR, DATE (updated DATE)". */
static void
go_byline(struct go *g, const struct article *a)
{
	char date[ARTICLE_DAY_LEN + 1], updated[ARTICLE_DAY_LEN + 1];
	struct buf *t = go_tmp(g);

	article_day_format(a->a_date, date);
	if (go_set(a->a_author))
		buf_printf(t, "By %s, ", a->a_author);
	buf_puts(t, date);
	if (a->a_updated != 0) {
		article_day_format(a->a_updated, updated);
		if (strcmp(date, updated) != 0)
			buf_printf(t, " (updated %s)", updated);
	}
	go_composed(g, '\0');
}

/*
 * The image: its caption, else alt text, else "Image", and the credit
 * after it.  When that does not fit a display string it is written out
 * in 'i' lines above an item called "Image": a cut would lose the credit.
 */
static void
go_image(struct go *g, const struct article *a)
{
	struct buf *t = go_tmp(g), *w = &g->g_wrap;
	const char *label;
	size_t llen;

	if (go_set(a->a_image_caption))
		buf_puts(t, a->a_image_caption);
	else if (go_set(a->a_image_alt))
		buf_puts(t, a->a_image_alt);
	else
		buf_puts(t, "Image");
	if (go_set(a->a_image_credit))
		buf_printf(t, " (%s)", a->a_image_credit);
	buf_truncate(w, 0);
	text_clean(w, t->b_data, t->b_len, g->g_opts->go_ascii, 0);
	if (buf_ok(t) == -1 || buf_ok(w) == -1)
		return;
	label = t->b_data;
	llen = t->b_len;
	if (utf8_length(w->b_data, w->b_len) > GO_WIDTH) {
		go_text(g, "", t->b_data, t->b_len);
		label = "Image";
		llen = 5;
	}
	/* Validated: a path under media/ (relative to "/") or a URL. */
	go_link(g, a->a_image, strlen(a->a_image), label, llen, "/");
}

/* The Related: headlines, linked when the store holds the article. */
static void
go_headlines(struct go *g, const struct render_headline *h, size_t n)
{
	size_t i;

	go_section(g, "See also");
	for (i = 0; i < n; i++) {
		if (h[i].rh_art != NULL) {
			go_article_sel(go_sel(g), h[i].rh_art, ROUTE_ARTICLE);
			buf_puts(go_tmp(g), h[i].rh_text);
			go_own_composed(g, '1');
		} else
			go_str(g, h[i].rh_text);
	}
	go_blank(g);
}

int
gophermap_article(struct buf *b, const struct render_site *site,
    const struct gophermap_opts *o, const struct render_article *ra)
{
	const struct article *a = ra->ra_art;
	const char *src = a->a_source;
	char dir[32];
	struct go g;
	size_t i;

	go_init(&g, b, site, o);
	go_title(&g, a->a_title != NULL ? a->a_title : "");
	go_blank(&g);
	if (go_set(a->a_summary)) {
		go_str(&g, a->a_summary);
		go_blank(&g);
	}
	go_byline(&g, a);
	go_article_sel(go_sel(&g), a, ROUTE_ARTICLE_TXT);
	buf_puts(go_tmp(&g), "Full text");
	go_own_composed(&g, '0');
	if (go_set(a->a_image))
		go_image(&g, a);
	go_blank(&g);
	if (a->a_body != NULL &&
	    go_gemtext(&g, a->a_body, a->a_bodylen, "Links") > 0)
		go_blank(&g);
	if (go_set(src)) {
		go_link(&g, src, strlen(src), "Source: the original", 20,
		    go_articles_dir(dir));
		go_blank(&g);
	}
	if (a->a_ntags > 0) {
		go_section(&g, "Tags");
		for (i = 0; i < a->a_ntags; i++) {
			go_path(&g, ROUTE_TAG, a->a_tags[i]);
			buf_puts(go_tmp(&g), a->a_tags[i]);
			go_own_composed(&g, '1');
		}
		go_blank(&g);
	}
	if (ra->ra_nheadlines > 0)
		go_headlines(&g, ra->ra_headlines, ra->ra_nheadlines);
	if (ra->ra_nrelated > 0) {
		go_section(&g, "Related articles");
		go_entries(&g, ra->ra_related, ra->ra_nrelated);
		go_blank(&g);
	}
	go_footer(&g, go_set(a->a_copyright) ? a->a_copyright :
	    site->rs_copyright);
	return go_end(&g);
}

int
gophermap_text(struct buf *b, const struct render_site *site,
    const struct gophermap_opts *o, const struct render_article *ra)
{
	const struct text_opts to = { 70, 1, o->go_ascii, 1 };

	if (text_article(b, site, ra, &to) == -1)
		return -1;
	buf_puts(b, ".\r\n");
	return buf_ok(b);
}

int
gophermap_tags(struct buf *b, const struct render_site *site,
    const struct gophermap_opts *o, const struct render_tag *tags, size_t n)
{
	struct go g;
	size_t i;

	go_init(&g, b, site, o);
	go_title(&g, "Tags");
	go_blank(&g);
	if (n == 0)
		go_str(&g, "No article has a tag yet.");
	for (i = 0; i < n; i++) {
		buf_printf(go_tmp(&g), "%s (%zu)", tags[i].rt_name,
		    tags[i].rt_count);
		go_path(&g, ROUTE_TAG, tags[i].rt_name);
		go_own_composed(&g, '1');
	}
	go_blank(&g);
	go_footer(&g, site->rs_copyright);
	return go_end(&g);
}

int
gophermap_tag(struct buf *b, const struct render_site *site,
    const struct gophermap_opts *o, const char *tag,
    const struct article *const *arts, size_t n)
{
	struct go g;

	go_init(&g, b, site, o);
	buf_printf(go_tmp(&g), "Articles tagged %s", tag);
	go_composed(&g, '=');
	go_blank(&g);
	if (n == 0) {
		buf_printf(go_tmp(&g), "No articles are tagged %s.", tag);
		go_composed(&g, '\0');
	}
	go_entries(&g, arts, n);
	go_blank(&g);
	buf_printf(go_tmp(&g), "Atom feed for %s", tag);
	go_path(&g, ROUTE_TAG_FEED, tag);
	go_own_composed(&g, '0');
	go_own_kind(&g, '1', "All tags", ROUTE_TAGS);
	go_footer(&g, site->rs_copyright);
	return go_end(&g);
}

int
gophermap_authors(struct buf *b, const struct render_site *site,
    const struct gophermap_opts *o, const struct render_author *authors,
    size_t n)
{
	struct go g;
	size_t i;

	go_init(&g, b, site, o);
	go_title(&g, "Authors");
	go_blank(&g);
	if (n == 0)
		go_str(&g, "No article has a byline yet.");
	for (i = 0; i < n; i++) {
		buf_printf(go_tmp(&g), "%s (%zu)", authors[i].rw_name,
		    authors[i].rw_count);
		go_path(&g, ROUTE_AUTHOR, authors[i].rw_slug);
		go_own_composed(&g, '1');
	}
	go_blank(&g);
	go_footer(&g, site->rs_copyright);
	return go_end(&g);
}

int
gophermap_author(struct buf *b, const struct render_site *site,
    const struct gophermap_opts *o, const char *name,
    const struct article *const *arts, size_t n)
{
	struct go g;

	go_init(&g, b, site, o);
	buf_printf(go_tmp(&g), "Articles by %s", name);
	go_composed(&g, '=');
	go_blank(&g);
	if (n == 0) {
		buf_printf(go_tmp(&g), "No articles by %s.", name);
		go_composed(&g, '\0');
	}
	go_entries(&g, arts, n);
	go_blank(&g);
	go_own_kind(&g, '1', "All authors", ROUTE_AUTHORS);
	go_footer(&g, site->rs_copyright);
	return go_end(&g);
}

int
gophermap_archive(struct buf *b, const struct render_site *site,
    const struct gophermap_opts *o, const struct render_month *months,
    size_t n)
{
	struct go g;
	size_t i;

	go_init(&g, b, site, o);
	go_title(&g, "Archive");
	go_blank(&g);
	if (n == 0)
		go_str(&g, "The archive is empty.");
	for (i = 0; i < n; i++) {
		go_month_name(go_tmp(&g), months[i].rm_year,
		    months[i].rm_month);
		buf_printf(&g.g_tmp, " (%zu)", months[i].rm_count);
		route_path_month(go_sel(&g), months[i].rm_year,
		    months[i].rm_month);
		go_own_composed(&g, '1');
	}
	go_blank(&g);
	go_footer(&g, site->rs_copyright);
	return go_end(&g);
}

int
gophermap_month(struct buf *b, const struct render_site *site,
    const struct gophermap_opts *o, int year, int month,
    const struct article *const *arts, size_t n)
{
	struct go g;

	go_init(&g, b, site, o);
	go_month_name(go_tmp(&g), year, month);
	go_composed(&g, '=');
	go_blank(&g);
	if (n == 0) {
		buf_puts(go_tmp(&g), "No articles were published in ");
		go_month_name(&g.g_tmp, year, month);
		buf_putc(&g.g_tmp, '.');
		go_composed(&g, '\0');
	}
	go_entries(&g, arts, n);
	go_blank(&g);
	go_own_kind(&g, '1', "Archive", ROUTE_ARCHIVE);
	go_footer(&g, site->rs_copyright);
	return go_end(&g);
}

int
gophermap_search(struct buf *b, const struct render_site *site,
    const struct gophermap_opts *o, const char *query,
    const struct render_hit *hits, size_t n)
{
	struct go g;
	size_t i;

	go_init(&g, b, site, o);
	if (*query == '\0') {
		/* A type 7 request sent with no words: ask again. */
		go_str(&g, "Search the articles: give some words.");
		go_blank(&g);
		go_own_kind(&g, '7', "Search", ROUTE_SEARCH);
		return go_end(&g);
	}
	buf_printf(go_tmp(&g), "Search results for: %s", query);
	go_composed(&g, '=');
	go_blank(&g);
	if (n == 0) {
		buf_printf(go_tmp(&g), "No articles match %s.", query);
		go_composed(&g, '\0');
		go_blank(&g);
	}
	for (i = 0; i < n; i++) {
		go_entry(&g, hits[i].rh_art);
		if (go_set(hits[i].rh_snippet))
			go_str(&g, hits[i].rh_snippet);
		go_blank(&g);
	}
	go_own_kind(&g, '7', "Search again", ROUTE_SEARCH);
	go_footer(&g, site->rs_copyright);
	return go_end(&g);
}

int
gophermap_page(struct buf *b, const struct render_site *site,
    const struct gophermap_opts *o, const char *gemtext, size_t len)
{
	struct go g;

	go_init(&g, b, site, o);
	go_gemtext(&g, gemtext, len, NULL);
	return go_end(&g);
}

int
gophermap_error(struct buf *b, const struct gophermap_opts *o,
    const char *message)
{
	const char *host = o->go_host;
	struct go g;
	struct buf *t;

	go_init(&g, b, NULL, o);
	if (go_wrap(&g, '3', "", message, message != NULL ?
	    strlen(message) : 0) == 0 && !g.g_err)
		go_note(&g, '3', "Error", 5);
	t = go_tmp(&g);
	buf_printf(t, strchr(host, ':') != NULL ? "Front page: gopher://[%s]" :
	    "Front page: gopher://%s", host);
	if (o->go_port != 70)
		buf_printf(t, ":%d", o->go_port);
	buf_putc(t, '/');
	go_composed(&g, '\0');
	return go_end(&g);
}
