/*
 * Unit tests for the watch module's pages/: a page written where it
 * stands is unsettled until closed and quiet, as an article is, under
 * its path "pages/NAME.gmi" (pages used to be read as they stood, cut
 * short when an editor was caught mid-write).  Real inotify, real clock.
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

#include "fixtures.h"

#include "watch.h"

static int
setup(void **state)
{
	char *dir = strdup("/tmp/capsule-test-watchp-XXXXXX");
	char sub[512];

	if (dir == NULL || mkdtemp(dir) == NULL)
		return -1;
	snprintf(sub, sizeof(sub), "%s/articles", dir);
	mkdir(sub, 0755);
	snprintf(sub, sizeof(sub), "%s/pages", dir);
	mkdir(sub, 0755);
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

/* What a loader would hear about rel ("pages/x.gmi", "x.gmi") now. */
static int
unsettled(struct watch *w, const char *dir, const char *sub,
    const char *rel)
{
	const struct store_settle *ss = watch_settle(w);
	char path[512];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s/%s", dir, sub,
	    strchr(rel, '/') != NULL ? strchr(rel, '/') + 1 : rel);
	assert_int_equal(stat(path, &st), 0);
	ss->ss_sync(ss->ss_ctx);
	return ss->ss_unsettled(ss->ss_ctx, rel, &st.st_mtim, 0);
}

static int
open_in(const char *dir, const char *sub, const char *name)
{
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/%s/%s", dir, sub, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd != -1);
	return fd;
}

static void
test_page_written_in_place(void **state)
{
	const char *dir = *state;
	struct watch *w = watch_new(dir);
	long t0;
	int fd, art, u;

	assert_non_null(w);
	assert_true(watch_fd(w) != -1);
	/* An article of the same name, whole: the page's writer is not its. */
	art = open_in(dir, "articles", "about.gmi");
	close(art);
	watch_read(w);
	sleep_ms(WATCH_QUIET + 50);
	fd = open_in(dir, "pages", "about.gmi");
	assert_int_equal(write(fd, "# Abo", 5), 5);
	assert_int_equal(unsettled(w, dir, "pages", "pages/about.gmi"), 1);
	assert_int_equal(unsettled(w, dir, "articles", "about.gmi"), 0);
	/* Open, however long it stays quiet. */
	sleep_ms(WATCH_QUIET + 50);
	assert_int_equal(unsettled(w, dir, "pages", "pages/about.gmi"), 1);
	assert_int_equal(write(fd, "ut\n", 3), 3);
	t0 = now_ms();
	assert_int_equal(close(fd), 0);
	u = unsettled(w, dir, "pages", "pages/about.gmi");
	if (now_ms() - t0 < WATCH_QUIET)
		assert_int_equal(u, 1);
	sleep_ms(WATCH_QUIET + 50);
	assert_int_equal(unsettled(w, dir, "pages", "pages/about.gmi"), 0);
	/* Settled: a reload of its own is due. */
	assert_int_equal(watch_tick(w), 1);
	watch_free(w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_page_written_in_place,
		    setup, teardown),
	};

	return cmocka_run_group_tests_name("watch_pages", tests, NULL, NULL);
}
