/*
 * watch: notices changes to a store in service, and tells whole article
 * files from ones still being written.
 *
 * capsuled makes a watcher before it first reads the store, so that no
 * change from then on goes unnoticed, and asks it when to reload.
 * inotify(7) watches the store directory, articles/, media/ and pages/;
 * a fingerprint of those directories and capsule.conf, looked at every
 * 5 s, covers what inotify cannot see (no inotify, some network file
 * systems).  A burst of changes becomes one reload 100 ms after its last
 * event.
 *
 * In articles/ and pages/ the watcher keeps, per file name (a page's
 * as "pages/NAME.gmi"), whether the file has settled.  A file renamed into place (capsulectl's way) is whole at
 * once.  A file written where it stands is unsettled from its first
 * write until it is closed and has then stayed unchanged for WATCH_QUIET
 * ms; a reload of its own follows.  Without inotify, or once it has
 * lost events (its queue overflowed), a file is also unsettled while its
 * modification time is younger than WATCH_QUIET ms.  watch_settle()
 * hands these answers to store_load_settled() and store_files_load(),
 * which keep the previous version of an unsettled article or page.
 *
 * A watcher belongs to the thread that reloads; nothing in it is shared.
 */
#ifndef CAPSULE_WATCH_H
#define CAPSULE_WATCH_H

#include "store.h"

#define WATCH_QUIET	200	/* ms a written file must stay unchanged */

struct watch;

/*
 * Starts watching the store at dir.  Without inotify (logged) only the
 * fingerprint and modification times are looked at.  NULL only when out
 * of memory.
 */
struct watch	*watch_new(const char *dir);
void		 watch_free(struct watch *);

/* 1 when dir is still the directory the watcher watches. */
int		 watch_same(const struct watch *, const char *dir);

/* The descriptor to poll for reading, or -1 without inotify. */
int		 watch_fd(const struct watch *);

/* Takes in the events waiting on watch_fd(). */
void		 watch_read(struct watch *);

/*
 * Brings the watcher up to now (the periodic look, files settling) and
 * returns 1 when a reload is due.
 */
int		 watch_tick(struct watch *);

/* Milliseconds until watch_tick() has something to do. */
int		 watch_timeout(const struct watch *);

/* A reload starts: what changed until now is in it. */
void		 watch_reloading(struct watch *);

/* For the reload's store_load_settled(); valid as long as the watcher. */
const struct store_settle *watch_settle(struct watch *);

#endif
