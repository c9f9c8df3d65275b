/*
 * menucheck: checks one gopher menu (RFC 1436 and DESIGN.md's rules) read
 * from standard input and lists the menus it links to on our server.
 *
 * usage: menucheck HOST PORT < menu
 *
 * Every line must end in CRLF and have four TAB-separated fields, 'i'
 * lines included; the menu must end with ".\r\n" and nothing after it;
 * no Gopher+ fifth field; display strings under 70 characters (code
 * points, not bytes) and valid UTF-8; a type 3 (error) line only in a
 * menu that has nothing but 'i' lines besides; items on our own server
 * must carry HOST and PORT.  Problems go to standard error, one a line,
 * and make the exit status 1.  Each type 1 selector on HOST:PORT is
 * printed on standard output, for a crawler to follow.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int bad;

static void
problem(int line, const char *what, const char *text)
{
	fprintf(stderr, "line %d: %s: %.120s\n", line, what, text);
	bad = 1;
}

/* Code points in s, or -1 when s is not UTF-8. */
static long
u8len(const unsigned char *s)
{
	long n = 0;

	while (*s != '\0') {
		int k = *s < 0x80 ? 1 : (*s & 0xe0) == 0xc0 ? 2 :
		    (*s & 0xf0) == 0xe0 ? 3 : (*s & 0xf8) == 0xf0 ? 4 : 0;
		int i;

		if (k == 0)
			return -1;
		for (i = 1; i < k; i++)
			if ((s[i] & 0xc0) != 0x80)
				return -1;
		s += k;
		n++;
	}
	return n;
}

int
main(int argc, char **argv)
{
	static char buf[1 << 22];
	char *p, *end, *eol, *f[5];
	size_t len;
	int line = 0, nf, errors = 0, content = 0, done = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: menucheck HOST PORT < menu\n");
		return 2;
	}
	len = fread(buf, 1, sizeof(buf) - 1, stdin);
	buf[len] = '\0';
	if (len == 0) {
		problem(0, "empty menu", "");
		return 1;
	}
	for (p = buf, end = buf + len; p < end; p = eol + 2) {
		line++;
		if (done) {
			problem(line, "bytes after the final '.'", p);
			break;
		}
		if ((eol = strstr(p, "\r\n")) == NULL) {
			problem(line, "no CRLF at the end", p);
			break;
		}
		*eol = '\0';
		if (strchr(p, '\n') != NULL || strchr(p, '\r') != NULL)
			problem(line, "bare LF or CR inside a line", p);
		if (strcmp(p, ".") == 0) {
			done = 1;
			continue;
		}
		for (nf = 0, f[0] = p; nf < 4; nf++) {
			char *t = strchr(f[nf], '\t');

			if (t == NULL)
				break;
			*t = '\0';
			f[nf + 1] = t + 1;
		}
		nf++;
		if (nf != 4) {
			problem(line, nf > 4 ? "a fifth (Gopher+) field" :
			    "fewer than four fields", p);
			continue;
		}
		if (f[0][0] == '\0') {
			problem(line, "no item type", p);
			continue;
		}
		if (strchr("0123456789+gIThis:;<dpPrX", f[0][0]) == NULL)
			problem(line, "unknown item type", f[0]);
		if (u8len((unsigned char *)f[0] + 1) < 0)
			problem(line, "display string is not UTF-8", f[0]);
		else if (u8len((unsigned char *)f[0] + 1) >= 70)
			problem(line, "display string of 70 or more characters",
			    f[0]);
		if (f[0][0] == '3')
			errors++;
		else if (f[0][0] != 'i')
			content++;
		if (f[0][0] != 'i' && f[0][0] != '3' && f[0][0] != 'h' &&
		    strcmp(f[2], argv[1]) == 0 && strcmp(f[3], argv[2]) != 0)
			problem(line, "our host with another port", f[3]);
		if (f[0][0] == '1' && strcmp(f[2], argv[1]) == 0 &&
		    strcmp(f[3], argv[2]) == 0)
			printf("%s\n", f[1]);
		if (f[0][0] == 'h' && strncmp(f[1], "URL:", 4) != 0)
			problem(line, "h item without a URL: selector", f[1]);
	}
	if (!done)
		problem(line, "no final '.' line", "");
	if (errors > 0 && content > 0)
		problem(0, "an error line inside a menu with content", "");
	return bad;
}
