/*
 * Unit tests for gopher, without the daemon: the Gopher callbacks on a
 * hand-made connection, with a tiny store's snapshot in service.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "front_fixture.h"
#include "gopher.h"

/* The answer to sel contains want. */
static void
expect_within(int port, const char *sel, enum front_call call,
    const char *want)
{
	char *out = answer(&gopher_proto, port, sel, call);

	if (strstr(out, want) == NULL)
		fail_msg("%s: expected \"%s\" in \"%.200s\"", sel, want, out);
	free(out);
}

static void
test_menus_and_texts(void **state)
{
	(void)state;
	expect_within(7070, "", FRONT_REQUEST, "Tiny Wire");
	expect_within(7070, "/", FRONT_REQUEST, "Hello there");
	expect_within(7070, "/articles/hello", FRONT_REQUEST, "Hello there");
	expect_within(7070, "/about", FRONT_REQUEST, "About the tiny wire");
	expect_within(7070, "/no-such-page", FRONT_REQUEST, "3");
}

/* A web browser on the Gopher port is sent to the listener's port. */
static void
test_http_names_listener_port(void **state)
{
	(void)state;
	expect_within(7070, "GET / HTTP/1.1", FRONT_REQUEST,
	    "HTTP/1.0 400 Bad Request\r\n");
	expect_within(7070, "GET / HTTP/1.1", FRONT_REQUEST,
	    "gopher://localhost:7070/");
	expect_within(70, "GET / HTTP/1.1", FRONT_REQUEST,
	    "gopher://localhost:70/");
}

static void
test_refusals(void **state)
{
	(void)state;
	expect_within(7070, "", FRONT_TOO_LONG, "3Selector too long");
	expect_within(7070, "", FRONT_LIMITED, "try again in 7 seconds");
	expect_within(7070, "/../etc", FRONT_REQUEST, "3");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_menus_and_texts),
		cmocka_unit_test(test_http_names_listener_port),
		cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
