/*
 * text: pure renderer of an article as plain text, the form behind
 * Gemini's /articles/SLUG.txt (text/plain) and Gopher's type 0 article.
 *
 * Paragraphs are wrapped at to_width columns (counted in characters, not
 * bytes) without splitting words; a word longer than the width (a long
 * URL) gets a line of its own.  Links are numbered in the text ("[1]")
 * and listed at the end.  Appends to a struct buf; returns 0, or -1 when
 * the buffer ran out of memory.
 */
#ifndef CAPSULE_TEXT_H
#define CAPSULE_TEXT_H

#include <stddef.h>

#include "buf.h"
#include "render.h"

struct text_opts {
	size_t	to_width;	/* columns; 70 for gopher */
	int	to_crlf;	/* CRLF line ends (gopher), else LF */
	int	to_ascii;	/* fold to ASCII with utf8_fold() */
	int	to_dotguard;	/* a line of only "." becomes ".." (RFC 1436) */
};

int	text_article(struct buf *, const struct render_site *,
	    const struct render_article *, const struct text_opts *);

/*
 * Appends the byline in l's words, "By AUTHOR · PUBLISHER · 18 June
 * 2024 · Updated 20 June 2024" (" - " between the parts when ascii, for
 * the ASCII gopher), each part only when the article has it, the update
 * only when updated is 1 and it fell on a later day (UTC).  Shared with
 * the gopher renderer.
 */
struct labels;
void	text_byline_compose(struct buf *, const struct article *,
	    const struct labels *, int ascii, int updated);

/*
 * Appends s[0..len) wrapped to the width, each line prefixed by prefix
 * (and continuation lines by an equal run of spaces), ending every line
 * as opts says.  Exposed for the gopher renderer.
 */
int	text_wrap(struct buf *, const char *s, size_t len, const char *prefix,
	    const struct text_opts *);

/*
 * Appends s[0..len) cleaned for display: invalid UTF-8 as U+FFFD, C0 and
 * C1 controls and the Unicode line separators as spaces (TAB kept when
 * tabs is 1), folded to ASCII with utf8_fold() when ascii is 1.  Shared
 * with the gopher renderer, whose fields must never hold a TAB.
 */
void	text_clean(struct buf *, const char *s, size_t len, int ascii,
	    int tabs);

#endif
