/*
 * store: see store.h.
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <ctype.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <strings.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "store.h"
#include "utf8.h"
#include "util.h"

#define STORE_CONF_MAX (64u << 10)

#define STORE_STR_(x)	#x
#define STORE_STR(x)	STORE_STR_(x)

/* "tag, tag": names as article_name_valid() takes them, commas between. */
static int
store_sections_ok(const char *v)
{
	char name[ARTICLE_SLUG_MAX + 1];
	size_t len;

	for (;;) {
		v += strspn(v, ", ");
		if (*v == '\0')
			return 0;
		len = strcspn(v, ", ");
		if (len > ARTICLE_SLUG_MAX)
			return -1;
		memcpy(name, v, len);
		name[len] = '\0';
		if (!article_name_valid(name))
			return -1;
		v += len;
	}
}

static int
store_site_set(void *ctx, const char *key, const char *value,
    const char **errstr)
{
	struct store_site *ss = ctx;
	char **field, *v, *end;
	unsigned long n;

	if (strcmp(key, "section_count") == 0 ||
	    strcmp(key, "section_size") == 0) {
		errno = 0;
		n = strtoul(value, &end, 10);
		if (*value < '0' || *value > '9' || *end != '\0' || errno != 0 ||
		    n > STORE_SECTIONS_MAX) {
			*errstr = "not a number from 0 to "
			    STORE_STR(STORE_SECTIONS_MAX);
			return -1;
		}
		*(key[8] == 'c' ? &ss->ss_section_count :
		    &ss->ss_section_size) = (size_t)n;
		return 0;
	}
	if (strcmp(key, "title") == 0)
		field = &ss->ss_title;
	else if (strcmp(key, "description") == 0)
		field = &ss->ss_description;
	else if (strcmp(key, "hostname") == 0)
		field = &ss->ss_hostname;
	else if (strcmp(key, "lang") == 0)
		field = &ss->ss_lang;
	else if (strcmp(key, "copyright") == 0)
		field = &ss->ss_copyright;
	else if (strcmp(key, "emoji") == 0)
		field = &ss->ss_emoji;
	else if (strcmp(key, "sections") == 0) {
		if (store_sections_ok(value) == -1) {
			*errstr = "sections: tags are lower-case [a-z0-9-], "
			    "separated by commas";
			return -1;
		}
		field = &ss->ss_sections;
	} else {
		*errstr = conf_unknown(key, "(the settings are title, "
		    "description, hostname, lang, copyright, emoji, sections, "
		    "section_count, section_size)");
		return -1;
	}
	if (*value == '\0' && field == &ss->ss_title) {
		*errstr = "title is empty";
		return -1;
	}
	if ((v = strdup(value)) == NULL) {
		*errstr = strerror(ENOMEM);
		return -1;
	}
	free(*field);
	*field = v;
	return 0;
}

void
store_site_free(struct store_site *ss)
{
	free(ss->ss_title);
	free(ss->ss_description);
	free(ss->ss_hostname);
	free(ss->ss_lang);
	free(ss->ss_copyright);
	free(ss->ss_emoji);
	free(ss->ss_sections);
	memset(ss, 0, sizeof(*ss));
}

/* Gives every setting the site left out its default. */
static int
store_site_defaults(struct store_site *ss)
{
	static const struct {
		size_t		 off;
		const char	*value;
	} defs[] = {
		{ offsetof(struct store_site, ss_title), "capsule" },
		{ offsetof(struct store_site, ss_description), "" },
		{ offsetof(struct store_site, ss_hostname), "localhost" },
		{ offsetof(struct store_site, ss_lang), "en" },
		{ offsetof(struct store_site, ss_copyright), "" },
		{ offsetof(struct store_site, ss_emoji), "" },
		{ offsetof(struct store_site, ss_sections), "" },
	};
	size_t i;

	for (i = 0; i < sizeof(defs) / sizeof(defs[0]); i++) {
		char **f = (char **)((char *)ss + defs[i].off);

		if (*f == NULL && (*f = strdup(defs[i].value)) == NULL)
			return -1;
	}
	return 0;
}

int
store_site_load(int dirfd, struct store_site *ss, unsigned *errline,
    const char **errstr)
{
	char *text;
	size_t len;
	int rc;

	*errline = 0;
	memset(ss, 0, sizeof(*ss));
	ss->ss_section_count = STORE_SECTION_COUNT;
	ss->ss_section_size = STORE_SECTION_SIZE;
	if (util_read_beneath(dirfd, STORE_CONF, STORE_CONF_MAX, &text, &len) ==
	    -1) {
		*errstr = errno == ELOOP ? "symbolic link, not followed" :
		    strerror(errno);
		return -1;
	}
	rc = conf_parse(text, len, store_site_set, ss, errline, errstr);
	free(text);
	if (rc == 0 && store_site_defaults(ss) == -1) {
		*errstr = strerror(ENOMEM);
		rc = -1;
	}
	if (rc == -1)
		store_site_free(ss);
	return rc;
}

/*
 * The form titles are matched in: letters and digits only, lower case,
 * accents folded, words separated by one space.
 */
static char *
store_fold_title(const char *t)
{
	size_t len = strlen(t), i = 0, n, o = 0;
	const char *f;
	char *out, one[2] = { 0, 0 };
	uint32_t cp;

	if ((out = malloc(len * 3 + 1)) == NULL)
		return NULL;
	while (i < len) {
		if ((n = utf8_decode(t + i, len - i, &cp)) == 0) {
			n = 1;
			cp = ' ';
		}
		i += n;
		if (cp < 0x80) {
			one[0] = (char)cp;
			f = one;
		} else if ((f = utf8_fold(cp)) == NULL) {
			memcpy(out + o, t + i - n, n);
			o += n;
			continue;
		}
		for (; *f != '\0'; f++) {
			if (isalnum((unsigned char)*f))
				out[o++] = (char)tolower((unsigned char)*f);
			else if (*f != '\'' && o > 0 && out[o - 1] != ' ')
				out[o++] = ' ';
		}
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	return out;
}

static int
store_cmp_date(const void *x, const void *y)
{
	const struct article *a = *(struct article *const *)x;
	const struct article *b = *(struct article *const *)y;

	if (a->a_date != b->a_date)
		return a->a_date > b->a_date ? -1 : 1;
	return strcmp(a->a_slug, b->a_slug);
}

static int
store_cmp_slug(const void *x, const void *y)
{
	return strcmp((*(struct article *const *)x)->a_slug,
	    (*(struct article *const *)y)->a_slug);
}

static int
store_cmp_title(const void *x, const void *y)
{
	const struct store_title *a = x, *b = y;

	return strcmp(a->sti_folded, b->sti_folded);
}

static int
store_cmp_alias(const void *x, const void *y)
{
	return strcmp(((const struct store_alias *)x)->sa_slug,
	    ((const struct store_alias *)y)->sa_slug);
}

static int
store_cmp_name(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Sorted names of the article files ("<slug>.gmi") in the store. */
static int
store_list(int artfd, char ***out, size_t *nout)
{
	struct dirent *de;
	char **names = NULL, **nn;
	size_t n = 0, cap = 0, len;
	DIR *d;
	int fd;

	if ((fd = openat(artfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len < 5 ||
		    strcmp(de->d_name + len - 4, ".gmi") != 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			if ((nn = realloc(names, cap * sizeof(*nn))) == NULL)
				goto fail;
			names = nn;
		}
		if ((names[n] = strdup(de->d_name)) == NULL)
			goto fail;
		n++;
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), store_cmp_name);
	*out = names;
	*nout = n;
	return 0;
fail:
	closedir(d);
	while (n > 0)
		free(names[--n]);
	free(names);
	errno = ENOMEM;
	return -1;
}

/* What reading one article file found, until the loader decides. */
struct store_read {
	struct timespec	 sr_mtime;	/* before it was read */
	int		 sr_opened;	/* sr_mtime is set */
	int		 sr_moved;	/* written while it was read */
	int		 sr_badname;	/* no writer can mend it */
	int		 sr_errno;	/* the read failed, */
	const char	*sr_errstr;	/* or the parse did (static) */
	unsigned	 sr_line;
};

/* Reads and parses one article; -1 when it is bad, r saying why. */
static int
store_load_one(int artfd, const char *name, struct article *a,
    struct store_read *r)
{
	char slug[NAME_MAX + 1];
	struct stat st;
	size_t len;
	char *text;
	int rc;

	memset(r, 0, sizeof(*r));
	memset(a, 0, sizeof(*a));
	snprintf(slug, sizeof(slug), "%.*s", (int)(strlen(name) - 4), name);
	if (!article_name_valid(slug)) {
		r->sr_badname = 1;
		r->sr_errstr = "file name is not a slug ([a-z0-9-]+.gmi, at "
		    "most 80 characters before .gmi)";
		return -1;
	}
	st.st_mode = 0;
	rc = util_read_beneath_st(artfd, name, STORE_ARTICLE_MAX, &text, &len,
	    &st, &r->sr_moved);
	if (st.st_mode != 0) {
		r->sr_mtime = st.st_mtim;
		r->sr_opened = 1;
	}
	if (rc == -1) {
		r->sr_errno = errno;
		return -1;
	}
	if (article_parse(a, text, len, &r->sr_line, &r->sr_errstr) == -1) {
		free(text);
		return -1;
	}
	free(text);
	if ((a->a_slug = strdup(slug)) == NULL) {
		r->sr_errno = ENOMEM;
		article_free(a);
		return -1;
	}
	return 0;
}

static void
store_report_read(const char *name, const struct store_read *r,
    store_report_fn report, void *ctx)
{
	char path[sizeof(STORE_ARTICLES) + 1 + NAME_MAX + 1];
	const char *errstr = r->sr_errstr;

	if (report == NULL)
		return;
	if (r->sr_errno != 0)
		errstr = r->sr_errno == EFBIG ? "file is larger than 4 MiB" :
		    r->sr_errno == ELOOP ? "symbolic link, not followed" :
		    r->sr_errno == EINVAL ? "not a regular file" :
		    strerror(r->sr_errno);
	snprintf(path, sizeof(path), STORE_ARTICLES "/%s", name);
	report(ctx, path, r->sr_line, 0, errstr);
}

/* A deep copy of src (from the previous store) into dst. */
static int
store_article_copy(struct article *dst, const struct article *src)
{
	const char *errstr;
	unsigned line;
	size_t i;

	memset(dst, 0, sizeof(*dst));
	if (src->a_nhdr > 0 && (dst->a_hdr = calloc(src->a_nhdr,
	    sizeof(*dst->a_hdr))) == NULL)
		goto fail;
	dst->a_nhdr = src->a_nhdr;
	for (i = 0; i < src->a_nhdr; i++) {
		dst->a_hdr[i].h_line = src->a_hdr[i].h_line;
		if ((dst->a_hdr[i].h_name = strdup(src->a_hdr[i].h_name)) ==
		    NULL || (dst->a_hdr[i].h_value =
		    strdup(src->a_hdr[i].h_value)) == NULL)
			goto fail;
	}
	if (src->a_body != NULL) {
		if ((dst->a_body = malloc(src->a_bodylen + 1)) == NULL)
			goto fail;
		memcpy(dst->a_body, src->a_body, src->a_bodylen + 1);
	}
	dst->a_bodylen = src->a_bodylen;
	dst->a_bodyline = src->a_bodyline;
	dst->a_bodyok = src->a_bodyok;
	if ((dst->a_slug = strdup(src->a_slug)) == NULL ||
	    article_validate(dst, &line, &errstr) == -1)
		goto fail;
	return 0;
fail:
	article_free(dst);
	return -1;
}

/* FNV-1a: tag names are short, and any spread of them will do. */
static uint64_t
store_hash(const char *p)
{
	uint64_t h = 14695981039346656037ull;

	while (*p != '\0')
		h = (h ^ (unsigned char)*p++) * 1099511628211ull;
	return h;
}

/* The distinct tags being counted by store_index_tags(). */
struct store_tagset {
	uint32_t	 *ts_slots;	/* open addressing: tag index + 1 */
	size_t		  ts_mask;
	const char	**ts_names;	/* by first appearance */
	size_t		 *ts_counts;
	size_t		  ts_n;
};

/* The index of name in ts, added with a count of 0 when new. */
static uint32_t
store_tagset_find(struct store_tagset *ts, const char *name)
{
	size_t i = (size_t)store_hash(name) & ts->ts_mask;
	uint32_t v;

	while ((v = ts->ts_slots[i]) != 0) {
		if (strcmp(ts->ts_names[v - 1], name) == 0)
			return v - 1;
		i = (i + 1) & ts->ts_mask;
	}
	ts->ts_names[ts->ts_n] = name;
	ts->ts_counts[ts->ts_n] = 0;
	ts->ts_slots[i] = (uint32_t)++ts->ts_n;
	return (uint32_t)(ts->ts_n - 1);
}

/* A distinct tag's name and its index in a store_tagset, to sort. */
struct store_tagref {
	const char	*tr_name;
	uint32_t	 tr_idx;
};

static int
store_cmp_tagref(const void *x, const void *y)
{
	return strcmp(((const struct store_tagref *)x)->tr_name,
	    ((const struct store_tagref *)y)->tr_name);
}

/*
 * Groups the published articles by tag, each tag's list newest first and
 * the tags by name.  Each of the n tag references is hashed once, so the
 * work is linear in them, plus a sort of the distinct names: an article
 * with many tags costs no more than as many articles with one each.
 */
static int
store_index_tags(struct store *s)
{
	struct store_tagset ts = { 0 };
	struct article **all = NULL;
	struct store_tagref *order = NULL;
	uint32_t *refs = NULL, *rank = NULL;
	struct store_tag *t;
	size_t i, j, k, n = 0, slots = 16, off;
	int rc = -1;

	for (i = 0; i < s->s_npub; i++)
		n += s->s_pub[i]->a_ntags;
	if (n == 0)
		return 0;
	if (n >= UINT32_MAX / 2)
		return -1;
	while (slots < 2 * n)
		slots *= 2;
	ts.ts_mask = slots - 1;
	if ((ts.ts_slots = calloc(slots, sizeof(*ts.ts_slots))) == NULL ||
	    (ts.ts_names = malloc(n * sizeof(*ts.ts_names))) == NULL ||
	    (ts.ts_counts = malloc(n * sizeof(*ts.ts_counts))) == NULL ||
	    (refs = malloc(n * sizeof(*refs))) == NULL ||
	    (all = malloc(n * sizeof(*all))) == NULL)
		goto done;
	for (i = k = 0; i < s->s_npub; i++)
		for (j = 0; j < s->s_pub[i]->a_ntags; j++) {
			refs[k] = store_tagset_find(&ts, s->s_pub[i]->a_tags[j]);
			ts.ts_counts[refs[k++]]++;
		}
	if ((order = malloc(ts.ts_n * sizeof(*order))) == NULL ||
	    (rank = malloc(ts.ts_n * sizeof(*rank))) == NULL ||
	    (s->s_tags = calloc(ts.ts_n, sizeof(*s->s_tags))) == NULL)
		goto done;
	for (i = 0; i < ts.ts_n; i++) {
		order[i].tr_name = ts.ts_names[i];
		order[i].tr_idx = (uint32_t)i;
	}
	qsort(order, ts.ts_n, sizeof(*order), store_cmp_tagref);
	for (i = off = 0; i < ts.ts_n; i++) {
		t = &s->s_tags[i];
		t->st_name = order[i].tr_name;
		t->st_arts = all + off;
		off += ts.ts_counts[order[i].tr_idx];
		rank[order[i].tr_idx] = (uint32_t)i;
	}
	s->s_ntags = ts.ts_n;
	all = NULL;	/* s_tags[0].st_arts owns it now */
	/* Walking s_pub in order leaves each tag's list newest first. */
	for (i = k = 0; i < s->s_npub; i++)
		for (j = 0; j < s->s_pub[i]->a_ntags; j++) {
			t = &s->s_tags[rank[refs[k++]]];
			t->st_arts[t->st_n++] = s->s_pub[i];
		}
	rc = 0;
done:
	free(ts.ts_slots);
	free(ts.ts_names);
	free(ts.ts_counts);
	free(refs);
	free(order);
	free(rank);
	free(all);
	return rc;
}

/* Groups the published articles by tag and by month. */
static int
store_index_groups(struct store *s)
{
	size_t i, n;
	int y, m;

	if (store_index_tags(s) == -1)
		return -1;
	for (i = n = 0; i < s->s_npub; i++) {
		article_date_split(s->s_pub[i]->a_date, &y, &m, NULL);
		if (n == 0 || s->s_months[n - 1].sm_year != y ||
		    s->s_months[n - 1].sm_month != m) {
			struct store_month *nm;

			nm = realloc(s->s_months, (n + 1) * sizeof(*nm));
			if (nm == NULL)
				return -1;
			s->s_months = nm;
			nm[n].sm_year = y;
			nm[n].sm_month = m;
			nm[n].sm_arts = &s->s_pub[i];
			nm[n].sm_n = 0;
			n++;
		}
		s->s_months[n - 1].sm_n++;
	}
	s->s_nmonths = n;
	return 0;
}

/*
 * Old slugs become redirects unless a live article holds that slug now,
 * or an earlier article (in date order) claimed it first.
 */
static int
store_index_aliases(struct store *s, store_report_fn report, void *ctx)
{
	char path[sizeof(STORE_ARTICLES) + ARTICLE_SLUG_MAX + 8];
	struct store_alias *al;
	size_t i, j, k, n = 0;
	unsigned line;

	for (i = 0; i < s->s_narts; i++)
		n += s->s_arts[i].a_nprevslugs;
	if (n == 0)
		return 0;
	if ((s->s_aliases = malloc(n * sizeof(*al))) == NULL)
		return -1;
	for (i = 0; i < s->s_npub; i++) {
		struct article *a = s->s_pub[s->s_npub - 1 - i];

		for (j = 0; j < a->a_nprevslugs; j++) {
			const char *why = NULL;
			const struct article *now;

			/* Renamed back: its own slug again, nothing to say. */
			if ((now = store_find(s, a->a_prevslugs[j])) == a)
				continue;
			if (now != NULL)
				why = "previous slug is another article's "
				    "slug now; no redirect";
			else if (store_find_alias(s, a->a_prevslugs[j]) != NULL)
				why = "previous slug is claimed by an older "
				    "article; no redirect";
			if (why != NULL) {
				if (report != NULL) {
					for (line = 0, k = 0; k < a->a_nhdr; k++)
						if (strcasecmp(a->a_hdr[k].h_name,
						    "Previous-Slugs") == 0)
							line = a->a_hdr[k].h_line;
					snprintf(path, sizeof(path),
					    STORE_ARTICLES "/%s.gmi", a->a_slug);
					report(ctx, path, line, 1, why);
				}
				continue;
			}
			/* Kept sorted by insertion: lookups run meanwhile. */
			for (k = s->s_naliases; k > 0 && strcmp(
			    s->s_aliases[k - 1].sa_slug, a->a_prevslugs[j]) > 0;
			    k--)
				s->s_aliases[k] = s->s_aliases[k - 1];
			s->s_aliases[k].sa_slug = a->a_prevslugs[j];
			s->s_aliases[k].sa_to = a;
			s->s_naliases++;
		}
	}
	return 0;
}

static int
store_index(struct store *s, store_report_fn report, void *ctx)
{
	size_t i, n = s->s_narts;

	if (n == 0)
		return 0;
	s->s_bydate = malloc(n * sizeof(*s->s_bydate));
	s->s_byslug = malloc(n * sizeof(*s->s_byslug));
	s->s_pub = malloc(n * sizeof(*s->s_pub));
	s->s_titles = calloc(n, sizeof(*s->s_titles));
	if (s->s_bydate == NULL || s->s_byslug == NULL || s->s_pub == NULL ||
	    s->s_titles == NULL)
		return -1;
	for (i = 0; i < n; i++)
		s->s_bydate[i] = s->s_byslug[i] = &s->s_arts[i];
	qsort(s->s_bydate, n, sizeof(*s->s_bydate), store_cmp_date);
	qsort(s->s_byslug, n, sizeof(*s->s_byslug), store_cmp_slug);
	for (i = 0; i < n; i++)
		if (!s->s_bydate[i]->a_draft)
			s->s_pub[s->s_npub++] = s->s_bydate[i];
	for (i = 0; i < s->s_npub; i++) {
		s->s_titles[i].sti_art = s->s_pub[i];
		if ((s->s_titles[i].sti_folded =
		    store_fold_title(s->s_pub[i]->a_title)) == NULL)
			return -1;
	}
	qsort(s->s_titles, s->s_npub, sizeof(*s->s_titles), store_cmp_title);
	if (store_index_groups(s) == -1)
		return -1;
	return store_index_aliases(s, report, ctx);
}

/*
 * Decides, once every file has been read, which articles go in: s_arts
 * holds one slot per name, filled or empty as reading left it, and is
 * packed here.  -1 when out of memory.
 */
static int
store_settle_all(struct store *s, char **names, size_t nnames,
    struct store_read *reads, const struct store *prev,
    const struct store_settle *settle, store_report_fn report, void *ctx)
{
	char slug[NAME_MAX + 1];
	struct store_read *r;
	struct article *a, *old;
	size_t i, out = 0;
	int held, rc = 0;

	if (settle != NULL && settle->ss_sync != NULL)
		settle->ss_sync(settle->ss_ctx);
	for (i = 0; i < nnames; i++) {
		r = &reads[i];
		a = &s->s_arts[i];
		held = 0;
		if (settle != NULL && !r->sr_badname)
			held = settle->ss_unsettled(settle->ss_ctx, names[i],
			    r->sr_opened ? &r->sr_mtime : NULL,
			    r->sr_moved) || r->sr_moved;
		else if (r->sr_moved && a->a_slug != NULL) {
			article_free(a);
			r->sr_errstr = "changed while it was read; read it "
			    "again";
		}
		if (held) {
			/* Slots out..i are empty: the copy may go to out. */
			article_free(a);
			s->s_nheld++;
			snprintf(slug, sizeof(slug), "%.*s",
			    (int)(strlen(names[i]) - 4), names[i]);
			if (prev != NULL && (old = store_find(prev, slug)) !=
			    NULL) {
				if (store_article_copy(&s->s_arts[out], old) ==
				    0)
					out++;
				else
					rc = -1;
			}
			continue;
		}
		if (a->a_slug == NULL) {
			store_report_read(names[i], r, report, ctx);
			s->s_nerrors++;
			continue;
		}
		if (out != i) {
			s->s_arts[out] = *a;
			memset(a, 0, sizeof(*a));
		}
		out++;
	}
	s->s_narts = out;
	return rc;
}

struct store *
store_load(const char *dir, store_report_fn report, void *ctx,
    const char **errpath, unsigned *errline, const char **errstr)
{
	return store_load_settled(dir, NULL, NULL, report, ctx, errpath,
	    errline, errstr);
}

struct store *
store_load_settled(const char *dir, const struct store *prev,
    const struct store_settle *settle, store_report_fn report, void *ctx,
    const char **errpath, unsigned *errline, const char **errstr)
{
	struct store *s;
	struct store_read *reads = NULL;
	char **names = NULL;
	size_t nnames = 0, i;
	int dirfd = -1, artfd = -1;

	*errpath = NULL;
	*errline = 0;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		goto nomem;
	if ((dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		*errstr = strerror(errno);
		goto fail;
	}
	if (store_site_load(dirfd, &s->s_site, errline, errstr) == -1) {
		*errpath = STORE_CONF;
		goto fail;
	}
	/* A linked articles/ would take every read below it elsewhere. */
	if ((artfd = openat(dirfd, STORE_ARTICLES, O_RDONLY | O_DIRECTORY |
	    O_NOFOLLOW | O_CLOEXEC)) == -1 ||
	    store_list(artfd, &names, &nnames) == -1) {
		*errpath = STORE_ARTICLES;
		*errstr = errno == ENOTDIR ? "not a directory (symbolic links "
		    "are not followed)" : strerror(errno);
		goto fail;
	}
	if (nnames > 0 && ((s->s_arts = calloc(nnames,
	    sizeof(*s->s_arts))) == NULL || (reads = calloc(nnames,
	    sizeof(*reads))) == NULL))
		goto nomem;
	/*
	 * Every file is read before settle is asked about any: a write that
	 * came before a read has reached the watcher by then.
	 */
	for (i = 0; i < nnames; i++)
		store_load_one(artfd, names[i], &s->s_arts[i], &reads[i]);
	if (store_settle_all(s, names, nnames, reads, prev, settle, report,
	    ctx) == -1 || store_index(s, report, ctx) == -1)
		goto nomem;
	goto done;
nomem:
	*errstr = strerror(ENOMEM);
fail:
	store_free(s);
	s = NULL;
done:
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	free(reads);
	if (artfd != -1)
		close(artfd);
	if (dirfd != -1)
		close(dirfd);
	return s;
}

void
store_free(struct store *s)
{
	size_t i;

	if (s == NULL)
		return;
	store_site_free(&s->s_site);
	for (i = 0; i < s->s_narts; i++)
		article_free(&s->s_arts[i]);
	if (s->s_titles != NULL)
		for (i = 0; i < s->s_npub; i++)
			free(s->s_titles[i].sti_folded);
	if (s->s_ntags > 0)
		free(s->s_tags[0].st_arts);
	free(s->s_tags);
	free(s->s_months);
	free(s->s_aliases);
	free(s->s_titles);
	free(s->s_arts);
	free(s->s_bydate);
	free(s->s_byslug);
	free(s->s_pub);
	free(s);
}

struct article *
store_find(const struct store *s, const char *slug)
{
	struct article key, *kp = &key, **r;

	if (s->s_narts == 0)
		return NULL;
	key.a_slug = (char *)slug;
	r = bsearch(&kp, s->s_byslug, s->s_narts, sizeof(*s->s_byslug),
	    store_cmp_slug);
	return r != NULL ? *r : NULL;
}

struct article *
store_find_alias(const struct store *s, const char *slug)
{
	struct store_alias key, *r;

	if (s->s_naliases == 0)
		return NULL;
	key.sa_slug = slug;
	r = bsearch(&key, s->s_aliases, s->s_naliases, sizeof(key),
	    store_cmp_alias);
	return r != NULL ? r->sa_to : NULL;
}

struct article *
store_find_title(const struct store *s, const char *title)
{
	struct store_title key, *r;

	if (s->s_npub == 0 || (key.sti_folded = store_fold_title(title)) ==
	    NULL)
		return NULL;
	r = bsearch(&key, s->s_titles, s->s_npub, sizeof(key),
	    store_cmp_title);
	free(key.sti_folded);
	return r != NULL ? r->sti_art : NULL;
}

static int
store_cmp_tag(const void *k, const void *t)
{
	return strcmp(k, ((const struct store_tag *)t)->st_name);
}

const struct store_tag *
store_find_tag(const struct store *s, const char *name)
{
	if (s->s_ntags == 0)
		return NULL;
	return bsearch(name, s->s_tags, s->s_ntags, sizeof(*s->s_tags),
	    store_cmp_tag);
}

const struct store_month *
store_find_month(const struct store *s, int year, int month)
{
	size_t i;

	for (i = 0; i < s->s_nmonths; i++)
		if (s->s_months[i].sm_year == year &&
		    s->s_months[i].sm_month == month)
			return &s->s_months[i];
	return NULL;
}

int
store_lock(int dirfd)
{
	int fd, artfd, saved;

	fd = openat(dirfd, STORE_LOCK, O_RDWR | O_CREAT | O_CLOEXEC |
	    O_NOFOLLOW, 0644);
	if (fd == -1)
		return -1;
	while (flock(fd, LOCK_EX) == -1) {
		if (errno != EINTR) {
			saved = errno;
			close(fd);
			errno = saved;
			return -1;
		}
	}
	/* Holding the lock, any temporary file is a dead writer's. */
	if ((artfd = openat(dirfd, STORE_ARTICLES, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) != -1) {
		util_remove_temps(artfd);
		close(artfd);
	}
	return fd;
}

void
store_unlock(int lockfd)
{
	if (lockfd != -1)
		close(lockfd);
}
