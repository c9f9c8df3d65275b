/*
 * Unit tests for gemini, without the daemon: the Gemini callbacks on a
 * hand-made connection, with a tiny store's snapshot in service.  The
 * port a request must name is the listener's (c_port), not a global.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "front_fixture.h"
#include "gemini.h"

static void
expect_answer(int port, const char *req, enum front_call call,
    const char *prefix)
{
	char *out = answer(&gemini_proto, port, req, call);

	if (strncmp(out, prefix, strlen(prefix)) != 0)
		fail_msg("%s: expected \"%s...\", got \"%.60s\"", req, prefix,
		    out);
	free(out);
}

static void
test_pages(void **state)
{
	(void)state;
	expect_answer(1965, "gemini://localhost/", FRONT_REQUEST,
	    "20 text/gemini");
	expect_answer(1965, "gemini://localhost/articles/hello",
	    FRONT_REQUEST, "20 text/gemini");
	expect_answer(1965, "gemini://localhost/about", FRONT_REQUEST,
	    "20 text/gemini");
	expect_answer(1965, "gemini://localhost/no-such-page", FRONT_REQUEST,
	    "51 ");
}

/* The port comes with the connection: another listener, another port. */
static void
test_port_from_listener(void **state)
{
	(void)state;
	expect_answer(1965, "gemini://localhost:1965/", FRONT_REQUEST,
	    "20 ");
	expect_answer(1965, "gemini://localhost:1966/", FRONT_REQUEST,
	    "53 ");
	expect_answer(1966, "gemini://localhost:1966/", FRONT_REQUEST,
	    "20 ");
	expect_answer(1965, "gemini://example.org/", FRONT_REQUEST, "53 ");
}

static void
test_refusals(void **state)
{
	(void)state;
	expect_answer(1965, "not a url", FRONT_REQUEST, "59 ");
	expect_answer(1965, "gemini://localhost/", FRONT_TOO_LONG,
	    "59 Request too long\r\n");
	expect_answer(1965, "gemini://localhost/", FRONT_LIMITED, "44 7\r\n");
}

/* Before the first snapshot is in service: 40, never a crash. */
static void
test_starting_up(void **state)
{
	(void)state;
	snapshot_shutdown();
	expect_answer(1965, "gemini://localhost/", FRONT_REQUEST,
	    "40 Starting up\r\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pages),
		cmocka_unit_test(test_port_from_listener),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_starting_up),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
