/*
 * utf8: pure helpers for UTF-8 text (RFC 3629).
 *
 * A pure module: it includes nothing from the project, so the other pure
 * modules (article, import, url, gemtext, gophermap) may link it alone.
 * Nothing here allocates; callers own every buffer.
 */
#ifndef CAPSULE_UTF8_H
#define CAPSULE_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decodes one code point at s (len bytes available).  Returns the number of
 * bytes it takes (1-4) and stores the code point in *cp, or returns 0 when
 * the bytes there are not well-formed UTF-8 (overlong forms, surrogates,
 * values above U+10FFFF and truncated sequences are all refused).
 */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Writes cp as UTF-8 into out (room for 4 bytes); returns the byte count. */
size_t utf8_encode(uint32_t cp, char *out);

/*
 * Returns 0 when s[0..len) is well-formed UTF-8 with no NUL, or -1 and the
 * byte offset of the first bad sequence in *bad.
 */
int utf8_validate(const char *s, size_t len, size_t *bad);

/* Number of code points in a well-formed string (invalid bytes count 1). */
size_t utf8_length(const char *s, size_t len);

/*
 * Byte length of the longest prefix of s that holds at most max code points,
 * never cutting a sequence in two.
 */
size_t utf8_prefix(const char *s, size_t len, size_t max);

/*
 * An ASCII stand-in for cp when one reads naturally: Latin letters lose
 * their accents (é -> e, ß -> ss, Æ -> AE), typographic punctuation
 * becomes its plain form (NBSP -> space, curly quotes -> straight ones,
 * dashes -> '-', ellipsis -> "...").  NULL when there is none.  Used for
 * slugs and for gopher's ASCII mode.
 */
const char *utf8_fold(uint32_t cp);

#endif
