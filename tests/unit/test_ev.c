/*
 * Unit tests for the event loop: timers of many durations fire in
 * deadline order, stopping and re-arming work, and descriptors wake
 * their callbacks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <cmocka.h>

#include "ev.h"

#define NT 40

static struct ev_loop *loop;
static int fired[NT], nfired;
static struct ev_timer timers[NT];

static void
on_timer(struct ev_timer *t)
{
	fired[nfired++] = (int)(t - timers);
	if (nfired == NT)
		ev_stop(loop);
}

static void
test_timer_order(void **state)
{
	/* Durations out of order, more of them than the loop has lists. */
	static const unsigned ms[NT] = {
		30, 10, 50, 20, 40, 10, 30, 60, 70, 80, 90, 15, 25, 35, 45, 55,
		65, 75, 85, 95, 5, 12, 22, 32, 42, 52, 62, 72, 82, 92, 3, 13,
		23, 33, 43, 53, 63, 73, 83, 93,
	};
	int i, stopped = 7;

	(void)state;
	loop = ev_new();
	assert_non_null(loop);
	nfired = 0;
	for (i = 0; i < NT; i++) {
		timers[i].et_cb = on_timer;
		ev_timer_set(loop, &timers[i], ms[i]);
	}
	/* A stopped timer never fires; a re-armed one fires once, late. */
	ev_timer_stop(loop, &timers[stopped]);
	ev_timer_stop(loop, &timers[stopped]);
	ev_timer_set(loop, &timers[3], 200);
	ev_timer_set(loop, &timers[stopped], 150);
	ev_run(loop);
	assert_int_equal(nfired, NT);
	for (i = 1; i < NT; i++) {
		unsigned a = fired[i - 1] == 3 ? 200 : fired[i - 1] == stopped ?
		    150 : ms[fired[i - 1]];
		unsigned b = fired[i] == 3 ? 200 : fired[i] == stopped ? 150 :
		    ms[fired[i]];

		if (a > b)
			fail_msg("timer %d (%u ms) fired before %d (%u ms)",
			    fired[i - 1], a, fired[i], b);
	}
	assert_int_equal(fired[NT - 1], 3);
	ev_free(loop);
}

static int io_calls;

static void
on_io(struct ev_io *io, uint32_t revents)
{
	char c;

	assert_true(revents & EPOLLIN);
	assert_int_equal(read(io->ei_fd, &c, 1), 1);
	if (++io_calls == 2)
		ev_stop(loop);
}

static void
test_io(void **state)
{
	struct ev_io io;
	int p[2];

	(void)state;
	assert_int_equal(pipe(p), 0);
	loop = ev_new();
	memset(&io, 0, sizeof(io));
	io.ei_fd = p[0];
	io.ei_cb = on_io;
	assert_int_equal(ev_watch(loop, &io, EPOLLIN), 0);
	assert_int_equal(write(p[1], "ab", 2), 2);
	io_calls = 0;
	ev_run(loop);
	assert_int_equal(io_calls, 2);
	ev_unwatch(loop, &io);
	close(p[0]);
	close(p[1]);
	ev_free(loop);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_timer_order),
		cmocka_unit_test(test_io),
	};

	return cmocka_run_group_tests_name("ev", tests, NULL, NULL);
}
