/*
 * store_files: see store_files.h.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mime.h"
#include "store_files.h"
#include "utf8.h"
#include "util.h"

static int
store_cmp_page(const void *x, const void *y)
{
	return strcmp(((const struct store_page *)x)->pg_name,
	    ((const struct store_page *)y)->pg_name);
}

static int
store_cmp_media(const void *x, const void *y)
{
	return strcmp(((const struct store_media *)x)->sm_path,
	    ((const struct store_media *)y)->sm_path);
}

const struct store_page *
store_files_page(const struct store_files *f, const char *name)
{
	struct store_page key;

	key.pg_name = (char *)name;
	if (f->sf_npages == 0)
		return NULL;
	return bsearch(&key, f->sf_pages, f->sf_npages, sizeof(*f->sf_pages),
	    store_cmp_page);
}

const struct store_media *
store_files_media(const struct store_files *f, const char *path)
{
	struct store_media key;

	key.sm_path = (char *)path;
	if (f->sf_nmedia == 0)
		return NULL;
	return bsearch(&key, f->sf_media, f->sf_nmedia, sizeof(*f->sf_media),
	    store_cmp_media);
}

/* Appends a page of its own name and text (taken over); -1: no memory. */
static int
store_add_page(struct store_files *f, const char *name, char *text, size_t len)
{
	struct store_page *np;

	if ((np = realloc(f->sf_pages, (f->sf_npages + 1) * sizeof(*np))) ==
	    NULL) {
		free(text);
		return -1;
	}
	f->sf_pages = np;
	np = &f->sf_pages[f->sf_npages];
	if ((np->pg_name = strdup(name)) == NULL) {
		free(text);
		return -1;
	}
	np->pg_text = text;
	np->pg_len = len;
	f->sf_npages++;
	return 0;
}

/*
 * A page settle says may be half-written: prev's version of it stands
 * in (copied), or it is left out when prev has none.
 */
static int
store_hold_page(struct store_files *f, const struct store_files *prev,
    const char *name)
{
	const struct store_page *old;
	char *text;

	f->sf_nheld++;
	if (prev == NULL || (old = store_files_page(prev, name)) == NULL)
		return 0;
	if ((text = malloc(old->pg_len + 1)) == NULL)
		return -1;
	memcpy(text, old->pg_text, old->pg_len + 1);
	return store_add_page(f, name, text, old->pg_len);
}

/*
 * One pages/NAME.gmi: 1 when it was read whole (text taken), 0 when it
 * is to be left out (reported, or held when settle says it may be
 * half-written), -1 when out of memory.
 */
static int
store_read_page(struct store_files *f, int pfd, const char *file,
    const char *name, const struct store_files *prev,
    const struct store_settle *settle, store_report_fn report, void *ctx)
{
	char where[sizeof(STORE_PAGES) + NAME_MAX + 2];
	char key[sizeof(STORE_PAGES) + NAME_MAX + 2];
	struct stat st;
	size_t len, bad;
	char *text;
	int moved = 0, rc, e;

	snprintf(where, sizeof(where), STORE_PAGES "/%s", file);
	if (!article_name_valid(name)) {
		if (report != NULL)
			report(ctx, where, 0, 0, "page name is not "
			    "[a-z0-9-]+.gmi");
		return 0;
	}
	st.st_mode = 0;
	rc = util_read_beneath_st(pfd, file, STORE_PAGE_MAX, &text, &len, &st,
	    &moved);
	e = errno;
	if (settle != NULL) {
		/* The watcher knows a page by its path in the store. */
		snprintf(key, sizeof(key), STORE_PAGES "/%s", file);
		if (settle->ss_sync != NULL)
			settle->ss_sync(settle->ss_ctx);
		if (moved || settle->ss_unsettled(settle->ss_ctx, key,
		    st.st_mode != 0 ? &st.st_mtim : NULL, moved)) {
			if (rc == 0)
				free(text);
			return store_hold_page(f, prev, name);
		}
	}
	if (rc == -1) {
		if (report != NULL)
			report(ctx, where, 0, 0, e == ELOOP ?
			    "symbolic link, not followed" : e == EINVAL ?
			    "not a regular file" : strerror(e));
		return 0;
	}
	if (utf8_validate(text, len, &bad) == -1) {
		if (report != NULL)
			report(ctx, where, 0, 0, "not valid UTF-8");
		free(text);
		return 0;
	}
	return store_add_page(f, name, text, len);
}

/* pages/NAME.gmi, served as they are; bad names and files are skipped. */
static int
store_load_pages(struct store_files *f, int storefd,
    const struct store_files *prev, const struct store_settle *settle,
    store_report_fn report, void *ctx)
{
	struct dirent *de;
	char name[NAME_MAX + 1];
	size_t n;
	DIR *d;
	int fd;

	if ((fd = openat(storefd, STORE_PAGES, O_RDONLY | O_DIRECTORY |
	    O_NOFOLLOW | O_CLOEXEC)) == -1) {
		/* A link would take every page below it out of the store. */
		if (errno == ENOTDIR && report != NULL)
			report(ctx, STORE_PAGES, 0, 0, "not a directory "
			    "(symbolic links are not followed)");
		return errno == ENOENT || errno == ENOTDIR ? 0 : -1;
	}
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		n = strlen(de->d_name);
		if (de->d_name[0] == '.' || n < 5 ||
		    strcmp(de->d_name + n - 4, ".gmi") != 0)
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)(n - 4), de->d_name);
		if (store_read_page(f, dirfd(d), de->d_name, name, prev,
		    settle, report, ctx) == -1) {
			closedir(d);
			errno = ENOMEM;
			return -1;
		}
	}
	closedir(d);
	if (f->sf_npages > 1)
		qsort(f->sf_pages, f->sf_npages, sizeof(*f->sf_pages),
		    store_cmp_page);
	return 0;
}

/* One regular file of media/ at path, its type detected once. */
static int
store_add_media(struct store_files *f, int dfd, const char *file,
    const char *path, off_t size)
{
	struct store_media *nm, *m;
	int fd;

	if ((fd = openat(dfd, file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC |
	    O_NOCTTY)) == -1)
		return 0;
	if ((nm = realloc(f->sf_media, (f->sf_nmedia + 1) * sizeof(*nm))) ==
	    NULL) {
		close(fd);
		return -1;
	}
	f->sf_media = nm;
	m = &nm[f->sf_nmedia];
	m->sm_path = strdup(path);
	m->sm_mime = strdup(mime_detect(fd, file));
	m->sm_size = size;
	close(fd);
	if (m->sm_path == NULL || m->sm_mime == NULL) {
		free(m->sm_path);
		free(m->sm_mime);
		return -1;
	}
	m->sm_gopher = mime_gopher_type(m->sm_mime);
	f->sf_nmedia++;
	return 0;
}

/*
 * Walks media/ (sub-folders too, hidden names and symbolic links
 * skipped) and detects each file's type once.
 */
static int
store_walk_media(struct store_files *f, int dfd, const char *prefix, int depth)
{
	struct dirent *de;
	struct stat st;
	char path[4096];
	DIR *d;
	int fd, sub, rc = 0;

	if ((fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return -1;
	}
	while ((de = readdir(d)) != NULL && rc == 0) {
		if (de->d_name[0] == '.' || f->sf_nmedia >= STORE_MEDIA_MAX)
			continue;
		if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1)
			continue;
		if (snprintf(path, sizeof(path), "%s%s", prefix, de->d_name) >=
		    (int)sizeof(path))
			continue;
		if (S_ISDIR(st.st_mode) && depth < STORE_MEDIA_DEPTH) {
			if ((sub = openat(dfd, de->d_name, O_RDONLY |
			    O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) == -1)
				continue;
			strcat(path, "/");
			rc = store_walk_media(f, sub, path, depth + 1);
			close(sub);
			continue;
		}
		if (S_ISREG(st.st_mode))
			rc = store_add_media(f, dfd, de->d_name, path,
			    st.st_size);
	}
	closedir(d);
	return rc;
}

static int
store_load_media(struct store_files *f, int storefd)
{
	f->sf_mediafd = openat(storefd, STORE_MEDIA, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC | O_NOFOLLOW);
	if (f->sf_mediafd == -1)
		return errno == ENOENT ? 0 : -1;
	if (store_walk_media(f, f->sf_mediafd, "", 0) == -1)
		return -1;
	if (f->sf_nmedia > 1)
		qsort(f->sf_media, f->sf_nmedia, sizeof(*f->sf_media),
		    store_cmp_media);
	return 0;
}

int
store_files_load(struct store_files *f, const char *dir,
    const struct store_files *prev, const struct store_settle *settle,
    store_report_fn report, void *ctx)
{
	int dirfd, rc;

	memset(f, 0, sizeof(*f));
	f->sf_mediafd = -1;
	if ((dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	rc = store_load_pages(f, dirfd, prev, settle, report, ctx) == -1 ||
	    store_load_media(f, dirfd) == -1 ? -1 : 0;
	close(dirfd);
	return rc;
}

void
store_files_free(struct store_files *f)
{
	size_t i;

	for (i = 0; i < f->sf_npages; i++) {
		free(f->sf_pages[i].pg_name);
		free(f->sf_pages[i].pg_text);
	}
	free(f->sf_pages);
	for (i = 0; i < f->sf_nmedia; i++) {
		free(f->sf_media[i].sm_path);
		free(f->sf_media[i].sm_mime);
	}
	free(f->sf_media);
	if (f->sf_mediafd != -1)
		close(f->sf_mediafd);
	memset(f, 0, sizeof(*f));
	f->sf_mediafd = -1;
}
