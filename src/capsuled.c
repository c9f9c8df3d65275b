/*
 * capsuled: serves a capsule store over Gemini and Gopher.
 *
 * The main thread reads the configuration, binds the listeners, loads the
 * certificate (creating it on first start), gives up root (priv.h), starts
 * watching the store (watch.h), builds the first snapshot and starts the
 * workers; then it only watches: signals (SIGHUP reloads the
 * configuration and certificate, SIGINT and SIGTERM stop) and the store,
 * rebuilding and publishing a snapshot when the store changed.  Workers
 * serve connections on their own event loops and never wait for the main
 * thread: they see only the conn_limits this thread publishes, the TLS
 * context tls.c publishes and the snapshot snapshot.c publishes.
 *
 * The options come from daemon_opts.c, the listeners and workers from
 * daemon_workers.c; all three share server.h, which nothing outside the
 * daemon includes.
 */
#define _GNU_SOURCE	/* daemon() */
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "conn.h"
#include "log.h"
#include "metrics.h"
#include "mime.h"
#include "priv.h"
#include "ratelimit.h"
#include "server.h"
#include "snapshot.h"
#include "store.h"
#include "tls.h"
#include "upload.h"
#include "watch.h"
#include "writer.h"

#define RELOAD_NICE		19	/* the rebuilding thread's nice value */

static struct server	 srv;
static const char	*conf_file;
static struct priv_state priv;
/* The certificate and key in service, as stat(2) saw them before loading. */
static struct stat	 tls_stamp[2];
/* What tells the reloads when the store changed: see watch.h. */
static struct watch	*watcher;
/* Titan: the writer process (NULL: uploads off) and the store it reads. */
static struct writer	*writer;
static int		 upload_storefd = -1;

/*
 * Creates certs when both files are missing (never overwrites one).
 * With stamps, the certificate's and key's stat(2) from before they were
 * read go there (so a later change cannot pass for the loaded files).
 */
static struct tls_ctx *
load_tls(const struct server_conf *c, int create, struct stat *stamps)
{
	const char *errstr;
	struct tls_ctx *t;
	struct stat st;
	char dir[PATH_MAX], *slash;
	int have_cert = stat(c->sc_cert, &st) == 0;
	int have_key = stat(c->sc_key, &st) == 0;

	if (!have_cert && !have_key && create) {
		snprintf(dir, sizeof(dir), "%s", c->sc_cert);
		if ((slash = strrchr(dir, '/')) != NULL) {
			*slash = '\0';
			mkdir(dir, 0755);
		}
		if (tls_cert_create(c->sc_host, c->sc_cert, c->sc_key,
		    &errstr) == -1) {
			log_warn("%s: cannot create: %s", c->sc_cert, errstr);
			return NULL;
		}
		log_info("created %s and %s for %s (EC P-256, self-signed)",
		    c->sc_cert, c->sc_key, c->sc_host);
	} else if (have_cert != have_key) {
		log_error("%s: missing (its pair %s exists; not replacing it)",
		    have_cert ? c->sc_key : c->sc_cert,
		    have_cert ? c->sc_cert : c->sc_key);
		return NULL;
	}
	if (stamps != NULL && (stat(c->sc_cert, &stamps[0]) == -1 ||
	    stat(c->sc_key, &stamps[1]) == -1))
		memset(stamps, 0, 2 * sizeof(*stamps));
	if ((t = tls_ctx_new(c->sc_cert, c->sc_key, &errstr)) == NULL)
		log_error("%s", errstr);
	return t;
}

/* 1 when path is still the file st describes. */
static int
file_unchanged(const char *path, const struct stat *st)
{
	struct stat now;

	return st->st_ino != 0 && stat(path, &now) == 0 &&
	    now.st_dev == st->st_dev && now.st_ino == st->st_ino &&
	    now.st_size == st->st_size &&
	    now.st_mtim.tv_sec == st->st_mtim.tv_sec &&
	    now.st_mtim.tv_nsec == st->st_mtim.tv_nsec &&
	    now.st_ctim.tv_sec == st->st_ctim.tv_sec &&
	    now.st_ctim.tv_nsec == st->st_ctim.tv_nsec;
}

/* 1 when a and b name the same directory. */
static int
same_dir(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	    sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/*
 * Where the store is opened from: its path, or "/" once capsuled is
 * chrooted to it.  Messages keep naming the configured path.
 */
static const char *
capsuled_store_dir(const struct server_conf *c)
{
	return priv.ps_chroot ? "/" : c->sc_store;
}

/*
 * The trial load before a first start says only what stops it: the
 * real load says the rest.
 */
static int quiet_articles;

static void
report_article(void *ctx, const char *path, unsigned line, int warning,
    const char *msg)
{
	const struct server_conf *c = ctx;

	if (quiet_articles) {
		srv.s_nerrors += !warning;
		return;
	}
	if (line > 0)
		log_warn("%s/%s:%u: %s%s", c->sc_store, path, line,
		    warning ? "" : "skipped: ", msg);
	else
		log_warn("%s/%s: %s%s", c->sc_store, path,
		    warning ? "" : "skipped: ", msg);
	if (!warning)
		srv.s_nerrors++;
}

static struct snapshot *
build_snapshot(const struct server_conf *c)
{
	struct snap_conf sc;
	struct snapshot *sn, *prev;
	const char *errpath, *errstr;
	unsigned line;

	sc.sc_store = capsuled_store_dir(c);
	sc.sc_host = c->sc_host;
	sc.sc_gemini_port = srv.s_gemini_port;
	sc.sc_gopher_port = srv.s_gopher_port;
	sc.sc_gopher_ascii = c->sc_gopher_ascii;
	sc.sc_primary = strcmp(c->sc_primary, "off") != 0 ? c->sc_primary :
	    NULL;
	sc.sc_settle = watcher != NULL ? watch_settle(watcher) : NULL;
	prev = snapshot_acquire();
	sn = snapshot_build(&sc, prev, report_article, (void *)c, &errpath,
	    &line, &errstr);
	snapshot_unref(prev);
	if (sn == NULL) {
		if (errpath != NULL && line > 0)
			log_warn("%s/%s:%u: %s", c->sc_store, errpath, line,
			    errstr);
		else if (errpath != NULL)
			log_warn("%s/%s: %s", c->sc_store, errpath, errstr);
		else
			log_warn("%s: %s", c->sc_store, errstr);
	}
	return sn;
}

/* The limits workers read, from the configuration in force. */
static void
limits_publish(const struct server_conf *c)
{
	conn_limits_set(&srv.s_limits, c->sc_read_timeout,
	    c->sc_write_timeout, c->sc_max_conns, c->sc_max_conns_per_addr);
}

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Articles still being written wait for a reload of their own. */
static void
capsuled_log_held(const struct snapshot *sn)
{
	if (sn->sn_store->s_nheld > 0)
		log_info("%u article file%s still being written: served as "
		    "before until done", sn->sn_store->s_nheld,
		    sn->sn_store->s_nheld == 1 ? "" : "s");
}

/*
 * A new snapshot goes into service as soon as its pages are ready; its
 * search index follows, the previous index answering meanwhile.
 */
static void
reload_store(void)
{
	struct snapshot *sn;
	struct watch *w;
	const char *dir = capsuled_store_dir(&srv.s_conf);
	uint64_t t0 = now_ms(), t1;

	/* Another store (SIGHUP), or this one replaced: watched first. */
	if (!watch_same(watcher, dir)) {
		if ((w = watch_new(dir)) == NULL)
			log_warn("%s: cannot watch: %s", srv.s_conf.sc_store,
			    strerror(ENOMEM));
		else {
			watch_free(watcher);
			watcher = w;
		}
	}
	watch_reloading(watcher);
	srv.s_nerrors = 0;
	if ((sn = build_snapshot(&srv.s_conf)) == NULL) {
		log_warn("reload failed; still serving the previous store");
		return;
	}
	snapshot_ref(sn);
	snapshot_publish(sn);
	t1 = now_ms();
	metrics_reload(sn->sn_store->s_npub, t1 - t0, (uint64_t)time(NULL));
	metrics_version(sn->sn_store->s_version);
	if (snapshot_index(sn) == -1)
		log_warn("search index: %s; searches use the previous one",
		    strerror(ENOMEM));
	log_info("store reloaded: %zu articles in service after %llu ms, "
	    "searchable after %llu ms", sn->sn_store->s_npub,
	    (unsigned long long)(t1 - t0), (unsigned long long)(now_ms() - t0));
	capsuled_log_held(sn);
	snapshot_unref(sn);
}

/*
 * Settings that only a restart changes: said, not applied; under
 * landlock the store too, which c then keeps naming the one in service.
 */
static void
reload_fixed(struct server_conf *c)
{
	const struct server_conf *o = &srv.s_conf;

	if (strcmp(c->sc_gemini, o->sc_gemini) != 0 ||
	    strcmp(c->sc_gopher, o->sc_gopher) != 0 ||
	    strcmp(c->sc_gemini_proxy, o->sc_gemini_proxy) != 0 ||
	    strcmp(c->sc_gopher_proxy, o->sc_gopher_proxy) != 0 ||
	    strcmp(c->sc_metrics, o->sc_metrics) != 0 ||
	    memcmp(&c->sc_proxy_from, &o->sc_proxy_from,
	    sizeof(c->sc_proxy_from)) != 0 ||
	    c->sc_public_port != o->sc_public_port ||
	    c->sc_gopher_public_port != o->sc_gopher_public_port ||
	    c->sc_workers != o->sc_workers ||
	    c->sc_chroot != o->sc_chroot || c->sc_titan != o->sc_titan ||
	    (c->sc_user == NULL) != (o->sc_user == NULL) ||
	    (c->sc_user != NULL && strcmp(c->sc_user, o->sc_user) != 0))
		log_warn("SIGHUP: listeners, public ports, proxy-from, "
		    "workers, user, chroot and titan change on restart only");
	if (priv.ps_landlock > 0 && !same_dir(c->sc_store, o->sc_store)) {
		log_warn("SIGHUP: still serving %s: landlock lets capsuled "
		    "read only the store it started with (restart it to serve "
		    "%s)", o->sc_store, c->sc_store);
		free(c->sc_store);
		c->sc_store = srv.s_conf.sc_store;
		srv.s_conf.sc_store = NULL;
	}
}

/*
 * The certificate c names, when it is not the one in service, put in
 * service; 1 when it was, 0 when kept.  Files unchanged since they were
 * loaded are not read again: the key may be readable by root only, and
 * root is gone.
 */
static int
reload_tls(struct server_conf *c)
{
	struct tls_ctx *t;
	struct stat stamps[2];

	if (strcmp(c->sc_cert, srv.s_conf.sc_cert) == 0 &&
	    strcmp(c->sc_key, srv.s_conf.sc_key) == 0 &&
	    file_unchanged(c->sc_cert, &tls_stamp[0]) &&
	    file_unchanged(c->sc_key, &tls_stamp[1]))
		return 0;
	if ((t = load_tls(c, 0, stamps)) == NULL) {
		log_warn("SIGHUP: certificate not reloaded; keeping the one "
		    "in service (capsuled reads files as %s%s)", priv.ps_user,
		    priv.ps_landlock > 0 ? ", and under landlock only in the "
		    "directories of the certificate and key it started with" :
		    "");
		return 0;
	}
	tls_ctx_publish(t);
	free(srv.s_conf.sc_cert);
	free(srv.s_conf.sc_key);
	srv.s_conf.sc_cert = c->sc_cert;
	srv.s_conf.sc_key = c->sc_key;
	c->sc_cert = c->sc_key = NULL;
	memcpy(tls_stamp, stamps, sizeof(tls_stamp));
	return 1;
}

static void
reload_conf(int argc, char **argv)
{
	struct server_conf c;
	int tls;

	/* Chrooted, nothing but the store (now "/") is in reach. */
	if (priv.ps_chroot) {
		log_warn("SIGHUP: chrooted to %s, capsuled cannot read %s or "
		    "the certificate again; keeping the ones in service "
		    "(restart it to change them)", srv.s_conf.sc_store,
		    conf_file != NULL ? conf_file : "its configuration");
		reload_store();
		return;
	}
	if (daemon_opts_load(&c, conf_file, argc, argv) == -1) {
		if (priv.ps_landlock > 0 && !priv.ps_conf_dir)
			log_warn("SIGHUP: configuration refused; nothing "
			    "changed (landlock lets capsuled read %s only as "
			    "the file it started with, its folder being too "
			    "wide to open: a file renamed over it is read at "
			    "the next start)", conf_file);
		else
			log_warn("SIGHUP: configuration refused; nothing "
			    "changed");
		daemon_opts_free(&c);
		return;
	}
	reload_fixed(&c);
	tls = reload_tls(&c);
	free(srv.s_conf.sc_store);
	free(srv.s_conf.sc_host);
	srv.s_conf.sc_store = c.sc_store;
	srv.s_conf.sc_host = c.sc_host;
	c.sc_store = c.sc_host = NULL;
	srv.s_conf.sc_read_timeout = c.sc_read_timeout;
	srv.s_conf.sc_write_timeout = c.sc_write_timeout;
	srv.s_conf.sc_max_conns = c.sc_max_conns;
	srv.s_conf.sc_max_conns_per_addr = c.sc_max_conns_per_addr;
	limits_publish(&srv.s_conf);
	srv.s_conf.sc_gopher_ascii = c.sc_gopher_ascii;
	srv.s_conf.sc_rate_requests = c.sc_rate_requests;
	srv.s_conf.sc_rate_seconds = c.sc_rate_seconds;
	ratelimit_set(srv.s_limits.cl_ratelimit, c.sc_rate_requests,
	    c.sc_rate_seconds);
	srv.s_conf.sc_titan_max_article = c.sc_titan_max_article;
	srv.s_conf.sc_titan_max_media = c.sc_titan_max_media;
	upload_caps(c.sc_titan_max_article, c.sc_titan_max_media);
	daemon_opts_free(&c);
	log_info("SIGHUP: configuration %s", tls ?
	    "and certificate reloaded" : "reloaded, certificate kept");
	reload_store();
}

static void
raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1)
		return;
	rl.rlim_cur = rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
		getrlimit(RLIMIT_NOFILE, &rl);
	log_info("open files limit: %llu", (unsigned long long)rl.rlim_cur);
}

/* Watches signals and the store until SIGINT or SIGTERM. */
static void
main_loop(int argc, char **argv)
{
	struct signalfd_siginfo si;
	struct pollfd pfd[2];
	uint64_t now;
	uint64_t rotate_every = (uint64_t)srv.s_conf.sc_ticket_lifetime * 500;
	uint64_t next_rotate = now_ms() + rotate_every;
	sigset_t set;
	int sfd, timeout;

	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	if ((sfd = signalfd(-1, &set, SFD_CLOEXEC)) == -1)
		log_fatal("signalfd: %s", strerror(errno));
	for (;;) {
		now = now_ms();
		timeout = watch_timeout(watcher);
		if (next_rotate <= now)
			timeout = 0;
		else if ((uint64_t)timeout > next_rotate - now)
			timeout = (int)(next_rotate - now);
		pfd[0].fd = sfd;
		pfd[0].events = POLLIN;
		pfd[1].fd = watch_fd(watcher);
		pfd[1].events = POLLIN;
		pfd[1].revents = 0;
		if (poll(pfd, pfd[1].fd == -1 ? 1 : 2, timeout) == -1 &&
		    errno != EINTR)
			log_fatal("poll: %s", strerror(errno));
		now = now_ms();
		if (pfd[0].revents & POLLIN &&
		    read(sfd, &si, sizeof(si)) == sizeof(si)) {
			if (si.ssi_signo != SIGHUP)
				break;
			reload_conf(argc, argv);
		}
		if (pfd[1].revents & POLLIN)
			watch_read(watcher);
		if (watch_tick(watcher))
			reload_store();
		/* Forward secrecy: a ticket key lives one ticket lifetime. */
		if (now >= next_rotate) {
			next_rotate = now + rotate_every;
			if (tls_tickets_rotate() == -1)
				log_warn("ticket keys: the random generator "
				    "failed; keys not rotated");
		}
	}
	log_info("signal %u: stopping", si.ssi_signo);
	close(sfd);
}

/*
 * Titan's writer (writer.h) is forked here, while capsuled is still one
 * thread with every right it started with, and before it holds the TLS
 * key: the writer's supervisor keeps the right to write the store, and
 * to fork a new writer when one dies, which capsuled gives up at the
 * drop.  --titan auto: only for a store that has publishers.
 */
static void
titan_spawn(void)
{
	const char *errstr;
	char path[PATH_MAX];
	int on = srv.s_conf.sc_titan == SERVER_TITAN_ON;

	if (srv.s_conf.sc_titan == SERVER_TITAN_AUTO) {
		snprintf(path, sizeof(path), "%s/%s", srv.s_conf.sc_store,
		    PUBLISHERS_FILE);
		if (!(on = access(path, F_OK) == 0))
			log_info("titan: off (%s has no %s file; --titan on "
			    "to take uploads anyway)", srv.s_conf.sc_store,
			    PUBLISHERS_FILE);
	}
	if (!on)
		return;
	if ((writer = writer_spawn(srv.s_conf.sc_store, &errstr)) == NULL)
		log_fatal("titan: cannot start the writer: %s", errstr);
	log_info("titan: uploads on, writer process %ld, at most %zu bytes "
	    "an article, %zu a media file", (long)writer_pid(writer),
	    srv.s_conf.sc_titan_max_article, srv.s_conf.sc_titan_max_media);
}

/* The store's directory, read-only, for the publishers pre-check. */
static void
titan_open_store(void)
{
	if (writer == NULL)
		return;
	if ((upload_storefd = open(capsuled_store_dir(&srv.s_conf),
	    O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		log_fatal("%s: %s", srv.s_conf.sc_store, strerror(errno));
}

/*
 * Gives up root (or checks that nothing asks for it when started without
 * it) and confines the process: see priv.h.  Fatal when it cannot.
 */
static void
drop_privileges(void)
{
	struct priv_conf pc;
	const char *errstr;

	memset(&pc, 0, sizeof(pc));
	pc.pc_user = srv.s_conf.sc_user;
	pc.pc_chroot = srv.s_conf.sc_chroot;
	pc.pc_store = srv.s_conf.sc_store;
	pc.pc_cert = srv.s_conf.sc_cert;
	pc.pc_key = srv.s_conf.sc_key;
	pc.pc_conf = conf_file;
	if (priv_drop(&pc, &priv, &errstr) == -1)
		log_fatal("%s", errstr);
}

/* path as an absolute path, for --check to show; into buf. */
static const char *
check_abs(const char *path, char *buf, size_t size)
{
	char cwd[PATH_MAX];

	if (*path == '/' || getcwd(cwd, sizeof(cwd)) == NULL)
		snprintf(buf, size, "%s", path);
	else
		snprintf(buf, size, "%s/%s", strcmp(cwd, "/") == 0 ? "" : cwd,
		    strncmp(path, "./", 2) == 0 ? path + 2 : path);
	return buf;
}

/*
 * A listener's address is bound and let go again.  In use now is only a
 * warning: a capsuled checked before a reload holds its own ports.
 */
static int
check_listen(const char *what, const char *spec)
{
	int fd, port, e;

	if (strcmp(spec, "off") == 0)
		return 0;
	if ((fd = daemon_listen(spec, &port)) != -1) {
		close(fd);
		printf("%s: %s can be bound\n", what, spec);
		return 0;
	}
	e = errno;
	if (e == EADDRINUSE) {
		log_warn("%s: %s is in use now: a start fails until it is "
		    "free (a capsuled already serving there is fine for a "
		    "reload)", what, spec);
		return 0;
	}
	if (e == EACCES)
		log_error("%s: cannot bind %s: ports below 1024 need root, "
		    "or CAP_NET_BIND_SERVICE", what, spec);
	else
		log_error("%s: cannot bind %s", what, spec);
	return 1;
}

/* The certificate as a start reads it (as root, if started so). */
static int
check_cert(void)
{
	const struct server_conf *c = &srv.s_conf;
	const char *errstr, *warnstr;
	struct tls_ctx *t;

	if (access(c->sc_cert, F_OK) == -1 && access(c->sc_key, F_OK) == -1) {
		printf("%s: none yet; capsuled creates it at its first start\n",
		    c->sc_cert);
		return 0;
	}
	if ((t = load_tls(c, 0, NULL)) == NULL)
		return 1;
	tls_ctx_unref(t);
	if (tls_cert_check(c->sc_cert, c->sc_host, &errstr, &warnstr) == -1) {
		log_error("%s", errstr);
		return 1;
	}
	if (warnstr != NULL)
		log_warn("%s", warnstr);
	return 0;
}

/*
 * After the drop, in the trial child: the certificate and key must be
 * readable for a SIGHUP to load changed ones, not for a start, which
 * reads them before giving up root.
 */
static void
check_cert_as_user(void)
{
	const char *f[2] = { srv.s_conf.sc_cert, srv.s_conf.sc_key };
	int i, fd;

	for (i = 0; i < 2 && !priv.ps_chroot; i++) {
		if ((fd = open(f[i], O_RDONLY | O_CLOEXEC | O_NOCTTY)) != -1) {
			close(fd);
			continue;
		}
		if (errno == ENOENT)
			continue;
		log_warn("%s: %s cannot read it (%s): a start reads it as "
		    "root, but a SIGHUP cannot load a changed one", f[i],
		    priv.ps_user, strerror(errno));
	}
}

/*
 * After the drop, in the trial child: a file created in the store's
 * articles/ must be refused, as it is to the processes that serve it
 * (only the writer process writes the store).  The attempt is real, so
 * what it proves does not rest on reading priv.c: without Landlock the
 * file permissions alone decide, and a store its user can write is
 * said to be writable.
 */
static void
check_write_refused(void)
{
	char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof(path), "%s/%s/.check-write-%ld",
	    priv.ps_chroot ? "" : srv.s_conf.sc_store, STORE_ARTICLES,
	    (long)getpid());
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC |
	    O_NOFOLLOW, 0600)) == -1) {
		printf("a file created in %s/%s was refused (%s): capsuled "
		    "serves the store read-only\n", srv.s_conf.sc_store,
		    STORE_ARTICLES, strerror(errno));
		return;
	}
	close(fd);
	unlink(path);
	log_warn("%s/%s: %s could create a file there: without Landlock, "
	    "give the store to another user than capsuled's",
	    srv.s_conf.sc_store, STORE_ARTICLES, priv.ps_user);
}

/*
 * In a child that gives up root as a start would (user, chroot,
 * no_new_privs, Landlock: priv.h), the store is loaded, so that what
 * the user capsuled runs as cannot read is found before it matters.
 * Returns the child's verdict: 0 when the store can be served.
 */
static int
check_as_user(int checking)
{
	struct priv_conf pc;
	struct snapshot *sn;
	const char *errstr;
	pid_t pid;
	int status, rc = 1;

	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) == -1) {
		log_error("fork: %s", strerror(errno));
		return 1;
	}
	if (pid == 0) {
		memset(&pc, 0, sizeof(pc));
		pc.pc_user = srv.s_conf.sc_user;
		pc.pc_chroot = srv.s_conf.sc_chroot;
		pc.pc_store = srv.s_conf.sc_store;
		pc.pc_cert = srv.s_conf.sc_cert;
		pc.pc_key = srv.s_conf.sc_key;
		pc.pc_conf = conf_file;
		pc.pc_trial = 1;
		quiet_articles = !checking;
		if (priv_drop(&pc, &priv, &errstr) == -1)
			log_error("%s", errstr);
		else if ((sn = build_snapshot(&srv.s_conf)) == NULL)
			log_error("%s cannot be served as %s, %s",
			    srv.s_conf.sc_store, priv.ps_user, priv.ps_dropped ?
			    "the user capsuled becomes (--user)" :
			    "who runs this");
		else {
			rc = checking && srv.s_nerrors > 0;
			if (checking) {
				printf("%s: %zu article%s (%zu published), "
				    "%zu tag%s, %zu media file%s; %u with "
				    "errors\n", srv.s_conf.sc_store,
				    sn->sn_store->s_narts,
				    sn->sn_store->s_narts == 1 ? "" : "s",
				    sn->sn_store->s_npub, sn->sn_store->s_ntags,
				    sn->sn_store->s_ntags == 1 ? "" : "s",
				    sn->sn_files.sf_nmedia,
				    sn->sn_files.sf_nmedia == 1 ? "" : "s",
				    srv.s_nerrors);
				printf("store read as %s, %s, with "
				    "no_new_privs%s\n", priv.ps_user,
				    priv.ps_dropped ? "the user capsuled "
				    "becomes (--user)" : "who runs this check "
				    "(capsuled reads as whoever starts it, "
				    "unless started as root)",
				    priv.ps_landlock > 0 ? " and landlock" :
				    "");
				check_cert_as_user();
				check_write_refused();
			}
			snapshot_unref(sn);
		}
		fflush(stdout);
		fflush(stderr);
		snapshot_shutdown();
		mime_close();
		daemon_opts_free(&srv.s_conf);
		_exit(rc);
	}
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR) {
			log_error("waitpid: %s", strerror(errno));
			return 1;
		}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

/*
 * --check: what would stop a start, or spoil it: the configuration (read
 * already), the listeners, the certificate and the store as the user
 * capsuled runs as.  0 when nothing stops it.
 */
static int
check(void)
{
	const struct server_conf *c = &srv.s_conf;
	char abs[PATH_MAX + 2];
	int rc = 0;

	if (conf_file != NULL)
		printf("configuration: %s\n", check_abs(conf_file, abs,
		    sizeof(abs)));
	printf("store: %s\n", check_abs(c->sc_store, abs, sizeof(abs)));
	printf("certificate: %s\n", check_abs(c->sc_cert, abs, sizeof(abs)));
	printf("key: %s\n", check_abs(c->sc_key, abs, sizeof(abs)));
	rc |= check_listen("gemini", c->sc_gemini);
	rc |= check_listen("gopher", c->sc_gopher);
	rc |= check_listen("gemini-proxy", c->sc_gemini_proxy);
	rc |= check_listen("gopher-proxy", c->sc_gopher_proxy);
	rc |= check_listen("metrics", c->sc_metrics);
	rc |= check_cert();
	srv.s_gemini_port = c->sc_public_port ? c->sc_public_port : 1965;
	srv.s_gopher_port = c->sc_gopher_public_port ?
	    c->sc_gopher_public_port : 70;
	rc |= check_as_user(1);
	if (rc == 0)
		printf("configuration and certificate: ok\n");
	return rc != 0;
}

/* A PROXY protocol listener, or -1 when spec is "off"; fatal. */
static int
serve_listen_proxy(const char *spec, const char *what, int *port)
{
	int fd;

	if (strcmp(spec, "off") == 0)
		return -1;
	if ((fd = daemon_listen(spec, port)) == -1)
		log_fatal("cannot listen for %s behind a proxy on %s", what,
		    spec);
	return fd;
}

/* The listeners, the rate limit table and the certificate; fatal. */
static void
serve_setup(void)
{
	struct tls_ctx *t;
	const char *errstr, *warnstr;
	int port;

	raise_nofile();
	if ((srv.s_gemini_fd = daemon_listen(srv.s_conf.sc_gemini,
	    &port)) == -1)
		log_fatal("cannot listen for Gemini on %s", srv.s_conf.sc_gemini);
	srv.s_gemini_port = srv.s_conf.sc_public_port ?
	    srv.s_conf.sc_public_port : port;
	srv.s_gopher_fd = -1;
	if (strcmp(srv.s_conf.sc_gopher, "off") != 0) {
		if ((srv.s_gopher_fd = daemon_listen(srv.s_conf.sc_gopher,
		    &port)) == -1)
			log_fatal("cannot listen for Gopher on %s",
			    srv.s_conf.sc_gopher);
		srv.s_gopher_port = srv.s_conf.sc_gopher_public_port ?
		    srv.s_conf.sc_gopher_public_port : port;
	}
	srv.s_gemini_proxy_fd = serve_listen_proxy(srv.s_conf.sc_gemini_proxy,
	    "Gemini", &port);
	srv.s_gopher_proxy_fd = serve_listen_proxy(srv.s_conf.sc_gopher_proxy,
	    "Gopher", &port);
	srv.s_metrics_fd = -1;
	if (strcmp(srv.s_conf.sc_metrics, "off") != 0) {
		if ((srv.s_metrics_fd = daemon_listen(srv.s_conf.sc_metrics,
		    &port)) == -1)
			log_fatal("cannot listen for metrics on %s",
			    srv.s_conf.sc_metrics);
		if (metrics_open() == -1)
			log_warn("/proc/self/statm: %s; memory not reported",
			    strerror(errno));
	}
	/* Behind a proxy only, menus name the public port the proxy has. */
	if (srv.s_gopher_fd == -1 && srv.s_gopher_proxy_fd != -1)
		srv.s_gopher_port = srv.s_conf.sc_gopher_public_port ?
		    srv.s_conf.sc_gopher_public_port : port;
	if ((srv.s_limits.cl_ratelimit = ratelimit_new(RATELIMIT_SLOTS)) ==
	    NULL)
		log_fatal("rate limit table: %s", strerror(ENOMEM));
	ratelimit_set(srv.s_limits.cl_ratelimit, srv.s_conf.sc_rate_requests,
	    srv.s_conf.sc_rate_seconds);
	if (tls_tickets_init(srv.s_conf.sc_ticket_lifetime) == -1)
		log_fatal("ticket keys: the random generator failed");
	/*
	 * A first start makes the certificate, and a start that fails
	 * after that would leave it behind: the store is tried first, as
	 * the user capsuled becomes.
	 */
	if (access(srv.s_conf.sc_cert, F_OK) == -1 &&
	    access(srv.s_conf.sc_key, F_OK) == -1 && check_as_user(0) != 0)
		log_fatal("cannot serve %s; %s not created", srv.s_conf.sc_store,
		    srv.s_conf.sc_cert);
	if ((t = load_tls(&srv.s_conf, 1, tls_stamp)) == NULL)
		log_fatal("no usable certificate");
	tls_ctx_publish(t);
	if (tls_cert_check(srv.s_conf.sc_cert, srv.s_conf.sc_host, &errstr,
	    &warnstr) == -1)
		log_warn("%s", errstr);
	else if (warnstr != NULL)
		log_warn("%s", warnstr);
}

/*
 * The first snapshot, built and published without root; held (the
 * returned reference) until its index is built, whatever a reload does.
 * Fatal when the store cannot be served.
 */
static struct snapshot *
serve_store(uint64_t *t0, uint64_t *t1)
{
	struct snapshot *sn;

	/* Watched before it is read: a change during the build is seen. */
	if ((watcher = watch_new(capsuled_store_dir(&srv.s_conf))) == NULL)
		log_fatal("%s: cannot watch: %s", srv.s_conf.sc_store,
		    strerror(ENOMEM));
	*t0 = now_ms();
	if ((sn = build_snapshot(&srv.s_conf)) == NULL)
		log_fatal("cannot serve %s", srv.s_conf.sc_store);
	snapshot_ref(sn);
	snapshot_publish(sn);
	*t1 = now_ms();
	metrics_reload(sn->sn_store->s_npub, *t1 - *t0, (uint64_t)time(NULL));
	metrics_version(sn->sn_store->s_version);
	log_info("serving %s (%zu articles) as gemini://%s:%d/ on %s, "
	    "%d workers", srv.s_conf.sc_store, sn->sn_store->s_npub,
	    srv.s_conf.sc_host, srv.s_gemini_port, srv.s_conf.sc_gemini,
	    srv.s_conf.sc_workers);
	capsuled_log_held(sn);
	if (srv.s_gopher_fd != -1)
		log_info("and as gopher://%s:%d/ on %s (%s)", srv.s_conf.sc_host,
		    srv.s_gopher_port, srv.s_conf.sc_gopher,
		    srv.s_conf.sc_gopher_ascii ? "ASCII" : "UTF-8");
	if (srv.s_gemini_proxy_fd != -1)
		log_info("Gemini behind a proxy (PROXY protocol) on %s",
		    srv.s_conf.sc_gemini_proxy);
	if (srv.s_gopher_proxy_fd != -1)
		log_info("Gopher behind a proxy (PROXY protocol) on %s",
		    srv.s_conf.sc_gopher_proxy);
	if (srv.s_metrics_fd != -1)
		log_info("metrics (Prometheus) on http://%s/metrics",
		    srv.s_conf.sc_metrics);
	return sn;
}

/* Off the terminal, onto devnull and syslog. */
static void
serve_detach(int devnull)
{
	if (daemon(1, 1) == -1 || dup2(devnull, STDIN_FILENO) == -1 ||
	    dup2(devnull, STDOUT_FILENO) == -1 ||
	    dup2(devnull, STDERR_FILENO) == -1)
		log_fatal("daemon: %s", strerror(errno));
	close(devnull);
	log_use_syslog();
}

/*
 * The workers, started with a mask holding the signals the main thread
 * reads; then this thread steps back to rebuild only.
 */
static void
serve_start(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	limits_publish(&srv.s_conf);
	if (writer != NULL) {
		upload_caps(srv.s_conf.sc_titan_max_article,
		    srv.s_conf.sc_titan_max_media);
		if (upload_start(writer, upload_storefd) == -1)
			log_fatal("cannot start the uploads' thread: %s",
			    strerror(errno));
	}
	if (daemon_workers_start(&srv) == -1)
		log_fatal("cannot start workers: %s", strerror(errno));
	/*
	 * From here on this thread only rebuilds (this index, then every
	 * reload), while the previous snapshot keeps answering: at the
	 * lowest priority it takes what the workers leave, so clients keep
	 * their rate during a reload, and a machine saturated by readers
	 * publishes later rather than serving slower.  Unlike SCHED_IDLE a
	 * nice value still guarantees a share, so a reload always ends.
	 * Linux keeps a nice value per thread, and the workers, already
	 * started, keep theirs.
	 */
	if (setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid),
	    RELOAD_NICE) == -1)
		log_warn("cannot lower the reload thread's priority: %s",
		    strerror(errno));
}

static void
serve_stop(void)
{
	daemon_workers_stop(&srv);
	upload_stop();
	if (writer != NULL) {
		writer_stop(writer);
		close(upload_storefd);
	}
	close(srv.s_gemini_fd);
	if (srv.s_gopher_fd != -1)
		close(srv.s_gopher_fd);
	if (srv.s_gemini_proxy_fd != -1)
		close(srv.s_gemini_proxy_fd);
	if (srv.s_gopher_proxy_fd != -1)
		close(srv.s_gopher_proxy_fd);
	if (srv.s_metrics_fd != -1)
		close(srv.s_metrics_fd);
	snapshot_shutdown();
	watch_free(watcher);
	tls_ctx_publish(NULL);
	tls_tickets_wipe();
	ratelimit_free(srv.s_limits.cl_ratelimit);
	mime_close();
	daemon_opts_free(&srv.s_conf);
}

int
main(int argc, char **argv)
{
	struct snapshot *sn;
	const char *errstr;
	uint64_t t0, t1;
	int status, opt_check = 0, devnull = -1;

	if (daemon_opts_argv(argc, argv, &conf_file, &opt_check, &status))
		return status;
	if (daemon_opts_load(&srv.s_conf, conf_file, argc, argv) == -1)
		return 1;
	log_set_anonymous(srv.s_conf.sc_anonymous);
	if (mime_init(&errstr) == -1)
		log_fatal("%s", errstr);
	if (opt_check) {
		status = check();
		mime_close();
		daemon_opts_free(&srv.s_conf);
		return status;
	}
	titan_spawn();
	serve_setup();
	/*
	 * Detaching needs /dev/null and syslog needs /dev/log, both out of
	 * reach after the drop: they are opened before it.
	 */
	if (!srv.s_conf.sc_foreground) {
		if ((devnull = open("/dev/null", O_RDWR | O_CLOEXEC)) == -1)
			log_fatal("/dev/null: %s", strerror(errno));
		log_syslog_connect();
	}
	/* The store is read, and every request served, without root. */
	drop_privileges();
	titan_open_store();
	sn = serve_store(&t0, &t1);
	if (!srv.s_conf.sc_foreground)
		serve_detach(devnull);
	serve_start();
	/*
	 * On a large store the index takes longer than everything else
	 * (about 5 s of 7 for 100,000 articles), so pages are served while
	 * it is built; searches meanwhile get 41, then normal answers.
	 */
	if (snapshot_index(sn) == -1)
		log_fatal("search index: %s", strerror(ENOMEM));
	log_info("in service after %llu ms, searchable after %llu ms",
	    (unsigned long long)(t1 - t0), (unsigned long long)(now_ms() - t0));
	snapshot_unref(sn);

	main_loop(argc, argv);

	serve_stop();
	return 0;
}
