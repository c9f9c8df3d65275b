/*
 * gophermap: see gophermap.h.  A pure module: libc, buf, article,
 * gemtext (an article body's links), labels, text and utf8.  This file
 * writes the pages, one function each, through the line writer of
 * gophermap_line.c and the links of gophermap_link.c.
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
 *   The byline is text.c's (text_byline_compose()), in the article's
 *   language, its parts joined with " · " (" - " in ASCII mode).  The
 *   article card shows the links of the body under "Links", without the
 *   body: the full text is one item away.
 */
#include <ctype.h>
#include <string.h>

#include "article.h"
#include "buf.h"
#include "gemtext.h"
#include "gophermap.h"
#include "gophermap_int.h"
#include "labels.h"
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

/* An item to a headline, no date: the lead and the sections. */
static void
go_headline(struct go *g, const struct article *a)
{
	buf_puts(go_tmp(g), a->a_title != NULL ? a->a_title : "");
	go_article_sel(go_sel(g), a, ROUTE_ARTICLE);
	go_own_composed(g, '1');
}

/* The byline of text.c, in l's words; the update only when updated. */
static void
go_byline(struct go *g, const struct article *a, const struct labels *l,
    int updated)
{
	text_byline_compose(go_tmp(g), a, l, g->g_opts->go_ascii, updated);
	go_composed(g, '\0');
}

/* The link to a language's page, with its name and count. */
static void
go_lang_link(struct go *g, const struct render_lang *rl)
{
	if (labels_known(rl->rl_code))
		buf_puts(go_tmp(g), labels_get(rl->rl_code, NULL)->l_name);
	else
		buf_puts(go_tmp(g), rl->rl_code);
	buf_printf(&g->g_tmp, " (%zu)", rl->rl_count);
	go_path(g, ROUTE_LANG, rl->rl_code);
	go_own_composed(g, '1');
}

int
gophermap_front(struct buf *b, const struct render_site *site,
    const struct gophermap_opts *o, const struct render_front *rf)
{
	const struct labels *l = labels_get(site->rs_lang, NULL);
	const struct render_section *sec;
	const struct article *lead = rf->rf_lead;
	struct go g;
	struct buf *t;
	size_t i, j;

	go_init(&g, b, site, o);
	go_title(&g, site->rs_title);
	go_blank(&g);
	if (go_set(site->rs_description)) {
		go_str(&g, site->rs_description);
		go_blank(&g);
	}
	if (lead != NULL) {
		go_section(&g, lead->a_title != NULL ? lead->a_title : "");
		if (go_set(lead->a_summary))
			go_str(&g, lead->a_summary);
		go_byline(&g, lead, l, 0);
		buf_puts(go_tmp(&g), l->l_read);
		go_article_sel(go_sel(&g), lead, ROUTE_ARTICLE);
		go_own_composed(&g, '1');
		go_blank(&g);
	}
	for (i = 0; i < rf->rf_nsections; i++) {
		sec = &rf->rf_sections[i];
		go_section(&g, sec->rc_tag);
		for (j = 0; j < sec->rc_n; j++)
			go_headline(&g, sec->rc_arts[j]);
		buf_printf(go_tmp(&g), "%s %s", l->l_more_in, sec->rc_tag);
		go_path(&g, ROUTE_TAG, sec->rc_tag);
		go_own_composed(&g, '1');
		go_blank(&g);
	}
	go_section(&g, l->l_latest);
	if (rf->rf_nlatest == 0)
		go_str(&g, l->l_none);
	go_entries(&g, rf->rf_latest, rf->rf_nlatest);
	go_blank(&g);
	go_section(&g, l->l_browse);
	go_own_kind(&g, '1', l->l_tags, ROUTE_TAGS);
	go_own_kind(&g, '1', l->l_archive, ROUTE_ARCHIVE);
	go_own_kind(&g, '7', l->l_search, ROUTE_SEARCH);
	go_own_kind(&g, '0', l->l_feed, ROUTE_FEED);
	for (i = 0; i < rf->rf_npages; i++) {
		const char *pg = rf->rf_pages[i];

		t = go_tmp(&g);
		if (islower((unsigned char)pg[0])) {
			buf_putc(t, (char)toupper((unsigned char)pg[0]));
			buf_puts(t, pg + 1);
		} else
			buf_puts(t, pg);
		go_path(&g, ROUTE_PAGE, pg);
		go_own_composed(&g, '1');
	}
	if (rf->rf_nlangs > 1) {
		go_blank(&g);
		go_section(&g, l->l_languages);
		for (i = 0; i < rf->rf_nlangs; i++)
			go_lang_link(&g, &rf->rf_langs[i]);
	}
	if (go_set(site->rs_copyright)) {
		go_blank(&g);
		go_str(&g, site->rs_copyright);
	}
	return go_end(&g);
}

int
gophermap_lang(struct buf *b, const struct render_site *site,
    const struct gophermap_opts *o, const char *code,
    const struct article *const *arts, size_t n)
{
	const struct labels *l = labels_get(code, site->rs_lang);
	struct go g;

	go_init(&g, b, site, o);
	buf_printf(go_tmp(&g), "%s", site->rs_title);
	go_composed(&g, '\0');
	buf_puts(go_tmp(&g), labels_known(code) ? l->l_lang_title : code);
	go_composed(&g, '=');
	go_blank(&g);
	if (n == 0)
		go_str(&g, l->l_none);
	go_entries(&g, arts, n);
	go_blank(&g);
	buf_puts(go_tmp(&g), l->l_feed);
	go_path(&g, ROUTE_LANG_FEED, code);
	go_own_composed(&g, '0');
	go_own_kind(&g, '7', l->l_search, ROUTE_SEARCH);
	go_footer(&g, site->rs_copyright);
	return go_end(&g);
}

/*
 * The image, after a blank line: an item labelled with its alt text
 * (else the caption, else "Image"); alt text too long for a display
 * string is written out in 'i' lines above an item called "Image" (a cut
 * would lose it).  The caption and credit follow as 'i' lines.
 */
static void
go_image(struct go *g, const struct article *a, const struct labels *l)
{
	struct buf *t = go_tmp(g), *w = &g->g_wrap;
	const char *label;
	size_t llen;
	int cap = go_set(a->a_image_caption);

	if (go_set(a->a_image_alt))
		buf_puts(t, a->a_image_alt);
	else if (cap) {
		buf_puts(t, a->a_image_caption);
		cap = 0;
	} else
		buf_puts(t, l->l_image);
	buf_truncate(w, 0);
	text_clean(w, t->b_data, t->b_len, g->g_opts->go_ascii, 0);
	if (buf_ok(t) == -1 || buf_ok(w) == -1)
		return;
	label = t->b_data;
	llen = t->b_len;
	go_blank(g);
	if (utf8_length(w->b_data, w->b_len) > GO_WIDTH) {
		go_text(g, "", t->b_data, t->b_len);
		label = l->l_image;
		llen = strlen(label);
	}
	/* Validated: a path under media/ (relative to "/") or a URL. */
	go_link(g, a->a_image, strlen(a->a_image), label, llen, "/");
	if (cap || go_set(a->a_image_credit)) {
		t = go_tmp(g);
		if (cap)
			buf_puts(t, a->a_image_caption);
		if (go_set(a->a_image_credit))
			buf_printf(t, cap ? " (%s)" : "(%s)", a->a_image_credit);
		go_composed(g, '\0');
	}
}

/*
 * The Related: headlines: the article when the store holds it, else a
 * search item (type 7: a menu cannot carry the words, so the reader
 * types them; the headline is on the item).
 */
static void
go_headlines(struct go *g, const struct render_headline *h, size_t n,
    const struct labels *l)
{
	size_t i;

	go_section(g, l->l_see_also);
	for (i = 0; i < n; i++) {
		if (h[i].rh_art != NULL) {
			go_article_sel(go_sel(g), h[i].rh_art, ROUTE_ARTICLE);
			buf_puts(go_tmp(g), h[i].rh_text);
			go_own_composed(g, '1');
		} else {
			buf_printf(go_tmp(g), "%s%s%s", l->l_search_for,
			    l->l_colon, h[i].rh_text);
			go_path(g, ROUTE_SEARCH, NULL);
			go_own_composed(g, '7');
		}
	}
	go_blank(g);
}

/* "<- Previous in TAG: Headline" (ASCII arrows: every client shows them). */
static void
go_step(struct go *g, const struct article *a, const char *arrow,
    const struct labels *l, const char *word, const char *tag)
{
	buf_printf(go_tmp(g), "%s %s %s %s%s%s", arrow, word, l->l_in, tag,
	    l->l_colon, a->a_title != NULL ? a->a_title : "");
	go_article_sel(go_sel(g), a, ROUTE_ARTICLE);
	go_own_composed(g, '1');
}

/* Where a reader goes next, as gemtext_article() lists it. */
static void
go_onward(struct go *g, const struct render_article *ra,
    const struct labels *l)
{
	const struct article *a = ra->ra_art;
	int y, m;

	go_section(g, l->l_more);
	if (ra->ra_prev != NULL)
		go_step(g, ra->ra_prev, "<-", l, l->l_previous,
		    ra->ra_tag);
	if (ra->ra_next != NULL)
		go_step(g, ra->ra_next, "->", l, l->l_next,
		    ra->ra_tag);
	article_date_split(a->a_date, &y, &m, NULL);
	buf_printf(go_tmp(g), "%s%s%s %d", l->l_archive, l->l_colon,
	    l->l_months[m - 1], y);
	route_path_month(go_sel(g), y, m);
	go_own_composed(g, '1');
	go_own_kind(g, '7', l->l_search, ROUTE_SEARCH);
	buf_printf(go_tmp(g), "%s%s%s", l->l_front, l->l_colon,
	    go_set(g->g_site->rs_title) ? g->g_site->rs_title : "");
	go_path(g, ROUTE_FRONT, NULL);
	go_own_composed(g, '1');
}

int
gophermap_article(struct buf *b, const struct render_site *site,
    const struct gophermap_opts *o, const struct render_article *ra)
{
	const struct article *a = ra->ra_art;
	const struct labels *l = labels_get(a->a_lang, site->rs_lang);
	const char *src = a->a_source, *host;
	char dir[32];
	struct go g;
	struct buf *t;
	size_t i;

	go_init(&g, b, site, o);
	go_title(&g, a->a_title != NULL ? a->a_title : "");
	go_blank(&g);
	if (go_set(a->a_summary)) {
		go_str(&g, a->a_summary);
		go_blank(&g);
	}
	go_byline(&g, a, l, 1);
	if (go_set(src) && (a->a_body == NULL ||
	    !gemtext_body_links(a->a_body, a->a_bodylen, src))) {
		t = go_tmp(&g);
		buf_printf(t, "%s%s", l->l_source, l->l_colon);
		if (go_set(a->a_publisher))
			buf_puts(t, a->a_publisher);
		else if ((host = strstr(src, "://")) != NULL)
			buf_add(t, host + 3, strcspn(host + 3, "/?#"));
		else
			buf_puts(t, src);
		if (buf_ok(t) == 0)
			go_link(&g, src, strlen(src), t->b_data, t->b_len,
			    go_articles_dir(dir));
	}
	go_article_sel(go_sel(&g), a, ROUTE_ARTICLE_TXT);
	buf_puts(go_tmp(&g), l->l_full_text);
	go_own_composed(&g, '0');
	if (go_set(a->a_image))
		go_image(&g, a, l);
	go_blank(&g);
	if (a->a_body != NULL &&
	    go_gemtext(&g, a->a_body, a->a_bodylen, l->l_links) > 0)
		go_blank(&g);
	if (a->a_ntags > 0) {
		go_section(&g, l->l_tags);
		for (i = 0; i < a->a_ntags; i++) {
			go_path(&g, ROUTE_TAG, a->a_tags[i]);
			buf_puts(go_tmp(&g), a->a_tags[i]);
			go_own_composed(&g, '1');
		}
		go_blank(&g);
	}
	if (ra->ra_nheadlines > 0)
		go_headlines(&g, ra->ra_headlines, ra->ra_nheadlines, l);
	if (ra->ra_nrelated > 0) {
		go_section(&g, l->l_related);
		go_entries(&g, ra->ra_related, ra->ra_nrelated);
		go_blank(&g);
	}
	go_onward(&g, ra, l);
	if (go_set(a->a_copyright))
		go_str(&g, a->a_copyright);
	else if (go_set(site->rs_copyright))
		go_str(&g, site->rs_copyright);
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
