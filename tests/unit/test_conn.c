/*
 * Unit tests for conn, without the daemon: a real struct conn_worker on
 * its own event loop (in a thread of the test), listening on a loopback
 * port with a protocol of the test's own, and clients on this thread.
 * The limits are the conn_limits value the test hands in and changes;
 * the TLS context is whatever tls_ctx_publish() put in service.
 */
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixtures.h"

#include <openssl/ssl.h>

#include "buf.h"
#include "conn.h"
#include "ev.h"
#include "ratelimit.h"
#include "tls.h"

struct fixture {
	struct conn_limits	 lim;
	struct conn_worker	 w;
	struct ev_io		 stop;		/* eventfd: the loop ends */
	pthread_t		 thread;
	int			 lfd;
	int			 port;
};

/* The test's protocol: echoes the request, says how long it waited. */
static void
echo_request(struct conn *c)
{
	buf_printf(&c->c_dyn, "req[%.*s] port %d\n", (int)c->c_reqlen,
	    c->c_req, c->c_port);
	conn_send_dyn(c, "ok");
}

static void
echo_too_long(struct conn *c)
{
	buf_printf(&c->c_dyn, "too long\n");
	conn_send_dyn(c, "long");
}

static void
echo_limited(struct conn *c, unsigned wait)
{
	buf_printf(&c->c_dyn, "wait %u\n", wait);
	conn_send_dyn(c, "limited");
}

static const struct conn_proto echo_plain = {
	"echo", 0, 1, echo_request, echo_too_long, echo_limited, NULL, 0, NULL
};

static const struct conn_proto echo_tls = {
	"echo", 1, 0, echo_request, echo_too_long, echo_limited, NULL, 0, NULL
};

static void
stop_cb(struct ev_io *io, uint32_t revents)
{
	struct fixture *f = (struct fixture *)((char *)io -
	    offsetof(struct fixture, stop));
	uint64_t v;

	(void)revents;
	if (read(io->ei_fd, &v, sizeof(v)) == sizeof(v))
		ev_stop(f->w.cw_loop);
}

static void *
loop_main(void *arg)
{
	struct fixture *f = arg;

	ev_run(f->w.cw_loop);
	return NULL;
}

/* A worker listening on a free loopback port with proto. */
static struct fixture *
start(const struct conn_proto *proto, unsigned per_addr)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct sockaddr_in sin;
	socklen_t sl = sizeof(sin);

	assert_non_null(f);
	assert_non_null(f->lim.cl_ratelimit = ratelimit_new(64));
	ratelimit_set(f->lim.cl_ratelimit, 0, 0);
	conn_limits_set(&f->lim, 2000, 2000, 100, per_addr);
	f->lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	assert_true(f->lfd >= 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(f->lfd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(listen(f->lfd, 16), 0);
	assert_int_equal(getsockname(f->lfd, (struct sockaddr *)&sin, &sl), 0);
	f->port = ntohs(sin.sin_port);
	assert_non_null(f->w.cw_loop = ev_new());
	f->w.cw_limits = &f->lim;
	f->stop.ei_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	f->stop.ei_cb = stop_cb;
	assert_int_equal(ev_watch(f->w.cw_loop, &f->stop, EPOLLIN), 0);
	/* The public port differs from the bound one: URLs carry it. */
	assert_int_equal(conn_listen(&f->w, f->lfd, proto, 1965, NULL), 0);
	assert_int_equal(pthread_create(&f->thread, NULL, loop_main, f), 0);
	return f;
}

/* Stops the loop; every connection must be gone by then. */
static void
finish(struct fixture *f)
{
	uint64_t one = 1;

	assert_int_equal(write(f->stop.ei_fd, &one, sizeof(one)),
	    sizeof(one));
	pthread_join(f->thread, NULL);
	assert_int_equal(f->w.cw_nconns, 0);
	close(f->stop.ei_fd);
	close(f->lfd);
	ev_free(f->w.cw_loop);
	ratelimit_free(f->lim.cl_ratelimit);
	free(f);
}

static int
dial(int port)
{
	struct sockaddr_in sin;
	struct timeval tv = { 5, 0 };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons((uint16_t)port);
	assert_int_equal(connect(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	return fd;
}

/* Everything up to the server's close, NUL-terminated; -1 on a timeout. */
static ssize_t
slurp(int fd, char *out, size_t size)
{
	size_t n = 0;
	ssize_t r;

	while (n + 1 < size && (r = read(fd, out + n, size - n - 1)) > 0)
		n += (size_t)r;
	out[n] = '\0';
	return r == -1 && n == 0 ? -1 : (ssize_t)n;
}

static void
ask(int port, const char *req, char *out, size_t size)
{
	int fd = dial(port);

	assert_int_equal(write(fd, req, strlen(req)), (ssize_t)strlen(req));
	assert_true(slurp(fd, out, size) >= 0);
	close(fd);
}

static void
test_plain_request(void **state)
{
	struct fixture *f = start(&echo_plain, 0);
	char out[256];

	(void)state;
	ask(f->port, "hello\r\n", out, sizeof(out));
	assert_string_equal(out, "req[hello] port 1965\n");
	/* cp_lf: a bare LF ends a request too. */
	ask(f->port, "bare\n", out, sizeof(out));
	assert_string_equal(out, "req[bare] port 1965\n");
	finish(f);
}

static void
test_too_long(void **state)
{
	struct fixture *f = start(&echo_plain, 0);
	char req[CONN_REQ_MAX + 64], out[256];

	(void)state;
	memset(req, 'a', sizeof(req) - 3);
	memcpy(req + sizeof(req) - 3, "\r\n", 3);
	ask(f->port, req, out, sizeof(out));
	assert_string_equal(out, "too long\n");
	finish(f);
}

/* The read timeout comes from the limits value, changed on the fly. */
static void
test_read_timeout_from_limits(void **state)
{
	struct fixture *f = start(&echo_plain, 0);
	char out[64];
	int fd;

	(void)state;
	conn_limits_set(&f->lim, 100, 2000, 100, 0);
	fd = dial(f->port);
	/* Nothing sent: closed after 100 ms, well before the 5 s wait. */
	assert_int_equal(slurp(fd, out, sizeof(out)), 0);
	close(fd);
	finish(f);
}

/* The per-address cap and the rate limit table come with the limits. */
static void
test_admission(void **state)
{
	struct fixture *f = start(&echo_plain, 1);
	char out[64];
	int held, fd;

	(void)state;
	held = dial(f->port);
	fd = dial(f->port);
	/* Over the cap of one: closed unanswered. */
	assert_int_equal(slurp(fd, out, sizeof(out)), 0);
	close(fd);
	assert_int_equal(write(held, "a\n", 2), 2);
	assert_true(slurp(held, out, sizeof(out)) > 0);
	assert_string_equal(out, "req[a] port 1965\n");
	close(held);
	/* One request a minute: the second hears how long to wait. */
	ratelimit_set(f->lim.cl_ratelimit, 1, 60);
	ask(f->port, "b\n", out, sizeof(out));
	assert_string_equal(out, "req[b] port 1965\n");
	ask(f->port, "c\n", out, sizeof(out));
	assert_true(strncmp(out, "wait ", 5) == 0);
	finish(f);
}

/* A TLS client's request and the whole answer, or "" when refused. */
static void
ask_tls(int port, const char *req, char *out, size_t size)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	SSL *ssl;
	size_t n = 0;
	int fd = dial(port), r;

	assert_non_null(ctx);
	assert_non_null(ssl = SSL_new(ctx));
	SSL_set_fd(ssl, fd);
	out[0] = '\0';
	if (SSL_connect(ssl) == 1) {
		SSL_write(ssl, req, (int)strlen(req));
		while (n + 1 < size &&
		    (r = SSL_read(ssl, out + n, (int)(size - n - 1))) > 0)
			n += (size_t)r;
		out[n] = '\0';
	}
	SSL_free(ssl);
	SSL_CTX_free(ctx);
	close(fd);
}

/*
 * Each connection takes the context in service when its handshake
 * starts: none yet, no handshake; one published, served.
 */
static void
test_tls_context_published(void **state)
{
	char dir[] = "/tmp/capsule-test-conn-XXXXXX", crt[64], key[64];
	const char *errstr;
	struct fixture *f;
	struct tls_ctx *t;
	char out[256];

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(crt, sizeof(crt), "%s/c.crt", dir);
	snprintf(key, sizeof(key), "%s/c.key", dir);
	assert_int_equal(tls_cert_create("localhost", crt, key, &errstr), 0);
	assert_int_equal(tls_tickets_init(3600), 0);
	f = start(&echo_tls, 0);
	assert_null(tls_ctx_acquire());
	ask_tls(f->port, "gemini://localhost/\r\n", out, sizeof(out));
	assert_string_equal(out, "");
	assert_non_null(t = tls_ctx_new(crt, key, &errstr));
	tls_ctx_publish(t);
	ask_tls(f->port, "gemini://localhost/\r\n", out, sizeof(out));
	assert_string_equal(out, "req[gemini://localhost/] port 1965\n");
	finish(f);
	tls_ctx_publish(NULL);
	assert_null(tls_ctx_acquire());
	tls_tickets_wipe();
	fix_rmtree(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_request),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_read_timeout_from_limits),
		cmocka_unit_test(test_admission),
		cmocka_unit_test(test_tls_context_published),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
