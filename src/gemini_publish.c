/*
 * gemini_publish: the publishers' zone, gemini://HOST/publish/ (issue
 * #12): who you are, the drafts and the latest articles, each with a
 * preview (drafts included), its source as text/plain to copy into an
 * editor, and its titan:// link, which Lagrange opens as an upload
 * dialog; and the link to upload a new article.
 *
 * Only for a publisher's certificate (60 without one, 61 with another,
 * 62 outside its dates), and only with Titan on: without a writer there
 * is nothing to publish with, and /publish/ is not found as before.  The
 * zone is Gemini's alone: route.c has no kind for it, so Gopher, feeds
 * and search never list it, and robots.txt disallows it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "buf.h"
#include "conn.h"
#include "gemini.h"
#include "gemtext.h"
#include "publishers.h"
#include "render.h"
#include "snapshot.h"
#include "store.h"
#include "tls.h"
#include "upload.h"

#define PUBLISH_LATEST	20	/* published articles listed */

static void
publish_reply(struct conn *c, const char *status, const char *meta,
    const char *fp)
{
	buf_truncate(&c->c_dyn, 0);
	if (fp != NULL)
		buf_printf(&c->c_dyn, "%s %s: %s\r\n", status, meta, fp);
	else
		buf_printf(&c->c_dyn, "%s %s\r\n", status, meta);
	conn_send_dyn(c, status);
}

/* The value of header name in a, or NULL. */
static const char *
publish_header(const struct article *a, const char *name)
{
	size_t i;

	for (i = 0; i < a->a_nhdr; i++)
		if (strcmp(a->a_hdr[i].h_name, name) == 0)
			return a->a_hdr[i].h_value;
	return NULL;
}

/* One article's three links: preview, source, upload. */
static void
publish_item(struct buf *b, const char *tbase, const struct article *a)
{
	char day[ARTICLE_DAY_LEN + 1];

	article_day_format(a->a_date, day);
	buf_printf(b, "=> /publish/preview/%s %s (%s%s)\n", a->a_slug,
	    a->a_title, a->a_draft ? "draft, " : "", day);
	buf_printf(b, "=> /publish/source/%s Its source, to copy\n",
	    a->a_slug);
	buf_printf(b, "=> %s/articles/%s Replace it by Titan\n", tbase,
	    a->a_slug);
}

static void
publish_index(struct conn *c, const struct publisher *p)
{
	const struct store *s = c->c_snap->sn_store;
	struct buf *b = &c->c_dyn;
	const struct article *a;
	const char *by;
	char tbase[UPLOAD_BASE_MAX];
	size_t i, n;

	/* gemini://host[:port] -> titan://host[:port] */
	snprintf(tbase, sizeof(tbase), "titan%s",
	    c->c_snap->sn_base + strlen("gemini"));
	buf_truncate(b, 0);
	gemtext_status(b, GEMTEXT_MIME, c->c_snap->sn_site.rs_lang);
	buf_printf(b, "# Publishing on %s\n\n", c->c_snap->sn_site.rs_title);
	buf_printf(b, "You are %s, %s, with the certificate %s.\n\n",
	    p->p_name, publishers_role_name(p->p_role), p->p_fp);
	buf_printf(b, "=> %s/articles/ Upload a new article (text/gemini, "
	    "text/plain or text/markdown)\n", tbase);
	buf_printf(b, "\n## %s\n\n", p->p_role == PUBLISHERS_EDITOR ?
	    "Drafts" : "Your drafts");
	for (i = n = 0; i < s->s_narts; i++) {
		a = s->s_bydate[i];
		if (!a->a_draft)
			continue;
		by = publish_header(a, "Filed-By");
		if (p->p_role != PUBLISHERS_EDITOR &&
		    (by == NULL || strcmp(by, p->p_name) != 0))
			continue;
		publish_item(b, tbase, a);
		n++;
	}
	if (n == 0)
		buf_puts(b, "None.\n");
	buf_puts(b, "\n## Latest articles\n\n");
	for (i = 0; i < s->s_npub && i < PUBLISH_LATEST; i++)
		publish_item(b, tbase, s->s_pub[i]);
	if (s->s_npub == 0)
		buf_puts(b, "None.\n");
	conn_send_dyn(c, "20");
}

static void
publish_preview(struct conn *c, const struct article *a)
{
	struct render_article ra;

	memset(&ra, 0, sizeof(ra));
	ra.ra_art = a;
	buf_truncate(&c->c_dyn, 0);
	gemtext_status(&c->c_dyn, GEMTEXT_MIME, a->a_lang != NULL ?
	    a->a_lang : c->c_snap->sn_site.rs_lang);
	if (a->a_draft)
		buf_puts(&c->c_dyn, "> A draft: readers do not see it yet.\n\n");
	gemtext_article(&c->c_dyn, &c->c_snap->sn_site, &ra);
	conn_send_dyn(c, "20");
}

static void
publish_source(struct conn *c, const struct article *a)
{
	char *text;
	size_t len;

	if ((text = article_serialise(a, &len)) == NULL) {
		publish_reply(c, "40", "Temporary failure", NULL);
		return;
	}
	buf_truncate(&c->c_dyn, 0);
	buf_puts(&c->c_dyn, "20 text/plain; charset=utf-8\r\n");
	buf_add(&c->c_dyn, text, len);
	free(text);
	conn_send_dyn(c, "20");
}

int
gemini_publish(struct conn *c, const char *path)
{
	struct publishers ps;
	const struct publisher *p;
	const struct article *a;
	struct tls_peer peer;
	const char *errstr, *slug = NULL;
	int r, kind;

	if (strncmp(path, "/publish", 8) != 0 ||
	    (path[8] != '\0' && path[8] != '/') || !upload_enabled())
		return 0;
	if (strcmp(path, "/publish") == 0 || strcmp(path, "/publish/") == 0)
		kind = 0;
	else if (strncmp(path, "/publish/preview/", 17) == 0) {
		kind = 1;
		slug = path + 17;
	} else if (strncmp(path, "/publish/source/", 16) == 0) {
		kind = 2;
		slug = path + 16;
	} else {
		publish_reply(c, "51", "Not found", NULL);
		return 1;
	}
	if (strcmp(path, "/publish") == 0) {
		buf_printf(&c->c_dyn, "31 %s/publish/\r\n", c->c_snap->sn_base);
		conn_send_dyn(c, "31");
		return 1;
	}
	if ((r = c->c_tls != NULL ? tls_peer(c->c_tls, &peer) : 0) == -1) {
		publish_reply(c, "40", "Temporary failure", NULL);
		return 1;
	}
	if (r == 0) {
		publish_reply(c, "60", "A publisher's client certificate is "
		    "needed here", NULL);
		return 1;
	}
	if (peer.tp_outside) {
		publish_reply(c, "62", "Certificate outside its validity dates",
		    peer.tp_fp);
		return 1;
	}
	if (upload_publishers(&ps, &errstr) == -1) {
		publish_reply(c, "40", errno == EACCES ? "capsuled may not read "
		    "the publishers file" : "The publishers file cannot be read",
		    NULL);
		return 1;
	}
	if ((p = publishers_lookup(&ps, peer.tp_fp)) == NULL)
		publish_reply(c, "61", "Not a publisher", peer.tp_fp);
	else if (kind == 0)
		publish_index(c, p);
	else if ((a = store_find(c->c_snap->sn_store, slug)) == NULL)
		publish_reply(c, "51", "Not found", NULL);
	else if (kind == 1)
		publish_preview(c, a);
	else
		publish_source(c, a);
	publishers_free(&ps);
	return 1;
}
