/*
 * import: see import.h.  A pure module: libc, article and utf8 only.
 *
 * The input goes through four stages, all on one normalised copy:
 *
 *  1. normalise: well-formed UTF-8 (each run of bad bytes becomes one
 *     U+FFFD, so the reader sees where text was lost), LF line ends, no
 *     control character but TAB, the odd spaces (NBSP, U+2007, U+202F and
 *     the like) made plain, the invisible ones (soft hyphen, zero-width
 *     space, BOM) dropped;
 *  2. blocks: paragraphs for plain text; paragraphs, headings, list items,
 *     quotes and code for Markdown;
 *  3. lifting: boilerplate lines (byline, tags, related headlines,
 *     publisher, copyright, photo credit) become headers, then the title,
 *     and for plain text the dek and the subheadings;
 *  4. rendering as gemtext, one blank line between blocks.
 *
 * Choices a reader of the result sees:
 *
 *  - Text that would start with a gemtext line marker ("=>", "#", "*",
 *    ">", "```") is written after one space.  Every gemtext parser reads a
 *    line that starts with a space as a text line, and it is the smallest
 *    change that keeps the words as they were.  A code line starting with
 *    "```" inside a preformatted block gets the same space, since it
 *    would end the block.
 *  - Markdown lists, ordered ones included, become "* " lines and nesting
 *    is flattened; the links of a list or a quote follow the whole list or
 *    quote, the links of a paragraph or heading follow it, each URL once.
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
#include "import.h"
#include "utf8.h"

#define NONE		SIZE_MAX

/* What the heuristics accept, in code points. */
#define TITLE_MAX	150
#define DEK_MAX		400
#define DEK_WORDS	6
#define SUBHEAD_MAX	80
#define ALT_MAX		120
#define CAPTION_MAX	300
#define CREDIT_MAX	200
#define BYLINE_MAX	80
#define BYLINE_WORDS	8
#define NOTICE_MAX	300
#define JOIN_MAX	60
#define TAGS_MAX	ARTICLE_TAGS_MAX	/* what the validator takes */

/* Bounds that keep the Markdown inline pass linear on hostile input. */
#define CODE_RUN_MAX	32
#define LINK_DEST_MAX	2048
#define LINK_TITLE_MAX	1024
#define LABEL_MAX	999
#define LINK_TEXT_MAX	1000

#define CHUNK_SIZE	8192
#define TAB_STOP	8

enum kind { B_PARA, B_HEAD, B_ITEM, B_QUOTE, B_PRE };

struct sbuf {
	char	*sb_buf;
	size_t	 sb_len;
	size_t	 sb_cap;
	int	 sb_err;
};

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
	const char	*l_s;		/* as written, in the normalised copy */
	size_t		 l_len;
	const char	*l_view;	/* its words alone, for the rules */
	size_t		 l_vlen;
	int		 l_dead;
};

struct block {
	enum kind	 b_kind;
	int		 b_level;
	size_t		 b_first;	/* its lines are contiguous */
	size_t		 b_n;
	const char	*b_info;	/* code: the fence's info string */
	size_t		 b_infolen;
	int		 b_dead;
};

struct link {
	const char	*k_url;
	const char	*k_label;
};

struct ref {
	const char	*r_label;	/* normalised */
	const char	*r_url;
	size_t		 r_order;
};

struct ctx {
	int		 x_md;
	int		 x_nomem;
	struct sbuf	 x_buf;		/* the normalised input */
	struct vec	 x_lines;
	struct vec	 x_blocks;
	struct vec	 x_refs;
	struct chunk	*x_arena;	/* every string below lives here */

	const char	*x_title;
	const char	*x_date;
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

/* Markdown inline state for one block. */
struct span {
	size_t	 s_start;
	size_t	 s_end;
	size_t	 s_cstart;
	size_t	 s_cend;
};

struct run {
	size_t	 r_pos;
	size_t	 r_len;
	size_t	 r_next;	/* next run of the same length */
};

struct pair {
	size_t	 p_open;
	size_t	 p_close;
};

struct delim {
	size_t		 d_pos;		/* in the output */
	size_t		 d_len;
	size_t		 d_below;	/* the opener under it */
	char		 d_ch;
	unsigned char	 d_open;
	unsigned char	 d_close;
	unsigned char	 d_gone;
};

struct frame {
	size_t		 f_close;	/* its ']' in the source */
	size_t		 f_end;		/* past the destination */
	size_t		 f_out;		/* output length at its text */
	size_t		 f_ndelim;
	size_t		 f_nlink;
	const char	*f_url;
	int		 f_image;
};

struct inl {
	struct ctx	*n_ctx;
	const char	*n_s;
	size_t		 n_len;
	struct sbuf	 n_out;
	struct vec	 n_spans;
	struct vec	 n_pairs;
	struct vec	 n_delims;
	struct vec	 n_frames;
	struct vec	 n_links;
	int		 n_nocomment;	/* no "-->" left in the text */
};

struct md {
	int	 m_open;		/* kind of the open block, or -1 */
	int	 m_list;		/* indented lines continue an item */
	int	 m_comment;
	char	 m_fch;			/* fenced code: the fence character */
	size_t	 m_flen;
	size_t	 m_findent;
};

/* Buffers and arena. */

static void
sb_add(struct sbuf *sb, const char *s, size_t n)
{
	char	*p;
	size_t	 cap;

	if (sb->sb_err)
		return;
	if (sb->sb_cap - sb->sb_len <= n) {
		cap = sb->sb_cap ? sb->sb_cap : 64;
		while (cap - sb->sb_len <= n) {
			if (cap > SIZE_MAX / 2) {
				sb->sb_err = 1;
				return;
			}
			cap *= 2;
		}
		if ((p = realloc(sb->sb_buf, cap)) == NULL) {
			sb->sb_err = 1;
			return;
		}
		sb->sb_buf = p;
		sb->sb_cap = cap;
	}
	if (n > 0)
		memcpy(sb->sb_buf + sb->sb_len, s, n);
	sb->sb_len += n;
	sb->sb_buf[sb->sb_len] = '\0';
}

static void
sb_addc(struct sbuf *sb, char ch)
{
	sb_add(sb, &ch, 1);
}

static void
sb_adds(struct sbuf *sb, const char *s)
{
	sb_add(sb, s, strlen(s));
}

/* Empties sb, keeping a terminated buffer so sb_buf is a string. */
static void
sb_reset(struct sbuf *sb)
{
	sb->sb_len = 0;
	sb_add(sb, "", 0);
}

static void *
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
static char *
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

static char *
ctx_strndup(struct ctx *c, const char *s, size_t n)
{
	char	*p;

	if ((p = ctx_alloc(c, n)) != NULL && n > 0)
		memcpy(p, s, n);
	return p;
}

/* Characters. */

static int
is_ws(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n';
}

static int
is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

static int
is_upper(char ch)
{
	return ch >= 'A' && ch <= 'Z';
}

static int
is_alpha(char ch)
{
	return is_upper(ch) || (ch >= 'a' && ch <= 'z');
}

static int
is_alnum(char ch)
{
	return is_alpha(ch) || is_digit(ch);
}

static char
lower(char ch)
{
	return is_upper(ch) ? (char)(ch - 'A' + 'a') : ch;
}

/* CommonMark 2.1: ASCII punctuation is !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~ */
static int
is_punct(char ch)
{
	return ch != '\0' && strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
	    ch) != NULL;
}

static int
is_blank(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

/* Length of prefix at s when s starts with it in any ASCII case, or 0. */
static size_t
starts_ci(const char *s, size_t n, const char *prefix)
{
	size_t	 i;

	for (i = 0; prefix[i] != '\0'; i++)
		if (i >= n || lower(s[i]) != prefix[i])
			return 0;
	return i;
}

static int
contains_ci(const char *s, size_t n, const char *pat)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (starts_ci(s + i, n - i, pat) > 0)
			return 1;
	return 0;
}

static int
same_ci(const char *a, const char *b, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (a[i] == '\0' || lower(a[i]) != lower(b[i]))
			return 0;
	return a[n] == '\0';
}

static const char *
find_str(const char *s, size_t n, const char *pat)
{
	size_t	 m = strlen(pat), i;

	for (i = 0; i + m <= n; i++)
		if (memcmp(s + i, pat, m) == 0)
			return s + i;
	return NULL;
}

static size_t
word_count(const char *s, size_t n)
{
	size_t	 i, words = 0;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && (i == 0 || s[i - 1] == ' '))
			words++;
	return words;
}

static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && is_ws(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && is_ws((*s)[*n - 1]))
		(*n)--;
}

/* Tabs and newlines become spaces, runs of spaces one, the ends none. */
static size_t
squeeze(char *s, size_t n)
{
	size_t	 i, o = 0;
	char	 ch;

	for (i = 0; i < n; i++) {
		ch = is_ws(s[i]) ? ' ' : s[i];
		if (ch == ' ' && (o == 0 || s[o - 1] == ' '))
			continue;
		s[o++] = ch;
	}
	if (o > 0 && s[o - 1] == ' ')
		o--;
	return o;
}

static const char *
ctx_clean(struct ctx *c, const char *s, size_t n)
{
	char	*p;

	if ((p = ctx_strndup(c, s, n)) == NULL)
		return NULL;
	p[squeeze(p, n)] = '\0';
	return p;
}

/*
 * The next line of s[*pos..n), without its LF, as s[*start..*start+*len);
 * 0 at the end.
 */
static int
next_line(const char *s, size_t n, size_t *pos, size_t *start, size_t *len)
{
	const char	*eol;

	if (*pos >= n)
		return 0;
	*start = *pos;
	if ((eol = memchr(s + *pos, '\n', n - *pos)) == NULL) {
		*len = n - *pos;
		*pos = n;
	} else {
		*len = (size_t)(eol - (s + *pos));
		*pos += *len + 1;
	}
	return 1;
}

/* Normalising. */

/* What normalising makes of cp: a byte to write, 0 to drop it, -1 to keep. */
static int
normal_char(uint32_t cp)
{
	if (cp >= 0x80 && cp <= 0x9f)
		return 0;
	if (cp >= 0x2000 && cp <= 0x200a)
		return ' ';
	switch (cp) {
	case 0x00a0: case 0x1680: case 0x202f: case 0x205f: case 0x3000:
		return ' ';
	case 0x2028: case 0x2029:
		return '\n';
	case 0x00ad: case 0x200b: case 0x2060: case 0xfeff:
		return 0;
	}
	return -1;
}

/*
 * RFC 3629, section 3: "Implementations of the decoding algorithm above
 * MUST protect against decoding invalid sequences."  Each run of them
 * becomes one U+FFFD.  CR LF and a lone CR end a line as LF does.
 */
static void
normalise(const char *s, size_t n, struct sbuf *out)
{
	size_t		 i = 0, k;
	uint32_t	 cp;
	int		 bad = 0, r;
	unsigned char	 ch;

	sb_reset(out);
	while (i < n) {
		ch = (unsigned char)s[i];
		if (ch < 0x80) {
			i++;
			bad = 0;
			if (ch == '\r') {
				if (i < n && s[i] == '\n')
					i++;
				sb_addc(out, '\n');
			} else if (ch == '\n' || ch == '\t' ||
			    (ch >= 0x20 && ch != 0x7f))
				sb_addc(out, (char)ch);
			continue;
		}
		if ((k = utf8_decode(s + i, n - i, &cp)) == 0) {
			if (!bad)
				sb_add(out, "\xef\xbf\xbd", 3);
			bad = 1;
			i++;
			continue;
		}
		bad = 0;
		if ((r = normal_char(cp)) == -1)
			sb_add(out, s + i, k);
		else if (r != 0)
			sb_addc(out, (char)r);
		i += k;
	}
}

/* A caller's string, normalised and squeezed; NULL when nothing is left. */
static const char *
ctx_opt(struct ctx *c, const char *s)
{
	struct sbuf	 sb = { NULL, 0, 0, 0 };
	const char	*p = NULL;

	normalise(s, strlen(s), &sb);
	if (sb.sb_err)
		c->x_nomem = 1;
	else if ((sb.sb_len = squeeze(sb.sb_buf, sb.sb_len)) > 0)
		p = ctx_strndup(c, sb.sb_buf, sb.sb_len);
	free(sb.sb_buf);
	return p;
}

/* Blocks and lines. */

static struct line *
line_at(struct ctx *c, size_t i)
{
	return VEC_AT(&c->x_lines, struct line, i);
}

static struct block *
block_at(struct ctx *c, size_t i)
{
	return VEC_AT(&c->x_blocks, struct block, i);
}

static struct block *
last_block(struct ctx *c)
{
	return c->x_blocks.v_n > 0 ? block_at(c, c->x_blocks.v_n - 1) : NULL;
}

static struct block *
add_block(struct ctx *c, enum kind kind, int level)
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

/* Lines only ever go to the newest block, which keeps each contiguous. */
static int
add_line(struct ctx *c, const char *s, size_t n)
{
	struct line	*l;

	if ((l = vec_add(&c->x_lines)) == NULL) {
		c->x_nomem = 1;
		return -1;
	}
	l->l_s = l->l_view = s;
	l->l_len = l->l_vlen = n;
	last_block(c)->b_n++;
	return 0;
}

/* How many lines of b are live; *first, when asked, is the first or NONE. */
static size_t
live_lines(struct ctx *c, const struct block *b, size_t *first)
{
	size_t	 i, n = 0, f = NONE;

	for (i = b->b_first; i < b->b_first + b->b_n; i++)
		if (!line_at(c, i)->l_dead && n++ == 0)
			f = i;
	if (first != NULL)
		*first = f;
	return n;
}

static int
block_live(struct ctx *c, size_t bi)
{
	struct block	*b = block_at(c, bi);

	return !b->b_dead && live_lines(c, b, NULL) > 0;
}

/* Plain text: paragraphs are runs of non-blank lines. */
static int
plain_blocks(struct ctx *c)
{
	char	*s = c->x_buf.sb_buf;
	size_t	 n = c->x_buf.sb_len, pos = 0, start, len;
	int	 open = 0;

	while (next_line(s, n, &pos, &start, &len)) {
		if ((len = squeeze(s + start, len)) == 0) {
			open = 0;
			continue;
		}
		if (!open && add_block(c, B_PARA, 0) == NULL)
			return -1;
		open = 1;
		if (add_line(c, s + start, len) == -1)
			return -1;
	}
	return 0;
}

/* Tags and header values. */

/*
 * A tag in the store is [a-z0-9-]+ (DESIGN.md): letters lose their
 * accents and case, white space, '-' and '_' become one '-', anything
 * else goes.  Tags are split at ',', ';' and '|'.
 */
static void
add_tags(struct ctx *c, const char *s, size_t n)
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

static void
add_related(struct ctx *c, const char *s, size_t n)
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

/* Boilerplate rules, each on the words of one line. */

/*
 * "Read also: HEADLINE", "Related: HEADLINE" and their cousins ("Also
 * read", "Read more", "See also", "Related articles"): the keyword, a
 * colon, the headline.
 */
static int
rule_related(const char *s, size_t n, const char **v, size_t *vn)
{
	static const char *const keys[] = {
		"read also", "also read", "read more", "see also",
		"related articles", "related article", "related stories",
		"related story", "related"
	};
	size_t	 i, k;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if ((k = starts_ci(s, n, keys[i])) == 0)
			continue;
		while (k < n && s[k] == ' ')
			k++;
		if (k >= n || s[k] != ':')
			continue;
		*v = s + k + 1;
		*vn = n - k - 1;
		trim(v, vn);
		return 1;
	}
	return 0;
}

/* "This article is owned by PUBLISHER" */
static int
rule_owner(const char *s, size_t n, const char **v, size_t *vn)
{
	size_t	 k;

	if ((k = starts_ci(s, n, "this article is owned by ")) == 0)
		return 0;
	*v = s + k;
	*vn = n - k;
	while (*vn > 0 && (*v)[*vn - 1] == '.')
		(*vn)--;
	trim(v, vn);
	return 1;
}

/*
 * "Written by NAME", or "By NAME" alone on a short line where every word
 * of NAME starts with a capital (so "By the way, ..." stays).
 */
static int
rule_byline(const char *s, size_t n, const char **v, size_t *vn)
{
	size_t	 k, i;
	int	 strict = 0;

	if ((k = starts_ci(s, n, "written by ")) == 0) {
		if (n < 3 || memcmp(s, "By ", 3) != 0)
			return 0;
		k = 3;
		strict = 1;
	}
	*v = s + k;
	*vn = n - k;
	while (*vn > 0 && ((*v)[*vn - 1] == '.' || (*v)[*vn - 1] == ','))
		(*vn)--;
	trim(v, vn);
	if (*vn == 0 || utf8_length(*v, *vn) > BYLINE_MAX ||
	    word_count(*v, *vn) > BYLINE_WORDS)
		return 0;
	if (strict)
		for (i = 0; i < *vn; i++)
			if ((i == 0 || (*v)[i - 1] == ' ') &&
			    !is_upper((*v)[i]) &&
			    !((unsigned char)(*v)[i] & 0x80))
				return 0;
	return 1;
}

static int
has_year(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i + 4 <= n; i++)
		if ((s[i] == '1' || s[i] == '2') && is_digit(s[i + 1]) &&
		    is_digit(s[i + 2]) && is_digit(s[i + 3]) &&
		    (i == 0 || !is_digit(s[i - 1])) &&
		    (i + 4 == n || !is_digit(s[i + 4])))
			return 1;
	return 0;
}

/*
 * A copyright notice: a line that starts with "©", "ⓒ", "(c)" and a
 * year, or "Copyright" with a year or a sign, or that says "All rights
 * reserved".
 */
static int
rule_copyright(const char *s, size_t n)
{
	size_t	 k;

	if (utf8_length(s, n) > NOTICE_MAX)
		return 0;
	if ((n >= 2 && memcmp(s, "\xc2\xa9", 2) == 0) ||
	    (n >= 3 && memcmp(s, "\xe2\x93\x92", 3) == 0))
		return 1;
	if ((k = starts_ci(s, n, "(c)")) > 0) {
		while (k < n && s[k] == ' ')
			k++;
		if (k < n && is_digit(s[k]))
			return 1;
	}
	if (starts_ci(s, n, "copyright") > 0 && (has_year(s, n) ||
	    find_str(s, n, "\xc2\xa9") != NULL ||
	    find_str(s, n, "\xe2\x93\x92") != NULL))
		return 1;
	return contains_ci(s, n, "all rights reserved");
}

/* The notice with its sign written as ©, whichever way it came. */
static const char *
copyright_value(struct ctx *c, const char *s, size_t n)
{
	struct sbuf	 sb = { NULL, 0, 0, 0 };
	const char	*p;
	size_t		 i;

	for (i = 0; i < n; i++) {
		if (n - i >= 3 && (memcmp(s + i, "\xe2\x93\x92", 3) == 0 ||
		    starts_ci(s + i, n - i, "(c)") > 0)) {
			sb_add(&sb, "\xc2\xa9", 2);
			i += 2;
		} else
			sb_addc(&sb, s[i]);
	}
	if (sb.sb_err) {
		c->x_nomem = 1;
		p = NULL;
	} else
		p = ctx_clean(c, sb.sb_buf, sb.sb_len);
	free(sb.sb_buf);
	return p;
}

/*
 * Photo credits as news sites print them: "(Photo : NAME)", "(Photo:
 * NAME)", "Photo: NAME", "(Photo credit: NAME)", "(Photo by NAME)".
 */
static int
rule_photo(const char *s, size_t n, const char **v, size_t *vn)
{
	size_t	 i, k, end = n;
	int	 paren = n > 0 && s[0] == '(';

	i = paren;
	if ((k = starts_ci(s + i, n - i, "photo")) == 0)
		return 0;
	i += k;
	if (i < n && (s[i] == 's' || s[i] == 'S'))
		i++;
	while (i < n && s[i] == ' ')
		i++;
	if ((k = starts_ci(s + i, n - i, "credit")) > 0) {
		i += k;
		if (i < n && (s[i] == 's' || s[i] == 'S'))
			i++;
		while (i < n && s[i] == ' ')
			i++;
	}
	if (i < n && s[i] == ':')
		i++;
	else if (paren && (k = starts_ci(s + i, n - i, "by ")) > 0)
		i += k;
	else
		return 0;
	if (paren) {
		if (s[n - 1] != ')')
			return 0;
		end = n - 1;
	}
	if (end < i)
		return 0;
	*v = s + i;
	*vn = end - i;
	trim(v, vn);
	return *vn > 0 && utf8_length(*v, *vn) <= CREDIT_MAX;
}

/* Lifts the boilerplate lines of every paragraph into headers. */
static void
lift_boilerplate(struct ctx *c)
{
	struct block	*b;
	struct line	*l;
	const char	*v;
	size_t		 bi, li, vn, k;

	for (bi = 0; bi < c->x_blocks.v_n; bi++) {
		b = block_at(c, bi);
		if (b->b_kind != B_PARA)
			continue;
		for (li = b->b_first; li < b->b_first + b->b_n; li++) {
			l = line_at(c, li);
			v = l->l_view;
			vn = l->l_vlen;
			if (rule_related(v, vn, &v, &vn))
				add_related(c, v, vn);
			else if (rule_owner(v, vn, &v, &vn)) {
				if (c->x_publisher == NULL && vn > 0)
					c->x_publisher = ctx_clean(c, v, vn);
			} else if (rule_byline(v, vn, &v, &vn)) {
				if (c->x_author == NULL)
					c->x_author = ctx_clean(c, v, vn);
			} else if (rule_copyright(v, vn)) {
				if (c->x_copyright == NULL)
					c->x_copyright = copyright_value(c, v,
					    vn);
			} else if ((k = starts_ci(v, vn, "tags:")) > 0 ||
			    (k = starts_ci(v, vn, "tag:")) > 0)
				add_tags(c, v + k, vn - k);
			else if (starts_ci(v, vn, "join the discussion") == 0 ||
			    utf8_length(v, vn) > JOIN_MAX)
				continue;
			l->l_dead = 1;
		}
	}
}

/* Markdown blocks. */

/* Columns of leading white space (tab stops every 4, as in CommonMark). */
static size_t
indent(const char *s, size_t n, size_t *off)
{
	size_t	 i, col = 0;

	for (i = 0; i < n && (s[i] == ' ' || s[i] == '\t'); i++)
		col = s[i] == '\t' ? col + 4 - col % 4 : col + 1;
	*off = i;
	return col;
}

/* Bytes that hold the first cols columns of indentation. */
static size_t
strip_cols(const char *s, size_t n, size_t cols)
{
	size_t	 i, col = 0;

	for (i = 0; i < n && col < cols && (s[i] == ' ' || s[i] == '\t');
	    i++)
		col = s[i] == '\t' ? col + 4 - col % 4 : col + 1;
	return i;
}

/*
 * CommonMark 4.2: "The opening sequence of # characters must be followed
 * by spaces or tabs, or by the end of line. [...] The optional closing
 * sequence of #s must be preceded by spaces or tabs."  1 to 6 of them.
 */
static int
md_atx(const char *s, size_t n, const char **text, size_t *tlen)
{
	size_t	 lvl = 0, e;

	while (lvl < n && s[lvl] == '#')
		lvl++;
	if (lvl == 0 || lvl > 6 || (lvl < n && s[lvl] != ' ' &&
	    s[lvl] != '\t'))
		return 0;
	*text = s + lvl;
	*tlen = n - lvl;
	trim(text, tlen);
	for (e = *tlen; e > 0 && (*text)[e - 1] == '#'; e--)
		;
	if (e == 0 || (*text)[e - 1] == ' ' || (*text)[e - 1] == '\t') {
		*tlen = e;
		trim(text, tlen);
	}
	return (int)lvl;
}

/*
 * CommonMark 4.1: "a sequence of three or more matching -, _, or *
 * characters, each followed optionally by any number of spaces or tabs".
 */
static int
md_rule(const char *s, size_t n)
{
	size_t	 i, count = 0;
	char	 ch = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == ' ' || s[i] == '\t')
			continue;
		if ((s[i] != '-' && s[i] != '_' && s[i] != '*') ||
		    (ch != 0 && s[i] != ch))
			return 0;
		ch = s[i];
		count++;
	}
	return count >= 3;
}

/*
 * CommonMark 4.3: "a setext heading underline is a sequence of =
 * characters or a sequence of - characters", under a paragraph.
 */
static int
md_setext(const char *s, size_t n)
{
	size_t	 i = 0;

	if (n == 0 || (s[0] != '=' && s[0] != '-'))
		return 0;
	while (i < n && s[i] == s[0])
		i++;
	if (!is_blank(s + i, n - i))
		return 0;
	return s[0] == '=' ? 1 : 2;
}

/*
 * CommonMark 4.5: "A code fence is a sequence of at least three
 * consecutive backtick characters (`) or tildes (~)."  "If the info
 * string comes after a backtick fence, it may not contain any backtick
 * characters."
 */
static size_t
md_fence(const char *s, size_t n, const char **info, size_t *infolen)
{
	size_t	 k = 0;

	while (k < n && s[k] == s[0])
		k++;
	if (n == 0 || (s[0] != '`' && s[0] != '~') || k < 3)
		return 0;
	*info = s + k;
	*infolen = n - k;
	trim(info, infolen);
	if (s[0] == '`' && memchr(*info, '`', *infolen) != NULL)
		return 0;
	return k;
}

/*
 * CommonMark 4.5: "The closing code fence [...] must be at least as long
 * as the opening fence" and "may be followed only by spaces or tabs".
 */
static int
md_fence_close(const char *s, size_t n, char ch, size_t len)
{
	size_t	 k = 0;

	while (k < n && s[k] == ch)
		k++;
	return k >= len && is_blank(s + k, n - k);
}

/*
 * CommonMark 5.2: "A bullet list marker is a -, +, or * character.  An
 * ordered list marker is a sequence of 1-9 arabic digits, followed by
 * either a . character or a ) character."  A space, a tab or the end of
 * the line follows it.  Returns the marker's length with the spaces after
 * it, or 0.  *interrupts says whether it may start within a paragraph:
 * only a non-empty item, and for ordered lists one that starts at 1.
 */
static size_t
md_marker(const char *s, size_t n, int *interrupts)
{
	size_t	 i = 0;
	int	 one = 1;

	if (n > 0 && (s[0] == '-' || s[0] == '+' || s[0] == '*'))
		i = 1;
	else {
		while (i < n && i < 9 && is_digit(s[i]))
			i++;
		if (i == 0 || i >= n || (s[i] != '.' && s[i] != ')'))
			return 0;
		one = i == 1 && s[0] == '1';
		i++;
	}
	if (i < n && s[i] != ' ' && s[i] != '\t')
		return 0;
	*interrupts = one && !is_blank(s + i, n - i);
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

/*
 * CommonMark 4.7: "A link reference definition consists of a link label
 * [...] followed by a colon (:), optional spaces or tabs (including up to
 * one line ending), a link destination, optional spaces or tabs
 * (including up to one line ending), and an optional link title".  Here
 * on one line, as people write them; footnotes ("[^1]: ...") are not
 * definitions.
 */
static int
md_refdef(const char *s, size_t n, const char **label, size_t *labeln,
    const char **dest, size_t *destn)
{
	size_t	 i, j;
	char	 close;

	if (n < 4 || s[0] != '[' || s[1] == '^')
		return 0;
	for (i = 1; i < n && s[i] != ']'; i++) {
		if (s[i] == '[' || i > LABEL_MAX)
			return 0;
		if (s[i] == '\\' && i + 1 < n)
			i++;
	}
	if (i + 1 >= n || s[i + 1] != ':' || is_blank(s + 1, i - 1))
		return 0;
	*label = s + 1;
	*labeln = i - 1;
	for (j = i + 2; j < n && (s[j] == ' ' || s[j] == '\t'); j++)
		;
	if (j < n && s[j] == '<') {
		for (i = ++j; i < n && s[i] != '>' && s[i] != '<'; i++)
			;
		if (i >= n || s[i] != '>')
			return 0;
		*dest = s + j;
		*destn = i - j;
		i++;
	} else {
		for (i = j; i < n && s[i] != ' ' && s[i] != '\t'; i++)
			;
		if (i == j)
			return 0;
		*dest = s + j;
		*destn = i - j;
	}
	if (is_blank(s + i, n - i))
		return 1;
	if (s[i] != ' ' && s[i] != '\t')
		return 0;
	for (j = i; j < n && (s[j] == ' ' || s[j] == '\t'); j++)
		;
	while (n > j && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	close = s[j] == '(' ? ')' : s[j];
	return (s[j] == '"' || s[j] == '\'' || s[j] == '(') && n - j >= 2 &&
	    s[n - 1] == close;
}

/*
 * CommonMark 4.7: "Matching of labels is case-insensitive" after
 * "collapsing consecutive internal spaces, tabs, and line endings to a
 * single space".  key has room for LABEL_MAX + 1 bytes.
 */
static size_t
label_key(const char *s, size_t n, char *key)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		key[i] = lower(s[i]);
	n = squeeze(key, n);
	key[n] = '\0';
	return n;
}

/* A destination as a gemtext link wants it: escapes undone, no spaces. */
static const char *
link_url(struct ctx *c, const char *s, size_t n)
{
	char	*p;
	size_t	 i, o = 0;

	if (n > SIZE_MAX / 3 || (p = ctx_alloc(c, n * 3)) == NULL) {
		c->x_nomem = 1;
		return NULL;
	}
	for (i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n && is_punct(s[i + 1]))
			p[o++] = s[++i];
		else if (is_ws(s[i])) {
			memcpy(p + o, "%20", 3);
			o += 3;
		} else
			p[o++] = s[i];
	}
	p[o] = '\0';
	return p;
}

static int
refcmp(const void *x, const void *y)
{
	const struct ref	*a = x, *b = y;
	int			 r;

	if ((r = strcmp(a->r_label, b->r_label)) != 0)
		return r;
	return a->r_order < b->r_order ? -1 : a->r_order > b->r_order;
}

static int
add_ref(struct ctx *c, const char *label, size_t labeln, const char *dest,
    size_t destn)
{
	char		 key[LABEL_MAX + 1];
	struct ref	*r;
	size_t		 k;

	k = label_key(label, labeln, key);
	if ((r = vec_add(&c->x_refs)) == NULL) {
		c->x_nomem = 1;
		return -1;
	}
	r->r_order = c->x_refs.v_n;
	r->r_label = ctx_strndup(c, key, k);
	r->r_url = link_url(c, dest, destn);
	return c->x_nomem ? -1 : 0;
}

/* The first definition of a label wins (CommonMark 4.7). */
static const char *
ref_find(struct ctx *c, const char *s, size_t n)
{
	char		 key[LABEL_MAX + 1];
	struct ref	*r;
	size_t		 lo = 0, hi = c->x_refs.v_n, mid;

	if (n > LABEL_MAX || label_key(s, n, key) == 0 || key[0] == '^')
		return NULL;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(VEC_AT(&c->x_refs, struct ref, mid)->r_label,
		    key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == c->x_refs.v_n)
		return NULL;
	r = VEC_AT(&c->x_refs, struct ref, lo);
	return strcmp(r->r_label, key) == 0 ? r->r_url : NULL;
}

static int
md_open(struct ctx *c, struct md *m, enum kind kind, int level)
{
	if (add_block(c, kind, level) == NULL)
		return -1;
	m->m_open = (int)kind;
	return 0;
}

/* Indented code keeps no blank lines at its end (CommonMark 4.4). */
static void
md_close(struct ctx *c, struct md *m)
{
	struct block	*b = last_block(c);

	if (m->m_open == B_PRE && m->m_fch == 0)
		while (b->b_n > 0 &&
		    line_at(c, b->b_first + b->b_n - 1)->l_len == 0) {
			b->b_n--;
			c->x_lines.v_n--;
		}
	m->m_open = -1;
	m->m_fch = 0;
}

/* CommonMark 5.1: "> " markers, nested ones flattened; their length. */
static size_t
md_quote(const char *s, size_t n)
{
	size_t	 i = 0, j;

	for (;;) {
		for (j = i; j < n && j - i < 3 && s[j] == ' '; j++)
			;
		if (j >= n || s[j] != '>')
			return i;
		i = j + 1;
		if (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
	}
}

/*
 * A line that may start a block (it is indented less than code, or sits
 * in a list); 1 when it did, 0 when it is paragraph text.
 */
static int
md_start(struct ctx *c, struct md *m, const char *p, size_t len,
    size_t ind)
{
	const char	*t;
	size_t		 tl, k, ln, dn;
	int		 lvl, intr;
	const char	*lab, *dest;

	if ((k = md_fence(p, len, &t, &tl)) > 0) {
		md_close(c, m);
		m->m_list = 0;
		if (md_open(c, m, B_PRE, 0) == -1)
			return -1;
		last_block(c)->b_info = t;
		last_block(c)->b_infolen = tl;
		m->m_fch = p[0];
		m->m_flen = k;
		m->m_findent = ind;
		return 1;
	}
	if (len >= 4 && memcmp(p, "<!--", 4) == 0) {
		if ((t = find_str(p + 4, len - 4, "-->")) == NULL) {
			md_close(c, m);
			m->m_comment = 1;
			return 1;
		}
		/* A comment with text after it is left to the inline pass. */
		if (is_blank(t + 3, len - (size_t)(t + 3 - p))) {
			md_close(c, m);
			return 1;
		}
	}
	if ((lvl = md_atx(p, len, &t, &tl)) > 0) {
		md_close(c, m);
		m->m_list = 0;
		if (md_open(c, m, B_HEAD, lvl) == -1 ||
		    (tl > 0 && add_line(c, t, tl) == -1))
			return -1;
		md_close(c, m);
		return 1;
	}
	if (m->m_open == B_PARA && (lvl = md_setext(p, len)) > 0) {
		last_block(c)->b_kind = B_HEAD;
		last_block(c)->b_level = lvl;
		md_close(c, m);
		return 1;
	}
	if (md_rule(p, len)) {
		md_close(c, m);
		m->m_list = 0;
		return 1;
	}
	if (p[0] == '>') {
		k = md_quote(p, len);
		if (is_blank(p + k, len - k)) {
			md_close(c, m);
			return 1;
		}
		if (m->m_open != B_QUOTE) {
			md_close(c, m);
			m->m_list = 0;
			if (md_open(c, m, B_QUOTE, 0) == -1)
				return -1;
		}
		return add_line(c, p + k, len - k) == -1 ? -1 : 1;
	}
	if ((k = md_marker(p, len, &intr)) > 0 &&
	    (m->m_open != B_PARA || intr)) {
		md_close(c, m);
		m->m_list = 1;
		if (md_open(c, m, B_ITEM, 0) == -1 ||
		    (k < len && add_line(c, p + k, len - k) == -1))
			return -1;
		return 1;
	}
	if (m->m_open == -1 && md_refdef(p, len, &lab, &ln, &dest, &dn))
		return add_ref(c, lab, ln, dest, dn) == -1 ? -1 : 1;
	return 0;
}

/* CommonMark's block structure, in the part of it that gemtext can show. */
static int
md_blocks(struct ctx *c, size_t pos)
{
	const char	*s = c->x_buf.sb_buf, *p, *t;
	size_t		 n = c->x_buf.sb_len, start, len, ind, off, k;
	struct md	 m = { -1, 0, 0, 0, 0, 0 };
	int		 r;

	while (next_line(s, n, &pos, &start, &len)) {
		p = s + start;
		if (m.m_open == B_PRE && m.m_fch != 0) {
			ind = indent(p, len, &off);
			if (ind <= 3 && md_fence_close(p + off, len - off,
			    m.m_fch, m.m_flen)) {
				md_close(c, &m);
				continue;
			}
			k = strip_cols(p, len, m.m_findent);
			if (add_line(c, p + k, len - k) == -1)
				return -1;
			continue;
		}
		if (m.m_comment) {
			if ((t = find_str(p, len, "-->")) == NULL)
				continue;
			m.m_comment = 0;
			k = (size_t)(t + 3 - p);
			p += k;
			len -= k;
		}
		if (is_blank(p, len)) {
			if (m.m_open == B_PRE) {
				if (add_line(c, p, 0) == -1)
					return -1;
			} else
				md_close(c, &m);
			continue;
		}
		ind = indent(p, len, &off);
		if (m.m_open == B_PRE) {
			if (ind >= 4) {
				k = strip_cols(p, len, 4);
				if (add_line(c, p + k, len - k) == -1)
					return -1;
				continue;
			}
			md_close(c, &m);
		}
		if (ind >= 4 && m.m_open == -1 && !m.m_list) {
			k = strip_cols(p, len, 4);
			if (md_open(c, &m, B_PRE, 0) == -1 ||
			    add_line(c, p + k, len - k) == -1)
				return -1;
			continue;
		}
		p += off;
		len -= off;
		if (ind <= 3 || m.m_list) {
			if ((r = md_start(c, &m, p, len, ind)) == -1)
				return -1;
			if (r == 1)
				continue;
		}
		if (m.m_open == -1 && m.m_list && ind >= 2 &&
		    last_block(c)->b_kind == B_ITEM)
			m.m_open = B_ITEM;
		else if (m.m_open == -1) {
			m.m_list = 0;
			if (md_open(c, &m, B_PARA, 0) == -1)
				return -1;
		}
		if (add_line(c, p, len) == -1)
			return -1;
	}
	if (m.m_open != -1)
		md_close(c, &m);
	return 0;
}

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
static size_t
fm_bounds(const char *s, size_t n, size_t *body, size_t *end)
{
	size_t	 pos = 0, start, len;

	if (!next_line(s, n, &pos, &start, &len) || !is_dashes(s, len, "---"))
		return 0;
	*body = pos;
	while (next_line(s, n, &pos, &start, &len))
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
	return strlen(name) == n && starts_ci(s, n, name) == n;
}

static void
unquote(const char **v, size_t *vn)
{
	trim(v, vn);
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
static size_t
front_matter(struct ctx *c)
{
	const char	*s = c->x_buf.sb_buf, *p, *v;
	size_t		 n = c->x_buf.sb_len, pos, end, after, start, len;
	size_t		 k, vn;
	int		 intags = 0;
	char		*date;

	if ((after = fm_bounds(s, n, &pos, &end)) == 0)
		return 0;
	while (next_line(s, end, &pos, &start, &len)) {
		p = s + start;
		if (intags && len > 0 && (p[0] == ' ' || p[0] == '-')) {
			v = p;
			vn = len;
			trim(&v, &vn);
			if (vn > 0 && v[0] == '-') {
				v++;
				vn--;
				unquote(&v, &vn);
				add_tags(c, v, vn);
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
			add_tags(c, v, vn);
			intags = vn == 0;
		}
	}
	return after;
}

/* Markdown inlines. */

/*
 * CommonMark 6.1: "A code span begins with a backtick string and ends
 * with a backtick string of equal length."  Runs longer than
 * CODE_RUN_MAX are taken literally, which keeps the search linear.
 */
static int
code_spans(struct inl *in)
{
	const char	*s = in->n_s;
	size_t		 n = in->n_len, i, j, k, nk;
	size_t		 last[CODE_RUN_MAX + 1];
	struct vec	 runs = VEC_INIT(struct run);
	struct run	*r, *nr;
	struct span	*sp;
	int		 rc = -1;

	for (i = 0; i < n;) {
		if (s[i] == '\\' && i + 1 < n && is_punct(s[i + 1])) {
			i += 2;
			continue;
		}
		if (s[i] != '`') {
			i++;
			continue;
		}
		for (j = i; j < n && s[j] == '`'; j++)
			;
		if ((r = vec_add(&runs)) == NULL)
			goto done;
		r->r_pos = i;
		r->r_len = j - i;
		i = j;
	}
	for (k = 0; k <= CODE_RUN_MAX; k++)
		last[k] = NONE;
	for (k = runs.v_n; k-- > 0;) {
		r = VEC_AT(&runs, struct run, k);
		if (r->r_len > CODE_RUN_MAX) {
			r->r_next = NONE;
			continue;
		}
		r->r_next = last[r->r_len];
		last[r->r_len] = k;
	}
	for (k = 0; k < runs.v_n;) {
		r = VEC_AT(&runs, struct run, k);
		if ((nk = r->r_next) == NONE) {
			k++;
			continue;
		}
		nr = VEC_AT(&runs, struct run, nk);
		if ((sp = vec_add(&in->n_spans)) == NULL)
			goto done;
		sp->s_start = r->r_pos;
		sp->s_cstart = r->r_pos + r->r_len;
		sp->s_cend = nr->r_pos;
		sp->s_end = nr->r_pos + nr->r_len;
		k = nk + 1;
	}
	rc = 0;
done:
	free(runs.v_p);
	return rc;
}

/* Brackets outside code spans, each '[' with its matching ']' or NONE. */
static int
bracket_pairs(struct inl *in)
{
	const char	*s = in->n_s;
	size_t		 n = in->n_len, i, sp = 0, *top;
	struct vec	 stack = VEC_INIT(size_t);
	struct span	*span;
	struct pair	*p;
	int		 rc = -1;

	for (i = 0; i < n; i++) {
		while (sp < in->n_spans.v_n &&
		    VEC_AT(&in->n_spans, struct span, sp)->s_start < i)
			sp++;
		if (sp < in->n_spans.v_n) {
			span = VEC_AT(&in->n_spans, struct span, sp);
			if (span->s_start == i) {
				i = span->s_end - 1;
				continue;
			}
		}
		if (s[i] == '\\' && i + 1 < n && is_punct(s[i + 1]))
			i++;
		else if (s[i] == '[') {
			if ((p = vec_add(&in->n_pairs)) == NULL ||
			    (top = vec_add(&stack)) == NULL)
				goto done;
			p->p_open = i;
			p->p_close = NONE;
			*top = in->n_pairs.v_n - 1;
		} else if (s[i] == ']' && stack.v_n > 0) {
			stack.v_n--;
			VEC_AT(&in->n_pairs, struct pair,
			    *VEC_AT(&stack, size_t, stack.v_n))->p_close = i;
		}
	}
	rc = 0;
done:
	free(stack.v_p);
	return rc;
}

static struct pair *
pair_find(struct inl *in, size_t open)
{
	size_t		 lo = 0, hi = in->n_pairs.v_n, mid;
	struct pair	*p;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		p = VEC_AT(&in->n_pairs, struct pair, mid);
		if (p->p_open == open)
			return p->p_close == NONE ? NULL : p;
		if (p->p_open < open)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/*
 * CommonMark 6.3: an inline link is the link text "followed immediately
 * by a left parenthesis (, optional whitespace, an optional link
 * destination, an optional link title, optional whitespace, and a right
 * parenthesis )".  A destination or title that meets a bracket is not
 * taken, so a link never reaches past the brackets that hold it.
 */
static int
link_tail(const char *s, size_t n, size_t i, size_t *dest, size_t *destn,
    size_t *end)
{
	size_t	 j = i + 1, depth = 0;
	char	 close;

	while (j < n && is_ws(s[j]))
		j++;
	if (j < n && s[j] == '<') {
		*dest = ++j;
		while (j < n && s[j] != '>' && s[j] != '<' && s[j] != '\n' &&
		    j - *dest < LINK_DEST_MAX)
			j++;
		if (j >= n || s[j] != '>')
			return 0;
		*destn = j++ - *dest;
	} else {
		/* CommonMark 6.3: parentheses in it must balance. */
		*dest = j;
		for (; j < n && !is_ws(s[j]); j++) {
			if (s[j] == '[' || s[j] == ']' ||
			    j - *dest >= LINK_DEST_MAX)
				return 0;
			if (s[j] == '\\' && j + 1 < n && is_punct(s[j + 1]))
				j++;
			else if (s[j] == '(')
				depth++;
			else if (s[j] == ')') {
				if (depth == 0)
					break;
				depth--;
			}
		}
		if (depth != 0)
			return 0;
		*destn = j - *dest;
	}
	while (j < n && is_ws(s[j]))
		j++;
	if (j < n && (s[j] == '"' || s[j] == '\'' || s[j] == '(') &&
	    is_ws(s[j - 1])) {
		close = s[j] == '(' ? ')' : s[j];
		for (i = ++j; j < n && s[j] != close; j++) {
			if (s[j] == '[' || s[j] == ']' ||
			    j - i >= LINK_TITLE_MAX)
				return 0;
			if (s[j] == '\\' && j + 1 < n)
				j++;
		}
		if (j >= n)
			return 0;
		for (j++; j < n && is_ws(s[j]); j++)
			;
	}
	if (j >= n || s[j] != ')')
		return 0;
	*end = j + 1;
	return 1;
}

static int
inline_link(struct inl *in, const char *url, const char *label)
{
	struct link	*k;

	if (url == NULL || label == NULL || (k = vec_add(&in->n_links)) ==
	    NULL) {
		in->n_ctx->x_nomem = 1;
		return -1;
	}
	k->k_url = url;
	k->k_label = label;
	return 0;
}

/*
 * CommonMark 6.3 and 6.4: "[text](dest)", "![alt](src)", and the
 * reference forms "[text][label]", "[label][]" and "[label]".  Returns
 * the bytes of the opening bracket(s) when a link starts at i, else 0.
 */
static size_t
frame_open(struct inl *in, size_t i)
{
	const char	*s = in->n_s, *url;
	size_t		 n = in->n_len, o, close, end, d, dn, lab, labn;
	struct pair	*p, *p2;
	struct frame	*f;
	int		 image = s[i] == '!';

	o = i + (size_t)image;
	if ((p = pair_find(in, o)) == NULL)
		return 0;
	close = p->p_close;
	end = close + 1;
	if (end < n && s[end] == '(' && link_tail(s, n, end, &d, &dn, &end))
		url = link_url(in->n_ctx, s + d, dn);
	else if (in->n_ctx->x_refs.v_n > 0) {
		lab = o + 1;
		labn = close - o - 1;
		if (end < n && s[end] == '[' && (p2 = pair_find(in, end)) !=
		    NULL) {
			if (p2->p_close > end + 1) {
				lab = end + 1;
				labn = p2->p_close - end - 1;
			}
			end = p2->p_close + 1;
		}
		url = ref_find(in->n_ctx, s + lab, labn);
	} else
		return 0;
	if (url == NULL)
		return 0;
	if ((f = vec_add(&in->n_frames)) == NULL) {
		in->n_ctx->x_nomem = 1;
		return 0;
	}
	f->f_close = close;
	f->f_end = end;
	f->f_out = in->n_out.sb_len;
	f->f_ndelim = in->n_delims.v_n;
	f->f_nlink = in->n_links.v_n;
	f->f_url = url;
	f->f_image = image;
	return (size_t)image + 1;
}

/*
 * Ends the innermost link at its ']': its text, less any emphasis marks,
 * is the label.  An image's alt text leaves the paragraph; a link whose
 * text was only an image takes the image's alt as its label.  Returns the
 * source offset to go on from.
 */
static size_t
frame_close(struct inl *in)
{
	struct frame	 f;
	struct delim	*dl;
	const char	*out = in->n_out.sb_buf, *label;
	char		*buf;
	size_t		 k, o = 0, d, len;

	f = *VEC_AT(&in->n_frames, struct frame, --in->n_frames.v_n);
	len = in->n_out.sb_len - f.f_out;
	if ((buf = ctx_alloc(in->n_ctx, len < LINK_TEXT_MAX + 3 ? len :
	    LINK_TEXT_MAX + 3)) == NULL)
		return f.f_end;
	d = f.f_ndelim;
	for (k = f.f_out; k < in->n_out.sb_len;) {
		if (d < in->n_delims.v_n && (dl = VEC_AT(&in->n_delims,
		    struct delim, d))->d_pos == k) {
			k += dl->d_len;
			d++;
			continue;
		}
		if (o >= LINK_TEXT_MAX && ((unsigned char)out[k] & 0xc0) !=
		    0x80)
			break;
		buf[o++] = out[k++];
	}
	buf[squeeze(buf, o)] = '\0';
	label = buf;
	if (f.f_image) {
		in->n_out.sb_len = f.f_out;
		in->n_out.sb_buf[f.f_out] = '\0';
		in->n_delims.v_n = f.f_ndelim;
	} else if (*label == '\0' && in->n_links.v_n > f.f_nlink)
		label = VEC_AT(&in->n_links, struct link,
		    in->n_links.v_n - 1)->k_label;
	if (*f.f_url != '\0')
		inline_link(in, f.f_url, label);
	return f.f_end;
}

/*
 * CommonMark 6.5: an autolink is "<", an absolute URI, ">", where a
 * scheme is "a letter followed by any combination of ASCII letters,
 * digits, or the symbols plus (+), period (.), or hyphen (-)", 2 to 32
 * long.  CommonMark 6.6: an HTML comment "<!--" ... "-->", which a
 * gemtext reader never sees.  Returns the bytes taken, or 0.
 */
static size_t
inline_angle(struct inl *in, size_t i)
{
	const char	*s = in->n_s, *q, *url;
	size_t		 n = in->n_len, j, k;

	if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
		if (in->n_nocomment)
			return 0;
		if ((q = find_str(s + i + 4, n - i - 4, "-->")) == NULL) {
			in->n_nocomment = 1;
			return 0;
		}
		return (size_t)(q + 3 - (s + i));
	}
	j = i + 1;
	if (j >= n || !is_alpha(s[j]))
		return 0;
	for (k = j; k < n && k - j <= 32 && (is_alnum(s[k]) || s[k] == '+' ||
	    s[k] == '.' || s[k] == '-'); k++)
		;
	if (k - j < 2 || k - j > 32 || k >= n || s[k] != ':')
		return 0;
	for (; k < n && !is_ws(s[k]) && s[k] != '<' && s[k] != '>' &&
	    s[k] != '[' && s[k] != ']'; k++)
		;
	if (k >= n || s[k] != '>')
		return 0;
	sb_add(&in->n_out, s + j, k - j);
	if ((url = ctx_strndup(in->n_ctx, s + j, k - j)) == NULL ||
	    inline_link(in, url, "") == -1)
		return 0;
	return k + 1 - i;
}

/*
 * CommonMark 6.2: a delimiter run "is left-flanking if (1) not followed
 * by Unicode whitespace, and either (2a) not followed by a Unicode
 * punctuation character, or (2b) followed by a Unicode punctuation
 * character and preceded by Unicode whitespace or a Unicode punctuation
 * character"; right-flanking is the mirror image.  '*' opens when
 * left-flanking and closes when right-flanking; '_' only where it is not
 * inside a word, so snake_case stays.  "~~" (GFM strikethrough) is read
 * like '*'.
 */
static size_t
inline_delim(struct inl *in, size_t i)
{
	const char	*s = in->n_s;
	size_t		 n = in->n_len, j;
	char		 ch = s[i], prev, next;
	int		 left, right, open, close;
	struct delim	*d;

	for (j = i; j < n && s[j] == ch; j++)
		;
	prev = i > 0 ? s[i - 1] : ' ';
	next = j < n ? s[j] : ' ';
	left = !is_ws(next) && (!is_punct(next) || is_ws(prev) ||
	    is_punct(prev));
	right = !is_ws(prev) && (!is_punct(prev) || is_ws(next) ||
	    is_punct(next));
	if (ch == '_') {
		open = left && (!right || is_punct(prev));
		close = right && (!left || is_punct(next));
	} else {
		open = left;
		close = right;
	}
	if (ch == '~' && j - i > 2)
		open = close = 0;
	if (open || close) {
		if ((d = vec_add(&in->n_delims)) == NULL) {
			in->n_ctx->x_nomem = 1;
			return j - i;
		}
		d->d_pos = in->n_out.sb_len;
		d->d_len = j - i;
		d->d_ch = ch;
		d->d_open = (unsigned char)open;
		d->d_close = (unsigned char)close;
	}
	sb_add(&in->n_out, s + i, j - i);
	return j - i;
}

/*
 * A closer takes the nearest opener of its own character; the pair goes,
 * and any delimiter left unpaired stays as text.
 */
static void
inline_resolve(struct inl *in)
{
	size_t		 top[3] = { NONE, NONE, NONE }, k, t;
	struct delim	*d, *o;

	for (k = 0; k < in->n_delims.v_n; k++) {
		d = VEC_AT(&in->n_delims, struct delim, k);
		t = d->d_ch == '*' ? 0 : d->d_ch == '_' ? 1 : 2;
		if (d->d_close && top[t] != NONE) {
			o = VEC_AT(&in->n_delims, struct delim, top[t]);
			o->d_gone = d->d_gone = 1;
			top[t] = o->d_below;
		} else if (d->d_open) {
			d->d_below = top[t];
			top[t] = k;
		}
	}
}

static void
code_emit(struct inl *in, const struct span *sp)
{
	const char	*s = in->n_s;
	size_t		 a = sp->s_cstart, b = sp->s_cend;

	/*
	 * CommonMark 6.1: "If the resulting string both begins and ends with
	 * a space character, but does not consist entirely of space
	 * characters, a single space character is removed from the front
	 * and back."
	 */
	if (b - a >= 2 && is_ws(s[a]) && is_ws(s[b - 1]) &&
	    !is_blank(s + a, b - a)) {
		a++;
		b--;
	}
	for (; a < b; a++)
		sb_addc(&in->n_out, s[a] == '\n' ? ' ' : s[a]);
}

static struct frame *
frame_top(struct inl *in)
{
	return VEC_AT(&in->n_frames, struct frame, in->n_frames.v_n - 1);
}

static void
inline_scan(struct inl *in)
{
	const char	*s = in->n_s;
	size_t		 n = in->n_len, i = 0, sp = 0, k;
	struct span	*span;
	char		 ch;

	while (i < n && !in->n_ctx->x_nomem) {
		/* A frame whose ']' was skipped over is not a link. */
		while (in->n_frames.v_n > 0 && frame_top(in)->f_close < i)
			in->n_frames.v_n--;
		if (in->n_frames.v_n > 0 && frame_top(in)->f_close == i) {
			i = frame_close(in);
			continue;
		}
		while (sp < in->n_spans.v_n &&
		    VEC_AT(&in->n_spans, struct span, sp)->s_start < i)
			sp++;
		if (sp < in->n_spans.v_n && (span = VEC_AT(&in->n_spans,
		    struct span, sp))->s_start == i) {
			code_emit(in, span);
			i = span->s_end;
			continue;
		}
		ch = s[i];
		if (ch == '\\' && i + 1 < n && (s[i + 1] == '\n' ||
		    is_punct(s[i + 1]))) {
			sb_addc(&in->n_out, s[i + 1] == '\n' ? ' ' : s[i + 1]);
			i += 2;
		} else if (ch == '<' && (k = inline_angle(in, i)) > 0)
			i += k;
		else if ((ch == '[' || (ch == '!' && i + 1 < n &&
		    s[i + 1] == '[')) && (k = frame_open(in, i)) > 0)
			i += k;
		else if (ch == '*' || ch == '_' || ch == '~')
			i += inline_delim(in, i);
		else {
			sb_addc(&in->n_out, ch == '\n' ? ' ' : ch);
			i++;
		}
	}
}

/*
 * The text of Markdown source s[0..n) on one line, markup gone, into
 * text; its links, in order, appended to links when that is not NULL.
 */
static int
inline_md(struct ctx *c, const char *s, size_t n, struct sbuf *text,
    struct vec *links)
{
	struct inl	 in;
	struct delim	*d;
	struct link	*k;
	size_t		 i, dn = 0, start = text->sb_len;
	int		 rc = -1;

	memset(&in, 0, sizeof(in));
	in.n_ctx = c;
	in.n_s = s;
	in.n_len = n;
	in.n_spans.v_size = sizeof(struct span);
	in.n_pairs.v_size = sizeof(struct pair);
	in.n_delims.v_size = sizeof(struct delim);
	in.n_frames.v_size = sizeof(struct frame);
	in.n_links.v_size = sizeof(struct link);
	sb_reset(&in.n_out);
	if (code_spans(&in) == -1 || bracket_pairs(&in) == -1) {
		c->x_nomem = 1;
		goto done;
	}
	inline_scan(&in);
	inline_resolve(&in);
	for (i = 0; i < in.n_out.sb_len;) {
		if (dn < in.n_delims.v_n && (d = VEC_AT(&in.n_delims,
		    struct delim, dn))->d_pos == i) {
			if (!d->d_gone)
				sb_add(text, in.n_out.sb_buf + i, d->d_len);
			i += d->d_len;
			dn++;
			continue;
		}
		sb_addc(text, in.n_out.sb_buf[i++]);
	}
	if (text->sb_err || in.n_out.sb_err) {
		c->x_nomem = 1;
		goto done;
	}
	text->sb_len = start + squeeze(text->sb_buf + start,
	    text->sb_len - start);
	text->sb_buf[text->sb_len] = '\0';
	for (i = 0; links != NULL && i < in.n_links.v_n; i++) {
		if ((k = vec_add(links)) == NULL) {
			c->x_nomem = 1;
			goto done;
		}
		*k = *VEC_AT(&in.n_links, struct link, i);
	}
	rc = c->x_nomem ? -1 : 0;
done:
	free(in.n_out.sb_buf);
	free(in.n_spans.v_p);
	free(in.n_pairs.v_p);
	free(in.n_delims.v_p);
	free(in.n_frames.v_p);
	free(in.n_links.v_p);
	return rc;
}

/* The rules read a Markdown paragraph line by line, markup gone. */
static int
md_views(struct ctx *c)
{
	struct sbuf	 sb = { NULL, 0, 0, 0 };
	struct block	*b;
	struct line	*l;
	size_t		 bi, li;
	int		 rc = -1;

	for (bi = 0; bi < c->x_blocks.v_n; bi++) {
		b = block_at(c, bi);
		if (b->b_kind != B_PARA)
			continue;
		for (li = b->b_first; li < b->b_first + b->b_n; li++) {
			l = line_at(c, li);
			sb_reset(&sb);
			if (inline_md(c, l->l_s, l->l_len, &sb, NULL) == -1 ||
			    (l->l_view = ctx_strndup(c, sb.sb_buf,
			    sb.sb_len)) == NULL)
				goto done;
			l->l_vlen = sb.sb_len;
		}
	}
	rc = 0;
done:
	free(sb.sb_buf);
	return rc;
}

/*
 * The words of a block on one line into text: plain lines joined with
 * spaces; Markdown lines joined as written and read for inline markup,
 * their links appended to links (when not NULL).
 */
static int
block_text(struct ctx *c, const struct block *b, struct sbuf *text,
    struct vec *links)
{
	struct sbuf	 src = { NULL, 0, 0, 0 };
	struct line	*l;
	const char	*s;
	size_t		 i, n;
	int		 rc = 0;

	sb_reset(text);
	sb_reset(&src);
	for (i = b->b_first; i < b->b_first + b->b_n; i++) {
		if ((l = line_at(c, i))->l_dead)
			continue;
		if (!c->x_md) {
			if (text->sb_len > 0)
				sb_addc(text, ' ');
			sb_add(text, l->l_view, l->l_vlen);
			continue;
		}
		s = l->l_s;
		n = l->l_len;
		while (n > 0 && (*s == ' ' || *s == '\t')) {
			s++;
			n--;
		}
		if (src.sb_len > 0)
			sb_addc(&src, '\n');
		sb_add(&src, s, n);
	}
	if (src.sb_err || text->sb_err)
		c->x_nomem = 1;
	else if (c->x_md)
		rc = inline_md(c, src.sb_buf, src.sb_len, text, links);
	free(src.sb_buf);
	return c->x_nomem ? -1 : rc;
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

static size_t
first_live_block(struct ctx *c, size_t from)
{
	for (; from < c->x_blocks.v_n; from++)
		if (block_live(c, from))
			return from;
	return NONE;
}

/*
 * The title comes from the first block when it is a heading, or a single
 * line that reads as a title.  With a title given already it is only
 * dropped as a duplicate.
 */
static int
lift_title(struct ctx *c)
{
	struct sbuf	 sb = { NULL, 0, 0, 0 };
	struct block	*b;
	struct line	*l;
	const char	*t = NULL;
	size_t		 bi, li, tl = 0;

	if ((bi = first_live_block(c, 0)) == NONE)
		return 0;
	b = block_at(c, bi);
	if (b->b_kind == B_HEAD) {
		if (block_text(c, b, &sb, NULL) == -1) {
			free(sb.sb_buf);
			return -1;
		}
		t = sb.sb_buf;
		tl = sb.sb_len;
	} else if (b->b_kind == B_PARA && live_lines(c, b, &li) == 1) {
		l = line_at(c, li);
		if (title_like(l->l_view, l->l_vlen)) {
			t = l->l_view;
			tl = l->l_vlen;
		}
	}
	if (tl > 0) {
		if (c->x_title == NULL) {
			c->x_title = ctx_strndup(c, t, tl);
			b->b_dead = 1;
		} else if (same_ci(c->x_title, t, tl))
			b->b_dead = 1;
	}
	free(sb.sb_buf);
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
	struct sbuf	 sb = { NULL, 0, 0, 0 };
	struct line	*l;
	const char	*p = NULL;
	size_t		 i;

	sb_reset(&sb);
	for (i = from; i < b->b_first + b->b_n; i++) {
		if ((l = line_at(c, i))->l_dead)
			continue;
		if (sb.sb_len > 0)
			sb_addc(&sb, ' ');
		sb_add(&sb, l->l_view, l->l_vlen);
		l->l_dead = 1;
	}
	if (sb.sb_err)
		c->x_nomem = 1;
	else
		p = ctx_strndup(c, sb.sb_buf, sb.sb_len);
	free(sb.sb_buf);
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
	struct block	*b = block_at(c, bi), *pb;
	struct line	*l;
	size_t		 i, prev = NONE, pbi, pli, after = 0;
	int		 first = !c->x_photo;
	const char	*caption;

	c->x_photo = 1;
	if (first)
		c->x_credit = ctx_clean(c, credit, creditn);
	line_at(c, li)->l_dead = 1;
	for (i = b->b_first; i < li; i++)
		if (!line_at(c, i)->l_dead)
			prev = i;
	if (prev != NONE) {
		l = line_at(c, prev);
		if (alt_like(l->l_view, l->l_vlen)) {
			if (first)
				c->x_alt = ctx_strndup(c, l->l_view, l->l_vlen);
			l->l_dead = 1;
		}
	} else {
		for (pbi = bi; pbi-- > 0 && !block_live(c, pbi);)
			;
		if (pbi != NONE && (pb = block_at(c, pbi))->b_kind == B_PARA &&
		    live_lines(c, pb, &pli) == 1 &&
		    alt_like(line_at(c, pli)->l_view,
		    line_at(c, pli)->l_vlen)) {
			l = line_at(c, pli);
			if (first)
				c->x_alt = ctx_strndup(c, l->l_view, l->l_vlen);
			l->l_dead = 1;
		}
	}
	for (i = li + 1; i < b->b_first + b->b_n; i++)
		if (!line_at(c, i)->l_dead)
			after++;
	if (after > 0) {
		caption = join_from(c, b, li + 1);
		if (first && caption != NULL)
			c->x_caption = caption;
		return;
	}
	if (prev != NONE || (i = first_live_block(c, bi + 1)) == NONE)
		return;
	pb = block_at(c, i);
	if (pb->b_kind != B_PARA || live_lines(c, pb, &pli) != 1)
		return;
	l = line_at(c, pli);
	if (utf8_length(l->l_view, l->l_vlen) <= CAPTION_MAX) {
		if (first)
			c->x_caption = ctx_strndup(c, l->l_view, l->l_vlen);
		l->l_dead = 1;
	}
}

static void
lift_photo(struct ctx *c)
{
	struct block	*b;
	struct line	*l;
	const char	*v;
	size_t		 bi, li, vn;

	for (bi = 0; bi < c->x_blocks.v_n; bi++) {
		b = block_at(c, bi);
		if (b->b_kind != B_PARA || b->b_dead)
			continue;
		for (li = b->b_first; li < b->b_first + b->b_n; li++) {
			l = line_at(c, li);
			if (!l->l_dead && rule_photo(l->l_view, l->l_vlen, &v,
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
	    word_count(s, n) < DEK_WORDS)
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

static void
lift_dek(struct ctx *c)
{
	struct sbuf	 sb = { NULL, 0, 0, 0 };
	struct block	*b;
	size_t		 bi;

	if (c->x_summary != NULL || (bi = first_live_block(c, 0)) == NONE)
		return;
	b = block_at(c, bi);
	if (b->b_kind == B_PARA && block_text(c, b, &sb, NULL) == 0 &&
	    dek_like(sb.sb_buf, sb.sb_len)) {
		c->x_summary = ctx_strndup(c, sb.sb_buf, sb.sb_len);
		b->b_dead = 1;
	}
	free(sb.sb_buf);
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
		if (strlen(minor[i]) == n && starts_ci(s, n, minor[i]) == n)
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

	if (n == 0 || utf8_length(s, n) > SUBHEAD_MAX || word_count(s, n) < 2 ||
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

static void
lift_subheads(struct ctx *c)
{
	struct block	*b;
	struct line	*l;
	size_t		 bi, li, last = NONE;

	for (bi = 0; bi < c->x_blocks.v_n; bi++)
		if (block_live(c, bi))
			last = bi;
	for (bi = 0; last != NONE && bi < last; bi++) {
		b = block_at(c, bi);
		if (!block_live(c, bi) || live_lines(c, b, &li) != 1)
			continue;
		l = line_at(c, li);
		if (subhead_like(l->l_view, l->l_vlen)) {
			b->b_kind = B_HEAD;
			b->b_level = 2;
		}
	}
}

/* Rendering. */

/*
 * Gemtext line types: "=>" links, "```" toggles, "#" headings, "* " list
 * items, ">" quotes.  Text that starts like one is written after a space
 * so that it stays a text line.
 */
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
flush_links(struct ctx *c, struct sbuf *body, struct vec *links)
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
		sb_adds(body, "=> ");
		sb_adds(body, k->k_url);
		if (*k->k_label != '\0') {
			sb_addc(body, ' ');
			sb_adds(body, k->k_label);
		}
		sb_addc(body, '\n');
	}
done:
	free(lr);
	free(dup);
	links->v_n = 0;
}

/* Code as written, tabs expanded (the store keeps no control bytes). */
static void
write_pre(struct ctx *c, const struct block *b, struct sbuf *body)
{
	struct line	*l;
	char		*info;
	size_t		 i, k, col;

	sb_adds(body, "```");
	if (b->b_infolen > 0 && (info = ctx_strndup(c, b->b_info,
	    b->b_infolen)) != NULL)
		sb_add(body, info, squeeze(info, b->b_infolen));
	sb_addc(body, '\n');
	for (i = b->b_first; i < b->b_first + b->b_n; i++) {
		l = line_at(c, i);
		if (l->l_len >= 3 && memcmp(l->l_s, "```", 3) == 0)
			sb_addc(body, ' ');
		for (k = col = 0; k < l->l_len; k++) {
			if (l->l_s[k] == '\t') {
				do
					sb_addc(body, ' ');
				while (++col % TAB_STOP != 0);
				continue;
			}
			sb_addc(body, l->l_s[k]);
			if (((unsigned char)l->l_s[k] & 0xc0) != 0x80)
				col++;
		}
		sb_addc(body, '\n');
	}
	sb_adds(body, "```\n");
}

/* One blank line between blocks; items and quote lines run together. */
static int
render(struct ctx *c, struct sbuf *body)
{
	struct sbuf	 text = { NULL, 0, 0, 0 };
	struct vec	 links = VEC_INIT(struct link);
	struct block	*b;
	size_t		 bi, before, lvl;
	int		 run = -1, same;

	sb_reset(body);
	for (bi = 0; bi < c->x_blocks.v_n && !c->x_nomem; bi++) {
		if (!block_live(c, bi))
			continue;
		b = block_at(c, bi);
		same = (b->b_kind == B_ITEM || b->b_kind == B_QUOTE) &&
		    (int)b->b_kind == run;
		if (!same) {
			flush_links(c, body, &links);
			run = -1;
		}
		if (b->b_kind == B_PRE) {
			if (body->sb_len > 0)
				sb_addc(body, '\n');
			write_pre(c, b, body);
			continue;
		}
		before = links.v_n;
		if (block_text(c, b, &text, &links) == -1)
			break;
		if (text.sb_len == 0 && links.v_n == before)
			continue;
		if (!same && body->sb_len > 0)
			sb_addc(body, '\n');
		if (text.sb_len > 0) {
			switch (b->b_kind) {
			case B_HEAD:
				for (lvl = 0; lvl < (size_t)b->b_level &&
				    lvl < 3; lvl++)
					sb_addc(body, '#');
				sb_addc(body, ' ');
				break;
			case B_ITEM:
				sb_adds(body, "* ");
				break;
			case B_QUOTE:
				sb_adds(body, "> ");
				break;
			default:
				if (needs_guard(text.sb_buf, text.sb_len))
					sb_addc(body, ' ');
				break;
			}
			sb_add(body, text.sb_buf, text.sb_len);
			sb_addc(body, '\n');
		}
		if (b->b_kind == B_ITEM || b->b_kind == B_QUOTE)
			run = (int)b->b_kind;
		else
			flush_links(c, body, &links);
	}
	flush_links(c, body, &links);
	if (body->sb_err || text.sb_err)
		c->x_nomem = 1;
	free(text.sb_buf);
	free(links.v_p);
	return c->x_nomem ? -1 : 0;
}

/* Headers in the order a reader of the file expects them. */
static int
set_headers(struct ctx *c, const struct import_opts *o, struct article *a)
{
	struct sbuf	 tags = { NULL, 0, 0, 0 };
	const char	*date = o->io_date != NULL ? o->io_date : c->x_date;
	size_t		 i;
	int		 rc = -1;

	sb_reset(&tags);
	for (i = 0; i < c->x_tags.v_n; i++) {
		if (i > 0)
			sb_adds(&tags, ", ");
		sb_adds(&tags, *VEC_AT(&c->x_tags, const char *, i));
	}
	if (tags.sb_err ||
	    article_set(a, "Title", c->x_title) == -1 ||
	    (date != NULL && article_set(a, "Date", date) == -1) ||
	    (c->x_author != NULL && article_set(a, "Author", c->x_author) ==
	    -1) ||
	    (tags.sb_len > 0 && article_set(a, "Tags", tags.sb_buf) == -1) ||
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
	free(tags.sb_buf);
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
	free(c->x_buf.sb_buf);
	free(c->x_lines.v_p);
	free(c->x_blocks.v_p);
	free(c->x_refs.v_p);
	free(c->x_tags.v_p);
	free(c->x_related.v_p);
}

int
import_text(const char *text, size_t len, const struct import_opts *o,
    struct article *out, unsigned *errline, const char **errstr)
{
	struct ctx	 c;
	struct sbuf	 body = { NULL, 0, 0, 0 };
	int		 rc = -1;

	memset(&c, 0, sizeof(c));
	c.x_lines.v_size = sizeof(struct line);
	c.x_blocks.v_size = sizeof(struct block);
	c.x_refs.v_size = sizeof(struct ref);
	c.x_tags.v_size = sizeof(const char *);
	c.x_related.v_size = sizeof(const char *);
	*errline = 0;
	*errstr = "out of memory";
	if (len == 0)
		text = "";

	c.x_md = o->io_format == IMPORT_MARKDOWN ||
	    (o->io_format == IMPORT_DETECT && import_is_markdown(text, len));
	normalise(text, len, &c.x_buf);
	if (c.x_buf.sb_err)
		goto done;
	if (o->io_title != NULL)
		c.x_title = ctx_opt(&c, o->io_title);
	if (o->io_tags != NULL)
		add_tags(&c, o->io_tags, strlen(o->io_tags));
	if (c.x_nomem)
		goto done;
	if (c.x_md) {
		if (md_blocks(&c, front_matter(&c)) == -1)
			goto done;
		if (c.x_refs.v_n > 1)
			qsort(c.x_refs.v_p, c.x_refs.v_n, sizeof(struct ref),
			    refcmp);
		if (md_views(&c) == -1)
			goto done;
	} else if (plain_blocks(&c) == -1)
		goto done;
	if (c.x_nomem)
		goto done;
	if (first_live_block(&c, 0) == NONE) {
		*errstr = "no text to import";
		goto done;
	}

	lift_boilerplate(&c);
	if (lift_title(&c) == -1)
		goto done;
	if (c.x_title == NULL) {
		*errline = 1;
		*errstr = "no title found: pass --title";
		goto done;
	}
	lift_photo(&c);
	if (!c.x_md) {
		lift_dek(&c);
		lift_subheads(&c);
	}
	if (c.x_nomem || render(&c, &body) == -1)
		goto done;
	if (body.sb_len == 0) {
		*errstr = "no body text left after cleaning";
		goto done;
	}
	if (set_headers(&c, o, out) == -1 ||
	    article_set_body(out, body.sb_buf, body.sb_len) == -1)
		goto done;
	rc = 0;
done:
	if (rc == -1)
		article_free(out);
	free(body.sb_buf);
	ctx_free(&c);
	return rc;
}

/* "[text](" on one line: the surest sign of Markdown. */
static int
has_inline_link(const char *s, size_t n)
{
	const char	*p;

	return (p = find_str(s, n, "](")) != NULL &&
	    memchr(s, '[', (size_t)(p - s)) != NULL &&
	    memchr(p, ')', n - (size_t)(p - s)) != NULL;
}

/*
 * Markdown when the text has one sure sign (front matter, a first-line
 * "# " heading, a deeper heading, a code fence, a reference definition,
 * an inline link), or two kinds of weaker ones (list items, quotes,
 * strong emphasis, code spans, autolinks, later "# " headings).
 */
int
import_is_markdown(const char *text, size_t len)
{
	const char	*p, *t;
	size_t		 pos = 0, start, n, off, tl, ln, dn, body, end;
	int		 first = 1, weak = 0, kinds = 0, intr, lvl;
	const char	*lab, *dest;

	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		text += 3;
		len -= 3;
	}
	if (fm_bounds(text, len, &body, &end) > 0)
		return 1;
	while (next_line(text, len, &pos, &start, &n)) {
		p = text + start;
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (is_blank(p, n))
			continue;
		if (indent(p, n, &off) > 3) {
			first = 0;
			continue;
		}
		p += off;
		n -= off;
		if ((lvl = md_atx(p, n, &t, &tl)) > 0 && tl > 0) {
			if (first || lvl > 1)
				return 1;
			weak |= 1;
		}
		first = 0;
		if (md_fence(p, n, &t, &tl) > 0 ||
		    md_refdef(p, n, &lab, &ln, &dest, &dn) ||
		    has_inline_link(p, n))
			return 1;
		if (md_marker(p, n, &intr) > 0 && !md_rule(p, n))
			weak |= 2;
		else if (p[0] == '>')
			weak |= 4;
		if ((t = find_str(p, n, "**")) != NULL &&
		    find_str(t + 2, n - (size_t)(t + 2 - p), "**") != NULL)
			weak |= 8;
		if ((t = memchr(p, '`', n)) != NULL &&
		    memchr(t + 1, '`', n - (size_t)(t + 1 - p)) != NULL)
			weak |= 16;
		if (find_str(p, n, "<http") != NULL)
			weak |= 32;
	}
	for (; weak != 0; weak >>= 1)
		kinds += weak & 1;
	return kinds >= 2;
}
