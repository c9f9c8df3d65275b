/*
 * utf8: see utf8.h.  The decoder follows RFC 3629, section 4:
 *
 *   UTF8-2 = %xC2-DF UTF8-tail
 *   UTF8-3 = %xE0 %xA0-BF UTF8-tail / %xE1-EC 2( UTF8-tail ) /
 *            %xED %x80-9F UTF8-tail / %xEE-EF 2( UTF8-tail )
 *   UTF8-4 = %xF0 %x90-BF 2( UTF8-tail ) / %xF1-F3 3( UTF8-tail ) /
 *            %xF4 %x80-8F 2( UTF8-tail )
 *
 * Checking the range of the second byte is what rules out overlong forms,
 * surrogates and code points past U+10FFFF.
 */
#include "utf8.h"

size_t
utf8_decode(const char *str, size_t len, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n, i;
	uint32_t c;

	if (len == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		c = s[0] & 0x0f;
		if (s[0] == 0xe0)
			lo = 0xa0;
		else if (s[0] == 0xed)
			hi = 0x9f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		c = s[0] & 0x07;
		if (s[0] == 0xf0)
			lo = 0x90;
		else if (s[0] == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if (len < n)
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	*cp = c;
	return n;
}

size_t
utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xc0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xe0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (unsigned char)(0xf0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

int
utf8_validate(const char *s, size_t len, size_t *bad)
{
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			if (s[i] == '\0')
				goto fail;
			i++;
			continue;
		}
		if ((n = utf8_decode(s + i, len - i, &cp)) == 0)
			goto fail;
		i += n;
	}
	return 0;
fail:
	if (bad != NULL)
		*bad = i;
	return -1;
}

size_t
utf8_length(const char *s, size_t len)
{
	size_t i = 0, count = 0, n;
	uint32_t cp;

	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		i += n ? n : 1;
		count++;
	}
	return count;
}

size_t
utf8_prefix(const char *s, size_t len, size_t max)
{
	size_t i = 0, count = 0, n;
	uint32_t cp;

	while (i < len && count < max) {
		n = utf8_decode(s + i, len - i, &cp);
		i += n ? n : 1;
		count++;
	}
	return i;
}

/* Latin-1 letters and Latin Extended-A, U+00C0 to U+017F, without accents. */
static const char *const utf8_latin[0x180 - 0xc0] = {
	"A", "A", "A", "A", "A", "A", "AE", "C",	/* U+00C0 */
	"E", "E", "E", "E", "I", "I", "I", "I",	/* U+00C8 */
	"D", "N", "O", "O", "O", "O", "O", "x",	/* U+00D0 */
	"O", "U", "U", "U", "U", "Y", "TH", "ss",	/* U+00D8 */
	"a", "a", "a", "a", "a", "a", "ae", "c",	/* U+00E0 */
	"e", "e", "e", "e", "i", "i", "i", "i",	/* U+00E8 */
	"d", "n", "o", "o", "o", "o", "o", "/",	/* U+00F0 */
	"o", "u", "u", "u", "u", "y", "th", "y",	/* U+00F8 */
	"A", "a", "A", "a", "A", "a", "C", "c",	/* U+0100 */
	"C", "c", "C", "c", "C", "c", "D", "d",	/* U+0108 */
	"D", "d", "E", "e", "E", "e", "E", "e",	/* U+0110 */
	"E", "e", "E", "e", "G", "g", "G", "g",	/* U+0118 */
	"G", "g", "G", "g", "H", "h", "H", "h",	/* U+0120 */
	"I", "i", "I", "i", "I", "i", "I", "i",	/* U+0128 */
	"I", "i", "IJ", "ij", "J", "j", "K", "k",	/* U+0130 */
	"k", "L", "l", "L", "l", "L", "l", "L",	/* U+0138 */
	"l", "L", "l", "N", "n", "N", "n", "N",	/* U+0140 */
	"n", "n", "N", "n", "O", "o", "O", "o",	/* U+0148 */
	"O", "o", "OE", "oe", "R", "r", "R", "r",	/* U+0150 */
	"R", "r", "S", "s", "S", "s", "S", "s",	/* U+0158 */
	"S", "s", "T", "t", "T", "t", "T", "t",	/* U+0160 */
	"U", "u", "U", "u", "U", "u", "U", "u",	/* U+0168 */
	"U", "u", "U", "u", "W", "w", "Y", "y",	/* U+0170 */
	"Y", "Z", "z", "Z", "z", "Z", "z", "s",	/* U+0178 */
};

const char *
utf8_fold(uint32_t cp)
{
	if (cp >= 0xc0 && cp < 0x180)
		return utf8_latin[cp - 0xc0];
	switch (cp) {
	case 0x00a0: case 0x2002: case 0x2003: case 0x2007: case 0x2009:
	case 0x200a: case 0x202f: case 0x205f:
		return " ";
	case 0x00ab: case 0x00bb: case 0x201c: case 0x201d: case 0x201e:
	case 0x201f: case 0x2033:
		return "\"";
	case 0x2018: case 0x2019: case 0x201a: case 0x201b: case 0x2032:
		return "'";
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
	case 0x2015: case 0x2212:
		return "-";
	case 0x2026:
		return "...";
	case 0x2022: case 0x00b7:
		return "*";
	case 0x00a9: case 0x24d2:
		return "(c)";
	case 0x00ae:
		return "(R)";
	case 0x2122:
		return "(TM)";
	case 0x00b0:
		return " deg";
	case 0x00bd:
		return "1/2";
	case 0x00bc:
		return "1/4";
	case 0x00be:
		return "3/4";
	case 0x20ac:
		return "EUR";
	case 0x00a3:
		return "GBP";
	case 0x2192:
		return "->";
	case 0x2190:
		return "<-";
	case 0x00ad: case 0x200b: case 0x200c: case 0x200d: case 0x2060:
	case 0xfeff:
		return "";
	}
	return NULL;
}
