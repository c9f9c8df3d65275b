/*
 * Unit tests for store_files: pages/ and media/ read by the store layer,
 * and pages caught half-written held back like articles (a page used to
 * be read as it stood).
 */
#include <sys/stat.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixtures.h"

#include "mime.h"
#include "store_files.h"

struct reports {
	unsigned	 errors;
	char		 text[1024];
};

static void
report(void *ctx, const char *path, unsigned line, int warning,
    const char *msg)
{
	struct reports *r = ctx;
	size_t n = strlen(r->text);

	(void)line;
	(void)warning;
	snprintf(r->text + n, sizeof(r->text) - n, "%s: %s\n", path, msg);
	r->errors++;
}

static int
setup(void **state)
{
	char *dir = strdup("/tmp/capsule-test-files-XXXXXX");
	const char *errstr;
	char sub[512];

	if (dir == NULL || mkdtemp(dir) == NULL || mime_init(&errstr) == -1)
		return -1;
	snprintf(sub, sizeof(sub), "%s/pages", dir);
	mkdir(sub, 0755);
	snprintf(sub, sizeof(sub), "%s/media", dir);
	mkdir(sub, 0755);
	snprintf(sub, sizeof(sub), "%s/media/img", dir);
	mkdir(sub, 0755);
	*state = dir;
	return 0;
}

static int
teardown(void **state)
{
	mime_close();
	fix_rmtree(*state);
	free(*state);
	return 0;
}

static void
load(const char *dir, const struct store_files *prev,
    const struct store_settle *settle, struct store_files *f,
    struct reports *r)
{
	memset(r, 0, sizeof(*r));
	assert_int_equal(store_files_load(f, dir, prev, settle, report, r),
	    0);
}

static void
test_pages_and_media(void **state)
{
	const char *dir = *state;
	const struct store_media *m;
	const struct store_page *p;
	struct store_files f;
	struct reports r;

	fix_put(dir, "pages/contact.gmi", "# Contact\n");
	fix_put(dir, "pages/about.gmi", "# About\n");
	fix_put(dir, "pages/Bad_Name.gmi", "# Bad\n");
	fix_put(dir, "pages/latin1.gmi", "caf\xe9\n");
	fix_put(dir, "media/notes.txt", "plain words\n");
	fix_put(dir, "media/img/dot.gif", "GIF89a");
	fix_put(dir, "media/.hidden", "x");
	load(dir, NULL, NULL, &f, &r);
	assert_int_equal(r.errors, 2);
	assert_non_null(strstr(r.text, "pages/Bad_Name.gmi: page name"));
	assert_non_null(strstr(r.text, "pages/latin1.gmi: not valid UTF-8"));
	assert_int_equal(f.sf_npages, 2);
	assert_string_equal(f.sf_pages[0].pg_name, "about");
	assert_string_equal(f.sf_pages[1].pg_name, "contact");
	assert_non_null(p = store_files_page(&f, "contact"));
	assert_string_equal(p->pg_text, "# Contact\n");
	assert_null(store_files_page(&f, "nope"));
	assert_int_equal(f.sf_nmedia, 2);
	assert_true(f.sf_mediafd >= 0);
	assert_non_null(m = store_files_media(&f, "img/dot.gif"));
	assert_string_equal(m->sm_mime, "image/gif");
	assert_int_equal(m->sm_size, 6);
	assert_non_null(m = store_files_media(&f, "notes.txt"));
	assert_int_equal(m->sm_gopher, '0');
	assert_null(store_files_media(&f, ".hidden"));
	store_files_free(&f);
	assert_int_equal(f.sf_mediafd, -1);
}

struct fake_settle {
	const char	*unsettled;	/* the one name said to be written */
	unsigned	 synced;
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
	struct fake_settle *fs = ctx;

	(void)mtime;
	assert_true(fs->synced > 0);
	return moved || (fs->unsettled != NULL &&
	    strcmp(name, fs->unsettled) == 0);
}

/*
 * A page still being written is held: the previous load's version
 * stands in, or it is left out when there was none; never reported.
 */
static void
test_unsettled_page_held(void **state)
{
	const char *dir = *state;
	struct fake_settle fs = { NULL, 0 };
	const struct store_settle ss = { fake_sync, fake_unsettled, &fs };
	struct store_files f1, f2, f3;
	struct reports r;

	fix_put(dir, "pages/about.gmi", "# About, whole\n");
	load(dir, NULL, &ss, &f1, &r);
	assert_non_null(store_files_page(&f1, "about"));
	assert_int_equal(f1.sf_nheld, 0);

	fix_put(dir, "pages/about.gmi", "# Abo");
	fs.unsettled = "pages/about.gmi";
	load(dir, &f1, &ss, &f2, &r);
	assert_int_equal(r.errors, 0);
	assert_int_equal(f2.sf_nheld, 1);
	assert_string_equal(store_files_page(&f2, "about")->pg_text,
	    "# About, whole\n");

	/* Invalid UTF-8 so far, and new: left out, and not reported. */
	fix_put(dir, "pages/new.gmi", "# Ne\xc3");
	fs.unsettled = "pages/new.gmi";
	load(dir, &f2, &ss, &f3, &r);
	assert_string_equal(store_files_page(&f3, "about")->pg_text, "# Abo");
	assert_null(store_files_page(&f3, "new"));
	assert_int_equal(f3.sf_nheld, 1);
	assert_int_equal(r.errors, 0);
	store_files_free(&f1);
	store_files_free(&f2);
	store_files_free(&f3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pages_and_media, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_unsettled_page_held,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
