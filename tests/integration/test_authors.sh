# /authors/ and /authors/NAME/ over both protocols: every byline of a
# published article under its folded slug, bylines that fold alike on
# one page, drafts left out, the feeds' author element, valid menus.
. "$(dirname "$0")/lib.sh"
MENUCHECK=$BUILD/tests/menucheck
cp -r "$ROOT/capsule" store
# The sample store has "Zoë Marchetti"; the same name without its accent
# folds to the same slug, and is the newer byline.
cat >store/articles/marchetti-writes-again.gmi <<'EOF'
Title: Marchetti writes again
Date: 2026-11-30T09:00:00Z
Author: Zoe Marchetti
Tags: gemini
Status: published

A second article, bylined without the accent.
EOF
start_daemon
mesh=harbour-street-mesh-network-reaches-200-nodes

get /authors/
expect_status 20
has "$(head -n1 <<<"$out")" "20 text/gemini; charset=utf-8; lang=en"
has "$out" "# Authors"
has "$out" "=> /authors/maren-holt/ Maren Holt (1)"
has "$out" "=> /authors/elodie-garnier/ Élodie Garnier (1)"
has "$out" "=> /authors/zoe-marchetti/ Zoe Marchetti (2)"
lacks "$out" "Zoë Marchetti"
[ "$(grep -c '^=> /authors/' <<<"$out")" -eq 9 ] || fail "one line per author: $out"

get /authors/zoe-marchetti/
expect_status 20
has "$out" "# Articles by Zoe Marchetti"
has "$out" "=> /articles/marchetti-writes-again 2026-11-30 Marchetti writes again"
[ "$(grep -c '^=> /articles/' <<<"$out")" -eq 2 ] || fail "both bylines' articles: $out"
first=$(grep -m1 '^=> /articles/' <<<"$out")
has "$first" "marchetti-writes-again"
has "$out" "=> /authors/ All authors"

# Maren Holt's draft stays out.
get /authors/maren-holt/
has "$out" "=> /articles/$mesh 2026-09-03 "
[ "$(grep -c '^=> /articles/' <<<"$out")" -eq 1 ] || fail "a draft is listed: $out"

get /authors
has "$out" "31 gemini://localhost:$PORT/authors/"
get /authors/maren-holt
has "$out" "31 gemini://localhost:$PORT/authors/maren-holt/"
get /authors/nobody-at-all/
expect_status 51
get /authors/Maren-Holt/
expect_status 51

# The feeds name each entry's author.
get /atom.xml
has "$out" "<name>Zoe Marchetti</name>"
has "$out" "<name>Maren Holt</name>"

# Gopher: the same pages as menus, valid, linked to each other.
for s in /authors/ /authors/zoe-marchetti/ /authors; do
	"$GEMREQ" -P -w 5000 "$GPORT" "$s"$'\r\n' >menu || fail "fetching $s"
	"$MENUCHECK" localhost "$GPORT" <menu >links 2>problems ||
		fail "menu $s: $(cat problems)"
	has "$(cat menu)" "/authors/"
done
"$GEMREQ" -P -w 5000 "$GPORT" $'/authors/\r\n' >menu
has "$(cat menu)" $'1Zoe Marchetti (2)\t/authors/zoe-marchetti/\tlocalhost\t'"$GPORT"
"$GEMREQ" -P -w 5000 "$GPORT" $'/authors/zoe-marchetti/\r\n' >menu
has "$(cat menu)" $'12026-11-30 Marchetti writes again\t/articles/marchetti-writes-again\t'
has "$(cat menu)" $'1All authors\t/authors/\t'
"$GEMREQ" -P -w 5000 "$GPORT" $'/authors/nobody-at-all/\r\n' >menu
has "$(cat menu)" "3Not found"
