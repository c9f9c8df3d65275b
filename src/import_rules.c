/*
 * import_rules: the boilerplate a scrape leaves in the text ("Read also:",
 * "Written by", copyright notices, "Tags:", photo credits, "Join the
 * discussion"), each rule on the words of one line.  See import_int.h.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "import_int.h"
#include "utf8.h"

/* What the rules accept, in code points. */
#define CREDIT_MAX	200
#define BYLINE_MAX	80
#define BYLINE_WORDS	8
#define NOTICE_MAX	300
#define JOIN_MAX	60

/*
 * "Read also: HEADLINE", "Related: HEADLINE" and their cousins in the
 * languages the importer knows ("Lesen Sie auch:", "Lire aussi :",
 * "Leer más:", "Leia também:", "Leggi anche:", "Lees ook:", "Czytaj
 * też:", "Revise:", "In case you missed it:"): the keyword, a colon, the
 * headline.  Behind a short label ("Article réservé à nos abonnés Lire
 * aussi HEADLINE") the colon may be missing, as the page's markup said
 * it instead.
 */
static const char *const related_keys[] = {
	"read also", "also read", "read more", "see also", "more on this",
	"in case you missed it", "related articles", "related article",
	"related stories", "related story", "related", "lesen sie auch",
	"lesen sie mehr", "mehr zum thema", "auch interessant", "lire aussi",
	"a lire aussi", "\xc3\xa0 lire aussi", "voir aussi", "leer m\xc3\xa1s",
	"lea tambi\xc3\xa9n", "lee tambi\xc3\xa9n", "ver tambi\xc3\xa9n",
	"leia tamb\xc3\xa9m", "leia mais", "veja tamb\xc3\xa9m", "revise",
	"leggi anche", "potrebbe interessarti", "lees ook", "lees meer",
	"zie ook", "czytaj te\xc5\xbc", "czytaj tak\xc5\xbc\x65",
	"zobacz te\xc5\xbc"
};

static int
related_at(const char *s, size_t n, size_t *k)
{
	size_t	 i;

	for (i = 0; i < sizeof(related_keys) / sizeof(related_keys[0]); i++)
		if ((*k = norm_starts_ci(s, n, related_keys[i])) > 0 &&
		    (*k == n || s[*k] == ' ' || s[*k] == ':'))
			return 1;
	return 0;
}

static int
rule_related(const char *s, size_t n, const char **v, size_t *vn)
{
	size_t	 i, k, words = 0;

	if (related_at(s, n, &k)) {
		while (k < n && s[k] == ' ')
			k++;
		if (k < n && s[k] == ':') {
			*v = s + k + 1;
			*vn = n - k - 1;
			norm_trim(v, vn);
			return 1;
		}
	}
	/* Behind a label of a few words with no sentence in it. */
	for (i = 2; i < n && words < 8; i++) {
		if (s[i - 1] != ' ')
			continue;
		words++;
		if (s[i - 2] == '.' || s[i - 2] == '!' || s[i - 2] == '?')
			return 0;
		if (!is_upper(s[i]) || !related_at(s + i, n - i, &k))
			continue;
		while (i + k < n && (s[i + k] == ' ' || s[i + k] == ':'))
			k++;
		if (i + k >= n || !is_upper(s[i + k]) ||
		    strchr(".!?", s[n - 1]) != NULL)
			return 0;
		*v = s + i + k;
		*vn = n - i - k;
		norm_trim(v, vn);
		return 1;
	}
	return 0;
}

/* "This article is owned by PUBLISHER" */
static int
rule_owner(const char *s, size_t n, const char **v, size_t *vn)
{
	size_t	 k;

	if ((k = norm_starts_ci(s, n, "this article is owned by ")) == 0)
		return 0;
	*v = s + k;
	*vn = n - k;
	while (*vn > 0 && (*v)[*vn - 1] == '.')
		(*vn)--;
	norm_trim(v, vn);
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

	if ((k = norm_starts_ci(s, n, "written by ")) == 0) {
		if (n < 3 || memcmp(s, "By ", 3) != 0)
			return 0;
		k = 3;
		strict = 1;
	}
	*v = s + k;
	*vn = n - k;
	while (*vn > 0 && ((*v)[*vn - 1] == '.' || (*v)[*vn - 1] == ','))
		(*vn)--;
	norm_trim(v, vn);
	/* "By NAME, Staff Writer": the name alone. */
	for (i = 0; i + 2 < *vn; i++)
		if ((*v)[i] == ',' && (*v)[i + 1] == ' ' &&
		    (norm_contains_ci(*v + i, *vn - i, "writer") ||
		    norm_contains_ci(*v + i, *vn - i, "reporter") ||
		    norm_contains_ci(*v + i, *vn - i, "correspondent") ||
		    norm_contains_ci(*v + i, *vn - i, "editor") ||
		    norm_contains_ci(*v + i, *vn - i, "staff"))) {
			*vn = i;
			break;
		}
	if (*vn == 0 || utf8_length(*v, *vn) > BYLINE_MAX ||
	    norm_words(*v, *vn) > BYLINE_WORDS)
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
	if ((k = norm_starts_ci(s, n, "(c)")) > 0) {
		while (k < n && s[k] == ' ')
			k++;
		if (k < n && is_digit(s[k]))
			return 1;
	}
	if (norm_starts_ci(s, n, "copyright") > 0 && (has_year(s, n) ||
	    norm_find(s, n, "\xc2\xa9") != NULL ||
	    norm_find(s, n, "\xe2\x93\x92") != NULL))
		return 1;
	return norm_contains_ci(s, n, "all rights reserved");
}

/* The notice with its sign written as ©, whichever way it came. */
static const char *
copyright_value(struct ctx *c, const char *s, size_t n)
{
	struct buf	 sb = BUF_INIT;
	const char	*p;
	size_t		 i;

	for (i = 0; i < n; i++) {
		if (n - i >= 3 && (memcmp(s + i, "\xe2\x93\x92", 3) == 0 ||
		    norm_starts_ci(s + i, n - i, "(c)") > 0)) {
			buf_add(&sb, "\xc2\xa9", 2);
			i += 2;
		} else
			buf_putc(&sb, s[i]);
	}
	if (sb.b_err) {
		c->x_nomem = 1;
		p = NULL;
	} else
		p = ctx_clean(c, sb.b_data, sb.b_len);
	buf_free(&sb);
	return p;
}

/*
 * Photo credits as news sites print them: "(Photo : NAME)", "(Photo:
 * NAME)", "Photo: NAME", "(Photo credit: NAME)", "(Photo by NAME)",
 * "Image Credits: NAME", "Bild: NAME", "Foto: NAME", "Fot. NAME",
 * "Crédit photo : NAME", "File photo | NAME".  A key ending in a space
 * or a dot takes the name right after it; the others want ':' or '|'.
 */
int
rules_photo(const char *s, size_t n, const char **v, size_t *vn)
{
	static const char *const keys[] = {
		"photo by ", "photos by ", "photograph by ", "image by ",
		"picture by ", "foto di ", "foto de ", "photo credits",
		"photo credit", "photos", "photo", "image credits",
		"image credit", "image", "picture", "credits", "credit",
		"file photo", "bildquelle", "foto/quelle", "bilder", "bild",
		"fotos", "foto", "fot.", "cr\xc3\xa9" "dits photo",
		"cr\xc3\xa9" "dit photo", "cr\xc3\xa9" "dits",
		"cr\xc3\xa9" "dit", "illustration", "imagen", "imagem",
		"afbeelding", "zdj\xc4\x99" "cie"
	};
	size_t	 i, k = 0, end = n, j;
	int	 paren = n > 0 && s[0] == '(';
	char	 last;

	i = paren;
	for (j = 0; j < sizeof(keys) / sizeof(keys[0]); j++)
		if ((k = norm_starts_ci(s + i, n - i, keys[j])) > 0)
			break;
	if (k == 0)
		return 0;
	last = keys[j][k - 1];
	i += k;
	if (last != ' ' && last != '.') {
		while (i < n && s[i] == ' ')
			i++;
		if (i < n && (s[i] == ':' || s[i] == '|'))
			i++;
		else if (paren && (k = norm_starts_ci(s + i, n - i, "by ")) >
		    0)
			i += k;
		else
			return 0;
	} else if (last == '.' && (i >= n || s[i] != ' '))
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
	norm_trim(v, vn);
	return *vn > 0 && utf8_length(*v, *vn) <= CREDIT_MAX;
}

/* Lifts the boilerplate lines of every paragraph into headers. */
void
rules_lift(struct ctx *c)
{
	struct block	*b;
	struct line	*l;
	const char	*v;
	size_t		 bi, li, vn, k;

	for (bi = 0; bi < c->x_blocks.v_n; bi++) {
		b = ctx_block(c, bi);
		if (b->b_kind != B_PARA || b->b_dead)
			continue;
		for (li = b->b_first; li < b->b_first + b->b_n; li++) {
			if ((l = ctx_line(c, li))->l_dead)
				continue;
			v = l->l_view;
			vn = l->l_vlen;
			if (rule_related(v, vn, &v, &vn))
				ctx_add_related(c, v, vn);
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
				/* "© Provided by PUBLISHER": a syndicated copy. */
				if (vn > 2 && (k = norm_starts_ci(v + 2, vn - 2,
				    " provided by ")) > 0 &&
				    c->x_publisher == NULL)
					c->x_publisher = ctx_clean(c, v + 2 + k,
					    vn - 2 - k);
			} else if ((k = norm_starts_ci(v, vn, "tags:")) > 0 ||
			    (k = norm_starts_ci(v, vn, "tag:")) > 0)
				ctx_add_tags(c, v + k, vn - k);
			else if (norm_starts_ci(v, vn, "join the discussion") == 0 ||
			    utf8_length(v, vn) > JOIN_MAX)
				continue;
			l->l_dead = 1;
		}
	}
}

/* Markdown blocks. */
