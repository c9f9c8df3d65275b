/*
 * import_detect: import_is_markdown(), which guesses from the shape of
 * the lines alone.  It reads the CommonMark block markers on one line
 * each, the way a person glancing at the text would; the Markdown itself
 * is parsed by md4c (import_md.c).  See import_int.h.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "import.h"
#include "import_int.h"

/*
 * CommonMark 4.2: "The opening sequence of # characters must be followed
 * by spaces or tabs, or by the end of line. [...] The optional closing
 * sequence of #s must be preceded by spaces or tabs."  1 to 6 of them.
 */
static int
line_atx(const char *s, size_t n, const char **text, size_t *tlen)
{
	size_t	 lvl = 0, e;

	while (lvl < n && s[lvl] == '#')
		lvl++;
	if (lvl == 0 || lvl > 6 || (lvl < n && s[lvl] != ' ' &&
	    s[lvl] != '\t'))
		return 0;
	*text = s + lvl;
	*tlen = n - lvl;
	norm_trim(text, tlen);
	for (e = *tlen; e > 0 && (*text)[e - 1] == '#'; e--)
		;
	if (e == 0 || (*text)[e - 1] == ' ' || (*text)[e - 1] == '\t') {
		*tlen = e;
		norm_trim(text, tlen);
	}
	return (int)lvl;
}

/*
 * CommonMark 4.1: "a sequence of three or more matching -, _, or *
 * characters, each followed optionally by any number of spaces or tabs".
 */
static int
line_rule(const char *s, size_t n)
{
	size_t	 i, count = 0;
	char	 ch = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == ' ' || s[i] == '\t')
			continue;
		if ((s[i] != '-' && s[i] != '_' && s[i] != '*') ||
		    (ch != 0 && s[i] != ch))
			return 0;
		ch = s[i];
		count++;
	}
	return count >= 3;
}

/*
 * CommonMark 4.5: "A code fence is a sequence of at least three
 * consecutive backtick characters (`) or tildes (~)."  "If the info
 * string comes after a backtick fence, it may not contain any backtick
 * characters."
 */
static size_t
line_fence(const char *s, size_t n, const char **info, size_t *infolen)
{
	size_t	 k = 0;

	while (k < n && s[k] == s[0])
		k++;
	if (n == 0 || (s[0] != '`' && s[0] != '~') || k < 3)
		return 0;
	*info = s + k;
	*infolen = n - k;
	norm_trim(info, infolen);
	if (s[0] == '`' && memchr(*info, '`', *infolen) != NULL)
		return 0;
	return k;
}

/*
 * CommonMark 5.2: "A bullet list marker is a -, +, or * character.  An
 * ordered list marker is a sequence of 1-9 arabic digits, followed by
 * either a . character or a ) character."  A space, a tab or the end of
 * the line follows it.  Returns the marker's length with the spaces after
 * it, or 0.
 */
static size_t
line_marker(const char *s, size_t n)
{
	size_t	 i = 0;

	if (n > 0 && (s[0] == '-' || s[0] == '+' || s[0] == '*'))
		i = 1;
	else {
		while (i < n && i < 9 && is_digit(s[i]))
			i++;
		if (i == 0 || i >= n || (s[i] != '.' && s[i] != ')'))
			return 0;
		i++;
	}
	if (i < n && s[i] != ' ' && s[i] != '\t')
		return 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

/*
 * CommonMark 4.7: "A link reference definition consists of a link label
 * [...] followed by a colon (:), optional spaces or tabs (including up to
 * one line ending), a link destination, optional spaces or tabs
 * (including up to one line ending), and an optional link title".  Here
 * on one line, as people write them; footnotes ("[^1]: ...") are not
 * definitions.
 */
int
detect_refdef(const char *s, size_t n)
{
	size_t	 i, j;
	char	 close;

	if (n < 4 || s[0] != '[' || s[1] == '^')
		return 0;
	for (i = 1; i < n && s[i] != ']'; i++) {
		if (s[i] == '[' || i > LABEL_MAX)
			return 0;
		if (s[i] == '\\' && i + 1 < n)
			i++;
	}
	if (i + 1 >= n || s[i + 1] != ':' || norm_blank(s + 1, i - 1))
		return 0;
	for (j = i + 2; j < n && (s[j] == ' ' || s[j] == '\t'); j++)
		;
	if (j < n && s[j] == '<') {
		for (i = ++j; i < n && s[i] != '>' && s[i] != '<'; i++)
			;
		if (i >= n || s[i] != '>')
			return 0;
		i++;
	} else {
		for (i = j; i < n && s[i] != ' ' && s[i] != '\t'; i++)
			;
		if (i == j)
			return 0;
	}
	if (norm_blank(s + i, n - i))
		return 1;
	if (s[i] != ' ' && s[i] != '\t')
		return 0;
	for (j = i; j < n && (s[j] == ' ' || s[j] == '\t'); j++)
		;
	while (n > j && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	close = s[j] == '(' ? ')' : s[j];
	return (s[j] == '"' || s[j] == '\'' || s[j] == '(') && n - j >= 2 &&
	    s[n - 1] == close;
}

/* "[text](" on one line: the surest sign of Markdown. */
static int
has_inline_link(const char *s, size_t n)
{
	const char	*p;

	return (p = norm_find(s, n, "](")) != NULL &&
	    memchr(s, '[', (size_t)(p - s)) != NULL &&
	    memchr(p, ')', n - (size_t)(p - s)) != NULL;
}

/*
 * Markdown when the text has one sure sign (front matter, a first-line
 * "# " heading, a deeper heading, a code fence, a reference definition,
 * an inline link), or two kinds of weaker ones (list items, quotes,
 * strong emphasis, code spans, autolinks, later "# " headings).
 */
int
import_is_markdown(const char *text, size_t len)
{
	const char	*p, *t;
	size_t		 pos = 0, start, n, off, tl, body, end;
	int		 first = 1, weak = 0, kinds = 0, lvl;

	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		text += 3;
		len -= 3;
	}
	if (meta_fm_bounds(text, len, &body, &end) > 0)
		return 1;
	while (norm_next_line(text, len, &pos, &start, &n)) {
		p = text + start;
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (norm_blank(p, n))
			continue;
		if (norm_indent(p, n, &off) > 3) {
			first = 0;
			continue;
		}
		p += off;
		n -= off;
		if ((lvl = line_atx(p, n, &t, &tl)) > 0 && tl > 0) {
			if (first || lvl > 1)
				return 1;
			weak |= 1;
		}
		first = 0;
		if (line_fence(p, n, &t, &tl) > 0 ||
		    detect_refdef(p, n) ||
		    has_inline_link(p, n))
			return 1;
		if (line_marker(p, n) > 0 && !line_rule(p, n))
			weak |= 2;
		else if (p[0] == '>')
			weak |= 4;
		if ((t = norm_find(p, n, "**")) != NULL &&
		    norm_find(t + 2, n - (size_t)(t + 2 - p), "**") != NULL)
			weak |= 8;
		if ((t = memchr(p, '`', n)) != NULL &&
		    memchr(t + 1, '`', n - (size_t)(t + 1 - p)) != NULL)
			weak |= 16;
		if (norm_find(p, n, "<http") != NULL)
			weak |= 32;
	}
	for (; weak != 0; weak >>= 1)
		kinds += weak & 1;
	return kinds >= 2;
}
