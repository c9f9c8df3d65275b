/*
 * feed: see feed.h.  A pure module: libc, buf, article and utf8 only.
 *
 * Choices RFC 4287 leaves open:
 *
 * - The feed's id is "tag:HOST,2000:SELF" (RFC 4151).  Its date is fixed
 *   rather than taken from the oldest entry: a feed shows only the newest
 *   articles, and an id that moved whenever the oldest one dropped out
 *   would make readers see a new feed.
 * - The feed carries the site as its author, so an empty feed is valid
 *   too (section 4.1.1); every entry also names its own, the article's
 *   Author or else the site.
 * - The alternate link of "/tags/TAG/atom.xml" is "/tags/TAG/", that of
 *   "/lang/CODE/atom.xml" "/lang/CODE/", that of any other feed the
 *   front page.
 * - An entry whose Lang differs from the site's says so in xml:lang; one
 *   with its own Copyright has its own <rights>.
 * - No <content>: the entry links to the article, which is gemtext, a
 *   type Atom readers could not show anyway.
 * - The gopher form links to the article card ("/1/articles/SLUG"), the
 *   menu a gopher reader opens, and to the tag menu or front page.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "article.h"
#include "buf.h"
#include "feed.h"
#include "render.h"
#include "route.h"
#include "utf8.h"

#define FEED_ID_YEAR	2000

/*
 * XML 1.0 character data, fit for an attribute too: markup characters as
 * entities, TAB, LF and CR as character references (an attribute would
 * turn them into spaces), characters XML 1.0 forbids (section 2.2) left
 * out, and a stray byte as U+FFFD.
 */
void
feed_esc(struct buf *b, const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		if ((n = utf8_decode(s + i, len - i, &cp)) == 0) {
			buf_puts(b, "\xef\xbf\xbd");
			i++;
			continue;
		}
		switch (cp) {
		case '&':
			buf_puts(b, "&amp;");
			break;
		case '<':
			buf_puts(b, "&lt;");
			break;
		case '>':
			buf_puts(b, "&gt;");
			break;
		case '"':
			buf_puts(b, "&quot;");
			break;
		case '\'':
			buf_puts(b, "&apos;");
			break;
		case '\t':
		case '\n':
		case '\r':
			buf_printf(b, "&#%u;", (unsigned)cp);
			break;
		default:
			if (cp >= 0x20 && cp != 0xfffe && cp != 0xffff)
				buf_add(b, s + i, n);
		}
		i += n;
	}
}

static void
feed_str(struct buf *b, const char *s)
{
	feed_esc(b, s, strlen(s));
}

/* <name>s</name> on a line of its own, indented by ind. */
static void
feed_elem(struct buf *b, const char *ind, const char *name, const char *s)
{
	buf_printf(b, "%s<%s>", ind, name);
	feed_str(b, s);
	buf_printf(b, "</%s>\n", name);
}

static void
feed_date(struct buf *b, const char *ind, const char *name, int64_t t)
{
	char date[ARTICLE_DATE_LEN + 1];

	article_date_format(t, date);
	feed_elem(b, ind, name, date);
}

static int64_t
feed_updated(const struct article *a)
{
	return a->a_updated != 0 ? a->a_updated : a->a_date;
}

/* Host names are case-insensitive and tag URIs are not: one spelling. */
static void
feed_lower_host(char *id)
{
	for (id += 4; *id != '\0' && *id != ','; id++)
		*id = (char)tolower((unsigned char)*id);
}

static const char *
feed_host(const struct render_site *rs)
{
	return rs->rs_hostname != NULL ? rs->rs_hostname : "localhost";
}

void
feed_entry_id(const struct render_site *rs, const struct article *a,
    char *out, size_t outsz)
{
	const char *slug, *prev;
	char path[512];
	struct route r;
	size_t slen, n;
	int year, month, day;

	if (outsz == 0)
		return;
	slug = a->a_slug != NULL ? a->a_slug : "";
	slen = strlen(slug);
	/* By convention the oldest slug comes first: the one the id began with. */
	if ((prev = article_get(a, "Previous-Slugs")) != NULL) {
		prev += strspn(prev, ", \t");
		if ((n = strcspn(prev, ", \t")) > 0) {
			slug = prev;
			slen = n;
		}
	}
	article_date_split(a->a_date, &year, &month, &day);
	if (year < 0 || year > 9999)
		year = 0;
	memset(&r, 0, sizeof(r));
	r.r_kind = ROUTE_ARTICLE;
	r.r_arg = slug;
	r.r_arglen = slen;
	if (route_format(path, sizeof(path), &r) == -1)
		*path = '\0';
	snprintf(out, outsz, "tag:%s,%04d-%02d-%02d:%s", feed_host(rs), year,
	    month, day, path);
	feed_lower_host(out);
}

/*
 * The page a feed stands for: "/tags/TAG/" for "/tags/TAG/atom.xml",
 * "/lang/CODE/" for "/lang/CODE/atom.xml", else the front page.
 */
static void
feed_alternate(struct buf *b, const char *base, size_t baselen,
    const char *self, int gopher)
{
	char path[512];
	struct route r;

	feed_esc(b, base, baselen);
	if (gopher)
		buf_puts(b, "/1");
	route_match(self, &r);
	if (r.r_kind == ROUTE_TAG_FEED)
		r.r_kind = ROUTE_TAG;
	else if (r.r_kind == ROUTE_LANG_FEED)
		r.r_kind = ROUTE_LANG;
	else
		route_set(&r, ROUTE_FRONT, NULL);
	if (route_format(path, sizeof(path), &r) == -1)
		route_format(path, sizeof(path), route_set(&r, ROUTE_FRONT,
		    NULL));
	feed_esc(b, path, strlen(path));
}

static void
feed_entry(struct buf *b, const struct render_site *rs, const char *base,
    size_t baselen, const char *author, const struct article *a, int gopher)
{
	char id[512], path[512];
	struct route r;
	size_t i;

	buf_puts(b, "  <entry");
	if (a->a_lang != NULL && (rs->rs_lang == NULL ||
	    strcmp(a->a_lang, rs->rs_lang) != 0)) {
		buf_puts(b, " xml:lang=\"");
		feed_str(b, a->a_lang);
		buf_putc(b, '"');
	}
	buf_puts(b, ">\n");
	feed_elem(b, "    ", "title", a->a_title != NULL ? a->a_title : "");
	buf_puts(b, "    <link rel=\"alternate\" href=\"");
	feed_esc(b, base, baselen);
	if (gopher)
		buf_puts(b, "/1");
	if (route_format(path, sizeof(path), route_set(&r, ROUTE_ARTICLE,
	    a->a_slug)) != -1)
		feed_str(b, path);
	buf_puts(b, gopher ? "\"/>\n" : "\" type=\"text/gemini\"/>\n");
	feed_entry_id(rs, a, id, sizeof(id));
	feed_elem(b, "    ", "id", id);
	feed_date(b, "    ", "published", a->a_date);
	feed_date(b, "    ", "updated", feed_updated(a));
	buf_puts(b, "    <author>\n");
	feed_elem(b, "      ", "name", a->a_author != NULL &&
	    *a->a_author != '\0' ? a->a_author : author);
	buf_puts(b, "    </author>\n");
	for (i = 0; i < a->a_ntags; i++) {
		buf_puts(b, "    <category term=\"");
		feed_str(b, a->a_tags[i]);
		buf_puts(b, "\"/>\n");
	}
	if (a->a_summary != NULL && *a->a_summary != '\0')
		feed_elem(b, "    ", "summary", a->a_summary);
	if (a->a_copyright != NULL && *a->a_copyright != '\0')
		feed_elem(b, "    ", "rights", a->a_copyright);
	buf_puts(b, "  </entry>\n");
}

static int
feed_write(struct buf *b, const struct render_site *rs, const char *base,
    const char *self, const char *title, const struct article *const *arts,
    size_t n, int gopher)
{
	const char *site;
	char id[512], feed_self[32];
	struct route r;
	size_t baselen, i;
	int64_t updated;

	if (self == NULL) {
		route_format(feed_self, sizeof(feed_self), route_set(&r,
		    ROUTE_FEED, NULL));
		self = feed_self;
	}
	site = rs->rs_title != NULL && *rs->rs_title != '\0' ? rs->rs_title :
	    rs->rs_hostname != NULL ? rs->rs_hostname : "";
	if (title == NULL)
		title = site;
	/* "gemini://host/" would give "gemini://host//articles/x". */
	for (baselen = strlen(base); baselen > 0 && base[baselen - 1] == '/';
	    baselen--)
		;
	updated = n > 0 ? feed_updated(arts[0]) : 0;
	for (i = 1; i < n; i++)
		if (feed_updated(arts[i]) > updated)
			updated = feed_updated(arts[i]);

	buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\"");
	if (rs->rs_lang != NULL && *rs->rs_lang != '\0') {
		buf_puts(b, " xml:lang=\"");
		feed_str(b, rs->rs_lang);
		buf_putc(b, '"');
	}
	buf_puts(b, ">\n");
	feed_elem(b, "  ", "title", title);
	if (rs->rs_description != NULL && *rs->rs_description != '\0')
		feed_elem(b, "  ", "subtitle", rs->rs_description);
	buf_puts(b, "  <link rel=\"self\" href=\"");
	feed_esc(b, base, baselen);
	if (gopher)
		buf_puts(b, "/0");
	feed_str(b, self);
	buf_puts(b, "\" type=\"application/atom+xml\"/>\n"
	    "  <link rel=\"alternate\" href=\"");
	feed_alternate(b, base, baselen, self, gopher);
	buf_puts(b, gopher ? "\"/>\n" : "\" type=\"text/gemini\"/>\n");
	snprintf(id, sizeof(id), "tag:%s,%d:%s", feed_host(rs), FEED_ID_YEAR,
	    self);
	feed_lower_host(id);
	feed_elem(b, "  ", "id", id);
	feed_date(b, "  ", "updated", updated);
	buf_puts(b, "  <author>\n");
	feed_elem(b, "    ", "name", site);
	buf_puts(b, "  </author>\n");
	feed_elem(b, "  ", "generator", "capsule");
	if (rs->rs_copyright != NULL && *rs->rs_copyright != '\0')
		feed_elem(b, "  ", "rights", rs->rs_copyright);
	for (i = 0; i < n; i++)
		feed_entry(b, rs, base, baselen, site, arts[i], gopher);
	buf_puts(b, "</feed>\n");
	return buf_ok(b);
}

int
feed_atom(struct buf *b, const struct render_site *rs, const char *base,
    const char *self, const char *title, const struct article *const *arts,
    size_t n)
{
	return feed_write(b, rs, base, self, title, arts, n, 0);
}

int
feed_atom_gopher(struct buf *b, const struct render_site *rs,
    const char *base, const char *self, const char *title,
    const struct article *const *arts, size_t n)
{
	return feed_write(b, rs, base, self, title, arts, n, 1);
}
