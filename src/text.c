/*
 * text: see text.h.  A pure module: libc, buf, article, labels and utf8
 * only.  Its words ("Tags", "Source"...) and dates follow the article's
 * language (labels.h).
 *
 * The layout of an article, each block separated by one blank line:
 *
 *	Headline, wrapped
 *	=================
 *
 *	The dek (Summary), wrapped.
 *
 *	By Author · Publisher · 18 June 2024 · Updated 19 June 2024
 *	Image: caption (credit) [1]
 *
 *	Body: paragraphs, "# h" and "## h" underlined with '=' and '-',
 *	"### h" plain, "* item" with a hanging indent, "> quote" with "> "
 *	on every line, preformatted text verbatim, "label [2]" for links.
 *
 *	Source: URL
 *	Tags: a, b
 *
 *	See also (Related: headers), else Related articles
 *	--------
 *
 *	* Headline [3]
 *
 *	Links
 *	-----
 *
 *	[1] /media/picture.png
 *	[2] https://example.org/
 *	[3] /articles/slug
 *
 *	Copyright line
 *
 * Consecutive list items and consecutive link lines stay together, as do
 * consecutive quote lines (with a ">" line between them); a blank line of
 * the body always separates.  Links are numbered in order of appearance,
 * the image first, and listed with internal paths as they are: the gopher
 * renderer maps them.  A URL that does not fit beside its number gets the
 * next line to itself.
 *
 * Text goes out in one clean form: in ASCII mode every code point past
 * U+007F folded with utf8_fold() (or "?") before wrapping, so widths are
 * those of the folded text and a folded NBSP is a plain space; otherwise
 * well-formed UTF-8 (a stray byte becomes U+FFFD).  Control characters
 * but TAB become spaces so no line end or escape reaches a terminal.
 * URLs are not folded but percent-encoded (RFC 3987, section 3.1), which
 * keeps them working.  A width of 0 means no wrapping at all; text with
 * no words gives no lines.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "article.h"
#include "buf.h"
#include "labels.h"
#include "render.h"
#include "route.h"
#include "text.h"
#include "utf8.h"

/* Kinds of block, which decide what separates one from the next. */
enum text_kind {
	TEXT_META,
	TEXT_PARA,
	TEXT_HEAD,
	TEXT_LIST,
	TEXT_QUOTE,
	TEXT_PRE,
	TEXT_LINK,
};

struct text {
	struct buf		*t_out;
	const struct text_opts	*t_opts;
	size_t			 t_width;	/* SIZE_MAX: no wrapping */
	size_t			 t_nlines;	/* lines written so far */
	enum text_kind		 t_kind;	/* of the last block written */
	enum text_kind		 t_next;	/* of the block being opened */
	int			 t_opened;	/* t_next's separator is out */
	int			 t_gap;		/* a blank body line came */
	struct buf		 t_raw;		/* a line being composed */
	struct buf		 t_tmp;		/* clean prefix and text */
	struct buf		 t_links;	/* clean URLs, NUL after each */
	size_t			 t_nlinks;
	int			 t_err;		/* a scratch buffer failed */
	const struct labels	*t_labels;	/* the article's words */
};

static void
text_init(struct text *t, struct buf *out, const struct text_opts *o)
{
	memset(t, 0, sizeof(*t));
	t->t_out = out;
	t->t_opts = o;
	t->t_width = o->to_width > 0 ? o->to_width : SIZE_MAX;
	t->t_opened = 1;
	t->t_labels = labels_get(NULL, NULL);
}

static int
text_done(struct text *t)
{
	int rv = 0;

	if (t->t_err || buf_ok(&t->t_raw) == -1 ||
	    buf_ok(&t->t_tmp) == -1 || buf_ok(&t->t_links) == -1 ||
	    buf_ok(t->t_out) == -1)
		rv = -1;
	buf_free(&t->t_raw);
	buf_free(&t->t_tmp);
	buf_free(&t->t_links);
	return rv;
}

/*
 * The clean form described at the top.  C1 controls count as control
 * characters: some terminals act on them.
 */
void
text_clean(struct buf *b, const char *s, size_t len, int ascii, int tabs)
{
	size_t i = 0, n;
	uint32_t cp;
	const char *f;
	char enc[4];

	while (i < len) {
		if ((n = utf8_decode(s + i, len - i, &cp)) == 0) {
			n = 1;
			cp = 0xfffd;
		}
		i += n;
		if ((cp < 0x20 && !(tabs && cp == '\t')) ||
		    (cp >= 0x7f && cp < 0xa0) || cp == 0x2028 || cp == 0x2029)
			buf_putc(b, ' ');
		else if (cp < 0x80)
			buf_putc(b, (char)cp);
		else if (ascii)
			buf_puts(b, (f = utf8_fold(cp)) != NULL ? f : "?");
		else
			buf_add(b, enc, utf8_encode(cp, enc));
	}
}

/* A URL is never folded: a folded one would name something else. */
static void
text_clean_url(struct buf *b, const char *s, size_t len, int ascii)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i = 0, n, k;
	uint32_t cp;
	int bad;

	while (i < len) {
		if ((bad = (n = utf8_decode(s + i, len - i, &cp)) == 0))
			n = 1;
		if (bad || cp <= 0x20 || (cp >= 0x7f && (ascii || cp < 0xa0))) {
			for (k = i; k < i + n; k++) {
				buf_putc(b, '%');
				buf_putc(b, hex[(unsigned char)s[k] >> 4]);
				buf_putc(b, hex[(unsigned char)s[k] & 0xf]);
			}
		} else
			buf_add(b, s + i, n);
		i += n;
	}
}

static void
text_eol(struct text *t)
{
	buf_puts(t->t_out, t->t_opts->to_crlf ? "\r\n" : "\n");
	t->t_nlines++;
}

/* Marks the start of the next block; its separator waits for a line. */
static void
text_open(struct text *t, enum text_kind k)
{
	t->t_next = k;
	t->t_opened = 0;
}

/*
 * Starts a line, after the separator its block still owes, and returns
 * where the line starts in the output.
 */
static size_t
text_begin(struct text *t)
{
	enum text_kind k = t->t_next;

	if (!t->t_opened) {
		if (t->t_nlines == 0)
			;
		else if (!t->t_gap && k == t->t_kind && k == TEXT_QUOTE) {
			buf_putc(t->t_out, '>');
			text_eol(t);
		} else if (t->t_gap || k != t->t_kind ||
		    (k != TEXT_LIST && k != TEXT_LINK))
			text_eol(t);
		t->t_kind = k;
		t->t_gap = 0;
		t->t_opened = 1;
	}
	return t->t_out->b_len;
}

/* Ends the line begun at start, guarding a lone "." (RFC 1436). */
static void
text_end(struct text *t, size_t start)
{
	struct buf *o = t->t_out;

	if (t->t_opts->to_dotguard && buf_ok(o) == 0 &&
	    o->b_len == start + 1 && o->b_data[start] == '.')
		buf_putc(o, '.');
	text_eol(t);
}

static int
text_space(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Fills lines with the clean text s[0..len), the clean prefix pre on the
 * first line and, on the others, pre again (quotes) or as many spaces as
 * it is wide (hang: list items).  Returns the widest line's width.
 */
static size_t
text_fill(struct text *t, const char *pre, size_t prelen, int hang,
    const char *s, size_t len)
{
	size_t i = 0, j, k, pw, ww, col = 0, widest = 0, start = 0;
	int open = 0, first = 1;

	pw = utf8_length(pre, prelen);
	for (;;) {
		while (i < len && text_space(s[i]))
			i++;
		if (i == len)
			break;
		for (j = i; i < len && !text_space(s[i]); i++)
			;
		ww = utf8_length(s + j, i - j);
		if (open && col + 1 + ww > t->t_width) {
			text_end(t, start);
			open = 0;
		}
		if (!open) {
			start = text_begin(t);
			if (first || !hang)
				buf_add(t->t_out, pre, prelen);
			else
				for (k = 0; k < pw; k++)
					buf_putc(t->t_out, ' ');
			col = pw;
			open = 1;
			first = 0;
		} else {
			buf_putc(t->t_out, ' ');
			col++;
		}
		buf_add(t->t_out, s + j, i - j);
		col += ww;
		if (col > widest)
			widest = col;
	}
	if (open)
		text_end(t, start);
	return widest;
}

/* Wraps s[0..len) after prefix (see text_fill); returns the widest line. */
static size_t
text_para(struct text *t, const char *prefix, int hang, const char *s,
    size_t len)
{
	struct buf *tmp = &t->t_tmp;
	size_t prelen;

	buf_truncate(tmp, 0);
	text_clean(tmp, prefix, strlen(prefix), t->t_opts->to_ascii, 1);
	prelen = tmp->b_len;
	text_clean(tmp, s, len, t->t_opts->to_ascii, 1);
	if (buf_ok(tmp) == -1) {
		t->t_err = 1;
		return 0;
	}
	/*
	 * Nothing left once cleaned (a BOM or a zero-width space alone):
	 * no line, and the empty buffer's data is NULL, which no offset
	 * may be added to.
	 */
	if (tmp->b_len == 0)
		return 0;
	return text_fill(t, tmp->b_data, prelen, hang, tmp->b_data + prelen,
	    tmp->b_len - prelen);
}

static size_t
text_str(struct text *t, const char *s)
{
	return text_para(t, "", 1, s, strlen(s));
}

/* Wraps what was composed in t_raw. */
static void
text_composed(struct text *t)
{
	if (buf_ok(&t->t_raw) == -1) {
		t->t_err = 1;
		return;
	}
	text_para(t, "", 1, t->t_raw.b_data, t->t_raw.b_len);
}

/* A line of c under a heading as wide as the heading, within the width. */
static void
text_rule(struct text *t, char c, size_t width)
{
	size_t start, i;

	if (width > t->t_width)
		width = t->t_width;
	if (width == 0)
		return;
	start = text_begin(t);
	for (i = 0; i < width; i++)
		buf_putc(t->t_out, c);
	text_end(t, start);
}

static void
text_heading(struct text *t, const char *s, size_t len, char rule)
{
	size_t width;

	text_open(t, TEXT_HEAD);
	width = text_para(t, "", 1, s, len);
	if (rule != '\0')
		text_rule(t, rule, width);
}

/* Numbers a link to pre followed by url[0..len); returns its number. */
static size_t
text_link(struct text *t, const char *pre, const char *url, size_t len)
{
	buf_puts(&t->t_links, pre);
	text_clean_url(&t->t_links, url, len, t->t_opts->to_ascii);
	buf_add(&t->t_links, "", 1);
	return ++t->t_nlinks;
}

void
text_byline_compose(struct buf *b, const struct article *a,
    const struct labels *l, int ascii, int updated)
{
	const char *sep = ascii ? " - " : " · ";
	char day[64];
	int y, m, d, n;

	if (a->a_author != NULL && *a->a_author != '\0')
		buf_printf(b, "%s %s%s", l->l_by, a->a_author, sep);
	if (a->a_publisher != NULL && *a->a_publisher != '\0')
		buf_printf(b, "%s%s", a->a_publisher, sep);
	article_date_split(a->a_date, &y, &m, &d);
	if ((n = labels_date(l, y, m, d, day, sizeof(day))) > 0)
		buf_add(b, day, (size_t)n);
	if (updated && a->a_updated != 0 &&
	    a->a_updated / 86400 != a->a_date / 86400) {
		article_date_split(a->a_updated, &y, &m, &d);
		if ((n = labels_date(l, y, m, d, day, sizeof(day))) > 0)
			buf_printf(b, "%s%s %s", sep, l->l_updated, day);
	}
}

static void
text_byline(struct text *t, const struct article *a)
{
	buf_truncate(&t->t_raw, 0);
	text_byline_compose(&t->t_raw, a, t->t_labels, t->t_opts->to_ascii,
	    1);
	text_open(t, TEXT_META);
	text_composed(t);
}

/*
 * The image cannot be shown, so it is told: the caption (or, lacking
 * one, the alt text), the credit, and a link to the file.
 */
static void
text_image(struct text *t, const struct article *a)
{
	const char *what, *pre;
	size_t n;

	if (a->a_image == NULL)
		return;
	what = a->a_image_caption != NULL && *a->a_image_caption != '\0' ?
	    a->a_image_caption : a->a_image_alt;
	pre = strncmp(a->a_image, "media/", 6) == 0 ? "/" : "";
	n = text_link(t, pre, a->a_image, strlen(a->a_image));
	buf_truncate(&t->t_raw, 0);
	buf_puts(&t->t_raw, t->t_labels->l_image);
	if (what != NULL && *what != '\0')
		buf_printf(&t->t_raw, ": %s", what);
	if (a->a_image_credit != NULL && *a->a_image_credit != '\0')
		buf_printf(&t->t_raw, what != NULL && *what != '\0' ?
		    " (%s)" : ": %s", a->a_image_credit);
	buf_printf(&t->t_raw, " [%zu]", n);
	text_composed(t);
}

/* s[0..*len) without the white space around it. */
static const char *
text_trim(const char *s, size_t *len)
{
	while (*len > 0 && text_space(*s)) {
		s++;
		(*len)--;
	}
	while (*len > 0 && text_space(s[*len - 1]))
		(*len)--;
	return s;
}

/* "=>" [WS] URL [WS label]: "label [N]", the URL for a missing label. */
static void
text_gemlink(struct text *t, const char *s, size_t len)
{
	const char *url, *label;
	size_t ulen, llen;

	url = text_trim(s, &len);
	for (ulen = 0; ulen < len && !text_space(url[ulen]); ulen++)
		;
	if (ulen == 0)
		return;
	llen = len - ulen;
	label = text_trim(url + ulen, &llen);
	if (llen == 0) {
		label = url;
		llen = ulen;
	}
	buf_truncate(&t->t_raw, 0);
	buf_add(&t->t_raw, label, llen);
	buf_printf(&t->t_raw, " [%zu]", text_link(t, "", url, ulen));
	text_open(t, TEXT_LINK);
	text_composed(t);
}

/* One line of gemtext outside a preformatted block. */
static void
text_gemline(struct text *t, const char *s, size_t len)
{
	size_t level;

	if (len >= 2 && s[0] == '=' && s[1] == '>') {
		text_gemlink(t, s + 2, len - 2);
		return;
	}
	if (len >= 1 && s[0] == '#') {
		for (level = 0; level < 3 && level < len && s[level] == '#';
		    level++)
			;
		len -= level;
		s = text_trim(s + level, &len);
		if (len > 0)
			text_heading(t, s, len, level == 1 ? '=' :
			    level == 2 ? '-' : '\0');
		return;
	}
	if (len >= 2 && s[0] == '*' && s[1] == ' ') {
		len -= 2;
		s = text_trim(s + 2, &len);
		if (len > 0) {
			text_open(t, TEXT_LIST);
			text_para(t, "* ", 1, s, len);
		}
		return;
	}
	if (len >= 1 && s[0] == '>') {
		len--;
		s = text_trim(s + 1, &len);
		if (len > 0) {
			text_open(t, TEXT_QUOTE);
			text_para(t, "> ", 0, s, len);
		}
		return;
	}
	s = text_trim(s, &len);
	if (len == 0) {
		t->t_gap = 1;
		return;
	}
	text_open(t, TEXT_PARA);
	text_para(t, "", 1, s, len);
}

/* A preformatted line goes out as it is, however wide. */
static void
text_verbatim(struct text *t, const char *s, size_t len)
{
	size_t start;

	start = text_begin(t);
	text_clean(t->t_out, s, len, t->t_opts->to_ascii, 1);
	text_end(t, start);
}

static void
text_body(struct text *t, const char *body, size_t len)
{
	size_t i = 0, n;
	const char *eol;
	int pre = 0;

	while (i < len) {
		if ((eol = memchr(body + i, '\n', len - i)) != NULL)
			n = (size_t)(eol - (body + i));
		else
			n = len - i;
		if (n >= 3 && memcmp(body + i, "```", 3) == 0) {
			pre = !pre;
			if (pre)
				text_open(t, TEXT_PRE);
		} else if (pre)
			text_verbatim(t, body + i, n);
		else
			text_gemline(t, body + i, n);
		i += n + 1;
	}
}

static void
text_meta(struct text *t, const struct article *a)
{
	size_t i;

	text_open(t, TEXT_META);
	if (a->a_source != NULL) {
		buf_truncate(&t->t_raw, 0);
		buf_printf(&t->t_raw, "%s%s%s", t->t_labels->l_source,
		    t->t_labels->l_colon, a->a_source);
		text_composed(t);
	}
	if (a->a_ntags > 0) {
		buf_truncate(&t->t_raw, 0);
		buf_printf(&t->t_raw, "%s%s", t->t_labels->l_tags,
		    t->t_labels->l_colon);
		for (i = 0; i < a->a_ntags; i++)
			buf_printf(&t->t_raw, "%s%s", i > 0 ? ", " : "",
			    a->a_tags[i]);
		text_composed(t);
	}
}

/* "* Headline [N]", linked when the article is in the store. */
static void
text_related_item(struct text *t, const char *headline,
    const struct article *a)
{
	char path[ARTICLE_SLUG_MAX + 16];
	struct route r;

	buf_truncate(&t->t_raw, 0);
	buf_puts(&t->t_raw, headline);
	if (a != NULL && a->a_slug != NULL && route_format(path, sizeof(path),
	    route_set(&r, ROUTE_ARTICLE, a->a_slug)) != -1)
		buf_printf(&t->t_raw, " [%zu]", text_link(t, "", path,
		    strlen(path)));
	if (buf_ok(&t->t_raw) == -1) {
		t->t_err = 1;
		return;
	}
	text_para(t, "* ", 1, t->t_raw.b_data, t->t_raw.b_len);
}

/* The Related: headlines, then the articles sharing tags not among them. */
static void
text_related(struct text *t, const struct render_article *ra)
{
	const char *title;
	const struct article *a;
	size_t i, j;

	if (ra->ra_nheadlines == 0 && ra->ra_nrelated == 0)
		return;
	title = ra->ra_nheadlines > 0 ? t->t_labels->l_see_also :
	    t->t_labels->l_related;
	text_heading(t, title, strlen(title), '-');
	text_open(t, TEXT_LIST);
	for (i = 0; i < ra->ra_nheadlines; i++)
		text_related_item(t, ra->ra_headlines[i].rh_text,
		    ra->ra_headlines[i].rh_art);
	for (i = 0; i < ra->ra_nrelated; i++) {
		if ((a = ra->ra_related[i]) == NULL || a->a_title == NULL)
			continue;
		for (j = 0; j < ra->ra_nheadlines; j++)
			if (ra->ra_headlines[j].rh_art == a)
				break;
		if (j == ra->ra_nheadlines)
			text_related_item(t, a->a_title, a);
	}
}

static void
text_links(struct text *t)
{
	const char *url;
	size_t i, off = 0, len, start;
	char num[32];
	int w;

	if (t->t_nlinks == 0)
		return;
	if (buf_ok(&t->t_links) == -1) {
		t->t_err = 1;
		return;
	}
	text_heading(t, t->t_labels->l_links, strlen(t->t_labels->l_links),
	    '-');
	text_open(t, TEXT_LIST);
	for (i = 1; i <= t->t_nlinks; i++) {
		url = t->t_links.b_data + off;
		len = strlen(url);
		off += len + 1;
		w = snprintf(num, sizeof(num), "[%zu]", i);
		start = text_begin(t);
		buf_add(t->t_out, num, (size_t)w);
		if ((size_t)w + 1 + utf8_length(url, len) > t->t_width) {
			text_end(t, start);
			start = text_begin(t);
		} else
			buf_putc(t->t_out, ' ');
		buf_add(t->t_out, url, len);
		text_end(t, start);
	}
}

int
text_article(struct buf *b, const struct render_site *rs,
    const struct render_article *ra, const struct text_opts *o)
{
	const struct article *a = ra->ra_art;
	const char *copyright;
	struct text t;

	text_init(&t, b, o);
	t.t_labels = labels_get(a->a_lang, rs->rs_lang);
	text_heading(&t, a->a_title != NULL ? a->a_title : "",
	    a->a_title != NULL ? strlen(a->a_title) : 0, '=');
	if (a->a_summary != NULL) {
		text_open(&t, TEXT_PARA);
		text_str(&t, a->a_summary);
	}
	text_byline(&t, a);
	text_image(&t, a);
	if (a->a_body != NULL)
		text_body(&t, a->a_body, a->a_bodylen);
	text_meta(&t, a);
	text_related(&t, ra);
	text_links(&t);
	copyright = a->a_copyright != NULL ? a->a_copyright :
	    rs->rs_copyright;
	if (copyright != NULL) {
		text_open(&t, TEXT_META);
		text_str(&t, copyright);
	}
	return text_done(&t);
}

int
text_wrap(struct buf *b, const char *s, size_t len, const char *prefix,
    const struct text_opts *o)
{
	struct text t;

	text_init(&t, b, o);
	text_para(&t, prefix != NULL ? prefix : "", 1, s, len);
	return text_done(&t);
}
