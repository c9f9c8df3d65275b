# The front page as a newspaper, over both protocols, line by line: the
# lead (the newest article marked Featured: yes), the sections (the
# busiest tags, or those capsule.conf names), the latest list, the
# languages; and it stays a Gemini subscription whose entries are each
# article once (the lead and section links are not dated).
. "$(dirname "$0")/lib.sh"
cp -r "$ROOT/tests/fixtures/paper" store
start_daemon

# gemsub: reads a page as the subscription companion spec does (title:
# the first "# " line; entries: links whose label starts YYYY-MM-DD) and
# prints "title=..." and "entries=N"; fails on a URL entered twice.
gemsub() {
	awk '
	title == "" && /^# / { title = substr($0, 3) }
	/^=>/ {
		l = $0; sub(/^=>[ \t]*/, "", l)
		url = l; sub(/[ \t].*/, "", url)
		label = ""
		if (l ~ /[ \t]/) { label = l; sub(/^[^ \t]*[ \t]+/, "", label) }
		if (label ~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]/) {
			n++
			if (seen[url]++) { print "duplicate entry " url; bad = 1 }
		}
	}
	END { print "title=" title; print "entries=" n + 0; exit bad }'
}

# Menu lines: i TEXT (an info line), m TYPE DISPLAY SELECTOR (ours).
i() { printf 'i%s\t\tnull.host\t1\r\n' "$1"; }
m() { printf '%s%s\t%s\tlocalhost\t%s\r\n' "$1" "$2" "$3" "$GPORT"; }
gopher() { "$GEMREQ" -P -w 5000 "$GPORT" "$1"$'\r\n'; }

cat >want.gmi <<'GMI'
20 text/gemini; charset=utf-8; lang=en
# The Harbour Paper

News from the quays, the markets and the tram depot.

## Tram line reopens after flood repairs

The harbour tram runs again after six weeks of work on the flooded underpass.
By Ines Duarte · 10 March 2026
=> /articles/tram-line-reopens-after-flood-repairs Read the article

## Sections

### city
=> /articles/le-marche-de-nuit-attire-les-familles Le marché de nuit attire les familles
=> /articles/night-market-returns-to-the-harbour Night market returns to the harbour
=> /articles/council-budget-vote-postponed — 2026-03-12 council budget vote postponed
=> /tags/city/ More in city

### food
=> /articles/bakers-share-a-single-wood-oven Bakers share a single wood oven
=> /tags/food/ More in food

### transport
=> /articles/ferry-timetable-changes-for-spring Ferry timetable changes for spring
=> /articles/strassenbahn-faehrt-wieder-nach-plan Straßenbahn fährt wieder nach Plan
=> /tags/transport/ More in transport

## Latest
=> /articles/ferry-timetable-changes-for-spring 2026-03-18 Ferry timetable changes for spring
=> /articles/bakers-share-a-single-wood-oven 2026-03-16 Bakers share a single wood oven
=> /articles/le-marche-de-nuit-attire-les-familles 2026-03-15 Le marché de nuit attire les familles
=> /articles/night-market-returns-to-the-harbour 2026-03-14 Night market returns to the harbour
=> /articles/council-budget-vote-postponed 2026-03-12 2026-03-12 council budget vote postponed
=> /articles/strassenbahn-faehrt-wieder-nach-plan 2026-03-11 Straßenbahn fährt wieder nach Plan
=> /articles/tram-line-reopens-after-flood-repairs 2026-03-10 Tram line reopens after flood repairs

## Browse
=> /tags/ Tags
=> /archive/ Archive
=> /search Search
=> /atom.xml Atom feed
=> /about About

## Languages
=> /lang/de/ Deutsch (1)
=> /lang/en/ English (5)
=> /lang/fr/ Français (1)

© 2026 The Harbour Paper.
GMI
get /
printf '%s\n' "$out" | tr -d '\r' >got.gmi
diff -u want.gmi got.gmi >&2 || fail "the Gemini front page differs (above)"

# The subscription: its title, seven entries, none twice (the lead and
# the sections link the same articles without a date; a headline that
# starts with a date gets a dash, or it would be an entry again).
tail -n +2 got.gmi | gemsub >sub || fail "gemsub: $(cat sub)"
has "$(cat sub)" "title=The Harbour Paper"
has "$(cat sub)" "entries=7"

{
	i "The Harbour Paper"; i "================="; i ""
	i "News from the quays, the markets and the tram depot."; i ""
	i "Tram line reopens after flood repairs"
	i "-------------------------------------"
	i "The harbour tram runs again after six weeks of work on the flooded"
	i "underpass."
	i "By Ines Duarte · 10 March 2026"
	m 1 "Read the article" /articles/tram-line-reopens-after-flood-repairs
	i ""
	i "city"; i "----"
	m 1 "Le marché de nuit attire les familles" /articles/le-marche-de-nuit-attire-les-familles
	m 1 "Night market returns to the harbour" /articles/night-market-returns-to-the-harbour
	m 1 "2026-03-12 council budget vote postponed" /articles/council-budget-vote-postponed
	m 1 "More in city" /tags/city/
	i ""
	i "food"; i "----"
	m 1 "Bakers share a single wood oven" /articles/bakers-share-a-single-wood-oven
	m 1 "More in food" /tags/food/
	i ""
	i "transport"; i "---------"
	m 1 "Ferry timetable changes for spring" /articles/ferry-timetable-changes-for-spring
	m 1 "Straßenbahn fährt wieder nach Plan" /articles/strassenbahn-faehrt-wieder-nach-plan
	m 1 "More in transport" /tags/transport/
	i ""
	i "Latest"; i "------"
	m 1 "2026-03-18 Ferry timetable changes for spring" /articles/ferry-timetable-changes-for-spring
	m 1 "2026-03-16 Bakers share a single wood oven" /articles/bakers-share-a-single-wood-oven
	m 1 "2026-03-15 Le marché de nuit attire les familles" /articles/le-marche-de-nuit-attire-les-familles
	m 1 "2026-03-14 Night market returns to the harbour" /articles/night-market-returns-to-the-harbour
	m 1 "2026-03-12 2026-03-12 council budget vote postponed" /articles/council-budget-vote-postponed
	m 1 "2026-03-11 Straßenbahn fährt wieder nach Plan" /articles/strassenbahn-faehrt-wieder-nach-plan
	m 1 "2026-03-10 Tram line reopens after flood repairs" /articles/tram-line-reopens-after-flood-repairs
	i ""
	i "Browse"; i "------"
	m 1 Tags /tags/; m 1 Archive /archive/; m 7 Search /search
	m 0 "Atom feed" /atom.xml; m 1 About /about
	i ""
	i "Languages"; i "---------"
	m 1 "Deutsch (1)" /lang/de/; m 1 "English (5)" /lang/en/
	m 1 "Français (1)" /lang/fr/
	i ""
	i "© 2026 The Harbour Paper."
	printf '.\r\n'
} >want.menu
gopher / >got.menu
diff -u <(cat -A want.menu) <(cat -A got.menu) >&2 || fail "the gopher root menu differs (above)"
"$BUILD/tests/menucheck" localhost "$GPORT" <got.menu >/dev/null || fail "the root menu breaks a menu rule"
# Every info line fits 70 columns.
! tr -d '\r' <got.menu | awk -F '\t' '/^i/ && length($1) > 70' | grep -q . ||
	fail "an info line is wider than 70 columns"

# Sections named in capsule.conf, in its order, one headline each; a
# tag named that has no article, or whose articles are shown above it,
# gives no section.  Then section_size = 0: no sections at all.
stop_daemon
printf 'sections = transport, nothing, food, transport\nsection_size = 1\n' >>store/capsule.conf
start_daemon
get /
sed -n '/^## Sections/,/^## Latest/p' <<<"$out" | tr -d '\r' >got.sections
cat >want.sections <<'GMI'
## Sections

### transport
=> /articles/ferry-timetable-changes-for-spring Ferry timetable changes for spring
=> /tags/transport/ More in transport

### food
=> /articles/bakers-share-a-single-wood-oven Bakers share a single wood oven
=> /tags/food/ More in food

## Latest
GMI
diff -u want.sections got.sections >&2 || fail "named sections differ (above)"
stop_daemon
sed -i 's/^section_size = 1$/section_size = 0/' store/capsule.conf
start_daemon
get /
lacks "$out" "## Sections"
lacks "$(gopher /)" "More in"
has "$out" "## Tram line reopens after flood repairs"

# Without Featured, the newest article leads; one language: no list.
stop_daemon
sed -i '/^Featured:/d' store/articles/tram-line-reopens-after-flood-repairs.gmi
rm store/articles/le-marche-de-nuit-attire-les-familles.gmi \
	store/articles/strassenbahn-faehrt-wieder-nach-plan.gmi
start_daemon
get /
has "$out" "## Ferry timetable changes for spring"
lacks "$out" "## Languages"
lacks "$out" "/lang/"
printf '%s\n' "$out" | tr -d '\r' | tail -n +2 | gemsub >sub || fail "gemsub: $(cat sub)"
has "$(cat sub)" "entries=5"
