/*
 * ctl_sync: capsulectl sync, a replica's store brought to the primary's
 * latest commit and switched to it in one rename(2).
 *
 * The store DIR is a symbolic link to DIR.versions/COMMIT, a complete
 * checkout of one commit with its id in .version.  A sync fetches the
 * primary's HEAD into DIR.versions/cache.git (bare), writes the new
 * commit's tree into a temporary folder there, renames that to its id,
 * then renames a new link over DIR: a reader that resolves DIR gets the
 * old checkout or the new one, never a half-written one, and capsuled
 * (which resolves it once per snapshot) serves exactly one commit at a
 * time.  A replaced checkout is kept --keep seconds (default 600) for
 * what still reads it, then removed by a later sync.  DIR.versions/.lock
 * makes concurrent syncs (a timer and a hook) wait for each other.
 */
#define _GNU_SOURCE	/* syncfs */
#define _XOPEN_SOURCE 700	/* nftw */
#include <sys/file.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ctl.h"
#include "gitstore.h"
#include "store.h"
#include "util.h"

#define SYNC_KEEP	600	/* s a replaced checkout is kept */
/* ms between writing a checkout and switching to it: see ctl_sync_switch */
#define SYNC_SETTLE	250

struct ctl_sync {
	char	 ys_parent[PATH_MAX];	/* the folder DIR is in */
	char	 ys_base[NAME_MAX + 1];	/* DIR's name */
	char	 ys_link[PATH_MAX + NAME_MAX + 2];	/* DIR, no '/' after */
	char	 ys_versions[PATH_MAX];	/* DIR.versions */
	char	 ys_cache[PATH_MAX + 16];	/* DIR.versions/cache.git */
	char	 ys_cur[GITSTORE_ID_MAX + 1];	/* DIR's commit; "" */
	int	 ys_vfd;
};

static int
ctl_sync_paths(struct ctl_sync *ys, const char *store)
{
	char d[PATH_MAX];
	size_t n;
	char *slash;

	snprintf(d, sizeof(d), "%s", store);
	for (n = strlen(d); n > 1 && d[n - 1] == '/'; n--)
		d[n - 1] = '\0';
	if ((slash = strrchr(d, '/')) == NULL) {
		snprintf(ys->ys_parent, sizeof(ys->ys_parent), ".");
		slash = d - 1;
	} else if (slash == d)
		snprintf(ys->ys_parent, sizeof(ys->ys_parent), "/");
	else
		snprintf(ys->ys_parent, sizeof(ys->ys_parent), "%.*s",
		    (int)(slash - d), d);
	if (strlen(slash + 1) > NAME_MAX - 16 || slash[1] == '\0' ||
	    strcmp(slash + 1, ".") == 0 || strcmp(slash + 1, "..") == 0) {
		ctl_err("%s: not a usable store name", store);
		return -1;
	}
	snprintf(ys->ys_base, sizeof(ys->ys_base), "%s", slash + 1);
	snprintf(ys->ys_link, sizeof(ys->ys_link), "%s", d);
	if ((size_t)snprintf(ys->ys_versions, sizeof(ys->ys_versions),
	    "%s/%s.versions", ys->ys_parent, ys->ys_base) >=
	    sizeof(ys->ys_versions) - 80) {
		ctl_err("%s: path too long", store);
		return -1;
	}
	snprintf(ys->ys_cache, sizeof(ys->ys_cache), "%s/cache.git",
	    ys->ys_versions);
	return 0;
}

/* The commit DIR links to now, or "" (no DIR yet); -1: DIR is not ours. */
static int
ctl_sync_current(struct ctl_sync *ys, const char *store)
{
	char target[PATH_MAX], want[NAME_MAX + 16];
	const char *id;
	struct stat st;
	ssize_t n;

	ys->ys_cur[0] = '\0';
	if (lstat(store, &st) == -1) {
		if (errno == ENOENT)
			return 0;
		ctl_err("%s: %s", store, strerror(errno));
		return -1;
	}
	snprintf(want, sizeof(want), "%s.versions/", ys->ys_base);
	if (!S_ISLNK(st.st_mode) || (n = readlink(store, target,
	    sizeof(target) - 1)) == -1 || (target[n] = '\0',
	    strncmp(target, want, strlen(want)) != 0)) {
		ctl_err("%s: not a link made by 'capsulectl sync' (a replica's "
		    "store is one; move this one away first)", store);
		return -1;
	}
	id = target + strlen(want);
	if (strlen(id) <= GITSTORE_ID_MAX)
		snprintf(ys->ys_cur, sizeof(ys->ys_cur), "%s", id);
	return 0;
}

/* The primary's HEAD fetched into the cache: its commit into id. */
static int
ctl_sync_fetch(struct ctl_sync *ys, const char *url, char *id, size_t idsz)
{
	char gd[PATH_MAX + 32];
	char *init[] = { "git", "init", "--quiet", "--bare", ys->ys_cache,
	    NULL };
	char *fetch[] = { "git", gd, "fetch", "--quiet", "--no-tags",
	    (char *)url, "+HEAD:refs/capsule/primary", NULL };
	char *parse[] = { "git", gd, "rev-parse", "--verify", "--quiet",
	    "refs/capsule/primary^{commit}", NULL };
	const char *errstr;

	snprintf(gd, sizeof(gd), "--git-dir=%s", ys->ys_cache);
	if (faccessat(ys->ys_vfd, "cache.git", F_OK, 0) == -1 &&
	    gitstore_run(-1, NULL, init, NULL, 0, &errstr) != 0) {
		ctl_err("%s: %s", ys->ys_cache, errstr);
		return -1;
	}
	if (gitstore_run(-1, NULL, fetch, NULL, 0, &errstr) != 0) {
		ctl_err("fetching %s: %s", url, errstr);
		return -1;
	}
	if (gitstore_run(-1, NULL, parse, id, idsz, &errstr) != 0 ||
	    strlen(id) < 40) {
		ctl_err("%s: no commit fetched from %s", ys->ys_cache, url);
		return -1;
	}
	return 0;
}

static int
ctl_sync_rm(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) == -1 && errno != ENOENT ? -1 : 0;
}

static int
ctl_sync_rmtree(const char *path)
{
	return nftw(path, ctl_sync_rm, 16, FTW_DEPTH | FTW_PHYS);
}

/*
 * The tree of commit id in DIR.versions/id, whole: written into a
 * temporary folder, with .version, flushed to disk, then renamed.
 */
static int
ctl_sync_checkout(struct ctl_sync *ys, const char *id)
{
	char tmp[PATH_MAX + NAME_MAX + 2], name[NAME_MAX + 1];
	char ver[GITSTORE_ID_MAX + 2];
	static const char *const dirs[] = { STORE_ARTICLES, STORE_MEDIA,
	    STORE_PAGES };
	const char *errstr;
	int fd, rc = -1;
	size_t n, i;

	if (faccessat(ys->ys_vfd, id, F_OK, AT_SYMLINK_NOFOLLOW) == 0)
		return 0;
	snprintf(name, sizeof(name), ".tmp-%ld-%s", (long)getpid(), id);
	snprintf(tmp, sizeof(tmp), "%s/%s", ys->ys_versions, name);
	if (mkdirat(ys->ys_vfd, name, 0755) == -1) {
		ctl_err("%s: %s", tmp, strerror(errno));
		return -1;
	}
	if (gitstore_export(ys->ys_cache, id, tmp, &errstr) == -1) {
		ctl_err("%s: %s", tmp, errstr);
		goto fail;
	}
	if ((fd = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		goto sysfail;
	/* git keeps no empty folder, and a store has these three. */
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (mkdirat(fd, dirs[i], 0755) == -1 && errno != EEXIST) {
			close(fd);
			goto sysfail;
		}
	n = (size_t)snprintf(ver, sizeof(ver), "%s\n", id);
	if (util_write_atomic(fd, GITSTORE_VERSION, ver, n, 1) == -1 ||
	    syncfs(fd) == -1) {
		close(fd);
		goto sysfail;
	}
	close(fd);
	if (renameat(ys->ys_vfd, name, ys->ys_vfd, id) == -1 ||
	    fsync(ys->ys_vfd) == -1)
		goto sysfail;
	return 0;
sysfail:
	ctl_err("%s: %s", tmp, strerror(errno));
fail:
	ctl_sync_rmtree(tmp);
	return rc;
}

/*
 * DIR replaced by a link to DIR.versions/id in one rename.  A watcher
 * without inotify takes a file modified in the last 200 ms for one still
 * being written, and would keep the previous version of it: the switch
 * waits until the checkout's files are older than that.
 */
static int
ctl_sync_switch(struct ctl_sync *ys, const char *store, const char *id,
    const struct timespec *written)
{
	char target[PATH_MAX], tmp[NAME_MAX + 32], old[PATH_MAX];
	struct timespec now, wait;
	int64_t ms;
	int pfd;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (int64_t)(now.tv_sec - written->tv_sec) * 1000 +
	    (now.tv_nsec - written->tv_nsec) / 1000000;
	if (ms < SYNC_SETTLE) {
		wait.tv_sec = 0;
		wait.tv_nsec = (long)(SYNC_SETTLE - ms) * 1000000;
		while (nanosleep(&wait, &wait) == -1 && errno == EINTR)
			;
	}
	snprintf(target, sizeof(target), "%s.versions/%s", ys->ys_base, id);
	snprintf(tmp, sizeof(tmp), ".%s.new-%ld", ys->ys_base, (long)getpid());
	if ((pfd = open(ys->ys_parent, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) == -1) {
		ctl_err("%s: %s", ys->ys_parent, strerror(errno));
		return -1;
	}
	unlinkat(pfd, tmp, 0);
	if (symlinkat(target, pfd, tmp) == -1 ||
	    renameat(pfd, tmp, pfd, ys->ys_base) == -1 || fsync(pfd) == -1) {
		ctl_err("%s: %s", store, strerror(errno));
		unlinkat(pfd, tmp, 0);
		close(pfd);
		return -1;
	}
	close(pfd);
	/* The replaced checkout's time says since when it is unused. */
	if (ys->ys_cur[0] != '\0') {
		snprintf(old, sizeof(old), "%s", ys->ys_cur);
		utimensat(ys->ys_vfd, old, NULL, AT_SYMLINK_NOFOLLOW);
	}
	return 0;
}

/*
 * Checkouts replaced more than keep seconds ago, and what an
 * interrupted sync left (the lock is ours: no other sync is running).
 */
static void
ctl_sync_prune(struct ctl_sync *ys, const char *cur, long keep)
{
	char path[PATH_MAX + NAME_MAX + 2];
	struct dirent *de;
	struct stat st;
	time_t now = time(NULL);
	DIR *d;
	int fd;

	if ((fd = openat(ys->ys_vfd, ".", O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) == -1 || (d = fdopendir(fd)) == NULL) {
		if (fd != -1)
			close(fd);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0 ||
		    strcmp(de->d_name, "cache.git") == 0 ||
		    strcmp(de->d_name, ".lock") == 0 ||
		    strcmp(de->d_name, cur) == 0)
			continue;
		if (!util_is_temp(de->d_name) && (fstatat(ys->ys_vfd,
		    de->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1 ||
		    now - st.st_mtime < keep))
			continue;
		snprintf(path, sizeof(path), "%s/%s", ys->ys_versions,
		    de->d_name);
		if (ctl_sync_rmtree(path) == -1)
			fprintf(stderr, "capsulectl: warning: %s: %s\n", path,
			    strerror(errno));
	}
	closedir(d);
}

int
cmd_sync(struct ctl *c, int argc, char **argv)
{
	struct ctl_sync ys;
	struct timespec written;
	char id[GITSTORE_ID_MAX + 1], *end;
	const char *url = c->c_args.ca_from;
	long keep = SYNC_KEEP;
	int lock = -1, rc = CTL_ERR;

	(void)argv;
	if (argc - optind != 0 || url == NULL)
		return ctl_usage();
	if (c->c_args.ca_keep != NULL) {
		errno = 0;
		keep = strtol(c->c_args.ca_keep, &end, 10);
		if (errno != 0 || *end != '\0' || keep < 0) {
			ctl_err("--keep %s: a number of seconds",
			    c->c_args.ca_keep);
			return CTL_USAGE;
		}
	}
	ys.ys_vfd = -1;
	if (ctl_sync_paths(&ys, c->c_store) == -1)
		return CTL_ERR;
	if ((mkdir(ys.ys_versions, 0755) == -1 && errno != EEXIST) ||
	    (ys.ys_vfd = open(ys.ys_versions, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) == -1) {
		ctl_err("%s: %s", ys.ys_versions, strerror(errno));
		return CTL_ERR;
	}
	if ((lock = openat(ys.ys_vfd, ".lock", O_RDWR | O_CREAT | O_CLOEXEC,
	    0644)) == -1 || flock(lock, LOCK_EX) == -1) {
		ctl_err("%s/.lock: %s", ys.ys_versions, strerror(errno));
		goto done;
	}
	if (ctl_sync_current(&ys, ys.ys_link) == -1 ||
	    ctl_sync_fetch(&ys, url, id, sizeof(id)) == -1)
		goto done;
	if (strcmp(id, ys.ys_cur) != 0) {
		if (ctl_sync_checkout(&ys, id) == -1)
			goto done;
		clock_gettime(CLOCK_MONOTONIC, &written);
		if (ctl_sync_switch(&ys, ys.ys_link, id, &written) == -1)
			goto done;
	}
	printf("%s\n", id);
	ctl_sync_prune(&ys, id, keep);
	rc = CTL_OK;
done:
	if (lock != -1)
		close(lock);
	close(ys.ys_vfd);
	return rc;
}
