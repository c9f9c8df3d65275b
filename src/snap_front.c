/*
 * snap_front: the rows of the page table (snap_kinds.c) that lay out
 * the paper: the front page (lead story, sections, latest list) and the
 * language pages /lang/CODE/ with their feeds, over one index of the
 * published articles by language that both build (sn_kind[ROUTE_LANG]).
 * See snap_int.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "gemtext.h"
#include "gophermap.h"
#include "labels.h"
#include "snap_int.h"
#include "snapshot.h"

/* The articles of one language, newest first. */
struct snap_lang {
	char			 sl_code[4];
	const struct article	**sl_arts;
	size_t			 sl_n;
};

struct snap_langs {
	struct snap_lang	*sl_list;	/* by code */
	size_t			 sl_nlangs;
	const struct article	**sl_arts;	/* what sl_arts point into */
};

void
snap_langs_free(void *p)
{
	struct snap_langs *sl = p;

	if (sl != NULL) {
		free(sl->sl_list);
		free(sl->sl_arts);
		free(sl);
	}
}

/* An article's place while sorting: its language, then s_pub's order. */
struct snap_lang_key {
	char	 sk_code[4];
	size_t	 sk_pos;
};

static int
snap_cmp_lang_key(const void *x, const void *y)
{
	const struct snap_lang_key *a = x, *b = y;
	int c = strcmp(a->sk_code, b->sk_code);

	if (c != 0)
		return c;
	return a->sk_pos < b->sk_pos ? -1 : a->sk_pos > b->sk_pos;
}

/*
 * Builds the index once: each published article under the primary
 * subtag of its Lang, else of the site's lang (an article whose tag has
 * no 2- or 3-letter primary subtag, "x-private", and a site without one
 * leave it out of every language page; it is still everywhere else).
 */
static struct snap_langs *
snap_langs(struct snapshot *sn)
{
	const struct store *s = sn->sn_store;
	struct snap_lang_key *keys;
	struct snap_langs *sl;
	char site[4];
	size_t i, n = 0;
	int site_ok;

	if (sn->sn_kind[ROUTE_LANG] != NULL)
		return sn->sn_kind[ROUTE_LANG];
	site_ok = labels_code(sn->sn_site.rs_lang, site, sizeof(site)) != -1;
	if ((sl = calloc(1, sizeof(*sl))) == NULL ||
	    (keys = calloc(s->s_npub + 1, sizeof(*keys))) == NULL) {
		free(sl);
		return NULL;
	}
	if ((sl->sl_list = calloc(s->s_npub + 1, sizeof(*sl->sl_list))) ==
	    NULL || (sl->sl_arts = calloc(s->s_npub + 1,
	    sizeof(*sl->sl_arts))) == NULL) {
		free(keys);
		snap_langs_free(sl);
		return NULL;
	}
	for (i = 0; i < s->s_npub; i++) {
		if (labels_code(s->s_pub[i]->a_lang, keys[n].sk_code,
		    sizeof(keys[n].sk_code)) == -1) {
			if (!site_ok)
				continue;
			memcpy(keys[n].sk_code, site, sizeof(site));
		}
		keys[n++].sk_pos = i;
	}
	qsort(keys, n, sizeof(*keys), snap_cmp_lang_key);
	for (i = 0; i < n; i++) {
		struct snap_lang *l = &sl->sl_list[sl->sl_nlangs];

		sl->sl_arts[i] = s->s_pub[keys[i].sk_pos];
		if (sl->sl_nlangs > 0 && strcmp(l[-1].sl_code,
		    keys[i].sk_code) == 0) {
			l[-1].sl_n++;
			continue;
		}
		memcpy(l->sl_code, keys[i].sk_code, sizeof(l->sl_code));
		l->sl_arts = sl->sl_arts + i;
		l->sl_n = 1;
		sl->sl_nlangs++;
	}
	free(keys);
	sn->sn_kind[ROUTE_LANG] = sl;
	return sl;
}

int
snap_lang_count(struct snapshot *sn, size_t *n)
{
	const struct snap_langs *sl = snap_langs(sn);

	*n = sl != NULL ? sl->sl_nlangs : 0;
	return sl != NULL ? 0 : -1;
}

long
snap_lang_find(const struct snapshot *sn, const struct route *r)
{
	const struct snap_langs *sl = sn->sn_kind[ROUTE_LANG];
	size_t i;

	/* A handful of languages: a look at each is quickest. */
	for (i = 0; sl != NULL && i < sl->sl_nlangs; i++)
		if (strlen(sl->sl_list[i].sl_code) == r->r_arglen &&
		    memcmp(sl->sl_list[i].sl_code, r->r_arg, r->r_arglen) == 0)
			return (long)i;
	return -1;
}

void
snap_lang_route(const struct snapshot *sn, size_t i, struct route *r)
{
	const struct snap_langs *sl = sn->sn_kind[ROUTE_LANG];

	route_set(r, ROUTE_LANG, sl->sl_list[i].sl_code);
}

int
snap_lang_gemini(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	const struct snap_lang *l =
	    &((const struct snap_langs *)sn->sn_kind[ROUTE_LANG])->sl_list[i];

	*lang = l->sl_code;
	return gemtext_lang(b, &sn->sn_site, l->sl_code,
	    (const struct article *const *)l->sl_arts, l->sl_n);
}

int
snap_lang_gopher(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	const struct snap_lang *l =
	    &((const struct snap_langs *)sn->sn_kind[ROUTE_LANG])->sl_list[i];

	(void)lang;
	return gophermap_lang(b, &sn->sn_site, sn->sn_gopher, l->sl_code,
	    (const struct article *const *)l->sl_arts, l->sl_n);
}

/*
 * A language's Atom feed, for either protocol: the site's feed as far as
 * the language's articles go, its title naming the language, its
 * xml:lang the language's.
 */
static int
snap_lang_feed(struct buf *b, const struct snapshot *sn, size_t i,
    enum snap_form f)
{
	const struct snap_lang *l =
	    &((const struct snap_langs *)sn->sn_kind[ROUTE_LANG])->sl_list[i];
	const struct labels *lb = labels_get(l->sl_code, NULL);
	struct render_site site = sn->sn_site;
	char self[32], title[1024];
	struct route r;
	size_t n = l->sl_n < SNAP_FEED_MAX ? l->sl_n : SNAP_FEED_MAX;

	if (route_format(self, sizeof(self), route_set(&r, ROUTE_LANG_FEED,
	    l->sl_code)) == -1)
		return -1;
	snprintf(title, sizeof(title), "%s · %s", site.rs_title,
	    labels_known(l->sl_code) ? lb->l_lang_title : l->sl_code);
	site.rs_lang = l->sl_code;
	if (f == SNAP_GOPHER)
		return feed_atom_gopher(b, &site, sn->sn_gbase, self, title,
		    (const struct article *const *)l->sl_arts, n);
	return feed_atom(b, &site, sn->sn_base, self, title,
	    (const struct article *const *)l->sl_arts, n);
}

int
snap_lang_feed_gemini(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	(void)lang;
	return snap_lang_feed(b, sn, i, SNAP_GEMINI);
}

int
snap_lang_feed_gopher(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	(void)lang;
	return snap_lang_feed(b, sn, i, SNAP_GOPHER);
}

/*
 * The front page.  Its count builds the language index, which the page
 * links to when there are several languages: the front is rendered
 * before the language rows are counted.
 */
int
snap_front_count(struct snapshot *sn, size_t *n)
{
	*n = 1;
	return snap_langs(sn) != NULL ? 0 : -1;
}

/* What the front page shows, and the memory it takes. */
struct snap_front {
	struct render_front	 sf_front;
	struct render_section	 sf_secs[STORE_SECTIONS_MAX];
	const struct article	*sf_shown[STORE_SECTIONS_MAX *
				    STORE_SECTIONS_MAX + 1];
	size_t			 sf_nshown;
	struct render_lang	*sf_langs;
	const char		**sf_names;
};

static int
snap_front_shown(const struct snap_front *sf, const struct article *a)
{
	size_t i;

	for (i = 0; i < sf->sf_nshown; i++)
		if (sf->sf_shown[i] == a)
			return 1;
	return 0;
}

/*
 * A section: the tag's newest articles not shown above it (the lead, an
 * earlier section), at most size; none when it has nothing new.
 */
static void
snap_front_section(struct snap_front *sf, const struct store_tag *t,
    size_t size)
{
	struct render_section *sec;
	size_t i, first = sf->sf_nshown;

	for (i = 0; i < sf->sf_front.rf_nsections; i++)
		if (strcmp(sf->sf_secs[i].rc_tag, t->st_name) == 0)
			return;		/* named twice in sections */
	if (sf->sf_front.rf_nsections == STORE_SECTIONS_MAX)
		return;
	for (i = 0; i < t->st_n && sf->sf_nshown - first < size; i++)
		if (!snap_front_shown(sf, t->st_arts[i]))
			sf->sf_shown[sf->sf_nshown++] = t->st_arts[i];
	if (sf->sf_nshown == first)
		return;
	sec = &sf->sf_secs[sf->sf_front.rf_nsections++];
	sec->rc_tag = t->st_name;
	sec->rc_arts = sf->sf_shown + first;
	sec->rc_n = sf->sf_nshown - first;
}

/* The sections capsule.conf names, in its order. */
static void
snap_front_named(struct snap_front *sf, const struct store *s)
{
	const char *v = s->s_site.ss_sections;
	const struct store_tag *t;
	char name[ARTICLE_SLUG_MAX + 1];
	size_t len;

	for (;;) {
		v += strspn(v, ", ");
		if (*v == '\0')
			return;
		len = strcspn(v, ", ");
		if (len <= ARTICLE_SLUG_MAX) {
			memcpy(name, v, len);
			name[len] = '\0';
			if ((t = store_find_tag(s, name)) != NULL)
				snap_front_section(sf, t,
				    s->s_site.ss_section_size);
		}
		v += len;
	}
}

/* Most articles first, then by name (s_tags' own order). */
static int
snap_cmp_busy(const void *x, const void *y)
{
	const struct store_tag *a = *(const struct store_tag *const *)x;
	const struct store_tag *b = *(const struct store_tag *const *)y;

	if (a->st_n != b->st_n)
		return a->st_n > b->st_n ? -1 : 1;
	return a < b ? -1 : a > b;
}

/*
 * Else the busiest tags, as many as section_count of them that have
 * something not shown above (a tag whose articles are all in the lead
 * or an earlier section gives way to the next).  -1 when out of memory.
 */
static int
snap_front_busiest(struct snap_front *sf, const struct store *s)
{
	const struct store_tag **busy;
	size_t i;

	if ((busy = calloc(s->s_ntags + 1, sizeof(*busy))) == NULL)
		return -1;
	for (i = 0; i < s->s_ntags; i++)
		busy[i] = &s->s_tags[i];
	qsort(busy, s->s_ntags, sizeof(*busy), snap_cmp_busy);
	for (i = 0; i < s->s_ntags &&
	    sf->sf_front.rf_nsections < s->s_site.ss_section_count; i++)
		snap_front_section(sf, busy[i], s->s_site.ss_section_size);
	free(busy);
	return 0;
}

/* The lead: the newest article marked Featured, else the newest. */
static const struct article *
snap_front_lead(const struct store *s)
{
	size_t i;

	for (i = 0; i < s->s_npub; i++)
		if (s->s_pub[i]->a_featured)
			return s->s_pub[i];
	return s->s_npub > 0 ? s->s_pub[0] : NULL;
}

static void
snap_front_free(struct snap_front *sf)
{
	free(sf->sf_names);
	free(sf->sf_langs);
	free(sf);
}

static struct snap_front *
snap_front_make(const struct snapshot *sn)
{
	const struct store *s = sn->sn_store;
	const struct snap_langs *sl = sn->sn_kind[ROUTE_LANG];
	struct snap_front *sf;
	size_t i;

	if ((sf = calloc(1, sizeof(*sf))) == NULL ||
	    (sf->sf_names = calloc(sn->sn_npages + 1,
	    sizeof(*sf->sf_names))) == NULL ||
	    (sf->sf_langs = calloc(sl->sl_nlangs + 1,
	    sizeof(*sf->sf_langs))) == NULL) {
		if (sf != NULL)
			free(sf->sf_names);
		free(sf);
		return NULL;
	}
	if ((sf->sf_front.rf_lead = snap_front_lead(s)) != NULL)
		sf->sf_shown[sf->sf_nshown++] = sf->sf_front.rf_lead;
	if (s->s_site.ss_section_size > 0) {
		if (*s->s_site.ss_sections != '\0')
			snap_front_named(sf, s);
		else if (snap_front_busiest(sf, s) == -1) {
			snap_front_free(sf);
			return NULL;
		}
	}
	sf->sf_front.rf_sections = sf->sf_secs;
	sf->sf_front.rf_latest = (const struct article *const *)s->s_pub;
	sf->sf_front.rf_nlatest = s->s_npub < SNAP_FRONT_MAX ? s->s_npub :
	    SNAP_FRONT_MAX;
	for (i = 0; i < sl->sl_nlangs; i++) {
		sf->sf_langs[i].rl_code = sl->sl_list[i].sl_code;
		sf->sf_langs[i].rl_count = sl->sl_list[i].sl_n;
	}
	sf->sf_front.rf_langs = sf->sf_langs;
	sf->sf_front.rf_nlangs = sl->sl_nlangs;
	for (i = 0; i < sn->sn_npages; i++)
		sf->sf_names[i] = sn->sn_pages[i].sn_name;
	sf->sf_front.rf_pages = sf->sf_names;
	sf->sf_front.rf_npages = sn->sn_npages;
	return sf;
}

int
snap_front_gemini(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	struct snap_front *sf;
	int rc;

	(void)i;
	(void)lang;
	if ((sf = snap_front_make(sn)) == NULL)
		return -1;
	rc = gemtext_front(b, &sn->sn_site, &sf->sf_front);
	snap_front_free(sf);
	return rc;
}

int
snap_front_gopher(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	struct snap_front *sf;
	int rc;

	(void)i;
	(void)lang;
	if ((sf = snap_front_make(sn)) == NULL)
		return -1;
	rc = gophermap_front(b, &sn->sn_site, sn->sn_gopher, &sf->sf_front);
	snap_front_free(sf);
	return rc;
}
