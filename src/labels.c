/*
 * labels: see labels.h.  A pure module: libc only.
 *
 * The words are the ones newspapers of each language print in those
 * places; where usage differs between countries (Portuguese "secções"
 * and "seções") the table takes a word both read ("Temas").
 */
#include <stdio.h>
#include <string.h>

#include "labels.h"

static const struct labels labels_en = {
	"en", "English", "By", "Updated", "Source", "Image", "Full text",
	"Links", "Tags", "See also", "Related articles", "Read on",
	"Previous", "Next", "in", "Archive", "Search", "Search for",
	"Front page", "Latest", "Sections", "More in", "Read the article",
	"Browse", "Languages", "Atom feed", "Articles in English",
	"Nothing has been published yet.",
	": ",
	{ "January", "February", "March", "April", "May", "June", "July",
	    "August", "September", "October", "November", "December" },
	"", NULL, NULL
};

static const struct labels labels_fr = {
	"fr", "Français", "Par", "Mis à jour", "Source", "Image",
	"Texte intégral", "Liens", "Mots-clés", "Voir aussi",
	"Articles liés", "Pour continuer", "Précédent", "Suivant", "dans",
	"Archives", "Rechercher", "Rechercher", "À la une",
	"Derniers articles", "Rubriques", "Plus dans", "Lire l’article",
	"Parcourir", "Langues", "Flux Atom", "Articles en français",
	"Rien n’a encore été publié.",
	" : ",
	{ "janvier", "février", "mars", "avril", "mai", "juin", "juillet",
	    "août", "septembre", "octobre", "novembre", "décembre" },
	"", NULL, "1er"
};

static const struct labels labels_de = {
	"de", "Deutsch", "Von", "Aktualisiert", "Quelle", "Bild",
	"Volltext", "Links", "Schlagwörter", "Siehe auch",
	"Verwandte Artikel", "Weiterlesen", "Vorheriger Artikel",
	"Nächster Artikel", "in", "Archiv", "Suche", "Suche nach",
	"Titelseite", "Neueste Artikel", "Rubriken", "Mehr in",
	"Artikel lesen", "Stöbern", "Sprachen", "Atom-Feed",
	"Artikel auf Deutsch", "Noch ist nichts erschienen.",
	": ",
	{ "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
	    "August", "September", "Oktober", "November", "Dezember" },
	".", NULL, NULL
};

static const struct labels labels_es = {
	"es", "Español", "Por", "Actualizado", "Fuente", "Imagen",
	"Texto completo", "Enlaces", "Etiquetas", "Véase también",
	"Artículos relacionados", "Seguir leyendo", "Anterior", "Siguiente",
	"en", "Archivo", "Buscar", "Buscar", "Portada", "Lo último",
	"Secciones", "Más en", "Leer el artículo", "Explorar", "Idiomas",
	"Feed Atom", "Artículos en español", "Aún no se ha publicado nada.",
	": ",
	{ "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
	    "agosto", "septiembre", "octubre", "noviembre", "diciembre" },
	"", "de", NULL
};

static const struct labels labels_it = {
	"it", "Italiano", "Di", "Aggiornato", "Fonte", "Immagine",
	"Testo completo", "Link", "Tag", "Vedi anche", "Articoli correlati",
	"Continua a leggere", "Precedente", "Successivo", "in", "Archivio",
	"Cerca", "Cerca", "Prima pagina", "Ultimi articoli", "Sezioni",
	"Altro in", "Leggi l’articolo", "Sfoglia", "Lingue", "Feed Atom",
	"Articoli in italiano", "Non è stato ancora pubblicato nulla.",
	": ",
	{ "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno",
	    "luglio", "agosto", "settembre", "ottobre", "novembre",
	    "dicembre" },
	"", NULL, NULL
};

static const struct labels labels_pt = {
	"pt", "Português", "Por", "Atualizado", "Fonte", "Imagem",
	"Texto completo", "Links", "Etiquetas", "Ver também",
	"Artigos relacionados", "Continuar a ler", "Anterior", "Seguinte",
	"em", "Arquivo", "Pesquisar", "Pesquisar", "Primeira página",
	"Últimas", "Temas", "Mais em", "Ler o artigo", "Navegar", "Idiomas",
	"Feed Atom", "Artigos em português", "Ainda não foi publicado nada.",
	": ",
	{ "janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho",
	    "agosto", "setembro", "outubro", "novembro", "dezembro" },
	"", "de", NULL
};

static const struct labels labels_nl = {
	"nl", "Nederlands", "Door", "Bijgewerkt", "Bron", "Afbeelding",
	"Volledige tekst", "Links", "Trefwoorden", "Zie ook",
	"Gerelateerde artikelen", "Verder lezen", "Vorige", "Volgende", "in",
	"Archief", "Zoeken", "Zoeken naar", "Voorpagina", "Laatste nieuws",
	"Rubrieken", "Meer in", "Lees het artikel", "Bladeren", "Talen",
	"Atom-feed", "Artikelen in het Nederlands",
	"Er is nog niets gepubliceerd.",
	": ",
	{ "januari", "februari", "maart", "april", "mei", "juni", "juli",
	    "augustus", "september", "oktober", "november", "december" },
	"", NULL, NULL
};

static const struct labels *const labels_all[] = {
	&labels_en, &labels_fr, &labels_de, &labels_es, &labels_it,
	&labels_pt, &labels_nl,
};

int
labels_code(const char *lang, char *out, size_t size)
{
	size_t n;

	if (lang == NULL)
		return -1;
	for (n = 0; (lang[n] >= 'a' && lang[n] <= 'z') ||
	    (lang[n] >= 'A' && lang[n] <= 'Z'); n++)
		if (n == 3)
			return -1;
	if (n < 2 || (lang[n] != '\0' && lang[n] != '-' && lang[n] != '_') ||
	    n >= size)
		return -1;
	for (size_t i = 0; i < n; i++)
		out[i] = (char)(lang[i] | 0x20);
	out[n] = '\0';
	return (int)n;
}

static const struct labels *
labels_find(const char *lang)
{
	char code[4];
	size_t i;

	if (labels_code(lang, code, sizeof(code)) == -1)
		return NULL;
	for (i = 0; i < sizeof(labels_all) / sizeof(labels_all[0]); i++)
		if (strcmp(labels_all[i]->l_code, code) == 0)
			return labels_all[i];
	return NULL;
}

const struct labels *
labels_get(const char *lang, const char *fallback)
{
	const struct labels *l;

	if ((l = labels_find(lang)) != NULL ||
	    (l = labels_find(fallback)) != NULL)
		return l;
	return &labels_en;
}

int
labels_known(const char *lang)
{
	return labels_find(lang) != NULL;
}

int
labels_date(const struct labels *l, int year, int month, int day,
    char *out, size_t size)
{
	char d[8];
	int n;

	if (month < 1 || month > 12 || day < 1 || day > 31)
		return -1;
	if (day == 1 && l->l_first != NULL)
		snprintf(d, sizeof(d), "%s", l->l_first);
	else
		snprintf(d, sizeof(d), "%d%s", day, l->l_day_suffix);
	if (l->l_of != NULL)
		n = snprintf(out, size, "%s %s %s %s %d", d, l->l_of,
		    l->l_months[month - 1], l->l_of, year);
	else
		n = snprintf(out, size, "%s %s %d", d, l->l_months[month - 1],
		    year);
	return n >= 0 && (size_t)n < size ? n : -1;
}
