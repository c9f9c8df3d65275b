/*
 * Unit tests for snapshot: searches before and after a snapshot's index
 * is built, at start-up (nothing older to answer: SNAP_NOINDEX, which
 * the protocols turn into 41 and an error menu) and after a reload (the
 * previous snapshot's index answers until the new one's is ready), and
 * pages that outlive their snapshot (what a slow reader holds).
 * Reads the sample store in capsule/, so runs from the source tree.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "mime.h"
#include "render.h"
#include "route.h"
#include "snapshot.h"
#include "store.h"

#define SAMPLE_SLUG	"harbour-street-mesh-network-reaches-200-nodes"

static const struct snap_conf conf = {
	"capsule", "localhost", 1965, 70, 0, NULL, NULL
};

static void
report(void *ctx, const char *path, unsigned line, int warning,
    const char *msg)
{
	(void)ctx;
	(void)line;
	(void)warning;
	fail_msg("the sample store should load cleanly: %s: %s", path, msg);
}

static struct snapshot *
build(struct snapshot *prev)
{
	struct snapshot *sn;
	const char *errpath = NULL, *errstr = NULL;
	unsigned line = 0;

	sn = snapshot_build(&conf, prev, report, NULL, &errpath, &line,
	    &errstr);
	if (sn == NULL)
		fail_msg("snapshot_build: %s: %s", errpath ? errpath : "",
		    errstr ? errstr : "");
	return sn;
}

/* The slug of the first hit for words, or "" when there is none. */
static long
first_hit(struct snapshot *sn, const char *words, const char **slug)
{
	struct render_hit hits[8];
	struct snap_results res;
	long n;

	*slug = "";
	n = snapshot_search(sn, words, hits, 8, &res);
	if (n > 0)
		*slug = hits[0].rh_art->a_slug;
	snapshot_search_done(&res);
	return n;
}

static void
test_search_waits_for_first_index(void **state)
{
	struct snapshot *sn = build(NULL);
	const char *slug;

	(void)state;
	assert_int_equal(first_hit(sn, "mesh", &slug), SNAP_NOINDEX);
	assert_int_equal(snapshot_index(sn), 0);
	assert_true(first_hit(sn, "mesh", &slug) >= 1);
	assert_string_equal(slug, SAMPLE_SLUG);
	assert_int_equal(first_hit(sn, "zzzqqq", &slug), 0);
	snapshot_unref(sn);
}

static void
test_reload_searches_previous_index(void **state)
{
	struct snapshot *old = build(NULL), *sn;
	const char *slug;

	(void)state;
	assert_int_equal(snapshot_index(old), 0);
	sn = build(old);
	/* The old one may go away: sn keeps its index alive. */
	snapshot_unref(old);
	assert_true(first_hit(sn, "mesh", &slug) >= 1);
	assert_string_equal(slug, SAMPLE_SLUG);
	assert_int_equal(snapshot_index(sn), 0);
	assert_true(first_hit(sn, "mesh", &slug) >= 1);
	assert_string_equal(slug, SAMPLE_SLUG);
	snapshot_unref(sn);
}

/*
 * A connection holds the page it sends and lets the snapshot go: the
 * page must stay whole after the snapshot is freed (ASan and valgrind
 * see any read of freed memory), lists and lazily rendered articles
 * alike, and be freed with its last reference (a leak otherwise).
 */
static void
test_page_outlives_snapshot(void **state)
{
	struct snapshot *sn = build(NULL);
	struct snap_page *front, *art, *again;
	struct snap_reply rep;
	struct article *a;
	struct route r;

	(void)state;
	assert_int_equal(snapshot_lookup(sn, route_set(&r, ROUTE_FRONT, NULL),
	    SNAP_GEMINI, NULL, &rep), 1);
	front = rep.sr_page;
	assert_non_null(front);
	a = snapshot_article(sn, SAMPLE_SLUG, strlen(SAMPLE_SLUG));
	assert_non_null(a);
	art = snapshot_article_page(sn, a, ROUTE_ARTICLE, SNAP_GEMINI);
	assert_non_null(art);
	/* Rendered once: a second request gets the same page. */
	again = snapshot_article_page(sn, a, ROUTE_ARTICLE, SNAP_GEMINI);
	assert_ptr_equal(art, again);
	snapshot_page_ref(front);
	snapshot_page_ref(art);
	snapshot_unref(sn);
	assert_string_equal(front->sp_mime, "text/gemini; charset=utf-8");
	assert_string_equal(front->sp_lang, "en");
	assert_memory_equal(front->sp_data, "# ", 2);
	assert_int_equal(front->sp_data[front->sp_len], '\0');
	assert_string_equal(art->sp_mime, "text/gemini; charset=utf-8");
	assert_memory_equal(art->sp_data, "# Harbour Street", 16);
	snapshot_page_unref(front);
	snapshot_page_unref(art);
}

/*
 * The page table through snapshot_lookup(): a kind answers only in the
 * forms it has, the site feed is a page per protocol (its links), an
 * author's page is rendered once, a tag feed each time into the buffer.
 */
static void
test_lookup(void **state)
{
	struct snapshot *sn = build(NULL);
	struct snap_reply g, o, again;
	struct buf b = BUF_INIT;
	struct route r;

	(void)state;
	route_set(&r, ROUTE_FEED, NULL);
	assert_int_equal(snapshot_lookup(sn, &r, SNAP_GEMINI, &b, &g), 1);
	assert_int_equal(snapshot_lookup(sn, &r, SNAP_GOPHER, &b, &o), 1);
	/* Two pages: the gopher feed links to gopher:// URLs. */
	assert_ptr_not_equal(g.sr_page, o.sr_page);
	assert_non_null(strstr(o.sr_page->sp_data, "gopher://"));
	assert_null(strstr(o.sr_page->sp_data, "gemini://"));
	assert_string_equal(g.sr_mime, "application/atom+xml");
	assert_null(g.sr_lang);
	assert_string_equal(o.sr_mime, "0");
	assert_int_equal(snapshot_lookup(sn, route_set(&r, ROUTE_ROBOTS, NULL),
	    SNAP_GOPHER, &b, &o), 0);
	assert_int_equal(snapshot_lookup(sn, route_set(&r, ROUTE_CAPS, NULL),
	    SNAP_GEMINI, &b, &g), 0);
	assert_int_equal(snapshot_lookup(sn, route_set(&r, ROUTE_SEARCH,
	    NULL), SNAP_GEMINI, &b, &g), 0);
	route_set(&r, ROUTE_AUTHOR, "zoe-marchetti");
	assert_int_equal(snapshot_lookup(sn, &r, SNAP_GOPHER, &b, &o), 1);
	assert_string_equal(o.sr_mime, "1");
	assert_int_equal(snapshot_lookup(sn, &r, SNAP_GOPHER, &b, &again), 1);
	assert_ptr_equal(o.sr_page, again.sr_page);
	assert_non_null(strstr(o.sr_page->sp_data, "Articles by Zo"));
	assert_int_equal(snapshot_lookup(sn, route_set(&r, ROUTE_AUTHOR,
	    "nobody"), SNAP_GEMINI, &b, &g), 0);
	assert_int_equal(b.b_len, 0);
	assert_int_equal(snapshot_lookup(sn, route_set(&r, ROUTE_TAG_FEED,
	    "gopher"), SNAP_GEMINI, &b, &g), 1);
	assert_null(g.sr_page);
	assert_non_null(strstr(b.b_data, "<feed xmlns"));
	snapshot_unref(sn);
	buf_free(&b);
}

/*
 * Tag feeds are rendered for each request into the caller's buffer,
 * one entry per article of the tag, each with its categories.
 */
static void
test_tag_feed(void **state)
{
	struct snapshot *sn = build(NULL);
	struct buf b = BUF_INIT;
	const char *p;
	size_t want, n = 0;
	long i;

	(void)state;
	i = snapshot_tag(sn, "community", strlen("community"));
	assert_true(i >= 0);
	want = sn->sn_store->s_tags[i].st_n;
	assert_true(want > 0);
	assert_int_equal(snapshot_tag_feed(sn, i, SNAP_GEMINI, &b), 0);
	snapshot_unref(sn);
	for (p = b.b_data; (p = strstr(p, "<entry")) != NULL; p++)
		n++;
	assert_int_equal(n, want);
	assert_non_null(strstr(b.b_data, "<feed xmlns"));
	assert_non_null(strstr(b.b_data, "/tags/community/atom.xml"));
	assert_non_null(strstr(b.b_data, "<category term=\"community\"/>"));
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_search_waits_for_first_index),
		cmocka_unit_test(test_reload_searches_previous_index),
		cmocka_unit_test(test_page_outlives_snapshot),
		cmocka_unit_test(test_tag_feed),
		cmocka_unit_test(test_lookup),
	};
	const char *errstr;
	int rc;

	if (mime_init(&errstr) == -1) {
		fprintf(stderr, "mime_init: %s\n", errstr);
		return 1;
	}
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	mime_close();
	return rc;
}
