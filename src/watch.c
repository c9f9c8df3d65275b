/*
 * watch: see watch.h.
 */
#include <sys/inotify.h>
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "util.h"
#include "watch.h"

#define WATCH_DEBOUNCE	100	/* ms after the last change of a burst */
#define WATCH_LOOK	5000	/* ms between looks at the fingerprint */

#define WATCH_MASK	(IN_CREATE | IN_DELETE | IN_MOVED_TO | IN_MOVED_FROM | \
			 IN_CLOSE_WRITE | IN_ATTRIB | IN_DELETE_SELF | \
			 IN_MOVE_SELF)

/* What the watcher knows of one file in articles/. */
enum watch_state {
	WATCH_OPEN,	/* written, not closed since */
	WATCH_CLOSED,	/* created or closed at we_t: settles WATCH_QUIET later */
	WATCH_WHOLE	/* renamed into place at we_t */
};

struct watch_entry {
	struct watch_entry	*we_next;
	uint64_t		 we_t;
	enum watch_state	 we_state;
	char			 we_name[];
};

struct watch {
	char			 *w_dir;
	dev_t			  w_dev;
	ino_t			  w_ino;
	int			  w_fd;		/* inotify, or -1 */
	int			  w_root;	/* watch descriptors, or -1 */
	int			  w_art;
	int			  w_pages;
	int			  w_link;	/* the folder holding a linked
						   store, or -1 */
	char			 *w_name;	/* the link's name there */
	int			  w_lost;	/* inotify missed events */
	unsigned long long	  w_stamp;	/* the fingerprint */
	uint64_t		  w_due;	/* reload due then; 0: none */
	uint64_t		  w_look;	/* next look at the fingerprint */
	uint64_t		  w_recheck;	/* a held file settles; 0: none */
	uint64_t		  w_expire;	/* first entry to act on; 0: none */
	struct watch_entry	**w_tab;	/* by name, chained */
	size_t			  w_nbuckets;	/* a power of two */
	size_t			  w_n;
	struct store_settle	  w_settle;
};

static uint64_t
watch_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* A cheap fingerprint of the store: its folders' and conf's stat(2). */
static unsigned long long
watch_stamp(const char *dir)
{
	static const char *const parts[] = { "", "/" STORE_ARTICLES,
	    "/" STORE_MEDIA, "/" STORE_PAGES, "/" STORE_CONF };
	unsigned long long h = 1469598103934665603ULL;
	char path[PATH_MAX];
	struct stat st;
	size_t i;

	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", dir, parts[i]);
		if (stat(path, &st) == -1)
			continue;
		h = (h ^ (unsigned long long)st.st_mtim.tv_sec) * 1099511628211ULL;
		h = (h ^ (unsigned long long)st.st_mtim.tv_nsec) * 1099511628211ULL;
		h = (h ^ (unsigned long long)st.st_ino) * 1099511628211ULL;
		h = (h ^ (unsigned long long)st.st_size) * 1099511628211ULL;
	}
	return h;
}

static size_t
watch_hash(const struct watch *w, const char *name)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *name != '\0'; name++)
		h = (h ^ (unsigned char)*name) * 1099511628211ULL;
	return (size_t)h & (w->w_nbuckets - 1);
}

static struct watch_entry **
watch_slot(struct watch *w, const char *name)
{
	struct watch_entry **p;

	for (p = &w->w_tab[watch_hash(w, name)]; *p != NULL;
	    p = &(*p)->we_next)
		if (strcmp((*p)->we_name, name) == 0)
			break;
	return p;
}

static struct watch_entry *
watch_find(struct watch *w, const char *name)
{
	return *watch_slot(w, name);
}

static void
watch_forget(struct watch *w, const char *name)
{
	struct watch_entry **p = watch_slot(w, name), *e = *p;

	if (e != NULL) {
		*p = e->we_next;
		free(e);
		w->w_n--;
	}
}

/* When the entry needs looking at again; 0: not until an event. */
static uint64_t
watch_entry_expiry(const struct watch_entry *e)
{
	if (e->we_state == WATCH_CLOSED)
		return e->we_t + WATCH_QUIET;
	/*
	 * A whole file's entry only shields it from the modification time
	 * check (its writer wrote it moments ago); by the time the entry
	 * goes, that time is old enough.
	 */
	if (e->we_state == WATCH_WHOLE)
		return e->we_t + 2 * WATCH_QUIET;
	return 0;
}

static void
watch_expire_at(struct watch *w, uint64_t t)
{
	if (t != 0 && (w->w_expire == 0 || t < w->w_expire))
		w->w_expire = t;
}

static void
watch_grow(struct watch *w)
{
	struct watch_entry **tab, **old = w->w_tab, *e, *next;
	size_t i, h, n = w->w_nbuckets;

	if ((tab = calloc(n * 2, sizeof(*tab))) == NULL)
		return;
	w->w_tab = tab;
	w->w_nbuckets = n * 2;
	for (i = 0; i < n; i++)
		for (e = old[i]; e != NULL; e = next) {
			next = e->we_next;
			h = watch_hash(w, e->we_name);
			e->we_next = tab[h];
			tab[h] = e;
		}
	free(old);
}

/*
 * Records what happened to name.  Out of memory the file goes
 * unrecorded, and only its modification time speaks for it.
 */
static void
watch_set(struct watch *w, const char *name, enum watch_state state,
    uint64_t now)
{
	struct watch_entry **p = watch_slot(w, name), *e = *p;
	size_t len;

	if (e == NULL) {
		len = strlen(name);
		if ((e = malloc(sizeof(*e) + len + 1)) == NULL)
			return;
		memcpy(e->we_name, name, len + 1);
		e->we_next = NULL;
		*p = e;
		if (++w->w_n > w->w_nbuckets)
			watch_grow(w);
	}
	e->we_state = state;
	e->we_t = now;
	watch_expire_at(w, watch_entry_expiry(e));
}

static void
watch_soon(struct watch *w, uint64_t now)
{
	w->w_due = now + WATCH_DEBOUNCE;
}

static int
watch_add(struct watch *w, const char *name, uint32_t mask)
{
	char path[PATH_MAX];
	int wd;

	snprintf(path, sizeof(path), "%s%s%s", w->w_dir, *name ? "/" : "",
	    name);
	if ((wd = inotify_add_watch(w->w_fd, path, mask)) == -1 &&
	    errno != ENOENT)
		log_warn("inotify %s: %s", path, strerror(errno));
	return wd;
}

/*
 * articles/ and pages/ are watched for writes too: a file written where
 * it stands must not be taken before its writer is done.
 */
static void
watch_add_dir(struct watch *w, const char *name)
{
	int wd;

	if (strcmp(name, STORE_ARTICLES) == 0) {
		if ((wd = watch_add(w, name, WATCH_MASK | IN_MODIFY)) != -1)
			w->w_art = wd;
	} else if (strcmp(name, STORE_PAGES) == 0) {
		if ((wd = watch_add(w, name, WATCH_MASK | IN_MODIFY)) != -1)
			w->w_pages = wd;
	} else if (strcmp(name, STORE_MEDIA) == 0)
		watch_add(w, name, WATCH_MASK);
}

/* Events were lost: every file is unsettled for a while. */
static void
watch_overflow(struct watch *w, uint64_t now)
{
	struct watch_entry *e;
	size_t i;

	w->w_lost = 1;
	for (i = 0; i < w->w_nbuckets; i++)
		for (e = w->w_tab[i]; e != NULL; e = e->we_next)
			if (e->we_state == WATCH_OPEN) {
				e->we_state = WATCH_CLOSED;
				e->we_t = now;
				watch_expire_at(w, watch_entry_expiry(e));
			}
	watch_soon(w, now);
}

/* An event on a file of articles/ or pages/, whose writer may be busy. */
static void
watch_file_event(struct watch *w, const char *name, uint32_t mask,
    uint64_t now)
{
	if (mask & IN_MODIFY)
		watch_set(w, name, WATCH_OPEN, now);
	else if (mask & (IN_CREATE | IN_CLOSE_WRITE))
		watch_set(w, name, WATCH_CLOSED, now);
	else if (mask & IN_MOVED_TO) {
		watch_set(w, name, WATCH_WHOLE, now);
		watch_soon(w, now);
	} else {
		if (mask & (IN_DELETE | IN_MOVED_FROM))
			watch_forget(w, name);
		watch_soon(w, now);
	}
}

static void
watch_event(struct watch *w, const struct inotify_event *ev, uint64_t now)
{
	const char *name = ev->len > 0 ? ev->name : "";
	char page[sizeof(STORE_PAGES) + NAME_MAX + 2];

	if (ev->mask & IN_Q_OVERFLOW) {
		watch_overflow(w, now);
		return;
	}
	/* A replica's store: its link replaced by capsulectl sync. */
	if (ev->wd == w->w_link) {
		if (strcmp(name, w->w_name) == 0)
			watch_soon(w, now);
		return;
	}
	/* Writers' temporary files and the lock say nothing. */
	if (util_is_temp(name) || strcmp(name, STORE_LOCK) == 0 ||
	    strcmp(name, STORE_TRASH) == 0)
		return;
	if (ev->wd == w->w_art && *name != '\0') {
		watch_file_event(w, name, ev->mask, now);
		return;
	}
	/* A page is known by its path: no article name has a '/'. */
	if (ev->wd == w->w_pages && *name != '\0') {
		snprintf(page, sizeof(page), STORE_PAGES "/%s", name);
		watch_file_event(w, page, ev->mask, now);
		return;
	}
	/* A folder made (again) after the start is watched from then on. */
	if (ev->wd == w->w_root && ev->mask & (IN_CREATE | IN_MOVED_TO))
		watch_add_dir(w, name);
	watch_soon(w, now);
}

void
watch_read(struct watch *w)
{
	char buf[8192] __attribute__((aligned(8)));
	const struct inotify_event *ev;
	uint64_t now;
	ssize_t n;
	char *p;

	if (w->w_fd == -1)
		return;
	while ((n = read(w->w_fd, buf, sizeof(buf))) > 0) {
		now = watch_now();
		for (p = buf; p < buf + n; p += sizeof(*ev) + ev->len) {
			ev = (const struct inotify_event *)p;
			watch_event(w, ev, now);
		}
	}
}

static void
watch_sync(void *ctx)
{
	watch_read(ctx);
}

static int
watch_unsettled(void *ctx, const char *name, const struct timespec *mtime,
    int moved)
{
	struct watch *w = ctx;
	struct watch_entry *e = watch_find(w, name);
	struct timespec ts;
	uint64_t now = watch_now();
	int64_t age;

	if (moved) {
		if (e == NULL || e->we_state != WATCH_OPEN)
			watch_set(w, name, WATCH_CLOSED, now);
		return 1;
	}
	if (e != NULL)
		return e->we_state == WATCH_OPEN ||
		    (e->we_state == WATCH_CLOSED && now < e->we_t + WATCH_QUIET);
	/*
	 * inotify has seen every write since the watcher began: no event,
	 * no writer.  Otherwise only the modification time can tell.
	 */
	if (w->w_fd != -1 && !w->w_lost && (strchr(name, '/') != NULL ?
	    w->w_pages : w->w_art) != -1)
		return 0;
	if (mtime == NULL || clock_gettime(CLOCK_REALTIME, &ts) == -1)
		return 0;
	age = ((int64_t)ts.tv_sec - (int64_t)mtime->tv_sec) * 1000 +
	    ((int64_t)ts.tv_nsec - (int64_t)mtime->tv_nsec) / 1000000;
	/* A time far in the future is a clock's doing, not a writer's. */
	if (age <= -WATCH_QUIET || age >= WATCH_QUIET)
		return 0;
	if (w->w_recheck == 0 ||
	    now + (uint64_t)(WATCH_QUIET - age) < w->w_recheck)
		w->w_recheck = now + (uint64_t)(WATCH_QUIET - age);
	return 1;
}

/*
 * A store that is a symbolic link (a replica's, see capsulectl sync) is
 * switched by renaming a new link over it: the folder holding the link
 * is watched for that name.
 */
static void
watch_add_link(struct watch *w, const char *dir)
{
	char parent[PATH_MAX];
	const char *slash;
	struct stat st;

	if (lstat(dir, &st) == -1 || !S_ISLNK(st.st_mode))
		return;
	if ((slash = strrchr(dir, '/')) == NULL)
		snprintf(parent, sizeof(parent), ".");
	else if (slash == dir)
		snprintf(parent, sizeof(parent), "/");
	else
		snprintf(parent, sizeof(parent), "%.*s", (int)(slash - dir),
		    dir);
	if ((w->w_name = strdup(slash != NULL ? slash + 1 : dir)) == NULL)
		return;
	if ((w->w_link = inotify_add_watch(w->w_fd, parent, IN_CREATE |
	    IN_MOVED_TO | IN_ONLYDIR)) == -1)
		log_warn("inotify %s: %s; the store's switches are seen "
		    "within %d s", parent, strerror(errno), WATCH_LOOK / 1000);
}

struct watch *
watch_new(const char *dir)
{
	struct watch *w;
	struct stat st;

	if ((w = calloc(1, sizeof(*w))) == NULL ||
	    (w->w_dir = strdup(dir)) == NULL ||
	    (w->w_tab = calloc(64, sizeof(*w->w_tab))) == NULL) {
		if (w != NULL)
			free(w->w_dir);
		free(w);
		return NULL;
	}
	w->w_nbuckets = 64;
	w->w_root = w->w_art = w->w_pages = w->w_link = -1;
	if (stat(dir, &st) == 0) {
		w->w_dev = st.st_dev;
		w->w_ino = st.st_ino;
	}
	w->w_settle.ss_sync = watch_sync;
	w->w_settle.ss_unsettled = watch_unsettled;
	w->w_settle.ss_ctx = w;
	if ((w->w_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) == -1)
		log_warn("inotify: %s; checking the store every %d s",
		    strerror(errno), WATCH_LOOK / 1000);
	else {
		w->w_root = watch_add(w, "", WATCH_MASK);
		watch_add_dir(w, STORE_ARTICLES);
		watch_add_dir(w, STORE_MEDIA);
		watch_add_dir(w, STORE_PAGES);
		watch_add_link(w, dir);
	}
	w->w_stamp = watch_stamp(dir);
	w->w_look = watch_now() + WATCH_LOOK;
	return w;
}

void
watch_free(struct watch *w)
{
	struct watch_entry *e, *next;
	size_t i;

	if (w == NULL)
		return;
	for (i = 0; i < w->w_nbuckets; i++)
		for (e = w->w_tab[i]; e != NULL; e = next) {
			next = e->we_next;
			free(e);
		}
	if (w->w_fd != -1)
		close(w->w_fd);
	free(w->w_tab);
	free(w->w_dir);
	free(w->w_name);
	free(w);
}

int
watch_same(const struct watch *w, const char *dir)
{
	struct stat st;

	return strcmp(w->w_dir, dir) == 0 && stat(dir, &st) == 0 &&
	    st.st_dev == w->w_dev && st.st_ino == w->w_ino;
}

int
watch_fd(const struct watch *w)
{
	return w->w_fd;
}

/* Drops the entries that have served, asking a reload for settled files. */
static void
watch_sweep(struct watch *w, uint64_t now)
{
	struct watch_entry **p, *e;
	uint64_t t;
	size_t i;

	w->w_expire = 0;
	for (i = 0; i < w->w_nbuckets; i++)
		for (p = &w->w_tab[i]; (e = *p) != NULL;) {
			t = watch_entry_expiry(e);
			if (t == 0 || t > now) {
				watch_expire_at(w, t);
				p = &e->we_next;
				continue;
			}
			if (e->we_state == WATCH_CLOSED &&
			    (w->w_due == 0 || w->w_due > now))
				w->w_due = now;
			*p = e->we_next;
			free(e);
			w->w_n--;
		}
}

int
watch_tick(struct watch *w)
{
	uint64_t now = watch_now();

	if (now >= w->w_look) {
		w->w_look = now + WATCH_LOOK;
		if (w->w_due == 0 && watch_stamp(w->w_dir) != w->w_stamp)
			watch_soon(w, now);
	}
	if (w->w_expire != 0 && now >= w->w_expire)
		watch_sweep(w, now);
	if (w->w_recheck != 0 && now >= w->w_recheck) {
		w->w_recheck = 0;
		if (w->w_due == 0 || w->w_due > now)
			w->w_due = now;
	}
	return w->w_due != 0 && now >= w->w_due;
}

int
watch_timeout(const struct watch *w)
{
	uint64_t now = watch_now(), t = w->w_look;

	if (w->w_due != 0 && w->w_due < t)
		t = w->w_due;
	if (w->w_expire != 0 && w->w_expire < t)
		t = w->w_expire;
	if (w->w_recheck != 0 && w->w_recheck < t)
		t = w->w_recheck;
	return t > now ? (int)(t - now) : 0;
}

void
watch_reloading(struct watch *w)
{
	w->w_due = 0;
	w->w_recheck = 0;
	w->w_stamp = watch_stamp(w->w_dir);
}

const struct store_settle *
watch_settle(struct watch *w)
{
	return &w->w_settle;
}
