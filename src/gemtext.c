/*
 * gemtext: see gemtext.h.  A pure module: libc, buf, article, labels and
 * utf8.
 *
 * Choices the header leaves open:
 *
 * - Text from headers, capsule.conf or the request is written through
 *   gemtext_text(): C0 and C1 controls, DEL and U+2028/U+2029 become
 *   spaces and bytes that are not UTF-8 become U+FFFD, so no value can
 *   end its line early or make the page invalid UTF-8.
 * - A plain line built from such text (a dek, a description, a search
 *   snippet, a copyright) that would begin with a gemtext marker ("=>",
 *   "#", "*", ">", "```") gets one leading ASCII space.  Clients classify
 *   a line by its very first characters, so the space turns it into an
 *   ordinary text line, and unlike a zero-width character it is plain to
 *   see in the source and survives copying.  Headings, link labels and
 *   lines opened by our own words ("By ", "No articles match ") need no
 *   guard.
 * - The byline is "By AUTHOR · PUBLISHER · 18 June 2024 · Updated 20
 *   June 2024", each part only when the article has it, in the words and
 *   month names of the article's language (labels.h).
 * - The image comes after a blank line: "=> HREF ALT", the alt text (else
 *   the caption, else "Image") being what a reader who cannot see it
 *   needs, then "CAPTION (CREDIT)" as text; the credit goes in
 *   parentheses because it is not always a photo ("Illustration by").
 * - "Related:" headlines are listed under "## See also", linked to the
 *   article when the store holds it and otherwise to a search for the
 *   headline ("/search?words", the query percent-encoded).
 * - A body that leaves a preformatted block open gets a closing "```",
 *   so the sections after it still render as gemtext.
 * - Every page but the front and an article ends with "=> / SITE TITLE"
 *   (an article's onward links end with the front page), and every page
 *   with the copyright line when there is one.
 * - URLs have spaces percent-encoded, since a space ends the URL of a
 *   link line.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "article.h"
#include "buf.h"
#include "gemtext.h"
#include "labels.h"
#include "render.h"
#include "route.h"
#include "utf8.h"

/* 1 when s holds at least one byte (optional fields are NULL or ""). */
static int
gemtext_set(const char *s)
{
	return s != NULL && *s != '\0';
}

/* 1 when a client would read a line starting with s as other than text. */
static int
gemtext_marker(const char *s)
{
	return s[0] == '#' || s[0] == '*' || s[0] == '>' ||
	    (s[0] == '=' && s[1] == '>') || strncmp(s, "```", 3) == 0;
}

static int
gemtext_unsafe(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
	    cp == 0x2028 || cp == 0x2029;
}

/* Appends s as the text of one line; guard: s begins the line. */
static void
gemtext_text(struct buf *b, const char *s, int guard)
{
	const char *run;
	size_t len, n;
	uint32_t cp;

	if (s == NULL)
		return;
	if (guard && gemtext_marker(s))
		buf_putc(b, ' ');
	len = strlen(s);
	run = s;
	while (len > 0) {
		if ((n = utf8_decode(s, len, &cp)) != 0 && !gemtext_unsafe(cp)) {
			s += n;
			len -= n;
			continue;
		}
		buf_add(b, run, (size_t)(s - run));
		if (n == 0) {
			buf_puts(b, "\xef\xbf\xbd");
			n = 1;
		} else
			buf_putc(b, ' ');
		s += n;
		len -= n;
		run = s;
	}
	buf_add(b, run, (size_t)(s - run));
}

/* A plain text line; the caller has checked that s is not empty. */
static void
gemtext_para(struct buf *b, const char *s)
{
	gemtext_text(b, s, 1);
	buf_putc(b, '\n');
}

/* Appends s for use as the URL of a link line. */
static void
gemtext_url(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c <= 0x20 || c == 0x7f)
			buf_printf(b, "%%%02X", c);
		else
			buf_putc(b, (char)c);
	}
}

#define GEMTEXT_STATUS		"20 %s%s%s\r\n"
#define GEMTEXT_LANG(lang)	(lang) != NULL ? "; lang=" : "", \
				(lang) != NULL ? (lang) : ""

int
gemtext_header(char *out, size_t size, const char *mime, const char *lang)
{
	int n;

	n = snprintf(out, size, GEMTEXT_STATUS, mime, GEMTEXT_LANG(lang));
	return n >= 0 && (size_t)n < size ? n : -1;
}

void
gemtext_status(struct buf *b, const char *mime, const char *lang)
{
	buf_printf(b, GEMTEXT_STATUS, mime, GEMTEXT_LANG(lang));
}

/*
 * "=> PATH", the link to a page of ours.  Names in paths are the store's
 * slugs, tags and page names, [a-z0-9-]+: nothing to escape.
 */
static void
gemtext_path(struct buf *b, enum route_kind k, const char *arg)
{
	struct route r;

	buf_puts(b, "=> ");
	route_path(b, route_set(&r, k, arg));
}

/* "=> PATH LABEL" on a line of its own. */
static void
gemtext_link(struct buf *b, enum route_kind k, const char *arg,
    const char *label)
{
	gemtext_path(b, k, arg);
	buf_putc(b, ' ');
	gemtext_text(b, label, 0);
	buf_putc(b, '\n');
}

/* The store sets the slug; a parsed-only article has none. */
static void
gemtext_article_url(struct buf *b, const struct article *a)
{
	gemtext_path(b, ROUTE_ARTICLE, a->a_slug);
}

/*
 * "=> /articles/SLUG YYYY-MM-DD Headline": the date right after the URL,
 * then a space, is what makes Lagrange take the line as a gemsub entry.
 */
static void
gemtext_entry(struct buf *b, const struct article *a)
{
	char date[ARTICLE_DAY_LEN + 1];

	article_day_format(a->a_date, date);
	gemtext_article_url(b, a);
	buf_printf(b, " %s ", date);
	gemtext_text(b, a->a_title, 0);
	buf_putc(b, '\n');
}

static void
gemtext_entries(struct buf *b, const struct article *const *arts, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		gemtext_entry(b, arts[i]);
}

/* "# " then text, a heading whose text may start with anything. */
static void
gemtext_heading(struct buf *b, const char *prefix, const char *text)
{
	buf_puts(b, prefix);
	gemtext_text(b, text, 0);
	buf_puts(b, "\n\n");
}

/* "October 2026". */
static void
gemtext_month_name(struct buf *b, int year, int month)
{
	char name[ARTICLE_MONTH_LEN + 1];

	buf_add(b, name, (size_t)article_month_format(year, month, name));
}

static void
gemtext_footer(struct buf *b, const struct render_site *site,
    const char *copyright)
{
	gemtext_link(b, ROUTE_FRONT, NULL, site->rs_title);
	if (gemtext_set(copyright))
		gemtext_para(b, copyright);
}

/*
 * 1 when s starts like a gemsub date, "YYYY-MM-DD": a link whose label
 * does would be read as an entry of the subscription.
 */
static int
gemtext_datelike(const char *s)
{
	static const char pat[] = "dddd-dd-dd";
	size_t i;

	for (i = 0; pat[i] != '\0'; i++)
		if (pat[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != '-')
			return 0;
	return 1;
}

/*
 * "=> /articles/SLUG Headline", a link that is no gemsub entry: the lead
 * and the sections of the front page, which also appear in its latest
 * list, the subscription's entries.  A headline that starts with a date
 * gets a dash before it, or it would become an entry after all.
 */
static void
gemtext_headline(struct buf *b, const struct article *a)
{
	gemtext_article_url(b, a);
	buf_putc(b, ' ');
	if (a->a_title != NULL && gemtext_datelike(a->a_title))
		buf_puts(b, "— ");
	gemtext_text(b, a->a_title, 0);
	buf_putc(b, '\n');
}

/* "18 June 2024" in the labels' language. */
static void
gemtext_day(struct buf *b, const struct labels *l, int64_t t)
{
	char day[64];
	int y, m, d, n;

	article_date_split(t, &y, &m, &d);
	if ((n = labels_date(l, y, m, d, day, sizeof(day))) > 0)
		buf_add(b, day, (size_t)n);
}

/*
 * "By AUTHOR · PUBLISHER · 18 June 2024 · Updated 20 June 2024": each
 * part only when the article has it, the update only with updated and
 * when it fell on a later day (UTC) than the publication.
 */
static void
gemtext_byline(struct buf *b, const struct article *a,
    const struct labels *l, int updated)
{
	if (gemtext_set(a->a_author)) {
		buf_printf(b, "%s ", l->l_by);
		gemtext_text(b, a->a_author, 0);
		buf_puts(b, " · ");
	}
	if (gemtext_set(a->a_publisher)) {
		gemtext_text(b, a->a_publisher, 0);
		buf_puts(b, " · ");
	}
	gemtext_day(b, l, a->a_date);
	if (updated && a->a_updated != 0 &&
	    a->a_updated / 86400 != a->a_date / 86400) {
		buf_printf(b, " · %s ", l->l_updated);
		gemtext_day(b, l, a->a_updated);
	}
	buf_putc(b, '\n');
}

/* The link to a language's page, with its name and count. */
static void
gemtext_lang_link(struct buf *b, const struct render_lang *rl)
{
	gemtext_path(b, ROUTE_LANG, rl->rl_code);
	buf_putc(b, ' ');
	if (labels_known(rl->rl_code))
		buf_puts(b, labels_get(rl->rl_code, NULL)->l_name);
	else
		gemtext_text(b, rl->rl_code, 0);
	buf_printf(b, " (%zu)\n", rl->rl_count);
}

static void
gemtext_lead(struct buf *b, const struct article *a, const struct labels *l)
{
	gemtext_heading(b, "## ", a->a_title);
	if (gemtext_set(a->a_summary))
		gemtext_para(b, a->a_summary);
	gemtext_byline(b, a, l, 0);
	gemtext_article_url(b, a);
	buf_printf(b, " %s\n\n", l->l_read);
}

int
gemtext_front(struct buf *b, const struct render_site *site,
    const struct render_front *rf)
{
	const struct labels *l = labels_get(site->rs_lang, NULL);
	const struct render_section *sec;
	size_t i, j;

	gemtext_heading(b, "# ", site->rs_title);
	if (gemtext_set(site->rs_description)) {
		gemtext_para(b, site->rs_description);
		buf_putc(b, '\n');
	}
	if (rf->rf_lead != NULL)
		gemtext_lead(b, rf->rf_lead, l);
	if (rf->rf_nsections > 0)
		buf_printf(b, "## %s\n\n", l->l_sections);
	for (i = 0; i < rf->rf_nsections; i++) {
		sec = &rf->rf_sections[i];
		buf_puts(b, "### ");
		gemtext_text(b, sec->rc_tag, 0);
		buf_putc(b, '\n');
		for (j = 0; j < sec->rc_n; j++)
			gemtext_headline(b, sec->rc_arts[j]);
		gemtext_path(b, ROUTE_TAG, sec->rc_tag);
		buf_printf(b, " %s ", l->l_more_in);
		gemtext_text(b, sec->rc_tag, 0);
		buf_puts(b, "\n\n");
	}
	buf_printf(b, "## %s\n", l->l_latest);
	if (rf->rf_nlatest == 0)
		buf_printf(b, "%s\n", l->l_none);
	gemtext_entries(b, rf->rf_latest, rf->rf_nlatest);
	buf_printf(b, "\n## %s\n", l->l_browse);
	gemtext_link(b, ROUTE_TAGS, NULL, l->l_tags);
	gemtext_link(b, ROUTE_ARCHIVE, NULL, l->l_archive);
	gemtext_link(b, ROUTE_SEARCH, NULL, l->l_search);
	gemtext_link(b, ROUTE_FEED, NULL, l->l_feed);
	for (i = 0; i < rf->rf_npages; i++) {
		const char *pg = rf->rf_pages[i];

		gemtext_path(b, ROUTE_PAGE, pg);
		buf_putc(b, ' ');
		if (islower((unsigned char)pg[0])) {
			buf_putc(b, (char)toupper((unsigned char)pg[0]));
			gemtext_text(b, pg + 1, 0);
		} else
			gemtext_text(b, pg, 0);
		buf_putc(b, '\n');
	}
	if (rf->rf_nlangs > 1) {
		buf_printf(b, "\n## %s\n", l->l_languages);
		for (i = 0; i < rf->rf_nlangs; i++)
			gemtext_lang_link(b, &rf->rf_langs[i]);
	}
	if (gemtext_set(site->rs_copyright)) {
		buf_putc(b, '\n');
		gemtext_para(b, site->rs_copyright);
	}
	return buf_ok(b);
}

int
gemtext_lang(struct buf *b, const struct render_site *site, const char *code,
    const struct article *const *arts, size_t n)
{
	const struct labels *l = labels_get(code, site->rs_lang);

	buf_puts(b, "# ");
	gemtext_text(b, site->rs_title, 0);
	buf_puts(b, " · ");
	if (labels_known(code))
		buf_puts(b, l->l_lang_title);
	else
		gemtext_text(b, code, 0);
	buf_puts(b, "\n\n");
	if (n == 0)
		buf_printf(b, "%s\n", l->l_none);
	gemtext_entries(b, arts, n);
	buf_putc(b, '\n');
	gemtext_path(b, ROUTE_LANG_FEED, code);
	buf_printf(b, " %s\n", l->l_feed);
	gemtext_link(b, ROUTE_SEARCH, NULL, l->l_search);
	gemtext_footer(b, site, site->rs_copyright);
	return buf_ok(b);
}

/*
 * The image: a blank line before it (the byline stays apart), the link
 * labelled with the alt text (what a reader who cannot see it needs),
 * else the caption, else "Image"; then the caption and the credit as a
 * line of text when they say more.
 */
static void
gemtext_image(struct buf *b, const struct article *a, const struct labels *l)
{
	const char *label = l->l_image;
	int cap = gemtext_set(a->a_image_caption);

	if (gemtext_set(a->a_image_alt))
		label = a->a_image_alt;
	else if (cap) {
		label = a->a_image_caption;
		cap = 0;
	}
	buf_putc(b, '\n');
	/* Validated: either a path under media/ or an absolute URL. */
	if (strncmp(a->a_image, "media/", 6) == 0) {
		gemtext_path(b, ROUTE_MEDIA, NULL);
		gemtext_url(b, a->a_image + 6);
	} else {
		buf_puts(b, "=> ");
		gemtext_url(b, a->a_image);
	}
	buf_putc(b, ' ');
	gemtext_text(b, label, 0);
	buf_putc(b, '\n');
	if (cap || gemtext_set(a->a_image_credit)) {
		if (cap)
			gemtext_text(b, a->a_image_caption, 1);
		if (cap && gemtext_set(a->a_image_credit))
			buf_putc(b, ' ');
		if (gemtext_set(a->a_image_credit)) {
			buf_putc(b, '(');
			gemtext_text(b, a->a_image_credit, 0);
			buf_putc(b, ')');
		}
		buf_putc(b, '\n');
	}
}

/* The stored gemtext as it is, closed so that what follows stays gemtext. */
static void
gemtext_body(struct buf *b, const char *body, size_t len)
{
	const char *p = body, *end = body + len, *eol;
	int pre = 0;

	buf_add(b, body, len);
	if (body[len - 1] != '\n')
		buf_putc(b, '\n');
	for (; p < end; p = eol + 1) {
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			eol = end;
		if ((size_t)(eol - p) >= 3 && memcmp(p, "```", 3) == 0)
			pre = !pre;
	}
	if (pre)
		buf_puts(b, "```\n");
	buf_putc(b, '\n');
}

/* See gemtext.h: the Source line of both article forms. */
int
gemtext_body_links(const char *body, size_t len, const char *url)
{
	const char *p = body, *end = body + len, *eol, *u;
	size_t ulen = strlen(url), n;
	int pre = 0;

	for (; p < end; p = eol + 1) {
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			eol = end;
		if ((size_t)(eol - p) >= 3 && memcmp(p, "```", 3) == 0)
			pre = !pre;
		if (pre || eol - p < 2 || p[0] != '=' || p[1] != '>')
			continue;
		for (u = p + 2; u < eol && (*u == ' ' || *u == '\t'); u++)
			;
		for (n = 0; u + n < eol && u[n] != ' ' && u[n] != '\t'; n++)
			;
		if (n == ulen && memcmp(u, url, n) == 0)
			return 1;
	}
	return 0;
}

/* The host of an absolute URL, for a Source link without a Publisher. */
static void
gemtext_host(struct buf *b, const char *url)
{
	const char *h = strstr(url, "://");
	size_t n;

	if (h == NULL) {
		gemtext_text(b, url, 0);
		return;
	}
	h += 3;
	n = strcspn(h, "/?#");
	buf_add(b, h, n);
}

/* A query for /search: every byte but RFC 3986's unreserved escaped. */
static void
gemtext_query(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
			buf_putc(b, (char)c);
		else
			buf_printf(b, "%%%02X", c);
	}
}

/*
 * The Related: headlines: a link to the article when the store holds
 * it, else to a search for the headline.
 */
static void
gemtext_headlines(struct buf *b, const struct render_headline *h, size_t n,
    const struct labels *l)
{
	size_t i;

	buf_printf(b, "## %s\n", l->l_see_also);
	for (i = 0; i < n; i++) {
		if (h[i].rh_art != NULL) {
			gemtext_article_url(b, h[i].rh_art);
			buf_putc(b, ' ');
		} else {
			gemtext_path(b, ROUTE_SEARCH, NULL);
			buf_putc(b, '?');
			gemtext_query(b, h[i].rh_text);
			buf_printf(b, " %s%s", l->l_search_for, l->l_colon);
		}
		gemtext_text(b, h[i].rh_text, 0);
		buf_putc(b, '\n');
	}
	buf_putc(b, '\n');
}

/* "=> /articles/SLUG ← Previous in TAG: Headline". */
static void
gemtext_step(struct buf *b, const struct article *a, const char *arrow,
    const struct labels *l, const char *word, const char *tag)
{
	gemtext_article_url(b, a);
	buf_printf(b, " %s %s %s ", arrow, word, l->l_in);
	gemtext_text(b, tag, 0);
	buf_puts(b, l->l_colon);
	gemtext_text(b, a->a_title, 0);
	buf_putc(b, '\n');
}

/*
 * Where a reader goes next: previous and next in the first tag, the
 * article's month in the archive, search, the front page.
 */
static void
gemtext_onward(struct buf *b, const struct render_site *site,
    const struct render_article *ra, const struct labels *l)
{
	const struct article *a = ra->ra_art;
	int y, m;

	buf_printf(b, "## %s\n", l->l_more);
	if (ra->ra_prev != NULL)
		gemtext_step(b, ra->ra_prev, "←", l, l->l_previous,
		    ra->ra_tag);
	if (ra->ra_next != NULL)
		gemtext_step(b, ra->ra_next, "→", l, l->l_next,
		    ra->ra_tag);
	article_date_split(a->a_date, &y, &m, NULL);
	buf_puts(b, "=> ");
	route_path_month(b, y, m);
	buf_printf(b, " %s%s%s %d\n", l->l_archive, l->l_colon,
	    l->l_months[m - 1], y);
	gemtext_link(b, ROUTE_SEARCH, NULL, l->l_search);
	gemtext_path(b, ROUTE_FRONT, NULL);
	buf_printf(b, " %s%s", l->l_front, l->l_colon);
	gemtext_text(b, site->rs_title, 0);
	buf_putc(b, '\n');
}

int
gemtext_article(struct buf *b, const struct render_site *site,
    const struct render_article *ra)
{
	const struct article *a = ra->ra_art;
	const struct labels *l = labels_get(a->a_lang, site->rs_lang);
	const char *copyright;
	size_t i;

	gemtext_heading(b, "# ", a->a_title);
	if (gemtext_set(a->a_summary)) {
		gemtext_para(b, a->a_summary);
		buf_putc(b, '\n');
	}
	gemtext_byline(b, a, l, 1);
	if (gemtext_set(a->a_source) && (a->a_body == NULL ||
	    !gemtext_body_links(a->a_body, a->a_bodylen, a->a_source))) {
		buf_puts(b, "=> ");
		gemtext_url(b, a->a_source);
		buf_printf(b, " %s%s", l->l_source, l->l_colon);
		if (gemtext_set(a->a_publisher))
			gemtext_text(b, a->a_publisher, 0);
		else
			gemtext_host(b, a->a_source);
		buf_putc(b, '\n');
	}
	if (gemtext_set(a->a_image))
		gemtext_image(b, a, l);
	buf_putc(b, '\n');
	if (a->a_body != NULL && a->a_bodylen > 0)
		gemtext_body(b, a->a_body, a->a_bodylen);
	if (a->a_ntags > 0) {
		buf_printf(b, "## %s\n", l->l_tags);
		for (i = 0; i < a->a_ntags; i++)
			gemtext_link(b, ROUTE_TAG, a->a_tags[i], a->a_tags[i]);
		buf_putc(b, '\n');
	}
	if (ra->ra_nheadlines > 0)
		gemtext_headlines(b, ra->ra_headlines, ra->ra_nheadlines, l);
	if (ra->ra_nrelated > 0) {
		buf_printf(b, "## %s\n", l->l_related);
		gemtext_entries(b, ra->ra_related, ra->ra_nrelated);
		buf_putc(b, '\n');
	}
	gemtext_onward(b, site, ra, l);
	copyright = gemtext_set(a->a_copyright) ? a->a_copyright :
	    site->rs_copyright;
	if (gemtext_set(copyright))
		gemtext_para(b, copyright);
	return buf_ok(b);
}

int
gemtext_tags(struct buf *b, const struct render_site *site,
    const struct render_tag *tags, size_t n)
{
	size_t i;

	buf_puts(b, "# Tags\n\n");
	if (n == 0)
		buf_puts(b, "No article has a tag yet.\n");
	for (i = 0; i < n; i++) {
		gemtext_path(b, ROUTE_TAG, tags[i].rt_name);
		buf_putc(b, ' ');
		gemtext_text(b, tags[i].rt_name, 0);
		buf_printf(b, " (%zu)\n", tags[i].rt_count);
	}
	buf_putc(b, '\n');
	gemtext_footer(b, site, site->rs_copyright);
	return buf_ok(b);
}

int
gemtext_tag(struct buf *b, const struct render_site *site, const char *tag,
    const struct article *const *arts, size_t n)
{
	gemtext_heading(b, "# Articles tagged ", tag);
	if (n == 0) {
		buf_puts(b, "No articles are tagged ");
		gemtext_text(b, tag, 0);
		buf_puts(b, ".\n");
	}
	gemtext_entries(b, arts, n);
	buf_putc(b, '\n');
	gemtext_path(b, ROUTE_TAG_FEED, tag);
	buf_puts(b, " Atom feed for ");
	gemtext_text(b, tag, 0);
	buf_putc(b, '\n');
	gemtext_link(b, ROUTE_TAGS, NULL, "All tags");
	gemtext_footer(b, site, site->rs_copyright);
	return buf_ok(b);
}

int
gemtext_authors(struct buf *b, const struct render_site *site,
    const struct render_author *authors, size_t n)
{
	size_t i;

	buf_puts(b, "# Authors\n\n");
	if (n == 0)
		buf_puts(b, "No article has a byline yet.\n");
	for (i = 0; i < n; i++) {
		gemtext_path(b, ROUTE_AUTHOR, authors[i].rw_slug);
		buf_putc(b, ' ');
		gemtext_text(b, authors[i].rw_name, 0);
		buf_printf(b, " (%zu)\n", authors[i].rw_count);
	}
	buf_putc(b, '\n');
	gemtext_footer(b, site, site->rs_copyright);
	return buf_ok(b);
}

int
gemtext_author(struct buf *b, const struct render_site *site,
    const char *name, const struct article *const *arts, size_t n)
{
	gemtext_heading(b, "# Articles by ", name);
	if (n == 0) {
		buf_puts(b, "No articles by ");
		gemtext_text(b, name, 0);
		buf_puts(b, ".\n");
	}
	gemtext_entries(b, arts, n);
	buf_putc(b, '\n');
	gemtext_link(b, ROUTE_AUTHORS, NULL, "All authors");
	gemtext_footer(b, site, site->rs_copyright);
	return buf_ok(b);
}

int
gemtext_archive(struct buf *b, const struct render_site *site,
    const struct render_month *months, size_t n)
{
	size_t i;

	buf_puts(b, "# Archive\n\n");
	if (n == 0)
		buf_puts(b, "The archive is empty.\n");
	for (i = 0; i < n; i++) {
		buf_puts(b, "=> ");
		route_path_month(b, months[i].rm_year, months[i].rm_month);
		buf_putc(b, ' ');
		gemtext_month_name(b, months[i].rm_year, months[i].rm_month);
		buf_printf(b, " (%zu)\n", months[i].rm_count);
	}
	buf_putc(b, '\n');
	gemtext_footer(b, site, site->rs_copyright);
	return buf_ok(b);
}

int
gemtext_month(struct buf *b, const struct render_site *site, int year,
    int month, const struct article *const *arts, size_t n)
{
	buf_puts(b, "# ");
	gemtext_month_name(b, year, month);
	buf_puts(b, "\n\n");
	if (n == 0) {
		buf_puts(b, "No articles were published in ");
		gemtext_month_name(b, year, month);
		buf_puts(b, ".\n");
	}
	gemtext_entries(b, arts, n);
	buf_putc(b, '\n');
	gemtext_link(b, ROUTE_ARCHIVE, NULL, "Archive");
	gemtext_footer(b, site, site->rs_copyright);
	return buf_ok(b);
}

int
gemtext_search(struct buf *b, const struct render_site *site,
    const char *query, const struct render_hit *hits, size_t n)
{
	size_t i;

	gemtext_heading(b, "# Search results for: ", query);
	if (n == 0) {
		buf_puts(b, "No articles match ");
		gemtext_text(b, query, 0);
		buf_puts(b, ".\n\n");
	}
	for (i = 0; i < n; i++) {
		gemtext_entry(b, hits[i].rh_art);
		if (gemtext_set(hits[i].rh_snippet))
			gemtext_para(b, hits[i].rh_snippet);
		buf_putc(b, '\n');
	}
	gemtext_link(b, ROUTE_SEARCH, NULL, "Search again");
	gemtext_footer(b, site, site->rs_copyright);
	return buf_ok(b);
}
