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
 *  3. lifting: boilerplate lines (byline, tags, related headlines,
 *     publisher, copyright, photo credit) become headers (import_rules.c),
 *     then the title, and for plain text the dek and the subheadings
 *     (import_meta.c);
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
 *    as a dek, and short title-case lines become "## " headings.  A
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

#define CHUNK_SIZE	8192

void *
vec_add(struct vec *v)
{
	void	*p;
	size_t	 cap;

	if (v->v_n == v->v_cap) {
		if (v->v_cap > SIZE_MAX / 2 / v->v_size)
			return NULL;
		cap = v->v_cap ? v->v_cap * 2 : 16;
		if ((p = realloc(v->v_p, cap * v->v_size)) == NULL)
			return NULL;
		v->v_p = p;
		v->v_cap = cap;
	}
	p = (char *)v->v_p + v->v_n++ * v->v_size;
	memset(p, 0, v->v_size);
	return p;
}

/* Room for n bytes and a NUL that live until the import ends. */
char *
ctx_alloc(struct ctx *c, size_t n)
{
	struct chunk	*k = c->x_arena;
	size_t		 size;
	char		*p;

	if (n >= SIZE_MAX - sizeof(*k) - CHUNK_SIZE) {
		c->x_nomem = 1;
		return NULL;
	}
	if (k == NULL || k->c_size - k->c_used <= n) {
		size = n + 1 > CHUNK_SIZE ? n + 1 : CHUNK_SIZE;
		if ((k = malloc(sizeof(*k) + size)) == NULL) {
			c->x_nomem = 1;
			return NULL;
		}
		k->c_size = size;
		k->c_used = 0;
		k->c_next = c->x_arena;
		c->x_arena = k;
	}
	p = k->c_data + k->c_used;
	k->c_used += n + 1;
	p[n] = '\0';
	return p;
}

char *
ctx_strndup(struct ctx *c, const char *s, size_t n)
{
	char	*p;

	if ((p = ctx_alloc(c, n)) != NULL && n > 0)
		memcpy(p, s, n);
	return p;
}

/* A copy of s[0..n) with its white space squeezed (norm_squeeze). */
const char *
ctx_clean(struct ctx *c, const char *s, size_t n)
{
	char	*p;

	if ((p = ctx_strndup(c, s, n)) == NULL)
		return NULL;
	p[norm_squeeze(p, n)] = '\0';
	return p;
}

/* Blocks and lines. */

struct line *
ctx_line(struct ctx *c, size_t i)
{
	return VEC_AT(&c->x_lines, struct line, i);
}

struct block *
ctx_block(struct ctx *c, size_t i)
{
	return VEC_AT(&c->x_blocks, struct block, i);
}

struct block *
ctx_add_block(struct ctx *c, enum kind kind, int level)
{
	struct block	*b;

	if ((b = vec_add(&c->x_blocks)) == NULL) {
		c->x_nomem = 1;
		return NULL;
	}
	b->b_kind = kind;
	b->b_level = level;
	b->b_first = c->x_lines.v_n;
	return b;
}

/*
 * Lines only ever go to the newest block, which keeps each contiguous;
 * the links added since the line before are the line's.
 */
int
ctx_add_line(struct ctx *c, const char *s, size_t n)
{
	struct line	*l, *prev;
	size_t		 from = 0;

	if (c->x_lines.v_n > 0) {
		prev = ctx_line(c, c->x_lines.v_n - 1);
		from = prev->l_link + prev->l_nlink;
	}
	if ((l = vec_add(&c->x_lines)) == NULL) {
		c->x_nomem = 1;
		return -1;
	}
	l->l_s = l->l_view = s;
	l->l_len = l->l_vlen = n;
	l->l_link = from;
	l->l_nlink = c->x_links.v_n - from;
	ctx_block(c, c->x_blocks.v_n - 1)->b_n++;
	return 0;
}

/* How many lines of b are live; *first, when asked, is the first or NONE. */
size_t
ctx_live_lines(struct ctx *c, const struct block *b, size_t *first)
{
	size_t	 i, n = 0, f = NONE;

	for (i = b->b_first; i < b->b_first + b->b_n; i++)
		if (!ctx_line(c, i)->l_dead && n++ == 0)
			f = i;
	if (first != NULL)
		*first = f;
	return n;
}

int
ctx_block_live(struct ctx *c, size_t bi)
{
	struct block	*b = ctx_block(c, bi);

	return !b->b_dead && ctx_live_lines(c, b, NULL) > 0;
}


size_t
ctx_first_live(struct ctx *c, size_t from)
{
	for (; from < c->x_blocks.v_n; from++)
		if (ctx_block_live(c, from))
			return from;
	return NONE;
}

static int
set_headers(struct ctx *c, const struct import_opts *o, struct article *a)
{
	struct buf	 tags = BUF_INIT;
	const char	*date = o->io_date != NULL ? o->io_date : c->x_date;
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

static void
ctx_free(struct ctx *c)
{
	struct chunk	*k;

	while ((k = c->x_arena) != NULL) {
		c->x_arena = k->c_next;
		free(k);
	}
	buf_free(&c->x_buf);
	free(c->x_lines.v_p);
	free(c->x_blocks.v_p);
	free(c->x_links.v_p);
	free(c->x_tags.v_p);
	free(c->x_related.v_p);
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
		c->x_title = norm_opt(c, o->io_title);
	if (o->io_tags != NULL)
		meta_add_tags(c, o->io_tags, strlen(o->io_tags));
	if (c->x_nomem)
		return -1;
	if (c->x_md) {
		if (md_read(c, meta_front_matter(c)) == -1)
			return -1;
	} else if (norm_plain(c) == -1)
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
	rules_lift(&c);
	if (meta_lift_title(&c) == -1)
		goto done;
	if (c.x_title == NULL) {
		*errline = 1;
		*errstr = "no title found: pass --title";
		goto done;
	}
	meta_lift_photo(&c);
	if (!c.x_md) {
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
