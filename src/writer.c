/*
 * writer: the supervisor, the writer process and the daemon's end of the
 * socketpair (writer.h).
 *
 * Wire: a request is struct writer_wire then wq_len bytes of body; the
 * answer is a struct writer_resp.  Both ends are this file in the same
 * binary, so the structures travel as they are.  The supervisor hands
 * the daemon each new writer's end with SCM_RIGHTS on a SOCK_SEQPACKET
 * control socket, with the writer's pid as the message.
 */
#define _GNU_SOURCE	/* close_range */
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "article.h"
#include "log.h"
#include "mime.h"
#include "priv.h"
#include "pub.h"
#include "publishers.h"
#include "store.h"
#include "utf8.h"
#include "writer.h"

#define WRITER_MAGIC	0x63707772u	/* "cpwr" */
/* How long the daemon waits for an answer: scrypt, fsyncs, a big body. */
#define WRITER_TIMEOUT	30

struct writer_wire {
	uint32_t		ww_magic;
	uint32_t		ww_op;
	uint32_t		ww_role;
	char			ww_name[PUBLISHERS_NAME_MAX + 1];
	char			ww_fp[PUBLISHERS_FP_LEN + 1];
	char			ww_target[WRITER_MEDIA_NAME_MAX + 1];
	char			ww_mime[WRITER_MIME_MAX + 1];
	char			ww_token[WRITER_TOKEN_MAX + 1];
	uint64_t		ww_len;
};

struct writer {
	pthread_mutex_t	w_mu;
	int		w_ctl;		/* from the supervisor: new writers */
	int		w_fd;		/* the writer in service, or -1 */
	pid_t		w_pid;		/* its pid */
	pid_t		w_sup;		/* the supervisor's */
};

/* Reads or writes exactly n bytes; 0, or -1 (EOF is EPIPE). */
static int
writer_io(int fd, void *buf, size_t n, int out)
{
	char *p = buf;
	ssize_t r;

	while (n > 0) {
		r = out ? send(fd, p, n, MSG_NOSIGNAL) : recv(fd, p, n, 0);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EPIPE;
			return -1;
		}
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/* One line of meta: at most WRITER_META_MAX bytes, no CR or LF. */
static void
writer_meta(struct writer_resp *resp, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
writer_meta(struct writer_resp *resp, int status, const char *fmt, ...)
{
	va_list ap;
	char *c;

	resp->wr_status = status;
	va_start(ap, fmt);
	vsnprintf(resp->wr_meta, sizeof(resp->wr_meta), fmt, ap);
	va_end(ap);
	for (c = resp->wr_meta; *c != '\0'; c++)
		if (*c == '\r' || *c == '\n')
			*c = ' ';
}

/* ---- the writer process ---- */

/* The media types an upload may be, and names clients give some of them. */
static const char *const writer_media_ok[] = {
	"image/png", "image/jpeg", "image/gif", "image/webp", "image/avif",
	"audio/mpeg", "audio/ogg", "audio/flac", "audio/x-wav", "audio/opus",
	"audio/mp4", "application/pdf", "text/plain",
};

static const struct {
	const char	*wa_claimed;
	const char	*wa_type;
} writer_alias[] = {
	{ "image/jpg", "image/jpeg" },
	{ "audio/mp3", "audio/mpeg" },
	{ "audio/wav", "audio/x-wav" },
	{ "audio/wave", "audio/x-wav" },
	{ "audio/x-flac", "audio/flac" },
	{ "audio/m4a", "audio/mp4" },
	{ "audio/x-m4a", "audio/mp4" },
	{ "application/ogg", "audio/ogg" },
	{ "video/ogg", "audio/ogg" },
};

/* The claimed type without parameters, lower-cased, aliases resolved. */
static void
writer_claimed(const char *mime, char *out, size_t n)
{
	size_t i, l = strcspn(mime, "; \t");

	if (l >= n)
		l = n - 1;
	for (i = 0; i < l; i++)
		out[i] = (char)(mime[i] >= 'A' && mime[i] <= 'Z' ?
		    mime[i] + 32 : mime[i]);
	out[l] = '\0';
	for (i = 0; i < sizeof(writer_alias) / sizeof(writer_alias[0]); i++)
		if (strcmp(out, writer_alias[i].wa_claimed) == 0) {
			snprintf(out, n, "%s", writer_alias[i].wa_type);
			return;
		}
}

/* 59 unless body is what it claims to be and of an allowed type. */
static int
writer_media_check(const struct writer_req *req, struct writer_resp *resp)
{
	char claimed[WRITER_MIME_MAX + 1], found[128];
	size_t i, bad;

	writer_claimed(req->wq_mime, claimed, sizeof(claimed));
	snprintf(found, sizeof(found), "%s", mime_buffer(req->wq_body,
	    req->wq_len));
	/* An Ogg stream of audio alone is often named application/ogg. */
	if (strcmp(found, "application/ogg") == 0 ||
	    strcmp(found, "video/ogg") == 0)
		snprintf(found, sizeof(found), "audio/ogg");
	if (strcmp(found, "audio/wav") == 0)
		snprintf(found, sizeof(found), "audio/x-wav");
	for (i = 0; i < sizeof(writer_media_ok) / sizeof(*writer_media_ok); i++)
		if (strcmp(found, writer_media_ok[i]) == 0)
			break;
	if (i == sizeof(writer_media_ok) / sizeof(*writer_media_ok)) {
		writer_meta(resp, 59, "media of type %s are not accepted "
		    "(images, audio, PDF, plain text)", found);
		return -1;
	}
	if (strcmp(claimed, found) != 0) {
		writer_meta(resp, 59, "the content is %s, not %s", found,
		    claimed[0] != '\0' ? claimed : "what was claimed");
		return -1;
	}
	if (strcmp(found, "text/plain") == 0 &&
	    utf8_validate(req->wq_body, req->wq_len, &bad) == -1) {
		writer_meta(resp, 59, "text not in UTF-8 (byte %zu)", bad);
		return -1;
	}
	return 0;
}

/* A pub failure as a Gemini answer. */
static void
writer_pub_fail(const struct pub_err *e, const char *fp,
    struct writer_resp *resp)
{
	static const int status[] = { 40, 59, 61, 51, 59, 40 };
	int st = e->pe_kind >= PUB_EINPUT && e->pe_kind <= PUB_ESYSTEM ?
	    status[e->pe_kind] : 40;

	if (e->pe_kind == PUB_EDENIED && fp != NULL)
		writer_meta(resp, st, "%s (%s)", e->pe_msg, fp);
	else if (e->pe_file[0] != '\0' && e->pe_line > 0)
		writer_meta(resp, st, "%s:%u: %s", e->pe_file, e->pe_line,
		    e->pe_msg);
	else if (e->pe_file[0] != '\0')
		writer_meta(resp, st, "%s: %s", e->pe_file, e->pe_msg);
	else if (e->pe_input && e->pe_line > 0)
		writer_meta(resp, st, "%u: %s", e->pe_line, e->pe_msg);
	else
		writer_meta(resp, st, "%s", e->pe_msg);
}

/*
 * The upload as an article, and the new slug it asks for in a Slug:
 * header (taken out: it is a request, not part of the article).
 */
static int
writer_article(const struct writer_req *req, struct article *a, char *want,
    struct writer_resp *resp)
{
	struct pub_err e;
	const char *s;

	if (req->wq_len > WRITER_ARTICLE_MAX) {
		writer_meta(resp, 59, "larger than %u MiB",
		    WRITER_ARTICLE_MAX >> 20);
		return -1;
	}
	if (pub_text(req->wq_body, req->wq_len, req->wq_mime, a, &e) == -1) {
		writer_pub_fail(&e, NULL, resp);
		return -1;
	}
	want[0] = '\0';
	if ((s = article_get(a, "Slug")) != NULL) {
		if (!article_name_valid(s)) {
			writer_meta(resp, 59, "Slug: %s: not a slug "
			    "(lower-case letters, digits and '-', at most %d)",
			    s, ARTICLE_SLUG_MAX);
			return -1;
		}
		snprintf(want, ARTICLE_SLUG_MAX + 1, "%s", s);
		if (article_set(a, "Slug", NULL) == -1) {
			writer_meta(resp, 40, "out of memory");
			return -1;
		}
	}
	return 0;
}

/* Who is asking, from the publishers file as it is now; -1 answered. */
static int
writer_who(int dirfd, const struct writer_req *req, struct publishers *ps,
    const struct publisher **pp, struct writer_resp *resp)
{
	const struct publisher *p;
	const char *errstr;
	unsigned line;

	if (publishers_load(dirfd, ps, &line, &errstr) == -1) {
		writer_meta(resp, 40, "%s:%u: %s", PUBLISHERS_FILE, line,
		    errstr);
		return -1;
	}
	if ((p = publishers_lookup(ps, req->wq_fp)) == NULL) {
		writer_meta(resp, 61, "%s is not a publisher's certificate",
		    req->wq_fp[0] != '\0' ? req->wq_fp : "no certificate");
		return -1;
	}
	if ((req->wq_name[0] != '\0' && strcmp(req->wq_name, p->p_name) !=
	    0) || (req->wq_role != 0 && req->wq_role != p->p_role)) {
		writer_meta(resp, 61, "%s: the publishers file changed; try "
		    "again", req->wq_fp);
		return -1;
	}
	if (!publishers_token_verify(p, req->wq_token)) {
		writer_meta(resp, 61, "%s: a wrong or missing token",
		    req->wq_fp);
		return -1;
	}
	*pp = p;
	return 0;
}

static void
writer_handle(int dirfd, int artfd, const struct writer_req *req,
    struct writer_resp *resp)
{
	struct publishers ps = { 0 };
	const struct publisher *who;
	struct article a = { 0 };
	char want[ARTICLE_SLUG_MAX + 1];
	struct pub p;
	enum writer_op op = req->wq_op;
	int rc = -1;

	memset(resp, 0, sizeof(*resp));
	if (writer_who(dirfd, req, &ps, &who, resp) == -1)
		goto done;
	pub_init(&p, dirfd, artfd, who->p_name, who->p_fp, who->p_role);
	if (op == WRITER_REPLACE && req->wq_len == 0)
		op = WRITER_TRASH;
	switch (op) {
	case WRITER_ADD:
		if (writer_article(req, &a, want, resp) == -1)
			goto done;
		rc = pub_add(&p, &a, want[0] != '\0' ? want : NULL, 0);
		break;
	case WRITER_REPLACE:
		if (writer_article(req, &a, want, resp) == -1)
			goto done;
		rc = pub_replace(&p, req->wq_target, &a, want[0] != '\0' ?
		    want : NULL, NULL, 0, 0);
		break;
	case WRITER_TRASH:
		rc = pub_trash(&p, req->wq_target);
		break;
	case WRITER_PUBLISH:
		rc = pub_set_status(&p, req->wq_target, 0);
		break;
	case WRITER_MEDIA:
		if (who->p_role != PUBLISHERS_EDITOR) {
			writer_meta(resp, 61, "%s may not upload media (role "
			    "%s) (%s)", who->p_name,
			    publishers_role_name(who->p_role), who->p_fp);
			goto done;
		}
		if (req->wq_len > WRITER_MEDIA_MAX) {
			writer_meta(resp, 59, "larger than %u MiB",
			    WRITER_MEDIA_MAX >> 20);
			goto done;
		}
		if (!pub_media_name_valid(req->wq_target)) {
			writer_meta(resp, 59, "%s: not a media file name "
			    "(letters, digits, '.', '_' and '-', not starting "
			    "with '.')", req->wq_target);
			goto done;
		}
		if (writer_media_check(req, resp) == -1)
			goto done;
		rc = pub_media(&p, req->wq_target, req->wq_body, req->wq_len);
		break;
	default:
		writer_meta(resp, 59, "unknown request");
		goto done;
	}
	if (rc == -1) {
		writer_pub_fail(&p.p_err, who->p_fp, resp);
		goto done;
	}
	resp->wr_status = 30;
	if (op == WRITER_TRASH)
		snprintf(resp->wr_slug, sizeof(resp->wr_slug), "%s",
		    req->wq_target);
	else
		snprintf(resp->wr_slug, sizeof(resp->wr_slug), "%.*s",
		    (int)sizeof(resp->wr_slug) - 1, p.p_result);
	resp->wr_draft = p.p_draft;
	resp->wr_media = op == WRITER_MEDIA;
	if (p.p_logfail != 0)
		log_warn("writer: %s: %s", STORE_LOG, strerror(p.p_logfail));
done:
	article_free(&a);
	publishers_free(&ps);
}

/* Serves requests on fd until it closes; never returns. */
static void __attribute__((noreturn))
writer_serve(int fd, int dirfd)
{
	struct writer_wire ww;
	struct writer_req req;
	struct writer_resp resp;
	char *body;
	const char *errstr;
	int artfd;

	if (mime_init(&errstr) == -1)
		log_warn("writer: %s (media uploads refused)", errstr);
	if ((artfd = openat(dirfd, STORE_ARTICLES, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) == -1) {
		log_warn("writer: %s: %s", STORE_ARTICLES, strerror(errno));
		_exit(1);
	}
	for (;;) {
		if (writer_io(fd, &ww, sizeof(ww), 0) == -1)
			_exit(0);
		if (ww.ww_magic != WRITER_MAGIC || ww.ww_len > WRITER_MEDIA_MAX)
			_exit(1);
		memset(&req, 0, sizeof(req));
		req.wq_op = (enum writer_op)ww.ww_op;
		req.wq_role = (enum publishers_role)ww.ww_role;
#define WW_COPY(f, g) memcpy(req.g, ww.f, sizeof(req.g) - 1)
		WW_COPY(ww_name, wq_name);
		WW_COPY(ww_fp, wq_fp);
		WW_COPY(ww_target, wq_target);
		WW_COPY(ww_mime, wq_mime);
		WW_COPY(ww_token, wq_token);
#undef WW_COPY
		if ((body = malloc(ww.ww_len + 1)) == NULL)
			_exit(1);
		if (writer_io(fd, body, ww.ww_len, 0) == -1)
			_exit(0);
		body[ww.ww_len] = '\0';
		req.wq_body = body;
		req.wq_len = ww.ww_len;
		writer_handle(dirfd, artfd, &req, &resp);
		explicit_bzero(&req.wq_token, sizeof(req.wq_token));
		free(body);
		if (writer_io(fd, &resp, sizeof(resp), 1) == -1)
			_exit(0);
	}
}

/* ---- the supervisor ---- */

/* Started as root: becomes the store's owner, so its files stay theirs. */
static int
writer_become_owner(int dirfd, const char **errstr)
{
	struct stat st;

	if (geteuid() != 0)
		return 0;
	if (fstat(dirfd, &st) == -1) {
		*errstr = "cannot stat the store";
		return -1;
	}
	if (st.st_uid == 0)
		return 0;
	if (setgroups(0, NULL) == -1 || setgid(st.st_gid) == -1 ||
	    setuid(st.st_uid) == -1) {
		*errstr = "cannot become the store's owner";
		return -1;
	}
	return 0;
}

/* Sends the new writer's end and pid to the daemon; -1 when it is gone. */
static int
writer_hand(int ctl, int fd, pid_t pid)
{
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct msghdr mh;
	struct cmsghdr *cm;
	struct iovec iov;

	memset(&mh, 0, sizeof(mh));
	memset(cbuf, 0, sizeof(cbuf));
	iov.iov_base = &pid;
	iov.iov_len = sizeof(pid);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = cbuf;
	mh.msg_controllen = sizeof(cbuf);
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	while (sendmsg(ctl, &mh, MSG_NOSIGNAL) == -1)
		if (errno != EINTR)
			return -1;
	return 0;
}

static void __attribute__((noreturn))
writer_supervise(int ctl, int dirfd)
{
	struct timespec pause;
	const char *errstr;
	int sp[2], status, abi, fast = 0;
	time_t started;
	pid_t pid;

	if (writer_become_owner(dirfd, &errstr) == -1 ||
	    priv_confine_writer(dirfd, &abi, &errstr) == -1) {
		log_warn("writer: %s", errstr);
		_exit(1);
	}
	log_info("writer: confined (%s), may write articles/, media/, "
	    ".trash/, .lock, .log", abi > 0 ? "landlock" : "no landlock");
	for (;;) {
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sp) ==
		    -1)
			_exit(1);
		started = time(NULL);
		if ((pid = fork()) == -1)
			_exit(1);
		if (pid == 0) {
			close(ctl);
			close(sp[0]);
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			if (getppid() == 1)
				_exit(0);
			writer_serve(sp[1], dirfd);
		}
		close(sp[1]);
		if (writer_hand(ctl, sp[0], pid) == -1) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			_exit(0);
		}
		close(sp[0]);
		while (waitpid(pid, &status, 0) == -1)
			if (errno != EINTR)
				_exit(1);
		/*
		 * Exit 0: the daemon closed its end (gave up on an answer,
		 * say); the next writer_hand() tells whether it is gone.
		 */
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			log_warn("writer: pid %ld died (%s %d); restarting", (long)pid,
		    WIFSIGNALED(status) ? "signal" : "status",
		    WIFSIGNALED(status) ? WTERMSIG(status) :
		    WEXITSTATUS(status));
		/* A writer that dies at once is restarted less eagerly. */
		fast = time(NULL) - started < 2 ? fast + 1 : 0;
		pause.tv_sec = fast > 5 ? 1 : 0;
		pause.tv_nsec = fast > 5 ? 0 : 50000000L * fast;
		nanosleep(&pause, NULL);
	}
}

/* ---- the daemon's side ---- */

/*
 * Takes the newest writer the supervisor handed over, waiting up to
 * wait_ms for one.  0 when w_fd is set.
 */
static int
writer_receive(struct writer *w, int wait_ms)
{
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct pollfd pfd = { w->w_ctl, POLLIN, 0 };
	struct msghdr mh;
	struct cmsghdr *cm;
	struct iovec iov;
	struct timeval tv = { WRITER_TIMEOUT, 0 };
	pid_t pid;
	ssize_t n;
	int fd, got = 0;

	for (;;) {
		if (poll(&pfd, 1, got ? 0 : wait_ms) <= 0 ||
		    !(pfd.revents & POLLIN))
			return got ? 0 : -1;
		memset(&mh, 0, sizeof(mh));
		iov.iov_base = &pid;
		iov.iov_len = sizeof(pid);
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = cbuf;
		mh.msg_controllen = sizeof(cbuf);
		if ((n = recvmsg(w->w_ctl, &mh, MSG_CMSG_CLOEXEC |
		    MSG_DONTWAIT)) <= 0)
			return got ? 0 : -1;
		cm = CMSG_FIRSTHDR(&mh);
		if (cm == NULL || cm->cmsg_type != SCM_RIGHTS ||
		    n != (ssize_t)sizeof(pid))
			continue;
		memcpy(&fd, CMSG_DATA(cm), sizeof(int));
		if (w->w_fd != -1)
			close(w->w_fd);
		w->w_fd = fd;
		w->w_pid = pid;
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		got = 1;
	}
}

struct writer *
writer_spawn(const char *store, const char **errstr)
{
	static const char *const files[] = { STORE_LOCK, STORE_LOG };
	static const char *const dirs[] = { STORE_MEDIA, STORE_TRASH };
	struct writer *w;
	struct stat st;
	int ctl[2], dirfd, fd;
	size_t i;
	pid_t pid;

	if ((dirfd = open(store, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		*errstr = "writer: cannot open the store";
		return NULL;
	}
	/* Landlock lets the writer write these only if they exist. */
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if ((fd = openat(dirfd, files[i], O_WRONLY | O_CREAT |
		    O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0644)) == -1) {
			*errstr = "writer: cannot create .lock or .log in the "
			    "store";
			close(dirfd);
			return NULL;
		}
		if (geteuid() == 0 && fstat(dirfd, &st) == 0)
			(void)fchown(fd, st.st_uid, st.st_gid);
		close(fd);
	}
	/* Nor make directories beside articles/. */
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (mkdirat(dirfd, dirs[i], 0755) == 0 && geteuid() == 0 &&
		    fstat(dirfd, &st) == 0)
			(void)fchownat(dirfd, dirs[i], st.st_uid, st.st_gid,
			    AT_SYMLINK_NOFOLLOW);
	if ((w = calloc(1, sizeof(*w))) == NULL) {
		*errstr = "writer: out of memory";
		close(dirfd);
		return NULL;
	}
	w->w_fd = -1;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ctl) == -1 ||
	    (pid = fork()) == -1) {
		*errstr = "writer: cannot start";
		close(dirfd);
		free(w);
		return NULL;
	}
	if (pid == 0) {
		/* Only the control socket and the store go on, as 3 and 4. */
		if ((fd = fcntl(ctl[1], F_DUPFD, 10)) == -1 ||
		    (dirfd = fcntl(dirfd, F_DUPFD, 10)) == -1 ||
		    dup2(fd, 3) == -1 || dup2(dirfd, 4) == -1)
			_exit(1);
		close_range(5, ~0U, 0);
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		signal(SIGPIPE, SIG_IGN);
		signal(SIGCHLD, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		signal(SIGHUP, SIG_IGN);
		writer_supervise(3, 4);
	}
	close(ctl[1]);
	close(dirfd);
	w->w_ctl = ctl[0];
	w->w_sup = pid;
	pthread_mutex_init(&w->w_mu, NULL);
	if (writer_receive(w, 10000) == -1) {
		*errstr = "writer: did not start (see its log line)";
		writer_stop(w);
		return NULL;
	}
	return w;
}

int
writer_call(struct writer *w, const struct writer_req *req,
    struct writer_resp *resp)
{
	struct writer_wire ww;
	int sent = 0, tries;

	memset(resp, 0, sizeof(*resp));
	memset(&ww, 0, sizeof(ww));
	ww.ww_magic = WRITER_MAGIC;
	ww.ww_op = (uint32_t)req->wq_op;
	ww.ww_role = (uint32_t)req->wq_role;
	snprintf(ww.ww_name, sizeof(ww.ww_name), "%s", req->wq_name);
	snprintf(ww.ww_fp, sizeof(ww.ww_fp), "%s", req->wq_fp);
	snprintf(ww.ww_target, sizeof(ww.ww_target), "%s", req->wq_target);
	snprintf(ww.ww_mime, sizeof(ww.ww_mime), "%s", req->wq_mime);
	snprintf(ww.ww_token, sizeof(ww.ww_token), "%s", req->wq_token);
	ww.ww_len = req->wq_len;
	if (req->wq_len > WRITER_MEDIA_MAX) {
		writer_meta(resp, 59, "larger than %u MiB",
		    WRITER_MEDIA_MAX >> 20);
		explicit_bzero(&ww, sizeof(ww));
		return 0;
	}
	pthread_mutex_lock(&w->w_mu);
	/*
	 * A request that could not be sent at all is safe to send again to
	 * the next writer; one that was sent may have been written.
	 */
	for (tries = 0; tries < 2 && !sent; tries++) {
		writer_receive(w, w->w_fd == -1 ? 200 : 0);
		if (w->w_fd == -1)
			break;
		if (writer_io(w->w_fd, &ww, sizeof(ww), 1) == -1) {
			close(w->w_fd);
			w->w_fd = -1;
			continue;
		}
		sent = 1;
		if (writer_io(w->w_fd, (void *)(uintptr_t)req->wq_body,
		    req->wq_len, 1) == -1 ||
		    writer_io(w->w_fd, resp, sizeof(*resp), 0) == -1) {
			close(w->w_fd);
			w->w_fd = -1;
			memset(resp, 0, sizeof(*resp));
			writer_meta(resp, 40, "the writer stopped during the "
			    "upload; check before sending it again");
			pthread_mutex_unlock(&w->w_mu);
			explicit_bzero(&ww, sizeof(ww));
			return -1;
		}
	}
	pthread_mutex_unlock(&w->w_mu);
	explicit_bzero(&ww, sizeof(ww));
	if (!sent) {
		writer_meta(resp, 40, "the writer is restarting; try again "
		    "in a moment");
		return -1;
	}
	resp->wr_meta[WRITER_META_MAX] = '\0';
	resp->wr_slug[WRITER_MEDIA_NAME_MAX] = '\0';
	return 0;
}

pid_t
writer_pid(struct writer *w)
{
	pid_t pid;

	pthread_mutex_lock(&w->w_mu);
	writer_receive(w, 0);
	pid = w->w_fd != -1 ? w->w_pid : 0;
	pthread_mutex_unlock(&w->w_mu);
	return pid;
}

void
writer_stop(struct writer *w)
{
	if (w == NULL)
		return;
	if (w->w_fd != -1)
		close(w->w_fd);
	close(w->w_ctl);
	kill(w->w_sup, SIGTERM);
	while (waitpid(w->w_sup, NULL, 0) == -1 && errno == EINTR)
		;
	pthread_mutex_destroy(&w->w_mu);
	free(w);
}
