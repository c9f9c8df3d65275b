/*
 * fuzz_render: both renderers and the feed on whatever article the
 * parser accepts: gemtext page, plain text, gopher card and text (UTF-8
 * and ASCII), the front page with it as the lead, Atom.  The gopher output must keep the format of
 * gophercheck.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "article.h"
#include "buf.h"
#include "feed.h"
#include "gemtext.h"
#include "gophercheck.h"
#include "gophermap.h"
#include "text.h"

/*
 * The front page as the paper lays it out: the article is the lead, the
 * one headline of a section named after its first tag (or "t"), the
 * latest list; two languages, so their list is there too.
 */
static const struct render_front *
front_of(const struct article *const *arts)
{
	static struct render_front rf;
	static struct render_section sec;
	static const struct render_lang langs[2] = { { "en", 1 },
	    { "x-zz", 1 } };

	memset(&rf, 0, sizeof(rf));
	sec.rc_tag = arts[0]->a_ntags > 0 ? arts[0]->a_tags[0] : "t";
	sec.rc_arts = arts;
	sec.rc_n = 1;
	rf.rf_lead = arts[0];
	rf.rf_sections = &sec;
	rf.rf_nsections = 1;
	rf.rf_latest = arts;
	rf.rf_nlatest = 1;
	rf.rf_langs = langs;
	rf.rf_nlangs = 2;
	return &rf;
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const struct render_site site = {
	"Fuzzed site", "A description", "en", "(c) nobody", "localhost"
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct gophermap_opts go = { "localhost", 70, 0, NULL, NULL };
	const struct article *list[1];
	struct render_headline hl[4];
	struct render_article ra;
	size_t i, nh = 0;
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
	/* Itself as previous and next in its first tag. */
	if (a.a_ntags > 0) {
		ra.ra_tag = a.a_tags[0];
		ra.ra_prev = ra.ra_next = &a;
	}
	/* Itself as a related article: the card's last section. */
	ra.ra_related = list;
	ra.ra_nrelated = 1;
	/* Related: headers as headlines, every other one in the store. */
	for (i = 0; i < a.a_nhdr && nh < 4; i++)
		if (strcasecmp(a.a_hdr[i].h_name, "Related") == 0) {
			hl[nh].rh_text = a.a_hdr[i].h_value;
			hl[nh].rh_art = nh % 2 ? &a : NULL;
			nh++;
		}
	ra.ra_headlines = hl;
	ra.ra_nheadlines = nh;
	gemtext_article(&b, &site, &ra);
	gemtext_front(&b, &site, front_of(list));
	text_article(&b, &site, &ra, &to);
	feed_atom(&b, &site, "gemini://localhost", "/atom.xml", "t", list, 1);
	feed_atom_gopher(&b, &site, "gopher://localhost:70", "/atom.xml", "t",
	    list, 1);
	buf_free(&b);
	for (go.go_ascii = 0; go.go_ascii < 2; go.go_ascii++) {
		gophermap_article(&b, &site, &go, &ra);
		gophercheck_menu(b.b_data, b.b_len, 0, go.go_ascii);
		buf_free(&b);
		gophermap_front(&b, &site, &go, front_of(list));
		gophercheck_menu(b.b_data, b.b_len, 0, go.go_ascii);
		buf_free(&b);
		gophermap_text(&b, &site, &go, &ra);
		gophercheck_text(b.b_data, b.b_len, go.go_ascii);
		buf_free(&b);
	}
	article_free(&a);
	return 0;
}
