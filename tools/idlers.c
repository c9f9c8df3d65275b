/*
 * idlers: opens many connections to a server and holds them silent, the
 * crowd of the crowd benchmark (tools/bench-crowd.sh).
 *
 * usage: idlers [-n CONNS] [-s SECS] [-t] [-H NAME] [-w INFLIGHT]
 *            [-T SECS] HOST:PORT
 *
 *   -n CONNS     connections (10000)
 *   -s SECS      how long they are held once opened (30)
 *   -t           complete a TLS handshake on each first (SNI -H), then
 *                send nothing; without it, a bare TCP connection
 *   -H NAME      TLS server name (localhost)
 *   -w INFLIGHT  connects and handshakes under way at once (256)
 *   -T SECS      one not open within this is given up (10)
 *
 * Connects are non-blocking and driven by one epoll set, INFLIGHT at a
 * time: enough to open 10,000 in a few seconds, few enough that the
 * server's listen backlog never overflows and no SYN waits a second for
 * its retransmission.  A connection counts as open when its TCP connect
 * (plain) or its TLS handshake (-t) is done.  A server that has run out
 * of descriptors still completes the TCP handshake of those its backlog
 * holds, so in plain mode "open" is the client's view; the server's is
 * its own descriptor count.
 *
 * Once a TLS handshake is done its state is freed without a
 * close_notify: the connection is never spoken on again, and a
 * TLS 1.3 server's session tickets, sent after the handshake, are read
 * and dropped as bytes, as anything else the server sends.  An EOF or
 * an error on a held connection counts as closed by the server.
 *
 * The process raises its own open-file limit (soft, and hard as root)
 * to CONNS plus a few.  When the connections are open it prints
 *
 *   OPEN open=N failed=N timedout=N secs=S
 *
 * and flushes, so a script can wait for that line; then holds them for
 * SECS (SIGINT or SIGTERM ends the hold early), closes them all and
 * prints
 *
 *   RESULT open=N failed=N timedout=N closed_by_server=N held=S
 *
 * with the first reason of each kind of failure on stderr.
 *
 * Exit status: 0; 1 on a setup error; 2 on a usage error; 3 when none
 * could be opened.
 */
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <netinet/in.h>

#include <errno.h>
#include <netdb.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#define ID_EVENTS	1024	/* epoll events per wake-up */
#define ID_TICK_MS	100	/* timeouts are this coarse */
#define ID_SPARE_FDS	16	/* stdio, epoll and whatever OpenSSL opens */

enum id_state {
	IS_NEW,			/* not started yet */
	IS_CONNECT,
	IS_HANDSHAKE,
	IS_OPEN,		/* held, silent */
	IS_GONE			/* failed, given up or closed by the server */
};

struct id_conn {
	int		 c_fd;
	SSL		*c_ssl;		/* during the handshake only */
	enum id_state	 c_state;
	uint64_t	 c_start;	/* ns */
};

/* Options. */
static struct sockaddr_storage	 id_addr;
static socklen_t		 id_addrlen;
static const char		*id_sni = "localhost";
static int			 id_tls;

/* Run state and results. */
static SSL_CTX			*id_ctx;
static int			 id_ep = -1;
static volatile sig_atomic_t	 id_interrupted;
static long			 id_inflight;
static long			 id_open, id_failed, id_timedout, id_closed;
static char			 id_fail_why[160];

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: idlers [-n conns] [-s secs] [-t] "
	    "[-H servername] [-w inflight] [-T secs]\n"
	    "              host:port\n");
	exit(2);
}

static uint64_t
id_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void
id_on_signal(int sig)
{
	(void)sig;
	id_interrupted = 1;
}

static long
id_number(const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
		usage();
	return v;
}

/* HOST:PORT, numeric, with an IPv6 address in brackets. */
static int
id_parse_addr(const char *arg)
{
	struct addrinfo hints, *res;
	char host[256];
	const char *colon, *port;
	size_t hlen;

	if ((colon = strrchr(arg, ':')) == NULL)
		return -1;
	port = colon + 1;
	if (arg[0] == '[') {
		if (colon == arg || colon[-1] != ']')
			return -1;
		arg++;
		hlen = (size_t)(colon - 1 - arg);
	} else
		hlen = (size_t)(colon - arg);
	if (hlen == 0 || hlen >= sizeof(host))
		return -1;
	memcpy(host, arg, hlen);
	host[hlen] = '\0';
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	if (getaddrinfo(host, port, &hints, &res) != 0)
		return -1;
	memcpy(&id_addr, res->ai_addr, res->ai_addrlen);
	id_addrlen = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

/*
 * The soft limit up to CONNS plus a few, the hard one too when we may
 * (root); says so when the connections will not all fit.
 */
static void
id_raise_nofile(long nconns)
{
	struct rlimit rl;
	rlim_t want = (rlim_t)nconns + ID_SPARE_FDS;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1)
		return;
	if (rl.rlim_cur >= want)
		return;
	if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < want) {
		rl.rlim_cur = rl.rlim_max = want;
		if (setrlimit(RLIMIT_NOFILE, &rl) == 0)
			return;
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	rl.rlim_cur = rl.rlim_max != RLIM_INFINITY && rl.rlim_max < want ?
	    rl.rlim_max : want;
	if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
		getrlimit(RLIMIT_NOFILE, &rl);
	if (rl.rlim_cur < want)
		fprintf(stderr, "idlers: open-file limit %llu: fewer than "
		    "%ld connections will open\n",
		    (unsigned long long)rl.rlim_cur, nconns);
}

/* The client keeps no session and takes any certificate. */
static SSL_CTX *
id_tls_ctx(void)
{
	SSL_CTX *ctx;

	if ((ctx = SSL_CTX_new(TLS_client_method())) == NULL)
		return NULL;
	/* The Gemini specification: TLS 1.2 or higher. */
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	return ctx;
}

/* The first failure is kept to say why. */
static void
id_note(const char *why)
{
	if (id_fail_why[0] == '\0')
		snprintf(id_fail_why, sizeof(id_fail_why), "%s", why);
}

static void
id_tls_note(int sslerr, int err)
{
	unsigned long e = ERR_peek_last_error();
	const char *r;

	if (e != 0 && (r = ERR_reason_error_string(e)) != NULL)
		id_note(r);
	else if (sslerr == SSL_ERROR_SYSCALL && err != 0)
		id_note(strerror(err));
	else
		id_note(sslerr == SSL_ERROR_SYSCALL ?
		    "closed in the handshake" : "TLS error");
	ERR_clear_error();
}

/* Ends a connection for good; the counters are the caller's. */
static void
id_conn_close(struct id_conn *c)
{
	/* No close_notify: the server is to see an EOF and nothing else. */
	SSL_free(c->c_ssl);
	c->c_ssl = NULL;
	if (c->c_fd != -1)
		close(c->c_fd);	/* also leaves the epoll set */
	c->c_fd = -1;
	if (c->c_state == IS_CONNECT || c->c_state == IS_HANDSHAKE)
		id_inflight--;
	c->c_state = IS_GONE;
}

static void
id_conn_fail(struct id_conn *c)
{
	id_conn_close(c);
	id_failed++;
}

static int
id_conn_watch(struct id_conn *c, uint32_t events, int op)
{
	struct epoll_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.events = events;
	ev.data.ptr = c;
	if (epoll_ctl(id_ep, op, c->c_fd, &ev) == -1) {
		id_note(strerror(errno));
		id_conn_fail(c);
		return -1;
	}
	return 0;
}

/*
 * Open: watched for input only, level-triggered, to drop what the
 * server sends (tickets) and to notice when it closes.
 */
static void
id_conn_opened(struct id_conn *c)
{
	SSL_free(c->c_ssl);
	c->c_ssl = NULL;
	id_inflight--;
	c->c_state = IS_OPEN;
	if (id_conn_watch(c, EPOLLIN | EPOLLRDHUP, EPOLL_CTL_MOD) == 0)
		id_open++;
}

static void
id_conn_start(struct id_conn *c, uint64_t now)
{
	c->c_start = now;
	c->c_fd = socket(id_addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0);
	if (c->c_fd == -1) {
		id_note(strerror(errno));
		id_failed++;
		c->c_state = IS_GONE;
		return;
	}
	c->c_state = IS_CONNECT;
	id_inflight++;
	if (connect(c->c_fd, (struct sockaddr *)&id_addr, id_addrlen) == -1 &&
	    errno != EINPROGRESS) {
		id_note(strerror(errno));
		id_conn_fail(c);
		return;
	}
	id_conn_watch(c, EPOLLOUT, EPOLL_CTL_ADD);
}

static void
id_handshake(struct id_conn *c)
{
	int r, e, err;

	ERR_clear_error();
	errno = 0;
	if ((r = SSL_do_handshake(c->c_ssl)) == 1) {
		id_conn_opened(c);
		return;
	}
	err = errno;
	switch (e = SSL_get_error(c->c_ssl, r)) {
	case SSL_ERROR_WANT_READ:
		id_conn_watch(c, EPOLLIN, EPOLL_CTL_MOD);
		break;
	case SSL_ERROR_WANT_WRITE:
		id_conn_watch(c, EPOLLOUT, EPOLL_CTL_MOD);
		break;
	default:
		id_tls_note(e, err);
		id_conn_fail(c);
		break;
	}
}

/* Reads and drops whatever a held connection has; EOF means closed. */
static void
id_drain(struct id_conn *c)
{
	static char buf[16384];
	ssize_t r;

	for (;;) {
		if ((r = recv(c->c_fd, buf, sizeof(buf), MSG_DONTWAIT)) > 0)
			continue;
		if (r == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (r == -1 && errno == EINTR)
			continue;
		id_conn_close(c);
		id_open--;
		id_closed++;
		return;
	}
}

static void
id_conn_drive(struct id_conn *c, uint32_t revents)
{
	socklen_t sl;
	int err;

	switch (c->c_state) {
	case IS_CONNECT:
		err = 0;
		sl = sizeof(err);
		if (getsockopt(c->c_fd, SOL_SOCKET, SO_ERROR, &err, &sl) == -1)
			err = errno;
		if (err != 0) {
			id_note(strerror(err));
			id_conn_fail(c);
			return;
		}
		if ((revents & EPOLLOUT) == 0)
			return;
		if (!id_tls) {
			id_conn_opened(c);
			return;
		}
		if ((c->c_ssl = SSL_new(id_ctx)) == NULL ||
		    SSL_set_fd(c->c_ssl, c->c_fd) != 1 ||
		    SSL_set_tlsext_host_name(c->c_ssl, id_sni) != 1) {
			id_note("cannot set up TLS");
			ERR_clear_error();
			id_conn_fail(c);
			return;
		}
		SSL_set_connect_state(c->c_ssl);
		c->c_state = IS_HANDSHAKE;
		id_handshake(c);
		return;
	case IS_HANDSHAKE:
		id_handshake(c);
		return;
	case IS_OPEN:
		id_drain(c);
		return;
	case IS_NEW:
	case IS_GONE:
		return;
	}
}

/* Gives up on connections that are taking too long to open. */
static void
id_tick(struct id_conn *conns, long nconns, uint64_t now,
    uint64_t timeout)
{
	long i;

	for (i = 0; i < nconns; i++) {
		struct id_conn *c = &conns[i];

		if ((c->c_state == IS_CONNECT || c->c_state == IS_HANDSHAKE) &&
		    now - c->c_start > timeout) {
			id_note(c->c_state == IS_CONNECT ? "connect timed out" :
			    "handshake timed out");
			id_conn_close(c);
			id_timedout++;
		}
	}
}

/* One epoll_wait and what it found; -1 on an error that ends the run. */
static int
id_poll(struct epoll_event *evs, int wait_ms)
{
	int i, n;

	if ((n = epoll_wait(id_ep, evs, ID_EVENTS, wait_ms)) == -1) {
		if (errno == EINTR)
			return 0;
		perror("idlers: epoll_wait");
		return -1;
	}
	for (i = 0; i < n; i++)
		id_conn_drive(evs[i].data.ptr, evs[i].events);
	return 0;
}

int
main(int argc, char **argv)
{
	struct epoll_event *evs;
	struct id_conn *conns;
	struct sigaction sa;
	uint64_t t0, now, last_tick, timeout, hold_end;
	long nconns = 10000, hold = 30, inflight = 256, tmo = 10, next, i;
	double opened_in, held;
	int ch, wait_ms;

	while ((ch = getopt(argc, argv, "H:n:s:T:tw:")) != -1) {
		switch (ch) {
		case 'H':
			id_sni = optarg;
			break;
		case 'n':
			nconns = id_number(optarg, 1, 1000000);
			break;
		case 's':
			hold = id_number(optarg, 0, 86400);
			break;
		case 'T':
			tmo = id_number(optarg, 1, 3600);
			break;
		case 't':
			id_tls = 1;
			break;
		case 'w':
			inflight = id_number(optarg, 1, 100000);
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 1)
		usage();
	if (id_parse_addr(argv[optind]) == -1) {
		fprintf(stderr, "idlers: %s: not a numeric HOST:PORT\n",
		    argv[optind]);
		return 2;
	}
	timeout = (uint64_t)tmo * 1000000000ull;

	signal(SIGPIPE, SIG_IGN);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = id_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	id_raise_nofile(nconns);
	if (id_tls && (id_ctx = id_tls_ctx()) == NULL) {
		fprintf(stderr, "idlers: cannot create a TLS context\n");
		return 1;
	}
	if ((id_ep = epoll_create1(EPOLL_CLOEXEC)) == -1) {
		perror("idlers: epoll_create1");
		return 1;
	}
	conns = calloc((size_t)nconns, sizeof(*conns));
	evs = calloc(ID_EVENTS, sizeof(*evs));
	if (conns == NULL || evs == NULL) {
		perror("idlers");
		return 1;
	}
	for (i = 0; i < nconns; i++)
		conns[i].c_fd = -1;

	/* Open, INFLIGHT at a time. */
	t0 = last_tick = id_now();
	next = 0;
	while (!id_interrupted && (next < nconns || id_inflight > 0)) {
		now = id_now();
		while (next < nconns && id_inflight < inflight)
			id_conn_start(&conns[next++], now);
		if (id_poll(evs, ID_TICK_MS) == -1)
			return 1;
		if ((now = id_now()) - last_tick >= ID_TICK_MS * 1000000ull) {
			id_tick(conns, next, now, timeout);
			last_tick = now;
		}
	}
	now = id_now();
	opened_in = (double)(now - t0) / 1e9;
	printf("%ld of %ld %s connections open to %s in %.2f s "
	    "(%ld failed, %ld timed out)\n", id_open, nconns,
	    id_tls ? "TLS" : "plain", argv[optind], opened_in, id_failed,
	    id_timedout);
	if (id_fail_why[0] != '\0')
		fprintf(stderr, "idlers: first failure: %s\n", id_fail_why);
	printf("OPEN open=%ld failed=%ld timedout=%ld secs=%.2f\n", id_open,
	    id_failed, id_timedout, opened_in);
	fflush(stdout);

	/* Hold, silent. */
	hold_end = now + (uint64_t)hold * 1000000000ull;
	while (!id_interrupted && (now = id_now()) < hold_end) {
		wait_ms = (int)((hold_end - now) / 1000000) + 1;
		if (wait_ms > 1000)
			wait_ms = 1000;
		if (id_poll(evs, wait_ms) == -1)
			return 1;
	}
	held = (double)(id_now() - t0) / 1e9 - opened_in;

	printf("held %.1f s: %ld still open, %ld closed by the server\n",
	    held, id_open, id_closed);
	printf("RESULT open=%ld failed=%ld timedout=%ld closed_by_server=%ld "
	    "held=%.1f\n", id_open, id_failed, id_timedout, id_closed, held);
	fflush(stdout);
	for (i = 0; i < nconns; i++)
		if (conns[i].c_fd != -1)
			id_conn_close(&conns[i]);
	free(conns);
	free(evs);
	close(id_ep);
	SSL_CTX_free(id_ctx);
	return id_open + id_closed == 0 ? 3 : 0;
}
