/*
 * fuzz_render: both renderers and the feed on whatever article the
 * parser accepts: gemtext page, plain text, gopher card and text (UTF-8
 * and ASCII), Atom.  The gopher output must keep its line discipline.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "buf.h"
#include "feed.h"
#include "gemtext.h"
#include "gophermap.h"
#include "text.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const struct render_site site = {
	"Fuzzed site", "A description", "en", "(c) nobody", "localhost"
};

/* Every menu line has exactly three TABs and ends in CRLF. */
static void
check_menu(const struct buf *b)
{
	const char *p = b->b_data, *end = b->b_data + b->b_len, *eol, *q;
	int tabs;

	for (; p < end; p = eol + 2) {
		if ((eol = strstr(p, "\r\n")) == NULL)
			abort();
		if (eol - p == 1 && *p == '.')
			return;
		for (tabs = 0, q = p; q < eol; q++) {
			if (*q == '\t')
				tabs++;
			if (*q == '\n' || *q == '\r')
				abort();
		}
		if (tabs != 3)
			abort();
	}
	abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct gophermap_opts go = { "localhost", 70, 0, NULL, NULL };
	const struct article *list[1];
	struct render_article ra;
	struct article a;
	struct buf b = BUF_INIT;
	const char *errstr;
	unsigned line;
	struct text_opts to = { 70, 1, 0, 1 };

	memset(&a, 0, sizeof(a));
	if (article_parse(&a, (const char *)data, len, &line, &errstr) == -1)
		return 0;
	if ((a.a_slug = strdup("fuzzed")) == NULL)
		abort();
	memset(&ra, 0, sizeof(ra));
	ra.ra_art = &a;
	list[0] = &a;
	gemtext_article(&b, &site, &ra);
	gemtext_front(&b, &site, list, 1, NULL, 0);
	text_article(&b, &site, &ra, &to);
	feed_atom(&b, &site, "gemini://localhost", "/atom.xml", "t", list, 1);
	buf_free(&b);
	for (go.go_ascii = 0; go.go_ascii < 2; go.go_ascii++) {
		gophermap_article(&b, &site, &go, &ra);
		check_menu(&b);
		buf_free(&b);
		gophermap_front(&b, &site, &go, list, 1, NULL, 0);
		check_menu(&b);
		buf_free(&b);
		gophermap_text(&b, &site, &go, &ra);
		buf_free(&b);
	}
	article_free(&a);
	return 0;
}
