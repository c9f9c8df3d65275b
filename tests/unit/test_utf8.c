/*
 * Unit tests for the utf8 module: RFC 3629 well-formedness, lengths,
 * prefixes and the ASCII folding table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "utf8.h"

static void
test_decode(void **state)
{
	uint32_t cp;
	char buf[4];
	uint32_t c;

	(void)state;
	assert_int_equal(utf8_decode("A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(utf8_decode("\xc2\xa0", 2, &cp), 2);
	assert_int_equal(cp, 0xa0);
	assert_int_equal(utf8_decode("\xe2\x80\x94", 3, &cp), 3);
	assert_int_equal(cp, 0x2014);
	assert_int_equal(utf8_decode("\xf0\x9f\x8f\xae", 4, &cp), 4);
	assert_int_equal(cp, 0x1f3ee);
	/* Round trip over every scalar value. */
	for (c = 0; c < 0x110000; c++) {
		size_t n;

		if (c >= 0xd800 && c <= 0xdfff)
			continue;
		n = utf8_encode(c, buf);
		assert_int_equal(utf8_decode(buf, n, &cp), n);
		assert_int_equal(cp, c);
	}
}

static void
test_refuse(void **state)
{
	static const char *const bad[] = {
		"\x80", "\xbf", "\xc0\x80", "\xc1\xbf", "\xe0\x80\x80",
		"\xe0\x9f\xbf", "\xed\xa0\x80", "\xed\xbf\xbf",
		"\xf0\x80\x80\x80", "\xf0\x8f\xbf\xbf", "\xf4\x90\x80\x80",
		"\xf5\x80\x80\x80", "\xff", "\xfe", "\xc2", "\xe2\x80",
		"\xf0\x9f\x8f", "\xc2\x41",
	};
	uint32_t cp;
	size_t i, off;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(utf8_decode(bad[i], strlen(bad[i]), &cp), 0);
		assert_int_equal(utf8_validate(bad[i], strlen(bad[i]), &off),
		    -1);
		assert_int_equal(off, 0);
	}
	assert_int_equal(utf8_validate("ok\xc3\xa9 \xe2\x80", 7, &off), -1);
	assert_int_equal(off, 5);
	assert_int_equal(utf8_validate("a\0b", 3, &off), -1);
	assert_int_equal(off, 1);
	assert_int_equal(utf8_validate("caf\xc3\xa9", 5, &off), 0);
}

static void
test_length_prefix(void **state)
{
	const char *s = "d\xc3\xa9j\xc3\xa0 vu";

	(void)state;
	assert_int_equal(utf8_length(s, strlen(s)), 7);
	assert_int_equal(utf8_prefix(s, strlen(s), 2), 3);
	assert_int_equal(utf8_prefix(s, strlen(s), 4), 6);
	assert_int_equal(utf8_prefix(s, strlen(s), 100), strlen(s));
	assert_int_equal(utf8_length("\xff\xfe", 2), 2);
}

static void
test_fold(void **state)
{
	(void)state;
	assert_string_equal(utf8_fold(0xe9), "e");
	assert_string_equal(utf8_fold(0xdf), "ss");
	assert_string_equal(utf8_fold(0x153), "oe");
	assert_string_equal(utf8_fold(0xa0), " ");
	assert_string_equal(utf8_fold(0x2019), "'");
	assert_string_equal(utf8_fold(0x201c), "\"");
	assert_string_equal(utf8_fold(0x2014), "-");
	assert_string_equal(utf8_fold(0x2026), "...");
	assert_string_equal(utf8_fold(0x24d2), "(c)");
	assert_null(utf8_fold(0x65e5));
	assert_null(utf8_fold('a'));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_refuse),
		cmocka_unit_test(test_length_prefix),
		cmocka_unit_test(test_fold),
	};

	return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
