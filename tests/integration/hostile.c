/*
 * hostile: a misbehaving client for the integration tests: garbage and
 * broken handshakes on the TLS port, clients that vanish mid-handshake
 * or mid-response, half-closed sockets.
 *
 * usage: hostile [-cRs] [-n N] [-w MS] PORT MODE [ARG]
 *   raw BYTES     send BYTES over plain TCP; C escapes as in gemreq -x
 *                 (\r \n \t \0 \\ \xHH)
 *   random SEED   send LEN (-l, default 4096) pseudo-random bytes made
 *                 from SEED over plain TCP: the same seed, the same bytes
 *   sslv2         an SSL 2.0 CLIENT-HELLO, in the old two-byte header
 *   sslv3         an SSL 3.0 ClientHello record, no extensions
 *   hello WHAT    a real TLS ClientHello (SNI localhost) as OpenSSL
 *                 makes it: its first WHAT bytes, "all" of it, or
 *                 "badlen" (all of it, its handshake length cut to 4)
 *   gemini REQ    a full TLS handshake, then the request REQ (escapes)
 * options:
 *   -c     close as soon as everything is sent, reading nothing
 *   -R     close with a reset (SO_LINGER 0), wherever we close
 *   -n N   read the first N bytes of the answer, then close
 *   -s     shutdown(SHUT_WR) once everything is sent, then read
 *   -l LEN length for random (default 4096)
 *   -w MS  stop waiting when the server sends nothing for MS (10000)
 *
 * Writes what the server sent (decrypted in gemini mode) to standard
 * output.  Exit status: 0 when the server closed (in gemini mode with
 * close_notify, then a FIN), or when we closed as -c or -n asked; 2
 * when the server closed before -n's N bytes; 3 when it was still
 * silent and open after -w; 4 when a TLS server closed without
 * close_notify; 5 when the handshake failed; 6 when the server reset
 * the connection (in gemini mode, even after its close_notify); 1 on
 * usage and connection errors.
 */
#include <sys/socket.h>
#include <sys/time.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "client.h"

#define HOSTILE_MAX	(1u << 20)

static int opt_close, opt_rst, opt_shut;
static long opt_n = -1;

/* xorshift64*: reproducible garbage, whatever the libc. */
static size_t
make_random(const char *seed, size_t len, unsigned char *out)
{
	uint64_t x = strtoull(seed, NULL, 10) * 2654435761u +
	    88172645463325252u;
	size_t i;

	for (i = 0; i < len; i++) {
		x ^= x >> 12;
		x ^= x << 25;
		x ^= x >> 27;
		out[i] = (unsigned char)((x * 2685821657736338717u) >> 56);
	}
	return len;
}

/*
 * SSL 2.0 CLIENT-HELLO (the 1995 draft, section 2.5): a two-byte
 * header with the top bit set, MSG-CLIENT-HELLO (1), version 0x0002,
 * cipher-specs, no session id, a 16-byte challenge.
 */
static size_t
make_sslv2(unsigned char *out)
{
	static const unsigned char body[] = {
		0x01, 0x00, 0x02, 0x00, 0x06, 0x00, 0x00, 0x00, 0x10,
		0x01, 0x00, 0x80, 0x07, 0x00, 0xc0,
		'c', 'h', 'a', 'l', 'l', 'e', 'n', 'g',
		'e', '-', 'b', 'y', 't', 'e', 's', '!'
	};

	out[0] = 0x80;
	out[1] = sizeof(body);
	memcpy(out + 2, body, sizeof(body));
	return 2 + sizeof(body);
}

/*
 * An SSL 3.0 ClientHello (RFC 6101, section 5.6.1.2): record version
 * and client_version 3.0, two RSA cipher suites, null compression and
 * nothing after: a server that speaks TLS 1.2 and 1.3 only must refuse.
 */
static size_t
make_sslv3(unsigned char *out)
{
	size_t n = 0, hs;

	out[n++] = 0x16;
	out[n++] = 0x03;
	out[n++] = 0x00;
	n += 2;			/* record length */
	hs = n;
	out[n++] = 0x01;	/* client_hello */
	n += 3;			/* handshake length */
	out[n++] = 0x03;
	out[n++] = 0x00;
	memset(out + n, 0x5a, 32);	/* random */
	n += 32;
	out[n++] = 0x00;	/* session id */
	out[n++] = 0x00;
	out[n++] = 0x04;
	out[n++] = 0x00;
	out[n++] = 0x2f;	/* TLS_RSA_WITH_AES_128_CBC_SHA */
	out[n++] = 0x00;
	out[n++] = 0x0a;	/* TLS_RSA_WITH_3DES_EDE_CBC_SHA */
	out[n++] = 0x01;
	out[n++] = 0x00;	/* null compression */
	out[3] = (unsigned char)((n - hs) >> 8);
	out[4] = (unsigned char)(n - hs);
	out[hs + 1] = 0;
	out[hs + 2] = (unsigned char)((n - hs - 4) >> 8);
	out[hs + 3] = (unsigned char)(n - hs - 4);
	return n;
}

/* The ClientHello record OpenSSL sends first, written into out. */
static long
make_hello(unsigned char *out, size_t outsz)
{
	SSL_CTX *ctx;
	SSL *ssl;
	BIO *rb, *wb;
	char *p;
	long n;

	if ((ctx = SSL_CTX_new(TLS_client_method())) == NULL ||
	    (ssl = SSL_new(ctx)) == NULL)
		return -1;
	rb = BIO_new(BIO_s_mem());
	wb = BIO_new(BIO_s_mem());
	SSL_set_bio(ssl, rb, wb);
	SSL_set_tlsext_host_name(ssl, "localhost");
	SSL_connect(ssl);	/* wants to read: the hello is written */
	n = BIO_get_mem_data(wb, &p);
	if (n <= 0 || (size_t)n > outsz)
		n = -1;
	else
		memcpy(out, p, (size_t)n);
	SSL_free(ssl);
	SSL_CTX_free(ctx);
	return n;
}

static void
finish(int fd)
{
	struct linger l = { 1, 0 };

	if (opt_rst)
		setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	close(fd);
}

static int
dial(int port, long wait)
{
	struct sockaddr_in sa;
	struct timeval tv;
	int fd;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)port);
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	tv.tv_sec = wait / 1000;
	tv.tv_usec = (wait % 1000) * 1000;
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == -1 ||
	    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) == -1 ||
	    connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1) {
		perror("hostile: connect");
		exit(1);
	}
	return fd;
}

/* Sends, then reads the plain answer as the options say. */
static int
run_plain(int fd, const unsigned char *p, size_t len)
{
	char buf[16384];
	long got = 0;
	ssize_t n;
	size_t want;

	while (len > 0) {
		if ((n = send(fd, p, len, MSG_NOSIGNAL)) <= 0) {
			/* The server may refuse before all is sent: read on. */
			if (errno == EPIPE || errno == ECONNRESET)
				break;
			perror("hostile: send");
			return 1;
		}
		p += n;
		len -= (size_t)n;
	}
	if (opt_close) {
		finish(fd);
		return 0;
	}
	if (opt_shut)
		shutdown(fd, SHUT_WR);
	for (;;) {
		want = sizeof(buf);
		if (opt_n >= 0 && (size_t)(opt_n - got) < want)
			want = (size_t)(opt_n - got);
		if (opt_n >= 0 && want == 0) {
			finish(fd);
			return 0;
		}
		if ((n = recv(fd, buf, want, 0)) > 0) {
			fwrite(buf, 1, (size_t)n, stdout);
			got += n;
			continue;
		}
		fflush(stdout);
		if (n == 0)
			return opt_n >= 0 ? 2 : 0;
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			fprintf(stderr, "hostile: no close\n");
			return 3;
		}
		if (errno == ECONNRESET) {
			fprintf(stderr, "hostile: reset by the server\n");
			return 6;
		}
		perror("hostile: recv");
		return 1;
	}
}

/*
 * After the close_notify, the end of the TCP stream: a FIN (0), or a
 * reset (6), which a client reading on, as curl does, reports as an
 * error however whole the answer was.
 */
static int
tcp_end(int fd)
{
	char buf[512];
	ssize_t n;

	while ((n = recv(fd, buf, sizeof(buf), 0)) > 0)
		;
	if (n == -1 && errno == ECONNRESET) {
		fprintf(stderr, "hostile: reset by the server after "
		    "close_notify\n");
		return 6;
	}
	return 0;
}

/* A TLS handshake, the request, then the answer as the options say. */
static int
run_gemini(int fd, const unsigned char *req, size_t len)
{
	char buf[16384];
	SSL_CTX *ctx;
	SSL *ssl;
	long got = 0;
	int r, want;

	if ((ctx = SSL_CTX_new(TLS_client_method())) == NULL ||
	    (ssl = SSL_new(ctx)) == NULL)
		return 1;
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	SSL_set_fd(ssl, fd);
	SSL_set_tlsext_host_name(ssl, "localhost");
	if (SSL_connect(ssl) != 1) {
		fprintf(stderr, "hostile: handshake failed\n");
		return 5;
	}
	if (len > 0 && SSL_write(ssl, req, (int)len) != (int)len) {
		fprintf(stderr, "hostile: request not sent\n");
		return 4;
	}
	if (opt_close) {
		finish(fd);
		return 0;
	}
	if (opt_shut)
		shutdown(fd, SHUT_WR);
	for (;;) {
		want = (int)sizeof(buf);
		if (opt_n >= 0 && opt_n - got < want)
			want = (int)(opt_n - got);
		if (opt_n >= 0 && want == 0) {
			finish(fd);
			return 0;
		}
		if ((r = SSL_read(ssl, buf, want)) > 0) {
			fwrite(buf, 1, (size_t)r, stdout);
			got += r;
			continue;
		}
		fflush(stdout);
		r = SSL_get_error(ssl, r);
		if (r == SSL_ERROR_ZERO_RETURN)
			return opt_n >= 0 ? 2 : tcp_end(fd);
		if (r == SSL_ERROR_WANT_READ) {
			fprintf(stderr, "hostile: no close\n");
			return 3;
		}
		if (errno == ECONNRESET) {
			fprintf(stderr, "hostile: reset by the server\n");
			return 6;
		}
		fprintf(stderr, "hostile: closed without close_notify\n");
		return 4;
	}
}

static void
usage(void)
{
	fprintf(stderr, "usage: hostile [-cRs] [-n N] [-l LEN] [-w MS] PORT "
	    "raw|random|sslv2|sslv3|hello|gemini [ARG]\n");
	exit(1);
}

int
main(int argc, char **argv)
{
	static unsigned char out[HOSTILE_MAX];
	const char *mode, *arg;
	size_t len = 0, rlen = 4096;
	long wait = 10000, n;
	int ch, fd, port;

	signal(SIGPIPE, SIG_IGN);
	while ((ch = getopt(argc, argv, "cRsn:l:w:")) != -1) {
		switch (ch) {
		case 'c':
			opt_close = 1;
			break;
		case 'R':
			opt_rst = 1;
			break;
		case 's':
			opt_shut = 1;
			break;
		case 'n':
			opt_n = atol(optarg);
			break;
		case 'l':
			rlen = strtoul(optarg, NULL, 10);
			break;
		case 'w':
			wait = atol(optarg);
			break;
		default:
			usage();
		}
	}
	if (argc - optind < 2 || rlen > sizeof(out))
		usage();
	port = atoi(argv[optind]);
	mode = argv[optind + 1];
	arg = argc - optind > 2 ? argv[optind + 2] : NULL;
	if ((strcmp(mode, "raw") == 0 || strcmp(mode, "gemini") == 0) &&
	    arg != NULL) {
		if (strlen(arg) >= sizeof(out) ||
		    client_unescape(arg, out, &len) == -1)
			usage();
	} else if (strcmp(mode, "random") == 0 && arg != NULL)
		len = make_random(arg, rlen, out);
	else if (strcmp(mode, "sslv2") == 0)
		len = make_sslv2(out);
	else if (strcmp(mode, "sslv3") == 0)
		len = make_sslv3(out);
	else if (strcmp(mode, "hello") == 0 && arg != NULL) {
		if ((n = make_hello(out, sizeof(out))) < 9) {
			fprintf(stderr, "hostile: no ClientHello\n");
			return 1;
		}
		len = (size_t)n;
		if (strcmp(arg, "badlen") == 0) {
			/* msg_length (bytes 6-8): 4, far less than is there. */
			out[6] = 0;
			out[7] = 0;
			out[8] = 4;
		} else if (strcmp(arg, "all") != 0) {
			if (atol(arg) < 1 || (size_t)atol(arg) >= len)
				usage();
			len = (size_t)atol(arg);
		}
	} else
		usage();

	fd = dial(port, wait);
	if (strcmp(mode, "gemini") == 0)
		return run_gemini(fd, out, len);
	return run_plain(fd, out, len);
}
