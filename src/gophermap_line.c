/*
 * gophermap_line: writing one menu line by line (gophermap_int.h's
 * struct go): every field cleaned and cut, notes, wrapped text and
 * headings, items of our own server.  The rest of the module writes
 * nothing to a menu but through these.
 *
 * Choices gophermap.h leaves open (links: gophermap_link.c; pages:
 * gophermap.c):
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
 */
#include <string.h>

#include "buf.h"
#include "gophermap.h"
#include "gophermap_int.h"
#include "render.h"
#include "route.h"
#include "text.h"
#include "utf8.h"

#define GO_INFO_HOST	"null.host"
#define GO_ERROR_HOST	"error.host"

void
go_init(struct go *g, struct buf *out, const struct render_site *site,
    const struct gophermap_opts *o)
{
	memset(g, 0, sizeof(*g));
	g->g_out = out;
	g->g_site = site;
	g->g_opts = o;
}

/* Closes the menu (RFC 1436: Lastline ::= '.'CR-LF) and frees scratch. */
int
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
int
go_set(const char *s)
{
	return s != NULL && *s != '\0';
}

/* The scratch buffers, emptied for a new string. */
struct buf *
go_tmp(struct go *g)
{
	buf_truncate(&g->g_tmp, 0);
	return &g->g_tmp;
}

struct buf *
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
void
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
void
go_own(struct go *g, char type, const char *disp, size_t dlen,
    const char *sel, size_t slen)
{
	const char *host = g->g_opts->go_host;

	go_line(g, type, disp, dlen, sel, slen, host, strlen(host),
	    g->g_opts->go_port);
}

/* g_sel, emptied and set to the path of a page of kind k. */
struct buf *
go_path(struct go *g, enum route_kind k, const char *arg)
{
	struct route r;

	route_path(go_sel(g), route_set(&r, k, arg));
	return &g->g_sel;
}

/* An item for a page of ours without an argument: "Tags", "/tags/". */
void
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
const char *
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
void
go_own_composed(struct go *g, char type)
{
	if (buf_ok(&g->g_tmp) == -1 || buf_ok(&g->g_sel) == -1)
		return;
	go_own(g, type, g->g_tmp.b_data, g->g_tmp.b_len, g->g_sel.b_data,
	    g->g_sel.b_len);
}

/* A line to read, not to choose: 'i', or '3' for an error. */
void
go_note(struct go *g, char type, const char *s, size_t len)
{
	const char *host = type == '3' ? GO_ERROR_HOST : GO_INFO_HOST;

	go_line(g, type, s, len, "", 0, host, strlen(host), 1);
}

void
go_info(struct go *g, const char *s, size_t len)
{
	go_note(g, 'i', s, len);
}

void
go_blank(struct go *g)
{
	go_info(g, "", 0);
}

/*
 * s[0..len) wrapped into notes, the first of type first and after
 * prefix, the others 'i'; returns the width of the widest.
 */
size_t
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

size_t
go_text(struct go *g, const char *prefix, const char *s, size_t len)
{
	return go_wrap(g, 'i', prefix, s, len);
}

/* A string that may be NULL, wrapped. */
void
go_str(struct go *g, const char *s)
{
	go_text(g, "", s, s != NULL ? strlen(s) : 0);
}

/* A heading, underlined with rule as wide as its text unless rule is 0. */
void
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

void
go_title(struct go *g, const char *s)
{
	go_heading(g, s, s != NULL ? strlen(s) : 0, '=');
}

/* What was composed in g_tmp, underlined as go_heading() does. */
void
go_composed(struct go *g, char rule)
{
	if (buf_ok(&g->g_tmp) == 0)
		go_heading(g, g->g_tmp.b_data, g->g_tmp.b_len, rule);
}

void
go_section(struct go *g, const char *s)
{
	go_heading(g, s, strlen(s), '-');
}

