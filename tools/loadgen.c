/*
 * loadgen: a closed-loop load generator for Gemini (and later Gopher)
 * servers, used by the benchmarks.
 *
 * usage: loadgen [-c CONNS] [-d SECS] [-w SECS] [-t SECS] [-p PROTO]
 *            [-r REQUEST] [-e PREFIX] [-H NAME] [-n NAME] [-R] [-s]
 *            HOST:PORT
 *
 *   -c CONNS    connections kept busy at once (32)
 *   -d SECS     measured duration (10)
 *   -w SECS     warm-up before it, not counted (1)
 *   -t SECS     a request not done within this is a failure (10)
 *   -p PROTO    gemini (TLS) or gopher (plain TCP)
 *   -r REQUEST  the request line, CRLF appended (gemini://NAME:PORT/,
 *               or the empty selector for gopher)
 *   -e PREFIX   what an OK response starts with ("20 " for gemini;
 *               for gopher, empty: any response that is not empty)
 *   -H NAME     TLS server name, and host of the default request
 *               (localhost)
 *   -n NAME     label for the report (the address)
 *   -R          resume: each connection offers the session of the one
 *               before it (see below)
 *   -s          stock OpenSSL 3.0 key decoding (see lg_ec_engine())
 *   -b ADDRS    source addresses (IPv4, comma-separated): connection
 *               slot i always leaves from the (i mod N)th, as N clients
 *               would (a cluster test tells them apart in the servers'
 *               logs behind a proxy)
 *
 * Every iteration of every connection is a new TCP connection, for
 * Gemini a full TLS handshake (the client keeps no session and takes no
 * ticket, so nothing is ever resumed), the request, every byte until the
 * server closes, and close.  A response may end in close_notify or in a
 * bare EOF, as clients accept both, but counts as OK only when it starts
 * with the expected prefix.  Latency runs from socket() to the end of
 * the response.
 *
 * With -R each connection slot keeps the session of its last OK request
 * and offers it on its next connection, as a client that comes back
 * does: SSL_set_session() before the handshake, SSL_get1_session() once
 * the response is read, by which time a TLS 1.3 server's ticket, sent
 * after its handshake and before the response, has been taken in.  A
 * failed request forgets the session, so the next one is a full
 * handshake.  The report then says which part of the counted requests
 * were resumed (SSL_session_reused()).
 *
 * All connections share one thread and one edge-triggered epoll set:
 * on a two-core machine the generator competes for the CPUs with the
 * server it measures, and a thread per connection would spend them on
 * context switches.  Its own CPU use is reported so that a reader can
 * tell when the generator, not the server, was the limit.
 *
 * Requests that complete during the warm-up or are in flight at the end
 * are not counted; failures are, from the first second to the last.
 * The last line is for scripts:
 *
 *   RESULT name=N rps=R p99_ms=P ok=N fail=N p50_ms=P max_ms=P bytes=B
 *       done=N [resumed=F]
 *
 * where bytes is the size of the OK responses (MIN-MAX when they differ),
 * done counts every request that ended, warm-up and failures included,
 * to divide a server's CPU time by, and resumed (with -R only) is the
 * fraction of the counted requests whose handshake was a resumption.
 *
 * Exit status: 0; 1 on a setup error; 2 on a usage error; 3 when any
 * request failed or none completed.
 */
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <netdb.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The ENGINE calls below are deprecated; see lg_ec_engine() for why. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/opensslv.h>
#include <openssl/ssl.h>

#if OPENSSL_VERSION_NUMBER >= 0x30000000L && \
    OPENSSL_VERSION_NUMBER < 0x30100000L && !defined(OPENSSL_NO_ENGINE)
#include <openssl/engine.h>
#define LG_EC_ENGINE
#endif

#define LG_REQ_MAX	4096	/* request bytes, CRLF included */
#define LG_HEAD		64	/* response bytes kept for the check */
#define LG_READ		16384
#define LG_TICK_MS	10	/* timeouts and retries are this coarse */
#define LG_RETRY_NS	(10 * 1000000ull)	/* after a failed start */

enum lg_proto {
	LP_GEMINI,
	LP_GOPHER
};

/*
 * What each protocol needs from the connection loop.  A protocol is a
 * transport (TLS or not) and defaults; the loop itself is the same for
 * all, so a new one is a row here and, if it needs one, a transport.
 */
static const struct lg_protodef {
	const char	*pd_name;
	int		 pd_tls;
	const char	*pd_prefix;	/* default expected prefix */
} lg_protos[] = {
	[LP_GEMINI] = { "gemini", 1, "20 " },
	[LP_GOPHER] = { "gopher", 0, "" },
};

enum lg_state {
	CS_IDLE,		/* waiting to start (after a failed start) */
	CS_CONNECT,
	CS_HANDSHAKE,
	CS_WRITE,
	CS_READ
};

/* Why a request failed: the report counts each kind. */
enum lg_fail {
	LF_CONNECT,
	LF_HANDSHAKE,
	LF_WRITE,
	LF_READ,
	LF_STATUS,
	LF_TIMEOUT,
	LF_MAX
};

static const char *const lg_fail_names[LF_MAX] = {
	"connect", "handshake", "write", "read", "status", "timeout"
};

/* What one step of I/O came to. */
enum lg_io {
	IO_OK,
	IO_WANT,		/* would block: wait for the next edge */
	IO_EOF,			/* the server closed, cleanly or not */
	IO_ERR
};

struct lg_conn {
	int		 c_fd;
	SSL		*c_ssl;
	SSL_SESSION	*c_sess;	/* -R: offered on the next connection */
	int		 c_reused;	/* -R: this handshake was resumed */
	enum lg_state	 c_state;
	uint64_t	 c_start;	/* ns; for CS_IDLE, when to retry */
	size_t		 c_woff;	/* request bytes written */
	size_t		 c_bytes;	/* response bytes read */
	size_t		 c_headlen;
	int		 c_slot;	/* its index: which -b address */
	char		 c_head[LG_HEAD];
};

/* Options. */
static const struct lg_protodef *lg_proto;
static struct sockaddr_storage	 lg_addr;
static socklen_t		 lg_addrlen;
static const char		*lg_sni = "localhost";
static char			 lg_req[LG_REQ_MAX];
static size_t			 lg_reqlen;
static const char		*lg_prefix;
static size_t			 lg_prefixlen;
static uint64_t			 lg_timeout_ns;
static int			 lg_resume;
#define LG_SRC_MAX	64
static struct in_addr		 lg_src[LG_SRC_MAX];	/* -b */
static size_t			 lg_nsrc;

/* Run state and results. */
static SSL_CTX			*lg_ctx;
static int			 lg_ep = -1;
static uint64_t			 lg_t_warm;	/* ns: counting starts */
static uint64_t			 lg_t_end;	/* ns: the run stops */
static volatile sig_atomic_t	 lg_interrupted;
static uint64_t			 lg_ok;
static uint64_t			 lg_resumed;	/* of lg_ok */
static uint64_t			 lg_finished;	/* warm-up included */
static uint64_t			 lg_fails[LF_MAX];
static char			 lg_fail_why[LF_MAX][160];
static uint32_t			*lg_lat;	/* µs, one per OK request */
static size_t			 lg_nlat, lg_caplat;
static size_t			 lg_minbytes = SIZE_MAX, lg_maxbytes;

static void lg_conn_start(struct lg_conn *, uint64_t);

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: loadgen [-c conns] [-d secs] [-w secs] "
	    "[-t secs] [-p gemini|gopher]\n"
	    "               [-r request] [-e prefix] [-H servername] "
	    "[-n name] [-R] [-s]\n"
	    "               [-b srcaddr[,srcaddr...]]\n"
	    "               host:port\n");
	exit(2);
}

static uint64_t
lg_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void
lg_on_signal(int sig)
{
	(void)sig;
	lg_interrupted = 1;
}

static long
lg_number(const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
		usage();
	return v;
}

/*
 * HOST:PORT, with an IPv6 address in brackets.  Numeric only: the
 * benchmark talks to loopback and a name lookup has no place in a
 * figure.  Also hands back the port as written, for the default request.
 */
static int
lg_parse_addr(const char *arg, const char **port)
{
	struct addrinfo hints, *res;
	char host[256];
	const char *colon;
	size_t hlen;

	if ((colon = strrchr(arg, ':')) == NULL)
		return -1;
	*port = colon + 1;
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
	if (getaddrinfo(host, *port, &hints, &res) != 0)
		return -1;
	memcpy(&lg_addr, res->ai_addr, res->ai_addrlen);
	lg_addrlen = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

#ifdef LG_EC_ENGINE
static int
lg_ec_meths(ENGINE *e, EVP_PKEY_METHOD **meth, const int **nids, int nid)
{
	static const int ec_nids[] = { EVP_PKEY_EC };

	(void)e;
	if (meth == NULL) {
		*nids = ec_nids;
		return 1;
	}
	*meth = nid == EVP_PKEY_EC ?
	    (EVP_PKEY_METHOD *)EVP_PKEY_meth_find(nid) : NULL;
	return *meth != NULL;
}
#endif

/*
 * OpenSSL 3.0 decodes the public key of each certificate it parses by
 * building a chain of provider decoders, and building it costs about a
 * quarter of this client's CPU per handshake.  The generator shares the
 * CPUs with the server it measures, so whatever it burns is taken from
 * the server and narrows every ratio.  While an ENGINE claims EC keys,
 * 3.0 decodes them on its older direct path instead; the engine only
 * hands back OpenSSL's own EC method, so the server's signature is still
 * checked as before.  Other versions, and -s, leave OpenSSL alone.
 */
static void
lg_ec_engine(void)
{
#ifdef LG_EC_ENGINE
	ENGINE *e;

	if ((e = ENGINE_new()) == NULL || ENGINE_set_id(e, "loadgen-ec") != 1 ||
	    ENGINE_set_name(e, "OpenSSL's EC method, claimed") != 1 ||
	    ENGINE_set_pkey_meths(e, lg_ec_meths) != 1 || ENGINE_add(e) != 1 ||
	    ENGINE_register_pkey_meths(e) != 1) {
		/* Only slower: say so and go on. */
		fprintf(stderr, "loadgen: cannot set up the EC engine\n");
		ERR_clear_error();
	}
	ENGINE_free(e);		/* the engine list holds its own reference */
#endif
}

/*
 * By default the client keeps nothing between connections: each is a
 * full handshake.  With -R it takes tickets (the sessions themselves are
 * kept by hand, one per slot, so the context keeps no cache either way).
 */
static SSL_CTX *
lg_tls_ctx(void)
{
	SSL_CTX *ctx;
	uint64_t opts = lg_resume ? 0 : SSL_OP_NO_TICKET;

	if ((ctx = SSL_CTX_new(TLS_client_method())) == NULL)
		return NULL;
	/* The Gemini specification: TLS 1.2 or higher. */
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
#ifdef SSL_OP_IGNORE_UNEXPECTED_EOF
	/* An EOF without close_notify then ends a read like close_notify. */
	opts |= SSL_OP_IGNORE_UNEXPECTED_EOF;
#endif
	SSL_CTX_set_options(ctx, opts);
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
	/* One read(2) per burst rather than one per record header and body. */
	SSL_CTX_set_read_ahead(ctx, 1);
	/* Self-signed test certificates; trust is not what is measured. */
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	return ctx;
}

/* The first failure of each kind is kept to say why. */
static void
lg_note(enum lg_fail kind, const char *why)
{
	char *p = lg_fail_why[kind];
	size_t i;

	if (p[0] != '\0')
		return;
	snprintf(p, sizeof(lg_fail_why[kind]), "%s", why);
	/* It may be a response's first bytes: keep the report one line. */
	for (i = 0; p[i] != '\0'; i++)
		if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f)
			p[i] = ' ';
}

static const char *
lg_tls_why(int sslerr, int err)
{
	unsigned long e = ERR_peek_last_error();
	const char *r;

	if (e != 0 && (r = ERR_reason_error_string(e)) != NULL)
		return r;
	if (sslerr == SSL_ERROR_SYSCALL && err != 0)
		return strerror(err);
	return sslerr == SSL_ERROR_SYSCALL ? "unexpected EOF" : "TLS error";
}

/*
 * Maps the outcome of an SSL call to lg_io.  The error queue is emptied
 * either way: a failure left in it would be blamed on the next
 * connection.
 */
static enum lg_io
lg_tls_io(struct lg_conn *c, int r, enum lg_fail kind)
{
	int e = SSL_get_error(c->c_ssl, r), err = errno;
	enum lg_io io;

	switch (e) {
	case SSL_ERROR_WANT_READ:
	case SSL_ERROR_WANT_WRITE:
		io = IO_WANT;
		break;
	case SSL_ERROR_ZERO_RETURN:
		io = IO_EOF;
		break;
	case SSL_ERROR_SYSCALL:
		if (err == 0 && ERR_peek_last_error() == 0) {
			io = IO_EOF;
			break;
		}
		/* FALLTHROUGH */
	default:
		lg_note(kind, lg_tls_why(e, err));
		io = IO_ERR;
		break;
	}
	ERR_clear_error();
	return io;
}

static enum lg_io
lg_sys_io(ssize_t r, enum lg_fail kind)
{
	if (r > 0)
		return IO_OK;
	if (r == 0)
		return IO_EOF;
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
		return IO_WANT;
	lg_note(kind, strerror(errno));
	return IO_ERR;
}

/* Writes what is left of the request; n is what went out. */
static enum lg_io
lg_write(struct lg_conn *c, size_t *n)
{
	const char *p = lg_req + c->c_woff;
	size_t len = lg_reqlen - c->c_woff;
	ssize_t r;
	int rc;

	if (c->c_ssl != NULL) {
		ERR_clear_error();
		errno = 0;
		if ((rc = SSL_write_ex(c->c_ssl, p, len, n)) == 1)
			return IO_OK;
		return lg_tls_io(c, rc, LF_WRITE);
	}
	if ((r = send(c->c_fd, p, len, MSG_NOSIGNAL)) > 0)
		*n = (size_t)r;
	return r == 0 ? IO_WANT : lg_sys_io(r, LF_WRITE);
}

static enum lg_io
lg_read(struct lg_conn *c, char *buf, size_t len, size_t *n)
{
	ssize_t r;
	int rc;

	if (c->c_ssl != NULL) {
		ERR_clear_error();
		errno = 0;
		if ((rc = SSL_read_ex(c->c_ssl, buf, len, n)) == 1)
			return IO_OK;
		return lg_tls_io(c, rc, LF_READ);
	}
	if ((r = recv(c->c_fd, buf, len, 0)) > 0)
		*n = (size_t)r;
	return lg_sys_io(r, LF_READ);
}

static void
lg_record(uint64_t ns)
{
	uint32_t *p;
	size_t cap;
	uint64_t us = ns / 1000;

	if (lg_nlat == lg_caplat) {
		cap = lg_caplat ? lg_caplat * 2 : 65536;
		if ((p = realloc(lg_lat, cap * sizeof(*p))) == NULL) {
			perror("loadgen");
			exit(1);
		}
		lg_lat = p;
		lg_caplat = cap;
	}
	lg_lat[lg_nlat++] = us > UINT32_MAX ? UINT32_MAX : (uint32_t)us;
}

/*
 * -R: after an OK request the slot keeps the connection's session, now
 * holding the server's latest ticket, if it can be resumed; after a
 * failure it keeps none.  An OK exchange is marked as shut down both
 * ways: SSL_free() takes a connection that sent no close_notify for a
 * broken one and makes its session, the one kept, unresumable, and ours
 * is left out on purpose (see lg_conn_close()).
 */
static void
lg_keep_session(struct lg_conn *c, int failed)
{
	SSL_SESSION *s = NULL;

	if (!failed && c->c_ssl != NULL)
		SSL_set_shutdown(c->c_ssl, SSL_SENT_SHUTDOWN |
		    SSL_RECEIVED_SHUTDOWN);
	if (!failed && c->c_ssl != NULL &&
	    (s = SSL_get1_session(c->c_ssl)) != NULL &&
	    !SSL_SESSION_is_resumable(s)) {
		SSL_SESSION_free(s);
		s = NULL;
	}
	SSL_SESSION_free(c->c_sess);
	c->c_sess = s;
}

static void
lg_conn_close(struct lg_conn *c)
{
	/*
	 * No close_notify of our own: the server has closed already and
	 * one more record would only meet a reset.
	 */
	SSL_free(c->c_ssl);
	c->c_ssl = NULL;
	if (c->c_fd != -1)
		close(c->c_fd);	/* also leaves the epoll set */
	c->c_fd = -1;
	c->c_state = CS_IDLE;
}

/*
 * Ends the current request, counts it and, the run going on, starts the
 * next one at once: the loop is closed.
 */
static void
lg_conn_done(struct lg_conn *c, int failed, enum lg_fail kind)
{
	uint64_t now = lg_now();

	if (lg_resume)
		lg_keep_session(c, failed);
	lg_conn_close(c);
	if (now >= lg_t_end)
		return;
	lg_finished++;
	if (failed) {
		lg_fails[kind]++;
		c->c_start = now + LG_RETRY_NS;
		/* A dead server must not turn the loop into a busy spin. */
		if (kind == LF_CONNECT)
			return;
	} else if (now >= lg_t_warm) {
		lg_ok++;
		lg_resumed += (uint64_t)c->c_reused;
		lg_record(now - c->c_start);
		if (c->c_bytes < lg_minbytes)
			lg_minbytes = c->c_bytes;
		if (c->c_bytes > lg_maxbytes)
			lg_maxbytes = c->c_bytes;
	}
	lg_conn_start(c, now);
}

/* The slot's -b address; the port is chosen at connect (no_port). */
static int
lg_bind(struct lg_conn *c)
{
	struct sockaddr_in sin;
	int one = 1;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr = lg_src[(size_t)c->c_slot % lg_nsrc];
	setsockopt(c->c_fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one,
	    sizeof(one));
	return bind(c->c_fd, (struct sockaddr *)&sin, sizeof(sin));
}

/* -b a,b,c: 0, or -1 for a bad list. */
static int
lg_parse_src(char *list)
{
	char *a;

	for (a = strtok(list, ","); a != NULL; a = strtok(NULL, ",")) {
		if (lg_nsrc == LG_SRC_MAX ||
		    inet_pton(AF_INET, a, &lg_src[lg_nsrc]) != 1)
			return -1;
		lg_nsrc++;
	}
	return lg_nsrc > 0 ? 0 : -1;
}

static void
lg_conn_start(struct lg_conn *c, uint64_t now)
{
	struct epoll_event ev;
	int one = 1;

	c->c_start = now;
	c->c_woff = c->c_bytes = c->c_headlen = 0;
	c->c_reused = 0;
	c->c_fd = socket(lg_addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0);
	if (c->c_fd == -1) {
		lg_note(LF_CONNECT, strerror(errno));
		lg_conn_done(c, 1, LF_CONNECT);
		return;
	}
	/*
	 * The request leaves in its own small write right after the
	 * handshake's last flight; Nagle would hold it for an ACK.
	 */
	setsockopt(c->c_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (lg_nsrc > 0 && lg_bind(c) == -1) {
		lg_note(LF_CONNECT, strerror(errno));
		lg_conn_done(c, 1, LF_CONNECT);
		return;
	}
	if (connect(c->c_fd, (struct sockaddr *)&lg_addr, lg_addrlen) == -1 &&
	    errno != EINPROGRESS) {
		lg_note(LF_CONNECT, strerror(errno));
		lg_conn_done(c, 1, LF_CONNECT);
		return;
	}
	/*
	 * Both directions, edge-triggered, for the life of the socket: every
	 * step runs until it would block, so no edge is lost, and the
	 * interest never has to change.
	 */
	memset(&ev, 0, sizeof(ev));
	ev.events = EPOLLIN | EPOLLOUT | EPOLLET | EPOLLRDHUP;
	ev.data.ptr = c;
	if (epoll_ctl(lg_ep, EPOLL_CTL_ADD, c->c_fd, &ev) == -1) {
		perror("loadgen: epoll_ctl");
		exit(1);
	}
	c->c_state = CS_CONNECT;
}

/* Is the response what was asked for? */
static int
lg_response_ok(const struct lg_conn *c)
{
	if (c->c_bytes == 0)
		return 0;
	if (c->c_headlen < lg_prefixlen)
		return 0;
	return memcmp(c->c_head, lg_prefix, lg_prefixlen) == 0;
}

/* Runs one connection as far as it goes without blocking. */
static void
lg_conn_drive(struct lg_conn *c, uint32_t revents)
{
	static char buf[LG_READ];
	socklen_t sl;
	size_t n, keep;
	enum lg_io io;
	int err, r;

	for (;;) {
		switch (c->c_state) {
		case CS_IDLE:
			return;
		case CS_CONNECT:
			if ((revents & (EPOLLOUT | EPOLLERR | EPOLLHUP)) == 0)
				return;
			err = 0;
			sl = sizeof(err);
			if (getsockopt(c->c_fd, SOL_SOCKET, SO_ERROR, &err,
			    &sl) == -1)
				err = errno;
			if (err != 0) {
				lg_note(LF_CONNECT, strerror(err));
				lg_conn_done(c, 1, LF_CONNECT);
				return;
			}
			if (!lg_proto->pd_tls) {
				c->c_state = CS_WRITE;
				break;
			}
			if ((c->c_ssl = SSL_new(lg_ctx)) == NULL ||
			    SSL_set_fd(c->c_ssl, c->c_fd) != 1 ||
			    SSL_set_tlsext_host_name(c->c_ssl, lg_sni) != 1 ||
			    (c->c_sess != NULL &&
			    SSL_set_session(c->c_ssl, c->c_sess) != 1)) {
				lg_note(LF_HANDSHAKE, "cannot set up TLS");
				ERR_clear_error();
				lg_conn_done(c, 1, LF_HANDSHAKE);
				return;
			}
			SSL_set_connect_state(c->c_ssl);
			c->c_state = CS_HANDSHAKE;
			break;
		case CS_HANDSHAKE:
			ERR_clear_error();
			errno = 0;
			if ((r = SSL_do_handshake(c->c_ssl)) == 1) {
				c->c_reused = SSL_session_reused(c->c_ssl);
				c->c_state = CS_WRITE;
				break;
			}
			io = lg_tls_io(c, r, LF_HANDSHAKE);
			if (io == IO_WANT)
				return;
			if (io == IO_EOF)
				lg_note(LF_HANDSHAKE, "closed in the handshake");
			lg_conn_done(c, 1, LF_HANDSHAKE);
			return;
		case CS_WRITE:
			n = 0;
			io = lg_write(c, &n);
			if (io == IO_WANT)
				return;
			if (io != IO_OK) {
				if (io == IO_EOF)
					lg_note(LF_WRITE, "closed before the "
					    "request");
				lg_conn_done(c, 1, LF_WRITE);
				return;
			}
			if ((c->c_woff += n) == lg_reqlen)
				c->c_state = CS_READ;
			break;
		case CS_READ:
			n = 0;
			io = lg_read(c, buf, sizeof(buf), &n);
			if (io == IO_WANT)
				return;
			if (io == IO_ERR) {
				lg_conn_done(c, 1, LF_READ);
				return;
			}
			if (io == IO_EOF) {
				if (lg_response_ok(c)) {
					lg_conn_done(c, 0, LF_MAX);
					return;
				}
				if (c->c_bytes == 0)
					lg_note(LF_STATUS, "empty response");
				else
					lg_note(LF_STATUS, c->c_head);
				lg_conn_done(c, 1, LF_STATUS);
				return;
			}
			keep = sizeof(c->c_head) - 1 - c->c_headlen;
			if (keep > n)
				keep = n;
			memcpy(c->c_head + c->c_headlen, buf, keep);
			c->c_headlen += keep;
			c->c_head[c->c_headlen] = '\0';
			c->c_bytes += n;
			break;
		}
	}
}

/* Restarts slots whose retry time came and fails those that hang. */
static void
lg_tick(struct lg_conn *conns, int nconns, uint64_t now)
{
	int i;

	for (i = 0; i < nconns; i++) {
		struct lg_conn *c = &conns[i];

		if (c->c_state == CS_IDLE) {
			if (now >= c->c_start)
				lg_conn_start(c, now);
		} else if (now - c->c_start > lg_timeout_ns) {
			lg_note(LF_TIMEOUT, "no complete response in time");
			lg_conn_done(c, 1, LF_TIMEOUT);
		}
	}
}

static int
lg_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Nearest rank on the sorted latencies, in ms. */
static double
lg_pct(double p)
{
	size_t rank;

	if (lg_nlat == 0)
		return 0;
	rank = (size_t)(p * (double)lg_nlat + 0.999999);
	if (rank < 1)
		rank = 1;
	if (rank > lg_nlat)
		rank = lg_nlat;
	return (double)lg_lat[rank - 1] / 1000.0;
}

static void
lg_report(const char *name, const char *target, int nconns, double secs,
    double wall, double cpu)
{
	uint64_t fails = 0;
	double rps;
	char bytes[64];
	int i;

	for (i = 0; i < LF_MAX; i++)
		fails += lg_fails[i];
	qsort(lg_lat, lg_nlat, sizeof(*lg_lat), lg_cmp);
	rps = secs > 0 ? (double)lg_ok / secs : 0;
	if (lg_nlat == 0)
		snprintf(bytes, sizeof(bytes), "0");
	else if (lg_minbytes == lg_maxbytes)
		snprintf(bytes, sizeof(bytes), "%zu", lg_minbytes);
	else
		snprintf(bytes, sizeof(bytes), "%zu-%zu", lg_minbytes,
		    lg_maxbytes);

	printf("%s: %s %s, %d connections, %.1f s measured\n", name,
	    lg_proto->pd_name, target, nconns, secs);
	printf("  requests  %llu ok, %llu failed", (unsigned long long)lg_ok,
	    (unsigned long long)fails);
	if (fails > 0) {
		const char *sep = " (";

		for (i = 0; i < LF_MAX; i++) {
			if (lg_fails[i] == 0)
				continue;
			printf("%s%s %llu", sep, lg_fail_names[i],
			    (unsigned long long)lg_fails[i]);
			sep = ", ";
		}
		printf(")");
	}
	printf("\n  rate      %.1f requests/s\n", rps);
	printf("  latency   p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
	    lg_pct(0.50), lg_pct(0.99), lg_pct(1.0));
	printf("  response  %s bytes\n", bytes);
	printf("  client    %.2f CPUs, %.0f us of CPU per request\n", cpu,
	    lg_finished > 0 ? cpu * wall * 1e6 / (double)lg_finished : 0);
	if (lg_resume)
		printf("  resumed   %llu of %llu OK requests\n",
		    (unsigned long long)lg_resumed, (unsigned long long)lg_ok);
	for (i = 0; i < LF_MAX; i++)
		if (lg_fail_why[i][0] != '\0')
			printf("  first %s failure: %s\n", lg_fail_names[i],
			    lg_fail_why[i]);
	printf("RESULT name=%s rps=%.1f p99_ms=%.2f ok=%llu fail=%llu "
	    "p50_ms=%.2f max_ms=%.2f bytes=%s done=%llu", name, rps,
	    lg_pct(0.99), (unsigned long long)lg_ok,
	    (unsigned long long)fails, lg_pct(0.50), lg_pct(1.0), bytes,
	    (unsigned long long)lg_finished);
	if (lg_resume)
		printf(" resumed=%.3f", lg_ok > 0 ?
		    (double)lg_resumed / (double)lg_ok : 0);
	printf("\n");
	fflush(stdout);
}

int
main(int argc, char **argv)
{
	struct epoll_event *evs;
	struct lg_conn *conns;
	struct sigaction sa;
	struct rusage ru;
	const char *name = NULL, *req = NULL, *port, *target;
	uint64_t t0, now, last_tick;
	long nconns = 32, secs = 10, warm = 1, timeout = 10;
	double wall, cpu;
	int ch, i, n, wait_ms, stock = 0;

	lg_proto = &lg_protos[LP_GEMINI];
	while ((ch = getopt(argc, argv, "b:c:d:e:H:n:p:Rr:st:w:")) != -1) {
		switch (ch) {
		case 'b':
			if (lg_parse_src(optarg) == -1)
				usage();
			break;
		case 'c':
			nconns = lg_number(optarg, 1, 10000);
			break;
		case 'd':
			secs = lg_number(optarg, 1, 86400);
			break;
		case 'e':
			lg_prefix = optarg;
			break;
		case 'H':
			lg_sni = optarg;
			break;
		case 'n':
			name = optarg;
			break;
		case 'p':
			if (strcmp(optarg, "gemini") == 0)
				lg_proto = &lg_protos[LP_GEMINI];
			else if (strcmp(optarg, "gopher") == 0)
				lg_proto = &lg_protos[LP_GOPHER];
			else
				usage();
			break;
		case 'R':
			lg_resume = 1;
			break;
		case 'r':
			req = optarg;
			break;
		case 's':
			stock = 1;
			break;
		case 't':
			timeout = lg_number(optarg, 1, 3600);
			break;
		case 'w':
			warm = lg_number(optarg, 0, 3600);
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 1)
		usage();
	target = argv[optind];
	if (lg_parse_addr(target, &port) == -1) {
		fprintf(stderr, "loadgen: %s: not a numeric HOST:PORT\n",
		    target);
		return 2;
	}
	if (name == NULL)
		name = target;
	if (lg_prefix == NULL)
		lg_prefix = lg_proto->pd_prefix;
	lg_prefixlen = strlen(lg_prefix);
	if (lg_prefixlen >= LG_HEAD) {
		fprintf(stderr, "loadgen: -e: longer than %d bytes\n",
		    LG_HEAD - 1);
		return 2;
	}
	if (req != NULL)
		n = snprintf(lg_req, sizeof(lg_req), "%s\r\n", req);
	else if (lg_proto == &lg_protos[LP_GEMINI])
		n = snprintf(lg_req, sizeof(lg_req), "gemini://%s%s%s/\r\n",
		    lg_sni, strcmp(port, "1965") == 0 ? "" : ":",
		    strcmp(port, "1965") == 0 ? "" : port);
	else
		n = snprintf(lg_req, sizeof(lg_req), "\r\n");
	if (n < 0 || (size_t)n >= sizeof(lg_req)) {
		fprintf(stderr, "loadgen: the request is too long\n");
		return 2;
	}
	lg_reqlen = (size_t)n;
	lg_timeout_ns = (uint64_t)timeout * 1000000000ull;

	/* A write to a connection the server has reset must not kill us. */
	signal(SIGPIPE, SIG_IGN);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = lg_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	if (lg_proto->pd_tls && !stock)
		lg_ec_engine();
	if (lg_proto->pd_tls && (lg_ctx = lg_tls_ctx()) == NULL) {
		fprintf(stderr, "loadgen: cannot create a TLS context\n");
		return 1;
	}
	if ((lg_ep = epoll_create1(EPOLL_CLOEXEC)) == -1) {
		perror("loadgen: epoll_create1");
		return 1;
	}
	conns = calloc((size_t)nconns, sizeof(*conns));
	evs = calloc((size_t)nconns, sizeof(*evs));
	if (conns == NULL || evs == NULL) {
		perror("loadgen");
		return 1;
	}

	t0 = last_tick = lg_now();
	lg_t_warm = t0 + (uint64_t)warm * 1000000000ull;
	lg_t_end = lg_t_warm + (uint64_t)secs * 1000000000ull;
	for (i = 0; i < nconns; i++) {
		conns[i].c_fd = -1;
		conns[i].c_slot = i;
		lg_conn_start(&conns[i], t0);
	}
	while (!lg_interrupted && (now = lg_now()) < lg_t_end) {
		wait_ms = (int)((lg_t_end - now) / 1000000) + 1;
		if (wait_ms > LG_TICK_MS)
			wait_ms = LG_TICK_MS;
		if ((n = epoll_wait(lg_ep, evs, (int)nconns, wait_ms)) == -1) {
			if (errno == EINTR)
				continue;
			perror("loadgen: epoll_wait");
			return 1;
		}
		for (i = 0; i < n; i++)
			lg_conn_drive(evs[i].data.ptr, evs[i].events);
		if ((now = lg_now()) - last_tick >= LG_TICK_MS * 1000000ull) {
			lg_tick(conns, (int)nconns, now);
			last_tick = now;
		}
	}
	/* An interrupted run reports on the part it measured. */
	if ((now = lg_now()) > lg_t_end)
		now = lg_t_end;
	wall = (double)(now - t0) / 1e9;
	getrusage(RUSAGE_SELF, &ru);
	cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
	for (i = 0; i < nconns; i++) {
		lg_conn_close(&conns[i]);
		SSL_SESSION_free(conns[i].c_sess);
	}

	lg_report(name, target, (int)nconns, now > lg_t_warm ?
	    (double)(now - lg_t_warm) / 1e9 : 0, wall, wall > 0 ? cpu / wall :
	    0);

	free(conns);
	free(evs);
	free(lg_lat);
	close(lg_ep);
	SSL_CTX_free(lg_ctx);
	for (i = 0; i < LF_MAX; i++)
		if (lg_fails[i] != 0)
			return 3;
	return lg_ok == 0 ? 3 : 0;
}
