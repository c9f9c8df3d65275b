/*
 * labels: pure table of the words the renderers put around an article
 * ("By", "Tags", "Related articles", month names...) in each language
 * capsule speaks: English, French, German, Spanish, Italian, Portuguese
 * and Dutch.  One static table per language; nothing is allocated and
 * nothing is owned: every string is a constant.
 *
 * A page takes its labels from the article's Lang, else the capsule's
 * lang, else English (labels_get).  Only the primary subtag counts
 * ("fr-CA" is French), in any case.
 */
#ifndef CAPSULE_LABELS_H
#define CAPSULE_LABELS_H

#include <stddef.h>

struct labels {
	const char	*l_code;	/* "en" */
	const char	*l_name;	/* the language in itself: "Français" */
	const char	*l_by;		/* "By" (before a byline) */
	const char	*l_updated;	/* "Updated" */
	const char	*l_source;	/* "Source" */
	const char	*l_image;	/* "Image" */
	const char	*l_full_text;	/* "Full text" */
	const char	*l_links;	/* "Links" */
	const char	*l_tags;	/* "Tags" */
	const char	*l_see_also;	/* "See also" */
	const char	*l_related;	/* "Related articles" */
	const char	*l_more;	/* "Read on" (the onward links) */
	const char	*l_previous;	/* "Previous" */
	const char	*l_next;	/* "Next" */
	const char	*l_in;		/* "in" ("Previous in gemini") */
	const char	*l_archive;	/* "Archive" */
	const char	*l_search;	/* "Search" */
	const char	*l_search_for;	/* "Search for" */
	const char	*l_front;	/* "Front page" */
	const char	*l_latest;	/* "Latest" */
	const char	*l_sections;	/* "Sections" */
	const char	*l_more_in;	/* "More in" (a section's tag page) */
	const char	*l_read;	/* "Read the article" */
	const char	*l_browse;	/* "Browse" */
	const char	*l_languages;	/* "Languages" */
	const char	*l_feed;	/* "Atom feed" */
	const char	*l_lang_title;	/* "Articles in English" */
	const char	*l_none;	/* "Nothing has been published yet." */
	const char	*l_colon;	/* ": ", French " : " */
	const char	*l_months[12];	/* "January" ... as in a date */
	/*
	 * A date is day, month name, year in every language here: "DAY",
	 * l_day_suffix ("." in German), then " OF " around the month when
	 * l_of is set ("18 de junio de 2024"); the first of a month is
	 * l_first when set ("1er juin").
	 */
	const char	*l_day_suffix;
	const char	*l_of;
	const char	*l_first;
};

/*
 * The labels for lang (a BCP 47 tag, may be NULL), else for fallback
 * (the capsule's lang, may be NULL), else English.  Never NULL.
 */
const struct labels *labels_get(const char *lang, const char *fallback);

/* 1 when lang's primary subtag has a table of its own. */
int	labels_known(const char *lang);

/*
 * Writes "18 June 2024" (in l's words) into out, of size bytes; returns
 * its length, or -1 when it did not fit or the month is out of range.
 */
int	labels_date(const struct labels *l, int year, int month, int day,
	    char *out, size_t size);

/*
 * The primary subtag of lang, lower-cased, into out (of size bytes):
 * the name of its language page, /lang/CODE/.  Returns its length, or
 * -1 when lang has none of 2 or 3 letters or it does not fit.
 */
int	labels_code(const char *lang, char *out, size_t size);

#endif
