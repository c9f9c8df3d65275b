/*
 * swarm: one address's many connections, for the limits per address.
 *
 * usage: swarm [-t] [-b ADDR] [-n CONNS] PORT
 *        swarm -s SECS [-b ADDR] [-n CONNS] [-w MS] PORT
 *
 * Handshakes (the first form) opens CONNS (100) connections to
 * 127.0.0.1:PORT from ADDR, one after the other; with -t each makes a
 * TLS handshake, then every other one sends half a request, and each is
 * closed without a request ever finishing.  It prints one line:
 *   conns=N handshakes=N refused=N ms=N
 * handshakes: completed; refused: the server closed or reset the
 * connection first; ms: the whole run.  A TLS client completes its
 * handshake only once the server has sent its Finished, which is past
 * all of the server's dear work (the key exchange and the signature):
 * handshakes counts what the server paid for.
 *
 * Hold (-s) opens CONNS plain connections from ADDR and keeps them
 * silent.  Once all are open it watches them for -w (500) ms and prints
 *   OPEN conns=N closed=N open=N
 * (closed: by the server within that time), flushes, holds them for
 * SECS or until SIGTERM, and exits.
 *
 * Exit status 0 when the run went as far as it could, 1 on usage and
 * connection errors: the figures are for the test to judge.
 */
#include <sys/socket.h>
#include <sys/time.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "client.h"

static volatile sig_atomic_t stop;

static void
on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static void
usage(void)
{
	fprintf(stderr, "usage: swarm [-t] [-b ADDR] [-n CONNS] PORT\n"
	    "       swarm -s SECS [-b ADDR] [-n CONNS] [-w MS] PORT\n");
	exit(1);
}

/* A connected socket from bind_addr, or -1 when connect() failed. */
static int
dial(const char *bind_addr, int port)
{
	struct sockaddr_in sin;
	struct timeval tv = { 5, 0 };
	int fd;

	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1) {
		perror("socket");
		exit(1);
	}
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	if (bind_addr != NULL) {
		if (inet_pton(AF_INET, bind_addr, &sin.sin_addr) != 1 ||
		    bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
			perror(bind_addr);
			exit(1);
		}
	}
	sin.sin_port = htons((unsigned short)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

static int
handshakes(SSL_CTX *ctx, const char *bind_addr, int port, int n)
{
	static const char half[] = "gemini://localhost/";
	long t0 = client_now_ms();
	int i, fd, done = 0, refused = 0;
	SSL *ssl;

	for (i = 0; i < n; i++) {
		if ((fd = dial(bind_addr, port)) == -1) {
			refused++;
			continue;
		}
		if (ctx == NULL) {
			close(fd);
			continue;
		}
		if ((ssl = SSL_new(ctx)) == NULL) {
			fprintf(stderr, "SSL_new failed\n");
			return 1;
		}
		SSL_set_fd(ssl, fd);
		SSL_set_tlsext_host_name(ssl, "localhost");
		if (SSL_connect(ssl) == 1) {
			done++;
			if (i % 2 == 1)
				SSL_write(ssl, half, sizeof(half) - 1);
		} else
			refused++;
		ERR_clear_error();
		SSL_free(ssl);
		close(fd);
	}
	printf("conns=%d handshakes=%d refused=%d ms=%ld\n", n, done, refused,
	    client_now_ms() - t0);
	return 0;
}

static int
hold(const char *bind_addr, int port, int n, int secs, int watch)
{
	struct pollfd *pfd;
	long end;
	int i, closed = 0, open = 0;
	char b;

	if ((pfd = calloc((size_t)n, sizeof(*pfd))) == NULL) {
		perror("calloc");
		return 1;
	}
	for (i = 0; i < n; i++) {
		pfd[i].fd = dial(bind_addr, port);
		pfd[i].events = POLLIN;
	}
	end = client_now_ms() + watch;
	while (client_now_ms() < end) {
		if (poll(pfd, (nfds_t)n, (int)(end - client_now_ms())) <= 0)
			continue;
		for (i = 0; i < n; i++)
			if (pfd[i].fd != -1 && pfd[i].revents != 0 &&
			    recv(pfd[i].fd, &b, 1, MSG_DONTWAIT) <= 0) {
				close(pfd[i].fd);
				pfd[i].fd = -1;
			}
	}
	for (i = 0; i < n; i++) {
		if (pfd[i].fd == -1)
			closed++;
		else
			open++;
	}
	printf("OPEN conns=%d closed=%d open=%d\n", n, closed, open);
	fflush(stdout);
	end = client_now_ms() + secs * 1000L;
	while (!stop && client_now_ms() < end)
		usleep(50000);
	for (i = 0; i < n; i++)
		if (pfd[i].fd != -1)
			close(pfd[i].fd);
	free(pfd);
	return 0;
}

int
main(int argc, char **argv)
{
	const char *bind_addr = NULL;
	int ch, tls = 0, n = 100, secs = -1, watch = 500, port, rc;
	SSL_CTX *ctx = NULL;

	while ((ch = getopt(argc, argv, "b:n:s:tw:")) != -1) {
		switch (ch) {
		case 'b':
			bind_addr = optarg;
			break;
		case 'n':
			n = atoi(optarg);
			break;
		case 's':
			secs = atoi(optarg);
			break;
		case 't':
			tls = 1;
			break;
		case 'w':
			watch = atoi(optarg);
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 1 || n < 1 || (port = atoi(argv[optind])) < 1)
		usage();
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTERM, on_term);
	if (secs >= 0)
		return hold(bind_addr, port, n, secs, watch);
	if (tls && (ctx = SSL_CTX_new(TLS_client_method())) == NULL) {
		fprintf(stderr, "SSL_CTX_new failed\n");
		return 1;
	}
	rc = handshakes(ctx, bind_addr, port, n);
	SSL_CTX_free(ctx);
	return rc;
}
