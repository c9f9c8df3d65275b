/*
 * gemreq: a small, strict Gemini client for the integration tests.
 *
 * usage: gemreq [options] PORT REQUEST
 *   -H HOST     server name for SNI (default localhost); connects to
 *               127.0.0.1 unless -6 says ::1
 *   -6          connect to ::1
 *   -b ADDR     connect from this local address (127.0.0.2: another
 *               client, for per-address limits)
 *   -T VERSION  highest TLS version to offer: 1.1, 1.2 or 1.3
 *   -P          plain TCP, no TLS (what a confused client would send)
 *   -d MS       wait this long after connecting before sending
 *   -D MS       send one byte every MS milliseconds (a slow client)
 *   -w MS       give up after this long without the server closing
 *   -x          REQUEST holds C escapes: \r \n \t \0 \\ \xHH
 *   -p HEADER   send HEADER (C escapes as with -x) first, before TLS:
 *               a PROXY protocol header, as a load balancer would
 *   -c CERT -k KEY  present this client certificate (PEM files)
 *   -f FILE     send FILE's bytes after REQUEST (a Titan upload's body)
 *   -E          once everything is sent, send close_notify (the end of
 *               the client's data) and go on reading
 *
 * Writes the response bytes to standard output.  Exit status: 0 when the
 * server ended with close_notify, 3 when it did not answer within -w
 * (nothing closed), 4 when it closed without close_notify, 5 when the
 * TLS handshake failed, 1 on other errors.  With -P, 0 means the server
 * closed having sent what is on standard output.
 */
#include <sys/socket.h>
#include <sys/time.h>

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

/* Waits for fd to be readable until deadline; 0 ready, -1 timed out. */
static int
wait_readable(int fd, long deadline)
{
	struct pollfd p = { fd, POLLIN, 0 };
	long left = deadline - client_now_ms();

	if (left < 0)
		left = 0;
	return poll(&p, 1, (int)left) > 0 ? 0 : -1;
}

/*
 * Waits ms milliseconds before sending more, watching the socket: 0 when
 * the server is still there, -1 when it closed meanwhile.  Reads what
 * TLS sends unasked (session tickets) so that a close can be seen.
 */
static int
idle(int fd, SSL *ssl, long ms)
{
	long end = client_now_ms() + ms;
	char b[4096];
	ssize_t n;
	int r;

	while (wait_readable(fd, end) == 0) {
		if (ssl == NULL) {
			n = recv(fd, b, sizeof(b), MSG_DONTWAIT);
			if (n == 0 || (n == -1 && errno != EAGAIN))
				return -1;
			if (n > 0)
				fwrite(b, 1, (size_t)n, stdout);
			continue;
		}
		r = SSL_read(ssl, b, sizeof(b));
		if (r > 0) {
			fwrite(b, 1, (size_t)r, stdout);
			continue;
		}
		if (SSL_get_error(ssl, r) != SSL_ERROR_WANT_READ)
			return -1;
	}
	return 0;
}

/* Sends n bytes on a non-blocking socket; -1 when the server is gone. */
static int
send_all(int fd, SSL *ssl, const char *p, size_t n)
{
	struct pollfd pf = { fd, POLLOUT, 0 };
	int r;

	while (n > 0) {
		r = ssl == NULL ? (int)send(fd, p, n, MSG_NOSIGNAL) :
		    SSL_write(ssl, p, (int)n);
		if (r > 0) {
			p += r;
			n -= (size_t)r;
			continue;
		}
		if (ssl == NULL ? errno != EAGAIN :
		    SSL_get_error(ssl, r) != SSL_ERROR_WANT_WRITE &&
		    SSL_get_error(ssl, r) != SSL_ERROR_WANT_READ)
			return -1;
		poll(&pf, 1, 1000);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	const char *host = "localhost", *from = NULL, *proxy = NULL;
	const char *cert = NULL, *key = NULL, *body = NULL;
	char *req, buf[16384];
	size_t reqlen, i;
	int eof = 0;
	long delay = 0, drip = 0, wait = 15000, deadline;
	int ch, v6 = 0, plain = 0, esc = 0, maxver = 0, fd, port, r;
	struct sockaddr_storage ss;
	socklen_t sl;
	SSL_CTX *ctx = NULL;
	SSL *ssl = NULL;

	signal(SIGPIPE, SIG_IGN);
	while ((ch = getopt(argc, argv, "H:6b:T:Pd:D:w:xp:c:k:f:E")) != -1) {
		switch (ch) {
		case 'H':
			host = optarg;
			break;
		case 'b':
			from = optarg;
			break;
		case '6':
			v6 = 1;
			break;
		case 'T':
			maxver = strcmp(optarg, "1.1") == 0 ? TLS1_1_VERSION :
			    strcmp(optarg, "1.2") == 0 ? TLS1_2_VERSION :
			    TLS1_3_VERSION;
			break;
		case 'P':
			plain = 1;
			break;
		case 'd':
			delay = atol(optarg);
			break;
		case 'D':
			drip = atol(optarg);
			break;
		case 'w':
			wait = atol(optarg);
			break;
		case 'x':
			esc = 1;
			break;
		case 'p':
			proxy = optarg;
			break;
		case 'c':
			cert = optarg;
			break;
		case 'k':
			key = optarg;
			break;
		case 'f':
			body = optarg;
			break;
		case 'E':
			eof = 1;
			break;
		default:
			return 1;
		}
	}
	if (argc - optind != 2) {
		fprintf(stderr, "usage: gemreq [-H host] [-6] [-b addr] "
		    "[-T ver] [-P] [-d ms] [-D ms] [-w ms] [-x] [-p hdr] "
		    "[-c cert -k key] [-f body] [-E] PORT REQUEST\n");
		return 1;
	}
	port = atoi(argv[optind]);
	if ((req = malloc(strlen(argv[optind + 1]) + 1)) == NULL)
		return 1;
	if (esc) {
		if (client_unescape(argv[optind + 1], (unsigned char *)req,
		    &reqlen) == -1) {
			fprintf(stderr, "gemreq: bad escape\n");
			return 1;
		}
	} else {
		reqlen = strlen(argv[optind + 1]);
		memcpy(req, argv[optind + 1], reqlen);
	}
	if (body != NULL) {
		FILE *f;
		char *grown;
		size_t n;

		if ((f = fopen(body, "rb")) == NULL) {
			perror(body);
			return 1;
		}
		while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
			if ((grown = realloc(req, reqlen + n)) == NULL)
				return 1;
			req = grown;
			memcpy(req + reqlen, buf, n);
			reqlen += n;
		}
		fclose(f);
	}

	memset(&ss, 0, sizeof(ss));
	if (v6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((unsigned short)port);
		inet_pton(AF_INET6, "::1", &s6->sin6_addr);
		sl = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons((unsigned short)port);
		inet_pton(AF_INET, "127.0.0.1", &s4->sin_addr);
		sl = sizeof(*s4);
	}
	if ((fd = socket(ss.ss_family, SOCK_STREAM, 0)) == -1) {
		perror("gemreq: socket");
		return 1;
	}
	if (from != NULL) {
		struct sockaddr_storage ls;

		memset(&ls, 0, sizeof(ls));
		ls.ss_family = ss.ss_family;
		if (inet_pton(ss.ss_family, from, ss.ss_family == AF_INET6 ?
		    (void *)&((struct sockaddr_in6 *)&ls)->sin6_addr :
		    (void *)&((struct sockaddr_in *)&ls)->sin_addr) != 1 ||
		    bind(fd, (struct sockaddr *)&ls, sl) == -1) {
			fprintf(stderr, "gemreq: cannot connect from %s\n",
			    from);
			return 1;
		}
	}
	if (connect(fd, (struct sockaddr *)&ss, sl) == -1) {
		perror("gemreq: connect");
		return 1;
	}
	deadline = client_now_ms() + wait;
	if (proxy != NULL) {
		unsigned char *h;
		size_t hl;

		if ((h = malloc(strlen(proxy) + 1)) == NULL ||
		    client_unescape(proxy, h, &hl) == -1) {
			fprintf(stderr, "gemreq: bad -p header\n");
			return 1;
		}
		if (write(fd, h, hl) != (ssize_t)hl) {
			perror("gemreq: header");
			return 1;
		}
		free(h);
	}
	if (!plain) {
		ctx = SSL_CTX_new(TLS_client_method());
		SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
		if (maxver != 0) {
			if (maxver < TLS1_2_VERSION) {
				SSL_CTX_set_security_level(ctx, 0);
				SSL_CTX_set_min_proto_version(ctx, maxver);
			}
			SSL_CTX_set_max_proto_version(ctx, maxver);
		}
		if ((cert != NULL && SSL_CTX_use_certificate_file(ctx, cert,
		    SSL_FILETYPE_PEM) != 1) || (key != NULL &&
		    SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) !=
		    1)) {
			fprintf(stderr, "gemreq: cannot load %s/%s\n", cert,
			    key);
			return 1;
		}
		ssl = SSL_new(ctx);
		SSL_set_fd(ssl, fd);
		SSL_set_tlsext_host_name(ssl, host);
		if (SSL_connect(ssl) != 1) {
			fprintf(stderr, "gemreq: handshake failed\n");
			return 5;
		}
	}
	/* From here on nothing blocks: -w is the only wait. */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	if (delay > 0 && idle(fd, ssl, delay) == -1) {
		fprintf(stderr, "gemreq: closed before the request was sent\n");
		return 4;
	}
	for (i = 0; i < reqlen; i += drip > 0 ? 1 : reqlen - i) {
		size_t n = drip > 0 ? 1 : reqlen - i;

		if (send_all(fd, ssl, req + i, n) == -1 ||
		    (drip > 0 && idle(fd, ssl, drip) == -1)) {
			fprintf(stderr, "gemreq: closed after %zu bytes of "
			    "the request\n", i + 1);
			return 4;
		}
	}
	if (eof && ssl != NULL)
		SSL_shutdown(ssl);
	else if (eof)
		shutdown(fd, SHUT_WR);
	for (;;) {
		if (wait_readable(fd, deadline) == -1 &&
		    (plain || SSL_pending(ssl) == 0)) {
			fprintf(stderr, "gemreq: no close within %ld ms\n",
			    wait);
			return 3;
		}
		if (plain) {
			ssize_t n = read(fd, buf, sizeof(buf));

			if (n == -1 && errno == EAGAIN)
				continue;
			if (n <= 0)
				return 0;
			fwrite(buf, 1, (size_t)n, stdout);
			continue;
		}
		r = SSL_read(ssl, buf, sizeof(buf));
		if (r > 0) {
			fwrite(buf, 1, (size_t)r, stdout);
			continue;
		}
		r = SSL_get_error(ssl, r);
		if (r == SSL_ERROR_WANT_READ)
			continue;
		fflush(stdout);
		if (r == SSL_ERROR_ZERO_RETURN)
			return 0;
		fprintf(stderr, "gemreq: closed without close_notify\n");
		return 4;
	}
}
