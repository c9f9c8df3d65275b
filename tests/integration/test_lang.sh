# Languages: the words around an article follow its Lang (French and
# German here, English for the rest, the capsule's lang for an article
# without one), and each language of the capsule has its page,
# /lang/CODE/, over Gemini and Gopher, with its own Atom feed and the
# front page linking to them.
. "$(dirname "$0")/lib.sh"
cp -r "$ROOT/tests/fixtures/paper" store
start_daemon
i() { printf 'i%s\t\tnull.host\t1\r\n' "$1"; }
m() { printf '%s%s\t%s\tlocalhost\t%s\r\n' "$1" "$2" "$3" "$GPORT"; }
gopher() { "$GEMREQ" -P -w 5000 "$GPORT" "$1"$'\r\n'; }
marche=/articles/le-marche-de-nuit-attire-les-familles
bahn=/articles/strassenbahn-faehrt-wieder-nach-plan

# French, line by line (the typographic space before a colon included).
cat >want.gmi <<'GMI'
20 text/gemini; charset=utf-8; lang=fr
# Le marché de nuit attire les familles

Sur le quai, les familles sont venues nombreuses pour la première soirée.

Par Claire Aubert · 15 mars 2026

Les familles ont rempli le quai samedi soir, entre les stands de soupe et les bouquinistes.

## Mots-clés
=> /tags/city/ city
=> /tags/food/ food

## Articles liés
=> /articles/night-market-returns-to-the-harbour 2026-03-14 Night market returns to the harbour
=> /articles/bakers-share-a-single-wood-oven 2026-03-16 Bakers share a single wood oven
=> /articles/council-budget-vote-postponed 2026-03-12 2026-03-12 council budget vote postponed
=> /articles/tram-line-reopens-after-flood-repairs 2026-03-10 Tram line reopens after flood repairs

## Pour continuer
=> /articles/night-market-returns-to-the-harbour ← Précédent dans food : Night market returns to the harbour
=> /articles/bakers-share-a-single-wood-oven → Suivant dans food : Bakers share a single wood oven
=> /archive/2026/03/ Archives : mars 2026
=> /search Rechercher
=> / À la une : The Harbour Paper
© 2026 The Harbour Paper.
GMI
get "$marche"
printf '%s\n' "$out" | tr -d '\r' >got.gmi
diff -u want.gmi got.gmi >&2 || fail "the French article differs (above)"

# German, over Gopher, line by line.
{
	i "Straßenbahn fährt wieder nach Plan"
	i "=================================="
	i ""
	i "Von Jonas Albrecht · 11. März 2026"
	m 0 "Volltext" "$bahn.txt"
	i ""
	i "Schlagwörter"; i "------------"
	m 1 transport /tags/transport/
	i ""
	i "Verwandte Artikel"; i "-----------------"
	m 1 "2026-03-18 Ferry timetable changes for spring" /articles/ferry-timetable-changes-for-spring
	m 1 "2026-03-10 Tram line reopens after flood repairs" /articles/tram-line-reopens-after-flood-repairs
	i ""
	i "Weiterlesen"; i "-----------"
	m 1 "<- Vorheriger Artikel in transport: Tram line reopens after flood…" /articles/tram-line-reopens-after-flood-repairs
	m 1 "-> Nächster Artikel in transport: Ferry timetable changes for spring" /articles/ferry-timetable-changes-for-spring
	m 1 "Archiv: März 2026" /archive/2026/03/
	m 7 Suche /search
	m 1 "Titelseite: The Harbour Paper" /
	i "© 2026 The Harbour Paper."
	printf '.\r\n'
} >want.menu
gopher "$bahn" >got.menu
diff -u <(cat -A want.menu) <(cat -A got.menu) >&2 || fail "the German card differs (above)"
# Its text, as gopher and Gemini's .txt serve it.
has "$(gopher "$bahn.txt")" "Von Jonas Albrecht · 11. März 2026"
has "$(gopher "$bahn.txt")" "Schlagwörter: transport"
get "$bahn.txt"
has "$out" "Von Jonas Albrecht · 11. März 2026"

# An article without Lang, in an English capsule: English words.
get /articles/bakers-share-a-single-wood-oven
has "$out" "By Piet Vos · Rope Street Courier · 16 March 2026"
has "$out" "## Read on"

# /lang/fr/ over Gemini: a subscription of the French articles.
get /lang/fr/
printf '%s\n' "$out" | tr -d '\r' >got.gmi
cat >want.gmi <<'GMI'
20 text/gemini; charset=utf-8; lang=fr
# The Harbour Paper · Articles en français

=> /articles/le-marche-de-nuit-attire-les-familles 2026-03-15 Le marché de nuit attire les familles

=> /lang/fr/atom.xml Flux Atom
=> /search Rechercher
=> / The Harbour Paper
© 2026 The Harbour Paper.
GMI
diff -u want.gmi got.gmi >&2 || fail "/lang/fr/ differs (above)"
get /lang/en/
[ "$(grep -c '^=> /articles/[^ ]* 2026-' <<<"$out")" = 5 ] || fail "/lang/en/: $out"
lacks "$out" "$marche"
get /lang/fr
[ "$(head -n 1 <<<"$out" | tr -d '\r')" = "31 gemini://localhost:$PORT/lang/fr/" ] ||
	fail "/lang/fr: $(head -n 1 <<<"$out")"
get /lang/sv/
expect_status 51

# /lang/fr/ over Gopher.
{
	i "The Harbour Paper"
	i "Articles en français"; i "===================="
	i ""
	m 1 "2026-03-15 Le marché de nuit attire les familles" "$marche"
	i ""
	m 0 "Flux Atom" /lang/fr/atom.xml
	m 7 Rechercher /search
	m 1 "The Harbour Paper" /
	i "© 2026 The Harbour Paper."
	printf '.\r\n'
} >want.menu
gopher /lang/fr/ >got.menu
diff -u <(cat -A want.menu) <(cat -A got.menu) >&2 || fail "gopher /lang/fr/ differs (above)"
"$BUILD/tests/menucheck" localhost "$GPORT" <got.menu >/dev/null || fail "/lang/fr/ breaks a menu rule"

# The feeds: French entries only, in French, with links for each protocol.
get /lang/fr/atom.xml
expect_status 20
has "$(head -n 1 <<<"$out")" "20 application/atom+xml"
tail -n +2 <<<"$out" >gemini.xml
gopher /lang/fr/atom.xml >gopher.xml
grep -q 'xml:lang="fr"' gemini.xml || fail "feed language: $(head -3 gemini.xml)"
grep -q '<title>The Harbour Paper · Articles en français</title>' gemini.xml || fail "feed title"
[ "$(grep -c '<entry>' gemini.xml)" = 1 ] || fail "French feed entries: $(grep -c '<entry>' gemini.xml)"
grep -q "href=\"gemini://localhost:$PORT$marche\"" gemini.xml || fail "no link to the French article"
grep -q "href=\"gopher://localhost:$GPORT/1$marche\"" gopher.xml || fail "no gopher link to the French article"
! grep -q 'gemini://' gopher.xml || fail "gemini:// in the gopher feed"
cmp -s <(grep '<id>' gopher.xml) <(grep '<id>' gemini.xml) || fail "feed ids differ"
if command -v xmllint >/dev/null; then
	xmllint --noout gemini.xml || fail "/lang/fr/atom.xml is not XML"
	xmllint --noout gopher.xml || fail "/lang/fr/atom.xml over gopher is not XML"
	get /lang/de/atom.xml
	tail -n +2 <<<"$out" | xmllint --noout - || fail "/lang/de/atom.xml is not XML"
else
	echo "xmllint is not installed: the feeds' XML is not checked"
fi

# The front page links to each language with its count, in its name.
get /
has "$out" $'## Languages\n=> /lang/de/ Deutsch (1)\n=> /lang/en/ English (5)\n=> /lang/fr/ Français (1)\n'
has "$(gopher /)" "$(m 1 "Français (1)" /lang/fr/)"

# A capsule whose lang is French: its articles without Lang get the
# French words, and the front page its French headings.
stop_daemon
sed -i 's/^lang = en$/lang = fr/' store/capsule.conf
start_daemon
get /articles/bakers-share-a-single-wood-oven
has "$out" "Par Piet Vos · Rope Street Courier · 16 mars 2026"
get /articles/strassenbahn-faehrt-wieder-nach-plan
has "$out" "Von Jonas Albrecht"
get /
has "$out" "## Derniers articles"
has "$out" "## Rubriques"
# Those articles are French now: no English page is left.
has "$out" "=> /lang/fr/ Français (6)"
lacks "$out" "/lang/en/"
