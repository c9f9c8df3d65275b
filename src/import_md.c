/*
 * import_md: Markdown blocks and inlines through md4c, CommonMark with
 * GitHub's tables and strikethrough, into the ctx's blocks and lines.
 *
 * md4c calls back for each block, span and run of text; this keeps one
 * leaf block open at a time and writes its text line by line (a soft or
 * hard break ends a line, so the boilerplate rules still see the lines
 * as written), emphasis and code marks gone, entities decoded.  Mapping:
 *
 *  - paragraph, heading: B_PARA, B_HEAD; inside a quote B_QUOTE, inside a
 *    list item B_ITEM (nested lists flattened);
 *  - code: B_PRE with the fence's info string; table: B_PRE
 *    (import_table.c);
 *  - a link or image: a struct link on the line where it ends, labelled
 *    with its text (an image's alt text leaves the line; a link whose text
 *    is only an image takes the alt); an autolink has no label;
 *  - HTML comments, as blocks or inline, go; other raw HTML stays as text;
 *  - footnotes: import_note.c, around the parse.
 *
 * See import_int.h.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <md4c.h>

#include "buf.h"
#include "import_int.h"
#include "utf8.h"

#define MD_FLAGS	(MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH)

struct span {
	size_t		 s_line;	/* r_line's length at its start */
	size_t		 s_text;	/* r_text's */
	size_t		 s_links;	/* x_links' */
	const char	*s_url;
	int		 s_image;
};

struct mdr {
	struct ctx		*r_ctx;
	const struct notes	*r_notes;
	int			 r_leaf;	/* kind of the open leaf, or -1 */
	int			 r_quote;	/* depth of quotes */
	int			 r_item;	/* depth of list items */
	int			 r_image;	/* depth of images */
	int			 r_html;	/* in an HTML block */
	int			 r_comment;	/* in an inline comment */
	int			 r_head;	/* in a table's header */
	struct table		*r_table;
	struct buf		 r_line;	/* the line being written */
	struct buf		 r_text;	/* the leaf's text, for labels */
	struct buf		 r_attr;
	struct vec		 r_spans;
};

/*
 * The bytes that stand for cp, as normalising would leave them, into u
 * (room for 4); their count, 0 when it goes.
 */
static size_t
cp_utf8(uint32_t cp, char *u)
{
	int	 m;

	if (cp < 0x20 || cp == 0x7f)
		m = cp == '\t' || cp == '\n' ? ' ' : 0;
	else
		m = norm_char(cp);
	if (m == -1)
		return utf8_encode(cp, u);
	u[0] = (char)m;
	return m != 0;
}

/* An entity decoded into out, or as written when it is not known. */
static void
entity_add(struct buf *out, const char *s, size_t n)
{
	char	 u[4];
	long	 cp;

	if ((cp = entity_decode(s, n)) == -1)
		buf_add(out, s, n);
	else
		buf_add(out, u, cp_utf8((uint32_t)cp, u));
}

static void
put_text(struct mdr *r, const char *s, size_t n)
{
	buf_add(&r->r_line, s, n);
	buf_add(&r->r_text, s, n);
}

/* An attribute (a URL, an info string) with its entities decoded. */
static const char *
attr_text(struct mdr *r, const MD_ATTRIBUTE *a)
{
	struct buf	*out = &r->r_attr;
	size_t		 i, off, len;

	buf_truncate(out, 0);
	for (i = 0; a->substr_offsets != NULL &&
	    a->substr_offsets[i] < a->size; i++) {
		off = a->substr_offsets[i];
		len = a->substr_offsets[i + 1] - off;
		if (a->substr_types[i] == MD_TEXT_ENTITY)
			entity_add(out, a->text + off, len);
		else if (a->substr_types[i] == MD_TEXT_NULLCHAR)
			buf_add(out, "\xef\xbf\xbd", 3);
		else
			buf_add(out, a->text + off, len);
	}
	if (buf_ok(out) == -1) {
		r->r_ctx->x_nomem = 1;
		return NULL;
	}
	return ctx_strndup(r->r_ctx, out->b_data, out->b_len);
}

/*
 * Ends the line: its words squeezed, notes' references made plain, and
 * the line kept when it has words or links.
 */
static int
line_end(struct mdr *r)
{
	struct ctx	*c = r->r_ctx;
	struct line	*prev;
	size_t		 n, from = 0;
	const char	*p;

	note_refs(r->r_notes, &r->r_line, 0);
	n = norm_squeeze(r->r_line.b_data, r->r_line.b_len);
	buf_truncate(&r->r_line, n);
	if (c->x_lines.v_n > 0) {
		prev = ctx_line(c, c->x_lines.v_n - 1);
		from = prev->l_link + prev->l_nlink;
	}
	if (r->r_leaf != -1 && (n > 0 || c->x_links.v_n > from)) {
		if ((p = ctx_strndup(c, r->r_line.b_data, n)) == NULL ||
		    ctx_add_line(c, p, n) == -1)
			return -1;
	}
	buf_truncate(&r->r_line, 0);
	return buf_ok(&r->r_line) == -1 || buf_ok(&r->r_text) == -1 ? -1 : 0;
}

/* A line of code as written: no squeezing, no notes. */
static int
code_line(struct mdr *r)
{
	const char	*p;

	if ((p = ctx_strndup(r->r_ctx, r->r_line.b_data,
	    r->r_line.b_len)) == NULL ||
	    ctx_add_line(r->r_ctx, p, r->r_line.b_len) == -1)
		return -1;
	buf_truncate(&r->r_line, 0);
	return 0;
}

static int
leaf_close(struct mdr *r)
{
	int	 rc = 0;

	if (r->r_leaf == B_PRE) {
		if (r->r_line.b_len > 0)
			rc = code_line(r);
	} else if (r->r_leaf != -1)
		rc = line_end(r);
	r->r_leaf = -1;
	r->r_spans.v_n = 0;
	r->r_image = 0;
	r->r_comment = 0;
	buf_truncate(&r->r_line, 0);
	buf_truncate(&r->r_text, 0);
	return rc;
}

/* Opens a leaf of kind, or of the kind its quote or list item makes it. */
static int
leaf_open(struct mdr *r, enum kind kind, int level)
{
	if (leaf_close(r) == -1)
		return -1;
	if (kind != B_PRE && r->r_quote > 0)
		kind = B_QUOTE;
	else if (kind != B_PRE && r->r_item > 0)
		kind = B_ITEM;
	if (ctx_add_block(r->r_ctx, kind, level) == NULL)
		return -1;
	r->r_leaf = (int)kind;
	return 0;
}

/* Text outside any block (a tight list item's) opens a paragraph. */
static int
leaf_need(struct mdr *r)
{
	if (r->r_leaf != -1 || r->r_table != NULL || r->r_html)
		return 0;
	return leaf_open(r, B_PARA, 0);
}

static int
code_open(struct mdr *r, const MD_BLOCK_CODE_DETAIL *d)
{
	const char	*info;

	if (leaf_open(r, B_PRE, 0) == -1 || (info = attr_text(r,
	    &d->info)) == NULL)
		return -1;
	if (*info != '\0')
		ctx_block(r->r_ctx, r->r_ctx->x_blocks.v_n - 1)->b_info =
		    ctx_clean(r->r_ctx, info, strlen(info));
	return 0;
}

/*
 * An HTML block: dropped when it is a comment, else its lines are a
 * paragraph's, taken as written.
 */
static int
html_close(struct mdr *r)
{
	struct buf	 html = r->r_line;
	size_t		 pos = 0, start, len;
	int		 rc = 0;

	r->r_html = 0;
	if (html.b_len >= 4 && memcmp(html.b_data, "<!--", 4) == 0) {
		buf_truncate(&r->r_line, 0);
		return 0;
	}
	buf_init(&r->r_line);
	if (leaf_open(r, B_PARA, 0) == -1)
		rc = -1;
	while (rc == 0 && norm_next_line(html.b_data, html.b_len, &pos,
	    &start, &len)) {
		put_text(r, html.b_data + start, len);
		rc = line_end(r);
	}
	if (rc == 0)
		rc = leaf_close(r);
	buf_free(&html);
	return rc;
}

static int
table_close(struct mdr *r)
{
	int	 rc;

	rc = table_write(r->r_table, r->r_ctx);
	table_free(r->r_table);
	r->r_table = NULL;
	return rc;
}

static int
cell_end(struct mdr *r)
{
	size_t	 n;

	note_refs(r->r_notes, &r->r_line, 0);
	n = norm_squeeze(r->r_line.b_data, r->r_line.b_len);
	if (table_cell(r->r_table, r->r_line.b_data, n, r->r_head) == -1)
		return -1;
	buf_truncate(&r->r_line, 0);
	buf_truncate(&r->r_text, 0);
	r->r_spans.v_n = 0;
	return 0;
}

static int
enter_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
	struct mdr	*r = ud;

	switch (type) {
	case MD_BLOCK_QUOTE:
	case MD_BLOCK_LI:
	case MD_BLOCK_UL:
	case MD_BLOCK_OL:
	case MD_BLOCK_HR:
	case MD_BLOCK_HTML:
		if (leaf_close(r) == -1)
			return -1;
		r->r_quote += type == MD_BLOCK_QUOTE;
		r->r_item += type == MD_BLOCK_LI;
		r->r_html = type == MD_BLOCK_HTML;
		return 0;
	case MD_BLOCK_H:
		return leaf_open(r, B_HEAD,
		    (int)((MD_BLOCK_H_DETAIL *)detail)->level);
	case MD_BLOCK_P:
		return leaf_open(r, B_PARA, 0);
	case MD_BLOCK_CODE:
		return code_open(r, detail);
	case MD_BLOCK_TABLE:
		if (leaf_close(r) == -1 || (r->r_table = table_new()) == NULL)
			return -1;
		return 0;
	case MD_BLOCK_THEAD:
	case MD_BLOCK_TBODY:
		r->r_head = type == MD_BLOCK_THEAD;
		return 0;
	default:
		return 0;
	}
}

static int
leave_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
	struct mdr	*r = ud;
	int		 rc = 0;

	(void)detail;
	switch (type) {
	case MD_BLOCK_QUOTE:
	case MD_BLOCK_LI:
	case MD_BLOCK_H:
	case MD_BLOCK_P:
	case MD_BLOCK_CODE:
		rc = leaf_close(r);
		r->r_quote -= type == MD_BLOCK_QUOTE;
		r->r_item -= type == MD_BLOCK_LI;
		return rc;
	case MD_BLOCK_HTML:
		return html_close(r);
	case MD_BLOCK_TABLE:
		return table_close(r);
	case MD_BLOCK_TR:
		table_row_end(r->r_table);
		return 0;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD:
		return cell_end(r);
	default:
		return 0;
	}
}

static int
enter_span(MD_SPANTYPE type, void *detail, void *ud)
{
	struct mdr	*r = ud;
	struct span	*sp;
	const char	*url;

	if (type != MD_SPAN_A && type != MD_SPAN_IMG)
		return 0;
	if (leaf_need(r) == -1)
		return -1;
	url = attr_text(r, type == MD_SPAN_A ?
	    &((MD_SPAN_A_DETAIL *)detail)->href :
	    &((MD_SPAN_IMG_DETAIL *)detail)->src);
	if (url == NULL || (sp = vec_add(&r->r_spans)) == NULL)
		return -1;
	sp->s_line = r->r_line.b_len;
	sp->s_text = r->r_text.b_len;
	sp->s_links = r->r_ctx->x_links.v_n;
	sp->s_url = md_link_url(r->r_ctx, url, strlen(url));
	sp->s_image = type == MD_SPAN_IMG;
	r->r_image += sp->s_image;
	return sp->s_url == NULL ? -1 : 0;
}

/* The text since from, squeezed and cut at LINK_TEXT_MAX bytes. */
static const char *
label_text(struct mdr *r, size_t from)
{
	const char	*s = "";
	size_t		 n = r->r_text.b_len - from;
	char		*p;

	if (n > 0)
		s = r->r_text.b_data + from;

	if (n > LINK_TEXT_MAX) {
		n = LINK_TEXT_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	if ((p = ctx_strndup(r->r_ctx, s, n)) != NULL)
		p[norm_squeeze(p, n)] = '\0';
	return p;
}

/*
 * Ends a link or an image: its text is the label, or none when it is the
 * URL itself (an autolink).  An image's alt text leaves the line; a link
 * whose text was only an image takes the image's alt as its label.
 */
static int
leave_span(MD_SPANTYPE type, void *detail, void *ud)
{
	struct mdr	*r = ud;
	struct ctx	*c = r->r_ctx;
	struct span	 sp;
	struct link	*k;
	const char	*label;

	(void)detail;
	if ((type != MD_SPAN_A && type != MD_SPAN_IMG) || r->r_spans.v_n == 0)
		return 0;
	sp = *VEC_AT(&r->r_spans, struct span, --r->r_spans.v_n);
	if ((label = label_text(r, sp.s_text)) == NULL)
		return -1;
	if (sp.s_image) {
		r->r_image--;
		buf_truncate(&r->r_line, sp.s_line);
		buf_truncate(&r->r_text, sp.s_text);
	} else if (*label == '\0' && c->x_links.v_n > sp.s_links)
		label = VEC_AT(&c->x_links, struct link,
		    c->x_links.v_n - 1)->k_label;
	if (*sp.s_url == '\0')
		return 0;
	if (strcmp(label, sp.s_url) == 0)
		label = "";
	if ((k = vec_add(&c->x_links)) == NULL)
		return -1;
	k->k_url = sp.s_url;
	k->k_label = label;
	return 0;
}

/* Inline HTML: comments go (they may come in pieces), the rest stays. */
static void
inline_html(struct mdr *r, const char *s, size_t n)
{
	if (r->r_comment) {
		r->r_comment = norm_find(s, n, "-->") == NULL;
		return;
	}
	if (n >= 4 && memcmp(s, "<!--", 4) == 0) {
		r->r_comment = norm_find(s + 4, n - 4, "-->") == NULL;
		return;
	}
	put_text(r, s, n);
}

/* Code text: each LF ends a line. */
static int
code_text(struct mdr *r, const char *s, size_t n)
{
	const char	*eol;

	while ((eol = memchr(s, '\n', n)) != NULL) {
		buf_add(&r->r_line, s, (size_t)(eol - s));
		if (code_line(r) == -1)
			return -1;
		n -= (size_t)(eol - s) + 1;
		s = eol + 1;
	}
	buf_add(&r->r_line, s, n);
	return 0;
}

static int
text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE size, void *ud)
{
	struct mdr	*r = ud;
	size_t		 n = size, from;

	if (r->r_html) {
		buf_add(&r->r_line, s, n);
		return 0;
	}
	if (r->r_leaf == B_PRE)
		return code_text(r, s, n);
	if (leaf_need(r) == -1)
		return -1;
	switch (type) {
	case MD_TEXT_NULLCHAR:
		put_text(r, "\xef\xbf\xbd", 3);
		break;
	case MD_TEXT_BR:
	case MD_TEXT_SOFTBR:
		buf_putc(&r->r_text, ' ');
		if (r->r_image > 0 || r->r_table != NULL)
			buf_putc(&r->r_line, ' ');
		else if (line_end(r) == -1)
			return -1;
		break;
	case MD_TEXT_ENTITY:
		from = r->r_line.b_len;
		entity_add(&r->r_line, s, n);
		if (r->r_line.b_len > from)
			buf_add(&r->r_text, r->r_line.b_data + from,
			    r->r_line.b_len - from);
		break;
	case MD_TEXT_HTML:
		inline_html(r, s, n);
		break;
	default:
		put_text(r, s, n);
		break;
	}
	return 0;
}

/*
 * A destination as a gemtext link wants it: no spaces, and a relative
 * path into the store's media folder ("media/x.jpg", "./media/x.jpg",
 * "../media/x.jpg", as a page written beside its pictures has them)
 * made absolute: the article is served from /articles/SLUG, where a
 * relative "media/x.jpg" would name /articles/media/x.jpg.
 */
const char *
md_link_url(struct ctx *c, const char *s, size_t n)
{
	char	*p;
	size_t	 i, o = 0;

	if (n > SIZE_MAX / 3 || (p = ctx_alloc(c, n * 3 + 1)) == NULL) {
		c->x_nomem = 1;
		return NULL;
	}
	for (i = 0; n - i > 2 && (memcmp(s + i, "./", 2) == 0 ||
	    (n - i > 3 && memcmp(s + i, "../", 3) == 0)); )
		i += s[i + 1] == '/' ? 2 : 3;
	if (n - i > 6 && memcmp(s + i, "media/", 6) == 0) {
		p[o++] = '/';
		s += i;
		n -= i;
	}
	for (i = 0; i < n; i++) {
		if (is_ws(s[i])) {
			memcpy(p + o, "%20", 3);
			o += 3;
		} else
			p[o++] = s[i];
	}
	p[o] = '\0';
	return p;
}

static int
parse(struct mdr *r, const char *s, size_t n)
{
	MD_PARSER	 p;
	int		 rc;

	if (n > (MD_SIZE)-1)
		return -1;
	memset(&p, 0, sizeof(p));
	p.flags = MD_FLAGS;
	p.enter_block = enter_block;
	p.leave_block = leave_block;
	p.enter_span = enter_span;
	p.leave_span = leave_span;
	p.text = text;
	rc = md_parse(n > 0 ? s : "", (MD_SIZE)n, &p, r);
	if (rc == 0)
		rc = leaf_close(r);
	if (r->r_table != NULL) {
		table_free(r->r_table);
		r->r_table = NULL;
	}
	return rc == 0 ? 0 : -1;
}

/* The Markdown from offset from of the normalised text, then its notes. */
int
md_read(struct ctx *c, size_t from)
{
	struct mdr	 r;
	struct buf	 src = BUF_INIT;
	struct notes	*notes = NULL;
	const char	*ns;
	size_t		 nn;
	int		 rc = -1;

	memset(&r, 0, sizeof(r));
	r.r_ctx = c;
	r.r_leaf = -1;
	r.r_spans.v_size = sizeof(struct span);
	if (c->x_buf.b_len > from && note_split(c, c->x_buf.b_data + from,
	    c->x_buf.b_len - from, &src, &notes) == -1)
		goto done;
	r.r_notes = notes;
	if (parse(&r, src.b_data, src.b_len) == -1)
		goto done;
	if (notes != NULL) {
		ns = note_source(notes, &nn);
		if (parse(&r, ns, nn) == -1)
			goto done;
	}
	rc = 0;
done:
	if (rc == -1)
		c->x_nomem = 1;
	note_free(notes);
	buf_free(&src);
	buf_free(&r.r_line);
	buf_free(&r.r_text);
	buf_free(&r.r_attr);
	free(r.r_spans.v_p);
	return rc;
}
