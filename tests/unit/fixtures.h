/*
 * fixtures.h: what several unit tests share, so that each lives once:
 * articles parsed from text (and two small ones the renderers' tests
 * link to), inputs copied to heap buffers of their exact length, and
 * temporary store directories.  Included after <cmocka.h>, by tests only.
 * The functions are static inline so that a test pays only for those it
 * calls: a pure module's test links no module it does not use.
 */
#ifndef CAPSULE_TEST_FIXTURES_H
#define CAPSULE_TEST_FIXTURES_H

#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "article.h"
#include "url.h"

/* Two articles the front pages and related links of the render tests use. */
static const char gopher_text[] =
    "Title: Gopher holes multiply\n"
    "Date: 2024-05-01T12:00:00Z\n"
    "\n"
    "Body.\n";

static const char solar_text[] =
    "Title: Solar server\n"
    "Date: 2024-04-02T23:59:59Z\n"
    "\n"
    "Body.\n";

/* a parsed from text, with slug (if not NULL); fails the test otherwise. */
static inline void
fix_article(struct article *a, const char *slug, const char *text)
{
	const char *errstr = NULL;
	unsigned line = 0;

	memset(a, 0, sizeof(*a));
	if (article_parse(a, text, strlen(text), &line, &errstr) != 0)
		fail_msg("line %u: %s", line, errstr);
	if (slug != NULL && (a->a_slug = strdup(slug)) == NULL)
		fail_msg("strdup");
}

/* s[0..len) in a heap buffer of exactly len bytes, no NUL after them. */
static inline char *
fix_dup_n(const char *s, size_t len)
{
	char *p;

	p = malloc(len > 0 ? len : 1);
	assert_non_null(p);
	memcpy(p, s, len);
	return p;
}

/*
 * parse (url_parse or request_parse) on a copy of s[0..len) as above:
 * 0, or -1 with an error and, as both promise, nothing left in u.
 */
static inline int
fix_parse_url(int (*parse)(const char *, size_t, struct url *,
    const char **), const char *s, size_t len, struct url *u,
    const char **errstr)
{
	char *buf = fix_dup_n(s, len);
	int rc;

	*errstr = NULL;
	rc = parse(buf, len, u, errstr);
	free(buf);
	if (rc == -1) {
		assert_non_null(*errstr);
		assert_null(u->u_scheme);
		assert_null(u->u_host);
		assert_null(u->u_path);
		assert_null(u->u_query);
	} else
		assert_int_equal(rc, 0);
	return rc;
}

/* dir/name holding text, created or replaced. */
static inline void
fix_put(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* A new directory from template (ending in XXXXXX) with articles/ in it. */
static inline int
fix_mkstore(char *template)
{
	char sub[512];

	if (mkdtemp(template) == NULL)
		return -1;
	snprintf(sub, sizeof(sub), "%s/articles", template);
	return mkdir(sub, 0755);
}

/* Removes path and, if it is a directory, everything under it. */
static inline void
fix_rmtree(const char *path)
{
	char sub[1024];
	struct stat st;
	struct dirent *e;
	DIR *d;

	if (lstat(path, &st) == -1)
		return;
	if (S_ISDIR(st.st_mode) && (d = opendir(path)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0)
				continue;
			if ((size_t)snprintf(sub, sizeof(sub), "%s/%s", path,
			    e->d_name) < sizeof(sub))
				fix_rmtree(sub);
		}
		closedir(d);
		rmdir(path);
	} else
		unlink(path);
}

#endif
