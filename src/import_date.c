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

/* Month names and their short forms, folded; the index + 1 is the month. */
static const char *const months[12] = {
	"january januar janner janvier enero gennaio janeiro januari "
	    "stycznia styczen jan janv ene gen sty",
	"february februar fevrier febrero febbraio fevereiro februari lutego "
	    "luty feb fev fevr febr lut",
	"march marz maerz mars marzo marco maart marca marzec mar mrz mrt",
	"april avril abril aprile kwietnia kwiecien apr avr abr kwi",
	"may mai mayo maggio maio mei maja maj mag",
	"june juni juin junio giugno junho czerwca czerwiec jun giu cze",
	"july juli juillet julio luglio julho lipca lipiec jul juil lug lip",
	"august aout agosto augustus sierpnia sierpien aug ago sie",
	"september septembre septiembre setiembre settembre setembro wrzesnia "
	    "wrzesien sep sept set wrz",
	"october oktober octobre octubre ottobre outubro pazdziernika "
	    "pazdziernik oct okt ott out paz",
	"november novembre noviembre novembro listopada listopad nov lis",
	"december dezember decembre diciembre dicembre dezembro grudnia "
	    "grudzien dec dez dic gru"
};

/* Weekdays, in every language above, which a date line may carry. */
static const char weekdays[] =
    " monday tuesday wednesday thursday friday saturday sunday mon tue tues"
    " wed thu thur thurs fri sat sun montag dienstag mittwoch donnerstag"
    " freitag samstag sonnabend sonntag mo di mi do fr sa so lundi mardi"
    " mercredi jeudi vendredi samedi dimanche lun mar mer jeu ven sam dim"
    " lunes martes miercoles jueves viernes sabado domingo lunedi martedi"
    " mercoledi giovedi venerdi domenica segunda terca quarta quinta sexta"
    " feira maandag dinsdag woensdag donderdag vrijdag zaterdag zondag"
    " poniedzialek wtorek sroda czwartek piatek sobota niedziela ";

/* Words a date line may hold besides the date: prepositions, zones. */
static const char fillers[] =
    " de del do da of the at on um am le el em il op w o a as alle ore"
    " h hrs uhr am pm et est edt cst cdt mst mdt pst pdt utc gmt bst cet"
    " cest mez mesz wet west ist jst aest kst hkt sgt msk brt art"
    " published posted publie publiee publicado publicada pubblicato"
    " veroffentlicht gepubliceerd opublikowano erstellt created date"
    " datum fecha data le on dated ";

/* The ones that say the date is a correction's. */
static const char updates[] =
    " updated update modified actualizado actualizada actualizacion"
    " atualizado atualizada atualizacao aggiornato aggiornamento"
    " aktualisiert aktualisierung geandert bijgewerkt mis jour maj"
    " aktualizacja zaktualizowano last ultima ";

static int
in_list(const char *list, const char *w)
{
	char	 key[40];
	int	 n;

	n = snprintf(key, sizeof(key), " %s ", w);
	return n > 0 && (size_t)n < sizeof(key) && strstr(list, key) != NULL;
}

static int
month_of(const char *w)
{
	char	 key[40];
	int	 i, n;

	n = snprintf(key, sizeof(key), " %s ", w);
	if (n <= 0 || (size_t)n >= sizeof(key))
		return 0;
	for (i = 0; i < 12; i++) {
		char	 list[200];

		snprintf(list, sizeof(list), " %s ", months[i]);
		if (strstr(list, key) != NULL)
			return i + 1;
	}
	return 0;
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
