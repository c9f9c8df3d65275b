/*
 * store: the article store on disk (DESIGN.md, "Store format") and the
 * in-memory index built from it.
 *
 * store_load() reads capsule.conf and every articles/<slug>.gmi into a
 * struct store that owns all it points to and never changes afterwards:
 * readers may share it between threads.  store_free() releases it.
 *
 * Writers (capsulectl) serialise on store_lock() and replace files with
 * util_write_atomic(), so a loader sees each file either old or new.
 * Other writers (editors, cp) may be caught in the middle of a file:
 * store_load_settled() holds such a file back, keeping the version the
 * store in service had.
 */
#ifndef CAPSULE_STORE_H
#define CAPSULE_STORE_H

#include <stddef.h>

#include <time.h>

#include "article.h"

#define STORE_CONF	"capsule.conf"
#define STORE_ARTICLES	"articles"
#define STORE_MEDIA	"media"
#define STORE_PAGES	"pages"
#define STORE_TRASH	".trash"
#define STORE_LOCK	".lock"

/* An article file is refused past this size. */
#define STORE_ARTICLE_MAX (4u << 20)

/* capsule.conf.  Every string is owned and never NULL after a load. */
struct store_site {
	char	*ss_title;
	char	*ss_description;
	char	*ss_hostname;
	char	*ss_lang;
	char	*ss_copyright;
	char	*ss_emoji;
	/*
	 * The front page's sections: the tags named (comma-separated), or
	 * "" for the section_count busiest; section_size headlines each
	 * (0: no sections).
	 */
	char	*ss_sections;
	size_t	 ss_section_count;
	size_t	 ss_section_size;
};

#define STORE_SECTION_COUNT	3
#define STORE_SECTION_SIZE	3
#define STORE_SECTIONS_MAX	20

/* The published articles that carry one tag, newest first. */
struct store_tag {
	const char	 *st_name;	/* points into an article */
	struct article	**st_arts;
	size_t		  st_n;
};

/* The published articles of one calendar month (UTC), newest first. */
struct store_month {
	int		  sm_year;
	int		  sm_month;
	struct article	**sm_arts;
	size_t		  sm_n;
};

/* A published article under its folded title, for store_find_title(). */
struct store_title {
	char		*sti_folded;	/* owned */
	struct article	*sti_art;
};

/* An old slug still answered with a redirect. */
struct store_alias {
	const char	*sa_slug;
	struct article	*sa_to;
};

struct store {
	struct store_site	  s_site;
	struct article		 *s_arts;	/* every article, drafts too */
	size_t			  s_narts;
	struct article		**s_bydate;	/* all, newest first */
	struct article		**s_pub;	/* published only, newest first */
	size_t			  s_npub;
	struct article		**s_byslug;	/* all, by slug */
	struct store_title	 *s_titles;	/* published, by folded title */
	struct store_alias	 *s_aliases;	/* by slug */
	size_t			  s_naliases;
	struct store_tag	 *s_tags;	/* by name */
	size_t			  s_ntags;
	struct store_month	 *s_months;	/* newest first */
	size_t			  s_nmonths;
	unsigned		  s_nerrors;	/* articles skipped */
	unsigned		  s_nheld;	/* still being written */
};

/*
 * Receives each problem found while loading: path is relative to the
 * store ("articles/x.gmi"), line is 1-based or 0 when the problem has no
 * line.  warning is 1 for something that was kept (a clashing alias).
 */
typedef void (*store_report_fn)(void *ctx, const char *path, unsigned line,
    int warning, const char *msg);

/*
 * Loads the store in dir.  A malformed article is reported and skipped.
 * Returns NULL with *errstr set when the store itself is unusable (no
 * directory, no capsule.conf or a bad one, out of memory); *errpath and
 * *errline then say where, when the problem has a place.
 */
struct store	*store_load(const char *dir, store_report_fn, void *ctx,
		    const char **errpath, unsigned *errline,
		    const char **errstr);
void		 store_free(struct store *);

/*
 * How a loader learns which article files may be half-written (watch.h
 * answers it for capsuled).
 */
struct store_settle {
	/* Called once every article has been read, before ss_unsettled. */
	void	(*ss_sync)(void *ctx);
	/*
	 * 1 when articles/name may still be being written.  mtime is its
	 * modification time from before it was read, NULL when it could
	 * not be opened; moved is 1 when it changed while it was read.
	 */
	int	(*ss_unsettled)(void *ctx, const char *name,
		    const struct timespec *mtime, int moved);
	void	 *ss_ctx;
};

/*
 * store_load() for a store in service, with the store it replaces in
 * prev (or NULL).  An article file that settle says may be half-written,
 * or that changed while it was read, is held: prev's article of that
 * slug stands in for it (copied), or it is left out when prev has none.
 * Held files are counted in s_nheld, never reported.  store_load() is
 * this without prev and settle: there a file that changed while it was
 * read is reported and left out.
 */
struct store	*store_load_settled(const char *dir, const struct store *prev,
		    const struct store_settle *settle, store_report_fn,
		    void *ctx, const char **errpath, unsigned *errline,
		    const char **errstr);

/* Reads capsule.conf from the store directory fd into site. */
int		 store_site_load(int dirfd, struct store_site *site,
		    unsigned *errline, const char **errstr);
void		 store_site_free(struct store_site *);

/* The article with that slug (drafts too), or NULL. */
struct article	*store_find(const struct store *, const char *slug);

/* The article that used to be called slug, or NULL. */
struct article	*store_find_alias(const struct store *, const char *slug);

/*
 * The published article whose title matches (case, accents, punctuation
 * and spacing ignored): how "Related:" headlines become links.
 */
struct article	*store_find_title(const struct store *, const char *title);

/* The tag, or NULL. */
const struct store_tag *store_find_tag(const struct store *, const char *);

/* The month, or NULL. */
const struct store_month *store_find_month(const struct store *, int year,
		    int month);

/*
 * Takes the store's writer lock (flock on .lock), waiting for it, and
 * removes temporary files a killed writer left behind.  Returns the lock
 * descriptor, or -1 with errno set.  store_unlock() releases it.
 */
int		 store_lock(int dirfd);
void		 store_unlock(int lockfd);

#endif
