/*
 * Unit tests for pub (pub.h), every write to a store, in process: new
 * articles under free slugs, replace by edit's rules (Date kept, Updated,
 * a new slug with the old one in Previous-Slugs, the edit's original
 * checked), a writer's limits, trash, rename, media, upload bodies in
 * their three types, and the audit line each write appends.
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
#include <unistd.h>

#include <cmocka.h>

#include "article.h"
#include "pub.h"
#include "publishers.h"
#include "store.h"
#include "util.h"
#include "fixtures.h"

struct fix {
	char	dir[64];
	int	dirfd;
	int	artfd;
};

static int
setup(void **state)
{
	struct fix *f = calloc(1, sizeof(*f));
	char sub[128];

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "/tmp/capsule-pub-XXXXXX");
	assert_int_equal(fix_mkstore(f->dir), 0);
	snprintf(sub, sizeof(sub), "%s/media", f->dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	fix_put(f->dir, "capsule.conf", "title = t\n");
	f->dirfd = open(f->dir, O_RDONLY | O_DIRECTORY);
	f->artfd = openat(f->dirfd, "articles", O_RDONLY | O_DIRECTORY);
	assert_true(f->dirfd != -1 && f->artfd != -1);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fix *f = *state;

	close(f->artfd);
	close(f->dirfd);
	fix_rmtree(f->dir);
	free(f);
	return 0;
}

static char *
slurp(struct fix *f, const char *path)
{
	char *data;
	size_t len;

	if (util_read_at(f->dirfd, path, 1 << 20, &data, &len) == -1)
		return NULL;
	return data;
}

static void
readart(struct article *a, const char *text)
{
	const char *errstr;
	unsigned line;

	memset(a, 0, sizeof(*a));
	assert_int_equal(article_read(a, text, strlen(text), &line, &errstr),
	    0);
}

/* pub_add of text as who with role; returns pub's result. */
static int
add(struct fix *f, struct pub *p, enum publishers_role role,
    const char *text, const char *want)
{
	struct article a;
	int rc;

	pub_init(p, f->dirfd, f->artfd, role ? "wr" : "me", role ?
	    "sha256:x" : NULL, role);
	readart(&a, text);
	rc = pub_add(p, &a, want, 0);
	article_free(&a);
	return rc;
}

static void
test_pub_add(void **state)
{
	struct fix *f = *state;
	struct pub p;
	char *log, *text;

	assert_int_equal(add(f, &p, 0, "Title: Hello world\n\nHi.\n", NULL),
	    0);
	assert_string_equal(p.p_result, "hello-world");
	assert_int_equal(add(f, &p, 0, "Title: Hello world\n\nAgain.\n",
	    NULL), 0);
	assert_string_equal(p.p_result, "hello-world-2");
	assert_int_equal(add(f, &p, 0, "Title: Other\n\nx\n", "chosen"), 0);
	assert_string_equal(p.p_result, "chosen");
	/* Invalid: an input error with its line, nothing written. */
	assert_int_equal(add(f, &p, 0, "Title: X\nDate: never\n\nx\n", NULL),
	    -1);
	assert_int_equal(p.p_err.pe_kind, PUB_EINPUT);
	assert_int_equal(p.p_err.pe_input, 1);
	assert_int_equal(p.p_err.pe_line, 2);
	assert_int_equal(add(f, &p, 0, "Title: X\n\nx\n", "Bad Slug"), -1);
	assert_int_equal(p.p_err.pe_kind, PUB_EINPUT);
	/* A writer's filing. */
	assert_int_equal(add(f, &p, PUBLISHERS_WRITER,
	    "Title: Filed\nAuthor: Someone\n\nx\n", NULL), 0);
	assert_int_equal(p.p_draft, 1);
	text = slurp(f, "articles/filed.gmi");
	assert_non_null(strstr(text, "Author: Someone\n"));
	assert_non_null(strstr(text, "Filed-By: wr\n"));
	assert_non_null(strstr(text, "Status: draft\n"));
	free(text);

	log = slurp(f, STORE_LOG);
	assert_non_null(log);
	assert_non_null(strstr(log, "\tme\t-\tadd\thello-world\t"));
	assert_non_null(strstr(log, "\tme\t-\tadd\thello-world-2\t"));
	assert_non_null(strstr(log, "\twr\tsha256:x\tadd\tfiled\t"));
	assert_null(strstr(log, "Bad"));
	/* One line per write: four writes, four lines. */
	assert_int_equal(strchr(log, '\n') != NULL, 1);
	{
		size_t n = 0;
		const char *c;

		for (c = log; *c != '\0'; c++)
			n += *c == '\n';
		assert_int_equal(n, 4);
	}
	free(log);
}

static void
test_pub_replace(void **state)
{
	struct fix *f = *state;
	struct article a;
	struct pub p;
	char *text;

	assert_int_equal(add(f, &p, 0,
	    "Title: Story\nDate: 2026-01-01T00:00:00Z\n\nOld.\n", NULL), 0);
	pub_init(&p, f->dirfd, f->artfd, "me", NULL, 0);
	/* No Date: the old one. */
	readart(&a, "Title: Story\n\nNew.\n");
	assert_int_equal(pub_replace(&p, "story", &a, NULL, NULL, 0, 0), 0);
	article_free(&a);
	text = slurp(f, "articles/story.gmi");
	assert_non_null(strstr(text, "Date: 2026-01-01T00:00:00Z\n"));
	assert_non_null(strstr(text, "Updated: "));
	assert_non_null(strstr(text, "New."));
	free(text);
	/* A different Date: refused. */
	readart(&a, "Title: Story\nDate: 2025-01-01T00:00:00Z\n\nNew.\n");
	assert_int_equal(pub_replace(&p, "story", &a, NULL, NULL, 0, 0), -1);
	assert_int_equal(p.p_err.pe_kind, PUB_EINPUT);
	assert_non_null(strstr(p.p_err.pe_msg, "never changes"));
	article_free(&a);
	/* The file is not the original the edit began with. */
	readart(&a, "Title: Story\n\nEdited.\n");
	assert_int_equal(pub_replace(&p, "story", &a, NULL, "something", 9,
	    0), -1);
	assert_int_equal(p.p_err.pe_kind, PUB_ECONFLICT);
	assert_non_null(strstr(p.p_err.pe_msg, "changed or removed"));
	article_free(&a);
	/* A new slug: the old in Previous-Slugs, the old file gone. */
	readart(&a, "Title: Story told\n\nNew.\n");
	assert_int_equal(pub_replace(&p, "story", &a, "story-told", NULL, 0,
	    1), 0);
	article_free(&a);
	assert_string_equal(p.p_result, "story-told");
	text = slurp(f, "articles/story-told.gmi");
	assert_non_null(strstr(text, "Previous-Slugs: story\n"));
	free(text);
	assert_null(slurp(f, "articles/story.gmi"));
	/* Missing. */
	readart(&a, "Title: Ghost\n\nx\n");
	assert_int_equal(pub_replace(&p, "ghost", &a, NULL, NULL, 0, 0), -1);
	assert_int_equal(p.p_err.pe_kind, PUB_ENOENT);
	article_free(&a);
}

static void
test_pub_writer_limits(void **state)
{
	struct fix *f = *state;
	struct article a;
	struct pub p;

	assert_int_equal(add(f, &p, 0, "Title: Editors\n\nx\n", NULL), 0);
	pub_init(&p, f->dirfd, f->artfd, "wr", "sha256:x", PUBLISHERS_WRITER);
	assert_int_equal(pub_set_status(&p, "editors", 0), -1);
	assert_int_equal(p.p_err.pe_kind, PUB_EDENIED);
	assert_int_equal(pub_trash(&p, "editors"), -1);
	assert_int_equal(p.p_err.pe_kind, PUB_EDENIED);
	assert_int_equal(pub_media(&p, "x.png", "x", 1), -1);
	assert_int_equal(p.p_err.pe_kind, PUB_EDENIED);
	assert_int_equal(pub_rename(&p, "editors", "New", NULL, 0), -1);
	assert_int_equal(p.p_err.pe_kind, PUB_EDENIED);
	readart(&a, "Title: Editors\n\nMine.\n");
	assert_int_equal(pub_replace(&p, "editors", &a, NULL, NULL, 0, 0), -1);
	assert_int_equal(p.p_err.pe_kind, PUB_EDENIED);
	article_free(&a);
}

static void
test_pub_trash_rename_media(void **state)
{
	struct fix *f = *state;
	struct pub p;
	struct stat st;
	char *text;

	assert_int_equal(add(f, &p, 0, "Title: Gone\n\nx\n", NULL), 0);
	assert_int_equal(add(f, &p, 0, "Title: Renamed\n\nx\n", NULL), 0);
	pub_init(&p, f->dirfd, f->artfd, "me", NULL, 0);
	assert_int_equal(pub_trash(&p, "gone"), 0);
	assert_string_equal(p.p_result, ".trash/gone.gmi");
	assert_int_equal(fstatat(f->dirfd, ".trash/gone.gmi", &st, 0), 0);
	assert_int_equal(pub_trash(&p, "gone"), -1);
	assert_int_equal(p.p_err.pe_kind, PUB_ENOENT);
	assert_int_equal(pub_rename(&p, "renamed", "Called anew", NULL, 0), 0);
	assert_string_equal(p.p_result, "called-anew");
	text = slurp(f, "articles/called-anew.gmi");
	assert_non_null(strstr(text, "Previous-Slugs: renamed\n"));
	free(text);
	assert_int_equal(pub_media(&p, "a.txt", "hello\n", 6), 0);
	text = slurp(f, "media/a.txt");
	assert_string_equal(text, "hello\n");
	free(text);
	assert_int_equal(pub_media(&p, "../a.txt", "x", 1), -1);
	assert_int_equal(pub_media(&p, ".a", "x", 1), -1);
	text = slurp(f, STORE_LOG);
	assert_non_null(strstr(text, "\ttrash\tgone\t"));
	assert_non_null(strstr(text, "\trename\tcalled-anew\t"));
	assert_non_null(strstr(text, "\tmedia\ta.txt\t6\n"));
	free(text);
}

static void
test_pub_text(void **state)
{
	struct article a = { 0 };
	struct pub_err e;

	(void)state;
	assert_int_equal(pub_text("Title: T\n\nBody\n", 15, NULL, &a, &e), 0);
	assert_string_equal(article_get(&a, "Title"), "T");
	article_free(&a);
	memset(&a, 0, sizeof(a));
	assert_int_equal(pub_text("Intro.\n# The title\n\nBody\n", 25,
	    "text/gemini; lang=en", &a, &e), 0);
	assert_string_equal(article_get(&a, "Title"), "The title");
	assert_string_equal(a.a_body, "Intro.\nBody\n");
	article_free(&a);
	memset(&a, 0, sizeof(a));
	assert_int_equal(pub_text("# Windows\r\n\r\nLine\r\nTwo\r\n", 24,
	    NULL, &a, &e), 0);
	assert_string_equal(article_get(&a, "Title"), "Windows");
	assert_string_equal(a.a_body, "Line\nTwo\n");
	article_free(&a);
	memset(&a, 0, sizeof(a));
	assert_int_equal(pub_text("Just text.\n", 11, "text/gemini", &a, &e),
	    -1);
	assert_int_equal(e.pe_kind, PUB_EINPUT);
	assert_int_equal(pub_text("# Md\n\n**bold**\n", 15, "text/markdown",
	    &a, &e), 0);
	assert_string_equal(article_get(&a, "Title"), "Md");
	article_free(&a);
	memset(&a, 0, sizeof(a));
	assert_int_equal(pub_text("Title: x\n\n\xc3\x28\n", 13, NULL, &a, &e),
	    -1);
	assert_int_equal(e.pe_line, 3);
	assert_int_equal(pub_text("x", 1, "application/pdf", &a, &e), -1);
	assert_int_equal(e.pe_kind, PUB_EINPUT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pub_add, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pub_replace, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_pub_writer_limits, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_pub_trash_rename_media,
		    setup, teardown),
		cmocka_unit_test(test_pub_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
