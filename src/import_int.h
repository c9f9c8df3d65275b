/*
 * import_int: what the parts of the import module share; private to
 * src/import*.c.  Pure like import.h: libc, buf, utf8 and article only.
 *
 * One import is one struct ctx.  The input is normalised once into
 * x_buf; plain text splits it into lines in place, Markdown (through
 * md4c) writes the text of its lines to the arena.  Either way a block
 * is a run of contiguous lines, and a line owns a contiguous run of
 * x_links (the links that ended on it), so a line the rules kill takes
 * its links with it.  Every string a ctx holds lives in its arena and
 * goes with ctx_free().
 *
 * Who owns what:
 *   import.c         the entry point: the stages in order, the headers
 *   import_ctx.c     the arena, vectors, blocks and lines every stage shares
 *   import_norm.c    normalising and the text helpers; plain paragraphs
 *   import_rules.c   boilerplate lines (related, byline, copyright, ...)
 *   import_page.c    a web page's furniture around the story: what comes
 *                    before the headline, widgets, dates, captions, the
 *                    next post; plain text only
 *   import_date.c    date lines in many languages; word folding
 *   import_meta.c    tags, front matter, title, photo, dek, subheadings
 *   import_render.c  blocks to gemtext
 *   import_md.c      Markdown blocks and inlines through md4c
 *   import_table.c   Markdown tables as preformatted text
 *   import_note.c    Markdown footnotes, which md4c does not know
 *   import_entity.c  HTML entities
 *   import_detect.c  import_is_markdown()
 */
#ifndef CAPSULE_IMPORT_INT_H
#define CAPSULE_IMPORT_INT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "article.h"
#include "buf.h"

#define NONE		SIZE_MAX

/* A link label is cut at this many bytes (on a character boundary). */
#define LINK_TEXT_MAX	1000
/* CommonMark 4.7: "A link label can have at most 999 characters". */
#define LABEL_MAX	999
#define TAGS_MAX	ARTICLE_TAGS_MAX	/* what the validator takes */

enum kind { B_PARA, B_HEAD, B_ITEM, B_QUOTE, B_PRE };

struct vec {
	void	*v_p;
	size_t	 v_n;
	size_t	 v_cap;
	size_t	 v_size;
};

#define VEC_INIT(type)		{ NULL, 0, 0, sizeof(type) }
#define VEC_AT(v, type, i)	(&((type *)(v)->v_p)[i])

struct chunk {
	struct chunk	*c_next;
	size_t		 c_used;
	size_t		 c_size;
	char		 c_data[];
};

struct line {
	const char	*l_s;		/* as written (code keeps its spaces) */
	size_t		 l_len;
	const char	*l_view;	/* its words alone, for the rules */
	size_t		 l_vlen;
	size_t		 l_link;	/* its links in x_links */
	size_t		 l_nlink;
	int		 l_dead;
};

struct block {
	enum kind	 b_kind;
	int		 b_level;
	size_t		 b_first;	/* its lines are contiguous */
	size_t		 b_n;
	const char	*b_info;	/* code: the fence's info string */
	int		 b_dead;
	int		 b_glued;	/* plain: no blank line before it */
	int		 b_photo;	/* plain: a caption import_page took */
	int		 b_story;	/* plain: the story's first paragraph */
};

struct link {
	const char	*k_url;
	const char	*k_label;
};

struct ctx {
	int		 x_md;
	int		 x_nomem;
	struct buf	 x_buf;		/* the normalised input */
	struct vec	 x_lines;
	struct vec	 x_blocks;
	struct vec	 x_links;
	struct chunk	*x_arena;	/* every string below lives here */

	const char	*x_title;
	const char	*x_date;
	const char	*x_updated;
	const char	*x_predate;	/* a date above the headline */
	int		 x_page;	/* import_page.c found the story's start */
	const char	*x_author;
	struct vec	 x_tags;	/* const char * */
	const char	*x_summary;
	const char	*x_alt;
	const char	*x_caption;
	const char	*x_credit;
	int		 x_photo;	/* a photo credit was seen */
	struct vec	 x_related;	/* const char * */
	const char	*x_copyright;
	const char	*x_publisher;
};

static inline int
is_ws(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n';
}

static inline int
is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

static inline int
is_upper(char ch)
{
	return ch >= 'A' && ch <= 'Z';
}

static inline int
is_alpha(char ch)
{
	return is_upper(ch) || (ch >= 'a' && ch <= 'z');
}

static inline int
is_alnum(char ch)
{
	return is_alpha(ch) || is_digit(ch);
}

static inline char
lower(char ch)
{
	return is_upper(ch) ? (char)(ch - 'A' + 'a') : ch;
}

/* CommonMark 2.1: ASCII punctuation is !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~ */
static inline int
is_punct(char ch)
{
	return ch != '\0' && strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
	    ch) != NULL;
}

/* import_ctx.c: the arena, vectors, blocks and lines. */
void		*vec_add(struct vec *);
char		*ctx_alloc(struct ctx *, size_t);
char		*ctx_strndup(struct ctx *, const char *, size_t);
const char	*ctx_clean(struct ctx *, const char *, size_t);
struct line	*ctx_line(struct ctx *, size_t);
struct block	*ctx_block(struct ctx *, size_t);
struct block	*ctx_add_block(struct ctx *, enum kind, int level);
int		 ctx_add_line(struct ctx *, const char *, size_t);
size_t		 ctx_live_lines(struct ctx *, const struct block *,
		    size_t *first);
int		 ctx_block_live(struct ctx *, size_t);
size_t		 ctx_first_live(struct ctx *, size_t from);
void		 ctx_add_tags(struct ctx *, const char *, size_t);
void		 ctx_add_related(struct ctx *, const char *, size_t);
void		 ctx_free(struct ctx *);

/* import_norm.c */
int		 norm_blank(const char *, size_t);
size_t		 norm_starts_ci(const char *, size_t, const char *prefix);
int		 norm_contains_ci(const char *, size_t, const char *);
int		 norm_same_ci(const char *, const char *, size_t);
const char	*norm_find(const char *, size_t, const char *);
size_t		 norm_words(const char *, size_t);
void		 norm_trim(const char **, size_t *);
size_t		 norm_indent(const char *, size_t, size_t *off);
size_t		 norm_squeeze(char *, size_t);
int		 norm_next_line(const char *, size_t, size_t *pos,
		    size_t *start, size_t *len);
int		 norm_char(uint32_t);
void		 norm_text(const char *, size_t, struct buf *);

/* import_rules.c */
int		 rules_photo(const char *, size_t, const char **, size_t *);
void		 rules_lift(struct ctx *);

/* import_date.c */
size_t		 date_fold(const char *, size_t, char *, size_t);
int		 date_line(const char *, size_t, char out[11], int *updated);

/* import_page.c */
int		 page_glue(const char *prev, size_t, const char *next, size_t);
void		 page_pre(struct ctx *);
void		 page_lift(struct ctx *);

/* import_meta.c */
size_t		 meta_fm_bounds(const char *, size_t, size_t *body,
		    size_t *end);
size_t		 meta_front_matter(struct ctx *);
int		 meta_lift_title(struct ctx *);
void		 meta_lift_photo(struct ctx *);
void		 meta_lift_dek(struct ctx *);
void		 meta_lift_subheads(struct ctx *);

/* import_render.c */
int		 emit_block_text(struct ctx *, const struct block *,
		    struct buf *, struct vec *links);
int		 emit_body(struct ctx *, struct buf *);

/* import_md.c */
int		 md_read(struct ctx *, size_t from);
const char	*md_link_url(struct ctx *, const char *, size_t);

/* import_table.c: a table's rows, cell by cell, to preformatted lines. */
struct table;
struct table	*table_new(void);
void		 table_free(struct table *);
int		 table_cell(struct table *, const char *, size_t, int head);
void		 table_row_end(struct table *);
int		 table_write(struct table *, struct ctx *);

/* import_note.c */
struct notes;
int		 note_split(struct ctx *, const char *, size_t, struct buf *src,
		    struct notes **);
void		 note_refs(const struct notes *, struct buf *line, size_t from);
const char	*note_source(const struct notes *, size_t *len);
void		 note_free(struct notes *);

/* import_entity.c: an entity ("&amp;", "&#233;") as a code point, or -1. */
long		 entity_decode(const char *, size_t);

/* import_detect.c */
int		 detect_refdef(const char *, size_t);

#endif
