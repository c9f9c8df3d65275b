/*
 * fuzz_gophermap: every gopher menu builder on text from outside: an
 * extra page (gemtext, links of every kind), error messages, search
 * words, tag and page names, a headline, snippet and article body, the
 * media types a callback reports, UTF-8 and ASCII.  Each menu must keep
 * the format of gophercheck.h whatever it is given.
 *
 * Input: a flags byte (bit 0: ASCII, bit 1: port 7070, bit 2: an IPv6
 * host), the media type byte, two bytes of year, then a name up to the
 * first NUL and gemtext after it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "buf.h"
#include "gophercheck.h"
#include "gophermap.h"

/* A front page of only the latest list (fuzz_render adds the rest). */
static const struct render_front *
front_of(const struct article *const *arts, size_t n,
    const char *const *pages, size_t npages)
{
	static struct render_front rf;

	memset(&rf, 0, sizeof(rf));
	rf.rf_latest = arts;
	rf.rf_nlatest = n;
	rf.rf_pages = pages;
	rf.rf_npages = npages;
	return &rf;
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const struct render_site site = {
	"Fuzzed site", "A description\twith a TAB", "en", "(c) nobody",
	"localhost"
};

static char media_type;

static char
fuzz_media_type(void *ctx, const char *path)
{
	(void)ctx;
	(void)path;
	return media_type;
}

/* An article whose headline is name, or a plain one when that fails. */
static void
fuzz_article(struct article *a, const char *name, const char *body,
    size_t blen)
{
	static const char plain[] =
	    "Title: A headline\nDate: 2024-06-18T09:00:00Z\n\nText.\n";
	const char *errstr;
	unsigned line;
	struct buf b = BUF_INIT;

	buf_printf(&b, "Title: %s\nDate: 2024-06-18T09:00:00Z\nTags: t\n\n",
	    name);
	buf_add(&b, body, blen);
	if (buf_ok(&b) == -1)
		abort();
	memset(a, 0, sizeof(*a));
	if (article_parse(a, b.b_data, b.b_len, &line, &errstr) == -1) {
		memset(a, 0, sizeof(*a));
		if (article_parse(a, plain, sizeof(plain) - 1, &line,
		    &errstr) == -1)
			abort();
	}
	buf_free(&b);
	if ((a->a_slug = strdup("fuzzed")) == NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct gophermap_opts go = { "localhost", 70, 0, fuzz_media_type,
	    NULL };
	const struct article *list[1];
	const char *pages[1];
	struct render_article ra;
	struct render_hit hit;
	struct render_tag tag;
	struct render_author author;
	struct render_month month;
	struct article a;
	struct buf b = BUF_INIT;
	const char *body, *nul;
	char *name;
	size_t nlen, blen;
	int year, mon;

	if (len < 4)
		return 0;
	go.go_ascii = data[0] & 1;
	/* A port other than 70 shows in the error menu's gopher URL. */
	go.go_port = data[0] & 2 ? 7070 : 70;
	go.go_host = data[0] & 4 ? "::1" : "localhost";
	media_type = (char)data[1];
	year = data[2] << 8 | data[3];
	mon = 1 + data[3] % 12;
	data += 4;
	len -= 4;
	if ((nul = memchr(data, '\0', len)) != NULL) {
		nlen = (size_t)(nul - (const char *)data);
		body = nul + 1;
		blen = len - nlen - 1;
	} else {
		nlen = len;
		body = (const char *)data;
		blen = len;
	}
	if ((name = malloc(nlen + 1)) == NULL)
		abort();
	memcpy(name, data, nlen);
	name[nlen] = '\0';

	gophermap_page(&b, &site, &go, body, blen);
	gophercheck_menu(b.b_data, b.b_len, 0, go.go_ascii);
	buf_free(&b);
	gophermap_error(&b, &go, name);
	gophercheck_menu(b.b_data, b.b_len, 1, go.go_ascii);
	buf_free(&b);

	fuzz_article(&a, name, body, blen);
	list[0] = &a;
	hit.rh_art = &a;
	hit.rh_snippet = name;
	gophermap_search(&b, &site, &go, name, &hit, 1);
	gophercheck_menu(b.b_data, b.b_len, 0, go.go_ascii);
	buf_free(&b);
	gophermap_search(&b, &site, &go, name, NULL, 0);
	gophercheck_menu(b.b_data, b.b_len, 0, go.go_ascii);
	buf_free(&b);
	tag.rt_name = name;
	tag.rt_count = nlen;
	gophermap_tags(&b, &site, &go, &tag, 1);
	gophercheck_menu(b.b_data, b.b_len, 0, go.go_ascii);
	buf_free(&b);
	gophermap_tag(&b, &site, &go, name, list, 1);
	gophercheck_menu(b.b_data, b.b_len, 0, go.go_ascii);
	buf_free(&b);
	author.rw_name = name;
	author.rw_slug = name;
	author.rw_count = nlen;
	gophermap_authors(&b, &site, &go, &author, 1);
	gophercheck_menu(b.b_data, b.b_len, 0, go.go_ascii);
	buf_free(&b);
	gophermap_author(&b, &site, &go, name, list, 1);
	gophercheck_menu(b.b_data, b.b_len, 0, go.go_ascii);
	buf_free(&b);
	month.rm_year = year;
	month.rm_month = mon;
	month.rm_count = blen;
	gophermap_archive(&b, &site, &go, &month, 1);
	gophercheck_menu(b.b_data, b.b_len, 0, go.go_ascii);
	buf_free(&b);
	gophermap_month(&b, &site, &go, year, mon, list, 1);
	gophercheck_menu(b.b_data, b.b_len, 0, go.go_ascii);
	buf_free(&b);
	pages[0] = name;
	gophermap_front(&b, &site, &go, front_of(list, 1, pages, 1));
	gophercheck_menu(b.b_data, b.b_len, 0, go.go_ascii);
	buf_free(&b);
	memset(&ra, 0, sizeof(ra));
	ra.ra_art = &a;
	gophermap_article(&b, &site, &go, &ra);
	gophercheck_menu(b.b_data, b.b_len, 0, go.go_ascii);
	buf_free(&b);
	gophermap_text(&b, &site, &go, &ra);
	gophercheck_text(b.b_data, b.b_len, go.go_ascii);
	buf_free(&b);

	article_free(&a);
	free(name);
	return 0;
}
