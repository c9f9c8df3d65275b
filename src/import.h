/*
 * import: pure cleaner that turns scraped plain text or Markdown into an
 * article (header fields and a gemtext body).
 *
 * It never touches the disk: the caller reads the input, then validates,
 * names and stores the result.  The article it fills is owned by the
 * caller, who frees it with article_free().
 */
#ifndef CAPSULE_IMPORT_H
#define CAPSULE_IMPORT_H

#include <stddef.h>

#include "article.h"

enum import_format {
	IMPORT_DETECT = 0,	/* Markdown when the text looks like it */
	IMPORT_PLAIN,
	IMPORT_MARKDOWN
};

struct import_opts {
	const char		*io_title;	/* NULL: from a first-line heading */
	const char		*io_date;	/* RFC 3339; NULL: none set */
	const char		*io_tags;	/* "a,b": merged with a Tags: line */
	const char		*io_source;	/* the web original, or NULL */
	enum import_format	 io_format;
};

/*
 * Cleans text[0..len) into out, which must be zeroed.  Sets Title, Date
 * (io_date, else a date the text holds), Updated, Author, Tags, Summary,
 * Image-Alt, Image-Credit, Image-Caption, Related (one header per
 * headline), Copyright, Publisher and Source where the text holds them,
 * and the body.  Bytes that are not UTF-8 become U+FFFD in the body and
 * leave the title; callers that can refuse them (capsulectl) do so
 * first.  Does not validate: the caller
 * runs article_validate() on the result.  On -1, *errstr says what is
 * wrong (a missing title says to pass --title) and *errline is the input
 * line, or 0.
 */
int	import_text(const char *text, size_t len, const struct import_opts *,
	    struct article *out, unsigned *errline, const char **errstr);

/* 1 when text looks like Markdown rather than scraped plain text. */
int	import_is_markdown(const char *text, size_t len);

#endif
