/*
 * Unit tests for the writer process (writer.h): a real supervisor and
 * writer spawned on a temporary store, spoken to with writer_call() as
 * capsuled does: roles (a writer's drafts, an editor's everything),
 * tokens, media type checks, malformed uploads, trash, a writer killed
 * and restarted, and the Landlock confinement the writer runs under.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "priv.h"
#include "publishers.h"
#include "util.h"
#include "writer.h"
#include "fixtures.h"

#define FP_ED	"sha256:" \
    "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"
#define FP_WR	"sha256:" \
    "1111111111111111111111111111111111111111111111111111111111111111"
#define FP_WR2	"sha256:" \
    "2222222222222222222222222222222222222222222222222222222222222222"
#define FP_TOK	"sha256:" \
    "3333333333333333333333333333333333333333333333333333333333333333"
#define FP_NONE	"sha256:" \
    "4444444444444444444444444444444444444444444444444444444444444444"

static const unsigned char png[] =
    "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52"
    "\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
    "\x89\x00\x00\x00\x0b\x49\x44\x41\x54\x78\x9c\x63\x60\x00\x02\x00"
    "\x00\x05\x00\x01\x7a\x5e\xab\x3f\x00\x00\x00\x00\x49\x45\x4e\x44"
    "\xae\x42\x60\x82";

struct fix {
	char		 dir[64];
	struct writer	*w;
};

static int
setup(void **state)
{
	struct fix *f = calloc(1, sizeof(*f));
	char hash[PUBLISHERS_HASH_MAX + 1], text[1024], sub[128];
	const char *errstr;

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "/tmp/capsule-writer-XXXXXX");
	assert_int_equal(fix_mkstore(f->dir), 0);
	snprintf(sub, sizeof(sub), "%s/media", f->dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	fix_put(f->dir, "capsule.conf", "title = t\n");
	assert_int_equal(publishers_token_hash("sesame", hash, &errstr), 0);
	snprintf(text, sizeof(text),
	    "ed editor " FP_ED "\n"
	    "wr writer " FP_WR "\n"
	    "wr2 writer " FP_WR2 "\n"
	    "tok editor " FP_TOK " %s\n", hash);
	fix_put(f->dir, "publishers", text);
	f->w = writer_spawn(f->dir, &errstr);
	if (f->w == NULL)
		fail_msg("writer_spawn: %s", errstr);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fix *f = *state;

	writer_stop(f->w);
	fix_rmtree(f->dir);
	free(f);
	return 0;
}

static void
req_fill(struct writer_req *req, enum writer_op op, const char *fp,
    const char *target, const char *mime, const char *body, size_t len)
{
	memset(req, 0, sizeof(*req));
	req->wq_op = op;
	snprintf(req->wq_fp, sizeof(req->wq_fp), "%s", fp);
	snprintf(req->wq_target, sizeof(req->wq_target), "%s", target);
	snprintf(req->wq_mime, sizeof(req->wq_mime), "%s", mime);
	req->wq_body = body;
	req->wq_len = len;
}

/* One call; returns the status, resp filled. */
static int
call(struct fix *f, enum writer_op op, const char *fp, const char *target,
    const char *mime, const char *body, size_t len, struct writer_resp *resp)
{
	struct writer_req req;

	req_fill(&req, op, fp, target, mime, body, len);
	writer_call(f->w, &req, resp);
	return resp->wr_status;
}

static int
call_s(struct fix *f, enum writer_op op, const char *fp, const char *target,
    const char *body, struct writer_resp *resp)
{
	return call(f, op, fp, target, "text/gemini", body, strlen(body),
	    resp);
}

/* The file dir/path, or NULL. */
static char *
slurp(struct fix *f, const char *path)
{
	char full[256], *data;
	size_t len;

	snprintf(full, sizeof(full), "%s/%s", f->dir, path);
	if (util_read_at(AT_FDCWD, full, 1 << 20, &data, &len) == -1)
		return NULL;
	return data;
}

static void
test_writer_files_drafts(void **state)
{
	struct fix *f = *state;
	struct writer_resp r;
	char *text;

	assert_int_equal(call_s(f, WRITER_ADD, FP_WR, "",
	    "Title: First story\nStatus: published\n\nBody.\n", &r), 30);
	assert_string_equal(r.wr_slug, "first-story");
	assert_int_equal(r.wr_draft, 1);
	assert_int_equal(r.wr_media, 0);
	text = slurp(f, "articles/first-story.gmi");
	assert_non_null(text);
	assert_non_null(strstr(text, "Status: draft\n"));
	assert_null(strstr(text, "published"));
	assert_non_null(strstr(text, "Author: wr\n"));
	assert_non_null(strstr(text, "Filed-By: wr\n"));
	assert_non_null(strstr(text, "Date: "));
	free(text);

	/* Bare gemtext: the first heading is the title. */
	assert_int_equal(call_s(f, WRITER_ADD, FP_WR, "",
	    "# Bare news\n\nIt happened.\n", &r), 30);
	assert_string_equal(r.wr_slug, "bare-news");
	text = slurp(f, "articles/bare-news.gmi");
	assert_non_null(text);
	assert_non_null(strstr(text, "Title: Bare news\n"));
	assert_non_null(strstr(text, "\n\nIt happened.\n"));
	assert_null(strstr(text, "# Bare"));
	free(text);

	/* Replacing the own draft: fine, and it stays a draft. */
	assert_int_equal(call_s(f, WRITER_REPLACE, FP_WR, "first-story",
	    "Title: First story\nStatus: published\nFiled-By: ed\n\n"
	    "Better body.\n", &r), 30);
	assert_int_equal(r.wr_draft, 1);
	text = slurp(f, "articles/first-story.gmi");
	assert_non_null(strstr(text, "Better body."));
	assert_non_null(strstr(text, "Filed-By: wr\n"));
	assert_non_null(strstr(text, "Status: draft\n"));
	free(text);

	/* Another writer's draft, and publishing: refused. */
	assert_int_equal(call_s(f, WRITER_REPLACE, FP_WR2, "first-story",
	    "Title: Mine now\n\nx\n", &r), 61);
	assert_non_null(strstr(r.wr_meta, FP_WR2));
	assert_int_equal(call_s(f, WRITER_PUBLISH, FP_WR, "first-story", "",
	    &r), 61);
	assert_int_equal(call(f, WRITER_TRASH, FP_WR, "first-story", "", "",
	    0, &r), 61);
	assert_int_equal(call_s(f, WRITER_ADD, FP_NONE, "",
	    "Title: Who\n\nx\n", &r), 61);
	assert_non_null(strstr(r.wr_meta, FP_NONE));

	/* The editor publishes; then the writer may not replace it. */
	assert_int_equal(call_s(f, WRITER_PUBLISH, FP_ED, "first-story", "",
	    &r), 30);
	assert_int_equal(r.wr_draft, 0);
	assert_int_equal(call_s(f, WRITER_REPLACE, FP_WR, "first-story",
	    "Title: First story\n\nSneaky.\n", &r), 61);
	text = slurp(f, "articles/first-story.gmi");
	assert_non_null(strstr(text, "Status: published\n"));
	assert_null(strstr(text, "Sneaky"));
	free(text);
}

static void
test_writer_editor(void **state)
{
	struct fix *f = *state;
	struct writer_resp r;
	struct stat st;
	char *text, path[256];

	assert_int_equal(call_s(f, WRITER_ADD, FP_ED, "",
	    "Title: Big news\nDate: 2026-01-02T03:04:05Z\n\nBody.\n", &r), 30);
	assert_int_equal(r.wr_draft, 0);
	text = slurp(f, "articles/big-news.gmi");
	/* As capsulectl add writes it: nothing added for an editor. */
	assert_string_equal(text,
	    "Title: Big news\nDate: 2026-01-02T03:04:05Z\n\nBody.\n");
	free(text);

	/* Replace with a new slug: the old one kept in Previous-Slugs. */
	assert_int_equal(call_s(f, WRITER_REPLACE, FP_ED, "big-news",
	    "Title: Bigger news\nSlug: bigger-news\n\nMore body.\n", &r), 30);
	assert_string_equal(r.wr_slug, "bigger-news");
	text = slurp(f, "articles/bigger-news.gmi");
	assert_non_null(text);
	assert_non_null(strstr(text, "Date: 2026-01-02T03:04:05Z\n"));
	assert_non_null(strstr(text, "Previous-Slugs: big-news\n"));
	assert_non_null(strstr(text, "Updated: "));
	assert_null(strstr(text, "Slug: bigger"));
	free(text);
	snprintf(path, sizeof(path), "%s/articles/big-news.gmi", f->dir);
	assert_int_equal(stat(path, &st), -1);

	/* A different Date is refused: 59, nothing written. */
	assert_int_equal(call_s(f, WRITER_REPLACE, FP_ED, "bigger-news",
	    "Title: B\nDate: 2020-01-01T00:00:00Z\n\nx\n", &r), 59);
	assert_non_null(strstr(r.wr_meta, "Date"));
	assert_int_equal(call_s(f, WRITER_REPLACE, FP_ED, "no-such",
	    "Title: B\n\nx\n", &r), 51);

	/* size=0: to the trash. */
	call(f, WRITER_REPLACE, FP_ED, "bigger-news", "text/gemini", "", 0,
	    &r);
	if (r.wr_status != 30)
		fail_msg("%d %s", r.wr_status, r.wr_meta);
	snprintf(path, sizeof(path), "%s/.trash/bigger-news.gmi", f->dir);
	assert_int_equal(stat(path, &st), 0);

	/* Markdown through the importer. */
	assert_int_equal(call(f, WRITER_ADD, FP_ED, "", "text/markdown",
	    "# Marked\n\nSome *text*.\n", 23, &r), 30);
	assert_string_equal(r.wr_slug, "marked");

	/* The audit log names who did each. */
	text = slurp(f, ".log");
	assert_non_null(text);
	assert_non_null(strstr(text, "\ted\t" FP_ED "\tadd\tbig-news\t"));
	assert_non_null(strstr(text, "\ted\t" FP_ED "\treplace\t"
	    "bigger-news\t"));
	assert_non_null(strstr(text, "\ttrash\tbigger-news\t"));
	free(text);
}

static void
test_writer_malformed(void **state)
{
	struct fix *f = *state;
	struct writer_resp r;
	char *text, path[256];
	struct stat st;

	assert_int_equal(call(f, WRITER_ADD, FP_ED, "", "text/gemini",
	    "Title: Bad\n\nline two\n\xff\xfe\n", 24, &r), 59);
	assert_string_equal(r.wr_meta, "4: not valid UTF-8");
	assert_int_equal(call_s(f, WRITER_ADD, FP_ED, "",
	    "Title: Bad date\nDate: yesterday\n\nx\n", &r), 59);
	assert_true(strncmp(r.wr_meta, "2: ", 3) == 0);
	assert_int_equal(call_s(f, WRITER_ADD, FP_ED, "",
	    "no title at all\n", &r), 59);
	assert_int_equal(call(f, WRITER_ADD, FP_ED, "", "image/png",
	    "x", 1, &r), 59);
	assert_int_equal(call_s(f, WRITER_REPLACE, FP_ED, "Bad Slug",
	    "Title: x\n\ny\n", &r), 59);
	/* Nothing of it reached articles/. */
	snprintf(path, sizeof(path), "%s/articles/bad.gmi", f->dir);
	assert_int_equal(stat(path, &st), -1);
	text = slurp(f, ".log");
	assert_true(text == NULL || *text == '\0');
	free(text);
}

static void
test_writer_token(void **state)
{
	struct fix *f = *state;
	struct writer_req req;
	struct writer_resp r;

	req_fill(&req, WRITER_ADD, FP_TOK, "", "", "Title: T\n\nx\n", 12);
	writer_call(f->w, &req, &r);
	assert_int_equal(r.wr_status, 61);
	assert_non_null(strstr(r.wr_meta, "token"));
	snprintf(req.wq_token, sizeof(req.wq_token), "sesam");
	writer_call(f->w, &req, &r);
	assert_int_equal(r.wr_status, 61);
	snprintf(req.wq_token, sizeof(req.wq_token), "sesame");
	writer_call(f->w, &req, &r);
	assert_int_equal(r.wr_status, 30);
	/* A name or role capsuled believed, not the file's: refused. */
	snprintf(req.wq_name, sizeof(req.wq_name), "someone");
	writer_call(f->w, &req, &r);
	assert_int_equal(r.wr_status, 61);
}

static void
test_writer_media(void **state)
{
	struct fix *f = *state;
	struct writer_resp r;
	char *text;

	assert_int_equal(call(f, WRITER_MEDIA, FP_ED, "dot.png", "image/png",
	    (const char *)png, sizeof(png) - 1, &r), 30);
	assert_int_equal(r.wr_media, 1);
	assert_string_equal(r.wr_slug, "dot.png");
	/* The content is not what it claims. */
	assert_int_equal(call(f, WRITER_MEDIA, FP_ED, "fake.png", "image/png",
	    "just some words\n", 16, &r), 59);
	assert_non_null(strstr(r.wr_meta, "text/plain"));
	assert_int_equal(call(f, WRITER_MEDIA, FP_ED, "dot.jpg", "image/jpeg",
	    (const char *)png, sizeof(png) - 1, &r), 59);
	/* Allowed types only; names without a path. */
	assert_int_equal(call(f, WRITER_MEDIA, FP_ED, "page.html", "text/html",
	    "<!DOCTYPE html><html><body>x</body></html>\n", 44, &r), 59);
	assert_int_equal(call(f, WRITER_MEDIA, FP_ED, "../x.png", "image/png",
	    (const char *)png, sizeof(png) - 1, &r), 59);
	assert_int_equal(call(f, WRITER_MEDIA, FP_ED, ".hidden", "image/png",
	    (const char *)png, sizeof(png) - 1, &r), 59);
	/* Plain text is fine; a writer may not upload media. */
	assert_int_equal(call(f, WRITER_MEDIA, FP_ED, "notes.txt",
	    "text/plain", "just some words\n", 16, &r), 30);
	assert_int_equal(call(f, WRITER_MEDIA, FP_WR, "w.png", "image/png",
	    (const char *)png, sizeof(png) - 1, &r), 61);
	text = slurp(f, "media/dot.png");
	assert_non_null(text);
	assert_memory_equal(text, png, sizeof(png) - 1);
	free(text);
	assert_null(slurp(f, "media/fake.png"));
	assert_null(slurp(f, "media/w.png"));
}

static void
test_writer_restart(void **state)
{
	struct fix *f = *state;
	struct writer_resp r;
	pid_t old, now = 0;
	int i;

	old = writer_pid(f->w);
	assert_true(old > 0);
	assert_int_equal(kill(old, SIGKILL), 0);
	for (i = 0; i < 200; i++) {
		if ((now = writer_pid(f->w)) != 0 && now != old)
			break;
		usleep(10000);
	}
	assert_true(now != 0 && now != old);
	assert_int_equal(call_s(f, WRITER_ADD, FP_ED, "",
	    "Title: After the crash\n\nx\n", &r), 30);
	assert_string_equal(r.wr_slug, "after-the-crash");
}

/*
 * The confinement itself, applied in a child: the store's articles/ is
 * writable, its root, capsule.conf and pages/ are not, and neither is
 * anything outside.
 */
static void
test_writer_confined(void **state)
{
	struct fix *f = *state;
	char path[256];
	const char *errstr;
	int storefd, abi, status, fd;
	pid_t pid;

	snprintf(path, sizeof(path), "%s/pages", f->dir);
	assert_int_equal(mkdir(path, 0755), 0);
	storefd = open(f->dir, O_RDONLY | O_DIRECTORY);
	assert_true(storefd != -1);
	assert_true((pid = fork()) != -1);
	if (pid == 0) {
		if (priv_confine_writer(storefd, &abi, &errstr) == -1)
			_exit(10);
		if (abi == 0)
			_exit(77);
		if ((fd = openat(storefd, "articles/ok.gmi", O_WRONLY |
		    O_CREAT, 0644)) == -1)
			_exit(11);
		close(fd);
		if (openat(storefd, "capsule.conf", O_WRONLY) != -1 ||
		    errno != EACCES)
			_exit(12);
		if (openat(storefd, "evil", O_WRONLY | O_CREAT, 0644) != -1 ||
		    errno != EACCES)
			_exit(13);
		if (openat(storefd, "pages/evil.gmi", O_WRONLY | O_CREAT,
		    0644) != -1 || errno != EACCES)
			_exit(14);
		if (openat(storefd, "publishers", O_WRONLY) != -1 ||
		    errno != EACCES)
			_exit(15);
		if (open("/tmp/capsule-writer-escape", O_WRONLY | O_CREAT,
		    0644) != -1 || errno != EACCES)
			_exit(16);
		_exit(0);
	}
	close(storefd);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	if (WEXITSTATUS(status) == 77) {
		print_message("skipped: the kernel has no Landlock\n");
		skip();
	}
	assert_int_equal(WEXITSTATUS(status), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_writer_files_drafts,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_writer_editor, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_writer_malformed, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_writer_token, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_writer_media, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_writer_restart, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_writer_confined, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
