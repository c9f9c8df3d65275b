/*
 * Unit tests for the ratelimit module: the bucket arithmetic on a clock
 * the test moves by hand, the refusals' own allowance, client keys, the
 * bounded table under a flood of addresses, the --rate-limit grammar,
 * and the count of open connections, alone and under threads.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ratelimit.h"

#define SEC	1000000ULL
#define T0	(1000 * SEC)	/* any start: the clock is ours */

static uint64_t
v4(const char *addr)
{
	struct sockaddr_in sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	assert_int_equal(inet_pton(AF_INET, addr, &sin.sin_addr), 1);
	return ratelimit_key((struct sockaddr *)&sin);
}

static uint64_t
v6(const char *addr)
{
	struct sockaddr_in6 sin6;

	memset(&sin6, 0, sizeof(sin6));
	sin6.sin6_family = AF_INET6;
	assert_int_equal(inet_pton(AF_INET6, addr, &sin6.sin6_addr), 1);
	return ratelimit_key((struct sockaddr *)&sin6);
}

/* REQUESTS go through at once; the next waits for one refill interval. */
static void
test_burst_then_refused(void **state)
{
	struct ratelimit *rl = ratelimit_new(1024);
	uint64_t a = v4("192.0.2.1");
	unsigned wait = 0;
	int i;

	(void)state;
	assert_non_null(rl);
	ratelimit_set(rl, 5, 60);
	for (i = 0; i < 5; i++)
		assert_int_equal(ratelimit_take(rl, a, T0, &wait), 0);
	assert_int_equal(ratelimit_take(rl, a, T0, &wait), -1);
	assert_int_equal(wait, 12);		/* 60 s / 5 */
	/* Refusals take nothing: the wait only shrinks as time passes. */
	assert_int_equal(ratelimit_take(rl, a, T0 + 2 * SEC, &wait), -1);
	assert_int_equal(wait, 10);
	assert_int_equal(ratelimit_take(rl, a, T0 + 11 * SEC + 1, &wait), -1);
	assert_int_equal(wait, 1);		/* never 0: rounded up */
	ratelimit_free(rl);
}

/*
 * Past the limit, RATELIMIT_REFUSALS refusals per SECONDS are answered
 * (their own bucket, which takes nothing from the requests'); the next
 * ones are dropped, and a refusal comes back every SECONDS / REFUSALS.
 */
static void
test_refusals_bounded(void **state)
{
	struct ratelimit *rl = ratelimit_new(1024);
	uint64_t a = v4("192.0.2.1"), b = v4("192.0.2.2");
	unsigned wait = 0;
	int i;

	(void)state;
	ratelimit_set(rl, 5, 60);
	for (i = 0; i < 5; i++)
		assert_int_equal(ratelimit_take(rl, a, T0, &wait),
		    RATELIMIT_PASS);
	for (i = 0; i < RATELIMIT_REFUSALS; i++) {
		assert_int_equal(ratelimit_take(rl, a, T0, &wait),
		    RATELIMIT_REFUSE);
		assert_int_equal(wait, 12);
	}
	for (i = 0; i < 100; i++)
		assert_int_equal(ratelimit_take(rl, a, T0, &wait),
		    RATELIMIT_DROP);
	assert_int_equal(wait, 12);
	/* Dropped ones take nothing either: one refusal per 6 s. */
	assert_int_equal(ratelimit_take(rl, a, T0 + 6 * SEC - 1, &wait),
	    RATELIMIT_DROP);
	assert_int_equal(ratelimit_take(rl, a, T0 + 6 * SEC, &wait),
	    RATELIMIT_REFUSE);
	assert_int_equal(wait, 6);
	assert_int_equal(ratelimit_take(rl, a, T0 + 6 * SEC, &wait),
	    RATELIMIT_DROP);
	/* The request's token comes back when the refusal said. */
	assert_int_equal(ratelimit_take(rl, a, T0 + 12 * SEC, &wait),
	    RATELIMIT_PASS);
	/* Another client is untouched. */
	assert_int_equal(ratelimit_take(rl, b, T0, &wait), RATELIMIT_PASS);
	ratelimit_free(rl);
}

static void
test_refill(void **state)
{
	struct ratelimit *rl = ratelimit_new(1024);
	uint64_t a = v4("192.0.2.1");
	unsigned wait;
	int i;

	(void)state;
	ratelimit_set(rl, 5, 60);
	for (i = 0; i < 5; i++)
		assert_int_equal(ratelimit_take(rl, a, T0, &wait), 0);
	/* One token per 12 s, exactly. */
	assert_int_equal(ratelimit_take(rl, a, T0 + 12 * SEC - 1, &wait), -1);
	assert_int_equal(ratelimit_take(rl, a, T0 + 12 * SEC, &wait), 0);
	assert_int_equal(ratelimit_take(rl, a, T0 + 12 * SEC, &wait), -1);
	assert_int_equal(wait, 12);
	/* Two intervals later, two tokens. */
	assert_int_equal(ratelimit_take(rl, a, T0 + 36 * SEC, &wait), 0);
	assert_int_equal(ratelimit_take(rl, a, T0 + 36 * SEC, &wait), 0);
	assert_int_equal(ratelimit_take(rl, a, T0 + 36 * SEC, &wait), -1);
	/* A long rest fills the bucket, and no more than that. */
	for (i = 0; i < 5; i++)
		assert_int_equal(ratelimit_take(rl, a, T0 + 3600 * SEC,
		    &wait), 0);
	assert_int_equal(ratelimit_take(rl, a, T0 + 3600 * SEC, &wait), -1);
	ratelimit_free(rl);
}

static void
test_addresses_independent(void **state)
{
	struct ratelimit *rl = ratelimit_new(1024);
	uint64_t a = v4("192.0.2.1"), b = v4("192.0.2.2");
	unsigned wait;
	int i;

	(void)state;
	ratelimit_set(rl, 3, 30);
	for (i = 0; i < 3; i++)
		assert_int_equal(ratelimit_take(rl, a, T0, &wait), 0);
	assert_int_equal(ratelimit_take(rl, a, T0, &wait), -1);
	for (i = 0; i < 3; i++)
		assert_int_equal(ratelimit_take(rl, b, T0, &wait), 0);
	assert_int_equal(ratelimit_take(rl, b, T0, &wait), -1);
	assert_int_equal(ratelimit_take(rl, a, T0, &wait), -1);
	ratelimit_free(rl);
}

/* A /64 is one client; IPv4, mapped or not, never meets an IPv6 key. */
static void
test_keys(void **state)
{
	(void)state;
	assert_true(v6("2001:db8:1:2::1") == v6("2001:db8:1:2:ffff:1:2:3"));
	assert_true(v6("2001:db8:1:2::1") != v6("2001:db8:1:3::1"));
	assert_true(v6("2001:db8:1:2::1") != v6("2001:db9:1:2::1"));
	assert_true(v6("::ffff:192.0.2.7") == v4("192.0.2.7"));
	assert_true(v4("192.0.2.7") != v4("192.0.2.8"));
	assert_true(v4("0.0.0.0") != v6("::1"));
}

static void
test_ipv6_prefix_shares_bucket(void **state)
{
	struct ratelimit *rl = ratelimit_new(1024);
	unsigned wait;

	(void)state;
	ratelimit_set(rl, 2, 10);
	assert_int_equal(ratelimit_take(rl, v6("2001:db8::1"), T0, &wait), 0);
	assert_int_equal(ratelimit_take(rl, v6("2001:db8::2"), T0, &wait), 0);
	assert_int_equal(ratelimit_take(rl, v6("2001:db8::3:4:5"), T0,
	    &wait), -1);
	assert_int_equal(wait, 5);
	assert_int_equal(ratelimit_take(rl, v6("2001:db8:0:1::1"), T0,
	    &wait), 0);
	ratelimit_free(rl);
}

/*
 * One set of slots (the smallest table): more clients than slots, all
 * of them short of tokens.  A newcomer pushes out the fullest bucket,
 * which starts again full (the table errs towards letting through);
 * the emptiest buckets stay and stay refused.
 */
static void
test_table_full(void **state)
{
	struct ratelimit *rl = ratelimit_new(1);
	char addr[32];
	unsigned wait;
	uint64_t k[64];
	int i, n;

	(void)state;
	ratelimit_set(rl, 2, 100);	/* a token per 50 s */
	for (i = 0; i < 64; i++) {
		snprintf(addr, sizeof(addr), "198.51.100.%d", i + 1);
		k[i] = v4(addr);
	}
	/* Eight clients each take both tokens, client i at i seconds. */
	for (i = 0; i < 8; i++) {
		assert_int_equal(ratelimit_take(rl, k[i], T0 + i * SEC,
		    &wait), 0);
		assert_int_equal(ratelimit_take(rl, k[i], T0 + i * SEC,
		    &wait), 0);
	}
	for (i = 0; i < 8; i++)
		assert_int_equal(ratelimit_take(rl, k[i], T0 + 10 * SEC,
		    &wait), -1);
	/* A ninth is served, at the cost of client 0's bucket. */
	assert_int_equal(ratelimit_take(rl, k[8], T0 + 10 * SEC, &wait), 0);
	assert_int_equal(ratelimit_take(rl, k[7], T0 + 10 * SEC, &wait), -1);
	assert_int_equal(ratelimit_take(rl, k[0], T0 + 10 * SEC, &wait), 0);
	/* A flood of newcomers: every one is served, none blocks another. */
	for (n = 0, i = 9; i < 64; i++)
		n += ratelimit_take(rl, k[i], T0 + 11 * SEC, &wait) == 0;
	assert_int_equal(n, 55);
	/* They churned the one fullest slot: the emptiest stay refused. */
	for (i = 1; i < 8; i++)
		assert_int_equal(ratelimit_take(rl, k[i], T0 + 11 * SEC,
		    &wait), -1);
	/* The last newcomer holds that slot, refused once it is empty. */
	assert_int_equal(ratelimit_take(rl, k[63], T0 + 11 * SEC, &wait), 0);
	assert_int_equal(ratelimit_take(rl, k[63], T0 + 11 * SEC, &wait), -1);
	assert_int_equal(wait, 50);
	/* Once buckets have refilled their slots are free again. */
	for (n = 0, i = 0; i < 8; i++)
		n += ratelimit_take(rl, k[i], T0 + 1000 * SEC, &wait) == 0;
	assert_int_equal(n, 8);
	ratelimit_free(rl);
}

static void
test_off_and_change(void **state)
{
	struct ratelimit *rl = ratelimit_new(1024);
	uint64_t a = v4("192.0.2.1");
	unsigned wait;
	int i;

	(void)state;
	/* A new table limits nothing until told. */
	for (i = 0; i < 1000; i++)
		assert_int_equal(ratelimit_take(rl, a, T0, &wait), 0);
	ratelimit_set(rl, 1, 60);
	assert_int_equal(ratelimit_take(rl, a, T0, &wait), 0);
	assert_int_equal(ratelimit_take(rl, a, T0, &wait), -1);
	assert_int_equal(wait, 60);
	/* The same limit again (a reload that kept it) keeps the buckets. */
	ratelimit_set(rl, 1, 60);
	assert_int_equal(ratelimit_take(rl, a, T0, &wait), -1);
	/* A new one starts every client full. */
	ratelimit_set(rl, 2, 60);
	assert_int_equal(ratelimit_take(rl, a, T0, &wait), 0);
	assert_int_equal(ratelimit_take(rl, a, T0, &wait), 0);
	assert_int_equal(ratelimit_take(rl, a, T0, &wait), -1);
	assert_int_equal(wait, 30);
	ratelimit_set(rl, 0, 1);
	for (i = 0; i < 1000; i++)
		assert_int_equal(ratelimit_take(rl, a, T0, &wait), 0);
	ratelimit_free(rl);
}

/* The widest setting: a microsecond per token, a day for one. */
static void
test_extremes(void **state)
{
	struct ratelimit *rl = ratelimit_new(1024);
	uint64_t a = v4("192.0.2.1");
	unsigned wait;
	int i;

	(void)state;
	ratelimit_set(rl, RATELIMIT_REQUESTS_MAX, 1);
	for (i = 0; i < RATELIMIT_REQUESTS_MAX; i++)
		if (ratelimit_take(rl, a, T0, &wait) != 0)
			fail_msg("token %d refused", i);
	assert_int_equal(ratelimit_take(rl, a, T0, &wait), -1);
	assert_int_equal(wait, 1);
	assert_int_equal(ratelimit_take(rl, a, T0 + 1, &wait), 0);
	ratelimit_set(rl, 1, RATELIMIT_SECONDS_MAX);
	assert_int_equal(ratelimit_take(rl, a, T0, &wait), 0);
	assert_int_equal(ratelimit_take(rl, a, T0, &wait), -1);
	assert_int_equal(wait, RATELIMIT_SECONDS_MAX);
	ratelimit_free(rl);
}

/* The cap counts exactly, key by key, and every leave gives back. */
static void
test_conns(void **state)
{
	struct ratelimit *rl = ratelimit_new(1024);
	uint64_t a = v4("192.0.2.1"), b = v6("2001:db8::1");
	int i;

	(void)state;
	for (i = 0; i < 3; i++)
		assert_int_equal(ratelimit_conn_enter(rl, a, 3), 0);
	assert_int_equal(ratelimit_conn_enter(rl, a, 3), -1);
	/* The same /64 is the same client. */
	assert_int_equal(ratelimit_conn_enter(rl, b, 2), 0);
	assert_int_equal(ratelimit_conn_enter(rl, v6("2001:db8::2"), 2), 0);
	assert_int_equal(ratelimit_conn_enter(rl, b, 2), -1);
	ratelimit_conn_leave(rl, a);
	assert_int_equal(ratelimit_conn_enter(rl, a, 3), 0);
	assert_int_equal(ratelimit_conn_enter(rl, a, 3), -1);
	/* A lower cap (a reload) refuses until enough have left. */
	assert_int_equal(ratelimit_conn_enter(rl, a, 2), -1);
	ratelimit_conn_leave(rl, a);
	assert_int_equal(ratelimit_conn_enter(rl, a, 2), -1);
	ratelimit_conn_leave(rl, a);
	assert_int_equal(ratelimit_conn_enter(rl, a, 2), 0);
	/* 0: no cap, still counted. */
	for (i = 0; i < 1000; i++)
		assert_int_equal(ratelimit_conn_enter(rl, a, 0), 0);
	assert_int_equal(ratelimit_conn_enter(rl, a, 1002), -1);
	for (i = 0; i < 1002; i++)
		ratelimit_conn_leave(rl, a);
	for (i = 0; i < 5; i++)
		assert_int_equal(ratelimit_conn_enter(rl, a, 5), 0);
	assert_int_equal(ratelimit_conn_enter(rl, a, 5), -1);
	/* Left open: ratelimit_free() frees the entries (ASan checks). */
	ratelimit_free(rl);
}

#define CT_THREADS	4
#define CT_ROUNDS	20000
#define CT_CAP		3

/*
 * What the threads hold of each key, counted after an enter and before
 * a leave: never above what the table counts, so never above the cap.
 */
static atomic_int ct_held[4];

struct ct_arg {
	struct ratelimit	*rl;
	uint64_t		 keys[4];
	int			 over;	/* times ct_held passed the cap */
};

/* Enters and leaves keys shared with the other threads, at random. */
static void *
ct_run(void *p)
{
	struct ct_arg *ca = p;
	unsigned seed = (unsigned)(uintptr_t)p, held[4] = { 0 };
	int i, k;

	for (i = 0; i < CT_ROUNDS; i++) {
		k = rand_r(&seed) % 4;
		if (held[k] > 0 && rand_r(&seed) % 2) {
			atomic_fetch_sub(&ct_held[k], 1);
			ratelimit_conn_leave(ca->rl, ca->keys[k]);
			held[k]--;
		} else if (ratelimit_conn_enter(ca->rl, ca->keys[k],
		    CT_CAP) == 0) {
			held[k]++;
			if (atomic_fetch_add(&ct_held[k], 1) + 1 > CT_CAP)
				ca->over++;
		}
	}
	for (k = 0; k < 4; k++)
		while (held[k]-- > 0) {
			atomic_fetch_sub(&ct_held[k], 1);
			ratelimit_conn_leave(ca->rl, ca->keys[k]);
		}
	return NULL;
}

/*
 * Threads racing on the same keys: the cap holds at every moment, and
 * all is given back once each thread has left what it held.
 */
static void
test_conns_threads(void **state)
{
	struct ratelimit *rl = ratelimit_new(1024);
	struct ct_arg ca[CT_THREADS];
	pthread_t t[CT_THREADS];
	int i, k;

	(void)state;
	for (i = 0; i < CT_THREADS; i++) {
		ca[i].rl = rl;
		ca[i].over = 0;
		for (k = 0; k < 4; k++)
			ca[i].keys[k] = v4(k == 0 ? "192.0.2.1" : k == 1 ?
			    "192.0.2.2" : k == 2 ? "198.51.100.1" :
			    "203.0.113.9");
		assert_int_equal(pthread_create(&t[i], NULL, ct_run, &ca[i]),
		    0);
	}
	for (i = 0; i < CT_THREADS; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(ca[i].over, 0);
	}
	/* Every key is back to zero: exactly CAP enters pass, no more. */
	for (k = 0; k < 4; k++) {
		for (i = 0; i < CT_CAP; i++)
			assert_int_equal(ratelimit_conn_enter(rl,
			    ca[0].keys[k], CT_CAP), 0);
		assert_int_equal(ratelimit_conn_enter(rl, ca[0].keys[k],
		    CT_CAP), -1);
	}
	ratelimit_free(rl);
}

static void
test_conn_parse(void **state)
{
	static const char *const bad[] = { "", "-1", "+1", "1000001",
	    "99999999999999999999", "8x", " 8", "on", "OFF" };
	const char *errstr;
	unsigned m;
	size_t i;

	(void)state;
	assert_int_equal(ratelimit_conn_parse("64", &m, &errstr), 0);
	assert_int_equal(m, 64);
	assert_int_equal(ratelimit_conn_parse("1000000", &m, &errstr), 0);
	assert_int_equal(m, 1000000);
	assert_int_equal(ratelimit_conn_parse("off", &m, &errstr), 0);
	assert_int_equal(m, 0);
	assert_int_equal(ratelimit_conn_parse("0", &m, &errstr), 0);
	assert_int_equal(m, 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		errstr = NULL;
		if (ratelimit_conn_parse(bad[i], &m, &errstr) != -1)
			fail_msg("'%s' accepted", bad[i]);
		assert_non_null(errstr);
	}
}

static void
test_parse(void **state)
{
	static const char *const bad[] = { "", "300", "300/", "/60", "0/60",
	    "300/0", "300/60x", "-1/60", "+1/60", " 300/60", "300 / 60",
	    "1000001/60", "300/86401", "99999999999999999999/1", "on",
	    "OFF/60", "3.5/60" };
	const char *errstr;
	unsigned r, s;
	size_t i;

	(void)state;
	assert_int_equal(ratelimit_parse("300/60", &r, &s, &errstr), 0);
	assert_int_equal(r, 300);
	assert_int_equal(s, 60);
	assert_int_equal(ratelimit_parse("1/86400", &r, &s, &errstr), 0);
	assert_int_equal(ratelimit_parse("1000000/1", &r, &s, &errstr), 0);
	assert_int_equal(r, 1000000);
	assert_int_equal(ratelimit_parse("off", &r, &s, &errstr), 0);
	assert_int_equal(r, 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		errstr = NULL;
		if (ratelimit_parse(bad[i], &r, &s, &errstr) != -1)
			fail_msg("'%s' accepted", bad[i]);
		assert_non_null(errstr);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_burst_then_refused),
		cmocka_unit_test(test_refusals_bounded),
		cmocka_unit_test(test_refill),
		cmocka_unit_test(test_addresses_independent),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_ipv6_prefix_shares_bucket),
		cmocka_unit_test(test_table_full),
		cmocka_unit_test(test_off_and_change),
		cmocka_unit_test(test_extremes),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_conns),
		cmocka_unit_test(test_conns_threads),
		cmocka_unit_test(test_conn_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
