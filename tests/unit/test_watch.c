/*
 * Unit tests for the watch module, on a temporary store with the real
 * inotify and the real clock (each test waits a few hundred ms): files
 * written where they stand are unsettled until closed and quiet, files
 * renamed into place are whole at once, and each settles into a reload.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "watch.h"
#include "fixtures.h"

static int
setup(void **state)
{
	char *dir = strdup("/tmp/capsule-test-watch-XXXXXX");

	if (dir == NULL || fix_mkstore(dir) == -1)
		return -1;
	*state = dir;
	return 0;
}

static int
teardown(void **state)
{
	fix_rmtree(*state);
	free(*state);
	return 0;
}

/*
 * The checks that a file is still unsettled right after a write hold
 * only while less than WATCH_QUIET ms have passed; on a machine stalled
 * longer than that they are skipped rather than failed.
 */
static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

/* What a loader would hear about articles/name right now. */
static int
unsettled(struct watch *w, const char *dir, const char *name, int moved)
{
	const struct store_settle *ss = watch_settle(w);
	char path[512];
	struct stat st;

	snprintf(path, sizeof(path), "%s/articles/%s", dir, name);
	assert_int_equal(stat(path, &st), 0);
	ss->ss_sync(ss->ss_ctx);
	return ss->ss_unsettled(ss->ss_ctx, name, &st.st_mtim, moved);
}

static int
open_article(const char *dir, const char *name)
{
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/articles/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd != -1);
	return fd;
}

static void
test_written_in_place(void **state)
{
	const char *dir = *state;
	struct watch *w = watch_new(dir);
	long t0;
	int fd, u, tick;

	assert_non_null(w);
	assert_true(watch_fd(w) != -1);
	fd = open_article(dir, "slow.gmi");
	assert_int_equal(write(fd, "Title: Slow\n", 12), 12);
	assert_int_equal(unsettled(w, dir, "slow.gmi", 0), 1);
	/* Open, however long it stays quiet, and no reload for it yet. */
	sleep_ms(WATCH_QUIET + 50);
	assert_int_equal(unsettled(w, dir, "slow.gmi", 0), 1);
	assert_int_equal(watch_tick(w), 0);
	assert_int_equal(write(fd, "Date: 2024-01-01T00:00:00Z\n\n", 28), 28);
	t0 = now_ms();
	assert_int_equal(close(fd), 0);
	/* Closed: settled once quiet, and then a reload is due. */
	u = unsettled(w, dir, "slow.gmi", 0);
	tick = watch_tick(w);
	if (now_ms() - t0 < WATCH_QUIET) {
		assert_int_equal(u, 1);
		assert_int_equal(tick, 0);
	}
	assert_true(watch_timeout(w) <= WATCH_QUIET);
	sleep_ms(WATCH_QUIET + 50);
	assert_int_equal(unsettled(w, dir, "slow.gmi", 0), 0);
	assert_int_equal(watch_tick(w), 1);
	watch_reloading(w);
	assert_int_equal(watch_tick(w), 0);

	/* Written again where it stands: unsettled again. */
	fd = open_article(dir, "slow.gmi");
	assert_int_equal(unsettled(w, dir, "slow.gmi", 0), 1);
	close(fd);
	watch_free(w);
}

static void
test_renamed_whole(void **state)
{
	const char *dir = *state;
	struct watch *w = watch_new(dir);
	char from[512], to[512];
	long t0;
	int fd, tick;

	assert_non_null(w);
	/* capsulectl's way: a temporary file, then a rename. */
	fd = open_article(dir, ".tmp-1-fast.gmi");
	assert_int_equal(write(fd, "Title: Fast\n", 12), 12);
	close(fd);
	snprintf(from, sizeof(from), "%s/articles/.tmp-1-fast.gmi", dir);
	snprintf(to, sizeof(to), "%s/articles/fast.gmi", dir);
	assert_int_equal(rename(from, to), 0);
	assert_int_equal(unsettled(w, dir, "fast.gmi", 0), 0);
	/* A reload after the burst's short debounce, not a quiet time. */
	assert_true(watch_timeout(w) <= 100);
	sleep_ms(120);
	assert_int_equal(watch_tick(w), 1);
	watch_reloading(w);

	/* A file the loader saw change while reading it is retried. */
	t0 = now_ms();
	assert_int_equal(unsettled(w, dir, "fast.gmi", 1), 1);
	tick = watch_tick(w);
	if (now_ms() - t0 < WATCH_QUIET)
		assert_int_equal(tick, 0);
	sleep_ms(WATCH_QUIET + 50);
	assert_int_equal(watch_tick(w), 1);
	watch_free(w);
}

/* Regression (issue 10, defect 8): a change right after start is seen. */
static void
test_sees_from_the_start(void **state)
{
	const char *dir = *state;
	struct watch *w = watch_new(dir);
	char path[512];

	assert_non_null(w);
	snprintf(path, sizeof(path), "%s/capsule.conf", dir);
	close(open(path, O_WRONLY | O_CREAT, 0644));
	watch_read(w);
	sleep_ms(120);
	assert_int_equal(watch_tick(w), 1);
	assert_true(watch_same(w, dir));
	assert_false(watch_same(w, "/tmp"));
	watch_free(w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_written_in_place, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_renamed_whole, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_sees_from_the_start,
		    setup, teardown),
	};

	return cmocka_run_group_tests_name("watch", tests, NULL, NULL);
}
