/*
 * ctl_read: the commands that change nothing: show, list, check, and
 * render (a page as capsuled would serve it).
 */
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "article.h"
#include "ctl.h"
#include "gemtext.h"
#include "mime.h"
#include "snapshot.h"
#include "store.h"

int
cmd_show(struct ctl *c, int argc, char **argv)
{
	size_t len;
	char *text;
	int rc;

	if ((rc = ctl_one_slug(argc, argv)) != -1)
		return rc;
	if (ctl_open(c) == -1 ||
	    ctl_read_article(c, argv[1], NULL, &text, &len) == -1)
		return CTL_ERR;
	fwrite(text, 1, len, stdout);
	free(text);
	return CTL_OK;
}

/* A JSON string (RFC 8259, section 7): quote, backslash and controls escaped. */
void
ctl_json_str(const char *s)
{
	putchar('"');
	for (; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			printf("\\%c", ch);
		else if (ch == '\n')
			fputs("\\n", stdout);
		else if (ch == '\t')
			fputs("\\t", stdout);
		else if (ch < 0x20)
			printf("\\u%04x", ch);
		else
			putchar(ch);
	}
	putchar('"');
}

void
ctl_json_field(const char *key, const char *value)
{
	printf(", \"%s\": ", key);
	if (value == NULL)
		fputs("null", stdout);
	else
		ctl_json_str(value);
}

/* One article as an object of list --json, after a comma unless first. */
static void
ctl_json_article(const struct article *a, int first)
{
	char date[32];
	size_t j;

	printf("%s\n  {\"slug\": ", first ? "" : ",");
	ctl_json_str(a->a_slug);
	ctl_json_field("title", a->a_title);
	article_date_format(a->a_date, date);
	ctl_json_field("date", date);
	if (a->a_updated != 0)
		article_date_format(a->a_updated, date);
	ctl_json_field("updated", a->a_updated ? date : NULL);
	ctl_json_field("author", a->a_author);
	ctl_json_field("summary", a->a_summary);
	ctl_json_field("status", a->a_draft ? "draft" : "published");
	fputs(", \"tags\": [", stdout);
	for (j = 0; j < a->a_ntags; j++) {
		if (j > 0)
			fputs(", ", stdout);
		ctl_json_str(a->a_tags[j]);
	}
	fputs("]}", stdout);
}

int
cmd_list(struct ctl *c, int argc, char **argv)
{
	const char *tag = c->c_args.ca_tag;
	int json = c->c_args.ca_json;
	struct store *s;
	char date[32];
	size_t i, j, shown = 0;

	(void)argv;
	if (argc != optind)
		return ctl_usage();
	if (ctl_open(c) == -1 || (s = ctl_load(c)) == NULL)
		return CTL_ERR;
	if (json)
		putchar('[');
	for (i = 0; i < s->s_narts; i++) {
		struct article *a = s->s_bydate[i];

		if (tag != NULL && !article_has_tag(a, tag))
			continue;
		if (json) {
			ctl_json_article(a, shown++ == 0);
			continue;
		}
		article_date_format(a->a_date, date);
		printf("%.10s  %-9s  %s  %s\n", date,
		    a->a_draft ? "draft" : "published", a->a_slug, a->a_title);
	}
	if (json)
		fputs(shown ? "\n]\n" : "]\n", stdout);
	j = s->s_nerrors;
	store_free(s);
	return j > 0 ? CTL_ERR : CTL_OK;
}

int
cmd_check(struct ctl *c, int argc, char **argv)
{
	struct store *s;
	struct stat st;
	size_t i;
	unsigned bad;

	if (argc == 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0))
		return ctl_help();
	if (argc != 1)
		return ctl_usage();
	if (ctl_open(c) == -1 || (s = ctl_load(c)) == NULL)
		return CTL_ERR;
	bad = s->s_nerrors;
	for (i = 0; i < s->s_narts; i++) {
		struct article *a = &s->s_arts[i];
		char where[PATH_MAX];

		if (a->a_image == NULL || strncmp(a->a_image, "media/", 6) != 0)
			continue;
		if (fstatat(c->c_dirfd, a->a_image, &st, 0) == 0 &&
		    S_ISREG(st.st_mode))
			continue;
		snprintf(where, sizeof(where), "%s/%s/%s.gmi", c->c_store,
		    STORE_ARTICLES, a->a_slug);
		ctl_err("%s: Image %s: no such file in the store", where,
		    a->a_image);
		bad++;
	}
	for (i = 0; i < s->s_narts; i++) {
		char where[PATH_MAX];

		snprintf(where, sizeof(where), "%s/%s/%s.gmi", c->c_store,
		    STORE_ARTICLES, s->s_arts[i].a_slug);
		bad += ctl_check_media(c, &s->s_arts[i], where);
	}
	printf("%s: %zu article%s (%zu published), %zu tag%s, %zu month%s; "
	    "%u with errors\n", c->c_store, s->s_narts, s->s_narts == 1 ? "" :
	    "s", s->s_npub, s->s_ntags, s->s_ntags == 1 ? "" : "s",
	    s->s_nmonths, s->s_nmonths == 1 ? "" : "s", bad);
	store_free(s);
	return bad > 0 ? CTL_ERR : CTL_OK;
}

/* The store as capsuled would serve it under sc, or NULL (said why). */
static struct snapshot *
ctl_render_snapshot(struct ctl *c, struct snap_conf *sc)
{
	const char *errpath, *errstr;
	struct snapshot *sn;
	unsigned line;
	char where[PATH_MAX];

	sc->sc_store = c->c_store;
	/* Media types as capsuled detects them, or gopher items would differ. */
	if (mime_init(&errstr) == -1) {
		ctl_err("%s", errstr);
		return NULL;
	}
	sn = snapshot_build(sc, NULL, ctl_report, c, &errpath, &line,
	    &errstr);
	mime_close();
	if (sn == NULL) {
		snprintf(where, sizeof(where), "%s%s%s", c->c_store,
		    errpath != NULL ? "/" : "", errpath != NULL ? errpath : "");
		ctl_err_at(where, line, errstr);
	}
	return sn;
}

int
cmd_render(struct ctl *c, int argc, char **argv)
{
	const struct ctl_args *ca = &c->c_args;
	const struct snap_page *page, *text = NULL;
	struct snap_conf sc = { NULL, "localhost", 1965, 70, 0, NULL };
	struct snapshot *sn;
	struct article *a;
	int form = ca->ca_form;
	int port = ca->ca_port != NULL ? atoi(ca->ca_port) : 0;
	int n = 0;
	char head[4096];

	if (argc - optind != 1 || form == 0 || port < 0 || port > 65535)
		return ctl_usage();
	sc.sc_gopher_ascii = ca->ca_ascii;
	if (ca->ca_host != NULL)
		sc.sc_host = ca->ca_host;
	if (port != 0 && form == 'G')
		sc.sc_gopher_port = port;
	else if (port != 0)
		sc.sc_gemini_port = port;
	if (ctl_open(c) == -1 || ctl_slug_check(argv[optind]) == -1)
		return CTL_ERR;
	if ((sn = ctl_render_snapshot(c, &sc)) == NULL)
		return CTL_ERR;
	/* Drafts too: render is how a publisher previews before publishing. */
	if ((a = store_find(sn->sn_store, argv[optind])) == NULL) {
		ctl_err("%s: no such article (or it failed to load)",
		    argv[optind]);
		snapshot_unref(sn);
		return CTL_ERR;
	}
	page = snapshot_article_page(sn, a, form == 't' ? ROUTE_ARTICLE_TXT :
	    ROUTE_ARTICLE, form == 'G' ? SNAP_GOPHER : SNAP_GEMINI);
	if (form == 'G')
		text = snapshot_article_page(sn, a, ROUTE_ARTICLE_TXT,
		    SNAP_GOPHER);
	if (page == NULL || (form == 'G' && text == NULL) || (form != 'G' &&
	    (n = gemtext_header(head, sizeof(head), page->sp_mime,
	    page->sp_lang)) == -1)) {
		ctl_err("%s", strerror(ENOMEM));
		snapshot_unref(sn);
		return CTL_ERR;
	}
	if (form != 'G')
		fwrite(head, 1, (size_t)n, stdout);
	fwrite(page->sp_data, 1, page->sp_len, stdout);
	if (text != NULL)
		fwrite(text->sp_data, 1, text->sp_len, stdout);
	snapshot_unref(sn);
	return CTL_OK;
}
