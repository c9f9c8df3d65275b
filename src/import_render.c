/*
 * import_render: the live blocks as gemtext, one blank line between
 * blocks, each link after the block (or the run of items or quote lines)
 * it came from.  See import_int.h.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "import_int.h"

#define TAB_STOP	8

/* The links of a line, in order, appended to links. */
static int
line_links(struct ctx *c, const struct line *l, struct vec *links)
{
	struct link	*k;
	size_t		 j;

	for (j = 0; j < l->l_nlink; j++) {
		if ((k = vec_add(links)) == NULL) {
			c->x_nomem = 1;
			return -1;
		}
		*k = *VEC_AT(&c->x_links, struct link, l->l_link + j);
	}
	return 0;
}

/*
 * The words of a block's live lines, joined with spaces, into text; their
 * links, in order, appended to links when that is not NULL.
 */
int
emit_block_text(struct ctx *c, const struct block *b, struct buf *text,
    struct vec *links)
{
	struct line	*l;
	size_t		 i;

	buf_truncate(text, 0);
	for (i = b->b_first; i < b->b_first + b->b_n; i++) {
		if ((l = ctx_line(c, i))->l_dead)
			continue;
		if (l->l_vlen > 0) {
			if (text->b_len > 0)
				buf_putc(text, ' ');
			buf_add(text, l->l_view, l->l_vlen);
		}
		if (links != NULL && line_links(c, l, links) == -1)
			return -1;
	}
	if (buf_ok(text) == -1)
		c->x_nomem = 1;
	return c->x_nomem ? -1 : 0;
}

static int
needs_guard(const char *s, size_t n)
{
	return n > 0 && (s[0] == '#' || s[0] == '*' || s[0] == '>' ||
	    (n >= 2 && s[0] == '=' && s[1] == '>') ||
	    (n >= 3 && memcmp(s, "```", 3) == 0));
}

struct linkref {
	const struct link	*lr_link;
	size_t			 lr_i;
};

static int
linkcmp(const void *x, const void *y)
{
	const struct linkref	*a = x, *b = y;
	int			 r;

	if ((r = strcmp(a->lr_link->k_url, b->lr_link->k_url)) != 0)
		return r;
	return a->lr_i < b->lr_i ? -1 : a->lr_i > b->lr_i;
}

/* Writes the pending links, each URL once, in the order they came. */
static void
flush_links(struct ctx *c, struct buf *body, struct vec *links)
{
	struct linkref	*lr;
	struct link	*k;
	unsigned char	*dup;
	size_t		 i, n = links->v_n;

	if (n == 0)
		return;
	lr = calloc(n, sizeof(*lr));
	dup = calloc(n, 1);
	if (lr == NULL || dup == NULL) {
		c->x_nomem = 1;
		goto done;
	}
	for (i = 0; i < n; i++) {
		lr[i].lr_link = VEC_AT(links, struct link, i);
		lr[i].lr_i = i;
	}
	qsort(lr, n, sizeof(*lr), linkcmp);
	for (i = 1; i < n; i++)
		if (strcmp(lr[i].lr_link->k_url, lr[i - 1].lr_link->k_url) == 0)
			dup[lr[i].lr_i] = 1;
	for (i = 0; i < n; i++) {
		if (dup[i])
			continue;
		k = VEC_AT(links, struct link, i);
		buf_puts(body, "=> ");
		buf_puts(body, k->k_url);
		if (*k->k_label != '\0') {
			buf_putc(body, ' ');
			buf_puts(body, k->k_label);
		}
		buf_putc(body, '\n');
	}
done:
	free(lr);
	free(dup);
	links->v_n = 0;
}

/*
 * Code as written, tabs expanded (the store keeps no control bytes); the
 * links of a table's cells into links.
 */
static void
write_pre(struct ctx *c, const struct block *b, struct buf *body,
    struct vec *links)
{
	struct line	*l;
	size_t		 i, k, col;

	if (body->b_len > 0)
		buf_putc(body, '\n');
	buf_puts(body, "```");
	if (b->b_info != NULL)
		buf_puts(body, b->b_info);
	buf_putc(body, '\n');
	for (i = b->b_first; i < b->b_first + b->b_n; i++) {
		l = ctx_line(c, i);
		if (line_links(c, l, links) == -1)
			return;
		if (l->l_len >= 3 && memcmp(l->l_s, "```", 3) == 0)
			buf_putc(body, ' ');
		for (k = col = 0; k < l->l_len; k++) {
			if (l->l_s[k] == '\t') {
				do
					buf_putc(body, ' ');
				while (++col % TAB_STOP != 0);
				continue;
			}
			buf_putc(body, l->l_s[k]);
			if (((unsigned char)l->l_s[k] & 0xc0) != 0x80)
				col++;
		}
		buf_putc(body, '\n');
	}
	buf_puts(body, "```\n");
}

/* A text line with the marker of its block's kind. */
static void
write_text(const struct block *b, const struct buf *text, struct buf *body)
{
	int	 lvl;

	switch (b->b_kind) {
	case B_HEAD:
		for (lvl = 0; lvl < b->b_level && lvl < 3; lvl++)
			buf_putc(body, '#');
		buf_putc(body, ' ');
		break;
	case B_ITEM:
		buf_puts(body, "* ");
		break;
	case B_QUOTE:
		buf_puts(body, "> ");
		break;
	default:
		if (needs_guard(text->b_data, text->b_len))
			buf_putc(body, ' ');
		break;
	}
	buf_add(body, text->b_data, text->b_len);
	buf_putc(body, '\n');
}

/* One blank line between blocks; items and quote lines run together. */
int
emit_body(struct ctx *c, struct buf *body)
{
	struct buf	 text = BUF_INIT;
	struct vec	 links = VEC_INIT(struct link);
	struct block	*b;
	size_t		 bi, before;
	int		 run = -1, same;

	buf_truncate(body, 0);
	for (bi = 0; bi < c->x_blocks.v_n && !c->x_nomem; bi++) {
		if (!ctx_block_live(c, bi))
			continue;
		b = ctx_block(c, bi);
		same = (b->b_kind == B_ITEM || b->b_kind == B_QUOTE) &&
		    (int)b->b_kind == run;
		if (!same) {
			flush_links(c, body, &links);
			run = -1;
		}
		if (b->b_kind == B_PRE) {
			write_pre(c, b, body, &links);
			flush_links(c, body, &links);
			continue;
		}
		before = links.v_n;
		if (emit_block_text(c, b, &text, &links) == -1)
			break;
		if (text.b_len == 0 && links.v_n == before)
			continue;
		if (!same && body->b_len > 0)
			buf_putc(body, '\n');
		if (text.b_len > 0)
			write_text(b, &text, body);
		if (b->b_kind == B_ITEM || b->b_kind == B_QUOTE)
			run = (int)b->b_kind;
		else
			flush_links(c, body, &links);
	}
	flush_links(c, body, &links);
	if (buf_ok(body) == -1 || buf_ok(&text) == -1)
		c->x_nomem = 1;
	buf_free(&text);
	free(links.v_p);
	return c->x_nomem ? -1 : 0;
}
