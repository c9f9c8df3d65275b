/*
 * gophermap: see gophermap.h.  A pure module: libc, buf, article, text
 * and utf8.  This file writes the pages, one function each, through the
 * line writer of gophermap_line.c and the links of gophermap_link.c.
 *
 * Choices the header leaves open (lines: gophermap_line.c; links:
 * gophermap_link.c):
 *
 * - The Atom feeds are type 0: XML is text, and lynx, sacc and VF-1
 *   display a type 0 item where they would only offer to save a type 9.
 * - Pages follow gemtext.c line for line, with the same wording: a blank
 *   gemtext line is a blank 'i' line, and headings are 'i' lines
 *   underlined as text.c underlines them ('=' under the page's title,
 *   '-' under a section), so a menu and the type 0 text look alike.
 *   The byline is text.c's, "By AUTHOR, DATE (updated DATE)", which is
 *   plain ASCII in either mode.  The article card shows the links of the
 *   body under "Links", without the body: the full text is one item away.
 */
#include <ctype.h>
#include <string.h>

#include "article.h"
#include "buf.h"
#include "gophermap.h"
#include "gophermap_int.h"
#include "render.h"
#include "route.h"
#include "text.h"
#include "utf8.h"

/* The path of a's page of kind k; a parsed-only article has no slug. */
static void
go_article_sel(struct buf *b, const struct article *a, enum route_kind k)
{
	struct route r;

	route_path(b, route_set(&r, k, a->a_slug));
}

/* "YYYY-MM-DD Headline", the gemsub entry of gemtext.c, as an item. */
static void
go_entry(struct go *g, const struct article *a)
{
	char date[ARTICLE_DAY_LEN + 1];

	article_day_format(a->a_date, date);
	buf_printf(go_tmp(g), "%s %s", date, a->a_title != NULL ?
	    a->a_title : "");
	go_article_sel(go_sel(g), a, ROUTE_ARTICLE);
	go_own_composed(g, '1');
}

static void
go_entries(struct go *g, const struct article *const *arts, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		go_entry(g, arts[i]);
}

/* "October 2026". */
static void
go_month_name(struct buf *b, int year, int month)
{
	char name[ARTICLE_MONTH_LEN + 1];

	buf_add(b, name, (size_t)article_month_format(year, month, name));
}

static void
go_footer(struct go *g, const char *copyright)
{
	go_own_kind(g, '1', go_set(g->g_site->rs_title) ?
	    g->g_site->rs_title : "Front page", ROUTE_FRONT);
	if (go_set(copyright))
		go_str(g, copyright);
}

int
gophermap_front(struct buf *b, const struct render_site *site,
    const struct gophermap_opts *o, const struct article *const *arts,
    size_t n, const char *const *pages, size_t npages)
{
	struct go g;
	struct buf *t;
	size_t i;

	go_init(&g, b, site, o);
	go_title(&g, site->rs_title);
	go_blank(&g);
	if (go_set(site->rs_description)) {
		go_str(&g, site->rs_description);
		go_blank(&g);
	}
	go_section(&g, "Latest");
	if (n == 0)
		go_str(&g, "Nothing has been published yet.");
	go_entries(&g, arts, n);
	go_blank(&g);
	go_section(&g, "Browse");
	go_own_kind(&g, '1', "Tags", ROUTE_TAGS);
	go_own_kind(&g, '1', "Archive", ROUTE_ARCHIVE);
	go_own_kind(&g, '7', "Search", ROUTE_SEARCH);
	go_own_kind(&g, '0', "Atom feed", ROUTE_FEED);
	for (i = 0; i < npages; i++) {
		t = go_tmp(&g);
		if (islower((unsigned char)pages[i][0])) {
			buf_putc(t, (char)toupper((unsigned char)pages[i][0]));
			buf_puts(t, pages[i] + 1);
		} else
			buf_puts(t, pages[i]);
		go_path(&g, ROUTE_PAGE, pages[i]);
		go_own_composed(&g, '1');
	}
	if (go_set(site->rs_copyright)) {
		go_blank(&g);
		go_str(&g, site->rs_copyright);
	}
	return go_end(&g);
}

/* Text.c's byline: "By AUTHOR, DATE (updated DATE)". */
static void
go_byline(struct go *g, const struct article *a)
{
	char date[ARTICLE_DAY_LEN + 1], updated[ARTICLE_DAY_LEN + 1];
	struct buf *t = go_tmp(g);

	article_day_format(a->a_date, date);
	if (go_set(a->a_author))
		buf_printf(t, "By %s, ", a->a_author);
	buf_puts(t, date);
	if (a->a_updated != 0) {
		article_day_format(a->a_updated, updated);
		if (strcmp(date, updated) != 0)
			buf_printf(t, " (updated %s)", updated);
	}
	go_composed(g, '\0');
}

/*
 * The image: its caption, else alt text, else "Image", and the credit
 * after it.  When that does not fit a display string it is written out
 * in 'i' lines above an item called "Image": a cut would lose the credit.
 */
static void
go_image(struct go *g, const struct article *a)
{
	struct buf *t = go_tmp(g), *w = &g->g_wrap;
	const char *label;
	size_t llen;

	if (go_set(a->a_image_caption))
		buf_puts(t, a->a_image_caption);
	else if (go_set(a->a_image_alt))
		buf_puts(t, a->a_image_alt);
	else
		buf_puts(t, "Image");
	if (go_set(a->a_image_credit))
		buf_printf(t, " (%s)", a->a_image_credit);
	buf_truncate(w, 0);
	text_clean(w, t->b_data, t->b_len, g->g_opts->go_ascii, 0);
	if (buf_ok(t) == -1 || buf_ok(w) == -1)
		return;
	label = t->b_data;
	llen = t->b_len;
	if (utf8_length(w->b_data, w->b_len) > GO_WIDTH) {
		go_text(g, "", t->b_data, t->b_len);
		label = "Image";
		llen = 5;
	}
	/* Validated: a path under media/ (relative to "/") or a URL. */
	go_link(g, a->a_image, strlen(a->a_image), label, llen, "/");
}

/* The Related: headlines, linked when the store holds the article. */
static void
go_headlines(struct go *g, const struct render_headline *h, size_t n)
{
	size_t i;

	go_section(g, "See also");
	for (i = 0; i < n; i++) {
		if (h[i].rh_art != NULL) {
			go_article_sel(go_sel(g), h[i].rh_art, ROUTE_ARTICLE);
			buf_puts(go_tmp(g), h[i].rh_text);
			go_own_composed(g, '1');
		} else
			go_str(g, h[i].rh_text);
	}
	go_blank(g);
}

int
gophermap_article(struct buf *b, const struct render_site *site,
    const struct gophermap_opts *o, const struct render_article *ra)
{
	const struct article *a = ra->ra_art;
	const char *src = a->a_source;
	char dir[32];
	struct go g;
	size_t i;

	go_init(&g, b, site, o);
	go_title(&g, a->a_title != NULL ? a->a_title : "");
	go_blank(&g);
	if (go_set(a->a_summary)) {
		go_str(&g, a->a_summary);
		go_blank(&g);
	}
	go_byline(&g, a);
	go_article_sel(go_sel(&g), a, ROUTE_ARTICLE_TXT);
	buf_puts(go_tmp(&g), "Full text");
	go_own_composed(&g, '0');
	if (go_set(a->a_image))
		go_image(&g, a);
	go_blank(&g);
	if (a->a_body != NULL &&
	    go_gemtext(&g, a->a_body, a->a_bodylen, "Links") > 0)
		go_blank(&g);
	if (go_set(src)) {
		go_link(&g, src, strlen(src), "Source: the original", 20,
		    go_articles_dir(dir));
		go_blank(&g);
	}
	if (a->a_ntags > 0) {
		go_section(&g, "Tags");
		for (i = 0; i < a->a_ntags; i++) {
			go_path(&g, ROUTE_TAG, a->a_tags[i]);
			buf_puts(go_tmp(&g), a->a_tags[i]);
			go_own_composed(&g, '1');
		}
		go_blank(&g);
	}
	if (ra->ra_nheadlines > 0)
		go_headlines(&g, ra->ra_headlines, ra->ra_nheadlines);
	if (ra->ra_nrelated > 0) {
		go_section(&g, "Related articles");
		go_entries(&g, ra->ra_related, ra->ra_nrelated);
		go_blank(&g);
	}
	go_footer(&g, go_set(a->a_copyright) ? a->a_copyright :
	    site->rs_copyright);
	return go_end(&g);
}

int
gophermap_text(struct buf *b, const struct render_site *site,
    const struct gophermap_opts *o, const struct render_article *ra)
{
	const struct text_opts to = { 70, 1, o->go_ascii, 1 };

	if (text_article(b, site, ra, &to) == -1)
		return -1;
	return buf_ok(b);
}

int
gophermap_tags(struct buf *b, const struct render_site *site,
    const struct gophermap_opts *o, const struct render_tag *tags, size_t n)
{
	struct go g;
	size_t i;

	go_init(&g, b, site, o);
	go_title(&g, "Tags");
	go_blank(&g);
	if (n == 0)
		go_str(&g, "No article has a tag yet.");
	for (i = 0; i < n; i++) {
		buf_printf(go_tmp(&g), "%s (%zu)", tags[i].rt_name,
		    tags[i].rt_count);
		go_path(&g, ROUTE_TAG, tags[i].rt_name);
		go_own_composed(&g, '1');
	}
	go_blank(&g);
	go_footer(&g, site->rs_copyright);
	return go_end(&g);
}

int
gophermap_tag(struct buf *b, const struct render_site *site,
    const struct gophermap_opts *o, const char *tag,
    const struct article *const *arts, size_t n)
{
	struct go g;

	go_init(&g, b, site, o);
	buf_printf(go_tmp(&g), "Articles tagged %s", tag);
	go_composed(&g, '=');
	go_blank(&g);
	if (n == 0) {
		buf_printf(go_tmp(&g), "No articles are tagged %s.", tag);
		go_composed(&g, '\0');
	}
	go_entries(&g, arts, n);
	go_blank(&g);
	buf_printf(go_tmp(&g), "Atom feed for %s", tag);
	go_path(&g, ROUTE_TAG_FEED, tag);
	go_own_composed(&g, '0');
	go_own_kind(&g, '1', "All tags", ROUTE_TAGS);
	go_footer(&g, site->rs_copyright);
	return go_end(&g);
}

int
gophermap_authors(struct buf *b, const struct render_site *site,
    const struct gophermap_opts *o, const struct render_author *authors,
    size_t n)
{
	struct go g;
	size_t i;

	go_init(&g, b, site, o);
	go_title(&g, "Authors");
	go_blank(&g);
	if (n == 0)
		go_str(&g, "No article has a byline yet.");
	for (i = 0; i < n; i++) {
		buf_printf(go_tmp(&g), "%s (%zu)", authors[i].rw_name,
		    authors[i].rw_count);
		go_path(&g, ROUTE_AUTHOR, authors[i].rw_slug);
		go_own_composed(&g, '1');
	}
	go_blank(&g);
	go_footer(&g, site->rs_copyright);
	return go_end(&g);
}

int
gophermap_author(struct buf *b, const struct render_site *site,
    const struct gophermap_opts *o, const char *name,
    const struct article *const *arts, size_t n)
{
	struct go g;

	go_init(&g, b, site, o);
	buf_printf(go_tmp(&g), "Articles by %s", name);
	go_composed(&g, '=');
	go_blank(&g);
	if (n == 0) {
		buf_printf(go_tmp(&g), "No articles by %s.", name);
		go_composed(&g, '\0');
	}
	go_entries(&g, arts, n);
	go_blank(&g);
	go_own_kind(&g, '1', "All authors", ROUTE_AUTHORS);
	go_footer(&g, site->rs_copyright);
	return go_end(&g);
}

int
gophermap_archive(struct buf *b, const struct render_site *site,
    const struct gophermap_opts *o, const struct render_month *months,
    size_t n)
{
	struct go g;
	size_t i;

	go_init(&g, b, site, o);
	go_title(&g, "Archive");
	go_blank(&g);
	if (n == 0)
		go_str(&g, "The archive is empty.");
	for (i = 0; i < n; i++) {
		go_month_name(go_tmp(&g), months[i].rm_year,
		    months[i].rm_month);
		buf_printf(&g.g_tmp, " (%zu)", months[i].rm_count);
		route_path_month(go_sel(&g), months[i].rm_year,
		    months[i].rm_month);
		go_own_composed(&g, '1');
	}
	go_blank(&g);
	go_footer(&g, site->rs_copyright);
	return go_end(&g);
}

int
gophermap_month(struct buf *b, const struct render_site *site,
    const struct gophermap_opts *o, int year, int month,
    const struct article *const *arts, size_t n)
{
	struct go g;

	go_init(&g, b, site, o);
	go_month_name(go_tmp(&g), year, month);
	go_composed(&g, '=');
	go_blank(&g);
	if (n == 0) {
		buf_puts(go_tmp(&g), "No articles were published in ");
		go_month_name(&g.g_tmp, year, month);
		buf_putc(&g.g_tmp, '.');
		go_composed(&g, '\0');
	}
	go_entries(&g, arts, n);
	go_blank(&g);
	go_own_kind(&g, '1', "Archive", ROUTE_ARCHIVE);
	go_footer(&g, site->rs_copyright);
	return go_end(&g);
}

int
gophermap_search(struct buf *b, const struct render_site *site,
    const struct gophermap_opts *o, const char *query,
    const struct render_hit *hits, size_t n)
{
	struct go g;
	size_t i;

	go_init(&g, b, site, o);
	if (*query == '\0') {
		/* A type 7 request sent with no words: ask again. */
		go_str(&g, "Search the articles: give some words.");
		go_blank(&g);
		go_own_kind(&g, '7', "Search", ROUTE_SEARCH);
		return go_end(&g);
	}
	buf_printf(go_tmp(&g), "Search results for: %s", query);
	go_composed(&g, '=');
	go_blank(&g);
	if (n == 0) {
		buf_printf(go_tmp(&g), "No articles match %s.", query);
		go_composed(&g, '\0');
		go_blank(&g);
	}
	for (i = 0; i < n; i++) {
		go_entry(&g, hits[i].rh_art);
		if (go_set(hits[i].rh_snippet))
			go_str(&g, hits[i].rh_snippet);
		go_blank(&g);
	}
	go_own_kind(&g, '7', "Search again", ROUTE_SEARCH);
	go_footer(&g, site->rs_copyright);
	return go_end(&g);
}

int
gophermap_page(struct buf *b, const struct render_site *site,
    const struct gophermap_opts *o, const char *gemtext, size_t len)
{
	struct go g;

	go_init(&g, b, site, o);
	go_gemtext(&g, gemtext, len, NULL);
	return go_end(&g);
}

int
gophermap_error(struct buf *b, const struct gophermap_opts *o,
    const char *message)
{
	const char *host = o->go_host;
	struct go g;
	struct buf *t;

	go_init(&g, b, NULL, o);
	if (go_wrap(&g, '3', "", message, message != NULL ?
	    strlen(message) : 0) == 0 && !g.g_err)
		go_note(&g, '3', "Error", 5);
	t = go_tmp(&g);
	buf_printf(t, strchr(host, ':') != NULL ? "Front page: gopher://[%s]" :
	    "Front page: gopher://%s", host);
	if (o->go_port != 70)
		buf_printf(t, ":%d", o->go_port);
	buf_putc(t, '/');
	go_composed(&g, '\0');
	return go_end(&g);
}
