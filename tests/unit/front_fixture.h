/*
 * What the unit tests of the protocol front ends (test_gemini.c,
 * test_gopher.c) share: a tiny store in a temporary directory, its
 * snapshot in service, and a struct conn made by hand to call a
 * protocol's callbacks on, as conn.c does, without a socket.
 */
#ifndef CAPSULE_TEST_FRONT_FIXTURE_H
#define CAPSULE_TEST_FRONT_FIXTURE_H

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "conn.h"
#include "fixtures.h"
#include "mime.h"
#include "snapshot.h"

static void
report(void *ctx, const char *path, unsigned line, int warning,
    const char *msg)
{
	(void)ctx;
	(void)line;
	(void)warning;
	fail_msg("the tiny store should load cleanly: %s: %s", path, msg);
}

/*
 * A store of one article and one page, its snapshot built for
 * localhost and published as the one in service.
 */
static int
setup(void **state)
{
	struct snap_conf sc = { NULL, "localhost", 1965, 70, 0, NULL, NULL };
	struct snapshot *sn;
	const char *errpath = NULL, *errstr = NULL;
	char sub[128];
	unsigned line = 0;
	char *dir;

	if ((dir = strdup("/tmp/capsule-test-front-XXXXXX")) == NULL ||
	    mkdtemp(dir) == NULL)
		return -1;
	snprintf(sub, sizeof(sub), "%s/articles", dir);
	mkdir(sub, 0755);
	snprintf(sub, sizeof(sub), "%s/pages", dir);
	mkdir(sub, 0755);
	fix_put(dir, "capsule.conf", "title = Tiny Wire\nlang = en\n");
	fix_put(dir, "articles/hello.gmi", "Title: Hello there\n"
	    "Date: 2026-01-02T03:04:05Z\nTags: greetings\n\n"
	    "First words of the tiny wire.\n");
	fix_put(dir, "pages/about.gmi", "# About the tiny wire\n");
	sc.sc_store = dir;
	if (mime_init(&errstr) == -1)
		return -1;
	sn = snapshot_build(&sc, NULL, report, NULL, &errpath, &line,
	    &errstr);
	if (sn == NULL)
		return -1;
	snapshot_publish(sn);
	*state = dir;
	return 0;
}

static int
teardown(void **state)
{
	snapshot_shutdown();
	mime_close();
	fix_rmtree(*state);
	free(*state);
	return 0;
}

enum front_call {
	FRONT_REQUEST,		/* cp_request */
	FRONT_TOO_LONG,		/* cp_too_long */
	FRONT_LIMITED		/* cp_limited, FRONT_WAIT seconds */
};

#define FRONT_WAIT 7

/*
 * What proto answers to req (through call) on a connection from the
 * listener of port, as the bytes it would send; the caller frees it.
 */
static char *
answer(const struct conn_proto *proto, int port, const char *req,
    enum front_call call)
{
	struct conn *c = calloc(1, sizeof(*c));
	char *out;

	assert_non_null(c);
	c->c_proto = proto;
	c->c_port = port;
	c->c_file = -1;
	c->c_reqlen = strlen(req);
	assert_true(c->c_reqlen <= CONN_REQ_MAX);
	memcpy(c->c_req, req, c->c_reqlen);
	if (call == FRONT_TOO_LONG)
		proto->cp_too_long(c);
	else if (call == FRONT_LIMITED)
		proto->cp_limited(c, FRONT_WAIT);
	else
		proto->cp_request(c);
	/* As conn does: the snapshot goes once the response is chosen. */
	snapshot_unref(c->c_snap);
	c->c_snap = NULL;
	assert_non_null(out = malloc(c->c_outlen + 1));
	if (c->c_outlen > 0)
		memcpy(out, c->c_out + c->c_outoff, c->c_outlen);
	out[c->c_outlen] = '\0';
	snapshot_page_unref(c->c_page);
	buf_free(&c->c_dyn);
	if (c->c_file != -1)
		close(c->c_file);
	free(c->c_chunk);
	free(c);
	return out;
}

#endif
