/*
 * ctl_warn: what add, import and edit say about the article they wrote
 * besides writing it: warnings that change nothing and say what to do
 * ("capsulectl: warning: ..."), and edit's line on what it did.  The
 * body's links into media/ are found here for check too.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "ctl.h"
#include "store.h"

/*
 * A media file past this is worth a word: a Gemini or Gopher reader on
 * a slow or metered link gets all of it before anything shows.
 */
#define CTL_MEDIA_LARGE	(5u << 20)

static void ctl_warn(const char *, ...) __attribute__((format(printf, 1, 2)));

static void
ctl_warn(const char *fmt, ...)
{
	va_list ap;

	fputs("capsulectl: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static int
ctl_hex(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/*
 * The store path ("media/NAME") that a link target names, into out:
 * "/media/NAME" as capsuled serves it, or "media/NAME" as an Image
 * header writes it; query and fragment cut, percent escapes decoded.
 * -1 for a target elsewhere, or one that climbs out with "..".
 */
static int
ctl_media_path(const char *t, size_t len, char *out, size_t size)
{
	size_t i, o = 0;
	int hi, lo;

	if (len > 0 && *t == '/') {
		t++;
		len--;
	}
	if (len <= 6 || strncmp(t, "media/", 6) != 0)
		return -1;
	for (i = 0; i < len && t[i] != '?' && t[i] != '#'; i++) {
		if (o + 1 >= size)
			return -1;
		if (t[i] == '%' && i + 2 < len &&
		    (hi = ctl_hex((unsigned char)t[i + 1])) != -1 &&
		    (lo = ctl_hex((unsigned char)t[i + 2])) != -1) {
			out[o++] = (char)(hi << 4 | lo);
			i += 2;
		} else
			out[o++] = t[i];
	}
	out[o] = '\0';
	if (o <= 6 || memchr(out, '\0', o) != NULL || strstr(out, "..") != NULL)
		return -1;
	return 0;
}

int
ctl_media_links(const struct article *a, ctl_media_fn fn, void *ctx)
{
	const char *p = a->a_body, *end = a->a_body + a->a_bodylen, *nl;
	const char *t, *te;
	char path[PATH_MAX];
	unsigned line = a->a_bodyline;
	int n = 0;

	for (; p != NULL && p < end; p = nl + 1, line++) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (nl - p < 2 || p[0] != '=' || p[1] != '>')
			continue;
		for (t = p + 2; t < nl && (*t == ' ' || *t == '\t'); t++)
			;
		for (te = t; te < nl && *te != ' ' && *te != '\t'; te++)
			;
		if (ctl_media_path(t, (size_t)(te - t), path,
		    sizeof(path)) == 0) {
			n++;
			fn(ctx, line, path);
		}
	}
	return n;
}

/*
 * What is wrong with the media file path names for a reader, or NULL;
 * *size gets its size when it is there.
 */
static const char *
ctl_media_problem(const struct ctl *c, const char *path, off_t *size)
{
	struct stat st;

	*size = 0;
	if (fstatat(c->c_dirfd, path, &st, AT_SYMLINK_NOFOLLOW) == -1)
		return errno == ENOENT ? "no such file in the store" :
		    strerror(errno);
	/* capsuled serves none but regular files from media/. */
	if (!S_ISREG(st.st_mode))
		return "not a regular file, which capsuled does not serve";
	*size = st.st_size;
	return NULL;
}

struct ctl_warn_ctx {
	const struct ctl	*wc_ctl;
	const char		*wc_where;	/* check: FILE for errors */
	unsigned		 wc_bad;
};

/* One media file an article names: missing, or large. */
static void
ctl_warn_media(const struct ctl *c, const char *what, const char *path)
{
	const char *why;
	off_t size;

	if ((why = ctl_media_problem(c, path, &size)) != NULL)
		ctl_warn("%s %s: %s; copy the file to %s/%s, or correct the "
		    "path", what, path, why, c->c_store, path);
	else if (size > CTL_MEDIA_LARGE)
		ctl_warn("%s %s: %.1f MiB; a reader gets all of it before "
		    "seeing anything: a copy under %u MiB serves better", what,
		    path, (double)size / (1 << 20), CTL_MEDIA_LARGE >> 20);
}

static void
ctl_warn_link(void *ctx, unsigned line, const char *path)
{
	struct ctl_warn_ctx *wc = ctx;

	(void)line;
	ctl_warn_media(wc->wc_ctl, "the link to", path);
}

/* The body and what it links to, for every writer. */
static void
ctl_warn_body(const struct ctl *c, const struct article *a)
{
	struct ctl_warn_ctx wc = { c, NULL, 0 };

	if (a->a_bodylen == strspn(a->a_body != NULL ? a->a_body : "",
	    " \t\r\n"))
		ctl_warn("the body is empty: readers get the headline alone; "
		    "add the text with capsulectl edit");
	if (a->a_image != NULL && strncmp(a->a_image, "media/", 6) == 0)
		ctl_warn_media(c, "Image", a->a_image);
	ctl_media_links(a, ctl_warn_link, &wc);
}

static void
ctl_silent(void *ctx, const char *path, unsigned line, int warning,
    const char *msg)
{
	(void)ctx;
	(void)path;
	(void)line;
	(void)warning;
	(void)msg;
}

/*
 * Another published article under the same headline (as store_find_title
 * matches them), not the one called self: readers could not tell them
 * apart in a list.  The store's own problems are check's to report.
 */
static void
ctl_warn_title(const struct ctl *c, const struct article *a,
    const char *self)
{
	const char *errpath, *errstr;
	struct article *other;
	struct store *s;
	unsigned line;

	if ((s = store_load(c->c_store, ctl_silent, NULL, &errpath, &line,
	    &errstr)) == NULL)
		return;
	if ((other = store_find_title(s, a->a_title)) != NULL &&
	    (self == NULL || strcmp(other->a_slug, self) != 0))
		ctl_warn("another article has this headline: %s; use rename "
		    "or --force", other->a_slug);
	store_free(s);
}

void
ctl_warn_new(struct ctl *c, const struct article *a)
{
	if (!c->c_args.ca_force)
		ctl_warn_title(c, a, NULL);
	ctl_warn_body(c, a);
}

void
ctl_warn_edit(struct ctl *c, const char *slug, const struct article *old,
    const struct article *new)
{
	char when[ARTICLE_DATE_LEN + 1];

	if (new->a_updated != old->a_updated && new->a_updated != 0) {
		article_date_format(new->a_updated, when);
		fprintf(stderr, "capsulectl: %s: saved; Updated set to %s\n",
		    slug, when);
	} else
		fprintf(stderr, "capsulectl: %s: saved; Updated unchanged%s\n",
		    slug, c->c_args.ca_minor ? " (--minor)" : new->a_draft ?
		    " (a draft)" : "");
	if (strcmp(old->a_title, new->a_title) != 0)
		ctl_warn_title(c, new, slug);
	ctl_warn_body(c, new);
}

static void
ctl_check_link(void *ctx, unsigned line, const char *path)
{
	struct ctl_warn_ctx *wc = ctx;
	char msg[PATH_MAX + 64];
	const char *why;
	off_t size;

	if ((why = ctl_media_problem(wc->wc_ctl, path, &size)) == NULL)
		return;
	snprintf(msg, sizeof(msg), "link to %s: %s", path, why);
	ctl_err_at(wc->wc_where, line, msg);
	wc->wc_bad++;
}

unsigned
ctl_check_media(const struct ctl *c, const struct article *a,
    const char *where)
{
	struct ctl_warn_ctx wc = { c, where, 0 };

	ctl_media_links(a, ctl_check_link, &wc);
	return wc.wc_bad;
}
