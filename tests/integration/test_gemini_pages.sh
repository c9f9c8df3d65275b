# Every page of the URL space over Gemini, from the sample store.
. "$(dirname "$0")/lib.sh"
start_daemon
mesh=harbour-street-mesh-network-reaches-200-nodes
meteo=la-station-meteo-du-lycee-publie-ses-releves-sur-gemini

# Front page: a gemsub feed of the newest articles, links to the rest.
get /
expect_status 20
has "$out" "# The Lantern Wire"
has "$out" "Slow news from the small internet"
has "$out" "=> /articles/$mesh 2026-09-03 Harbour Street mesh network reaches 200 nodes"
for l in "=> /tags/ " "=> /archive/ " "=> /search " "=> /atom.xml " "=> /about "; do
	has "$out" "$l"
done
# The latest list (gemsub entries, dated), newest first.
first=$(grep -m1 '^=> /articles/[^ ]* [0-9]' <<<"$out")
has "$first" "2026-11-18"

# An article: headline, dek, byline with the correction date, the image
# labelled with caption and credit, body, source, tags, related, copyright.
get "/articles/$mesh"
expect_status 20
has "$(head -n1 <<<"$out")" "20 text/gemini; charset=utf-8; lang=en"
has "$out" "# Harbour Street mesh network reaches 200 nodes"
has "$out" "A neighbourhood wireless mesh that began with four rooftop radios"
has "$out" "By Maren Holt · Harbour Mesh Bulletin · 3 September 2026 · Updated 5 September 2026"
has "$out" "=> /media/mesh-antenna.png A simple drawing of a rooftop antenna mast"
has "$out" "The first Harbour Street node, as sketched for the project's newsletter. (Illustration by The Lantern Wire)"
has "$out" "=> https://example.org/harbour-mesh/200-nodes"
has "$out" "=> /tags/networking/ networking"
has "$out" "## Related articles"
[ "$(grep -c '^=> /articles/[^ ]* [0-9]' <<<"$out")" -le 5 ] || fail "more than five related"
has "$out" "© 2026 The Lantern Wire contributors"
# The rendered page is exactly what capsulectl render prints.
"$CAPSULECTL" --store store render --gemini "$mesh" >rendered
"$GEMREQ" -x "$PORT" "gemini://localhost:$PORT/articles/$mesh\r\n" >served
cmp -s served rendered || {
	diff served rendered | head >&2
	fail "capsulectl render differs from the page served"
}

# The article's own language.
get "/articles/$meteo"
has "$(head -n1 <<<"$out")" "lang=fr"
has "$out" "# La station météo du lycée publie ses relevés sur Gemini"

# Plain text, and an old slug answered with 31.
get "/articles/$mesh.txt"
has "$(head -n1 <<<"$out")" "20 text/plain; charset=utf-8"
has "$out" "Harbour Street mesh network reaches 200 nodes"
lacks "$out" "=> "
get /articles/library-parish-registers-gemini
[ "$(head -n1 <<<"$out" | tr -d '\r')" = "31 gemini://localhost:$PORT/articles/county-library-puts-parish-registers-online-over-gemini" ] ||
	fail "redirect: $out"
get /articles/library-parish-registers-gemini.txt
has "$out" "31 gemini://localhost:$PORT/articles/county-library-puts-parish-registers-online-over-gemini.txt"

# Tags with counts; a tag page as a gemsub page; directories without
# their slash are redirected.
get /tags/
expect_status 20
has "$out" "=> /tags/community/ community (5)"
has "$out" "=> /tags/gemini/ gemini (4)"
get /tags/gopher/
expect_status 20
has "$out" "=> /articles/small-web-meetup-draws-record-crowd-in-lisbon 2026-10-21 "
has "$out" "=> /tags/gopher/atom.xml"
get /tags/nosuchtag/
expect_status 51
get /tags
has "$out" "31 gemini://localhost:$PORT/tags/"
get /tags/gopher
has "$out" "31 gemini://localhost:$PORT/tags/gopher/"

# Archive by month.
get /archive/
expect_status 20
has "$out" "=> /archive/2026/10/ October 2026 (4)"
has "$out" "=> /archive/2026/09/ September 2026 (2)"
get /archive/2026/10/
expect_status 20
has "$out" "=> /articles/gopher-holes-multiply-as-phlog-ring-turns-ten 2026-10-09"
lacks "$out" "$mesh"
get /archive/2026/11
has "$out" "31 gemini://localhost:$PORT/archive/2026/11/"
get /archive/1999/01/
expect_status 51

# Search: a prompt, then ranked results with dates and snippets; an
# empty result says so.
get /search
[ "$(head -n1 <<<"$out" | cut -c1-3)" = "10 " ] || fail "search prompt: $out"
get "/search?mesh%20network"
expect_status 20
has "$out" "=> /articles/$mesh 2026-09-03"
first=$(grep -m1 '^=> /articles/' <<<"$out")
has "$first" "$mesh"
get "/search?M%C3%A9t%C3%A9o"
has "$out" "$meteo"
get "/search?zzzqqqnothing"
expect_status 20
has "$out" "No articles match"
get "/search?%ff"
expect_status 59

# Atom feeds, valid XML with gemini:// links and stable ids.
get /atom.xml
has "$(head -n1 <<<"$out")" "20 application/atom+xml"
tail -n +2 <<<"$out" >feed.xml
xmllint --noout feed.xml || fail "atom.xml is not well-formed"
has "$out" "<link rel=\"alternate\" href=\"gemini://localhost:$PORT/articles/$mesh\""
has "$out" "<id>tag:localhost,2026-09-17:/articles/library-parish-registers-gemini</id>"
has "$out" "<published>2026-09-03T07:45:00Z</published>"
has "$out" "<updated>2026-09-05T16:20:00Z</updated>"
lacks "$out" "winter-solstice"
get /tags/gemini/atom.xml
tail -n +2 <<<"$out" >tagfeed.xml
xmllint --noout tagfeed.xml || fail "tag feed is not well-formed"
[ "$(grep -c '<entry' tagfeed.xml)" -eq 4 ] || fail "tag feed entries"

# Media with the type libmagic or the extension table gives.
get /media/mesh-antenna.png
[ "$(head -c 15 <<<"$out")" = "20 image/png"$'\r\n\x89' ] ||
	[ "$(head -n1 <<<"$out")" = $'20 image/png\r' ] || fail "png: $(head -c 20 <<<"$out" | od -c)"
"$GEMREQ" -x "$PORT" "gemini://localhost:$PORT/media/mesh-antenna.png\r\n" |
	tail -c +15 | cmp -s - store/media/mesh-antenna.png || fail "png bytes differ"
get /media/README.txt
has "$(head -n1 <<<"$out")" "20 text/plain"
get /media/nothing.png
expect_status 51
get /media/.hidden
expect_status 51

# Extra pages, robots.txt and the favicon.
get /about
expect_status 20
has "$out" "# About The Lantern Wire"
get /robots.txt
has "$out" "Disallow: /search"
get /favicon.txt
has "$out" "🏮"
