/*
 * priv: see priv.h.
 */
#define _GNU_SOURCE	/* setresuid, getresuid */
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include <linux/landlock.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "priv.h"

/*
 * Rights newer than the kernel headers Debian 12 ships: the values are
 * the kernel's ABI and never change.
 */
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE		(1ULL << 14)	/* ABI 3 */
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV		(1ULL << 15)	/* ABI 5 */
#endif
#ifndef LANDLOCK_ACCESS_NET_BIND_TCP
#define LANDLOCK_ACCESS_NET_BIND_TCP		(1ULL << 0)	/* ABI 4 */
#define LANDLOCK_ACCESS_NET_CONNECT_TCP		(1ULL << 1)
#endif
#ifndef LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET
#define LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET	(1ULL << 0)	/* ABI 6 */
#define LANDLOCK_SCOPE_SIGNAL			(1ULL << 1)
#endif

/* Every file-system right of ABI 1, EXECUTE to MAKE_SYM. */
#define PRIV_LL_FS_V1	((1ULL << 13) - 1)
#define PRIV_LL_READ	(LANDLOCK_ACCESS_FS_READ_FILE | \
			    LANDLOCK_ACCESS_FS_READ_DIR)

/*
 * struct landlock_ruleset_attr as of ABI 6; the headers may know only its
 * first field.  The kernel reads the first size bytes it is given.
 */
struct priv_ruleset_attr {
	uint64_t	pr_fs;
	uint64_t	pr_net;		/* ABI 4 */
	uint64_t	pr_scoped;	/* ABI 6 */
};

static char priv_err[512];

static const char *priv_fail(const char *, ...)
    __attribute__((format(printf, 1, 2)));

/* A message for *errstr, in a static buffer. */
static const char *
priv_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(priv_err, sizeof(priv_err), fmt, ap);
	va_end(ap);
	return priv_err;
}

/* The user to become: --user, else "capsule", else "nobody". */
static const struct passwd *
priv_user(const char *name, const char **errstr)
{
	const struct passwd *pw;

	errno = 0;
	if (name != NULL) {
		if ((pw = getpwnam(name)) == NULL)
			*errstr = priv_fail("--user %s: %s", name, errno != 0 ?
			    strerror(errno) : "no such user");
		return pw;
	}
	if ((pw = getpwnam("capsule")) != NULL ||
	    (pw = getpwnam("nobody")) != NULL)
		return pw;
	*errstr = "neither a \"capsule\" nor a \"nobody\" user exists; "
	    "name one with --user";
	return NULL;
}

/*
 * 0 when another thread runs (no_new_privs and Landlock would bind this
 * one only), 1 when none does or /proc cannot tell.
 */
static int
priv_single_threaded(void)
{
	struct dirent *de;
	DIR *d;
	int n = 0;

	if ((d = opendir("/proc/self/task")) == NULL)
		return 1;
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return n <= 1;
}

/*
 * 1 when dir is / or /etc: too much to open to reading for the sake of
 * one configuration file in it.
 */
static int
priv_dir_too_wide(int dirfd)
{
	static const char *const wide[] = { "/", "/etc" };
	struct stat d, w;
	size_t i;

	if (fstat(dirfd, &d) == -1)
		return 1;
	for (i = 0; i < sizeof(wide) / sizeof(wide[0]); i++)
		if (stat(wide[i], &w) == 0 && w.st_dev == d.st_dev &&
		    w.st_ino == d.st_ino)
			return 1;
	return 0;
}

/* Opens path (for a Landlock rule): O_PATH, so no right to read it. */
static int
priv_open_path(const char *path, int dir_of, const char **errstr)
{
	char dir[PATH_MAX];
	const char *slash;
	int fd;

	if (dir_of) {
		if ((slash = strrchr(path, '/')) == NULL)
			snprintf(dir, sizeof(dir), ".");
		else if (slash == path)
			snprintf(dir, sizeof(dir), "/");
		else
			snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path),
			    path);
		path = dir;
	}
	if ((fd = open(path, O_PATH | O_CLOEXEC)) == -1) {
		int e = errno;

		*errstr = priv_fail("%s: %s", path, strerror(e));
		errno = e;
	}
	return fd;
}

/*
 * The highest Landlock ABI the kernel has, or 0 after logging why there
 * is none: not built in (ENOSYS, also what valgrind answers), off at boot
 * (EOPNOTSUPP), or the call refused by a seccomp filter such as systemd's
 * SystemCallFilter.
 */
static int
priv_landlock_abi(int quiet)
{
	long abi;

	abi = syscall(SYS_landlock_create_ruleset, NULL, 0,
	    LANDLOCK_CREATE_RULESET_VERSION);
	if (abi >= 1)
		return abi > INT_MAX ? INT_MAX : (int)abi;
	if (quiet)
		return 0;
	if (errno == ENOSYS)
		log_info("landlock: not available (no such system call)");
	else if (errno == EOPNOTSUPP)
		log_info("landlock: not available (disabled at boot)");
	else
		log_info("landlock: not available (%s)", strerror(errno));
	return 0;
}

/*
 * Allows access (file rights, and READ_DIR for a directory) beneath fd,
 * a directory, or to fd itself, a file.
 */
static int
priv_landlock_allow(int ruleset, int fd, uint64_t access, const char *what,
    const char **errstr)
{
	struct landlock_path_beneath_attr pb;
	struct stat st;

	if (fstat(fd, &st) == -1) {
		*errstr = priv_fail("%s: %s", what, strerror(errno));
		return -1;
	}
	memset(&pb, 0, sizeof(pb));
	pb.parent_fd = fd;
	/* A file takes only file rights: READ_DIR on it is EINVAL. */
	pb.allowed_access = S_ISDIR(st.st_mode) ? access :
	    access & ~(uint64_t)LANDLOCK_ACCESS_FS_READ_DIR;
	if (syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH,
	    &pb, 0) == -1) {
		*errstr = priv_fail("landlock: %s: %s", what, strerror(errno));
		return -1;
	}
	return 0;
}

#if defined(__SANITIZE_ADDRESS__)
#define PRIV_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PRIV_SANITIZED 1
#endif
#endif

#ifdef PRIV_SANITIZED
/* priv_landlock_allow() for a path, when it exists. */
static int
priv_allow_path(int ruleset, const char *path, uint64_t access,
    const char **errstr)
{
	int fd, rc;

	if ((fd = open(path, O_PATH | O_CLOEXEC)) == -1)
		return 0;
	rc = priv_landlock_allow(ruleset, fd, access, path, errstr);
	close(fd);
	return rc;
}
#endif

/*
 * A build with AddressSanitizer (only) may also read /proc, where
 * LeakSanitizer lists the threads it stops at exit, and read and run
 * what symbolizes a report: the programs and libraries under /usr (and
 * /lib where it is not a link to /usr/lib) and the executable's own
 * directory.  Without these every sanitizer run would fail at exit and
 * show bare addresses.  (The set*id() calls make the process undumpable,
 * which would stop LeakSanitizer's ptrace too, but its StopTheWorld makes
 * the process dumpable itself for the time it needs.)
 */
static int
priv_sanitizer_allow(int ruleset, const char **errstr)
{
#ifdef PRIV_SANITIZED
	static const char *const run[] = { "/usr", "/lib", "/lib64" };
	char exe[PATH_MAX], *slash;
	ssize_t n;
	size_t i;

	if (priv_allow_path(ruleset, "/proc", PRIV_LL_READ, errstr) == -1)
		return -1;
	for (i = 0; i < sizeof(run) / sizeof(run[0]); i++)
		if (priv_allow_path(ruleset, run[i], PRIV_LL_READ |
		    LANDLOCK_ACCESS_FS_EXECUTE, errstr) == -1)
			return -1;
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL && slash != exe) {
			*slash = '\0';
			return priv_allow_path(ruleset, exe, PRIV_LL_READ,
			    errstr);
		}
	}
#else
	(void)ruleset;
	(void)errstr;
#endif
	return 0;
}

/*
 * Every right the kernel knows is handled, so all are denied but the
 * reads the rules allow: no write, create, remove, rename, truncate,
 * execute or device ioctl anywhere, no TCP bind or connect (the
 * listeners are bound already; accept is not restricted), no signal or
 * abstract socket outside the process.  Rights newer than this code
 * stay allowed: the kernel cannot deny what it was not asked to handle.
 */
static int
priv_landlock(int abi, const int *fds, const char *const *what, int n,
    const char **errstr)
{
	struct priv_ruleset_attr ra;
	size_t size;
	int ruleset, i;

	memset(&ra, 0, sizeof(ra));
	ra.pr_fs = PRIV_LL_FS_V1;
	size = sizeof(ra.pr_fs);
	if (abi >= 2)
		ra.pr_fs |= LANDLOCK_ACCESS_FS_REFER;
	if (abi >= 3)
		ra.pr_fs |= LANDLOCK_ACCESS_FS_TRUNCATE;
	if (abi >= 4) {
		ra.pr_net = LANDLOCK_ACCESS_NET_BIND_TCP |
		    LANDLOCK_ACCESS_NET_CONNECT_TCP;
		size += sizeof(ra.pr_net);
	}
	if (abi >= 5)
		ra.pr_fs |= LANDLOCK_ACCESS_FS_IOCTL_DEV;
	if (abi >= 6) {
		ra.pr_scoped = LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET |
		    LANDLOCK_SCOPE_SIGNAL;
		size += sizeof(ra.pr_scoped);
	}
	if ((ruleset = (int)syscall(SYS_landlock_create_ruleset, &ra, size,
	    0)) == -1) {
		*errstr = priv_fail("landlock: %s", strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++)
		if (fds[i] != -1 &&
		    priv_landlock_allow(ruleset, fds[i], PRIV_LL_READ, what[i],
		    errstr) == -1) {
			close(ruleset);
			return -1;
		}
	if (priv_sanitizer_allow(ruleset, errstr) == -1) {
		close(ruleset);
		return -1;
	}
	if (syscall(SYS_landlock_restrict_self, ruleset, 0) == -1) {
		*errstr = priv_fail("landlock: %s", strerror(errno));
		close(ruleset);
		return -1;
	}
	close(ruleset);
	return 0;
}

/* Every right that writes, by ABI: what priv_confine_writer() handles. */
#define PRIV_LL_WRITE_V1	(LANDLOCK_ACCESS_FS_WRITE_FILE | \
			    LANDLOCK_ACCESS_FS_REMOVE_DIR | \
			    LANDLOCK_ACCESS_FS_REMOVE_FILE | \
			    LANDLOCK_ACCESS_FS_MAKE_CHAR | \
			    LANDLOCK_ACCESS_FS_MAKE_DIR | \
			    LANDLOCK_ACCESS_FS_MAKE_REG | \
			    LANDLOCK_ACCESS_FS_MAKE_SOCK | \
			    LANDLOCK_ACCESS_FS_MAKE_FIFO | \
			    LANDLOCK_ACCESS_FS_MAKE_BLOCK | \
			    LANDLOCK_ACCESS_FS_MAKE_SYM)

int
priv_confine_writer(int storefd, int *abi, const char **errstr)
{
	static const char *const dirs[] = { "articles", "media", ".trash",
	    ".git" };
	static const char *const files[] = { ".lock", ".log" };
	struct priv_ruleset_attr ra;
	uint64_t fs, file;
	size_t size, i;
	int ruleset, fd, rc = -1;

	*abi = 0;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1) {
		*errstr = priv_fail("no_new_privs: %s", strerror(errno));
		return -1;
	}
	if ((*abi = priv_landlock_abi(0)) == 0)
		return 0;
	memset(&ra, 0, sizeof(ra));
	fs = PRIV_LL_WRITE_V1;
	file = LANDLOCK_ACCESS_FS_WRITE_FILE;
	size = sizeof(ra.pr_fs);
	if (*abi >= 2)
		fs |= LANDLOCK_ACCESS_FS_REFER;
	if (*abi >= 3) {
		fs |= LANDLOCK_ACCESS_FS_TRUNCATE;
		file |= LANDLOCK_ACCESS_FS_TRUNCATE;
	}
	if (*abi >= 4) {
		ra.pr_net = LANDLOCK_ACCESS_NET_BIND_TCP |
		    LANDLOCK_ACCESS_NET_CONNECT_TCP;
		size += sizeof(ra.pr_net);
	}
	if (*abi >= 5)
		fs |= LANDLOCK_ACCESS_FS_IOCTL_DEV;
	ra.pr_fs = fs;
	if ((ruleset = (int)syscall(SYS_landlock_create_ruleset, &ra, size,
	    0)) == -1) {
		*errstr = priv_fail("landlock: %s", strerror(errno));
		return -1;
	}
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		if ((fd = openat(storefd, dirs[i], O_PATH | O_DIRECTORY |
		    O_NOFOLLOW | O_CLOEXEC)) == -1)
			continue;
		rc = priv_landlock_allow(ruleset, fd, fs, dirs[i], errstr);
		close(fd);
		if (rc == -1)
			goto done;
	}
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if ((fd = openat(storefd, files[i], O_PATH | O_NOFOLLOW |
		    O_CLOEXEC)) == -1)
			continue;
		rc = priv_landlock_allow(ruleset, fd, file, files[i], errstr);
		close(fd);
		if (rc == -1)
			goto done;
	}
	rc = -1;
	if (syscall(SYS_landlock_restrict_self, ruleset, 0) == -1) {
		*errstr = priv_fail("landlock: %s", strerror(errno));
		goto done;
	}
	rc = 0;
done:
	close(ruleset);
	return rc;
}

/* Becomes pw for good: groups, then group, then user, then checks. */
static int
priv_setid(const struct passwd *pw, const char **errstr)
{
	uid_t ru, eu, su;
	gid_t rg, eg, sg, gid = pw->pw_gid;

	if (setgroups(1, &gid) == -1 || setresgid(gid, gid, gid) == -1 ||
	    setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid) == -1) {
		*errstr = priv_fail("cannot become %s: %s", pw->pw_name,
		    strerror(errno));
		return -1;
	}
	/* Belt and braces: a kernel or LSM quirk must not leave root. */
	if (setuid(0) != -1 || setgid(0) != -1) {
		*errstr = priv_fail("running as %s, root could still be "
		    "regained", pw->pw_name);
		return -1;
	}
	if (getresuid(&ru, &eu, &su) == -1 || getresgid(&rg, &eg, &sg) ==
	    -1 || ru != pw->pw_uid || eu != ru || su != ru || rg != gid ||
	    eg != gid || sg != gid || getuid() == 0 || geteuid() == 0) {
		*errstr = priv_fail("the switch to %s did not take",
		    pw->pw_name);
		return -1;
	}
	return 0;
}

/*
 * The user to become (or to stay, started without root), into ps; NULL
 * with no error when started unprivileged as a uid without a name.
 * -1 with *errstr set when the configuration asks for what cannot be.
 */
static int
priv_choose(const struct priv_conf *pc, struct priv_state *ps,
    const struct passwd **pwp, const char **errstr)
{
	const struct passwd *pw = NULL;

	if (geteuid() == 0) {
		if ((pw = priv_user(pc->pc_user, errstr)) == NULL)
			return -1;
		if (pw->pw_uid == 0 || pw->pw_gid == 0) {
			*errstr = priv_fail("--user %s: %s; capsuled does not "
			    "run as root", pw->pw_name, pw->pw_uid == 0 ?
			    "its uid is 0" : "its group is root");
			return -1;
		}
		ps->ps_dropped = 1;
	} else {
		if (pc->pc_chroot) {
			*errstr = "--chroot: capsuled must be started as root "
			    "to chroot";
			return -1;
		}
		if (pc->pc_user != NULL) {
			if ((pw = priv_user(pc->pc_user, errstr)) == NULL)
				return -1;
			if (pw->pw_uid != getuid() || pw->pw_uid != geteuid()) {
				*errstr = priv_fail("--user %s: capsuled was "
				    "not started as root, so it cannot "
				    "become another user", pc->pc_user);
				return -1;
			}
		} else
			pw = getpwuid(geteuid());
	}
	ps->ps_uid = pw != NULL ? pw->pw_uid : geteuid();
	if (pw != NULL)
		snprintf(ps->ps_user, sizeof(ps->ps_user), "%s", pw->pw_name);
	else
		snprintf(ps->ps_user, sizeof(ps->ps_user), "uid %u",
		    ps->ps_uid);
	*pwp = pw;
	return 0;
}

enum { P_STORE, P_CERT, P_KEY, P_CONF, P_N };

/*
 * What Landlock rules name, opened while it can still be reached (the
 * store alone when chrooted): fds[] and what[] by P_*, -1 and NULL
 * where nothing is opened.
 */
static int
priv_open_all(const struct priv_conf *pc, struct priv_state *ps, int *fds,
    const char **what, const char **errstr)
{
	what[P_STORE] = pc->pc_store;
	what[P_CERT] = pc->pc_cert;
	what[P_KEY] = pc->pc_key;
	what[P_CONF] = pc->pc_conf;
	if ((fds[P_STORE] = priv_open_path(pc->pc_store, 0, errstr)) == -1)
		return -1;
	if (pc->pc_chroot)
		return 0;
	if ((fds[P_CERT] = priv_open_path(pc->pc_cert, 1, errstr)) == -1 &&
	    !(pc->pc_trial && errno == ENOENT))
		return -1;
	if ((fds[P_KEY] = priv_open_path(pc->pc_key, 1, errstr)) == -1 &&
	    !(pc->pc_trial && errno == ENOENT))
		return -1;
	if (pc->pc_conf == NULL)
		return 0;
	if ((fds[P_CONF] = priv_open_path(pc->pc_conf, 1, errstr)) == -1)
		return -1;
	ps->ps_conf_dir = 1;
	if (priv_dir_too_wide(fds[P_CONF])) {
		close(fds[P_CONF]);
		ps->ps_conf_dir = 0;
		if ((fds[P_CONF] = priv_open_path(pc->pc_conf, 0,
		    errstr)) == -1)
			return -1;
	}
	return 0;
}

/* Chroot, the user, no_new_privs, Landlock: what ps then says. */
static int
priv_confine(const struct priv_conf *pc, struct priv_state *ps,
    const struct passwd *pw, const int *fds, const char *const *what,
    const char **errstr)
{
	int abi;

	if (pc->pc_chroot) {
		if (fchdir(fds[P_STORE]) == -1 || chroot(".") == -1 ||
		    chdir("/") == -1) {
			*errstr = priv_fail("chroot %s: %s", pc->pc_store,
			    strerror(errno));
			return -1;
		}
		ps->ps_chroot = 1;
	}
	if (ps->ps_dropped && priv_setid(pw, errstr) == -1)
		return -1;
	if (getuid() == 0 || geteuid() == 0) {
		*errstr = "still running as root";
		return -1;
	}
	/* Landlock requires it, and no exec could gain anything anyway. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1) {
		*errstr = priv_fail("PR_SET_NO_NEW_PRIVS: %s",
		    strerror(errno));
		return -1;
	}
	if ((abi = priv_landlock_abi(pc->pc_trial)) > 0) {
		if (priv_landlock(abi, fds, what, P_N, errstr) == -1)
			return -1;
		ps->ps_landlock = abi;
	}
	return 0;
}

int
priv_drop(const struct priv_conf *pc, struct priv_state *ps,
    const char **errstr)
{
	const struct passwd *pw = NULL;
	const char *what[P_N];
	char ll[32];
	int fds[P_N], i, rc = -1;

	memset(ps, 0, sizeof(*ps));
	for (i = 0; i < P_N; i++)
		fds[i] = -1;
	if (!priv_single_threaded()) {
		*errstr = "privileges dropped with threads running: they "
		    "would escape no_new_privs and Landlock";
		return -1;
	}
	if (priv_choose(pc, ps, &pw, errstr) == -1)
		return -1;
	/* syslog stamps local time: read the zone while /etc is there. */
	tzset();
	if (priv_open_all(pc, ps, fds, what, errstr) == -1 ||
	    priv_confine(pc, ps, pw, fds, what, errstr) == -1)
		goto done;
	rc = 0;
	if (pc->pc_trial)
		goto done;
	if (ps->ps_landlock > 0)
		snprintf(ll, sizeof(ll), "landlock ABI %d", ps->ps_landlock);
	else
		snprintf(ll, sizeof(ll), "no landlock");
	log_info("running as %s (uid %u, %s)%s%s, no_new_privs, %s",
	    ps->ps_user, ps->ps_uid, ps->ps_dropped ? "root dropped" :
	    "started unprivileged", ps->ps_chroot ? ", chroot " : "",
	    ps->ps_chroot ? pc->pc_store : "", ll);
	rc = 0;
done:
	for (i = 0; i < P_N; i++)
		if (fds[i] != -1)
			close(fds[i]);
	return rc;
}
