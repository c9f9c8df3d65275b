/*
 * import_ctx: the document an import works on, which every stage of
 * import*.c reads and changes: the arena its strings live in until the
 * import ends, the growable arrays (vec), the lines and the blocks they
 * form, and which of them are still live.  It calls no other stage, so
 * that the stages depend on it and never on each other through
 * import.c.  A pure module, like the rest of the importer.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "import_int.h"
#include "utf8.h"

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

/*
 * A tag in the store is [a-z0-9-]+ (DESIGN.md): letters lose their
 * accents and case, white space, '-' and '_' become one '-', anything
 * else goes.  Tags are split at ',', ';' and '|'.
 */
void
ctx_add_tags(struct ctx *c, const char *s, size_t n)
{
	char		 tag[ARTICLE_SLUG_MAX + 1], one[2];
	const char	*f, **t;
	size_t		 i = 0, o, k, j;
	uint32_t	 cp;
	int		 dash;

	while (i < n && c->x_tags.v_n < TAGS_MAX) {
		o = 0;
		dash = 0;
		for (; i < n && s[i] != ',' && s[i] != ';' && s[i] != '|';
		    i += k) {
			if ((k = utf8_decode(s + i, n - i, &cp)) == 0) {
				k = 1;
				continue;
			}
			if (cp < 0x80) {
				one[0] = (char)cp;
				one[1] = '\0';
				f = one;
			} else if ((f = utf8_fold(cp)) == NULL)
				continue;
			for (; *f != '\0'; f++) {
				if (is_ws(*f) || *f == '-' || *f == '_')
					dash = 1;
				else if (is_alnum(*f) && o < ARTICLE_SLUG_MAX &&
				    !(dash && o > 0 &&
				    o + 1 >= ARTICLE_SLUG_MAX)) {
					if (dash && o > 0)
						tag[o++] = '-';
					tag[o++] = lower(*f);
					dash = 0;
				}
			}
		}
		i++;
		tag[o] = '\0';
		if (o == 0)
			continue;
		for (j = 0; j < c->x_tags.v_n; j++)
			if (strcmp(*VEC_AT(&c->x_tags, const char *, j),
			    tag) == 0)
				break;
		if (j < c->x_tags.v_n)
			continue;
		if ((t = vec_add(&c->x_tags)) == NULL) {
			c->x_nomem = 1;
			return;
		}
		*t = ctx_strndup(c, tag, o);
	}
}

void
ctx_add_related(struct ctx *c, const char *s, size_t n)
{
	const char	**r;

	if (n == 0)
		return;
	if ((r = vec_add(&c->x_related)) == NULL) {
		c->x_nomem = 1;
		return;
	}
	*r = ctx_clean(c, s, n);
}

void
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
