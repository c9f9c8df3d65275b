/*
 * gophercheck: what every gopher menu and text of ours must look like
 * (DESIGN.md, gophermap.h), for the harnesses that render them.  Each
 * check aborts on the first breach, so libFuzzer keeps the input.
 */
#ifndef CAPSULE_GOPHERCHECK_H
#define CAPSULE_GOPHERCHECK_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

#define GOPHERCHECK_WIDTH	69	/* code points of a display string */

/*
 * A display string: UTF-8 (ASCII when ascii), no control character
 * (C0, DEL, C1, U+2028, U+2029), at most 69 code points.
 */
static void
gophercheck_display(const char *s, size_t len, int ascii)
{
	size_t i = 0, n, cps = 0;
	uint32_t cp;

	while (i < len) {
		if ((n = utf8_decode(s + i, len - i, &cp)) == 0 ||
		    cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ||
		    cp == 0x2028 || cp == 0x2029 || (ascii && cp >= 0x80))
			abort();
		i += n;
		cps++;
	}
	if (cps > GOPHERCHECK_WIDTH)
		abort();
}

/*
 * A menu: lines of four TAB-separated fields ending in CRLF, a type
 * that is a printable ASCII character, a host, a port in 1-65535, then
 * ".\r\n" and nothing after it.  An error menu is one '3' line then 'i'
 * lines; any other menu holds no '3' line.
 */
static void
gophercheck_menu(const char *p, size_t len, int error, int ascii)
{
	const char *end = p + len, *eol, *f[4], *q;
	size_t nline = 0;
	long port;
	int i;

	if (memchr(p, '\0', len) != NULL)
		abort();
	for (; p < end; p = eol + 1, nline++) {
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL ||
		    eol == p || eol[-1] != '\r' ||
		    memchr(p, '\r', (size_t)(eol - 1 - p)) != NULL)
			abort();
		if (eol - 1 - p == 1 && *p == '.') {
			if (eol + 1 != end || (error && nline == 0))
				abort();
			return;
		}
		f[0] = p;
		for (i = 1, q = p; q < eol - 1; q++)
			if (*q == '\t') {
				if (i == 4)
					abort();
				f[i++] = q + 1;
			}
		if (i != 4)
			abort();
		if (*p <= ' ' || *p >= 0x7f || *p == '\t')
			abort();
		if (error ? *p != (nline == 0 ? '3' : 'i') : *p == '3')
			abort();
		gophercheck_display(p + 1, (size_t)(f[1] - 1 - (p + 1)),
		    ascii);
		if (f[3] - 1 == f[2])
			abort();
		for (port = 0, q = f[3]; q < eol - 1; q++) {
			if (*q < '0' || *q > '9' || port > 65535)
				abort();
			port = port * 10 + (*q - '0');
		}
		if (q == f[3] || port < 1 || port > 65535)
			abort();
	}
	abort();
}

/*
 * A type 0 text: CRLF line ends only, no NUL, ASCII when ascii, no line
 * that is a lone "." (guarded as "..", and no terminator: gophermap.h).
 */
static void
gophercheck_text(const char *p, size_t len, int ascii)
{
	const char *end = p + len, *eol;
	size_t i;

	if (memchr(p, '\0', len) != NULL)
		abort();
	if (ascii)
		for (i = 0; i < len; i++)
			if ((unsigned char)p[i] >= 0x80)
				abort();
	for (; p < end; p = eol + 1) {
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL ||
		    eol == p || eol[-1] != '\r' ||
		    memchr(p, '\r', (size_t)(eol - 1 - p)) != NULL)
			abort();
		if (eol - 1 - p == 1 && *p == '.')
			abort();
	}
}

#endif
