/*
 * import_table: a Markdown table (md4c's MD_FLAG_TABLES) as one
 * preformatted block, since gemtext has no tables.  Columns are padded to
 * line up, the header row is followed by a "---+---" rule, and the cells
 * keep their words with the markup gone:
 *
 *	Herb  | Sun
 *	------+--------
 *	Basil | Full
 *
 * A column wider than PAD_MAX is not padded, and a row's empty cells at
 * its end are not written, so the block stays within a small multiple of
 * the table as written however it is shaped.  See import_int.h.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "import_int.h"
#include "utf8.h"

#define PAD_MAX		30
#define RULE_MIN	3

struct cell {
	size_t	 c_off;		/* in t_text */
	size_t	 c_len;
	size_t	 c_width;	/* in code points */
	size_t	 c_col;
};

struct table {
	struct buf	 t_text;
	struct vec	 t_cells;
	struct vec	 t_widths;	/* size_t, per column */
	size_t		 t_col;		/* of the next cell */
	size_t		 t_head;	/* cells in header rows */
};

struct table *
table_new(void)
{
	struct table	*t;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	t->t_cells.v_size = sizeof(struct cell);
	t->t_widths.v_size = sizeof(size_t);
	return t;
}

void
table_free(struct table *t)
{
	if (t == NULL)
		return;
	buf_free(&t->t_text);
	free(t->t_cells.v_p);
	free(t->t_widths.v_p);
	free(t);
}

/* The next cell of the row, its text already squeezed. */
int
table_cell(struct table *t, const char *s, size_t n, int head)
{
	struct cell	*cl;
	size_t		*w;

	if ((cl = vec_add(&t->t_cells)) == NULL)
		return -1;
	cl->c_off = t->t_text.b_len;
	cl->c_len = n;
	cl->c_width = utf8_length(s, n);
	cl->c_col = t->t_col;
	buf_add(&t->t_text, s, n);
	if (t->t_col == t->t_widths.v_n && vec_add(&t->t_widths) == NULL)
		return -1;
	w = VEC_AT(&t->t_widths, size_t, t->t_col);
	if (cl->c_width > *w)
		*w = cl->c_width;
	t->t_col++;
	if (head)
		t->t_head = t->t_cells.v_n;
	return buf_ok(&t->t_text);
}

void
table_row_end(struct table *t)
{
	t->t_col = 0;
}

static size_t
pad_width(const struct table *t, size_t col)
{
	size_t	 w = *VEC_AT(&t->t_widths, size_t, col);

	return w > PAD_MAX ? 0 : w;
}

/* The rule under the header: each column's width in '-', '+' between. */
static void
write_rule(const struct table *t, struct buf *out)
{
	size_t	 col, w, k;

	for (col = 0; col < t->t_widths.v_n; col++) {
		if (col > 0)
			buf_add(out, "-+-", 3);
		w = pad_width(t, col);
		if (w < RULE_MIN)
			w = *VEC_AT(&t->t_widths, size_t, col) > PAD_MAX ?
			    PAD_MAX : RULE_MIN;
		for (k = 0; k < w; k++)
			buf_putc(out, '-');
	}
}

/*
 * Cells [from, to) as one line: padded, " | " between, the empty ones at
 * the end left out.
 */
static void
write_row(const struct table *t, size_t from, size_t to, struct buf *out)
{
	const struct cell	*cl;
	size_t			 i, k, w;

	while (to > from && VEC_AT(&t->t_cells, struct cell, to - 1)->c_len ==
	    0)
		to--;
	for (i = from; i < to; i++) {
		cl = VEC_AT(&t->t_cells, struct cell, i);
		if (i > from)
			buf_add(out, " | ", 3);
		if (cl->c_len > 0)
			buf_add(out, t->t_text.b_data + cl->c_off, cl->c_len);
		if (i + 1 == to)
			break;
		w = pad_width(t, cl->c_col);
		for (k = cl->c_width; k < w; k++)
			buf_putc(out, ' ');
	}
}

/* The line in out as the newest line of the newest block; out empties. */
static int
add_line(struct ctx *c, struct buf *out)
{
	const char	*p;

	if (buf_ok(out) == -1 || (p = ctx_strndup(c, out->b_data,
	    out->b_len)) == NULL || ctx_add_line(c, p, out->b_len) == -1) {
		c->x_nomem = 1;
		return -1;
	}
	buf_truncate(out, 0);
	return 0;
}

/* The table as a new preformatted block; its lines live in the arena. */
int
table_write(struct table *t, struct ctx *c)
{
	struct buf	 line = BUF_INIT;
	size_t		 from, to, n = t->t_cells.v_n;
	int		 rc = -1;

	if (ctx_add_block(c, B_PRE, 0) == NULL)
		return -1;
	for (from = 0; from < n; from = to) {
		for (to = from + 1; to < n &&
		    VEC_AT(&t->t_cells, struct cell, to)->c_col > 0; to++)
			;
		write_row(t, from, to, &line);
		if (add_line(c, &line) == -1)
			goto done;
		if (to == t->t_head) {
			write_rule(t, &line);
			if (add_line(c, &line) == -1)
				goto done;
		}
	}
	rc = 0;
done:
	buf_free(&line);
	return rc;
}
