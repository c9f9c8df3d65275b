# An article page reads like a newspaper's, over both protocols, line by
# line: the byline names the publisher of a republished article with its
# Source link; a blank line, then the image under its alt text with the
# caption; "See also" headlines lead to the article or to a search for
# the headline; related articles by shared tags only when no Related:
# header gives any; onward links (previous and next in the first tag,
# the month, search, the front page); no external link listed twice.
. "$(dirname "$0")/lib.sh"
cp -r "$ROOT/tests/fixtures/paper" store
start_daemon
i() { printf 'i%s\t\tnull.host\t1\r\n' "$1"; }
m() { printf '%s%s\t%s\tlocalhost\t%s\r\n' "$1" "$2" "$3" "$GPORT"; }
h() { printf 'h%s\tURL:%s\tlocalhost\t%s\r\n' "$1" "$2" "$GPORT"; }
gopher() { "$GEMREQ" -P -w 5000 "$GPORT" "$1"$'\r\n'; }
# hasblock TEXT LINES: LINES (several, in order) are in TEXT.
hasblock() { [[ "$1" == *"$2"* ]] || fail "expected the lines '$2' in: $(head -c 600 <<<"$1")"; }
market=/articles/night-market-returns-to-the-harbour

cat >want.gmi <<'GMI'
20 text/gemini; charset=utf-8; lang=en
# Night market returns to the harbour

Forty stalls lit the quay on Saturday for the first market of the year.

By Ines Duarte · Harbour Weekly · 14 March 2026 · Updated 15 March 2026

=> https://example.net/img/market.jpg Stalls with paper lanterns along a quay at night.
The first night market of the season. (Photo by Harbour Weekly)

Forty stalls set up along the quay on Saturday evening, selling soup, grilled fish and secondhand books.

=> https://example.net/harbour/night-market The report in Harbour Weekly
=> https://example.net/harbour/stalls The list of stalls

## Tags
=> /tags/city/ city
=> /tags/food/ food

## See also
=> /articles/tram-line-reopens-after-flood-repairs Tram line reopens after flood repairs
=> /search?Lanterns%20over%20the%20water Search for: Lanterns over the water

## Read on
=> /articles/council-budget-vote-postponed ← Previous in city: 2026-03-12 council budget vote postponed
=> /articles/le-marche-de-nuit-attire-les-familles → Next in city: Le marché de nuit attire les familles
=> /archive/2026/03/ Archive: March 2026
=> /search Search
=> / Front page: The Harbour Paper
© 2026 The Harbour Paper.
GMI
get "$market"
printf '%s\n' "$out" | tr -d '\r' >got.gmi
diff -u want.gmi got.gmi >&2 || fail "the article page differs (above)"
# The Source is the body's first link: listed once, not twice.
[ "$(grep -c 'https://example.net/harbour/night-market' got.gmi)" = 1 ] ||
	fail "the source is listed twice"

{
	i "Night market returns to the harbour"
	i "==================================="
	i ""
	i "Forty stalls lit the quay on Saturday for the first market of the"
	i "year."
	i ""
	i "By Ines Duarte · Harbour Weekly · 14 March 2026 · Updated 15 March"
	i "2026"
	m 0 "Full text" "$market.txt"
	i ""
	h "Stalls with paper lanterns along a quay at night." https://example.net/img/market.jpg
	i "The first night market of the season. (Photo by Harbour Weekly)"
	i ""
	i "Links"; i "-----"
	h "The report in Harbour Weekly" https://example.net/harbour/night-market
	h "The list of stalls" https://example.net/harbour/stalls
	i ""
	i "Tags"; i "----"
	m 1 city /tags/city/; m 1 food /tags/food/
	i ""
	i "See also"; i "--------"
	m 1 "Tram line reopens after flood repairs" /articles/tram-line-reopens-after-flood-repairs
	m 7 "Search for: Lanterns over the water" /search
	i ""
	i "Read on"; i "-------"
	m 1 "<- Previous in city: 2026-03-12 council budget vote postponed" /articles/council-budget-vote-postponed
	m 1 "-> Next in city: Le marché de nuit attire les familles" /articles/le-marche-de-nuit-attire-les-familles
	m 1 "Archive: March 2026" /archive/2026/03/
	m 7 Search /search
	m 1 "Front page: The Harbour Paper" /
	i "© 2026 The Harbour Paper."
	printf '.\r\n'
} >want.menu
gopher "$market" >got.menu
diff -u <(cat -A want.menu) <(cat -A got.menu) >&2 || fail "the article card differs (above)"
"$BUILD/tests/menucheck" localhost "$GPORT" <got.menu >/dev/null || fail "the card breaks a menu rule"

# A republished article with a Source the body does not link: the
# publisher in the byline and on the Source link; without a Publisher
# the link names the source's host.
get /articles/bakers-share-a-single-wood-oven
hasblock "$out" $'By Piet Vos · Rope Street Courier · 16 March 2026\n=> https://example.net/courier/oven Source: Rope Street Courier\n'
has "$(gopher /articles/bakers-share-a-single-wood-oven)" "$(h "Source: Rope Street Courier" https://example.net/courier/oven)"
get /articles/ferry-timetable-changes-for-spring
has "$out" "=> https://example.net/ferry/spring Source: example.net"

# The See also search answers with the article it was looking for, or
# at least with a results page for those words.
get "/search?Lanterns%20over%20the%20water"
expect_status 20
has "$out" "Search results for: Lanterns over the water"

# No Related: header: the related articles by shared tags, dated.
get /articles/ferry-timetable-changes-for-spring
hasblock "$out" $'## Related articles\n=> /articles/strassenbahn-faehrt-wieder-nach-plan 2026-03-11 Straßenbahn fährt wieder nach Plan\n=> /articles/tram-line-reopens-after-flood-repairs 2026-03-10 Tram line reopens after flood repairs\n'
lacks "$out" "## See also"
# A Related: header: its headlines, and no articles by shared tags.
get "$market"
lacks "$out" "## Related articles"

# Walking "Previous" from the newest article of a tag visits all of it,
# newest first (the German one says "Vorheriger Artikel"), and "Next"
# walks back; the draft is never on the way.
walk() {
	local path=$1 dir=$2 seen=""
	while [ -n "$path" ]; do
		seen="$seen ${path#/articles/}"
		get "$path"
		expect_status 20
		path=$(printf '%s\n' "$out" | sed -n "s|^=> \(/articles/[a-z0-9-]*\) $dir .*|\1|p")
	done
	echo "$seen"
}
[ "$(walk /articles/ferry-timetable-changes-for-spring '←')" = " ferry-timetable-changes-for-spring strassenbahn-faehrt-wieder-nach-plan tram-line-reopens-after-flood-repairs" ] ||
	fail "previous in transport: $(walk /articles/ferry-timetable-changes-for-spring '←')"
[ "$(walk /articles/tram-line-reopens-after-flood-repairs '→')" = " tram-line-reopens-after-flood-repairs strassenbahn-faehrt-wieder-nach-plan ferry-timetable-changes-for-spring" ] ||
	fail "next in transport: $(walk /articles/tram-line-reopens-after-flood-repairs '→')"
lacks "$(get /articles/council-budget-vote-postponed; echo "$out")" "an-unpublished-draft"

# Every link of ours on the article page answers (/search with its
# prompt, 10).
for p in $(grep -o '^=> /[^ ]*' got.gmi | cut -c4-); do
	get "$p"
	[ "$(status)" = 20 ] || { [ "$p" = /search ] && [ "$(status)" = 10 ]; } ||
		fail "$p from the article answers $(head -n 1 <<<"$out")"
done
