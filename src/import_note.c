/*
 * import_note: Markdown footnotes, which md4c (0.4) does not parse.
 *
 * Before md4c sees the text, each definition "[^LABEL]: text" (at most
 * three spaces in, outside fenced code) leaves it, with the lines that
 * continue it: the ones up to the next blank line, and after a blank line
 * those indented four columns or more.  A blank line takes its place, so
 * what was around it stays apart.  The definitions become a second
 * Markdown document, one paragraph "[LABEL] text" each in the order they
 * were written, followed by the reference definitions of the first
 * ("[x]: url" on one line) so that links by reference work in notes too.
 * In the text, a reference "[^LABEL]" to a defined note reads "[LABEL]".
 * So the reader finds "[1]" in a paragraph and "[1] ..." at the end of
 * the body.  See import_int.h.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "import_int.h"

struct notes {
	struct buf	 n_src;		/* the notes as Markdown */
	struct buf	 n_refs;	/* the reference definitions */
	struct vec	 n_labels;	/* const char *, sorted */
	size_t		 n_count;
};

/*
 * A fence line (CommonMark 4.5): its character and length, or 0.  In a
 * fence opened by ch and len, only a closing fence counts.
 */
static size_t
fence(const char *s, size_t n, char ch, size_t len)
{
	size_t	 k = 0;

	if (n == 0 || (s[0] != '`' && s[0] != '~') || (ch != 0 && s[0] != ch))
		return 0;
	while (k < n && s[k] == s[0])
		k++;
	if (k < 3 || (ch != 0 && (k < len || !norm_blank(s + k, n - k))))
		return 0;
	if (s[0] == '`' && memchr(s + k, '`', n - k) != NULL)
		return 0;
	return k;
}

/* "[^LABEL]:" at s: the length of LABEL, or 0. */
static size_t
definition(const char *s, size_t n)
{
	size_t	 i;

	if (n < 5 || s[0] != '[' || s[1] != '^')
		return 0;
	for (i = 2; i < n && i - 2 <= LABEL_MAX && s[i] != ']'; i++)
		if (is_ws(s[i]) || s[i] == '[' || s[i] == '\\')
			return 0;
	if (i == 2 || i + 1 >= n || s[i] != ']' || s[i + 1] != ':')
		return 0;
	return i - 2;
}

static int
labelcmp(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Opens the note's paragraph: "\[LABEL\] ", its punctuation escaped. */
static int
note_open(struct ctx *c, struct notes *nt, const char *label, size_t n)
{
	const char	**lp;
	size_t		 i;

	if ((lp = vec_add(&nt->n_labels)) == NULL ||
	    (*lp = ctx_strndup(c, label, n)) == NULL)
		return -1;
	if (nt->n_src.b_len > 0)
		buf_add(&nt->n_src, "\n\n", 2);
	buf_add(&nt->n_src, "\\[", 2);
	for (i = 0; i < n; i++) {
		if (is_punct(label[i]))
			buf_putc(&nt->n_src, '\\');
		buf_putc(&nt->n_src, label[i]);
	}
	buf_add(&nt->n_src, "\\] ", 3);
	nt->n_count++;
	return 0;
}

/*
 * One line of the main text: 1 when it belongs to a note (and went to
 * it), 0 when it stays.  *in says whether a note is open: 1 on its lines,
 * 2 after a blank line in it.
 */
static int
note_line(struct ctx *c, struct notes *nt, const char *p, size_t len,
    int *in)
{
	size_t	 off, col = norm_indent(p, len, &off), k;

	if (norm_blank(p, len)) {
		if (*in)
			*in = 2;
		return 0;
	}
	if (col <= 3 && (k = definition(p + off, len - off)) > 0) {
		if (note_open(c, nt, p + off + 2, k) == -1)
			return -1;
		off += k + 4;
		*in = 1;
	} else if (*in == 1 || (*in == 2 && col >= 4))
		buf_putc(&nt->n_src, '\n');
	else {
		*in = 0;
		return 0;
	}
	*in = 1;
	buf_add(&nt->n_src, p + off, len - off);
	return 1;
}

/*
 * Splits s[0..n) into the main text (into src) and its notes; *out is
 * NULL when there are none.
 */
int
note_split(struct ctx *c, const char *s, size_t n, struct buf *src,
    struct notes **out)
{
	struct notes	*nt;
	size_t		 pos = 0, start, len, off, k, flen = 0;
	const char	*p;
	char		 fch = 0;
	int		 in = 0, r;

	*out = NULL;
	if ((nt = calloc(1, sizeof(*nt))) == NULL)
		return -1;
	nt->n_labels.v_size = sizeof(const char *);
	while (norm_next_line(s, n, &pos, &start, &len)) {
		p = s + start;
		r = 0;
		if (norm_indent(p, len, &off) <= 3 &&
		    (k = fence(p + off, len - off, fch, flen)) > 0) {
			fch = fch == 0 ? p[off] : 0;
			flen = k;
			in = 0;
		} else if (fch == 0 && (r = note_line(c, nt, p, len, &in)) ==
		    -1)
			goto fail;
		else if (fch == 0 && r == 0 && norm_indent(p, len, &off) <= 3 &&
		    detect_refdef(p + off, len - off)) {
			buf_add(&nt->n_refs, p + off, len - off);
			buf_putc(&nt->n_refs, '\n');
		}
		if (r == 0)
			buf_add(src, p, len);
		buf_putc(src, '\n');
	}
	if (buf_ok(src) == -1 || buf_ok(&nt->n_src) == -1 ||
	    buf_ok(&nt->n_refs) == -1)
		goto fail;
	if (nt->n_count == 0) {
		note_free(nt);
		return 0;
	}
	buf_add(&nt->n_src, "\n\n", 2);
	buf_add(&nt->n_src, nt->n_refs.b_data, nt->n_refs.b_len);
	qsort(nt->n_labels.v_p, nt->n_labels.v_n, sizeof(const char *),
	    labelcmp);
	*out = nt;
	return buf_ok(&nt->n_src);
fail:
	note_free(nt);
	return -1;
}

/* The notes as a Markdown document. */
const char *
note_source(const struct notes *nt, size_t *len)
{
	*len = nt->n_src.b_len;
	return nt->n_src.b_data;
}

static int
defined(const struct notes *nt, const char *s, size_t n)
{
	char	 key[LABEL_MAX + 1];

	if (n > LABEL_MAX)
		return 0;
	memcpy(key, s, n);
	key[n] = '\0';
	return bsearch(&(const char *){ key }, nt->n_labels.v_p,
	    nt->n_labels.v_n, sizeof(const char *), labelcmp) != NULL;
}

/* "[^LABEL]" in line[from..], LABEL defined, becomes "[LABEL]". */
void
note_refs(const struct notes *nt, struct buf *line, size_t from)
{
	char	*s = line->b_data;
	size_t	 n = line->b_len, i, o, j;

	if (nt == NULL || n == 0)
		return;
	for (i = o = from; i < n; i++) {
		s[o++] = s[i];
		if (s[i] != '[' || i + 1 >= n || s[i + 1] != '^')
			continue;
		for (j = i + 2; j < n && j - i - 2 <= LABEL_MAX &&
		    s[j] != ']' && s[j] != '[' && !is_ws(s[j]); j++)
			;
		if (j < n && s[j] == ']' && j > i + 2 &&
		    defined(nt, s + i + 2, j - i - 2))
			i++;
	}
	buf_truncate(line, o);
}

void
note_free(struct notes *nt)
{
	if (nt == NULL)
		return;
	buf_free(&nt->n_src);
	buf_free(&nt->n_refs);
	free(nt->n_labels.v_p);
	free(nt);
}
