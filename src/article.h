/*
 * article: pure parser and writer for one article file of the store.
 *
 * The format (DESIGN.md): header lines "Name: value", a blank line, then a
 * gemtext body in UTF-8.  Header names are case-insensitive.  Every header
 * is kept in file order, unknown ones included, so that a rewrite loses
 * nothing; the known ones are also checked and decoded into typed fields.
 *
 * Ownership: a struct article owns every string it points to.  Callers
 * zero it (or use ARTICLE_INIT), fill it with article_parse() or the
 * setters, and release it with article_free().  The typed fields (a_title,
 * a_date, a_tags, ...) are valid after a successful article_validate()
 * (article_parse() calls it) and until the next setter call; they point
 * into the header list.
 *
 * Errors: functions return 0 or -1; on -1 *errstr is a static English
 * message and, where the error has a place, *errline its 1-based line in
 * the file (0 when it has none).
 */
#ifndef CAPSULE_ARTICLE_H
#define CAPSULE_ARTICLE_H

#include <stddef.h>
#include <stdint.h>

#define ARTICLE_SLUG_MAX 80   /* bytes, without the ".gmi" */
/*
 * Names a Tags header may list.  Every page that lists an article
 * (each of its tag pages, and the feeds that show its tags as
 * categories) grows with its tags, so a store's pages are linear in its
 * size only while tags per article are bounded; 64 is what import has
 * always kept.
 */
#define ARTICLE_TAGS_MAX 64

struct article_header {
	char		*h_name;
	char		*h_value;
	unsigned	 h_line;	/* 0 for a header set in memory */
};

struct article {
	/* what the file holds */
	struct article_header	*a_hdr;
	size_t			 a_nhdr;
	char			*a_body;	/* NUL-terminated, LF line ends */
	size_t			 a_bodylen;
	unsigned		 a_bodyline;	/* file line of the first body line */
	int			 a_bodyok;	/* the body was checked already */

	/* set by the store, not by the parser */
	char			*a_slug;

	/* decoded by article_validate(); strings point into a_hdr */
	const char		*a_title;
	const char		*a_author;
	const char		*a_summary;
	const char		*a_lang;	/* NULL: the site's language */
	const char		*a_image;
	const char		*a_image_alt;
	const char		*a_image_caption;
	const char		*a_image_credit;
	const char		*a_source;
	const char		*a_copyright;
	const char		*a_publisher;	/* who first published it */
	int64_t			 a_date;	/* seconds since the epoch, UTC */
	int64_t			 a_updated;	/* 0: never corrected */
	int			 a_draft;
	int			 a_featured;	/* Featured: yes, the lead */
	char			**a_tags;	/* owned, sorted, no duplicates */
	size_t			 a_ntags;
	char			**a_prevslugs;	/* owned */
	size_t			 a_nprevslugs;
};

/*
 * Reads the header block and the body of text[0..len) without checking
 * the known headers: for callers that fill in defaults (a missing Date,
 * say) before article_validate().
 */
int	 article_read(struct article *, const char *text, size_t len,
	    unsigned *errline, const char **errstr);

/*
 * article_read() then article_validate().  CRLF line ends and a leading byte
 * order mark are accepted and normalised away.  On failure the article is
 * left empty (article_free() is still safe).
 */
int	 article_parse(struct article *, const char *text, size_t len,
	    unsigned *errline, const char **errstr);

/*
 * Checks the known headers and the body and decodes the typed fields:
 * Title and Date required; Date and Updated in RFC 3339; Tags and
 * Previous-Slugs in [a-z0-9-]+, Tags at most ARTICLE_TAGS_MAX of them
 * (a name listed twice counts twice); Status "published" or "draft";
 * Featured "yes" or "no"; Lang a
 * BCP 47 tag; Image a media/ path or an absolute URL; the body and every
 * header well-formed UTF-8 without control characters.
 */
int	 article_validate(struct article *, unsigned *errline,
	    const char **errstr);

void	 article_free(struct article *);

/* The value of the first header called name (any case), or NULL. */
const char *article_get(const struct article *, const char *name);

/*
 * Sets header name to value: the first one of that name is replaced in
 * place, later ones are removed, and a new one is appended when there was
 * none.  A NULL value removes every header of that name.
 */
int	 article_set(struct article *, const char *name, const char *value);

/* Appends a header even when one of that name exists (Related, say). */
int	 article_append(struct article *, const char *name, const char *value);

/*
 * A Date or Updated header written as a day, "YYYY-MM-DD", becomes that
 * day's midnight UTC in RFC 3339, as import --date takes it; anything
 * else is left for article_validate() to judge.
 */
int	 article_days_expand(struct article *);

/* Replaces the body with a copy of body[0..len). */
int	 article_set_body(struct article *, const char *body, size_t len);

/*
 * The file form: headers in their order, a blank line, the body ending in
 * one newline.  Returns a malloc'd string the caller frees, length in *len.
 */
char	*article_serialise(const struct article *, size_t *len);

/* 1 when the article carries tag. */
int	 article_has_tag(const struct article *, const char *tag);

/*
 * RFC 3339, section 5.6:
 *   date-time = full-date "T" full-time
 *   full-time = partial-time time-offset
 *   time-offset = "Z" / time-numoffset
 * ("T" and "Z" in either case; fractions of a second are dropped).
 */
int	 article_date_parse(const char *, int64_t *, const char **errstr);

/*
 * The dates pages show, spelled once for every renderer:
 * article_date_format() writes t as "YYYY-MM-DDTHH:MM:SSZ",
 * article_day_format() as "YYYY-MM-DD", article_month_format() a month
 * as "October 2026" (one outside 1-12 as "2026-13").  out has room for
 * the length given and its NUL; the month form returns its length.
 */
#define ARTICLE_DATE_LEN	20	/* "YYYY-MM-DDTHH:MM:SSZ" */
#define ARTICLE_DAY_LEN		10	/* "YYYY-MM-DD" */
#define ARTICLE_MONTH_LEN	24	/* "September 2026", with room */
void	 article_date_format(int64_t t, char out[ARTICLE_DATE_LEN + 1]);
void	 article_day_format(int64_t t, char out[ARTICLE_DAY_LEN + 1]);
int	 article_month_format(int year, int month,
	    char out[ARTICLE_MONTH_LEN + 1]);

/* Breaks t (UTC) into its calendar parts; any pointer may be NULL. */
void	 article_date_split(int64_t t, int *year, int *month, int *day);

/* 1 when s is a valid slug or tag: [a-z0-9-]+, at most ARTICLE_SLUG_MAX. */
int	 article_name_valid(const char *s);

/*
 * Makes a slug from a title: ASCII letters and digits lower-cased, Latin
 * accents folded, everything else a single '-', cut at a word boundary to
 * fit ARTICLE_SLUG_MAX.  out has room for ARTICLE_SLUG_MAX + 1 bytes.
 * Returns -1 when nothing usable is left (a title of only punctuation).
 */
int	 article_slugify(const char *title, char *out);

#endif
