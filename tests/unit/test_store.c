/*
 * Unit tests for the store module (and the util file helpers it stands
 * on): loading a store from a temporary directory, skipping and
 * reporting bad articles, the indexes by date, slug, tag, month and
 * title, old slugs, files held back while being written, the writer
 * lock and atomic writes.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "store.h"
#include "util.h"
#include "fixtures.h"

struct reports {
	char	 text[2048];
	int	 errors;
	int	 warnings;
};

static void
report(void *ctx, const char *path, unsigned line, int warning,
    const char *msg)
{
	struct reports *r = ctx;
	size_t n = strlen(r->text);

	snprintf(r->text + n, sizeof(r->text) - n, "%s:%u:%s%s\n", path, line,
	    warning ? "warning:" : "", msg);
	if (warning)
		r->warnings++;
	else
		r->errors++;
}

static int
setup(void **state)
{
	char *dir = strdup("/tmp/capsule-test-store-XXXXXX");

	if (dir == NULL || fix_mkstore(dir) == -1)
		return -1;
	fix_put(dir, "capsule.conf", "title = Test Site\nlang = fr\n");
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

static void
article_at(const char *dir, const char *slug, const char *title,
    const char *date, const char *extra)
{
	char name[256], text[1024];

	snprintf(name, sizeof(name), "articles/%s.gmi", slug);
	snprintf(text, sizeof(text), "Title: %s\nDate: %s\n%s\nBody of %s.\n",
	    title, date, extra, slug);
	fix_put(dir, name, text);
}

static struct store *
load(const char *dir, struct reports *r)
{
	const char *errpath, *errstr;
	unsigned line;
	struct store *s;

	memset(r, 0, sizeof(*r));
	s = store_load(dir, report, r, &errpath, &line, &errstr);
	if (s == NULL)
		fail_msg("%s:%u: %s", errpath ? errpath : dir, line, errstr);
	return s;
}

static void
test_load_index(void **state)
{
	const char *dir = *state;
	const struct store_tag *t;
	const struct store_month *m;
	struct reports r;
	struct store *s;

	article_at(dir, "oldest", "The Oldest One", "2024-01-05T10:00:00Z",
	    "Tags: news, cats\n");
	article_at(dir, "middle", "Café society: a history",
	    "2024-02-01T10:00:00Z", "Tags: cats\nPrevious-Slugs: cafe\n");
	article_at(dir, "newest", "Newest", "2024-02-20T10:00:00Z",
	    "Tags: news\n");
	article_at(dir, "draft", "Not yet", "2024-03-01T10:00:00Z",
	    "Tags: news\nStatus: draft\n");
	article_at(dir, "bad-date", "Broken", "2024-02-30T10:00:00Z", "");
	fix_put(dir, "articles/Bad_Name.gmi", "Title: x\nDate: 2024-01-01T00:00:00Z\n\n");
	fix_put(dir, "articles/.tmp-123-half.gmi", "Title: half");
	fix_put(dir, "articles/notes.txt", "not an article");

	s = load(dir, &r);
	assert_string_equal(s->s_site.ss_title, "Test Site");
	assert_string_equal(s->s_site.ss_lang, "fr");
	assert_string_equal(s->s_site.ss_hostname, "localhost");
	assert_int_equal(s->s_narts, 4);
	assert_int_equal(s->s_nerrors, 2);
	assert_int_equal(r.errors, 2);
	assert_non_null(strstr(r.text, "articles/bad-date.gmi:2:date is out "
	    "of range\n"));
	assert_non_null(strstr(r.text, "articles/Bad_Name.gmi:0:file name is "
	    "not a slug"));

	assert_string_equal(s->s_bydate[0]->a_slug, "draft");
	assert_string_equal(s->s_bydate[3]->a_slug, "oldest");
	assert_int_equal(s->s_npub, 3);
	assert_string_equal(s->s_pub[0]->a_slug, "newest");
	assert_string_equal(s->s_pub[2]->a_slug, "oldest");

	assert_non_null(store_find(s, "draft"));
	assert_null(store_find(s, "bad-date"));
	assert_null(store_find(s, "nope"));
	assert_ptr_equal(store_find_alias(s, "cafe"), store_find(s, "middle"));
	assert_null(store_find_alias(s, "middle"));

	/* Titles match whatever the case, accents and punctuation. */
	assert_ptr_equal(store_find_title(s, "CAFE SOCIETY - A History"),
	    store_find(s, "middle"));
	assert_ptr_equal(store_find_title(s, "the oldest one."),
	    store_find(s, "oldest"));
	assert_null(store_find_title(s, "Not yet"));	/* a draft */

	assert_int_equal(s->s_ntags, 2);
	t = store_find_tag(s, "news");
	assert_non_null(t);
	assert_int_equal(t->st_n, 2);	/* the draft is left out */
	assert_string_equal(t->st_arts[0]->a_slug, "newest");
	assert_string_equal(t->st_arts[1]->a_slug, "oldest");
	t = store_find_tag(s, "cats");
	assert_int_equal(t->st_n, 2);
	assert_string_equal(t->st_arts[0]->a_slug, "middle");
	assert_null(store_find_tag(s, "dogs"));

	assert_int_equal(s->s_nmonths, 2);
	assert_int_equal(s->s_months[0].sm_year, 2024);
	assert_int_equal(s->s_months[0].sm_month, 2);
	m = store_find_month(s, 2024, 2);
	assert_int_equal(m->sm_n, 2);
	assert_string_equal(m->sm_arts[0]->a_slug, "newest");
	m = store_find_month(s, 2024, 1);
	assert_int_equal(m->sm_n, 1);
	assert_null(store_find_month(s, 2024, 3));
	store_free(s);
}

static void
test_alias_clash(void **state)
{
	const char *dir = *state;
	struct reports r;
	struct store *s;

	article_at(dir, "first", "First", "2024-01-01T00:00:00Z",
	    "Previous-Slugs: shared\n");
	article_at(dir, "second", "Second", "2024-01-02T00:00:00Z",
	    "Previous-Slugs: shared, first\n");
	s = load(dir, &r);
	assert_int_equal(s->s_narts, 2);
	assert_int_equal(r.errors, 0);
	assert_int_equal(r.warnings, 2);
	assert_non_null(strstr(r.text, "articles/second.gmi:3:warning:"
	    "previous slug is claimed by an older article"));
	assert_non_null(strstr(r.text, "articles/second.gmi:3:warning:"
	    "previous slug is another article's slug"));
	assert_string_equal(store_find_alias(s, "shared")->a_slug, "first");
	store_free(s);
}

static void
test_empty_and_broken(void **state)
{
	const char *dir = *state, *errpath, *errstr;
	char path[512];
	struct reports r;
	struct store *s;
	unsigned line;

	s = load(dir, &r);
	assert_int_equal(s->s_narts, 0);
	assert_int_equal(s->s_ntags, 0);
	assert_null(store_find(s, "x"));
	assert_null(store_find_title(s, "x"));
	store_free(s);

	/* The front page's sections: tag names and numbers up to 20. */
	fix_put(dir, "capsule.conf", "title = ok\nsections = a, b-2\n"
	    "section_count = 4\nsection_size = 0\n");
	s = load(dir, &r);
	assert_string_equal(s->s_site.ss_sections, "a, b-2");
	assert_int_equal(s->s_site.ss_section_count, 4);
	assert_int_equal(s->s_site.ss_section_size, 0);
	store_free(s);
	fix_put(dir, "capsule.conf", "title = ok\n");
	s = load(dir, &r);
	assert_string_equal(s->s_site.ss_sections, "");
	assert_int_equal(s->s_site.ss_section_count, STORE_SECTION_COUNT);
	assert_int_equal(s->s_site.ss_section_size, STORE_SECTION_SIZE);
	store_free(s);
	fix_put(dir, "capsule.conf", "title = ok\nsections = A\n");
	assert_null(store_load(dir, NULL, NULL, &errpath, &line, &errstr));
	assert_non_null(strstr(errstr, "sections"));
	fix_put(dir, "capsule.conf", "title = ok\nsection_size = 21\n");
	assert_null(store_load(dir, NULL, NULL, &errpath, &line, &errstr));
	assert_int_equal(line, 2);
	fix_put(dir, "capsule.conf", "title = ok\nsection_count = -1\n");
	assert_null(store_load(dir, NULL, NULL, &errpath, &line, &errstr));

	fix_put(dir, "capsule.conf", "title = ok\ncolour = blue\n");
	assert_null(store_load(dir, NULL, NULL, &errpath, &line, &errstr));
	assert_string_equal(errpath, "capsule.conf");
	assert_int_equal(line, 2);
	assert_non_null(strstr(errstr, "unknown setting 'colour'"));

	snprintf(path, sizeof(path), "%s/capsule.conf", dir);
	unlink(path);
	assert_null(store_load(dir, NULL, NULL, &errpath, &line, &errstr));
	assert_string_equal(errpath, "capsule.conf");
	assert_string_equal(errstr, strerror(ENOENT));

	assert_null(store_load("/nonexistent/store", NULL, NULL, &errpath,
	    &line, &errstr));
	assert_null(errpath);
}

/*
 * Regression (hostile store): a symbolic link in articles/ published
 * the file it pointed to, from anywhere; a FIFO named like an article
 * blocked the loader (and capsuled's signals) in open() for ever.  Both
 * are now skipped and reported.  The alarm turns a hang into a failure.
 */
static void
test_symlink_and_fifo_skipped(void **state)
{
	const char *dir = *state;
	char path[512], *data;
	struct reports r;
	struct store *s;
	size_t len;
	int artfd;

	fix_put(dir, "outside.gmi", "Title: Outside\nDate: 2026-01-01T00:00:00Z\n"
	    "\nNot in articles/.\n");
	snprintf(path, sizeof(path), "%s/articles/linked.gmi", dir);
	assert_int_equal(symlink("../outside.gmi", path), 0);
	snprintf(path, sizeof(path), "%s/articles/fifo.gmi", dir);
	assert_int_equal(mkfifo(path, 0644), 0);
	article_at(dir, "ok", "Fine", "2026-01-02T00:00:00Z", "");

	alarm(10);
	s = load(dir, &r);
	assert_int_equal(s->s_narts, 1);
	assert_int_equal(s->s_nerrors, 2);
	assert_null(store_find(s, "linked"));
	assert_non_null(store_find(s, "ok"));
	assert_non_null(strstr(r.text, "articles/linked.gmi:0:symbolic link, "
	    "not followed"));
	assert_non_null(strstr(r.text, "articles/fifo.gmi:0:not a regular "
	    "file"));
	store_free(s);

	snprintf(path, sizeof(path), "%s/articles", dir);
	artfd = open(path, O_RDONLY | O_DIRECTORY);
	assert_true(artfd >= 0);
	assert_int_equal(util_read_beneath(artfd, "linked.gmi", 100, &data,
	    &len), -1);
	assert_int_equal(errno, ELOOP);
	assert_int_equal(util_read_at(artfd, "fifo.gmi", 100, &data, &len),
	    -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(util_read_beneath(artfd, "ok.gmi", 100, &data,
	    &len), 0);
	free(data);
	alarm(0);
	close(artfd);
}

static void
test_write_and_lock(void **state)
{
	const char *dir = *state;
	char *data;
	size_t len;
	int dirfd, artfd, lock;

	dirfd = open(dir, O_RDONLY | O_DIRECTORY);
	artfd = openat(dirfd, "articles", O_RDONLY | O_DIRECTORY);
	assert_true(dirfd >= 0 && artfd >= 0);
	assert_int_equal(util_write_atomic(artfd, "a.gmi", "one", 3, 1), 0);
	assert_int_equal(util_write_atomic(artfd, "a.gmi", "two", 3, 1), -1);
	assert_int_equal(errno, EEXIST);
	assert_int_equal(util_read_at(artfd, "a.gmi", 100, &data, &len), 0);
	assert_string_equal(data, "one");
	free(data);
	assert_int_equal(util_write_atomic(artfd, "a.gmi", "three", 5, 0), 0);
	assert_int_equal(util_read_at(artfd, "a.gmi", 100, &data, &len), 0);
	assert_string_equal(data, "three");
	free(data);
	assert_int_equal(util_read_at(artfd, "a.gmi", 4, &data, &len), -1);
	assert_int_equal(errno, EFBIG);
	assert_int_equal(util_read_at(dirfd, "articles", 100, &data, &len),
	    -1);
	assert_int_equal(errno, EINVAL);

	/* A dead writer's temporary file goes when the lock is taken. */
	fix_put(dir, "articles/.tmp-999-dead.gmi", "half");
	lock = store_lock(dirfd);
	assert_true(lock >= 0);
	assert_int_equal(faccessat(artfd, ".tmp-999-dead.gmi", F_OK, 0), -1);
	assert_int_equal(faccessat(artfd, "a.gmi", F_OK, 0), 0);
	store_unlock(lock);
	close(artfd);
	close(dirfd);
}

/*
 * A linked articles/ or capsule.conf would take reads out of the store:
 * the store is refused, naming the link.
 */
static void
test_linked_dirs_refused(void **state)
{
	const char *dir = *state;
	const char *errpath, *errstr;
	char from[512], to[512];
	unsigned line;

	article_at(dir, "ok", "Fine", "2026-01-02T00:00:00Z", "");
	snprintf(from, sizeof(from), "%s/articles", dir);
	snprintf(to, sizeof(to), "%s/elsewhere", dir);
	assert_int_equal(rename(from, to), 0);
	assert_int_equal(symlink("elsewhere", from), 0);
	assert_null(store_load(dir, NULL, NULL, &errpath, &line, &errstr));
	assert_string_equal(errpath, "articles");
	assert_non_null(strstr(errstr, "symbolic links are not followed"));
	assert_int_equal(unlink(from), 0);
	assert_int_equal(rename(to, from), 0);

	snprintf(from, sizeof(from), "%s/capsule.conf", dir);
	snprintf(to, sizeof(to), "%s/site.conf", dir);
	assert_int_equal(rename(from, to), 0);
	assert_int_equal(symlink("site.conf", from), 0);
	assert_null(store_load(dir, NULL, NULL, &errpath, &line, &errstr));
	assert_string_equal(errpath, "capsule.conf");
	assert_string_equal(errstr, "symbolic link, not followed");
}

/* A settle callback that names the unsettled files and records calls. */
struct fake_settle {
	const char	*unsettled[4];
	int		 synced;
	int		 asked;		/* ss_unsettled calls */
	int		 asked_before_sync;
	int		 mtime_of_b;	/* b.gmi's time was passed */
};

static void
fake_sync(void *ctx)
{
	((struct fake_settle *)ctx)->synced++;
}

static int
fake_unsettled(void *ctx, const char *name, const struct timespec *mtime,
    int moved)
{
	struct fake_settle *f = ctx;
	size_t i;

	assert_int_equal(moved, 0);
	f->asked++;
	if (!f->synced)
		f->asked_before_sync++;
	if (strcmp(name, "b.gmi") == 0 && mtime != NULL && mtime->tv_sec > 0)
		f->mtime_of_b = 1;
	for (i = 0; i < 4 && f->unsettled[i] != NULL; i++)
		if (strcmp(name, f->unsettled[i]) == 0)
			return 1;
	return 0;
}

static struct store *
load_settled(const char *dir, const struct store *prev,
    struct fake_settle *f, struct reports *r)
{
	const struct store_settle ss = { fake_sync, fake_unsettled, f };
	const char *errpath, *errstr;
	unsigned line;
	struct store *s;

	memset(r, 0, sizeof(*r));
	s = store_load_settled(dir, prev, &ss, report, r, &errpath, &line,
	    &errstr);
	if (s == NULL)
		fail_msg("%s:%u: %s", errpath ? errpath : dir, line, errstr);
	return s;
}

/*
 * Regression (issue 10, defect 3): a file still being written was
 * loaded as it stood, cut short.  An unsettled file is held: the
 * previous store's version stands in for it, or it is left out, and a
 * half-written file that does not parse is not reported either.
 */
static void
test_unsettled_held(void **state)
{
	const char *dir = *state;
	struct fake_settle f;
	struct reports r;
	struct store *s1, *s2, *s3;
	const char *b2 = "Title: B, second version\nDate: 2024-05-02T00:00:00Z"
	    "\nTags: cats\n\nThe second version of b, whole.\n";

	article_at(dir, "a", "A", "2024-05-01T00:00:00Z", "Tags: news\n");
	article_at(dir, "b", "B, first version", "2024-05-02T00:00:00Z",
	    "Tags: news\n");
	fix_put(dir, "articles/c.gmi", "Title: C\nDa");

	/* The first build: nothing to keep, so the new c is left out. */
	memset(&f, 0, sizeof(f));
	f.unsettled[0] = "c.gmi";
	s1 = load_settled(dir, NULL, &f, &r);
	assert_int_equal(f.synced, 1);
	assert_int_equal(f.asked, 3);
	assert_int_equal(f.asked_before_sync, 0);
	assert_int_equal(s1->s_narts, 2);
	assert_int_equal(s1->s_nheld, 1);
	assert_int_equal(s1->s_nerrors, 0);
	assert_int_equal(r.errors, 0);
	assert_null(store_find(s1, "c"));

	/* b rewritten where it stands: the previous b is kept, as it was. */
	fix_put(dir, "articles/b.gmi", b2);
	memset(&f, 0, sizeof(f));
	f.unsettled[0] = "b.gmi";
	f.unsettled[1] = "c.gmi";
	s2 = load_settled(dir, s1, &f, &r);
	assert_int_equal(f.mtime_of_b, 1);
	assert_int_equal(s2->s_narts, 2);
	assert_int_equal(s2->s_nheld, 2);
	assert_int_equal(r.errors, 0);
	assert_string_equal(store_find(s2, "b")->a_title, "B, first version");
	assert_true(article_has_tag(store_find(s2, "b"), "news"));
	assert_non_null(strstr(store_find(s2, "b")->a_body, "Body of b."));
	assert_ptr_not_equal(store_find(s2, "b"), store_find(s1, "b"));
	assert_int_equal(store_find_tag(s2, "news")->st_n, 2);
	assert_null(store_find(s2, "c"));
	/* The copy owns its strings: the old store may go first. */
	store_free(s1);
	assert_string_equal(store_find(s2, "b")->a_title, "B, first version");
	assert_ptr_equal(store_find_title(s2, "b first version"),
	    store_find(s2, "b"));

	/* Settled: the new b, and c's error, come through. */
	memset(&f, 0, sizeof(f));
	s3 = load_settled(dir, s2, &f, &r);
	assert_int_equal(s3->s_nheld, 0);
	assert_int_equal(s3->s_narts, 2);
	assert_string_equal(store_find(s3, "b")->a_title, "B, second version");
	assert_true(article_has_tag(store_find(s3, "b"), "cats"));
	assert_int_equal(r.errors, 1);
	assert_non_null(strstr(r.text, "articles/c.gmi:"));
	store_free(s2);
	store_free(s3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_load_index, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_alias_clash, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_empty_and_broken, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_symlink_and_fifo_skipped,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_and_lock, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_linked_dirs_refused,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_unsettled_held, setup,
		    teardown),
	};

	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
