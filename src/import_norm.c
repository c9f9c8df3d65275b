/*
 * import_norm: normalising the input (well-formed UTF-8, LF line ends,
 * no control bytes, plain spaces), the text helpers every part uses, and
 * plain text's paragraphs.  See import_int.h.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "import_int.h"
#include "utf8.h"

int
norm_blank(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

/* Length of prefix at s when s starts with it in any ASCII case, or 0. */
size_t
norm_starts_ci(const char *s, size_t n, const char *prefix)
{
	size_t	 i;

	for (i = 0; prefix[i] != '\0'; i++)
		if (i >= n || lower(s[i]) != prefix[i])
			return 0;
	return i;
}

int
norm_contains_ci(const char *s, size_t n, const char *pat)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (norm_starts_ci(s + i, n - i, pat) > 0)
			return 1;
	return 0;
}

int
norm_same_ci(const char *a, const char *b, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (a[i] == '\0' || lower(a[i]) != lower(b[i]))
			return 0;
	return a[n] == '\0';
}

const char *
norm_find(const char *s, size_t n, const char *pat)
{
	size_t	 m = strlen(pat), i;

	for (i = 0; i + m <= n; i++)
		if (memcmp(s + i, pat, m) == 0)
			return s + i;
	return NULL;
}

size_t
norm_words(const char *s, size_t n)
{
	size_t	 i, words = 0;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && (i == 0 || s[i - 1] == ' '))
			words++;
	return words;
}

void
norm_trim(const char **s, size_t *n)
{
	while (*n > 0 && is_ws(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && is_ws((*s)[*n - 1]))
		(*n)--;
}

/* Columns of leading white space (tab stops every 4, as in CommonMark). */
size_t
norm_indent(const char *s, size_t n, size_t *off)
{
	size_t	 i, col = 0;

	for (i = 0; i < n && (s[i] == ' ' || s[i] == '\t'); i++)
		col = s[i] == '\t' ? col + 4 - col % 4 : col + 1;
	*off = i;
	return col;
}

/* Tabs and newlines become spaces, runs of spaces one, the ends none. */
size_t
norm_squeeze(char *s, size_t n)
{
	size_t	 i, o = 0;
	char	 ch;

	for (i = 0; i < n; i++) {
		ch = is_ws(s[i]) ? ' ' : s[i];
		if (ch == ' ' && (o == 0 || s[o - 1] == ' '))
			continue;
		s[o++] = ch;
	}
	if (o > 0 && s[o - 1] == ' ')
		o--;
	return o;
}

/*
 * The next line of s[*pos..n), without its LF, as s[*start..*start+*len);
 * 0 at the end.
 */
int
norm_next_line(const char *s, size_t n, size_t *pos, size_t *start,
    size_t *len)
{
	const char	*eol;

	if (*pos >= n)
		return 0;
	*start = *pos;
	if ((eol = memchr(s + *pos, '\n', n - *pos)) == NULL) {
		*len = n - *pos;
		*pos = n;
	} else {
		*len = (size_t)(eol - (s + *pos));
		*pos += *len + 1;
	}
	return 1;
}

/* What normalising makes of cp: a byte to write, 0 to drop it, -1 to keep. */
int
norm_char(uint32_t cp)
{
	if (cp >= 0x80 && cp <= 0x9f)
		return 0;
	if (cp >= 0x2000 && cp <= 0x200a)
		return ' ';
	switch (cp) {
	case 0x00a0: case 0x1680: case 0x202f: case 0x205f: case 0x3000:
		return ' ';
	case 0x2028: case 0x2029:
		return '\n';
	case 0x00ad: case 0x200b: case 0x2060: case 0xfeff:
		return 0;
	}
	return -1;
}

/*
 * RFC 3629, section 3: "Implementations of the decoding algorithm above
 * MUST protect against decoding invalid sequences."  Each run of them
 * becomes one U+FFFD.  CR LF and a lone CR end a line as LF does.
 */
void
norm_text(const char *s, size_t n, struct buf *out)
{
	size_t		 i = 0, k;
	uint32_t	 cp;
	int		 bad = 0, r;
	unsigned char	 ch;

	buf_truncate(out, 0);
	while (i < n) {
		ch = (unsigned char)s[i];
		if (ch < 0x80) {
			i++;
			bad = 0;
			if (ch == '\r') {
				if (i < n && s[i] == '\n')
					i++;
				buf_putc(out, '\n');
			} else if (ch == '\n' || ch == '\t' ||
			    (ch >= 0x20 && ch != 0x7f))
				buf_putc(out, (char)ch);
			continue;
		}
		if ((k = utf8_decode(s + i, n - i, &cp)) == 0) {
			if (!bad)
				buf_add(out, "\xef\xbf\xbd", 3);
			bad = 1;
			i++;
			continue;
		}
		bad = 0;
		if ((r = norm_char(cp)) == -1)
			buf_add(out, s + i, k);
		else if (r != 0)
			buf_putc(out, (char)r);
		i += k;
	}
}
