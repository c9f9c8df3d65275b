/*
 * Unit tests for the publishers file (publishers.h): parsing and its
 * errors by line, lookups, adding and removing, the file written back,
 * and tokens: hashed with a salt, verified in constant time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "publishers.h"

#define FP_A	"sha256:" \
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define FP_B	"sha256:" \
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static int
parse(struct publishers *ps, const char *text, unsigned *line,
    const char **errstr)
{
	memset(ps, 0, sizeof(*ps));
	*errstr = NULL;
	return publishers_parse(ps, text, strlen(text), line, errstr);
}

static void
test_publishers_parse(void **state)
{
	struct publishers ps;
	const struct publisher *p;
	const char *errstr;
	unsigned line;

	(void)state;
	assert_int_equal(parse(&ps, "# who may publish\n\n"
	    "ada editor " FP_A "\r\n"
	    "  Zoë\twriter  " FP_B "\n", &line, &errstr), 0);
	assert_int_equal(ps.ps_n, 2);
	p = publishers_lookup(&ps, FP_B);
	assert_non_null(p);
	assert_string_equal(p->p_name, "Zoë");
	assert_int_equal(p->p_role, PUBLISHERS_WRITER);
	assert_null(p->p_hash);
	assert_ptr_equal(publishers_find(&ps, "ada"),
	    publishers_lookup(&ps, FP_A));
	assert_null(publishers_lookup(&ps, "sha256:"
	    "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"));
	assert_null(publishers_find(&ps, "Ada"));
	publishers_free(&ps);
	assert_int_equal(parse(&ps, "", &line, &errstr), 0);
	assert_int_equal(ps.ps_n, 0);
}

static void
test_publishers_parse_errors(void **state)
{
	static const struct {
		const char	*text;
		unsigned	 line;
		const char	*msg;
	} bad[] = {
		{ "ada editor\n", 1, "expected" },
		{ "# c\nada boss " FP_A "\n", 2, "not a role" },
		{ "ada editor sha256:AAAA\n", 1, "not a fingerprint" },
		{ "ada editor " FP_A "\n\nbob writer " FP_A "\n", 3,
		    "fingerprint already" },
		{ "ada editor " FP_A "\nada writer " FP_B "\n", 2,
		    "name already" },
		{ "ada editor " FP_A " notahash\n", 1, "token hash" },
		{ "ada editor " FP_A " scrypt$1048577$8$1$00$00\n", 1,
		    "token hash" },
		{ "ada editor " FP_A " x y\n", 1, "too many" },
	};
	struct publishers ps;
	const char *errstr;
	unsigned line;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse(&ps, bad[i].text, &line, &errstr), -1);
		assert_int_equal(line, bad[i].line);
		if (strstr(errstr, bad[i].msg) == NULL)
			fail_msg("%s: %s", bad[i].text, errstr);
		assert_int_equal(ps.ps_n, 0);
	}
}

static void
test_publishers_change(void **state)
{
	struct publishers ps = { 0 }, back;
	const char *errstr;
	unsigned line;
	size_t len;
	char *text;

	(void)state;
	assert_int_equal(publishers_add(&ps, "ada", FP_A, PUBLISHERS_EDITOR,
	    NULL, &errstr), 0);
	assert_int_equal(publishers_add(&ps, "ada", FP_B, PUBLISHERS_WRITER,
	    NULL, &errstr), -1);
	assert_non_null(strstr(errstr, "name"));
	assert_int_equal(publishers_add(&ps, "bob", FP_A, PUBLISHERS_WRITER,
	    NULL, &errstr), -1);
	assert_non_null(strstr(errstr, "fingerprint"));
	assert_int_equal(publishers_add(&ps, "bo b", FP_B, PUBLISHERS_WRITER,
	    NULL, &errstr), -1);
	assert_int_equal(publishers_add(&ps, "#bob", FP_B, PUBLISHERS_WRITER,
	    NULL, &errstr), -1);
	assert_int_equal(publishers_add(&ps, "bob", FP_B, PUBLISHERS_WRITER,
	    NULL, &errstr), 0);
	text = publishers_serialise(&ps, &len);
	assert_non_null(text);
	memset(&back, 0, sizeof(back));
	assert_int_equal(publishers_parse(&back, text, len, &line, &errstr),
	    0);
	assert_int_equal(back.ps_n, 2);
	assert_string_equal(back.ps_list[1].p_name, "bob");
	assert_int_equal(back.ps_list[0].p_role, PUBLISHERS_EDITOR);
	publishers_free(&back);
	free(text);
	assert_int_equal(publishers_remove(&ps, "nobody"), -1);
	assert_int_equal(publishers_remove(&ps, "ada"), 0);
	assert_int_equal(ps.ps_n, 1);
	assert_null(publishers_lookup(&ps, FP_A));
	assert_non_null(publishers_lookup(&ps, FP_B));
	publishers_free(&ps);
}

static void
test_publishers_token(void **state)
{
	char tok[PUBLISHERS_TOKEN_LEN + 1], tok2[PUBLISHERS_TOKEN_LEN + 1];
	char h1[PUBLISHERS_HASH_MAX + 1], h2[PUBLISHERS_HASH_MAX + 1];
	struct publishers ps = { 0 }, back = { 0 };
	const struct publisher *p;
	const char *errstr;
	unsigned line;
	size_t len;
	char *text;

	(void)state;
	assert_int_equal(publishers_token_new(tok, &errstr), 0);
	assert_int_equal(publishers_token_new(tok2, &errstr), 0);
	assert_int_equal(strlen(tok), PUBLISHERS_TOKEN_LEN);
	assert_string_not_equal(tok, tok2);
	assert_int_equal(publishers_token_hash(tok, h1, &errstr), 0);
	assert_int_equal(publishers_token_hash(tok, h2, &errstr), 0);
	/* Salted: the same token hashes differently each time. */
	assert_string_not_equal(h1, h2);
	assert_null(strstr(h1, tok));
	assert_int_equal(publishers_add(&ps, "ada", FP_A, PUBLISHERS_EDITOR,
	    h1, &errstr), 0);
	assert_int_equal(publishers_add(&ps, "bob", FP_B, PUBLISHERS_WRITER,
	    NULL, &errstr), 0);
	/* Through the file and back, as the writer reads it. */
	text = publishers_serialise(&ps, &len);
	assert_int_equal(publishers_parse(&back, text, len, &line, &errstr),
	    0);
	free(text);
	p = publishers_find(&back, "ada");
	assert_int_equal(publishers_token_verify(p, tok), 1);
	assert_int_equal(publishers_token_verify(p, tok2), 0);
	assert_int_equal(publishers_token_verify(p, ""), 0);
	assert_int_equal(publishers_token_verify(p, NULL), 0);
	/* No token kept: any or none is fine. */
	p = publishers_find(&back, "bob");
	assert_int_equal(publishers_token_verify(p, NULL), 1);
	assert_int_equal(publishers_token_verify(p, "whatever"), 1);
	publishers_free(&back);
	publishers_free(&ps);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_publishers_parse),
		cmocka_unit_test(test_publishers_parse_errors),
		cmocka_unit_test(test_publishers_change),
		cmocka_unit_test(test_publishers_token),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
