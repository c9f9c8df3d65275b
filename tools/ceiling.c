/*
 * ceiling: the least work a server can do per request, as a ceiling for
 * the benchmarks to measure capsuled against.
 *
 * usage: ceiling -p gemini|gopher -l ADDR:PORT [-c CERT -k KEY]
 *            -f REPLYFILE [-t THREADS]
 *
 *   -p PROTO      gemini (TLS; -c and -k required) or gopher (plain TCP)
 *   -l ADDR:PORT  where to listen; numeric, IPv6 in brackets
 *   -c CERT       certificate chain, PEM (capsuled's)
 *   -k KEY        private key, PEM
 *   -f REPLYFILE  the whole response, sent as it is to every request:
 *                 status line or "." line included
 *   -t THREADS    threads sharing the listener (2, as capsuled
 *                 --workers 2)
 *
 * Per connection: accept, for Gemini the TLS handshake, read until the
 * first "\n", write the reply's bytes from memory, for Gemini
 * close_notify, and close.  The request is not looked at; nothing is
 * logged, timed or allocated but what OpenSSL allocates itself.  Every
 * connection lives in a table indexed by its descriptor, and its thread
 * watches it edge-triggered for both directions from the first time it
 * would block until it is closed: one epoll_ctl at most, never a MOD.
 * A Gopher connection is read as soon as it is accepted, and one whose
 * request is already in is served without entering epoll at all; a
 * Gemini one enters it at once (see ce_start()).
 *
 * Each thread has its own epoll set holding the shared listener with
 * EPOLLEXCLUSIVE, so that one thread wakes per new connection, and
 * accepts until the backlog is empty, or CE_ACCEPTS at most, when it
 * wakes: under load that is several connections for one epoll_wait and
 * at most one accept(2) that finds nothing, where a connection per
 * wake-up would cost an epoll_wait each.  The bound is for the
 * connections already in epoll: a Gopher request served in the accept
 * loop never empties a closed-loop client's backlog, and without it they
 * would wait for as long as the run.
 *
 * It runs until it is killed.  Exit status: 1 on a setup error, 2 on a
 * usage error.
 */
#define _GNU_SOURCE	/* accept4 */
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#define CE_BATCH	256	/* events per epoll_wait */
#define CE_ACCEPTS	16	/* connections accepted per wake-up */
#define CE_READ		4096	/* request bytes read at a time */
#define CE_REQ_MAX	4096	/* past this with no "\n", reply anyway */
#define CE_THREADS_MAX	64
#define CE_WBUF_MAX	(64u << 10)	/* the most one write buffer holds */

enum ce_state {
	CE_FREE,
	CE_HANDSHAKE,
	CE_READ_REQ,
	CE_WRITE,
	CE_FLUSH	/* Gemini: close_notify queued, the buffer going out */
};

struct ce_conn {
	SSL		*cc_ssl;
	size_t		 cc_off;	/* reply bytes written */
	size_t		 cc_got;	/* request bytes read */
	unsigned char	 cc_state;
	unsigned char	 cc_watched;	/* in the thread's epoll set */
};

static int		 ce_tls;
static int		 ce_lfd = -1;
static SSL_CTX		*ce_ctx;
static char		*ce_reply;
static size_t		 ce_replylen;
static long		 ce_wbuf;	/* write buffer per TLS connection */
static struct ce_conn	*ce_conns;
static size_t		 ce_nconns;

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: ceiling -p gemini|gopher -l addr:port "
	    "[-c cert -k key] -f replyfile\n"
	    "               [-t threads]\n");
	exit(2);
}

static void __attribute__((noreturn))
ce_fatal(const char *what)
{
	fprintf(stderr, "ceiling: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void __attribute__((noreturn))
ce_tls_fatal(const char *what)
{
	unsigned long e = ERR_peek_last_error();
	const char *r = e != 0 ? ERR_reason_error_string(e) : NULL;

	fprintf(stderr, "ceiling: %s: %s\n", what, r != NULL ? r : "failed");
	exit(1);
}

/* The reply file, whole, into memory. */
static void
ce_load_reply(const char *path)
{
	struct stat st;
	size_t got = 0;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(fd, &st) == -1)
		ce_fatal(path);
	if (st.st_size <= 0) {
		fprintf(stderr, "ceiling: %s: empty\n", path);
		exit(1);
	}
	ce_replylen = (size_t)st.st_size;
	if ((ce_reply = malloc(ce_replylen)) == NULL)
		ce_fatal("malloc");
	while (got < ce_replylen) {
		if ((n = read(fd, ce_reply + got, ce_replylen - got)) <= 0) {
			if (n == 0)
				errno = EIO;	/* it shrank under us */
			if (n == -1 && errno == EINTR)
				continue;
			ce_fatal(path);
		}
		got += (size_t)n;
	}
	close(fd);
}

/* ADDR:PORT, numeric, the address of an IPv6 one in brackets. */
static void
ce_listen(const char *spec)
{
	struct addrinfo hints, *res;
	char host[256];
	const char *colon, *h = spec;
	size_t hlen;
	int on = 1, e;

	if ((colon = strrchr(spec, ':')) == NULL)
		usage();
	hlen = (size_t)(colon - spec);
	if (spec[0] == '[') {
		if (hlen < 2 || colon[-1] != ']')
			usage();
		h++;
		hlen -= 2;
	}
	if (hlen == 0 || hlen >= sizeof(host))
		usage();
	memcpy(host, h, hlen);
	host[hlen] = '\0';
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV;
	if ((e = getaddrinfo(host, colon + 1, &hints, &res)) != 0) {
		fprintf(stderr, "ceiling: %s: %s\n", spec, gai_strerror(e));
		exit(2);
	}
	/* The listener as capsuled makes it: non-blocking, backlog 4096. */
	if ((ce_lfd = socket(res->ai_family, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0)) == -1)
		ce_fatal("socket");
	setsockopt(ce_lfd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (bind(ce_lfd, res->ai_addr, res->ai_addrlen) == -1 ||
	    listen(ce_lfd, 4096) == -1)
		ce_fatal(spec);
	freeaddrinfo(res);
}

/*
 * The OpenSSL settings, chosen so that a client sees the same TLS as
 * from capsuled (src/tls.c) and the server does no more than it must:
 *
 *   TLS 1.2 to 1.3, SSL_OP_CIPHER_SERVER_PREFERENCE, the same
 *   certificate and key: the same protocol, cipher suite, key exchange
 *   and signature, so the handshakes cost the same.
 *   SSL_OP_NO_RENEGOTIATION, SSL_OP_NO_COMPRESSION: as capsuled; they
 *   change nothing in a one-request connection.
 *   One TLS 1.3 session ticket, OpenSSL's default ticket keys and server
 *   session cache, and a session ID context: the same flights on the
 *   wire as capsuled (the ticket is a record and a write of its own) and
 *   resumption for a client that asks, so a resumed run has a ceiling
 *   too.  No ticket at all would be less work, but a server that offers
 *   no resumption is not the same server.
 *   Read-ahead: a record's header and body, and records that came
 *   together, in one read(2).
 *   Writes through a buffer (BIO_f_buffer) big enough for the whole
 *   reply and the close_notify: OpenSSL flushes it at the end of each
 *   handshake flight, and the response goes out in one write(2).
 *   SSL_MODE_ENABLE_PARTIAL_WRITE: a write that would block resumes
 *   where it stopped.
 *   Not SSL_MODE_RELEASE_BUFFERS, which capsuled sets to save memory
 *   on idle connections: here it would only free and allocate the read
 *   buffer again between the records of one connection.
 */
static void
ce_tls_setup(const char *cert, const char *key)
{
	static const unsigned char sid[] = "ceiling";
	size_t records;

	if ((ce_ctx = SSL_CTX_new(TLS_server_method())) == NULL)
		ce_tls_fatal("cannot create a TLS context");
	SSL_CTX_set_min_proto_version(ce_ctx, TLS1_2_VERSION);
	SSL_CTX_set_max_proto_version(ce_ctx, TLS1_3_VERSION);
	SSL_CTX_set_options(ce_ctx, SSL_OP_NO_RENEGOTIATION |
	    SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_COMPRESSION);
	SSL_CTX_set_mode(ce_ctx, SSL_MODE_ENABLE_PARTIAL_WRITE);
	SSL_CTX_set_session_id_context(ce_ctx, sid, sizeof(sid) - 1);
	SSL_CTX_set_num_tickets(ce_ctx, 1);
	SSL_CTX_set_read_ahead(ce_ctx, 1);
	if (SSL_CTX_use_certificate_chain_file(ce_ctx, cert) != 1)
		ce_tls_fatal(cert);
	if (SSL_CTX_use_PrivateKey_file(ce_ctx, key, SSL_FILETYPE_PEM) != 1)
		ce_tls_fatal(key);
	if (SSL_CTX_check_private_key(ce_ctx) != 1)
		ce_tls_fatal("the key does not match the certificate");
	/*
	 * The reply in records of 16 KiB, each at most 32 bytes longer (22 in
	 * TLS 1.3), and the close_notify.
	 */
	records = ce_replylen / 16384 + 1;
	ce_wbuf = (long)(ce_replylen + records * 32 + 64);
	if (ce_wbuf < 4096)
		ce_wbuf = 4096;		/* BIO_f_buffer's own default */
	if (ce_wbuf > (long)CE_WBUF_MAX)
		ce_wbuf = CE_WBUF_MAX;
}

/* Descriptor and all: the table slot is free again. */
static void
ce_close(int fd)
{
	struct ce_conn *c = &ce_conns[fd];

	if (c->cc_ssl != NULL) {
		SSL_free(c->cc_ssl);	/* its BIOs with it */
		c->cc_ssl = NULL;
		/* A failure leaves the thread's error queue to empty. */
		ERR_clear_error();
	}
	c->cc_state = CE_FREE;
	close(fd);			/* also leaves the epoll set */
}

/*
 * 1 when the outcome of an SSL call means waiting for the socket, 0 when
 * the connection is done for.
 */
static int
ce_tls_wait(SSL *ssl, int r)
{
	int e = SSL_get_error(ssl, r);

	return e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE;
}

/*
 * One Gemini connection as far as it goes without blocking: 1 to wait
 * for the socket, 0 when it is done (closed).
 */
static int
ce_gemini(int fd, struct ce_conn *c, char *buf)
{
	BIO *wbio;
	size_t n;
	int r;

	for (;;) {
		switch (c->cc_state) {
		case CE_HANDSHAKE:
			if ((r = SSL_do_handshake(c->cc_ssl)) != 1) {
				if (ce_tls_wait(c->cc_ssl, r))
					return 1;
				goto drop;
			}
			c->cc_state = CE_READ_REQ;
			break;
		case CE_READ_REQ:
			if ((r = SSL_read_ex(c->cc_ssl, buf, CE_READ, &n)) !=
			    1) {
				if (ce_tls_wait(c->cc_ssl, r))
					return 1;
				goto drop;
			}
			c->cc_got += n;
			if (memchr(buf, '\n', n) != NULL ||
			    c->cc_got >= CE_REQ_MAX)
				c->cc_state = CE_WRITE;
			break;
		case CE_WRITE:
			if ((r = SSL_write_ex(c->cc_ssl, ce_reply + c->cc_off,
			    ce_replylen - c->cc_off, &n)) != 1) {
				if (ce_tls_wait(c->cc_ssl, r))
					return 1;
				goto drop;
			}
			if ((c->cc_off += n) < ce_replylen)
				break;
			/*
			 * 0: our close_notify is queued; the peer's is not
			 * waited for.
			 */
			if ((r = SSL_shutdown(c->cc_ssl)) < 0 &&
			    !ce_tls_wait(c->cc_ssl, r))
				goto drop;
			c->cc_state = CE_FLUSH;
			break;
		case CE_FLUSH:
			wbio = SSL_get_wbio(c->cc_ssl);
			if (BIO_flush(wbio) != 1 && BIO_should_retry(wbio))
				return 1;
			goto drop;
		default:
			goto drop;
		}
	}
drop:
	ce_close(fd);
	return 0;
}

/* The same for Gopher. */
static int
ce_gopher(int fd, struct ce_conn *c, char *buf)
{
	ssize_t n;

	for (;;) {
		switch (c->cc_state) {
		case CE_READ_REQ:
			if ((n = read(fd, buf, CE_READ)) <= 0) {
				if (n == -1 && (errno == EAGAIN ||
				    errno == EINTR))
					return 1;
				goto drop;
			}
			c->cc_got += (size_t)n;
			if (memchr(buf, '\n', (size_t)n) != NULL ||
			    c->cc_got >= CE_REQ_MAX)
				c->cc_state = CE_WRITE;
			break;
		case CE_WRITE:
			if ((n = send(fd, ce_reply + c->cc_off, ce_replylen -
			    c->cc_off, MSG_NOSIGNAL)) == -1) {
				if (errno == EAGAIN || errno == EINTR)
					return 1;
				goto drop;
			}
			if ((c->cc_off += (size_t)n) < ce_replylen)
				break;
			goto drop;
		default:
			goto drop;
		}
	}
drop:
	ce_close(fd);
	return 0;
}

/* Into the thread's epoll set, for good: 0, or -1 (and closed). */
static int
ce_watch(int ep, int fd)
{
	struct epoll_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.events = EPOLLIN | EPOLLOUT | EPOLLET | EPOLLRDHUP;
	ev.data.fd = fd;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) == -1) {
		ce_close(fd);
		return -1;
	}
	ce_conns[fd].cc_watched = 1;
	return 0;
}

/* Drives a connection; the first time it would block, epoll takes it. */
static void
ce_drive(int ep, int fd, char *buf)
{
	struct ce_conn *c = &ce_conns[fd];

	if ((ce_tls ? ce_gemini(fd, c, buf) : ce_gopher(fd, c, buf)) &&
	    !c->cc_watched)
		ce_watch(ep, fd);
}

/* A new connection, served as far as it goes. */
static void
ce_start(int ep, int fd, char *buf)
{
	struct ce_conn *c;
	BIO *rbio = NULL, *wbio = NULL, *sock = NULL;

	if ((size_t)fd >= ce_nconns) {
		close(fd);
		return;
	}
	c = &ce_conns[fd];
	c->cc_off = c->cc_got = 0;
	c->cc_watched = 0;
	if (ce_tls) {
		/* Reads straight from the socket; writes through a buffer. */
		if ((c->cc_ssl = SSL_new(ce_ctx)) == NULL ||
		    (rbio = BIO_new_socket(fd, BIO_NOCLOSE)) == NULL ||
		    (sock = BIO_new_socket(fd, BIO_NOCLOSE)) == NULL ||
		    (wbio = BIO_new(BIO_f_buffer())) == NULL ||
		    BIO_set_write_buffer_size(wbio, ce_wbuf) != 1) {
			BIO_free(rbio);
			BIO_free(sock);
			BIO_free(wbio);
			ce_close(fd);
			return;
		}
		SSL_set_bio(c->cc_ssl, rbio, BIO_push(wbio, sock));
		SSL_set_accept_state(c->cc_ssl);
		c->cc_state = CE_HANDSHAKE;
		/*
		 * A TLS connection waits for the client's Finished in any
		 * case, so it enters epoll anyway; added now, it is reported
		 * once its ClientHello is in, and no read is spent on
		 * finding that it is not there yet.
		 */
		ce_watch(ep, fd);
		return;
	}
	c->cc_state = CE_READ_REQ;
	ce_drive(ep, fd, buf);
}

static void
ce_accept(int ep, char *buf)
{
	int fd, i;

	for (i = 0; i < CE_ACCEPTS; i++) {
		if ((fd = accept4(ce_lfd, NULL, NULL, SOCK_NONBLOCK |
		    SOCK_CLOEXEC)) == -1) {
			/* Out of descriptors: no worse than a full backlog. */
			if (errno == EMFILE || errno == ENFILE)
				usleep(1000);
			return;
		}
		ce_start(ep, fd, buf);
	}
}

static void *
ce_thread(void *arg)
{
	struct epoll_event ev, evs[CE_BATCH];
	char buf[CE_READ];
	int ep, i, n;

	(void)arg;
	if ((ep = epoll_create1(EPOLL_CLOEXEC)) == -1)
		ce_fatal("epoll_create1");
	memset(&ev, 0, sizeof(ev));
	ev.events = EPOLLIN | EPOLLEXCLUSIVE;
	ev.data.fd = ce_lfd;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, ce_lfd, &ev) == -1)
		ce_fatal("epoll_ctl");
	for (;;) {
		if ((n = epoll_wait(ep, evs, CE_BATCH, -1)) == -1) {
			if (errno == EINTR)
				continue;
			ce_fatal("epoll_wait");
		}
		for (i = 0; i < n; i++) {
			if (evs[i].data.fd == ce_lfd)
				ce_accept(ep, buf);
			else
				ce_drive(ep, evs[i].data.fd, buf);
		}
	}
	return NULL;
}

int
main(int argc, char **argv)
{
	pthread_t tids[CE_THREADS_MAX];
	struct rlimit rl;
	const char *proto = NULL, *addr = NULL, *cert = NULL, *key = NULL;
	const char *reply = NULL;
	char *end;
	long nthreads = 2;
	int ch, i;

	while ((ch = getopt(argc, argv, "c:f:k:l:p:t:")) != -1) {
		switch (ch) {
		case 'c':
			cert = optarg;
			break;
		case 'f':
			reply = optarg;
			break;
		case 'k':
			key = optarg;
			break;
		case 'l':
			addr = optarg;
			break;
		case 'p':
			proto = optarg;
			break;
		case 't':
			errno = 0;
			nthreads = strtol(optarg, &end, 10);
			if (errno != 0 || end == optarg || *end != '\0' ||
			    nthreads < 1 || nthreads > CE_THREADS_MAX)
				usage();
			break;
		default:
			usage();
		}
	}
	if (argc != optind || proto == NULL || addr == NULL || reply == NULL)
		usage();
	if (strcmp(proto, "gemini") == 0)
		ce_tls = 1;
	else if (strcmp(proto, "gopher") != 0)
		usage();
	if (ce_tls != (cert != NULL) || ce_tls != (key != NULL))
		usage();

	signal(SIGPIPE, SIG_IGN);
	ce_load_reply(reply);
	if (ce_tls)
		ce_tls_setup(cert, key);
	/* One slot per descriptor this process may hold. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == -1)
		ce_fatal("getrlimit");
	ce_nconns = rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > 1u << 20 ?
	    1u << 20 : (size_t)rl.rlim_cur;
	if ((ce_conns = calloc(ce_nconns, sizeof(*ce_conns))) == NULL)
		ce_fatal("calloc");
	ce_listen(addr);
	for (i = 0; i < nthreads; i++)
		if ((errno = pthread_create(&tids[i], NULL, ce_thread,
		    NULL)) != 0)
			ce_fatal("pthread_create");
	for (i = 0; i < nthreads; i++)
		pthread_join(tids[i], NULL);
	return 0;
}
