/*
 * article: see article.h.  A pure module: libc and utf8 only.
 */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "article.h"
#include "utf8.h"

#define ARTICLE_STR_(x)	#x
#define ARTICLE_STR(x)	ARTICLE_STR_(x)

/* Headers that may appear once; the rest (Related, unknown ones) repeat. */
static const char *const article_single[] = {
	"Title", "Date", "Updated", "Author", "Tags", "Lang", "Summary",
	"Image", "Image-Alt", "Image-Caption", "Image-Credit", "Source",
	"Status", "Previous-Slugs", "Copyright", "Featured",
};

static void
article_clear_derived(struct article *a)
{
	size_t i;

	for (i = 0; i < a->a_ntags; i++)
		free(a->a_tags[i]);
	free(a->a_tags);
	for (i = 0; i < a->a_nprevslugs; i++)
		free(a->a_prevslugs[i]);
	free(a->a_prevslugs);
	a->a_tags = a->a_prevslugs = NULL;
	a->a_ntags = a->a_nprevslugs = 0;
	a->a_title = a->a_author = a->a_summary = a->a_lang = NULL;
	a->a_image = a->a_image_alt = a->a_image_caption = NULL;
	a->a_image_credit = a->a_source = a->a_copyright = NULL;
	a->a_publisher = NULL;
	a->a_date = a->a_updated = 0;
	a->a_draft = a->a_featured = 0;
}

void
article_free(struct article *a)
{
	size_t i;

	if (a == NULL)
		return;
	article_clear_derived(a);
	for (i = 0; i < a->a_nhdr; i++) {
		free(a->a_hdr[i].h_name);
		free(a->a_hdr[i].h_value);
	}
	free(a->a_hdr);
	free(a->a_body);
	free(a->a_slug);
	memset(a, 0, sizeof(*a));
}

static char *
article_strndup(const char *s, size_t n)
{
	char *p;

	if ((p = malloc(n + 1)) == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static int
article_push(struct article *a, const char *name, size_t namelen,
    const char *value, size_t valuelen, unsigned line)
{
	struct article_header *h;
	char *n, *v;

	n = article_strndup(name, namelen);
	v = article_strndup(value, valuelen);
	h = realloc(a->a_hdr, (a->a_nhdr + 1) * sizeof(*h));
	if (n == NULL || v == NULL || h == NULL) {
		free(n);
		free(v);
		if (h != NULL)
			a->a_hdr = h;
		return -1;
	}
	a->a_hdr = h;
	h[a->a_nhdr].h_name = n;
	h[a->a_nhdr].h_value = v;
	h[a->a_nhdr].h_line = line;
	a->a_nhdr++;
	return 0;
}

const char *
article_get(const struct article *a, const char *name)
{
	size_t i;

	for (i = 0; i < a->a_nhdr; i++)
		if (strcasecmp(a->a_hdr[i].h_name, name) == 0)
			return a->a_hdr[i].h_value;
	return NULL;
}

int
article_append(struct article *a, const char *name, const char *value)
{
	article_clear_derived(a);
	return article_push(a, name, strlen(name), value, strlen(value), 0);
}

int
article_set(struct article *a, const char *name, const char *value)
{
	size_t i, j;
	int found = 0;
	char *v;

	article_clear_derived(a);
	for (i = j = 0; i < a->a_nhdr; i++) {
		struct article_header *h = &a->a_hdr[i];

		if (strcasecmp(h->h_name, name) == 0 && value != NULL &&
		    !found) {
			if ((v = strdup(value)) == NULL)
				return -1;
			free(h->h_value);
			h->h_value = v;
			h->h_line = 0;
			found = 1;
		} else if (strcasecmp(h->h_name, name) == 0) {
			free(h->h_name);
			free(h->h_value);
			continue;
		}
		a->a_hdr[j++] = *h;
	}
	a->a_nhdr = j;
	if (!found && value != NULL)
		return article_append(a, name, value);
	return 0;
}

int
article_days_expand(struct article *a)
{
	size_t i, k;
	char *v;

	for (i = 0; i < a->a_nhdr; i++) {
		struct article_header *h = &a->a_hdr[i];

		if (strcasecmp(h->h_name, "Date") != 0 &&
		    strcasecmp(h->h_name, "Updated") != 0)
			continue;
		for (k = 0; k < 10; k++)
			if (k == 4 || k == 7 ? h->h_value[k] != '-' :
			    !isdigit((unsigned char)h->h_value[k]))
				break;
		if (k < 10 || h->h_value[10] != '\0')
			continue;
		if ((v = malloc(ARTICLE_DATE_LEN + 1)) == NULL)
			return -1;
		snprintf(v, ARTICLE_DATE_LEN + 1, "%sT00:00:00Z", h->h_value);
		free(h->h_value);
		h->h_value = v;
		article_clear_derived(a);
	}
	return 0;
}

int
article_set_body(struct article *a, const char *body, size_t len)
{
	char *b;

	if ((b = article_strndup(body, len)) == NULL)
		return -1;
	free(a->a_body);
	a->a_body = b;
	a->a_bodylen = len;
	a->a_bodyok = 0;
	return 0;
}

/* Number of the line that holds byte off of text (1-based). */
static unsigned
article_line_of(const char *text, size_t off, unsigned first)
{
	const char *p = text, *end = text + off;
	unsigned line = first;

	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		line++;
		p++;
	}
	return line;
}

/*
 * Well-formed UTF-8 with no control characters but TAB (and LF where
 * newlines are allowed): terminals and gopher clients would act on them.
 */
static int
article_text_ok(const char *s, size_t len, int newlines, size_t *bad)
{
	size_t i = 0, n;
	uint32_t cp;

	/* One pass: ASCII checked byte by byte, the rest decoded. */
	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x80) {
			if ((n = utf8_decode(s + i, len - i, &cp)) == 0)
				goto fail;
			i += n;
			continue;
		}
		if ((c < 0x20 && c != '\t' && !(newlines && c == '\n')) ||
		    c == 0x7f)
			goto fail;
		i++;
	}
	return 0;
fail:
	*bad = i;
	return -1;
}

int
article_parse(struct article *a, const char *text, size_t len,
    unsigned *errline, const char **errstr)
{
	if (article_read(a, text, len, errline, errstr) == -1)
		return -1;
	if (article_validate(a, errline, errstr) == -1) {
		article_free(a);
		return -1;
	}
	return 0;
}

/* The body p[0..end), with CRLF folded to LF and trailing blank lines cut. */
static int
article_read_body(struct article *a, const char *p, const char *end,
    unsigned *errline, const char **errstr)
{
	char *body, *o;
	size_t bad;

	if ((body = malloc((size_t)(end - p) + 2)) == NULL) {
		*errstr = strerror(ENOMEM);
		return -1;
	}
	for (o = body; p < end; p++) {
		if (*p == '\r' && p + 1 < end && p[1] == '\n')
			continue;
		*o++ = *p;
	}
	while (o > body && (o[-1] == '\n' || o[-1] == ' ' || o[-1] == '\t'))
		o--;
	if (o > body)
		*o++ = '\n';
	*o = '\0';
	a->a_body = body;
	a->a_bodylen = (size_t)(o - body);
	if (article_text_ok(body, a->a_bodylen, 1, &bad) == -1) {
		*errline = article_line_of(body, bad, a->a_bodyline);
		*errstr = body[bad] == '\0' || (unsigned char)body[bad] >= 0x80 ?
		    "body is not valid UTF-8" :
		    "body holds a control character";
		return -1;
	}
	/* article_validate() need not look at it again. */
	a->a_bodyok = 1;
	return 0;
}

int
article_read(struct article *a, const char *text, size_t len,
    unsigned *errline, const char **errstr)
{
	const char *p = text, *end = text + len, *eol, *colon, *v, *ve;
	unsigned line = 1;
	size_t bad;

	*errline = 0;
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;

	/* The header block: "Name: value" lines up to a blank line. */
	while (p < end) {
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			eol = end;
		ve = eol;
		if (ve > p && ve[-1] == '\r')
			ve--;
		if (ve == p) {
			p = eol < end ? eol + 1 : end;
			line++;
			break;
		}
		for (colon = p; colon < ve && (isalnum((unsigned char)*colon) ||
		    *colon == '-'); colon++)
			;
		if (colon == p || colon == ve || *colon != ':') {
			*errline = line;
			*errstr = "expected a header line \"Name: value\" "
			    "or a blank line before the body";
			goto fail;
		}
		for (v = colon + 1; v < ve && (*v == ' ' || *v == '\t'); v++)
			;
		while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
			ve--;
		if (article_text_ok(v, (size_t)(ve - v), 0, &bad) == -1) {
			*errline = line;
			*errstr = "header value is not valid UTF-8 text";
			goto fail;
		}
		if (article_push(a, p, (size_t)(colon - p), v, (size_t)(ve - v),
		    line) == -1) {
			*errstr = strerror(ENOMEM);
			goto fail;
		}
		p = eol < end ? eol + 1 : end;
		line++;
	}

	a->a_bodyline = line;
	if (article_read_body(a, p, end, errline, errstr) == 0)
		return 0;
fail:
	article_free(a);
	return -1;
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static int64_t
article_days(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
article_date_split(int64_t t, int *year, int *month, int *day)
{
	int64_t z, era, doe, yoe, y, doy, mp, d, m;

	z = (t >= 0 ? t : t - 86399) / 86400 + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	if (year != NULL)
		*year = (int)(y + (m <= 2));
	if (month != NULL)
		*month = (int)m;
	if (day != NULL)
		*day = (int)d;
}

void
article_date_format(int64_t t, char out[ARTICLE_DATE_LEN + 1])
{
	int y, mo, d;
	int64_t s = ((t % 86400) + 86400) % 86400;
	static const char digits[] = "0123456789";

	article_date_split(t, &y, &mo, &d);
	if (y < 0 || y > 9999)
		y = 0;
	out[0] = digits[y / 1000];
	out[1] = digits[y / 100 % 10];
	out[2] = digits[y / 10 % 10];
	out[3] = digits[y % 10];
	out[4] = '-';
	out[5] = digits[mo / 10];
	out[6] = digits[mo % 10];
	out[7] = '-';
	out[8] = digits[d / 10];
	out[9] = digits[d % 10];
	out[10] = 'T';
	out[11] = digits[s / 36000];
	out[12] = digits[s / 3600 % 10];
	out[13] = ':';
	out[14] = digits[s % 3600 / 600];
	out[15] = digits[s % 3600 / 60 % 10];
	out[16] = ':';
	out[17] = digits[s % 60 / 10];
	out[18] = digits[s % 10];
	out[19] = 'Z';
	out[20] = '\0';
}

void
article_day_format(int64_t t, char out[ARTICLE_DAY_LEN + 1])
{
	char full[ARTICLE_DATE_LEN + 1];

	article_date_format(t, full);
	memcpy(out, full, ARTICLE_DAY_LEN);
	out[ARTICLE_DAY_LEN] = '\0';
}

int
article_month_format(int year, int month, char out[ARTICLE_MONTH_LEN + 1])
{
	static const char *const names[] = {
		"January", "February", "March", "April", "May", "June",
		"July", "August", "September", "October", "November",
		"December",
	};
	int n;

	if (month >= 1 && month <= 12)
		n = snprintf(out, ARTICLE_MONTH_LEN + 1, "%s %04d",
		    names[month - 1], year);
	else
		n = snprintf(out, ARTICLE_MONTH_LEN + 1, "%04d-%02d", year,
		    month);
	return n < 0 ? 0 : n > ARTICLE_MONTH_LEN ? ARTICLE_MONTH_LEN : n;
}

/* n decimal digits at s, or -1. */
static int
article_digits(const char *s, int n)
{
	int v = 0;

	while (n-- > 0) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s++ - '0');
	}
	return v;
}

int
article_date_parse(const char *s, int64_t *out, const char **errstr)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int y, mo, d, h, mi, sec, oh = 0, om = 0, sign = 0;
	const char *p;

	*errstr = "date is not RFC 3339 (YYYY-MM-DDTHH:MM:SSZ)";
	if (strlen(s) < 20 || s[4] != '-' || s[7] != '-' ||
	    (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':')
		return -1;
	y = article_digits(s, 4);
	mo = article_digits(s + 5, 2);
	d = article_digits(s + 8, 2);
	h = article_digits(s + 11, 2);
	mi = article_digits(s + 14, 2);
	sec = article_digits(s + 17, 2);
	if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0)
		return -1;
	p = s + 19;
	if (*p == '.') {
		if (!isdigit((unsigned char)p[1]))
			return -1;
		for (p++; isdigit((unsigned char)*p); p++)
			;
	}
	if ((*p == 'Z' || *p == 'z') && p[1] == '\0')
		;
	else if ((*p == '+' || *p == '-') && strlen(p) == 6 && p[3] == ':') {
		sign = *p == '-' ? -1 : 1;
		oh = article_digits(p + 1, 2);
		om = article_digits(p + 4, 2);
		if (oh < 0 || om < 0 || oh > 23 || om > 59)
			return -1;
	} else
		return -1;
	*errstr = "date is out of range";
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 ||
	    mi > 59 || sec > 60)
		return -1;
	if (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 ||
	    y % 400 == 0)))
		return -1;
	*out = article_days(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec -
	    sign * (oh * 3600 + om * 60);
	return 0;
}

int
article_name_valid(const char *s)
{
	size_t n;

	for (n = 0; s[n] != '\0'; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') ||
		    (s[n] >= '0' && s[n] <= '9') || s[n] == '-'))
			return 0;
	return n > 0 && n <= ARTICLE_SLUG_MAX;
}

/* BCP 47 in its common shape: language, then subtags of 1-8 alphanumerics. */
static int
article_lang_valid(const char *s)
{
	size_t n = 0;

	while (isalpha((unsigned char)s[n]))
		n++;
	if (n < 2 || n > 8)
		return 0;
	s += n;
	while (*s == '-') {
		for (n = 1; isalnum((unsigned char)s[n]); n++)
			;
		if (n < 2 || n > 9)
			return 0;
		s += n;
	}
	return *s == '\0';
}

/* scheme ":" per RFC 3986, section 3.1: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) */
static int
article_has_scheme(const char *s)
{
	if (!isalpha((unsigned char)*s))
		return 0;
	while (isalnum((unsigned char)*s) || *s == '+' || *s == '-' ||
	    *s == '.')
		s++;
	return *s == ':';
}

/* A path under media/ that stays there: no "..", no empty segment. */
static int
article_media_valid(const char *s)
{
	const char *seg;

	if (strncmp(s, "media/", 6) != 0)
		return 0;
	for (seg = s + 6;;) {
		size_t n = strcspn(seg, "/");

		if (n == 0 || (n == 1 && seg[0] == '.') ||
		    (n == 2 && seg[0] == '.' && seg[1] == '.') ||
		    memchr(seg, '\\', n) != NULL)
			return 0;
		if (seg[n] == '\0')
			return 1;
		seg += n + 1;
	}
}

static int
article_cmpstr(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/*
 * Splits a list of names at commas and white space into an owned, sorted
 * array without duplicates.  Returns -1 on a name outside [a-z0-9-]+, or
 * (with *toomany set) when more than max names are listed: counted as
 * listed, so that the work stops there however long the line.
 */
static int
article_names(const char *v, size_t max, char ***out, size_t *nout,
    int *nomem, int *toomany)
{
	char **list = NULL, **l;
	size_t n = 0, cap = 0, len, i, j;

	*nomem = *toomany = 0;
	while (*v != '\0') {
		v += strspn(v, ", \t");
		if ((len = strcspn(v, ", \t")) == 0)
			break;
		if (n == max) {
			*toomany = 1;
			goto bad;
		}
		if (n == cap) {
			cap = cap == 0 ? 8 : cap * 2;
			if ((l = realloc(list, cap * sizeof(*l))) == NULL)
				goto nomem;
			list = l;
		}
		if ((list[n] = article_strndup(v, len)) == NULL)
			goto nomem;
		n++;
		if (!article_name_valid(list[n - 1]))
			goto bad;
		v += len;
	}
	if (n > 1)
		qsort(list, n, sizeof(*list), article_cmpstr);
	/* Sorted: a duplicate follows its twin; one pass keeps the first. */
	for (i = j = 0; i < n; i++) {
		if (j > 0 && strcmp(list[i], list[j - 1]) == 0)
			free(list[i]);
		else
			list[j++] = list[i];
	}
	*out = list;
	*nout = j;
	return 0;
nomem:
	*nomem = 1;
bad:
	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
	return -1;
}

static int
article_title_ok(const char *v)
{
	return *v != '\0';
}

static int
article_image_ok(const char *v)
{
	return article_media_valid(v) || article_has_scheme(v);
}

/*
 * The headers that are text, the field of struct article each sets, and
 * the rule its value must meet (NULL: any text) with the error if not.
 */
static const struct {
	const char	*name;
	size_t		 off;
	int		(*ok)(const char *);
	const char	*why;
} article_fields[] = {
	{ "Title", offsetof(struct article, a_title), article_title_ok,
	    "Title is empty" },
	{ "Lang", offsetof(struct article, a_lang), article_lang_valid,
	    "Lang is not a BCP 47 language tag" },
	{ "Image", offsetof(struct article, a_image), article_image_ok,
	    "Image is neither a media/ path nor an absolute URL" },
	{ "Source", offsetof(struct article, a_source), article_has_scheme,
	    "Source is not an absolute URL" },
	{ "Author", offsetof(struct article, a_author), NULL, NULL },
	{ "Summary", offsetof(struct article, a_summary), NULL, NULL },
	{ "Image-Alt", offsetof(struct article, a_image_alt), NULL, NULL },
	{ "Image-Caption", offsetof(struct article, a_image_caption), NULL,
	    NULL },
	{ "Image-Credit", offsetof(struct article, a_image_credit), NULL,
	    NULL },
	{ "Copyright", offsetof(struct article, a_copyright), NULL, NULL },
	{ "Publisher", offsetof(struct article, a_publisher), NULL, NULL },
};

/* Tags and Previous-Slugs: comma-separated names. */
static int
article_apply_names(struct article *a, const char *n, const char *v,
    const char **errstr)
{
	int nomem, toomany;

	if (strcasecmp(n, "Tags") == 0) {
		if (article_names(v, ARTICLE_TAGS_MAX, &a->a_tags,
		    &a->a_ntags, &nomem, &toomany) == -1) {
			*errstr = nomem ? strerror(ENOMEM) : toomany ?
			    "more than " ARTICLE_STR(ARTICLE_TAGS_MAX)
			    " tags" :
			    "a tag is not lower-case [a-z0-9-]";
			return -1;
		}
	} else if (article_names(v, SIZE_MAX, &a->a_prevslugs,
	    &a->a_nprevslugs, &nomem, &toomany) == -1) {
		*errstr = nomem ? strerror(ENOMEM) :
		    "a previous slug is not [a-z0-9-]";
		return -1;
	}
	return 0;
}

/* One header's value into the field it sets, checked; unknown ones stay. */
static int
article_apply(struct article *a, const char *n, const char *v,
    const char **errstr)
{
	size_t i;

	for (i = 0; i < sizeof(article_fields) / sizeof(article_fields[0]);
	    i++) {
		if (strcasecmp(n, article_fields[i].name) != 0)
			continue;
		if (article_fields[i].ok != NULL && !article_fields[i].ok(v)) {
			*errstr = article_fields[i].why;
			return -1;
		}
		/* Publisher may repeat (import writes one): the first counts. */
		if (article_fields[i].off == offsetof(struct article,
		    a_publisher) && a->a_publisher != NULL)
			return 0;
		*(const char **)((char *)a + article_fields[i].off) = v;
		return 0;
	}
	if (strcasecmp(n, "Date") == 0)
		return article_date_parse(v, &a->a_date, errstr);
	if (strcasecmp(n, "Updated") == 0)
		return article_date_parse(v, &a->a_updated, errstr);
	if (strcasecmp(n, "Tags") == 0 ||
	    strcasecmp(n, "Previous-Slugs") == 0)
		return article_apply_names(a, n, v, errstr);
	if (strcasecmp(n, "Status") == 0) {
		if (strcmp(v, "published") != 0 && strcmp(v, "draft") != 0) {
			*errstr = "Status is neither published nor draft";
			return -1;
		}
		a->a_draft = strcmp(v, "draft") == 0;
	}
	if (strcasecmp(n, "Featured") == 0) {
		if (strcmp(v, "yes") != 0 && strcmp(v, "no") != 0) {
			*errstr = "Featured is neither yes nor no";
			return -1;
		}
		a->a_featured = strcmp(v, "yes") == 0;
	}
	return 0;
}

/* The rules over the whole article, once every header is applied. */
static int
article_check_whole(const struct article *a, unsigned *errline,
    const char **errstr)
{
	size_t i, bad;

	*errline = a->a_nhdr > 0 ? a->a_hdr[0].h_line : 0;
	if (a->a_title == NULL) {
		*errstr = "missing Title header";
		return -1;
	}
	if (article_get(a, "Date") == NULL) {
		*errstr = "missing Date header";
		return -1;
	}
	if (a->a_updated != 0 && a->a_updated < a->a_date) {
		for (i = 0; i < a->a_nhdr; i++)
			if (strcasecmp(a->a_hdr[i].h_name, "Updated") == 0)
				*errline = a->a_hdr[i].h_line;
		*errstr = "Updated is earlier than Date";
		return -1;
	}
	if (a->a_body != NULL && !a->a_bodyok &&
	    article_text_ok(a->a_body, a->a_bodylen, 1, &bad) == -1) {
		*errline = a->a_bodyline ?
		    article_line_of(a->a_body, bad, a->a_bodyline) : 0;
		*errstr = "body is not valid UTF-8 text";
		return -1;
	}
	return 0;
}

int
article_validate(struct article *a, unsigned *errline, const char **errstr)
{
	size_t i, j, bad;

	article_clear_derived(a);
	*errline = 0;
	for (i = 0; i < a->a_nhdr; i++) {
		struct article_header *h = &a->a_hdr[i];
		const char *n = h->h_name, *v = h->h_value;

		*errline = h->h_line;
		if (article_text_ok(v, strlen(v), 0, &bad) == -1) {
			*errstr = "header value is not valid UTF-8 text";
			goto fail;
		}
		for (j = 0; j < sizeof(article_single) /
		    sizeof(article_single[0]); j++)
			if (strcasecmp(n, article_single[j]) == 0)
				break;
		if (j < sizeof(article_single) / sizeof(article_single[0]) &&
		    article_get(a, n) != v) {
			*errstr = "header appears twice";
			goto fail;
		}
		if (article_apply(a, n, v, errstr) == -1)
			goto fail;
	}
	if (article_check_whole(a, errline, errstr) == -1)
		goto fail;
	*errline = 0;
	return 0;
fail:
	article_clear_derived(a);
	return -1;
}

char *
article_serialise(const struct article *a, size_t *len)
{
	size_t n = 2, i, off = 0, l;
	char *s;

	for (i = 0; i < a->a_nhdr; i++)
		n += strlen(a->a_hdr[i].h_name) + strlen(a->a_hdr[i].h_value) +
		    3;
	n += a->a_bodylen + 1;
	if ((s = malloc(n)) == NULL)
		return NULL;
	for (i = 0; i < a->a_nhdr; i++) {
		l = strlen(a->a_hdr[i].h_name);
		memcpy(s + off, a->a_hdr[i].h_name, l);
		off += l;
		s[off++] = ':';
		s[off++] = ' ';
		l = strlen(a->a_hdr[i].h_value);
		memcpy(s + off, a->a_hdr[i].h_value, l);
		off += l;
		s[off++] = '\n';
	}
	s[off++] = '\n';
	if (a->a_bodylen > 0) {
		memcpy(s + off, a->a_body, a->a_bodylen);
		off += a->a_bodylen;
		if (s[off - 1] != '\n')
			s[off++] = '\n';
	}
	s[off] = '\0';
	*len = off;
	return s;
}

int
article_has_tag(const struct article *a, const char *tag)
{
	return a->a_ntags > 0 && bsearch(&tag, a->a_tags, a->a_ntags,
	    sizeof(*a->a_tags), article_cmpstr) != NULL;
}

/* Slugs are cut at a word boundary past this many bytes to stay readable. */
#define ARTICLE_SLUG_SOFT 60

int
article_slugify(const char *title, char *out)
{
	size_t len = strlen(title), i = 0, o = 0, n, k;
	const char *f;
	char tmp[8];
	uint32_t cp;

	while (i < len && o < ARTICLE_SLUG_MAX) {
		if ((n = utf8_decode(title + i, len - i, &cp)) == 0) {
			n = 1;
			cp = '?';
		}
		i += n;
		/* An apostrophe joins: "it's" reads better as "its". */
		if (cp == '\'' || cp == 0x2019)
			continue;
		f = cp < 0x80 ? (tmp[0] = (char)cp, tmp[1] = '\0', tmp) :
		    utf8_fold(cp);
		if (f == NULL)
			f = "-";
		for (k = 0; f[k] != '\0' && o < ARTICLE_SLUG_MAX; k++) {
			char c = (char)tolower((unsigned char)f[k]);

			if (!isalnum((unsigned char)c))
				c = '-';
			if (c == '-' && (o == 0 || out[o - 1] == '-'))
				continue;
			out[o++] = c;
		}
		if (o > ARTICLE_SLUG_SOFT)
			break;
	}
	if (o > ARTICLE_SLUG_SOFT && i < len) {
		for (k = o; k > 0 && out[k - 1] != '-'; k--)
			;
		if (k > 1)
			o = k;
	}
	while (o > 0 && out[o - 1] == '-')
		o--;
	out[o] = '\0';
	return o > 0 ? 0 : -1;
}
