/*
 * trickle: abusive clients for the limits test: a crowd of connections
 * sending a byte at a time, or one connection pouring out bytes that
 * never make a line.
 *
 * usage: trickle [-T] [-n CONNS] [-i MS] [-w MS] PORT
 *        trickle -f BYTES [-T] [-w MS] PORT
 *        trickle -s SELECTOR [-w MS] PORT
 *
 * Trickle (the default) opens CONNS (1000) connections to
 * 127.0.0.1:PORT, then sends one byte on each every MS (1000)
 * milliseconds, never a line end: a selector "/aaa...", or with -T a
 * TLS handshake record announcing 16 KiB and then zeros, so that a
 * handshake never completes.  It stops when the server has closed every
 * connection, or after -w (60000) ms, and prints one line:
 *   conns=N closed=N answered=N open=N min_ms=N max_ms=N
 * closed: the server ended the connection (FIN or reset) without a
 * byte; answered: it sent something; open: still open at the end;
 * min_ms and max_ms: from connecting to the server's close, over the
 * closed ones.
 *
 * Flood (-f) makes one connection (with -T, a full TLS handshake
 * first) and sends BYTES bytes of 'x' with no line end as fast as the
 * server takes them, reading whatever it answers meanwhile; its own
 * send buffer is small, so that what it counts as sent is what reached
 * the server's side.  The answer goes to standard output (decrypted
 * with -T), and one line to standard error:
 *   sent=N end=eof|reset|timeout
 * eof: the server closed (with -T: close_notify or a close), reset: it
 * reset the connection, timeout: it was still open after -w.
 *
 * Stall (-s) sends SELECTOR and CRLF over plain TCP, with a small
 * receive buffer, reads nothing for -w ms (or until SIGUSR1), then
 * reads all there is and prints one line:
 *   read=N end=eof|reset
 * A server that gave up on the stalled reader meanwhile has sent only
 * what the socket buffers held; one that waited sends everything.
 *
 * Exit status 0 when the run went as far as it could, 1 on usage and
 * connection errors: the figures are for the test to judge.
 */
#include <sys/resource.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "client.h"

#define FLOOD_CHUNK	4096

struct tconn {
	int	 tc_fd;		/* -1 once over */
	long	 tc_start;	/* ms: connected */
	size_t	 tc_sent;
};

/* A blocking connection to 127.0.0.1:port, or -1; a size 0: the default. */
static int
dial(int port, int sndbuf, int rcvbuf)
{
	struct sockaddr_in sin;
	int fd;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((unsigned short)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return -1;
	if (sndbuf > 0)
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	if (rcvbuf > 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The n-th byte a trickling connection sends. */
static char
trickle_byte(int tls, size_t n)
{
	static const char hello[] = { 0x16, 0x03, 0x01, 0x40, 0x00 };

	if (tls)
		return n < sizeof(hello) ? hello[n] : 0;
	return n == 0 ? '/' : 'a';
}

static int
run_trickle(int port, int tls, int nconns, long interval, long wait)
{
	struct tconn *tc;
	struct pollfd *pf;
	int *of;		/* pf[k] is tc[of[k]] */
	struct rlimit rl;
	long now, next, deadline, t, min = -1, max = -1;
	int i, k, n, open, closed = 0, answered = 0;
	char b[512];
	ssize_t r;

	/* A descriptor per connection, and the usual 1024 is too few. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 &&
	    rl.rlim_cur < (rlim_t)nconns + 16) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	if ((tc = calloc((size_t)nconns, sizeof(*tc))) == NULL ||
	    (pf = calloc((size_t)nconns, sizeof(*pf))) == NULL ||
	    (of = calloc((size_t)nconns, sizeof(*of))) == NULL)
		return 1;
	for (i = 0; i < nconns; i++) {
		if ((tc[i].tc_fd = dial(port, 0, 0)) == -1) {
			fprintf(stderr, "trickle: connection %d: %s\n", i,
			    strerror(errno));
			return 1;
		}
		tc[i].tc_start = client_now_ms();
		fcntl(tc[i].tc_fd, F_SETFL, O_NONBLOCK);
	}
	open = nconns;
	next = client_now_ms();
	deadline = tc[0].tc_start + wait;
	while (open > 0 && (now = client_now_ms()) < deadline) {
		if (now >= next) {
			for (i = 0; i < nconns; i++) {
				if (tc[i].tc_fd == -1)
					continue;
				b[0] = trickle_byte(tls, tc[i].tc_sent);
				if (send(tc[i].tc_fd, b, 1, MSG_NOSIGNAL) == 1)
					tc[i].tc_sent++;
			}
			next += interval;
		}
		for (i = n = 0; i < nconns; i++)
			if (tc[i].tc_fd != -1) {
				pf[n].fd = tc[i].tc_fd;
				pf[n].events = POLLIN;
				pf[n].revents = 0;
				of[n++] = i;
			}
		t = (next < deadline ? next : deadline) - client_now_ms();
		if (poll(pf, (nfds_t)n, t > 0 ? (int)t : 0) <= 0)
			continue;
		now = client_now_ms();
		for (k = 0; k < n; k++) {
			if (pf[k].revents == 0)
				continue;
			i = of[k];
			r = recv(tc[i].tc_fd, b, sizeof(b), MSG_DONTWAIT);
			if (r == -1 && (errno == EAGAIN || errno == EINTR))
				continue;
			if (r > 0)
				answered++;
			else {
				closed++;
				t = now - tc[i].tc_start;
				if (min == -1 || t < min)
					min = t;
				if (t > max)
					max = t;
			}
			close(tc[i].tc_fd);
			tc[i].tc_fd = -1;
			open--;
		}
	}
	printf("conns=%d closed=%d answered=%d open=%d min_ms=%ld max_ms=%ld\n",
	    nconns, closed, answered, open, min, max);
	for (i = 0; i < nconns; i++)
		if (tc[i].tc_fd != -1)
			close(tc[i].tc_fd);
	free(tc);
	free(pf);
	free(of);
	return 0;
}

/* Reads what the server sends; 1 when it has ended, 0 to go on. */
static int
flood_read(int fd, SSL *ssl, const char **end)
{
	char b[4096];
	ssize_t r;
	int e;

	for (;;) {
		if (ssl == NULL) {
			r = recv(fd, b, sizeof(b), MSG_DONTWAIT);
			if (r > 0) {
				fwrite(b, 1, (size_t)r, stdout);
				continue;
			}
			if (r == -1 && (errno == EAGAIN || errno == EINTR))
				return 0;
			*end = r == 0 ? "eof" : errno == ECONNRESET ?
			    "reset" : "error";
			return 1;
		}
		ERR_clear_error();
		errno = 0;
		if ((e = SSL_read(ssl, b, sizeof(b))) > 0) {
			fwrite(b, 1, (size_t)e, stdout);
			continue;
		}
		e = SSL_get_error(ssl, e);
		if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE)
			return 0;
		*end = e == SSL_ERROR_ZERO_RETURN ? "eof" :
		    errno == ECONNRESET ? "reset" : "eof";
		return 1;
	}
}

static int
run_flood(int port, int tls, size_t total, long wait)
{
	static char chunk[FLOOD_CHUNK];
	SSL_CTX *ctx = NULL;
	SSL *ssl = NULL;
	struct pollfd p;
	const char *end = "timeout";
	long deadline;
	size_t sent = 0, n;
	int fd, r;

	memset(chunk, 'x', sizeof(chunk));
	if ((fd = dial(port, FLOOD_CHUNK, 0)) == -1) {
		perror("trickle: connect");
		return 1;
	}
	if (tls) {
		ctx = SSL_CTX_new(TLS_client_method());
		SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
		ssl = SSL_new(ctx);
		SSL_set_fd(ssl, fd);
		SSL_set_tlsext_host_name(ssl, "localhost");
		SSL_set_mode(ssl, SSL_MODE_ENABLE_PARTIAL_WRITE |
		    SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
		if (SSL_connect(ssl) != 1) {
			fprintf(stderr, "trickle: handshake failed\n");
			return 1;
		}
	}
	fcntl(fd, F_SETFL, O_NONBLOCK);
	deadline = client_now_ms() + wait;
	for (;;) {
		p.fd = fd;
		p.events = POLLIN | (sent < total ? POLLOUT : 0);
		p.revents = 0;
		if (client_now_ms() >= deadline)
			break;
		if (poll(&p, 1, (int)(deadline - client_now_ms())) <= 0)
			continue;
		/* The answer first: it may be all there is before a reset. */
		if ((p.revents & (POLLIN | POLLHUP | POLLERR) ||
		    (ssl != NULL && SSL_pending(ssl) > 0)) &&
		    flood_read(fd, ssl, &end))
			break;
		if (!(p.revents & POLLOUT) || sent == total)
			continue;
		n = total - sent < sizeof(chunk) ? total - sent : sizeof(chunk);
		if (ssl == NULL) {
			ssize_t w = send(fd, chunk, n, MSG_NOSIGNAL);

			if (w > 0) {
				sent += (size_t)w;
				continue;
			}
			if (errno == EAGAIN || errno == EINTR)
				continue;
		} else {
			ERR_clear_error();
			if ((r = SSL_write(ssl, chunk, (int)n)) > 0) {
				sent += (size_t)r;
				continue;
			}
			r = SSL_get_error(ssl, r);
			if (r == SSL_ERROR_WANT_WRITE ||
			    r == SSL_ERROR_WANT_READ)
				continue;
		}
		/* The server is gone: what it said before is still readable. */
		flood_read(fd, ssl, &end);
		end = "reset";
		break;
	}
	fflush(stdout);
	fprintf(stderr, "sent=%zu end=%s\n", sent, end);
	SSL_free(ssl);
	SSL_CTX_free(ctx);
	close(fd);
	return 0;
}

static volatile sig_atomic_t stall_over;

static void
stall_end(int sig)
{
	(void)sig;
	stall_over = 1;
}

static int
run_stall(int port, const char *sel, long wait)
{
	struct sigaction sa;
	struct timespec ts = { 0, 100 * 1000000 };
	int fd, rcvbuf = 65536;
	size_t got = 0;
	char b[65536];
	ssize_t r;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = stall_end;
	sigaction(SIGUSR1, &sa, NULL);
	if ((fd = dial(port, 0, rcvbuf)) == -1) {
		perror("trickle: connect");
		return 1;
	}
	if (send(fd, sel, strlen(sel), MSG_NOSIGNAL) == -1 ||
	    send(fd, "\r\n", 2, MSG_NOSIGNAL) == -1) {
		perror("trickle: send");
		return 1;
	}
	/* In slices, so that SIGUSR1 is seen whenever it comes. */
	for (; !stall_over && wait > 0; wait -= 100)
		nanosleep(&ts, NULL);
	while ((r = read(fd, b, sizeof(b))) > 0)
		got += (size_t)r;
	printf("read=%zu end=%s\n", got, r == 0 ? "eof" : "reset");
	close(fd);
	return 0;
}

int
main(int argc, char **argv)
{
	long interval = 1000, wait = 60000;
	const char *stall = NULL;
	size_t flood = 0;
	int ch, tls = 0, nconns = 1000;

	signal(SIGPIPE, SIG_IGN);
	while ((ch = getopt(argc, argv, "Tn:i:w:f:s:")) != -1) {
		switch (ch) {
		case 'T':
			tls = 1;
			break;
		case 'n':
			nconns = atoi(optarg);
			break;
		case 'i':
			interval = atol(optarg);
			break;
		case 'w':
			wait = atol(optarg);
			break;
		case 'f':
			flood = (size_t)strtoul(optarg, NULL, 10);
			break;
		case 's':
			stall = optarg;
			break;
		default:
			return 1;
		}
	}
	if (argc - optind != 1 || nconns < 1 || interval < 1 || wait < 1) {
		fprintf(stderr, "usage: trickle [-T] [-n conns] [-i ms] "
		    "[-w ms] PORT\n       trickle -f bytes [-T] [-w ms] "
		    "PORT\n       trickle -s selector [-w ms] PORT\n");
		return 1;
	}
	if (stall != NULL)
		return run_stall(atoi(argv[optind]), stall, wait);
	if (flood > 0)
		return run_flood(atoi(argv[optind]), tls, flood, wait);
	return run_trickle(atoi(argv[optind]), tls, nconns, interval, wait);
}
