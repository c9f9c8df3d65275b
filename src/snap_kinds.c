/*
 * snap_kinds: the page table (snap_int.h's snap_kinds[]) and the
 * renderers of its list kinds and small files; the article and author
 * rows render in snap_article.c.  snapshot.c walks the table; nothing
 * here calls back into it.
 */
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "feed.h"
#include "gemtext.h"
#include "gophermap.h"
#include "route.h"
#include "snap_int.h"
#include "snapshot.h"

static const char snap_robots_txt[] =
    "User-agent: *\n"
    "Disallow: /search\n"
    "Disallow: /publish/\n";

/*
 * The page table.  Every page kind of the URL space is one row below:
 * how many pages of it a snapshot has, which one a route names, when
 * they are rendered and one renderer per form.  The front ends know
 * nothing of kinds: they hand a route to snapshot_lookup() and frame
 * what comes back.  A new kind is a row and its renderers here, its
 * path in route.c and its pages in the pure renderers (gemtext.c,
 * gophermap.c); a new protocol is a form (a column) and its front end.
 */

/* /tags/ and /tags/TAG/ */
static struct render_tag *
snap_tag_list(const struct store *s)
{
	struct render_tag *rt;
	size_t i;

	if ((rt = calloc(s->s_ntags + 1, sizeof(*rt))) == NULL)
		return NULL;
	for (i = 0; i < s->s_ntags; i++) {
		rt[i].rt_name = s->s_tags[i].st_name;
		rt[i].rt_count = s->s_tags[i].st_n;
	}
	return rt;
}

static int
snap_tags_gemini(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	struct render_tag *rt;
	int rc;

	(void)i;
	(void)lang;
	if ((rt = snap_tag_list(sn->sn_store)) == NULL)
		return -1;
	rc = gemtext_tags(b, &sn->sn_site, rt, sn->sn_store->s_ntags);
	free(rt);
	return rc;
}

static int
snap_tags_gopher(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	struct render_tag *rt;
	int rc;

	(void)i;
	(void)lang;
	if ((rt = snap_tag_list(sn->sn_store)) == NULL)
		return -1;
	rc = gophermap_tags(b, &sn->sn_site, sn->sn_gopher, rt,
	    sn->sn_store->s_ntags);
	free(rt);
	return rc;
}

static int
snap_tag_count(struct snapshot *sn, size_t *n)
{
	*n = sn->sn_store->s_ntags;
	return 0;
}

static long
snap_tag_find(const struct snapshot *sn, const struct route *r)
{
	return snapshot_tag(sn, r->r_arg, r->r_arglen);
}

static void
snap_tag_route(const struct snapshot *sn, size_t i, struct route *r)
{
	route_set(r, ROUTE_TAG, sn->sn_store->s_tags[i].st_name);
}

static int
snap_tag_gemini(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	const struct store_tag *t = &sn->sn_store->s_tags[i];

	(void)lang;
	return gemtext_tag(b, &sn->sn_site, t->st_name,
	    (const struct article *const *)t->st_arts, t->st_n);
}

static int
snap_tag_gopher(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	const struct store_tag *t = &sn->sn_store->s_tags[i];

	(void)lang;
	return gophermap_tag(b, &sn->sn_site, sn->sn_gopher, t->st_name,
	    (const struct article *const *)t->st_arts, t->st_n);
}

static int
snap_tag_feed_render(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	(void)lang;
	return snapshot_tag_feed(sn, (long)i, SNAP_GEMINI, b);
}

/* The same feed for gopher readers: its links are gopher:// URLs. */
static int
snap_tag_feed_gopher(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	(void)lang;
	return snapshot_tag_feed(sn, (long)i, SNAP_GOPHER, b);
}

/* /archive/ and /archive/YYYY/MM/ */
static struct render_month *
snap_month_list(const struct store *s)
{
	struct render_month *rm;
	size_t i;

	if ((rm = calloc(s->s_nmonths + 1, sizeof(*rm))) == NULL)
		return NULL;
	for (i = 0; i < s->s_nmonths; i++) {
		rm[i].rm_year = s->s_months[i].sm_year;
		rm[i].rm_month = s->s_months[i].sm_month;
		rm[i].rm_count = s->s_months[i].sm_n;
	}
	return rm;
}

static int
snap_archive_gemini(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	struct render_month *rm;
	int rc;

	(void)i;
	(void)lang;
	if ((rm = snap_month_list(sn->sn_store)) == NULL)
		return -1;
	rc = gemtext_archive(b, &sn->sn_site, rm, sn->sn_store->s_nmonths);
	free(rm);
	return rc;
}

static int
snap_archive_gopher(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	struct render_month *rm;
	int rc;

	(void)i;
	(void)lang;
	if ((rm = snap_month_list(sn->sn_store)) == NULL)
		return -1;
	rc = gophermap_archive(b, &sn->sn_site, sn->sn_gopher, rm,
	    sn->sn_store->s_nmonths);
	free(rm);
	return rc;
}

static int
snap_month_count(struct snapshot *sn, size_t *n)
{
	*n = sn->sn_store->s_nmonths;
	return 0;
}

static long
snap_month_find(const struct snapshot *sn, const struct route *r)
{
	return snapshot_month(sn, r->r_year, r->r_month);
}

static void
snap_month_route(const struct snapshot *sn, size_t i, struct route *r)
{
	route_set(r, ROUTE_MONTH, NULL);
	r->r_year = sn->sn_store->s_months[i].sm_year;
	r->r_month = sn->sn_store->s_months[i].sm_month;
}

static int
snap_month_gemini(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	const struct store_month *m = &sn->sn_store->s_months[i];

	(void)lang;
	return gemtext_month(b, &sn->sn_site, m->sm_year, m->sm_month,
	    (const struct article *const *)m->sm_arts, m->sm_n);
}

static int
snap_month_gopher(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	const struct store_month *m = &sn->sn_store->s_months[i];

	(void)lang;
	return gophermap_month(b, &sn->sn_site, sn->sn_gopher, m->sm_year,
	    m->sm_month, (const struct article *const *)m->sm_arts, m->sm_n);
}

/* /atom.xml, the same bytes for both protocols. */
static int
snap_feed(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	const struct store *s = sn->sn_store;
	struct route r;
	char self[32];

	(void)i;
	(void)lang;
	if (route_format(self, sizeof(self), route_set(&r, ROUTE_FEED,
	    NULL)) == -1)
		return -1;
	return feed_atom(b, &sn->sn_site, sn->sn_base, self,
	    sn->sn_site.rs_title, (const struct article *const *)s->s_pub,
	    s->s_npub < SNAP_FEED_MAX ? s->s_npub : SNAP_FEED_MAX);
}

static int
snap_feed_gopher(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	const struct store *s = sn->sn_store;
	struct route r;
	char self[32];

	(void)i;
	(void)lang;
	if (route_format(self, sizeof(self), route_set(&r, ROUTE_FEED,
	    NULL)) == -1)
		return -1;
	return feed_atom_gopher(b, &sn->sn_site, sn->sn_gbase, self,
	    sn->sn_site.rs_title, (const struct article *const *)s->s_pub,
	    s->s_npub < SNAP_FEED_MAX ? s->s_npub : SNAP_FEED_MAX);
}

static int
snap_robots(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	(void)sn;
	(void)i;
	(void)lang;
	buf_puts(b, snap_robots_txt);
	return buf_ok(b);
}

/* /favicon.txt: the site's emoji, when it has one. */
static int
snap_favicon_count(struct snapshot *sn, size_t *n)
{
	*n = *sn->sn_store->s_site.ss_emoji != '\0';
	return 0;
}

static int
snap_favicon(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	(void)i;
	(void)lang;
	buf_printf(b, "%s\n", sn->sn_store->s_site.ss_emoji);
	return buf_ok(b);
}

/*
 * caps.txt, the capability file gopher clients read (CapsVersion 1; the
 * key is spelled "PathDelimeter" by the convention everyone follows).
 * Like every type 0 text it ends with the connection, no "." line; the
 * "#" comments (gophernicus writes them too) say what Gopher+ gets.
 */
static int
snap_caps(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	(void)i;
	(void)lang;
	buf_printf(b, "CAPS\r\n\r\nCapsVersion=1\r\nExpireCapsAfter=3600\r\n"
	    "\r\nPathDelimeter=/\r\nPathIdentity=.\r\nPathParent=..\r\n"
	    "PathParentDouble=FALSE\r\nPathKeepPreDelimeter=FALSE\r\n\r\n"
	    "ServerSoftware=capsule\r\nServerSoftwareVersion=%s\r\n"
	    "ServerDefaultEncoding=%s\r\n\r\n"
	    "# Gopher+: \"+\" (a +-2 header), \"!\" and \"$\" (+INFO and\r\n"
	    "# +ADMIN blocks); no +VIEWS, no +ASK, no item marked +.\r\n"
	    "# Text (type 0) ends when the connection closes, without a\r\n"
	    "# final \".\" line.\r\n", SNAP_VERSION,
	    sn->sn_gopher->go_ascii ? "ascii" : "utf-8");
	return buf_ok(b);
}

/* /NAME: pages/NAME.gmi as it was loaded, or as a gopher menu. */
static int
snap_named_count(struct snapshot *sn, size_t *n)
{
	*n = sn->sn_npages;
	return 0;
}

static long
snap_named_find(const struct snapshot *sn, const struct route *r)
{
	const struct snap_named *pg;

	if ((pg = snapshot_page(sn, r->r_arg, r->r_arglen)) == NULL)
		return -1;
	return pg - sn->sn_pages;
}

static void
snap_named_route(const struct snapshot *sn, size_t i, struct route *r)
{
	route_set(r, ROUTE_PAGE, sn->sn_pages[i].sn_name);
}

static int
snap_named_gemini(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	const struct snap_page *p = sn->sn_pages[i].sn_page;

	(void)lang;
	buf_add(b, p->sp_data, p->sp_len);
	return buf_ok(b);
}

static int
snap_named_gopher(struct buf *b, const struct snapshot *sn, size_t i,
    const char **lang)
{
	const struct snap_page *p = sn->sn_pages[i].sn_page;

	(void)lang;
	return gophermap_page(b, &sn->sn_site, sn->sn_gopher, p->sp_data,
	    p->sp_len);
}


#define SNAP_ARTICLES	snap_article_count, NULL, snap_article_find, \
			snap_article_route
#define SNAP_TAGS	snap_tag_count, NULL, snap_tag_find, snap_tag_route
#define SNAP_MONTHS	snap_month_count, NULL, snap_month_find, \
			snap_month_route
#define SNAP_LANGS	snap_lang_count, snap_langs_free, snap_lang_find, \
			snap_lang_route
#define SNAP_ONE	NULL, NULL, NULL, NULL

const struct snap_kind snap_kinds[ROUTE_NKINDS] = {
	[ROUTE_FRONT] = { SNAP_AT_BUILD, snap_front_count, NULL, NULL, NULL, {
	    { SNAP_GEMTEXT, snap_front_gemini, 1 },
	    { SNAP_MENU, snap_front_gopher, 0 } } },
	[ROUTE_ARTICLE] = { SNAP_ON_USE, SNAP_ARTICLES, {
	    { SNAP_GEMTEXT, snap_article_gemini, 1 },
	    { SNAP_MENU, snap_article_card, 0 } } },
	[ROUTE_ARTICLE_TXT] = { SNAP_ON_USE, SNAP_ARTICLES, {
	    { SNAP_TEXT, snap_article_text, 1 },
	    { SNAP_GTEXT, snap_article_gtext, 0 } } },
	[ROUTE_TAGS] = { SNAP_AT_BUILD, SNAP_ONE, {
	    { SNAP_GEMTEXT, snap_tags_gemini, 1 },
	    { SNAP_MENU, snap_tags_gopher, 0 } } },
	[ROUTE_TAG] = { SNAP_AT_BUILD, SNAP_TAGS, {
	    { SNAP_GEMTEXT, snap_tag_gemini, 1 },
	    { SNAP_MENU, snap_tag_gopher, 0 } } },
	/* Per request: see snapshot_tag_feed(). */
	[ROUTE_TAG_FEED] = { SNAP_EACH, SNAP_TAGS, {
	    { SNAP_ATOM, snap_tag_feed_render, 0 },
	    { SNAP_GTEXT, snap_tag_feed_gopher, 0 } } },
	[ROUTE_ARCHIVE] = { SNAP_AT_BUILD, SNAP_ONE, {
	    { SNAP_GEMTEXT, snap_archive_gemini, 1 },
	    { SNAP_MENU, snap_archive_gopher, 0 } } },
	[ROUTE_MONTH] = { SNAP_AT_BUILD, SNAP_MONTHS, {
	    { SNAP_GEMTEXT, snap_month_gemini, 1 },
	    { SNAP_MENU, snap_month_gopher, 0 } } },
	[ROUTE_FEED] = { SNAP_AT_BUILD, SNAP_ONE, {
	    { SNAP_ATOM, snap_feed, 0 },
	    { SNAP_GTEXT, snap_feed_gopher, 0 } } },
	[ROUTE_ROBOTS] = { SNAP_AT_BUILD, SNAP_ONE, {
	    { "text/plain", snap_robots, 0 },
	    { NULL, NULL, 0 } } },
	[ROUTE_FAVICON] = { SNAP_AT_BUILD, snap_favicon_count, NULL, NULL,
	    NULL, {
	    { SNAP_TEXT, snap_favicon, 0 },
	    { NULL, NULL, 0 } } },
	[ROUTE_CAPS] = { SNAP_AT_BUILD, SNAP_ONE, {
	    { NULL, NULL, 0 },
	    { SNAP_GTEXT, snap_caps, 0 } } },
	[ROUTE_AUTHORS] = { SNAP_AT_BUILD, snap_authors_count, NULL, NULL,
	    NULL, {
	    { SNAP_GEMTEXT, snap_authors_gemini, 1 },
	    { SNAP_MENU, snap_authors_gopher, 0 } } },
	[ROUTE_AUTHOR] = { SNAP_ON_USE, snap_author_count, snap_authors_free,
	    snap_author_find, snap_author_route, {
	    { SNAP_GEMTEXT, snap_author_gemini, 1 },
	    { SNAP_MENU, snap_author_gopher, 0 } } },
	[ROUTE_PAGE] = { SNAP_AT_BUILD, snap_named_count, NULL,
	    snap_named_find, snap_named_route, {
	    { SNAP_GEMTEXT, snap_named_gemini, 1 },
	    { SNAP_MENU, snap_named_gopher, 0 } } },
	/* The language index is the front page's: see snap_front.c. */
	[ROUTE_LANG] = { SNAP_AT_BUILD, SNAP_LANGS, {
	    { SNAP_GEMTEXT, snap_lang_gemini, 1 },
	    { SNAP_MENU, snap_lang_gopher, 0 } } },
	[ROUTE_LANG_FEED] = { SNAP_AT_BUILD, snap_lang_count, NULL,
	    snap_lang_find, snap_lang_route, {
	    { SNAP_ATOM, snap_lang_feed_gemini, 0 },
	    { SNAP_GTEXT, snap_lang_feed_gopher, 0 } } },
};
