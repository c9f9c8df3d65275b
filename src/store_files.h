/*
 * store_files: the store's files served as they stand, pages/NAME.gmi
 * and everything under media/, read from disk into memory the way
 * store.h reads articles and capsule.conf.  Together they are the store
 * layer: snapshot.c reads nothing itself, it builds from what they hand
 * it.
 *
 * A page is taken as it stands, whole and valid UTF-8; a media file is
 * listed with its size and its type, detected once (mime.h).  A struct
 * store_files owns everything it points to, the open media/ directory
 * (what requests open files beneath) included, and never changes after
 * a load.
 *
 * Like articles, a page may be caught half-written by an editor: with a
 * settle (watch.h) a page that may still be being written, or that
 * changed while it was read, is held and prev's version of it stands in,
 * as store_load_settled() does for articles.  The watcher knows a page
 * as "pages/NAME.gmi".
 */
#ifndef CAPSULE_STORE_FILES_H
#define CAPSULE_STORE_FILES_H

#include <stddef.h>
#include <sys/types.h>

#include "store.h"

#define STORE_PAGE_MAX		(1u << 20)	/* a page is refused past it */
#define STORE_MEDIA_MAX		100000		/* files listed at most */
#define STORE_MEDIA_DEPTH	8		/* folders below media/ */

/* An extra page: pages/NAME.gmi. */
struct store_page {
	char	*pg_name;	/* NAME */
	char	*pg_text;	/* NUL-terminated, not counted */
	size_t	 pg_len;
};

/* A file under media/. */
struct store_media {
	char	*sm_path;	/* relative to media/ */
	char	*sm_mime;
	off_t	 sm_size;
	char	 sm_gopher;	/* item type */
};

struct store_files {
	struct store_page	*sf_pages;	/* by name */
	size_t			 sf_npages;
	struct store_media	*sf_media;	/* by path */
	size_t			 sf_nmedia;
	int			 sf_mediafd;	/* -1 without media/ */
	unsigned		 sf_nheld;	/* pages still being written */
};

/*
 * Reads pages/ and media/ of the store at dir into f.  Bad pages are
 * reported (paths relative to the store) and skipped; prev (or NULL) is
 * the load in service, settle (or NULL) says which pages may be
 * half-written.  0, or -1 with errno set when out of memory or when a
 * directory cannot be read; f is to be freed either way.
 */
int	store_files_load(struct store_files *f, const char *dir,
	    const struct store_files *prev, const struct store_settle *settle,
	    store_report_fn report, void *ctx);
void	store_files_free(struct store_files *f);

/* The page of that name, or NULL. */
const struct store_page *store_files_page(const struct store_files *,
	    const char *name);
/* The media file at path (relative to media/), or NULL. */
const struct store_media *store_files_media(const struct store_files *,
	    const char *path);

#endif
