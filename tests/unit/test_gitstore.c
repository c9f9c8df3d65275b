/*
 * Unit tests for gitstore (gitstore.h): the commit a store holds as read
 * without git (.version, a loose ref, packed-refs, a detached HEAD), and
 * a write through pub (as the Titan writer makes one) committed in a
 * store with "git = yes": one commit by the publisher named "ACTION:
 * SLUG", and a refused commit that keeps the change and says why.
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
#include "gitstore.h"
#include "pub.h"
#include "store.h"
#include "fixtures.h"

#define ID1	"0123456789abcdef0123456789abcdef01234567"
#define ID2	"89abcdef0123456789abcdef0123456789abcdef"

struct fix {
	char	dir[64];
	int	dirfd;
	int	artfd;
};

static int
setup(void **state)
{
	struct fix *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "/tmp/capsule-git-XXXXXX");
	assert_int_equal(fix_mkstore(f->dir), 0);
	f->dirfd = open(f->dir, O_RDONLY | O_DIRECTORY);
	f->artfd = openat(f->dirfd, "articles", O_RDONLY | O_DIRECTORY);
	assert_true(f->dirfd != -1 && f->artfd != -1);
	/* No git configuration of the user's. */
	setenv("HOME", f->dir, 1);
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

static void
test_version(void **state)
{
	struct fix *f = *state;
	char sub[128], v[GITSTORE_ID_MAX + 1];

	assert_int_equal(gitstore_version(f->dirfd, v, sizeof(v)), -1);
	assert_string_equal(v, "");
	snprintf(sub, sizeof(sub), "%s/.git", f->dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	snprintf(sub, sizeof(sub), "%s/.git/refs", f->dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	snprintf(sub, sizeof(sub), "%s/.git/refs/heads", f->dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	/* An unborn branch: no commit. */
	fix_put(f->dir, ".git/HEAD", "ref: refs/heads/main\n");
	assert_int_equal(gitstore_version(f->dirfd, v, sizeof(v)), -1);
	/* packed-refs, then a loose ref that overrides it. */
	fix_put(f->dir, ".git/packed-refs", "# pack-refs with: peeled\n"
	    ID2 " refs/heads/other\n" ID1 " refs/heads/main\n");
	assert_int_equal(gitstore_version(f->dirfd, v, sizeof(v)), 0);
	assert_string_equal(v, ID1);
	fix_put(f->dir, ".git/refs/heads/main", ID2 "\n");
	assert_int_equal(gitstore_version(f->dirfd, v, sizeof(v)), 0);
	assert_string_equal(v, ID2);
	/* Detached. */
	fix_put(f->dir, ".git/HEAD", ID1 "\n");
	assert_int_equal(gitstore_version(f->dirfd, v, sizeof(v)), 0);
	assert_string_equal(v, ID1);
	/* A ref that leaves .git is not followed. */
	fix_put(f->dir, ".git/HEAD", "ref: ../../etc/x\n");
	assert_int_equal(gitstore_version(f->dirfd, v, sizeof(v)), -1);
	/* Not an id. */
	fix_put(f->dir, ".git/HEAD", "0123xyz\n");
	assert_int_equal(gitstore_version(f->dirfd, v, sizeof(v)), -1);
	assert_string_equal(v, "");
	/* A replica's .version comes first. */
	fix_put(f->dir, ".version", ID2 "\n");
	assert_int_equal(gitstore_version(f->dirfd, v, sizeof(v)), 0);
	assert_string_equal(v, ID2);
	/* Too small a buffer is no answer, never a cut id. */
	assert_int_equal(gitstore_version(f->dirfd, v, 20), -1);
}

/* The output of a shell command (tests only), its last newline cut. */
static void
sh(const char *cmd, char *out, size_t outsz)
{
	FILE *p = popen(cmd, "r");
	size_t n;

	assert_non_null(p);
	n = fread(out, 1, outsz - 1, p);
	out[n] = '\0';
	if (n > 0 && out[n - 1] == '\n')
		out[n - 1] = '\0';
	pclose(p);
}

static int
git_missing(void)
{
	return system("git --version >/dev/null 2>&1") != 0;
}

static int
add(struct fix *f, struct pub *p, const char *title)
{
	char text[256];
	struct article a = { 0 };
	const char *errstr;
	unsigned line;
	int rc;

	snprintf(text, sizeof(text), "Title: %s\nDate: 2024-05-01T10:00:00Z"
	    "\n\nBody.\n", title);
	assert_int_equal(article_read(&a, text, strlen(text), &line,
	    &errstr), 0);
	pub_init(p, f->dirfd, f->artfd, "alice", NULL, 0);
	rc = pub_add(p, &a, NULL, 0);
	article_free(&a);
	return rc;
}

static void
test_commit_by_publisher(void **state)
{
	struct fix *f = *state;
	char cmd[256], out[512], v[GITSTORE_ID_MAX + 1];
	struct pub p;

	if (git_missing())
		skip();
	fix_put(f->dir, "capsule.conf", "title = t\ngit = yes\n");
	assert_int_equal(add(f, &p, "First story"), 0);
	assert_string_equal(p.p_gitfail, "");
	snprintf(cmd, sizeof(cmd), "git -C %s log --format='%%an|%%ae|%%cn|%%s'",
	    f->dir);
	sh(cmd, out, sizeof(out));
	assert_string_equal(out, "alice|alice@capsule|alice|add: first-story");
	/* The lock and the audit log stay out of git. */
	snprintf(cmd, sizeof(cmd), "git -C %s ls-files | tr '\\n' ' '", f->dir);
	sh(cmd, out, sizeof(out));
	assert_string_equal(out, ".gitignore articles/first-story.gmi "
	    "capsule.conf ");
	snprintf(cmd, sizeof(cmd), "git -C %s rev-parse HEAD", f->dir);
	sh(cmd, out, sizeof(out));
	assert_int_equal(gitstore_version(f->dirfd, v, sizeof(v)), 0);
	assert_string_equal(v, out);
}

static void
test_commit_refused(void **state)
{
	struct fix *f = *state;
	char cmd[256], out[512];
	struct pub p;

	if (git_missing())
		skip();
	fix_put(f->dir, "capsule.conf", "title = t\ngit = yes\n");
	assert_int_equal(add(f, &p, "First story"), 0);
	fix_put(f->dir, ".git/hooks/pre-commit", "#!/bin/sh\nexit 1\n");
	snprintf(cmd, sizeof(cmd), "%s/.git/hooks/pre-commit", f->dir);
	assert_int_equal(chmod(cmd, 0755), 0);
	assert_int_equal(add(f, &p, "Second story"), 0);
	assert_string_not_equal(p.p_gitfail, "");
	assert_int_equal(faccessat(f->artfd, "second-story.gmi", F_OK, 0), 0);
	/* The next commit takes it in. */
	assert_int_equal(unlink(cmd), 0);
	assert_int_equal(add(f, &p, "Third story"), 0);
	assert_string_equal(p.p_gitfail, "");
	snprintf(cmd, sizeof(cmd), "git -C %s log --format=%%s | tr '\\n' ,",
	    f->dir);
	sh(cmd, out, sizeof(out));
	assert_string_equal(out, "add: third-story,add: first-story,");
	snprintf(cmd, sizeof(cmd), "git -C %s ls-files articles | tr '\\n' ' '",
	    f->dir);
	sh(cmd, out, sizeof(out));
	assert_string_equal(out, "articles/first-story.gmi "
	    "articles/second-story.gmi articles/third-story.gmi ");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_commit_by_publisher,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_commit_refused, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
