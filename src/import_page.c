/*
 * import_page: what a browser's copy of a news page holds around the
 * story, for plain text.  See import_int.h.
 *
 * A page reads, top to bottom: site furniture (navigation, section
 * labels, date widgets), the headline, a head (kicker, dek, byline, date,
 * photo and caption, counters), the story, then a tail (credits, "Read
 * more", comments, the next post).  The rules judge a line by its shape
 * rather than by its words alone, so that sites nobody has looked at are
 * handled too:
 *
 *  - prose is ten words or more, ends like a sentence (or runs past 200
 *    characters, as a cut-off paragraph does) and has the share of short
 *    function words ("the", "de", "und", "że") every language's prose
 *    has; name lists, captions of names and link labels have few;
 *  - with --title, everything before the headline's line is furniture,
 *    but a date there becomes Date;
 *  - between the headline and the first prose paragraph, a date, a
 *    byline, a lone name, a credit and a dek are lifted into headers and
 *    every other line goes;
 *  - a caption ends with its credit ("(Name/Agency)", "Photo: Name", "|
 *    Foto: Name", " - AGENCY"): the first fills the image headers, every
 *    one leaves the body;
 *  - an appeal for money or sign-ups speaks to the reader ("your support",
 *    "our journalism"); a run of them leaves with what lies between;
 *  - after the story has begun, "-0-", "Read more" buttons and comment
 *    headers end it, and so does a headline-like line followed by a date
 *    or a counter (the next post).
 *
 * Words are compared folded to ASCII (date_fold), so the lists below are
 * plain letters.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "import_int.h"
#include "utf8.h"

#define WORD_MAX	40
#define PROSE_WORDS	10
#define PROSE_LONG	200	/* code points: a paragraph cut mid-way */
#define DEK_WORDS_MIN	6
#define DEK_LEN_MAX	400
#define CAPTION_LEN_MAX	300
#define CREDIT_WORDS	12
#define NAME_WORDS	4
#define APPEAL_GAP	3	/* blocks between two appeals */
#define TEASER_WORDS	15
#define TEASER_TAIL	8	/* words after its last sentence */
#define NAV_RUN		4
#define GLUE_MIN	60	/* a hard-wrapped line is at least this long */
#define GLUE_LOWER	30	/* ... or this, when the next starts small */
#define REPEAT_LOOK	20	/* blocks searched for a dek's repeat */
#define REPEAT_TRIES	3
#define HEAD_SCAN	40	/* head blocks searched for a glued credit */

/* Function words of en, de, fr, es, it, pt, nl and pl prose, folded. */
static const char *const stopwords[] = {
	"a", "aan", "aber", "about", "after", "al", "ale", "all", "alla",
	"also", "am", "an", "anche", "and", "ao", "are", "as", "at", "au",
	"auch", "auf", "aus", "aux", "be", "been", "bei", "bij", "but", "by",
	"can", "ce", "cette", "che", "co", "com", "come", "como", "con",
	"could", "da", "dans", "das", "dass", "dat", "de", "dei", "del",
	"della", "delle", "dem", "den", "der", "des", "di", "die", "dla",
	"do", "dos", "du", "e", "een", "ein", "eine", "einen", "el", "elle",
	"em", "en", "er", "era", "es", "est", "et", "etait", "foi", "for",
	"from", "fue", "fur", "gli", "ha", "had", "has", "hat", "have", "he",
	"her", "het", "his", "i", "il", "im", "in", "into", "is", "ist",
	"it", "its", "jak", "jako", "jest", "juz", "la", "las", "le", "les",
	"lo", "los", "ma", "maar", "mais", "mas", "met", "mit", "more", "na",
	"nach", "nao", "ne", "nel", "new", "nicht", "nie", "niet", "no",
	"noch", "non", "not", "nur", "o", "od", "oder", "of", "on", "one",
	"ont", "ook", "op", "or", "oraz", "os", "our", "out", "over", "par",
	"para", "pas", "per", "pero", "plus", "po", "por", "pour", "przez",
	"que", "qui", "sa", "said", "se", "ses", "she", "si", "sich", "sie",
	"sind", "so", "son", "sono", "sont", "su", "sur", "sus", "tak", "te",
	"than", "that", "the", "their", "there", "they", "this", "to",
	"uber", "um", "uma", "un", "una", "und", "une", "up", "van", "von",
	"voor", "vor", "w", "was", "we", "werden", "were", "what", "when",
	"which", "who", "wie", "will", "wird", "with", "would", "wurde", "y",
	"you", "z", "za", "ze", "zijn", "zu", "zum", "zur"
};

/* Appeals: words that ask for money, sign-ups, or speak of "our" work. */
static const char *const appeal_stems[] = {
	"support", "donat", "subscri", "paywall", "journalis", "contribut",
	"membership", "newsletter", "unterstutz", "spende", "abonn",
	"soutien", "souten", "suscri", "apoy", "apoi", "assin", "sosten",
	"abbona", "steun", "wesprzyj", "wspier", "prenumer"
};
/* "Follow us on Facebook", "seguici su Instagram". */
static const char *const follows[] = {
	"folgen", "folgt", "follow", "obserwuj", "segui", "seguici",
	"seguinos", "siga", "siganos", "sigue", "siguenos", "suivez",
	"suiveznous", "volg", "volgt"
};
static const char *const socials[] = {
	"facebook", "instagram", "linkedin", "telegram", "tiktok", "twitter",
	"whatsapp", "youtube"
};

static const char *const pronouns[] = {
	"ihr", "jij", "jouw", "my", "nas", "nasz", "nasze", "noi", "nos",
	"nosotros", "nossa", "nosso", "nostra", "nostro", "notre", "nous",
	"nuestra", "nuestro", "nuestros", "ons", "onze", "our", "u", "uns",
	"unser", "unsere", "us", "usted", "ustedes", "voce", "voi", "votre",
	"vous", "we", "wij", "wir", "wy", "you", "your"
};

/* Short lines made of these words are widgets (share bars, menus). */
static const char *const widgets[] = {
	"advertentie", "advertisement", "all", "anzeige", "audio", "back",
	"buy", "by", "close", "comment", "comments", "compartilhar",
	"compartir", "condividi", "connect", "content", "copy", "czytania",
	"delen", "email", "facebook", "follow", "for", "gallery", "home",
	"image", "images", "in", "lectura", "lecture", "leestijd", "leitura",
	"lesezeit", "lettura", "link", "linkedin", "listen", "log", "login",
	"mail", "main", "menu", "min", "minute", "minutes", "most",
	"navigation", "newsletter", "next", "no", "now", "on", "open",
	"partager", "photo", "photos", "pinterest", "placeholder", "popular",
	"previous", "print", "pubblicita", "publicidad", "publicidade",
	"publicite", "read", "recommended", "reddit", "reklama", "related",
	"result", "results", "search", "share", "shared", "shares",
	"sharing", "sign", "skip", "sponsored", "subscribe", "tag", "tags",
	"teilen", "telegram", "to", "toggle", "top", "tweet", "twitter",
	"udostepnij", "us", "video", "videos", "view", "werbung", "whatsapp",
	"with", "x", "you"
};

/* Words that end the story when a line says only them. */
static const char *const enders[] = {
	"-0-", "-30-", "###", "# # #", "leave a reply", "leave a comment",
	"comments", "comment", "kommentare", "commentaires", "comentarios",
	"commenti", "comentarios", "reacties", "komentarze", "read more",
	"continue reading", "weiterlesen", "lire la suite", "leer mas",
	"leggi tutto", "leia mais", "lees meer", "czytaj dalej",
	"related posts", "related articles", "you may also like",
	"recommended for you", "most shared", "most read", "meistgelesen",
	"les plus lus", "lo mas leido", "mais lidas", "i piu letti",
	"meest gelezen", "najczesciej czytane", "more stories",
	"mehr zum thema", "recomendado para ti", "te puede interesar",
	"tambien te puede interesar", "vous aimerez aussi", "a lire egalement",
	"das konnte sie auch interessieren",
	"empfohlen", "voce pode gostar", "pode te interessar",
	"ti potrebbe interessare", "misschien interessant", "polecamy",
	"more from", "trending", "popular now", "what to read next",
	"noticias similares", "noticias relacionadas", "notas relacionadas",
	"artigos relacionados", "noticias relacionadas", "articles similaires",
	"sur le meme sujet", "a voir aussi", "ahnliche artikel",
	"articoli correlati", "gerelateerde artikelen", "podobne artykuly",
	"zobacz rowniez", "you might also like", "more news", "latest news",
	"latest stories", "related news", "mehr aus dem ressort"
};

/* Byline words standing alone; the name follows on the next line. */
static const char *const byline_alone[] = {
	"auteur", "author", "autor", "autore", "by", "da", "de", "di",
	"door", "par", "por", "von"
};

/* A name that is a placeholder, never an Author. */
static const char *const placeholders[] = {
	"admin", "administrator", "anonymous", "author", "editor", "editors",
	"guest", "redaccion", "redactie", "redaction", "redakcja",
	"redaktion", "redazione", "staff", "uhr", "user"
};

/* Roles in a bio line ("NAME is a staff writer"). */
static const char *const roles[] = {
	"coeditor", "columnist", "contributor", "correspondent",
	"dziennikarka", "dziennikarz", "editor", "giornalista", "jornalista",
	"journalist", "journaliste", "korrespondent", "periodista",
	"producer", "redacteur", "redactor", "redakteur", "redakteurin",
	"redator", "redattore", "reporter", "verslaggever", "writer"
};

/* Helpers on words. */

static int
wordcmp(const void *k, const void *e)
{
	return strcmp(k, *(const char *const *)e);
}

/* w in a sorted list of words. */
static int
in_sorted(const char *const *list, size_t n, const char *w)
{
	return *w != '\0' && bsearch(w, list, n, sizeof(*list), wordcmp) !=
	    NULL;
}

#define in_words(list, w)	\
	in_sorted(list, sizeof(list) / sizeof(list[0]), w)

/* The next space-separated word of s[0..n) from *i. */
static int
next_word(const char *s, size_t n, size_t *i, const char **w, size_t *wn)
{
	size_t	 j;

	while (*i < n && s[*i] == ' ')
		(*i)++;
	if (*i >= n)
		return 0;
	for (j = *i; j < n && s[j] != ' '; j++)
		;
	*w = s + *i;
	*wn = j - *i;
	*i = j;
	return 1;
}

struct shape {
	size_t	 sh_words;
	size_t	 sh_stop;
	size_t	 sh_caps;	/* words that start with a capital */
	size_t	 sh_alpha;	/* words with a letter */
	size_t	 sh_len;	/* code points */
	int	 sh_end;	/* ends like a sentence */
};

static int
upper_at(const char *s, size_t n)
{
	unsigned char	 c0, c1;

	if (n == 0)
		return 0;
	c0 = (unsigned char)s[0];
	c1 = n > 1 ? (unsigned char)s[1] : 0;
	return is_upper(s[0]) || (c0 == 0xc3 && c1 >= 0x80 && c1 <= 0x9e &&
	    c1 != 0x97) || (c0 == 0xc5 && (c1 == 0x81 || c1 == 0x9a ||
	    c1 == 0xbb || c1 == 0xb9)) || (c0 == 0xc4 && (c1 == 0x86 ||
	    c1 == 0x98));
}

/* Closing quotes and brackets at the end of s. */
static size_t
strip_closers(const char *s, size_t n)
{
	for (;;) {
		if (n >= 1 && strchr("\"')]*", s[n - 1]) != NULL && s[n - 1])
			n--;
		else if (n >= 3 && (memcmp(s + n - 3, "\xe2\x80\x9d", 3) == 0 ||
		    memcmp(s + n - 3, "\xe2\x80\x99", 3) == 0))
			n -= 3;
		else if (n >= 2 && memcmp(s + n - 2, "\xc2\xbb", 2) == 0)
			n -= 2;
		else
			return n;
	}
}

static int
ends_sentence(const char *s, size_t n)
{
	n = strip_closers(s, n);
	if (n == 0)
		return 0;
	if (strchr(".!?:;", s[n - 1]) != NULL)
		return 1;
	return n >= 3 && memcmp(s + n - 3, "\xe2\x80\xa6", 3) == 0;
}

static void
shape_of(const char *s, size_t n, struct shape *sh)
{
	char		 w[WORD_MAX];
	const char	*p;
	size_t		 i = 0, pn;

	memset(sh, 0, sizeof(*sh));
	while (next_word(s, n, &i, &p, &pn)) {
		sh->sh_words++;
		if (upper_at(p, pn))
			sh->sh_caps++;
		if (date_fold(p, pn, w, sizeof(w)) == 0)
			continue;
		if (!is_digit(w[0]))
			sh->sh_alpha++;
		if (in_words(stopwords, w))
			sh->sh_stop++;
	}
	sh->sh_len = utf8_length(s, n);
	sh->sh_end = ends_sentence(s, n);
}

/*
 * A wire dateline opens the text: "HOUSTON (AP) —", "Roma, 14 giu.
 * (askanews) –", "WASHINGTON, Oct. 6 /U.S. Newswire/ --", "ELMORE -".
 */
static int
dateline(const char *s, size_t n)
{
	size_t	 i, lim = n < 80 ? n : 80, caps = 0;
	const char *open;

	for (i = 0; i < lim && (is_upper(s[i]) || s[i] == '.' ||
	    s[i] == '\''); i++)
		caps++;
	if (caps >= 3 && (i == n || s[i] == ' ' || s[i] == ',' ||
	    s[i] == '-')) {
		if (norm_find(s, lim, "\xe2\x80\x94") != NULL ||
		    norm_find(s, lim, "\xe2\x80\x93") != NULL ||
		    norm_find(s, lim, " - ") != NULL ||
		    norm_find(s, lim, "--") != NULL ||
		    norm_find(s, lim, " -") != NULL)
			return 1;
	}
	if ((open = memchr(s, '(', lim)) == NULL || !upper_at(s, n))
		return 0;
	for (i = (size_t)(open - s) + 1; i < lim && s[i] != ')'; i++)
		;
	if (i >= lim)
		return 0;
	for (i++; i < n && s[i] == ' '; i++)
		;
	return i < n && (s[i] == '-' || (n - i >= 3 &&
	    (memcmp(s + i, "\xe2\x80\x94", 3) == 0 ||
	    memcmp(s + i, "\xe2\x80\x93", 3) == 0)));
}

static int
prose(const char *s, size_t n)
{
	struct shape	 sh;

	shape_of(s, n, &sh);
	if (sh.sh_words >= 6 && dateline(s, n))
		return 1;
	return sh.sh_words >= PROSE_WORDS && sh.sh_stop * 8 >= sh.sh_alpha &&
	    (sh.sh_end || sh.sh_len >= PROSE_LONG);
}

/* Blocks. */

/* A block's live text, joined; NULL when it has none. */
static const char *
text_of(struct ctx *c, size_t bi, size_t *n)
{
	struct block	*b = ctx_block(c, bi);
	struct buf	 sb = BUF_INIT;
	struct line	*l;
	const char	*p = NULL;
	size_t		 li;

	*n = 0;
	if (b->b_dead || b->b_kind != B_PARA)
		return NULL;
	if (ctx_live_lines(c, b, &li) == 1) {
		l = ctx_line(c, li);
		*n = l->l_vlen;
		return l->l_vlen > 0 ? l->l_view : NULL;
	}
	if (emit_block_text(c, b, &sb, NULL) == 0 && sb.b_len > 0) {
		p = ctx_strndup(c, sb.b_data, sb.b_len);
		*n = sb.b_len;
	}
	buf_free(&sb);
	return p;
}

static size_t
next_live(struct ctx *c, size_t bi)
{
	return ctx_first_live(c, bi + 1);
}

static size_t
prev_live(struct ctx *c, size_t bi)
{
	while (bi-- > 0)
		if (ctx_block_live(c, bi))
			return bi;
	return NONE;
}

static void
kill(struct ctx *c, size_t bi)
{
	ctx_block(c, bi)->b_dead = 1;
}

/* The last live line of a block, or NULL. */
static struct line *
last_line(struct ctx *c, size_t bi)
{
	struct block	*b = ctx_block(c, bi);
	size_t		 i;

	for (i = b->b_first + b->b_n; i-- > b->b_first;)
		if (!ctx_line(c, i)->l_dead)
			return ctx_line(c, i);
	return NULL;
}

/* Code points compared with case and quote marks folded. */
static uint32_t
fold_cp(uint32_t cp)
{
	switch (cp) {
	case 0x2018: case 0x2019: case 0x201a: case 0x201b: case 0x2032:
	case 0x02bc: case 0x00b4: case 0x0060:
		return '\'';
	case 0x201c: case 0x201d: case 0x201e: case 0x00ab: case 0x00bb:
		return '"';
	case 0x2013: case 0x2014:
		return '-';
	}
	if (cp < 0x80)
		return (uint32_t)(unsigned char)lower((char)cp);
	if ((cp >= 0xc0 && cp <= 0xde && cp != 0xd7))
		return cp + 0x20;
	return cp;
}

/*
 * How many bytes of s the whole of t matches, case and quotes folded, or
 * 0 when s does not start with t.
 */
static size_t
starts_folded(const char *s, size_t n, const char *t, size_t tn)
{
	size_t		 i = 0, j = 0, a, b;
	uint32_t	 x, y;

	while (j < tn) {
		if (i >= n)
			return 0;
		if ((a = utf8_decode(s + i, n - i, &x)) == 0 ||
		    (b = utf8_decode(t + j, tn - j, &y)) == 0)
			return 0;
		if (fold_cp(x) != fold_cp(y))
			return 0;
		i += a;
		j += b;
	}
	return i;
}

/*
 * The title at the start of s, ending where a word does or glued to a
 * capital ("...discesaRoma"): its length in s, or 0.
 */
static size_t
title_at(struct ctx *c, const char *s, size_t n)
{
	size_t	 k, tn = strlen(c->x_title);

	if ((k = starts_folded(s, n, c->x_title, tn)) == 0 || k == n)
		return k;
	if (is_alnum(c->x_title[tn - 1]) || ((unsigned char)c->x_title[tn -
	    1] & 0x80))
		if ((is_alnum(s[k]) || ((unsigned char)s[k] & 0x80)) &&
		    !upper_at(s + k, n - k))
			return 0;
	return k;
}

/* Photo credits. */

static int
connector(const char *w)
{
	static const char *const words[] = {
		"and", "da", "de", "del", "den", "der", "di", "do", "e", "et",
		"for", "la", "le", "of", "the", "und", "van", "via", "von", "y"
	};

	return in_words(words, w);
}

/*
 * A credit's shape: a few words, each a name (capital, digit, sign) or a
 * connector, with a '/' or " via " or a credit word in it unless
 * loose.
 */
static int
credit_shape(const char *s, size_t n, int loose)
{
	char		 w[WORD_MAX];
	const char	*p;
	size_t		 i = 0, pn, words = 0;
	int		 mark = loose;

	if (n == 0 || n > 160)
		return 0;
	while (next_word(s, n, &i, &p, &pn)) {
		words++;
		date_fold(p, pn, w, sizeof(w));
		if (memchr(p, '/', pn) != NULL || strcmp(w, "via") == 0 ||
		    strcmp(w, "ap") == 0 || strcmp(w, "afp") == 0 ||
		    strcmp(w, "reuters") == 0 || strcmp(w, "getty") == 0 ||
		    strcmp(w, "epa") == 0 || strcmp(w, "dpa") == 0 ||
		    strcmp(w, "anp") == 0 || strcmp(w, "ansa") == 0)
			mark = 1;
		if (!upper_at(p, pn) && !is_digit(p[0]) && !connector(w) &&
		    !is_punct(p[0]) && !((unsigned char)p[0] & 0x80))
			return 0;
	}
	return words > 0 && words <= CREDIT_WORDS && mark &&
	    (words > 1 || memchr(s, '/', n) != NULL);
}

/*
 * "Copyright 2021 The Agency. All rights reserved" as a credit: the
 * agency alone.
 */
static void
credit_trim(const char **v, size_t *vn)
{
	size_t	 k;
	const char *p;

	norm_trim(v, vn);
	if (*vn >= 2 && memcmp(*v, "\xc2\xa9", 2) == 0) {
		*v += 2;
		*vn -= 2;
	}
	if ((k = norm_starts_ci(*v, *vn, "copyright")) > 0) {
		*v += k;
		*vn -= k;
	}
	norm_trim(v, vn);
	if (*vn >= 1 && **v == '(') {
		(*v)++;
		(*vn)--;
	}
	if (*vn >= 5 && is_digit((*v)[0]) && is_digit((*v)[3]) &&
	    (*v)[4] == ' ') {
		*v += 5;
		*vn -= 5;
	}
	for (k = 0; k + 19 <= *vn; k++)
		if (norm_starts_ci(*v + k, *vn - k, "all rights reserved") >
		    0) {
			*vn = k;
			break;
		}
	while (*vn > 0 && strchr(". ,;", (*v)[*vn - 1]) != NULL)
		(*vn)--;
	if ((p = memchr(*v, ')', *vn)) != NULL && memchr(*v, '(', *vn) == NULL)
		*vn = (size_t)(p - *v);
	norm_trim(v, vn);
}

/*
 * A caption that ends with its credit.  *cn is the caption's length (0
 * when the line is the credit alone), v the credit.
 */
static int
caption_credit(const char *s, size_t n, size_t *cn, const char **v,
    size_t *vn)
{
	const char	*open, *p;
	size_t		 i, k, e;

	if (n < 4)
		return 0;
	/* "... (Name/Agency)", "(Photo by Name)", "(©(AP PHOTO/NAME)" */
	e = n;
	while (e > 0 && s[e - 1] == ' ')
		e--;
	if (e > 0 && s[e - 1] == ')') {
		for (open = NULL, i = e - 1; i-- > 0;)
			if (s[i] == '(') {
				open = s + i;
				break;
			}
		if (open != NULL) {
			*v = open + 1;
			*vn = e - 1 - (size_t)(open + 1 - s);
			i = (size_t)(open - s);
			while (i >= 2 && memcmp(s + i - 2, "\xc2\xa9", 2) == 0)
				i -= 2;
			while (i > 0 && s[i - 1] == '(')
				i--;
			if (rules_photo(open, e - (size_t)(open - s), v, vn) ||
			    ((norm_starts_ci(*v, *vn, "copyright") > 0 ||
			    (*vn >= 2 && memcmp(*v, "\xc2\xa9", 2) == 0) ||
			    i < (size_t)(open - s)) && *vn > 0) ||
			    credit_shape(*v, *vn, 0)) {
				credit_trim(v, vn);
				for (*cn = i; *cn > 0 && s[*cn - 1] == ' ';)
					(*cn)--;
				return *vn > 0;
			}
		}
	}
	/* "... matin. Photo: AP/Name", "... | Foto: Name/Site" */
	for (i = n; i-- > 0;) {
		if (i > 0 && s[i - 1] != ' ')
			continue;
		if (!rules_photo(s + i, n - i, v, vn) ||
		    !credit_shape(*v, *vn, 1))
			continue;
		k = i;
		while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '|'))
			k--;
		if (k == 0 || ends_sentence(s, k) || k < i - 1) {
			*cn = k;
			return 1;
		}
	}
	/* "... covid-19 - DIDA SAMPAIO/ESTADÃO CONTEÚDO" */
	for (p = NULL, i = 0; i + 3 <= n; i++)
		if (memcmp(s + i, " - ", 3) == 0)
			p = s + i;
	if (p != NULL) {
		*v = p + 3;
		*vn = n - (size_t)(*v - s);
		for (i = 0, k = 0; i < *vn; i++) {
			if ((*v)[i] >= 'a' && (*v)[i] <= 'z')
				return 0;
			if (is_upper((*v)[i]))
				k++;
		}
		if (k >= 4 && credit_shape(*v, *vn, 1) &&
		    norm_words(*v, *vn) <= 6 && norm_words(s, n) >= 6) {
			*cn = (size_t)(p - s);
			return 1;
		}
	}
	return 0;
}

static void
set_credit(struct ctx *c, const char *v, size_t vn, const char *cap,
    size_t cn)
{
	if (c->x_photo || vn == 0)
		return;
	c->x_photo = 1;
	c->x_credit = ctx_clean(c, v, vn);
	if (cn > 0 && utf8_length(cap, cn) <= CAPTION_LEN_MAX)
		c->x_caption = ctx_clean(c, cap, cn);
}

/*
 * The sentence glued to the end of a paragraph without a space
 * ("...veut.Un ouvrier déblaie le trottoir."): an image's alt text.
 */
static void
strip_glued_alt(struct ctx *c, size_t bi)
{
	struct line	*l;
	size_t		 i;

	if (bi == NONE || (l = last_line(c, bi)) == NULL)
		return;
	for (i = l->l_vlen; i-- > 1;) {
		if (strchr(".!?", l->l_view[i - 1]) == NULL ||
		    !upper_at(l->l_view + i, l->l_vlen - i) ||
		    (i >= 3 && l->l_view[i - 3] == '.'))
			continue;
		if (l->l_view[l->l_vlen - 1] == '.' &&
		    norm_words(l->l_view + i, l->l_vlen - i) <= 20 &&
		    memchr(l->l_view + i, '.', l->l_vlen - i - 1) == NULL)
			l->l_vlen = i;
		return;
	}
}

/* Appeals for money and sign-ups. */

static int
appeal(const char *s, size_t n)
{
	char		 w[WORD_MAX];
	const char	*p;
	size_t		 i = 0, pn, k, words = 0, pron = 0;
	unsigned	 seen = 0, kinds = 0;
	int		 follow = 0, social = 0;

	while (next_word(s, n, &i, &p, &pn)) {
		words++;
		date_fold(p, pn, w, sizeof(w));
		if (in_words(pronouns, w))
			pron++;
		if (in_words(follows, w))
			follow = 1;
		for (k = 0; k < sizeof(socials) / sizeof(socials[0]); k++)
			if (strncmp(w, socials[k], strlen(socials[k])) == 0)
				social = 1;
		for (k = 0; k < sizeof(appeal_stems) / sizeof(appeal_stems[0]);
		    k++)
			if (strncmp(w, appeal_stems[k],
			    strlen(appeal_stems[k])) == 0 &&
			    !(seen & (1u << k))) {
				seen |= 1u << k;
				kinds++;
			}
	}
	/* Somebody quoted asks for support in the story's own words. */
	if (s[0] == '"' || norm_starts_ci(s, n, "\xe2\x80\x9c") > 0 ||
	    norm_starts_ci(s, n, "\xc2\xab") > 0 ||
	    norm_starts_ci(s, n, "\xe2\x80\x9e") > 0 ||
	    norm_find(s, n, ": \"") || norm_find(s, n, ": \xe2\x80\x9c") ||
	    norm_find(s, n, ": \xc2\xab") || norm_find(s, n, ",\" ") ||
	    norm_find(s, n, ",\xe2\x80\x9d "))
		return 0;
	/* "Seguici su Facebook": the pronoun is in the verb. */
	if (follow && social && words <= 6)
		return 1;
	if (pron == 0)
		return 0;
	return (kinds >= 1 && (words <= 14 || kinds >= 2)) ||
	    (follow && social);
}

/* Lines. */

/* Only symbols ("____", "+++ Ticker +++" framed, "|"). */
static int
symbols(const char *s, size_t n)
{
	size_t	 i, a = 0, b = 0;

	for (i = 0; i < n && !is_alnum(s[i]) && !((unsigned char)s[i] & 0x80);
	    i++)
		a++;
	if (i == n)
		return 1;
	for (i = n; i > 0 && !is_alnum(s[i - 1]) &&
	    !((unsigned char)s[i - 1] & 0x80); i--)
		b++;
	return a >= 2 && b >= 2 && s[0] == s[n - 1] && strchr("+*=#>~",
	    s[0]) != NULL;
}

/* A widget: short, and mostly widget words or numbers. */
static int
widget(const char *s, size_t n)
{
	char		 w[WORD_MAX];
	const char	*p;
	size_t		 i = 0, pn, words = 0, hits = 0;

	if (utf8_length(s, n) > 60)
		return 0;
	while (next_word(s, n, &i, &p, &pn)) {
		words++;
		date_fold(p, pn, w, sizeof(w));
		if (w[0] == '\0' || is_digit(w[0]) || in_words(widgets, w))
			hits++;
		else if (pn > 8 && strlen(w) > 8) {
			/* "FacebookShare" glued: split at the capital. */
			size_t	 k;

			for (k = 1; k < pn && !is_upper(p[k]); k++)
				;
			if (k < pn) {
				char	 a[WORD_MAX], b[WORD_MAX];

				date_fold(p, k, a, sizeof(a));
				date_fold(p + k, pn - k, b, sizeof(b));
				if (in_words(widgets, a) &&
				    in_words(widgets, b))
					hits++;
			}
		}
	}
	return words > 0 && hits * 3 >= words * 2 && !ends_sentence(s, n);
}

/* PHP's "Warning: ... on line 12" left on a page. */
static int
php_warning(const char *s, size_t n)
{
	return (norm_starts_ci(s, n, "warning:") > 0 ||
	    norm_starts_ci(s, n, "notice:") > 0 ||
	    norm_starts_ci(s, n, "deprecated:") > 0 ||
	    norm_starts_ci(s, n, "fatal error:") > 0) &&
	    norm_find(s, n, " on line ") != NULL;
}

/* "·5 min read", "3 Min. Lesezeit" */
static int
read_time(const char *s, size_t n)
{
	char		 w[WORD_MAX];
	const char	*p;
	size_t		 i = 0, pn, words = 0;
	int		 num = 0, min = 0;

	while (next_word(s, n, &i, &p, &pn)) {
		words++;
		date_fold(p, pn, w, sizeof(w));
		if (is_digit(w[0]))
			num = 1;
		if (strncmp(w, "min", 3) == 0 || strcmp(w, "5min") == 0)
			min = 1;
	}
	return words <= 5 && num && min;
}

static int
ender(const char *s, size_t n)
{
	char	 w[64];
	size_t	 i, o = 0;

	for (i = 0; i < n && o + 1 < sizeof(w); i++) {
		if (is_alnum(s[i]) || s[i] == ' ' || s[i] == '#' ||
		    (s[i] == '-' && (i == 0 || i + 1 == n || s[i + 1] == '0' ||
		    s[i + 1] == '3')))
			w[o++] = lower(s[i]);
		else if ((unsigned char)s[i] >= 0x80) {
			uint32_t	 cp;
			size_t		 k = utf8_decode(s + i, n - i, &cp);
			const char	*f = k ? utf8_fold(cp) : NULL;

			if (f != NULL && is_alpha(*f))
				w[o++] = lower(*f);
			if (k > 1)
				i += k - 1;
		}
	}
	while (o > 0 && w[o - 1] == ' ')
		o--;
	w[o] = '\0';
	for (i = 0; w[i] == ' '; i++)
		;
	/* "12 Comments", "Comments (3)" */
	while (is_digit(w[i]) || w[i] == ' ')
		i++;
	for (o = 0; o < sizeof(enders) / sizeof(enders[0]); o++)
		if (strcmp(w + i, enders[o]) == 0)
			return 1;
	return 0;
}

/* A lone name: two to four capitalised words, no digits. */
static int
name_like(const char *s, size_t n, int *caps)
{
	char		 w[WORD_MAX];
	const char	*p;
	size_t		 i = 0, pn, words = 0, k, allcaps = 0, initials = 0;

	while (n > 0 && s[n - 1] == '*')
		n--;
	if (n == 0 || n > 60)
		return 0;
	while (next_word(s, n, &i, &p, &pn)) {
		words++;
		if (date_fold(p, pn, w, sizeof(w)) == 0)
			return 0;
		if (pn == 2 && p[1] == '.' && is_upper(p[0])) {
			initials++;
			continue;
		}
		if (in_words(widgets, w) || in_words(stopwords, w))
			if (!connector(w) || words == 1)
				return 0;
		if (connector(w))
			continue;
		if (!upper_at(p, pn))
			return 0;
		for (k = 0; k < pn; k++)
			if (is_digit(p[k]) ||
			    strchr(",:;!?@/|()", p[k]) != NULL)
				return 0;
		for (k = 1; k < pn && !(p[k] >= 'a' && p[k] <= 'z'); k++)
			;
		if (k == pn && pn > 2)
			allcaps++;
		else if (k == pn && pn <= 2 && p[pn - 1] != '.')
			return 0;
	}
	*caps = allcaps > 0 && allcaps + initials == words;
	return words >= 2 && words <= NAME_WORDS && words > initials &&
	    (allcaps == 0 || *caps);
}

/* The value of a byline ("JUAN A. LOZANO for the Associated Press"). */
static int
byline_name(const char *s, size_t n, const char **v, size_t *vn)
{
	static const char *const cuts[] = {
		" for ", " fur ", " f\xc3\xbcr ", " pour ", " para ", " per ",
		" voor ", " dla ", " | ", " / ", " \xe2\x80\x93 ",
		" \xe2\x80\x94 ", " - ", ", "
	};
	const char	*p;
	size_t		 i;
	int		 caps;
	char		 w[WORD_MAX];

	*v = s;
	*vn = n;
	for (i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++)
		if ((p = norm_find(*v, *vn, cuts[i])) != NULL)
			*vn = (size_t)(p - *v);
	while (*vn > 0 && strchr(".,*", (*v)[*vn - 1]) != NULL)
		(*vn)--;
	norm_trim(v, vn);
	if (*vn == 0)
		return 0;
	date_fold(*v, *vn, w, sizeof(w));
	if (in_words(placeholders, w))
		return -1;
	/* "Andy Bruce and Andrea Shalal": each side a name. */
	for (i = 0; i + 5 <= *vn; i++)
		if (memcmp(*v + i, " and ", 5) == 0 ||
		    memcmp(*v + i, " und ", 5) == 0 ||
		    memcmp(*v + i, " et ", 4) == 0 ||
		    memcmp(*v + i, " en ", 4) == 0 ||
		    memcmp(*v + i, " y ", 3) == 0 ||
		    memcmp(*v + i, " e ", 3) == 0 ||
		    memcmp(*v + i, " i ", 3) == 0)
			break;
	if (i + 5 <= *vn) {
		p = memchr(*v + i + 1, ' ', *vn - i - 1);
		return p != NULL && (name_like(*v, i, &caps) ||
		    norm_words(*v, i) == 1) &&
		    name_like(p + 1, *vn - (size_t)(p + 1 - *v), &caps) ? 1 : 0;
	}
	return name_like(*v, *vn, &caps) || (norm_words(*v, *vn) == 1 &&
	    upper_at(*v, *vn) && *vn > 2) ? 1 : 0;
}

/*
 * Bylines in the languages above: "By X", "Por X", "Von X", "Par X",
 * "Di X", "Door X", "Written by X", "Autor: X".  1 with the name, -1 for
 * a placeholder ("by author", "Erstellt von - Uhr"), 0 when not one.
 */
static int
byline(const char *s, size_t n, const char **v, size_t *vn)
{
	static const char *const keys[] = {
		"written by ", "words by ", "story by ", "text by ",
		"reporting by ", "posted by ", "published by ", "by ",
		"geschrieben von ", "erstellt von ", "von ", "text: ",
		"escrito por ", "publicado por ", "por ", "texto: ",
		"ecrit par ", "\xc3\xa9" "crit par ",
		"r\xc3\xa9" "dig\xc3\xa9 par ",
		"par ", "scritto da ", "di ", "testo di ", "geschreven door ",
		"door ", "tekst: ", "autor: ", "author: ", "auteur : ",
		"auteur: ", "autore: ", "autor ", "autorka: ", "by: ", "por: ",
		"von: ", "par : ", "par: ", "di: ", "door: ", "da: "
	};
	size_t	 i, k;
	int	 r;

	if (n > 120)
		return 0;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if ((k = norm_starts_ci(s, n, keys[i])) == 0)
			continue;
		if ((r = byline_name(s + k, n - k, v, vn)) != 0)
			return r;
		/* "Erstellt von - Uhr": a byline with no name. */
		if (strcmp(keys[i], "erstellt von ") == 0 ||
		    (*vn == 0 && n - k < 12))
			return -1;
		return 0;
	}
	return 0;
}

/* "@handle Name Name is co-editor of X." */
static int
bio_line(const char *s, size_t n, const char **v, size_t *vn)
{
	static const char *const verbs[] = {
		"e", "es", "est", "is", "ist", "was"
	};
	char		 w[WORD_MAX];
	const char	*p, *start;
	size_t		 i = 0, pn, words = 0;
	int		 caps;

	if (norm_words(s, n) > 30)
		return 0;
	if (n > 0 && s[0] == '@') {
		next_word(s, n, &i, &p, &pn);
	}
	start = s + i;
	while (i < n && s[i] == ' ')
		i++;
	start = s + i;
	while (next_word(s, n, &i, &p, &pn)) {
		date_fold(p, pn, w, sizeof(w));
		if (in_words(verbs, w)) {
			*v = start;
			*vn = (size_t)(p - start);
			norm_trim(v, vn);
			if (!name_like(*v, *vn, &caps) || caps)
				return 0;
			break;
		}
		if (++words > NAME_WORDS)
			return 0;
	}
	for (words = 0; next_word(s, n, &i, &p, &pn) && words < 8; words++) {
		date_fold(p, pn, w, sizeof(w));
		if (in_words(roles, w) || strstr(w, "editor") != NULL ||
		    strstr(w, "writer") != NULL)
			return 1;
	}
	return 0;
}

/* "Label:" alone, or "To: ...", "Contact: ..." with a one-word label. */
static int
label_line(const char *s, size_t n)
{
	const char	*colon;

	if ((colon = memchr(s, ':', n)) == NULL || colon == s)
		return 0;
	if (memchr(s, ' ', (size_t)(colon - s)) != NULL)
		return 0;
	return (size_t)(colon - s) + 1 == n || !ends_sentence(s, n);
}

static int
bullet(const char *s, size_t n)
{
	return (n >= 2 && (s[0] == '-' || s[0] == '*') && s[1] == ' ') ||
	    (n >= 3 && memcmp(s, "\xe2\x80\xa2", 3) == 0);
}

/* A headline: a few words, no sentence end. */
static int
headline_like(const char *s, size_t n)
{
	size_t	 w = norm_words(s, n);

	return w >= 3 && w <= 25 && utf8_length(s, n) <= 160 &&
	    !ends_sentence(s, n) && upper_at(s, n);
}

/*
 * Inline furniture at l[i]: " (opens in new tab)" and its cousins,
 * Reuters' " [ID:nL1N0O02AC]".  Its length, or 0.
 */
static size_t
inline_junk(const char *s, size_t n, size_t i)
{
	static const char *const drop[] = {
		" (opens in new tab)", " (opens in a new tab)",
		" (opens in new window)", " (opens in a new window)",
		" (link is external)", " (external link)"
	};
	const char	*q;
	size_t		 k, m;

	if (s[i] != ' ')
		return 0;
	for (k = 0; k < sizeof(drop) / sizeof(drop[0]); k++)
		if (norm_starts_ci(s + i, n - i, drop[k]) > 0)
			return strlen(drop[k]);
	if (n - i > 5 && memcmp(s + i, " [ID:", 5) == 0) {
		m = n - i < 40 ? n - i : 40;
		if ((q = memchr(s + i, ']', m)) != NULL)
			return (size_t)(q - (s + i)) + 1;
	}
	return 0;
}

static void
clean_inline(struct ctx *c, struct line *l)
{
	const char	*s = l->l_view;
	char		*d;
	size_t		 i, k, o, n = l->l_vlen;

	for (i = 0; i < n && inline_junk(s, n, i) == 0; i++)
		;
	if (i == n || (d = ctx_alloc(c, n)) == NULL)
		return;
	memcpy(d, s, i);
	for (o = i; i < n;) {
		if ((k = inline_junk(s, n, i)) > 0) {
			i += k;
			continue;
		}
		d[o++] = s[i++];
	}
	l->l_view = d;
	l->l_vlen = o;
}

/*
 * A line starts a new paragraph unless the one before it runs on: long
 * and not ending like a sentence, as hard-wrapped text does.  Short
 * lines are page elements of their own.
 */
int
page_glue(const char *prev, size_t pn, const char *next, size_t nn)
{
	const char	*v;
	size_t		 vn;

	/* "TAMPA, Fla.–(BUSINESS WIRE)–" opens the paragraph below it. */
	if (pn < 60 && norm_words(prev, pn) <= 8 && dateline(prev, pn) &&
	    (prev[pn - 1] == '-' || (pn >= 3 &&
	    (memcmp(prev + pn - 3, "\xe2\x80\x94", 3) == 0 ||
	    memcmp(prev + pn - 3, "\xe2\x80\x93", 3) == 0))))
		return 1;
	if (ends_sentence(prev, pn) || bullet(next, nn) ||
	    rules_photo(prev, pn, &v, &vn))
		return 0;
	/* A small letter goes on with the sentence above it. */
	if (nn > 0 && ((next[0] >= 'a' && next[0] <= 'z') ||
	    ((unsigned char)next[0] >= 0x80 && !upper_at(next, nn))) &&
	    utf8_length(prev, pn) >= GLUE_LOWER &&
	    (norm_words(next, nn) >= 2 || ends_sentence(next, nn)))
		return 1;
	/* A capital opening a short line starts an element of its own. */
	return utf8_length(prev, pn) >= GLUE_MIN &&
	    (!upper_at(next, nn) || utf8_length(next, nn) >= 40);
}

/* "By Jane Doe | June 3, 2021": a byline opens the line. */
static int
byline_first(const char *s, size_t n)
{
	const char	*v, *p;
	size_t		 vn;

	if ((p = norm_find(s, n, " | ")) != NULL)
		n = (size_t)(p - s);
	return byline(s, n, &v, &vn) != 0;
}

/*
 * Before the rules of import_rules.c: inline furniture, widgets,
 * appeals, and captions with their credits (whose "All rights reserved"
 * is not the page's copyright).
 */
void
page_pre(struct ctx *c)
{
	struct block	*b;
	const char	*s, *v, *p;
	size_t		 bi, n, cn, vn, li, last = NONE, pn, pb;

	for (bi = 0; bi < c->x_blocks.v_n; bi++) {
		b = ctx_block(c, bi);
		if (b->b_kind != B_PARA || b->b_dead)
			continue;
		for (li = b->b_first; li < b->b_first + b->b_n; li++)
			clean_inline(c, ctx_line(c, li));
		if ((s = text_of(c, bi, &n)) == NULL)
			continue;
		if (ender(s, n) || date_line(s, n, (char [11]){ 0 },
		    &(int){ 0 }) > 0)
			continue;
		if (symbols(s, n))
			kill(c, bi);
		else if ((widget(s, n) && !byline_first(s, n)) ||
		    php_warning(s, n) || read_time(s, n))
			kill(c, bi);
		else if (appeal(s, n)) {
			kill(c, bi);
			if (last != NONE && bi - last <= APPEAL_GAP + 1)
				for (pb = last + 1; pb < bi; pb++)
					kill(c, pb);
			last = bi;
		} else if (caption_credit(s, n, &cn, &v, &vn) && (cn > 0 ||
		    !rules_photo(s, n, &p, &pn))) {
			pb = prev_live(c, bi);
			p = pb != NONE ? text_of(c, pb, &pn) : NULL;
			/* The alt text printed before its caption. */
			if (cn > 0 && p != NULL && pn > 0 && pn <= cn &&
			    norm_words(p, pn) <= 20 &&
			    starts_folded(s, cn, p, pn - (p[pn - 1] == '.'))) {
				if (!c->x_photo && !ends_sentence(p, pn))
					c->x_alt = ctx_clean(c, p, pn);
				if (pn == cn)
					cn = 0;
				kill(c, pb);
			} else
				strip_glued_alt(c, pb);
			set_credit(c, v, vn, s, cn);
			kill(c, bi);
			b->b_photo = 1;
		}
	}
}

/* A date line: lifted when it is the first, always removed. */
static int
lift_date(struct ctx *c, const char *s, size_t n)
{
	char	 d[11], *p;
	int	 upd, r;

	if ((r = date_line(s, n, d, &upd)) == 0)
		return 0;
	if (r == 2 && (p = ctx_alloc(c, 20)) != NULL) {
		memcpy(p, d, 10);
		memcpy(p + 10, "T00:00:00Z", 10);
		if (upd) {
			if (c->x_updated == NULL)
				c->x_updated = p;
		} else if (c->x_date == NULL)
			c->x_date = p;
	}
	return 1;
}

/* The headline's block: given with --title, or the first line. */
static size_t
find_headline(struct ctx *c, int given)
{
	struct line	*l;
	const char	*s;
	size_t		 bi, n, k, tn, h, li;

	if (c->x_title == NULL)
		return given ? NONE : ctx_first_live(c, 0);
	tn = strlen(c->x_title);
	/*
	 * The headline's line: the title alone, or with a little junk after
	 * it ("150 150 admin"), or glued to the story's first line when the
	 * title is long enough not to be a sentence's opening words.
	 */
	for (bi = 0; bi < c->x_blocks.v_n; bi++)
		if ((s = text_of(c, bi, &n)) != NULL &&
		    (k = title_at(c, s, n)) > 0 &&
		    (k == n || n - k <= 40 || norm_words(c->x_title, tn) >= 4))
			break;
	if (bi == c->x_blocks.v_n)
		return NONE;
	h = bi;
	/*
	 * The headline again, maybe glued to the next line ("...discesaRoma,
	 * 14 giu. (askanews) – ..."): the rest stays when it is prose.
	 */
	for (; bi < c->x_blocks.v_n; bi++) {
		if ((s = text_of(c, bi, &n)) == NULL ||
		    (k = title_at(c, s, n)) == 0)
			continue;
		if (k == n || ctx_live_lines(c, ctx_block(c, bi), &li) != 1 ||
		    (!prose(s + k, n - k) && (bi != h || n - k <= 40))) {
			/* A copy, or the headline with junk after it. */
			if (bi != h || k < n)
				kill(c, bi);
			continue;
		}
		/* The rest of the line stays: a dek or the story's start. */
		l = ctx_line(c, li);
		l->l_view += k;
		l->l_vlen -= k;
		norm_trim(&l->l_view, &l->l_vlen);
	}
	return h;
}

static int
find_n(const char *t, size_t tn, const char *s, size_t n)
{
	const char	*p = t, *e = t + tn;

	while ((size_t)(e - p) >= n && (p = memchr(p, s[0],
	    (size_t)(e - p) - n + 1)) != NULL) {
		if (memcmp(p, s, n) == 0)
			return 1;
		p++;
	}
	return 0;
}

/* Is the text repeated further down (a dek or pull quote)? */
static int
repeated_later(struct ctx *c, size_t bi, const char *s, size_t n)
{
	const char	*t;
	size_t		 j, tn;

	int		 k = 0;

	if (n < 40)
		return 0;
	for (j = next_live(c, bi); j != NONE && k < REPEAT_LOOK;
	    j = next_live(c, j), k++)
		if ((t = text_of(c, j, &tn)) != NULL && tn > n &&
		    find_n(t, tn, s, n))
			return 1;
	return 0;
}

/*
 * A caption printed again with its credit glued on ("...caption" then
 * "tvn24" then "...captiontvn24"): the credit, when it has no other.
 */
static void
glued_credit(struct ctx *c, size_t from, size_t to)
{
	const char	*s, *t, *u;
	size_t		 bi, bj, bk, n, tn, un;

	if (c->x_photo || to - from > HEAD_SCAN)
		return;
	for (bi = from; bi < to; bi++) {
		if ((s = text_of(c, bi, &n)) == NULL)
			continue;
		for (bj = from; bj < to; bj++) {
			if (bj == bi || (t = text_of(c, bj, &tn)) == NULL ||
			    tn >= n || tn > 30 || norm_words(t, tn) > 3 ||
			    memcmp(s + n - tn, t, tn) != 0)
				continue;
			for (bk = from; bk < to; bk++)
				if (bk != bi && bk != bj &&
				    (u = text_of(c, bk, &un)) != NULL &&
				    un == n - tn && memcmp(u, s, un) == 0) {
					set_credit(c, t, tn, u, un);
					return;
				}
		}
	}
}

/*
 * A credit in the head: a caption with one, a "Photo: NAME" line, or a
 * bare "Name/Agency" line.
 */
static int
head_credit(const char *s, size_t n, size_t *cn, const char **v, size_t *vn)
{
	if (caption_credit(s, n, cn, v, vn))
		return 1;
	*cn = 0;
	if (rules_photo(s, n, v, vn))
		return 1;
	*v = s;
	*vn = n;
	return credit_shape(s, n, 0) && norm_words(s, n) <= 8 &&
	    !ends_sentence(s, n);
}

/*
 * "By Jane Doe | June 3, 2021 | 4 min read": a byline line cut into
 * parts; 1 when every part was a byline, a date or a widget.
 */
static int
segments(struct ctx *c, const char *s, size_t n)
{
	static const char *const seps[] = {
		" | ", " \xc2\xb7 ", " \xe2\x80\xa2 ", " / "
	};
	const char	*p, *e, *v, *next;
	size_t		 k, pn, vn, sl = 0;
	int		 all = 1, parts = 0, r;

	for (k = 0; k < sizeof(seps) / sizeof(seps[0]); k++)
		if (norm_find(s, n, seps[k]) != NULL) {
			sl = strlen(seps[k]);
			break;
		}
	if (sl == 0 || n > 200)
		return 0;
	for (p = s, e = s + n; p < e; p = next) {
		if ((next = norm_find(p, (size_t)(e - p), seps[k])) == NULL)
			next = e;
		pn = (size_t)(next - p);
		if (next < e)
			next += sl;
		parts++;
		if (date_line(p, pn, (char [11]){ 0 }, &(int){ 0 }) > 0 ||
		    widget(p, pn) || read_time(p, pn))
			continue;
		if ((r = byline(p, pn, &v, &vn)) != 0) {
			if (r == 1 && c->x_author == NULL)
				c->x_author = ctx_clean(c, v, vn);
			continue;
		}
		all = 0;
	}
	if (!all || parts < 2)
		return 0;
	for (p = s; p < e; p = next) {
		if ((next = norm_find(p, (size_t)(e - p), seps[k])) == NULL)
			next = e;
		lift_date(c, p, (size_t)(next - p));
		if (next < e)
			next += sl;
	}
	return 1;
}

/* The head: between the headline and the story. */
static void
page_head(struct ctx *c, size_t from, size_t to)
{
	const char	*s, *v, *t;
	size_t		 bi, n, vn, nb, tn, cn;
	int		 caps, r, dek = 0;

	glued_credit(c, from, to);

	for (bi = from; bi < to; bi++) {
		if ((s = text_of(c, bi, &n)) == NULL)
			continue;
		if (c->x_title != NULL && title_at(c, s, n) > 0) {
			kill(c, bi);
			continue;
		}
		if (lift_date(c, s, n) || segments(c, s, n)) {
			kill(c, bi);
			continue;
		}
		if ((r = byline(s, n, &v, &vn)) != 0) {
			if (r == 1 && c->x_author == NULL)
				c->x_author = ctx_clean(c, v, vn);
			kill(c, bi);
			continue;
		}
		if (head_credit(s, n, &cn, &v, &vn)) {
			set_credit(c, v, vn, s, cn);
			kill(c, bi);
			continue;
		}
		{
			char	 w[WORD_MAX];

			date_fold(s, n, w, sizeof(w));
			if (norm_words(s, n) == 1 &&
			    in_words(byline_alone, w) &&
			    (nb = next_live(c, bi)) != NONE && nb < to &&
			    (t = text_of(c, nb, &tn)) != NULL &&
			    name_like(t, tn, &caps) && !caps) {
				if (c->x_author == NULL)
					c->x_author = ctx_clean(c, t, tn);
				kill(c, nb);
				kill(c, bi);
				continue;
			}
		}
		/* "Jane Doe and John Roe" under the headline. */
		if (norm_words(s, n) <= 9 && !ends_sentence(s, n) &&
		    byline_name(s, n, &v, &vn) == 1 && vn == n &&
		    norm_words(s, n) > NAME_WORDS) {
			if (c->x_author == NULL)
				c->x_author = ctx_clean(c, v, vn);
			kill(c, bi);
			continue;
		}
		if (name_like(s, n, &caps)) {
			while (n > 0 && s[n - 1] == '*')
				n--;
			v = ctx_clean(c, s, n);
			if (caps && !c->x_photo) {
				c->x_photo = 1;
				c->x_credit = v;
			} else if (!caps && c->x_author == NULL && v != NULL &&
			    strstr(c->x_title, v) == NULL)
				/* A name the headline holds is its subject. */
				c->x_author = v;
			kill(c, bi);
			continue;
		}
		if (bullet(s, n) && norm_words(s, n) >= 3)
			continue;
		if (!dek && c->x_summary == NULL && !label_line(s, n) &&
		    norm_words(s, n) >= DEK_WORDS_MIN &&
		    utf8_length(s, n) <= DEK_LEN_MAX && !widget(s, n) &&
		    !(ends_sentence(s, n) && norm_words(s, n) < 10)) {
			struct shape	 sh;

			shape_of(s, n, &sh);
			if (sh.sh_stop > 0 && sh.sh_caps * 2 < sh.sh_words) {
				c->x_summary = ctx_clean(c, s, n);
				dek = 1;
			}
		}
		kill(c, bi);
	}
}

/* Cuts the page from block bi on. */
static void
cut_from(struct ctx *c, size_t bi)
{
	for (; bi < c->x_blocks.v_n; bi++)
		kill(c, bi);
}

/* Where the words after the last sentence end of s begin (0: none). */
static size_t
tail_from(const char *s, size_t n)
{
	size_t	 i;

	for (i = n; i-- > 1;)
		if (s[i] == ' ' && strchr(".!?", s[i - 1]) != NULL)
			return i + 1;
	return 0;
}

/* "Fonte: Uol", "Quelle: dpa": where a repost came from. */
static int
source_line(const char *s, size_t n)
{
	static const char *const keys[] = {
		"source:", "sources:", "quelle:", "quellen:", "fonte:",
		"fuente:", "bron:", "\xc5\xba" "r\xc3\xb3" "d\xc5\x82o:",
		"via:"
	};
	size_t	 i;

	if (norm_words(s, n) > 6 || ends_sentence(s, n))
		return 0;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (norm_starts_ci(s, n, keys[i]) > 0)
			return 1;
	return 0;
}

/* The story, from its first paragraph on. */
static void
page_body(struct ctx *c, size_t from)
{
	const char	*s, *v, *t;
	size_t		 bi, n, nb, tn, vn, k, paras = 0, run = 0;
	size_t		 runfrom = NONE;
	int		 caps;

	for (bi = from; bi < c->x_blocks.v_n; bi++) {
		if ((s = text_of(c, bi, &n)) == NULL)
			continue;
		if (prose(s, n))
			paras++;
		if (paras > 0 && ender(s, n)) {
			cut_from(c, bi);
			return;
		}
		if (date_line(s, n, (char [11]){ 0 }, &(int){ 0 }) > 0) {
			lift_date(c, s, n);
			kill(c, bi);
			continue;
		}
		if (paras >= 2 && headline_like(s, n) &&
		    (nb = next_live(c, bi)) != NONE &&
		    (t = text_of(c, nb, &tn)) != NULL &&
		    date_line(t, tn, (char [11]){ 0 }, &(int){ 0 }) > 0) {
			cut_from(c, bi);
			return;
		}
		if (bio_line(s, n, &v, &vn)) {
			if (c->x_author == NULL)
				c->x_author = ctx_clean(c, v, vn);
			kill(c, bi);
			continue;
		}
		if (norm_words(s, n) <= 14 && ends_sentence(s, n) &&
		    (((norm_starts_ci(s, n, "read ") > 0 ||
		    norm_starts_ci(s, n, "click ") > 0 ||
		    norm_starts_ci(s, n, "see ") > 0) &&
		    norm_find(s, n, " here") != NULL) ||
		    norm_contains_ci(s, n, "full story") ||
		    norm_contains_ci(s, n, "click here"))) {
			kill(c, bi);
			continue;
		}
		if (source_line(s, n)) {
			kill(c, bi);
			continue;
		}
		if (norm_contains_ci(s, n, "cookie") &&
		    (norm_contains_ci(s, n, "accept") ||
		    norm_contains_ci(s, n, "continu") ||
		    norm_contains_ci(s, n, "use of")) &&
		    norm_words(s, n) < 40) {
			kill(c, bi);
			continue;
		}
		/*
		 * A teaser (another story's headline and dek), with more
		 * story after it: a sentence, then many words that end no
		 * sentence.
		 */
		if ((k = tail_from(s, n)) > 0 && norm_words(s, k) >= 4 &&
		    !ends_sentence(s, n) &&
		    norm_words(s, n) >= TEASER_WORDS && !bullet(s, n) &&
		    next_live(c, bi) != NONE && utf8_length(s, n) < 400 &&
		    !dateline(s, n) && norm_words(s + k, n - k) >=
		    TEASER_TAIL) {
			kill(c, bi);
			continue;
		}
		/* Navigation: a run of short lines with no sentence. */
		if (norm_words(s, n) <= 6 && !ends_sentence(s, n) &&
		    !bullet(s, n) && !name_like(s, n, &caps)) {
			if (run++ == 0)
				runfrom = bi;
			if (run >= NAV_RUN)
				for (nb = runfrom; nb <= bi; nb++)
					kill(c, nb);
		} else
			run = 0;
	}
}

/* What stands between a dek and the story: photo, byline, date. */
static int
head_item(struct ctx *c, size_t bi)
{
	const char	*s, *v;
	size_t		 n, vn, cn;
	int		 caps;

	struct block	*b = ctx_block(c, bi);
	struct line	*l;

	if (b->b_photo)
		return 1;
	/* A byline the rules took already still counts. */
	if ((s = text_of(c, bi, &n)) == NULL) {
		if (b->b_kind != B_PARA || b->b_n == 0)
			return 0;
		l = ctx_line(c, b->b_first);
		s = l->l_view;
		n = l->l_vlen;
	}
	return date_line(s, n, (char [11]){ 0 }, &(int){ 0 }) == 2 ||
	    byline(s, n, &v, &vn) != 0 || rules_photo(s, n, &v, &vn) ||
	    caption_credit(s, n, &cn, &v, &vn) || name_like(s, n, &caps);
}

/*
 * The first paragraph is a dek (Summary) when it comes straight after
 * the headline, is a sentence or two, and a photo, byline or date stands
 * between it and the next prose paragraph (*story); a lede runs on into
 * the story.
 */
static int
dek_first(struct ctx *c, size_t h, size_t start, size_t *story)
{
	const char	*s;
	size_t		 bi, n, p;
	int		 item = 0;

	for (bi = ctx_first_live(c, h == NONE ? 0 : h + 1); bi != NONE &&
	    bi < start; bi = next_live(c, bi))
		if (!head_item(c, bi))
			return 0;
	if (c->x_summary != NULL || (s = text_of(c, start, &n)) == NULL ||
	    utf8_length(s, n) > DEK_LEN_MAX || dateline(s, n) ||
	    !ends_sentence(s, n) || !upper_at(s, n))
		return 0;
	for (p = NONE, bi = start + 1; bi < c->x_blocks.v_n; bi++) {
		if (head_item(c, bi))
			item = 1;
		else if ((s = text_of(c, bi, &n)) != NULL && prose(s, n)) {
			p = bi;
			break;
		}
	}
	if (!item)
		return 0;
	s = text_of(c, start, &n);
	c->x_summary = ctx_clean(c, s, n);
	kill(c, start);
	*story = p == NONE ? start + 1 : p;
	if (p == NONE)
		return 1;
	return 1;
}

static void	page_lift_in(struct ctx *);

/*
 * A date after the headline is the story's; one before it only when
 * there is no other, since sites print today's date above everything.
 */
void
page_lift(struct ctx *c)
{
	page_lift_in(c);
	if (c->x_date == NULL)
		c->x_date = c->x_predate;
	/* Only an update's date: the story is at least that old. */
	if (c->x_date == NULL) {
		c->x_date = c->x_updated;
		c->x_updated = NULL;
	}
}

static void
page_lift_in(struct ctx *c)
{
	const char	*s;
	size_t		 h, bi, n, start = NONE, p;
	int		 given = c->x_title != NULL, tries = 0;

	h = find_headline(c, given);
	/*
	 * Without --title the first line is the headline when it reads so;
	 * when it does not, import_text() asks for --title.
	 */
	if (!given && h != NONE && (s = text_of(c, h, &n)) != NULL &&
	    n > 0 && strchr(".!?:,;", s[n - 1]) == NULL &&
	    utf8_length(s, n) <= 150)
		c->x_title = ctx_clean(c, s, n);
	if (c->x_title == NULL)
		return;
	if (h != NONE) {
		for (bi = 0; bi < h; bi++) {
			if ((s = text_of(c, bi, &n)) != NULL)
				lift_date(c, s, n);
			kill(c, bi);
		}
		c->x_predate = c->x_date;
		c->x_date = NULL;
		if (!given && (s = text_of(c, h, &n)) != NULL &&
		    (n == 0 || strchr(".!?:,;", s[n - 1]) != NULL ||
		    utf8_length(s, n) > 150))
			h = NONE;
	}
	for (bi = h == NONE ? 0 : h + 1; bi < c->x_blocks.v_n; bi++) {
		if ((s = text_of(c, bi, &n)) == NULL)
			continue;
		if (prose(s, n) && (tries++ >= REPEAT_TRIES ||
		    !repeated_later(c, bi, s, n))) {
			start = bi;
			break;
		}
	}
	if (start == NONE) {
		/* No prose: only the rules of single lines apply. */
		page_body(c, h == NONE ? 0 : h + 1);
		return;
	}
	/* A short question just before the story is its first line. */
	if ((p = prev_live(c, start)) != NONE && (h == NONE || p > h) &&
	    (s = text_of(c, p, &n)) != NULL && n > 0 && s[n - 1] == '?' &&
	    norm_words(s, n) >= 4 && p + 1 == start)
		start = p;
	c->x_page = 1;
	if (dek_first(c, h, start, &p)) {
		/*
		 * Dates and bylines before the dek are lifted; a photo,
		 * credit and caption after it go to import_meta.c.
		 */
		if (h != NONE || given)
			page_head(c, h == NONE ? 0 : h + 1, start);
		if (p < c->x_blocks.v_n)
			ctx_block(c, p)->b_story = 1;
		page_body(c, p);
		return;
	}
	ctx_block(c, start)->b_story = 1;
	if (h != NONE)
		page_head(c, h + 1, start);
	else if (given)
		page_head(c, 0, start);
	page_body(c, start);
}
