/*
 * import: see import.h.  A pure module: libc, article, buf and utf8 only
 * (and md4c, through import_md.c).  import_int.h says which file owns
 * which part.
 *
 * The input goes through four stages, all on one normalised copy:
 *
 *  1. normalise (import_norm.c): well-formed UTF-8, LF line ends, no
 *     control character but TAB, odd spaces made plain;
 *  2. blocks: paragraphs for plain text (import_norm.c); paragraphs,
 *     headings, list items, quotes, code and tables for Markdown, which
 *     md4c parses (import_md.c);
 *  3. lifting: for plain text, captions and widgets first, then the
 *     page around the story (import_page.c); boilerplate lines (byline,
 *     tags, related headlines, publisher, copyright, photo credit) become
 *     headers (import_rules.c), then the title, and for plain text the
 *     dek and the subheadings (import_meta.c);
 *  4. rendering as gemtext, one blank line between blocks
 *     (import_render.c).
 *
 * Choices a reader of the result sees:
 *
 *  - Text that would start with a gemtext line marker ("=>", "#", "*",
 *    ">", "```") is written after one space.  Every gemtext parser reads a
 *    line that starts with a space as a text line, and it is the smallest
 *    change that keeps the words as they were.  A code line starting with
 *    "```" inside a preformatted block gets the same space, since it
 *    would end the block.
 *  - Markdown lists, ordered ones included, become "* " lines (one for
 *    each paragraph of an item) and nesting is flattened; the links of a list or a quote follow the whole list or
 *    quote, the links of a paragraph or heading follow it, each URL once.
 *    Tables become preformatted blocks; footnotes become "[1]" in the
 *    text and paragraphs "[1] text" at the end of the body.
 *  - Only the first photo credit fills Image-Alt, -Caption and -Credit;
 *    every photo block (alt line, credit, caption) leaves the body.
 *  - Plain text only: the first paragraph becomes Summary when it reads
 *    as a dek and a photo, byline or date parts it from the story (or the
 *    page rules found no story), and short title-case lines become "## "
 *    headings.  A
 *    Markdown author marked those up already, so there Summary comes only
 *    from front matter.
 *  - Smart quotes and dashes stay: they are text, and gopher folds them to
 *    ASCII where a listener asks for it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "buf.h"
#include "import.h"
#include "import_int.h"

/* A caller's string, normalised and squeezed; NULL when nothing is left. */
static const char *
import_opt(struct ctx *c, const char *s)
{
	struct buf	 sb = BUF_INIT;
	const char	*p = NULL;

	norm_text(s, strlen(s), &sb);
	if (buf_ok(&sb) == -1)
		c->x_nomem = 1;
	else if ((sb.b_len = norm_squeeze(sb.b_data, sb.b_len)) > 0)
		p = ctx_strndup(c, sb.b_data, sb.b_len);
	buf_free(&sb);
	return p;
}

/*
 * The title without U+FFFD, which stands for bytes that were not UTF-8
 * and would follow the headline into every menu and the slug; NULL when
 * nothing else is left.
 */
static const char *
title_clean(struct ctx *c, const char *t)
{
	char	*p;
	size_t	 i, o = 0, n = strlen(t);

	if (strstr(t, "\xef\xbf\xbd") == NULL)
		return t;
	if ((p = ctx_strndup(c, t, n)) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		if (n - i >= 3 && memcmp(t + i, "\xef\xbf\xbd", 3) == 0) {
			i += 2;
			continue;
		}
		p[o++] = t[i];
	}
	p[norm_squeeze(p, o)] = '\0';
	return *p != '\0' ? p : NULL;
}

/*
 * Plain text: paragraphs are runs of non-blank lines, but a line the one
 * before does not run on into (page_glue) starts a paragraph of its own,
 * marked glued: a page copied from a browser puts every element on its
 * own line, and short ones must not join the story's text.
 */
static int
import_plain(struct ctx *c)
{
	struct block	*b;
	char		*s = c->x_buf.b_data;
	size_t		 n = c->x_buf.b_len, pos = 0, start, len, plen = 0;
	const char	*prev = NULL;

	while (norm_next_line(s, n, &pos, &start, &len)) {
		if ((len = norm_squeeze(s + start, len)) == 0) {
			prev = NULL;
			continue;
		}
		if (prev == NULL || !page_glue(prev, plen, s + start, len)) {
			if ((b = ctx_add_block(c, B_PARA, 0)) == NULL)
				return -1;
			b->b_glued = prev != NULL;
		}
		prev = s + start;
		plen = len;
		if (ctx_add_line(c, s + start, len) == -1)
			return -1;
	}
	return 0;
}

static int
set_headers(struct ctx *c, const struct import_opts *o, struct article *a)
{
	struct buf	 tags = BUF_INIT;
	const char	*date = o->io_date != NULL ? o->io_date : c->x_date;
	const char	*upd = c->x_updated;
	size_t		 i;
	int		 rc = -1;

	for (i = 0; i < c->x_tags.v_n; i++) {
		if (i > 0)
			buf_puts(&tags, ", ");
		buf_puts(&tags, *VEC_AT(&c->x_tags, const char *, i));
	}
	if (tags.b_err ||
	    article_set(a, "Title", c->x_title) == -1 ||
	    (date != NULL && article_set(a, "Date", date) == -1) ||
	    (upd != NULL && date != NULL && strcmp(upd, date) > 0 &&
	    article_set(a, "Updated", upd) == -1) ||
	    (c->x_author != NULL && article_set(a, "Author", c->x_author) ==
	    -1) ||
	    (tags.b_len > 0 && article_set(a, "Tags", tags.b_data) == -1) ||
	    (c->x_summary != NULL && article_set(a, "Summary",
	    c->x_summary) == -1) ||
	    (c->x_alt != NULL && article_set(a, "Image-Alt", c->x_alt) ==
	    -1) ||
	    (c->x_caption != NULL && article_set(a, "Image-Caption",
	    c->x_caption) == -1) ||
	    (c->x_credit != NULL && article_set(a, "Image-Credit",
	    c->x_credit) == -1) ||
	    (o->io_source != NULL && *o->io_source != '\0' &&
	    article_set(a, "Source", o->io_source) == -1))
		goto done;
	for (i = 0; i < c->x_related.v_n; i++)
		if (article_append(a, "Related",
		    *VEC_AT(&c->x_related, const char *, i)) == -1)
			goto done;
	if ((c->x_copyright != NULL && article_set(a, "Copyright",
	    c->x_copyright) == -1) ||
	    (c->x_publisher != NULL && article_set(a, "Publisher",
	    c->x_publisher) == -1))
		goto done;
	rc = 0;
done:
	buf_free(&tags);
	return rc;
}

/* Blocks from the normalised text; 0 or -1 with *errstr set. */
static int
read_blocks(struct ctx *c, const struct import_opts *o, const char *text,
    size_t len, const char **errstr)
{
	c->x_md = o->io_format == IMPORT_MARKDOWN ||
	    (o->io_format == IMPORT_DETECT && import_is_markdown(text, len));
	norm_text(text, len, &c->x_buf);
	if (buf_ok(&c->x_buf) == -1)
		return -1;
	if (o->io_title != NULL)
		c->x_title = import_opt(c, o->io_title);
	if (o->io_tags != NULL)
		ctx_add_tags(c, o->io_tags, strlen(o->io_tags));
	if (c->x_nomem)
		return -1;
	if (c->x_md) {
		if (md_read(c, meta_front_matter(c)) == -1)
			return -1;
	} else if (import_plain(c) == -1)
		return -1;
	if (c->x_nomem)
		return -1;
	if (ctx_first_live(c, 0) == NONE) {
		*errstr = "no text to import";
		return -1;
	}
	return 0;
}

int
import_text(const char *text, size_t len, const struct import_opts *o,
    struct article *out, unsigned *errline, const char **errstr)
{
	struct ctx	 c;
	struct buf	 body = BUF_INIT;
	int		 rc = -1;

	memset(&c, 0, sizeof(c));
	c.x_lines.v_size = sizeof(struct line);
	c.x_blocks.v_size = sizeof(struct block);
	c.x_links.v_size = sizeof(struct link);
	c.x_tags.v_size = sizeof(const char *);
	c.x_related.v_size = sizeof(const char *);
	*errline = 0;
	*errstr = "out of memory";
	if (len == 0)
		text = "";

	if (read_blocks(&c, o, text, len, errstr) == -1)
		goto done;
	if (!c.x_md)
		page_pre(&c);
	rules_lift(&c);
	if (!c.x_md)
		page_lift(&c);
	if (meta_lift_title(&c) == -1)
		goto done;
	if (c.x_title != NULL)
		c.x_title = title_clean(&c, c.x_title);
	if (c.x_title == NULL) {
		*errline = 1;
		*errstr = "no title found: pass --title";
		goto done;
	}
	meta_lift_photo(&c);
	if (!c.x_md) {
		if (!c.x_page)
			meta_lift_dek(&c);
		meta_lift_subheads(&c);
	}
	if (c.x_nomem || emit_body(&c, &body) == -1)
		goto done;
	if (body.b_len == 0) {
		*errstr = "no body text left after cleaning";
		goto done;
	}
	if (set_headers(&c, o, out) == -1 ||
	    article_set_body(out, body.b_data, body.b_len) == -1)
		goto done;
	rc = 0;
done:
	if (rc == -1)
		article_free(out);
	buf_free(&body);
	ctx_free(&c);
	return rc;
}
