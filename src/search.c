/*
 * search: see search.h.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "search.h"
#include "utf8.h"

#define SEARCH_TOKEN_MAX	64
#define SEARCH_TITLE		1000
#define SEARCH_TAG		100
#define SEARCH_BODY_CAP		99
#define SEARCH_ARENA_CHUNK	(64u << 10)
#define SEARCH_SNIPPET		160	/* characters */

/*
 * A posting is one uint32_t: the article's index in s_pub (newest first)
 * above SEARCH_SCORE_BITS bits of score (at most 1000 + 100 + 99).  Half
 * the memory of a pair, and the 100,000-article index is mostly
 * postings.
 */
#define SEARCH_SCORE_BITS	11
#define SEARCH_ART_LIMIT	(1u << (32 - SEARCH_SCORE_BITS))
#define SEARCH_ART(p)		((p) >> SEARCH_SCORE_BITS)
#define SEARCH_SCORE(p)		((p) & ((1u << SEARCH_SCORE_BITS) - 1))

/*
 * While the index is built, each word's postings grow in a chain of
 * small chunks carved from big blocks; at the end they are copied, in
 * order, into one array (si_post) and the blocks are freed.  No list is
 * ever reallocated, so nothing is wasted on spare capacity.
 */
#define SEARCH_CHUNK_POSTINGS	15
#define SEARCH_BLOCK_CHUNKS	65536

struct search_pchunk {
	uint32_t	pc_next;	/* chunk number; 0 ends the chain */
	uint32_t	pc_post[SEARCH_CHUNK_POSTINGS];
};

struct search_word {
	const char		*sw_text;
	uint32_t		 sw_len;
	uint32_t		 sw_n;		/* postings */
	uint32_t		 sw_last;	/* article being scored, + 1 */
	uint32_t		 sw_cur;	/* its score so far */
	uint64_t		 sw_hash;
	uint32_t		 sw_head;	/* chunks, while building */
	uint32_t		 sw_tail;
	size_t			 sw_off;	/* postings in si_post, after */
};

struct search_chunk {
	struct search_chunk	*sc_next;
	size_t			 sc_used;
	char			 sc_data[SEARCH_ARENA_CHUNK];
};

struct search_index {
	const struct store	 *si_store;
	struct search_word	 *si_words;
	size_t			  si_nwords;
	size_t			  si_capwords;
	/*
	 * Open addressing: the word's index + 1 in the low half (0: empty),
	 * the top of its hash in the high half, so that a probe rarely has
	 * to look at the word itself.
	 */
	uint64_t		 *si_table;
	size_t			  si_tabsize;	/* a power of two */
	struct search_chunk	 *si_chunks;
	uint32_t		 *si_touched;	/* words of the current article */
	size_t			  si_ntouched;
	size_t			  si_captouched;
	struct search_pchunk	**si_blocks;	/* while building */
	size_t			  si_nblocks;
	uint32_t		  si_nchunks;	/* chunk 0 is never used */
	uint32_t		 *si_post;	/* every posting, word by word */
};

/* ASCII letters and digits in their folded form; 0 for the rest. */
static const char search_ascii[128] = {
	['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4',
	['5'] = '5', ['6'] = '6', ['7'] = '7', ['8'] = '8', ['9'] = '9',
	['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd', ['e'] = 'e',
	['f'] = 'f', ['g'] = 'g', ['h'] = 'h', ['i'] = 'i', ['j'] = 'j',
	['k'] = 'k', ['l'] = 'l', ['m'] = 'm', ['n'] = 'n', ['o'] = 'o',
	['p'] = 'p', ['q'] = 'q', ['r'] = 'r', ['s'] = 's', ['t'] = 't',
	['u'] = 'u', ['v'] = 'v', ['w'] = 'w', ['x'] = 'x', ['y'] = 'y',
	['z'] = 'z',
	['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd', ['E'] = 'e',
	['F'] = 'f', ['G'] = 'g', ['H'] = 'h', ['I'] = 'i', ['J'] = 'j',
	['K'] = 'k', ['L'] = 'l', ['M'] = 'm', ['N'] = 'n', ['O'] = 'o',
	['P'] = 'p', ['Q'] = 'q', ['R'] = 'r', ['S'] = 's', ['T'] = 't',
	['U'] = 'u', ['V'] = 'v', ['W'] = 'w', ['X'] = 'x', ['Y'] = 'y',
	['Z'] = 'z',
};

/*
 * The generic combining accents, shared by Latin, Greek and Cyrillic
 * (U+0300 block and its extensions).  A script's own marks (Indic vowel
 * signs, the kana voicing marks, Hebrew points) are not accents: they
 * change the letter, so they stay.
 */
static int
search_accent(utf8proc_int32_t cp)
{
	return (cp >= 0x0300 && cp < 0x0370) || (cp >= 0x1ab0 && cp < 0x1b00) ||
	    (cp >= 0x1dc0 && cp < 0x1e00) || (cp >= 0x20d0 && cp < 0x2100) ||
	    (cp >= 0xfe20 && cp < 0xfe30);
}

#define SEARCH_FOLD_CPS	8	/* longest full case fold, decomposed */
#define SEARCH_FOLD_MAX	(SEARCH_FOLD_CPS * 4)

/*
 * cp (n bytes at src) with Unicode's full case folding (utf8proc: Москва
 * -> москва, ß -> ss, ς -> σ) and, when its canonical decomposition holds
 * a generic accent, as its base letters without the accents (İ -> i,
 * ά -> α).  Anything else stays composed, so Hangul and kana keep their
 * form.  Writes UTF-8 into out (SEARCH_FOLD_MAX bytes) and returns its
 * length, 0 for a lone accent, -1 for a space or punctuation (of any
 * script), which ends a word.
 */
static int
search_fold(uint32_t cp, const char *src, size_t n, char *out)
{
	utf8proc_int32_t d[SEARCH_FOLD_CPS];
	utf8proc_int32_t c = (utf8proc_int32_t)cp;
	const utf8proc_property_t *p = utf8proc_get_property(c);
	utf8proc_ssize_t nd, i;
	int bound = 0, accent = 0, len = 0;

	switch (p->category) {
	case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PD:
	case UTF8PROC_CATEGORY_PS: case UTF8PROC_CATEGORY_PE:
	case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF:
	case UTF8PROC_CATEGORY_PO: case UTF8PROC_CATEGORY_ZS:
	case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
		return -1;
	default:
		break;
	}
	/* Most letters of running text fold to themselves: no lookup. */
	if (p->decomp_seqindex == UINT16_MAX &&
	    p->casefold_seqindex == UINT16_MAX) {
		if (search_accent(c))
			return 0;
		memcpy(out, src, n);
		return (int)n;
	}
	if (p->decomp_seqindex != UINT16_MAX) {
		nd = utf8proc_decompose_char(c, d, SEARCH_FOLD_CPS,
		    UTF8PROC_CASEFOLD | UTF8PROC_DECOMPOSE, &bound);
		for (i = 0; i < nd && i < SEARCH_FOLD_CPS; i++)
			if (search_accent(d[i]))
				accent = 1;
	}
	if (!accent)
		nd = utf8proc_decompose_char(c, d, SEARCH_FOLD_CPS,
		    UTF8PROC_CASEFOLD, &bound);
	if (nd < 0 || nd > SEARCH_FOLD_CPS) {
		memcpy(out, src, n);
		return (int)n;
	}
	for (i = 0; i < nd; i++)
		if (!search_accent(d[i]))
			len += (int)utf8proc_encode_char(d[i],
			    (utf8proc_uint8_t *)out + len);
	return len;
}

/* Called with each folded word of a text and where it starts there. */
typedef int (*search_word_fn)(void *ctx, const char *w, size_t len,
    size_t start);

/*
 * Splits text into folded words: ASCII letters and digits lower-cased,
 * Latin-1 and Latin Extended-A letters as utf8_fold() spells them in
 * ASCII (Ø and Ł have no decomposition to lose an accent from), every
 * other letter, digit or symbol through search_fold(); apostrophes join
 * ("it's" is "its"); spaces and punctuation separate.
 */
static int
search_words(const char *s, size_t len, search_word_fn fn, void *ctx)
{
	char w[SEARCH_TOKEN_MAX + 8], fw[SEARCH_FOLD_MAX];
	size_t i = 0, n, wl = 0, start = 0, k;
	int fl;
	const char *f;
	uint32_t cp;

	while (i <= len) {
		int word = 0;

		if (i == len) {
			n = 1;
			cp = ' ';
		} else if ((unsigned char)s[i] < 0x80) {
			n = 1;
			cp = (unsigned char)s[i];
		} else if ((n = utf8_decode(s + i, len - i, &cp)) == 0) {
			n = 1;
			cp = ' ';
		}
		if (cp == '\'' || cp == 0x2019) {
			i += n;
			continue;
		}
		if (cp < 0x80) {
			if (search_ascii[cp] != 0) {
				if (wl == 0)
					start = i;
				if (wl < SEARCH_TOKEN_MAX)
					w[wl++] = search_ascii[cp];
				word = 1;
			}
		} else if ((f = utf8_fold(cp)) != NULL) {
			if (isalnum((unsigned char)f[0])) {
				if (wl == 0)
					start = i;
				for (k = 0; f[k] != '\0'; k++)
					if (wl < SEARCH_TOKEN_MAX)
						w[wl++] = (char)tolower(
						    (unsigned char)f[k]);
				word = 1;
			}
		} else if (cp > 0x2000 && cp < 0x2070) {
			/* General punctuation: separators, not letters. */
		} else if ((fl = search_fold(cp, s + i, n, fw)) >= 0) {
			if (wl == 0)
				start = i;
			if (wl + (size_t)fl <= SEARCH_TOKEN_MAX) {
				memcpy(w + wl, fw, (size_t)fl);
				wl += (size_t)fl;
			}
			word = 1;
		}
		if (!word && wl > 0) {
			if (fn(ctx, w, wl, start) == -1)
				return -1;
			wl = 0;
		}
		i += n;
	}
	return 0;
}

static uint64_t
search_hash(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (len-- > 0)
		h = (h ^ (unsigned char)*s++) * 0x100000001b3ULL;
	return h;
}

#define SEARCH_TAG_OF(h)	((h) & 0xffffffff00000000ULL)

static struct search_word *
search_find(const struct search_index *si, const char *w, size_t len,
    uint64_t h, size_t *slot)
{
	size_t mask = si->si_tabsize - 1, i = (size_t)h & mask;
	struct search_word *sw;
	uint64_t e;

	for (;; i = (i + 1) & mask) {
		if ((e = si->si_table[i]) == 0) {
			if (slot != NULL)
				*slot = i;
			return NULL;
		}
		if (SEARCH_TAG_OF(e) != SEARCH_TAG_OF(h))
			continue;
		sw = &si->si_words[(uint32_t)e - 1];
		if (sw->sw_len == len && memcmp(sw->sw_text, w, len) == 0)
			return sw;
	}
}

static const char *
search_intern(struct search_index *si, const char *w, size_t len)
{
	struct search_chunk *c = si->si_chunks;
	char *p;

	if (c == NULL || c->sc_used + len > SEARCH_ARENA_CHUNK) {
		if ((c = malloc(sizeof(*c))) == NULL)
			return NULL;
		c->sc_next = si->si_chunks;
		c->sc_used = 0;
		si->si_chunks = c;
	}
	p = c->sc_data + c->sc_used;
	memcpy(p, w, len);
	c->sc_used += len;
	return p;
}

static int
search_grow_table(struct search_index *si)
{
	size_t i, size = si->si_tabsize ? si->si_tabsize * 2 : 4096, slot;
	uint64_t *old = si->si_table;
	size_t oldsize = si->si_tabsize;

	if ((si->si_table = calloc(size, sizeof(*si->si_table))) == NULL) {
		si->si_table = old;
		return -1;
	}
	si->si_tabsize = size;
	for (i = 0; i < oldsize; i++) {
		struct search_word *sw;

		if (old[i] == 0)
			continue;
		sw = &si->si_words[(uint32_t)old[i] - 1];
		search_find(si, sw->sw_text, sw->sw_len, sw->sw_hash, &slot);
		si->si_table[slot] = old[i];
	}
	free(old);
	return 0;
}

struct search_build {
	struct search_index	*sb_si;
	uint32_t		 sb_art;	/* + 1 */
	uint32_t		 sb_weight;
};

static int
search_add_word(void *ctx, const char *w, size_t len, size_t start)
{
	struct search_build *sb = ctx;
	struct search_index *si = sb->sb_si;
	struct search_word *sw;
	uint64_t h = search_hash(w, len);
	size_t slot;

	(void)start;
	if ((sw = search_find(si, w, len, h, &slot)) == NULL) {
		if (si->si_nwords == si->si_capwords) {
			size_t cap = si->si_capwords ? si->si_capwords * 2 :
			    4096;
			struct search_word *nw;

			if ((nw = realloc(si->si_words, cap * sizeof(*nw))) ==
			    NULL)
				return -1;
			si->si_words = nw;
			si->si_capwords = cap;
		}
		if ((si->si_nwords + 1) * 2 > si->si_tabsize) {
			if (search_grow_table(si) == -1)
				return -1;
			search_find(si, w, len, h, &slot);
		}
		sw = &si->si_words[si->si_nwords];
		memset(sw, 0, sizeof(*sw));
		if ((sw->sw_text = search_intern(si, w, len)) == NULL)
			return -1;
		sw->sw_len = (uint32_t)len;
		sw->sw_hash = h;
		si->si_table[slot] = SEARCH_TAG_OF(h) |
		    (uint32_t)++si->si_nwords;
	}
	if (sw->sw_last != sb->sb_art) {
		if (si->si_ntouched == si->si_captouched) {
			size_t cap = si->si_captouched ? si->si_captouched * 2 :
			    1024;
			uint32_t *nt;

			if ((nt = realloc(si->si_touched, cap * sizeof(*nt))) ==
			    NULL)
				return -1;
			si->si_touched = nt;
			si->si_captouched = cap;
		}
		si->si_touched[si->si_ntouched++] = (uint32_t)(sw -
		    si->si_words);
		sw->sw_last = sb->sb_art;
		sw->sw_cur = 0;
	}
	/* Title and tags count once each, the body once per occurrence. */
	if (sb->sb_weight == SEARCH_TITLE) {
		if (sw->sw_cur < SEARCH_TITLE)
			sw->sw_cur += SEARCH_TITLE;
	} else if (sb->sb_weight == SEARCH_TAG) {
		if (sw->sw_cur % SEARCH_TITLE < SEARCH_TAG)
			sw->sw_cur += SEARCH_TAG;
	} else if (sw->sw_cur % SEARCH_TAG < SEARCH_BODY_CAP)
		sw->sw_cur++;
	return 0;
}

/* A fresh chunk's number, or 0 when out of memory. */
static uint32_t
search_chunk_new(struct search_index *si)
{
	struct search_pchunk **nb;
	uint32_t c;

	if (si->si_nchunks == 0)
		si->si_nchunks = 1;
	c = si->si_nchunks;
	if (c / SEARCH_BLOCK_CHUNKS == si->si_nblocks) {
		if (si->si_nblocks >= UINT32_MAX / SEARCH_BLOCK_CHUNKS - 1 ||
		    (nb = realloc(si->si_blocks, (si->si_nblocks + 1) *
		    sizeof(*nb))) == NULL)
			return 0;
		si->si_blocks = nb;
		if ((nb[si->si_nblocks] = malloc(SEARCH_BLOCK_CHUNKS *
		    sizeof(**nb))) == NULL)
			return 0;
		si->si_nblocks++;
	}
	si->si_nchunks++;
	si->si_blocks[c / SEARCH_BLOCK_CHUNKS][c % SEARCH_BLOCK_CHUNKS].pc_next =
	    0;
	return c;
}

static struct search_pchunk *
search_chunk(const struct search_index *si, uint32_t c)
{
	return &si->si_blocks[c / SEARCH_BLOCK_CHUNKS][c % SEARCH_BLOCK_CHUNKS];
}

/* Moves the scores of the article just read into the posting lists. */
static int
search_flush(struct search_index *si, uint32_t art)
{
	size_t i;
	uint32_t c;

	for (i = 0; i < si->si_ntouched; i++) {
		struct search_word *sw = &si->si_words[si->si_touched[i]];

		if (sw->sw_n % SEARCH_CHUNK_POSTINGS == 0) {
			if ((c = search_chunk_new(si)) == 0)
				return -1;
			if (sw->sw_n == 0)
				sw->sw_head = c;
			else
				search_chunk(si, sw->sw_tail)->pc_next = c;
			sw->sw_tail = c;
		}
		search_chunk(si, sw->sw_tail)->pc_post[sw->sw_n %
		    SEARCH_CHUNK_POSTINGS] = art << SEARCH_SCORE_BITS | sw->sw_cur;
		sw->sw_n++;
	}
	si->si_ntouched = 0;
	return 0;
}

/* Copies every chain into si_post and lets the chunks go. */
static int
search_finish(struct search_index *si)
{
	size_t total = 0, off = 0, i, k;
	uint32_t c;

	for (i = 0; i < si->si_nwords; i++)
		total += si->si_words[i].sw_n;
	if ((si->si_post = malloc((total ? total : 1) * sizeof(*si->si_post))) ==
	    NULL)
		return -1;
	for (i = 0; i < si->si_nwords; i++) {
		struct search_word *sw = &si->si_words[i];

		sw->sw_off = off;
		for (c = sw->sw_head, k = 0; k < sw->sw_n; k++) {
			if (k > 0 && k % SEARCH_CHUNK_POSTINGS == 0)
				c = search_chunk(si, c)->pc_next;
			si->si_post[off++] = search_chunk(si, c)->pc_post[k %
			    SEARCH_CHUNK_POSTINGS];
		}
	}
	for (i = 0; i < si->si_nblocks; i++)
		free(si->si_blocks[i]);
	free(si->si_blocks);
	si->si_blocks = NULL;
	si->si_nblocks = 0;
	return 0;
}

/* Indexes a gemtext body: link lines by their label, not their URL. */
static int
search_add_body(struct search_build *sb, const char *body, size_t len)
{
	const char *p = body, *end = body + len, *eol, *t;

	while (p < end) {
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			eol = end;
		t = p;
		if (eol - p >= 2 && p[0] == '=' && p[1] == '>') {
			for (t = p + 2; t < eol && (*t == ' ' || *t == '\t');
			    t++)
				;
			while (t < eol && *t != ' ' && *t != '\t')
				t++;
		}
		if (search_words(t, (size_t)(eol - t), search_add_word, sb) ==
		    -1)
			return -1;
		p = eol + 1;
	}
	return 0;
}

struct search_index *
search_build(const struct store *s)
{
	struct search_build sb;
	struct search_index *si;
	size_t i, j;

	if (s->s_npub >= SEARCH_ART_LIMIT ||
	    (si = calloc(1, sizeof(*si))) == NULL)
		return NULL;
	si->si_store = s;
	if (search_grow_table(si) == -1)
		goto fail;
	sb.sb_si = si;
	for (i = 0; i < s->s_npub; i++) {
		const struct article *a = s->s_pub[i];

		sb.sb_art = (uint32_t)i + 1;
		sb.sb_weight = SEARCH_TITLE;
		if (search_words(a->a_title, strlen(a->a_title),
		    search_add_word, &sb) == -1)
			goto fail;
		sb.sb_weight = SEARCH_TAG;
		for (j = 0; j < a->a_ntags; j++)
			if (search_words(a->a_tags[j], strlen(a->a_tags[j]),
			    search_add_word, &sb) == -1)
				goto fail;
		sb.sb_weight = 1;
		if ((a->a_summary != NULL && search_words(a->a_summary,
		    strlen(a->a_summary), search_add_word, &sb) == -1) ||
		    search_add_body(&sb, a->a_body, a->a_bodylen) == -1 ||
		    search_flush(si, (uint32_t)i) == -1)
			goto fail;
	}
	free(si->si_touched);
	si->si_touched = NULL;
	si->si_captouched = 0;
	if (search_finish(si) == -1)
		goto fail;
	return si;
fail:
	search_free(si);
	return NULL;
}

void
search_free(struct search_index *si)
{
	struct search_chunk *c;
	size_t i;

	if (si == NULL)
		return;
	for (i = 0; i < si->si_nblocks; i++)
		free(si->si_blocks[i]);
	free(si->si_blocks);
	free(si->si_post);
	while ((c = si->si_chunks) != NULL) {
		si->si_chunks = c->sc_next;
		free(c);
	}
	free(si->si_words);
	free(si->si_table);
	free(si->si_touched);
	free(si);
}

struct search_q {
	const struct search_index	*sq_si;
	const struct search_word	*sq_words[SEARCH_WORDS_MAX];
	size_t				 sq_n;
	int				 sq_missing;
};

static int
search_q_word(void *ctx, const char *w, size_t len, size_t start)
{
	struct search_q *q = ctx;
	const struct search_word *sw;
	size_t i;

	(void)start;
	if (q->sq_n == SEARCH_WORDS_MAX)
		return 0;
	sw = search_find(q->sq_si, w, len, search_hash(w, len), NULL);
	if (sw == NULL) {
		q->sq_missing = 1;
		return 0;
	}
	for (i = 0; i < q->sq_n; i++)
		if (q->sq_words[i] == sw)
			return 0;
	q->sq_words[q->sq_n++] = sw;
	return 0;
}

static int
search_cmp_len(const void *x, const void *y)
{
	const struct search_word *a = *(const struct search_word *const *)x;
	const struct search_word *b = *(const struct search_word *const *)y;

	return a->sw_n < b->sw_n ? -1 : a->sw_n > b->sw_n;
}

/* A hit being ranked: the article's index and its summed score. */
struct search_rank {
	uint32_t	sr_art;
	uint32_t	sr_score;
};

static int
search_cmp_hit(const void *x, const void *y)
{
	const struct search_rank *a = x, *b = y;

	if (a->sr_score != b->sr_score)
		return a->sr_score > b->sr_score ? -1 : 1;
	return a->sr_art < b->sr_art ? -1 : a->sr_art > b->sr_art;
}

/* The score of art in sw's postings, or 0 when it is not there. */
static uint32_t
search_score_of(const struct search_index *si, const struct search_word *sw,
    uint32_t art)
{
	const uint32_t *post = si->si_post + sw->sw_off;
	size_t lo = 0, hi = sw->sw_n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (SEARCH_ART(post[mid]) < art)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < sw->sw_n && SEARCH_ART(post[lo]) == art ?
	    SEARCH_SCORE(post[lo]) : 0;
}

size_t
search_query(const struct search_index *si, const char *query,
    struct search_hit *hits, size_t max)
{
	struct search_q q;
	struct search_rank *all;
	const uint32_t *post;
	size_t i, j, n = 0;

	memset(&q, 0, sizeof(q));
	q.sq_si = si;
	search_words(query, strlen(query), search_q_word, &q);
	if (q.sq_missing || q.sq_n == 0)
		return 0;
	qsort(q.sq_words, q.sq_n, sizeof(q.sq_words[0]), search_cmp_len);
	if ((all = malloc(q.sq_words[0]->sw_n * sizeof(*all))) == NULL)
		return 0;
	post = si->si_post + q.sq_words[0]->sw_off;
	for (i = 0; i < q.sq_words[0]->sw_n; i++) {
		struct search_rank r = { SEARCH_ART(post[i]),
		    SEARCH_SCORE(post[i]) };
		uint32_t s;

		for (j = 1; j < q.sq_n; j++) {
			if ((s = search_score_of(si, q.sq_words[j], r.sr_art)) ==
			    0)
				break;
			r.sr_score += s;
		}
		if (j == q.sq_n)
			all[n++] = r;
	}
	if (n > 1)
		qsort(all, n, sizeof(*all), search_cmp_hit);
	for (i = 0; i < n && i < max; i++) {
		hits[i].sh_art = si->si_store->s_pub[all[i].sr_art];
		hits[i].sh_score = all[i].sr_score;
	}
	free(all);
	return n;
}

struct search_snip {
	char		 sn_words[SEARCH_WORDS_MAX][SEARCH_TOKEN_MAX + 8];
	size_t		 sn_lens[SEARCH_WORDS_MAX];
	size_t		 sn_n;
	size_t		 sn_found;	/* offset + 1 of the first match */
};

static int
search_snip_query(void *ctx, const char *w, size_t len, size_t start)
{
	struct search_snip *sn = ctx;

	(void)start;
	if (sn->sn_n < SEARCH_WORDS_MAX) {
		memcpy(sn->sn_words[sn->sn_n], w, len);
		sn->sn_lens[sn->sn_n++] = len;
	}
	return 0;
}

static int
search_snip_line(void *ctx, const char *w, size_t len, size_t start)
{
	struct search_snip *sn = ctx;
	size_t i;

	for (i = 0; i < sn->sn_n; i++)
		if (sn->sn_lens[i] == len &&
		    memcmp(sn->sn_words[i], w, len) == 0) {
			sn->sn_found = start + 1;
			return -1;	/* stop at the first match */
		}
	return 0;
}

/* The readable text of a gemtext line: markers and link URLs dropped. */
static const char *
search_line_text(const char *p, const char *eol)
{
	if (eol - p >= 3 && memcmp(p, "```", 3) == 0)
		return eol;
	if (eol - p >= 2 && p[0] == '=' && p[1] == '>') {
		for (p += 2; p < eol && (*p == ' ' || *p == '\t'); p++)
			;
		while (p < eol && *p != ' ' && *p != '\t')
			p++;
	} else
		while (p < eol && (*p == '#' || *p == '*' || *p == '>'))
			p++;
	while (p < eol && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* Appends s[0..len) with white space runs made single spaces. */
static size_t
search_copy(char *out, size_t o, size_t outsz, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len && o + 1 < outsz; i++) {
		char c = s[i] == '\t' ? ' ' : s[i];

		if (c == ' ' && (o == 0 || out[o - 1] == ' '))
			continue;
		out[o++] = c;
	}
	return o;
}

void
search_snippet(const struct article *a, const char *query, char *out,
    size_t outsz)
{
	struct search_snip sn;
	const char *p, *end, *eol, *t, *best = NULL, *bestend = NULL;
	size_t at = 0, from, to, cut, o = 0, len;
	int pre = 0;

	if (outsz == 0)
		return;
	memset(&sn, 0, sizeof(sn));
	search_words(query, strlen(query), search_snip_query, &sn);
	p = a->a_body;
	end = a->a_body + a->a_bodylen;
	for (; p < end; p = eol + 1) {
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			eol = end;
		if (eol - p >= 3 && memcmp(p, "```", 3) == 0) {
			pre = !pre;
			continue;
		}
		t = pre ? p : search_line_text(p, eol);
		if (t == eol)
			continue;
		if (best == NULL) {
			best = t;
			bestend = eol;
		}
		sn.sn_found = 0;
		search_words(t, (size_t)(eol - t), search_snip_line, &sn);
		if (sn.sn_found) {
			best = t;
			bestend = eol;
			at = sn.sn_found - 1;
			break;
		}
	}
	if (best == NULL) {
		best = a->a_summary ? a->a_summary : "";
		bestend = best + strlen(best);
	}
	len = (size_t)(bestend - best);
	/* A window of about SEARCH_SNIPPET characters, the match early on. */
	from = at > 40 ? at - 40 : 0;
	while (from > 0 && best[from - 1] != ' ')
		from--;
	to = from + utf8_prefix(best + from, len - from, SEARCH_SNIPPET);
	/*
	 * Cut after the last space in the window; text without one (CJK is
	 * written so) keeps the window, which ends on a character.
	 */
	if (to < len) {
		for (cut = to; cut > from && best[cut - 1] != ' '; cut--)
			;
		if (cut > from)
			to = cut;
	}
	if (from > 0)
		o = search_copy(out, o, outsz, "\xe2\x80\xa6 ", 4);
	o = search_copy(out, o, outsz, best + from, to - from);
	while (o > 0 && out[o - 1] == ' ')
		o--;
	if (to < len && o + 4 < outsz) {
		memcpy(out + o, "\xe2\x80\xa6", 3);
		o += 3;
	}
	/* A small buffer may have cut the last character in two. */
	if (o > 0) {
		size_t k = o - 1;
		uint32_t cp;

		while (k > 0 && o - k < 4 &&
		    ((unsigned char)out[k] & 0xc0) == 0x80)
			k--;
		if (utf8_decode(out + k, o - k, &cp) != o - k)
			o = k;
	}
	out[o] = '\0';
}
