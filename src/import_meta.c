/*
 * import_meta: the headers an article's text holds besides boilerplate:
 * tags, front matter, the title, the photo block (alt, credit, caption),
 * and for plain text the dek (Summary) and subheadings.  See
 * import_int.h.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "buf.h"
#include "import_int.h"
#include "utf8.h"

/* What the heuristics accept, in code points. */
#define TITLE_MAX	150
#define DEK_MAX		400
#define DEK_WORDS	6
#define SUBHEAD_MAX	80
#define ALT_MAX		120
#define CAPTION_MAX	300

/* Front matter. */
static int
is_dashes(const char *s, size_t n, const char *mark)
{
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r'))
		n--;
	return n == strlen(mark) && memcmp(s, mark, n) == 0;
}

/*
 * Front matter as static site generators read it: a first line "---",
 * then "key: value" lines, then "---" or "..." alone.  Sets *body and
 * *end around the key lines and returns the offset after the closing
 * line, or 0 when there is no front matter.
 */
size_t
meta_fm_bounds(const char *s, size_t n, size_t *body, size_t *end)
{
	size_t	 pos = 0, start, len;

	if (!norm_next_line(s, n, &pos, &start, &len) || !is_dashes(s, len, "---"))
		return 0;
	*body = pos;
	while (norm_next_line(s, n, &pos, &start, &len))
		if (is_dashes(s + start, len, "---") ||
		    is_dashes(s + start, len, "...")) {
			*end = start;
			return pos;
		}
	return 0;
}

static int
key_is(const char *s, size_t n, const char *name)
{
	return strlen(name) == n && norm_starts_ci(s, n, name) == n;
}

static void
unquote(const char **v, size_t *vn)
{
	norm_trim(v, vn);
	if (*vn >= 2 && ((*v)[0] == '"' || (*v)[0] == '\'') &&
	    (*v)[*vn - 1] == (*v)[0]) {
		(*v)++;
		*vn -= 2;
	}
}

/*
 * Reads title, date, author, summary (or description) and tags (or
 * keywords) from front matter; a tags key with no value takes the
 * "- item" lines under it.
 */
size_t
meta_front_matter(struct ctx *c)
{
	const char	*s = c->x_buf.b_data, *p, *v;
	size_t		 n = c->x_buf.b_len, pos, end, after, start, len;
	size_t		 k, vn;
	int		 intags = 0;
	char		*date;

	if ((after = meta_fm_bounds(s, n, &pos, &end)) == 0)
		return 0;
	while (norm_next_line(s, end, &pos, &start, &len)) {
		p = s + start;
		if (intags && len > 0 && (p[0] == ' ' || p[0] == '-')) {
			v = p;
			vn = len;
			norm_trim(&v, &vn);
			if (vn > 0 && v[0] == '-') {
				v++;
				vn--;
				unquote(&v, &vn);
				ctx_add_tags(c, v, vn);
			}
			continue;
		}
		intags = 0;
		for (k = 0; k < len && (is_alnum(p[k]) || p[k] == '_' ||
		    p[k] == '-'); k++)
			;
		if (k == 0 || k >= len || p[k] != ':')
			continue;
		v = p + k + 1;
		vn = len - k - 1;
		unquote(&v, &vn);
		if (key_is(p, k, "title")) {
			if (c->x_title == NULL && vn > 0)
				c->x_title = ctx_clean(c, v, vn);
		} else if (key_is(p, k, "date")) {
			/* A bare day is midnight UTC, so it stays RFC 3339. */
			if (vn == 10 && v[4] == '-' && v[7] == '-') {
				if ((date = ctx_alloc(c, 20)) != NULL) {
					memcpy(date, v, 10);
					memcpy(date + 10, "T00:00:00Z", 10);
				}
				c->x_date = date;
			} else if (vn > 0)
				c->x_date = ctx_clean(c, v, vn);
		} else if (key_is(p, k, "author")) {
			if (c->x_author == NULL && vn > 0)
				c->x_author = ctx_clean(c, v, vn);
		} else if (key_is(p, k, "summary") ||
		    key_is(p, k, "description")) {
			if (c->x_summary == NULL && vn > 0)
				c->x_summary = ctx_clean(c, v, vn);
		} else if (key_is(p, k, "tags") || key_is(p, k, "keywords")) {
			if (vn >= 2 && v[0] == '[' && v[vn - 1] == ']') {
				v++;
				vn -= 2;
			}
			ctx_add_tags(c, v, vn);
			intags = vn == 0;
		}
	}
	return after;
}

/* Title, photo, dek, subheadings. */

/*
 * A title line: short, and not ending like a sentence or a lead-in
 * (". ! ? : , ;").
 */
static int
title_like(const char *s, size_t n)
{
	return n > 0 && utf8_length(s, n) <= TITLE_MAX &&
	    strchr(".!?:,;", s[n - 1]) == NULL;
}

/*
 * The title comes from the first block when it is a heading, or a single
 * line that reads as a title.  With a title given already it is only
 * dropped as a duplicate.
 */
int
meta_lift_title(struct ctx *c)
{
	struct buf	 sb = BUF_INIT;
	struct block	*b;
	struct line	*l;
	const char	*t = NULL;
	size_t		 bi, li, tl = 0;

	if ((bi = ctx_first_live(c, 0)) == NONE)
		return 0;
	b = ctx_block(c, bi);
	if (b->b_kind == B_HEAD) {
		if (emit_block_text(c, b, &sb, NULL) == -1) {
			buf_free(&sb);
			return -1;
		}
		t = sb.b_data;
		tl = sb.b_len;
	} else if (b->b_kind == B_PARA && ctx_live_lines(c, b, &li) == 1) {
		l = ctx_line(c, li);
		if (title_like(l->l_view, l->l_vlen)) {
			t = l->l_view;
			tl = l->l_vlen;
		}
	}
	if (tl > 0) {
		if (c->x_title == NULL) {
			c->x_title = ctx_strndup(c, t, tl);
			b->b_dead = 1;
		} else if (norm_same_ci(c->x_title, t, tl))
			b->b_dead = 1;
	}
	buf_free(&sb);
	return c->x_nomem ? -1 : 0;
}

static int
alt_like(const char *s, size_t n)
{
	return n > 0 && utf8_length(s, n) <= ALT_MAX &&
	    strchr(".!?", s[n - 1]) == NULL;
}

/* The live lines of a block from line index from on, joined; they die. */
static const char *
join_from(struct ctx *c, const struct block *b, size_t from)
{
	struct buf	 sb = BUF_INIT;
	struct line	*l;
	const char	*p = NULL;
	size_t		 i;

	for (i = from; i < b->b_first + b->b_n; i++) {
		if ((l = ctx_line(c, i))->l_dead)
			continue;
		if (sb.b_len > 0)
			buf_putc(&sb, ' ');
		buf_add(&sb, l->l_view, l->l_vlen);
		l->l_dead = 1;
	}
	if (buf_ok(&sb) == -1)
		c->x_nomem = 1;
	else
		p = ctx_strndup(c, sb.b_data, sb.b_len);
	buf_free(&sb);
	return p;
}

/*
 * A photo block: the credit line, the short line just before it (in its
 * paragraph, or a one-line paragraph before it) as the alt text, and what
 * follows it in its paragraph as the caption.  When the credit stands
 * alone, a one-line paragraph after it is the caption.
 */
static void
photo_block(struct ctx *c, size_t bi, size_t li, const char *credit,
    size_t creditn)
{
	struct block	*b = ctx_block(c, bi), *pb;
	struct line	*l;
	size_t		 i, prev = NONE, pbi, pli, after = 0;
	int		 first = !c->x_photo, glued = 0;
	const char	*caption;

	c->x_photo = 1;
	if (first)
		c->x_credit = ctx_clean(c, credit, creditn);
	ctx_line(c, li)->l_dead = 1;
	for (i = b->b_first; i < li; i++)
		if (!ctx_line(c, i)->l_dead)
			prev = i;
	/* A line of its own that came right after its alt line. */
	if (prev == NONE && b->b_glued && bi > 0 &&
	    (pb = ctx_block(c, bi - 1))->b_kind == B_PARA && !pb->b_dead &&
	    ctx_live_lines(c, pb, &pli) == 1) {
		l = ctx_line(c, pli);
		if (alt_like(l->l_view, l->l_vlen)) {
			if (first)
				c->x_alt = ctx_strndup(c, l->l_view, l->l_vlen);
			l->l_dead = 1;
		}
		glued = 1;
	} else if (prev != NONE) {
		l = ctx_line(c, prev);
		if (alt_like(l->l_view, l->l_vlen)) {
			if (first)
				c->x_alt = ctx_strndup(c, l->l_view, l->l_vlen);
			l->l_dead = 1;
		}
	} else {
		for (pbi = bi; pbi-- > 0 && !ctx_block_live(c, pbi);)
			;
		if (pbi != NONE && (pb = ctx_block(c, pbi))->b_kind == B_PARA &&
		    ctx_live_lines(c, pb, &pli) == 1 &&
		    alt_like(ctx_line(c, pli)->l_view,
		    ctx_line(c, pli)->l_vlen)) {
			l = ctx_line(c, pli);
			if (first)
				c->x_alt = ctx_strndup(c, l->l_view, l->l_vlen);
			l->l_dead = 1;
		}
	}
	for (i = li + 1; i < b->b_first + b->b_n; i++)
		if (!ctx_line(c, i)->l_dead)
			after++;
	if (after > 0) {
		caption = join_from(c, b, li + 1);
		if (first && caption != NULL)
			c->x_caption = caption;
		return;
	}
	if (prev != NONE || (i = ctx_first_live(c, bi + 1)) == NONE)
		return;
	pb = ctx_block(c, i);
	/* Glued to its alt line, only a line glued after it is a caption. */
	if (pb->b_kind != B_PARA || (pb->b_story && !glued) ||
	    ctx_live_lines(c, pb, &pli) != 1 ||
	    (glued && (!pb->b_glued || i != bi + 1)))
		return;
	l = ctx_line(c, pli);
	/* "Foto/Quelle: dts" under "Foto: ...": a second credit, no caption. */
	if (rules_photo(l->l_view, l->l_vlen, &credit, &creditn)) {
		l->l_dead = 1;
		return;
	}
	if (utf8_length(l->l_view, l->l_vlen) <= CAPTION_MAX) {
		if (first)
			c->x_caption = ctx_strndup(c, l->l_view, l->l_vlen);
		l->l_dead = 1;
	}
}

void
meta_lift_photo(struct ctx *c)
{
	struct block	*b;
	struct line	*l;
	const char	*v;
	size_t		 bi, li, vn;

	for (bi = 0; bi < c->x_blocks.v_n; bi++) {
		b = ctx_block(c, bi);
		if (b->b_kind != B_PARA || b->b_dead)
			continue;
		for (li = b->b_first; li < b->b_first + b->b_n; li++) {
			l = ctx_line(c, li);
			if (!l->l_dead && rules_photo(l->l_view, l->l_vlen, &v,
			    &vn))
				photo_block(c, bi, li, v, vn);
		}
	}
}

/* A closing quote or bracket after the end of a sentence. */
static size_t
closing_marks(const char *s, size_t n)
{
	size_t	 k = n;

	for (;;) {
		if (k >= 1 && (s[k - 1] == '"' || s[k - 1] == '\'' ||
		    s[k - 1] == ')'))
			k--;
		else if (k >= 3 && (memcmp(s + k - 3, "\xe2\x80\x9d", 3) == 0 ||
		    memcmp(s + k - 3, "\xe2\x80\x99", 3) == 0))
			k -= 3;
		else
			return n - k;
	}
}

/*
 * A dek is one full sentence or a few: it starts with a capital, a digit
 * or a quote, ends with ". ! ?" (a closing quote may follow), has at least
 * DEK_WORDS words and at most DEK_MAX code points.
 */
static int
dek_like(const char *s, size_t n)
{
	unsigned char	 c0, c1;

	if (n == 0 || utf8_length(s, n) > DEK_MAX ||
	    norm_words(s, n) < DEK_WORDS)
		return 0;
	c0 = (unsigned char)s[0];
	c1 = n > 1 ? (unsigned char)s[1] : 0;
	if (!is_upper(s[0]) && !is_digit(s[0]) && s[0] != '"' && s[0] != '\'' &&
	    !(n >= 3 && (memcmp(s, "\xe2\x80\x9c", 3) == 0 ||
	    memcmp(s, "\xe2\x80\x98", 3) == 0)) &&
	    !(c0 == 0xc3 && c1 >= 0x80 && c1 <= 0x9e && c1 != 0x97))
		return 0;
	n -= closing_marks(s, n);
	return n > 0 && strchr(".!?", s[n - 1]) != NULL;
}

void
meta_lift_dek(struct ctx *c)
{
	struct buf	 sb = BUF_INIT;
	struct block	*b;
	size_t		 bi;

	if (c->x_summary != NULL || (bi = ctx_first_live(c, 0)) == NONE)
		return;
	b = ctx_block(c, bi);
	if (b->b_kind == B_PARA && emit_block_text(c, b, &sb, NULL) == 0 &&
	    dek_like(sb.b_data, sb.b_len)) {
		c->x_summary = ctx_strndup(c, sb.b_data, sb.b_len);
		b->b_dead = 1;
	}
	buf_free(&sb);
}

static int
minor_word(const char *s, size_t n)
{
	static const char *const minor[] = {
		"a", "an", "and", "as", "at", "but", "by", "for", "from", "in",
		"into", "nor", "of", "on", "or", "per", "the", "to", "vs",
		"via", "with"
	};
	size_t	 i;

	while (n > 0 && is_punct(s[n - 1]))
		n--;
	for (i = 0; i < sizeof(minor) / sizeof(minor[0]); i++)
		if (strlen(minor[i]) == n && norm_starts_ci(s, n, minor[i]) == n)
			return 1;
	return 0;
}

/*
 * A subheading: a short line of two words or more, not ending with
 * punctuation, with at least three in four of its words that are not
 * articles or short prepositions capitalised ("Huawei Vs. the U.S.:
 * Brewing Tensions").
 */
static int
subhead_like(const char *s, size_t n)
{
	size_t	 i, j, sig = 0, caps = 0;

	if (n == 0 || utf8_length(s, n) > SUBHEAD_MAX || norm_words(s, n) < 2 ||
	    is_punct(s[n - 1]) || !(is_upper(s[0]) || is_digit(s[0])))
		return 0;
	for (i = 0; i < n; i = j + 1) {
		for (j = i; j < n && s[j] != ' '; j++)
			;
		if (minor_word(s + i, j - i))
			continue;
		sig++;
		if (is_upper(s[i]) || is_digit(s[i]) ||
		    ((unsigned char)s[i] & 0x80))
			caps++;
	}
	return sig > 0 && caps * 4 >= sig * 3;
}

void
meta_lift_subheads(struct ctx *c)
{
	struct block	*b;
	struct line	*l;
	size_t		 bi, li, last = NONE;

	for (bi = 0; bi < c->x_blocks.v_n; bi++)
		if (ctx_block_live(c, bi))
			last = bi;
	for (bi = 0; last != NONE && bi < last; bi++) {
		b = ctx_block(c, bi);
		if (!ctx_block_live(c, bi) || ctx_live_lines(c, b, &li) != 1)
			continue;
		l = ctx_line(c, li);
		if (subhead_like(l->l_view, l->l_vlen)) {
			b->b_kind = B_HEAD;
			b->b_level = 2;
		}
	}
}
