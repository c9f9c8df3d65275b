/*
 * import_date: a line that says nothing but a date, as news pages print
 * them in English, German, French, Spanish, Italian, Portuguese, Dutch
 * and Polish ("Thursday, June 10, 2021", "27 de junio de 2024 / 06:49",
 * "11. April 2019", "12.29.17", "2024-06-18T09:00Z", "Actualizado a
 * ..."), and the word folding the page rules share.  See import_int.h.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_int.h"
#include "utf8.h"

/*
 * The word at s[0..n) folded to lower-case ASCII letters and digits
 * (accents dropped, the rest skipped) into out, NUL-terminated; its
 * length.  Longer words are cut at outsz - 1.
 */
size_t
date_fold(const char *s, size_t n, char *out, size_t outsz)
{
	const char	*f;
	size_t		 i = 0, k, o = 0;
	uint32_t	 cp;

	while (i < n && o + 1 < outsz) {
		if ((k = utf8_decode(s + i, n - i, &cp)) == 0) {
			i++;
			continue;
		}
		i += k;
		if (cp < 0x80) {
			if (is_alnum((char)cp))
				out[o++] = lower((char)cp);
			continue;
		}
		if ((f = utf8_fold(cp)) == NULL)
			continue;
		for (; *f != '\0' && o + 1 < outsz; f++)
			if (is_alnum(*f))
				out[o++] = lower(*f);
	}
	out[o] = '\0';
	return o;
}

struct month {
	const char	*m_name;
	int		 m_num;
};

/* Month names and their short forms in every language above, folded. */
static const struct month months[] = {
	{ "abr", 4 }, { "abril", 4 }, { "ago", 8 }, { "agosto", 8 },
	{ "aout", 8 }, { "apr", 4 }, { "april", 4 }, { "aprile", 4 },
	{ "aug", 8 }, { "august", 8 }, { "augustus", 8 }, { "avr", 4 },
	{ "avril", 4 }, { "cze", 6 }, { "czerwca", 6 }, { "czerwiec", 6 },
	{ "dec", 12 }, { "december", 12 }, { "decembre", 12 }, { "dez", 12 },
	{ "dezember", 12 }, { "dezembro", 12 }, { "dic", 12 },
	{ "dicembre", 12 }, { "diciembre", 12 }, { "ene", 1 },
	{ "enero", 1 }, { "feb", 2 }, { "febbraio", 2 }, { "febr", 2 },
	{ "febrero", 2 }, { "februar", 2 }, { "februari", 2 },
	{ "february", 2 }, { "fev", 2 }, { "fevereiro", 2 }, { "fevr", 2 },
	{ "fevrier", 2 }, { "gen", 1 }, { "gennaio", 1 }, { "giu", 6 },
	{ "giugno", 6 }, { "gru", 12 }, { "grudnia", 12 },
	{ "grudzien", 12 }, { "jan", 1 }, { "janeiro", 1 }, { "janner", 1 },
	{ "januar", 1 }, { "januari", 1 }, { "january", 1 }, { "janv", 1 },
	{ "janvier", 1 }, { "juil", 7 }, { "juillet", 7 }, { "juin", 6 },
	{ "jul", 7 }, { "julho", 7 }, { "juli", 7 }, { "julio", 7 },
	{ "july", 7 }, { "jun", 6 }, { "june", 6 }, { "junho", 6 },
	{ "juni", 6 }, { "junio", 6 }, { "kwi", 4 }, { "kwiecien", 4 },
	{ "kwietnia", 4 }, { "lip", 7 }, { "lipca", 7 }, { "lipiec", 7 },
	{ "lis", 11 }, { "listopad", 11 }, { "listopada", 11 }, { "lug", 7 },
	{ "luglio", 7 }, { "lut", 2 }, { "lutego", 2 }, { "luty", 2 },
	{ "maart", 3 }, { "maerz", 3 }, { "mag", 5 }, { "maggio", 5 },
	{ "mai", 5 }, { "maio", 5 }, { "maj", 5 }, { "maja", 5 },
	{ "mar", 3 }, { "marca", 3 }, { "march", 3 }, { "marco", 3 },
	{ "mars", 3 }, { "marz", 3 }, { "marzec", 3 }, { "marzo", 3 },
	{ "may", 5 }, { "mayo", 5 }, { "mei", 5 }, { "mrt", 3 },
	{ "mrz", 3 }, { "nov", 11 }, { "november", 11 }, { "novembre", 11 },
	{ "novembro", 11 }, { "noviembre", 11 }, { "oct", 10 },
	{ "october", 10 }, { "octobre", 10 }, { "octubre", 10 },
	{ "okt", 10 }, { "oktober", 10 }, { "ott", 10 }, { "ottobre", 10 },
	{ "out", 10 }, { "outubro", 10 }, { "paz", 10 },
	{ "pazdziernik", 10 }, { "pazdziernika", 10 }, { "sep", 9 },
	{ "sept", 9 }, { "september", 9 }, { "septembre", 9 },
	{ "septiembre", 9 }, { "set", 9 }, { "setembro", 9 },
	{ "setiembre", 9 }, { "settembre", 9 }, { "sie", 8 },
	{ "sierpien", 8 }, { "sierpnia", 8 }, { "sty", 1 }, { "styczen", 1 },
	{ "stycznia", 1 }, { "wrz", 9 }, { "wrzesien", 9 },
	{ "wrzesnia", 9 }
};

/* Weekdays, in every language above, which a date line may carry. */
static const char *const weekdays[] = {
	"czwartek", "di", "dienstag", "dim", "dimanche", "dinsdag", "do",
	"domenica", "domingo", "donderdag", "donnerstag", "feira", "fr",
	"freitag", "fri", "friday", "giovedi", "jeu", "jeudi", "jueves",
	"lun", "lundi", "lunedi", "lunes", "maandag", "mar", "mardi",
	"martedi", "martes", "mer", "mercoledi", "mercredi", "mi",
	"miercoles", "mittwoch", "mo", "mon", "monday", "montag",
	"niedziela", "piatek", "poniedzialek", "quarta", "quinta", "sa",
	"sabado", "sam", "samedi", "samstag", "sat", "saturday", "segunda",
	"sexta", "so", "sobota", "sonnabend", "sonntag", "sroda", "sun",
	"sunday", "terca", "thu", "thur", "thurs", "thursday", "tue", "tues",
	"tuesday", "ven", "vendredi", "venerdi", "viernes", "vrijdag", "wed",
	"wednesday", "woensdag", "wtorek", "zaterdag", "zondag"
};

/* Words a date line may hold besides the date: prepositions, zones. */
static const char *const fillers[] = {
	"a", "aest", "alle", "am", "art", "as", "at", "brt", "bst", "cdt",
	"cest", "cet", "created", "cst", "da", "data", "date", "dated",
	"datum", "de", "del", "do", "edt", "el", "em", "erstellt", "est",
	"et", "fecha", "gepubliceerd", "gmt", "h", "hkt", "hrs", "il", "ist",
	"jst", "kst", "le", "mdt", "mesz", "mez", "msk", "mst", "o", "of",
	"on", "op", "opublikowano", "ore", "pdt", "pm", "posted", "pst",
	"pubblicato", "publicada", "publicado", "publie", "publiee",
	"published", "sgt", "the", "uhr", "um", "utc", "veroffentlicht", "w",
	"west", "wet"
};

/* The ones that say the date is a correction's. */
static const char *const updates[] = {
	"actualizacion", "actualizada", "actualizado", "aggiornamento",
	"aggiornato", "aktualisiert", "aktualisierung", "aktualizacja",
	"atualizacao", "atualizada", "atualizado", "bijgewerkt", "geandert",
	"jour", "last", "maj", "mis", "modified", "ultima", "update",
	"updated", "zaktualizowano"
};

static int
wordcmp(const void *k, const void *e)
{
	return strcmp(k, *(const char *const *)e);
}

#define in_list(list, w)	(bsearch(w, list, sizeof(list) / \
	sizeof(list[0]), sizeof(list[0]), wordcmp) != NULL)

static int
monthcmp(const void *k, const void *e)
{
	return strcmp(k, ((const struct month *)e)->m_name);
}

static int
month_of(const char *w)
{
	const struct month	*m;

	m = bsearch(w, months, sizeof(months) / sizeof(months[0]),
	    sizeof(months[0]), monthcmp);
	return m != NULL ? m->m_num : 0;
}

static int
days_in(int y, int m)
{
	static const int dm[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

#define NUMS_MAX	8

/*
 * 2 when s[0..n) is a date line with a year (*out gets "YYYY-MM-DD"),
 * 1 when it is a date or time line without one (a site's "today", "14
 * giu.", "11:24"), 0 when it holds other words.  *updated says a word
 * like "Updated" came with it.
 */
int
date_line(const char *s, size_t n, char out[11], int *updated)
{
	char		 w[40], sep = 0;
	long		 num[NUMS_MAX];
	size_t		 len[NUMS_MAX], nn = 0, i = 0, j;
	int		 month = 0, y = 0, m = 0, d = 0, yi = -1;
	size_t		 k;

	*updated = 0;
	if (n == 0 || n > 120)
		return 0;
	/* ISO 8601 first: 2024-06-18, maybe a time after. */
	if (n >= 10 && is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) &&
	    is_digit(s[3]) && s[4] == '-' && is_digit(s[5]) &&
	    is_digit(s[6]) && s[7] == '-' && is_digit(s[8]) &&
	    is_digit(s[9]) && (n == 10 || !is_digit(s[10]))) {
		for (j = 10; j < n; j++)
			if (!is_digit(s[j]) && strchr("T:.+-Z ", s[j]) == NULL)
				return 0;
		y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 +
		    (s[2] - '0') * 10 + (s[3] - '0');
		m = (s[5] - '0') * 10 + (s[6] - '0');
		d = (s[8] - '0') * 10 + (s[9] - '0');
		goto done;
	}
	while (i < n) {
		if (is_digit(s[i])) {
			for (j = i; j < n && is_digit(s[j]); j++)
				;
			if (nn == NUMS_MAX || j - i > 4)
				return 0;
			num[nn] = 0;
			for (k = i; k < j; k++)
				num[nn] = num[nn] * 10 + (s[k] - '0');
			len[nn++] = j - i;
			if (nn == 1 && j < n && strchr("/.-", s[j]) != NULL)
				sep = s[j];
			i = j;
			continue;
		}
		if (is_alpha(s[i]) || ((unsigned char)s[i] & 0x80)) {
			for (j = i; j < n && (is_alpha(s[j]) ||
			    ((unsigned char)s[j] & 0x80)); j++)
				;
			/* A space or a symbol ends a word; a dash too. */
			date_fold(s + i, j - i, w, sizeof(w));
			if (w[0] == '\0')
				;
			else if ((k = (size_t)month_of(w)) > 0 && month == 0)
				month = (int)k;
			else if (in_list(updates, w))
				*updated = 1;
			else if (!in_list(weekdays, w) && !in_list(fillers, w))
				return 0;
			i = j;
			continue;
		}
		if (strchr(" \t,./-|:()'", s[i]) == NULL)
			return 0;
		i++;
	}
	if (nn == 0)
		return 0;
	for (k = 0; k < nn; k++)
		if (len[k] == 4 && num[k] >= 1900 && num[k] <= 2099) {
			y = (int)num[k];
			yi = (int)k;
			break;
		}
	if (month > 0) {
		m = month;
		for (k = 0; k < nn; k++)
			if ((int)k != yi && len[k] <= 2 && num[k] >= 1 &&
			    num[k] <= 31) {
				d = (int)num[k];
				break;
			}
		if (d == 0 || y == 0)
			return 1;
	} else if (nn >= 3 && len[0] <= 4 && len[1] <= 2 && len[2] <= 4) {
		long	 a = num[0], b = num[1], c = num[2];

		if (len[0] == 4) {
			y = (int)a;
			m = (int)b;
			d = (int)c;
		} else {
			if (len[2] == 2)
				c += 2000;
			else if (len[2] != 4)
				return 1;
			y = (int)c;
			if (a > 12 || (b <= 12 && sep == '.')) {
				d = (int)a;
				m = (int)b;
			} else {
				m = (int)a;
				d = (int)b;
			}
		}
	} else
		return 1;
done:
	if (y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1 ||
	    d > days_in(y, m))
		return 1;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = out[7] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
	return 2;
}
