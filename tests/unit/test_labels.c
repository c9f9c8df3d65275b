/*
 * test_labels: the words around an article in each language, the dates
 * in them, and how a language tag picks its table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "labels.h"

/* Which table a tag and a fallback pick, by its code. */
static void
test_get(void **state)
{
	static const struct {
		const char	*lang, *fallback, *code;
	} cases[] = {
		{ "fr", NULL, "fr" },
		{ "fr-CA", "en", "fr" },
		{ "DE", NULL, "de" },
		{ "de_AT", NULL, "de" },
		{ "pt-BR", NULL, "pt" },
		{ "nl", "fr", "nl" },
		{ "es", NULL, "es" },
		{ "it", NULL, "it" },
		{ "en-GB", "fr", "en" },
		/* Unknown or malformed: the capsule's, else English. */
		{ "sv", "fr", "fr" },
		{ "x-private", "de", "de" },
		{ NULL, "it", "it" },
		{ "", NULL, "en" },
		{ "sv", "fi", "en" },
		{ "fren", "es", "es" },
		{ "f", NULL, "en" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(labels_get(cases[i].lang,
		    cases[i].fallback)->l_code, cases[i].code);
	assert_true(labels_known("fr-FR"));
	assert_false(labels_known("sv"));
	assert_false(labels_known(NULL));
}

/* The words of a byline and of the onward links. */
static void
test_words(void **state)
{
	const struct labels *fr = labels_get("fr", NULL);
	const struct labels *de = labels_get("de", NULL);
	const struct labels *en = labels_get("en", NULL);

	(void)state;
	assert_string_equal(en->l_by, "By");
	assert_string_equal(fr->l_by, "Par");
	assert_string_equal(de->l_by, "Von");
	assert_string_equal(fr->l_related, "Articles liés");
	assert_string_equal(de->l_related, "Verwandte Artikel");
	assert_string_equal(fr->l_tags, "Mots-clés");
	assert_string_equal(de->l_updated, "Aktualisiert");
	assert_string_equal(fr->l_search, "Rechercher");
	assert_string_equal(fr->l_colon, " : ");
	assert_string_equal(de->l_colon, ": ");
	assert_string_equal(fr->l_name, "Français");
	assert_string_equal(labels_get("nl", NULL)->l_lang_title,
	    "Artikelen in het Nederlands");
}

/* Every table is whole: no word missing in any language. */
static void
test_complete(void **state)
{
	static const char *const codes[] = {
		"en", "fr", "de", "es", "it", "pt", "nl",
	};
	const struct labels *l;
	const char *const *w;
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		l = labels_get(codes[i], NULL);
		assert_string_equal(l->l_code, codes[i]);
		/* From l_code to l_colon every member is a string. */
		for (w = &l->l_code; w <= &l->l_colon; w++) {
			assert_non_null(*w);
			assert_true(**w != '\0');
		}
		for (k = 0; k < 12; k++)
			assert_true(l->l_months[k] != NULL &&
			    *l->l_months[k] != '\0');
		assert_non_null(l->l_day_suffix);
	}
}

static void
test_dates(void **state)
{
	static const struct {
		const char	*lang;
		int		 y, m, d;
		const char	*want;
	} cases[] = {
		{ "en", 2024, 6, 18, "18 June 2024" },
		{ "fr", 2024, 6, 18, "18 juin 2024" },
		{ "fr", 2026, 8, 1, "1er août 2026" },
		{ "de", 2024, 3, 18, "18. März 2024" },
		{ "de", 2024, 3, 1, "1. März 2024" },
		{ "es", 2024, 6, 18, "18 de junio de 2024" },
		{ "it", 2024, 12, 1, "1 dicembre 2024" },
		{ "pt", 2024, 2, 9, "9 de fevereiro de 2024" },
		{ "nl", 2024, 10, 31, "31 oktober 2024" },
	};
	char out[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(labels_date(labels_get(cases[i].lang, NULL),
		    cases[i].y, cases[i].m, cases[i].d, out, sizeof(out)),
		    (int)strlen(cases[i].want));
		assert_string_equal(out, cases[i].want);
	}
	/* Out of range, or no room: nothing is promised but -1. */
	assert_int_equal(labels_date(labels_get("en", NULL), 2024, 13, 1, out,
	    sizeof(out)), -1);
	assert_int_equal(labels_date(labels_get("en", NULL), 2024, 0, 1, out,
	    sizeof(out)), -1);
	assert_int_equal(labels_date(labels_get("en", NULL), 2024, 6, 18, out,
	    8), -1);
}

static void
test_code(void **state)
{
	static const struct {
		const char	*lang;
		const char	*want;	/* NULL: none */
	} cases[] = {
		{ "fr", "fr" }, { "fr-CA", "fr" }, { "EN-gb", "en" },
		{ "haw", "haw" }, { "zh-Hant-TW", "zh" }, { "de_CH", "de" },
		{ "x-klingon", NULL }, { "i-default", NULL }, { "", NULL },
		{ "abcd", NULL }, { "f1", NULL }, { "e", NULL },
	};
	char out[4];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (cases[i].want == NULL) {
			assert_int_equal(labels_code(cases[i].lang, out,
			    sizeof(out)), -1);
			continue;
		}
		assert_int_equal(labels_code(cases[i].lang, out, sizeof(out)),
		    (int)strlen(cases[i].want));
		assert_string_equal(out, cases[i].want);
	}
	assert_int_equal(labels_code(NULL, out, sizeof(out)), -1);
	assert_int_equal(labels_code("haw", out, 3), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_get),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_complete),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_code),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
