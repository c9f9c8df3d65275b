# The Gopher listener with real clients: every menu reachable from the
# root checked, curl byte for byte, lynx, Gopher+ and URL: requests, the
# error cases.
. "$(dirname "$0")/lib.sh"
MENUCHECK=$BUILD/tests/menucheck
start_daemon
mesh=harbour-street-mesh-network-reaches-200-nodes

# sel SELECTOR-WITH-ESCAPES: the raw answer in $out.
sel() { PORT=$GPORT gem "$1" -P -w 5000; }

# Crawl every menu from the root and check each one.
queue=(/)
declare -A seen
n=0
while [ ${#queue[@]} -gt 0 ]; do
	s=${queue[0]}
	queue=("${queue[@]:1}")
	[ -n "${seen[$s]:-}" ] && continue
	seen[$s]=1
	n=$((n + 1))
	"$GEMREQ" -P -w 5000 "$GPORT" "$s"$'\r\n' >menu || fail "fetching $s"
	"$MENUCHECK" localhost "$GPORT" <menu >links 2>problems ||
		fail "menu $s: $(cat problems)"
	mapfile -t more <links
	queue+=("${more[@]}")
done
[ "$n" -ge 20 ] || fail "only $n menus reached from the root"
echo "$n menus checked"
for s in "/articles/$mesh" /tags/gopher/ /archive/2026/10/ /about; do
	[ -n "${seen[$s]:-}" ] || fail "the crawl never reached $s"
done

# curl, byte for byte against what capsulectl render prints.
curl -s "gopher://127.0.0.1:$GPORT/1/articles/$mesh" >card
curl -s "gopher://127.0.0.1:$GPORT/0/articles/$mesh.txt" >text
"$CAPSULECTL" --store store render --gopher --port "$GPORT" "$mesh" >rendered
cat card text | cmp -s - rendered || fail "curl card+text differ from capsulectl render --gopher"
head -c 200 card | grep -q "^iHarbour Street mesh network reaches 200 nodes" ||
	fail "card does not start with the headline: $(head -c 200 card)"
grep -q $'^0[^\t]*\t/articles/'"$mesh"$'.txt\tlocalhost\t'"$GPORT"$'\r$' card ||
	fail "card has no full-text item"
grep -q $'^h[^\t]*\tURL:https://example.org/harbour-mesh/map\t' card ||
	fail "card has no h URL: item for a web link"
grep -q $'^I[^\t]*\t/media/mesh-antenna.png\t' card || fail "no image item"
grep -q $'^1[^\t]*\t/tags/networking/\t' card || fail "no tag item"
# The text: CRLF lines of at most 70 columns, dots guarded, no "." at
# the end (the connection's end ends it: gophermap.h).
tail -n 1 text | grep -qx $'.*contributors\\. Text under CC BY-SA 4\\.0\\.\r' ||
	fail "text does not end with its last line: $(tail -n 2 text)"
[ "$(grep -c $'\r$' text)" -eq "$(wc -l <text)" ] || fail "a text line without CR"
# Columns are characters (bash counts them in a UTF-8 locale; mawk's
# length() counts bytes, and the byline's "·" takes two).
n=0 bad=0
while IFS= read -r l; do
	n=$((n + 1))
	l=${l%$'\r'}
	if [ "$(LC_ALL=C.UTF-8 bash -c 'echo ${#1}' _ "$l")" -gt 70 ] &&
		! [[ $l =~ ^\ *(\[[0-9]+\]\ )?[a-z]+:// ]]; then
		echo "$n: $l"
		bad=1
	fi
done <text
[ "$bad" = 0 ] || fail "text lines over 70 columns"
curl -s "gopher://127.0.0.1:$GPORT/0/articles/repair-cafe-volunteers-teach-ed-the-standard-text-editor.txt" >ed.txt
grep -qx $'\\.\r' ed.txt && fail "an unguarded lone . line in a text"
grep -qx $'\\.\\.\r' ed.txt || fail "the lone . line was not guarded as .."

# Search through curl (type 7: selector, TAB, words).
curl -s "gopher://127.0.0.1:$GPORT/7/search%09mesh%20network" >search
"$MENUCHECK" localhost "$GPORT" <search >/dev/null || fail "search menu"
grep -q $'^1[^\t]*Harbour Street mesh[^\t]*\t/articles/'"$mesh"$'\t' search ||
	fail "search missed the article: $(head -5 search)"
sel "/search\r\n"
grep -q $'^7Search\t/search\tlocalhost\t'"$GPORT" <<<"$out" ||
	fail "a search without words did not offer the search again: $out"
sel "/search\tzzzznothing\r\n"
# $(...) drops the final LF; a here-string puts it back.
"$MENUCHECK" localhost "$GPORT" <<<"$out" >/dev/null 2>problems ||
	fail "empty search menu: $(cat problems)"
has "$out" "No articles match"
lacks "$out" "/articles/"

# lynx shows the headlines and follows a tag link.
if command -v lynx >/dev/null; then
	out=$(lynx -dump "gopher://127.0.0.1:$GPORT/1/")
	has "$out" "Harbour Street mesh network reaches 200 nodes"
	tags=$(grep -o "gopher://localhost:$GPORT/1/tags/$" <<<"$out" | head -1)
	[ -n "$tags" ] || fail "lynx found no link to the tags: $out"
	out=$(lynx -dump "$tags")
	tag=$(grep -o "gopher://localhost:$GPORT/1/tags/community/$" <<<"$out" | head -1)
	[ -n "$tag" ] || fail "lynx found no tag link: $out"
	out=$(lynx -dump "$tag")
	has "$out" "Gopher holes multiply as phlog ring turns ten"
else
	fail "lynx is not installed (make deps-test installs it)"
fi

# Gopher+ "+" gets the Gopher0 bytes after a "+-2" header (test_gopher_plus
# has "!" and "$"); nothing is marked Gopher+ in a plain menu.
root=$("$GEMREQ" -P -w 5000 "$GPORT" $'/\r\n')
lacks "$root" $'\t+\r'
for extra in '\t+' '\t\t+' '\t+text/plain'; do
	sel "/$extra\r\n"
	[ "$out" = "+-2"$'\r\n'"$root" ] || fail "Gopher+ '$extra' was not +-2 and the menu"
done
# A bare LF ends a selector too; an empty one is the root.
sel "\n"
[ "$out" = "$root" ] || fail "empty selector with LF"
sel "articles/$mesh\r\n"
has "$out" "Harbour Street mesh network reaches 200 nodes"

# URL: selectors get a small HTML page that moves on.
sel "URL:https://example.org/a?b=1&c=<2>\r\n"
has "$out" '<meta http-equiv="refresh" content="1;url=https://example.org/a?b=1&amp;c=&lt;2&gt;">'
has "$out" '<a href="https://example.org/a?b=1&amp;c=&lt;2&gt;">'
# caps.txt.
sel "caps.txt\r\n"
has "$out" "CapsVersion=1"
has "$out" "PathDelimeter=/"
has "$out" "ServerSoftware=capsule"
# A web browser gets a note, not a menu.
sel "GET / HTTP/1.1\r\nHost: x\r\n\r\n"
has "$out" "This is a Gopher server"
lacks "$out" $'\tlocalhost\t'

# Errors: a menu of their own, type 3 and i lines only.
for bad in "/nothing/here" "/../../etc/passwd" "/media/../capsule.conf" \
	"/articles/..%2f" "/a\0b" "/media/./x" "//etc" "\\\\etc" \
	"/articles/winter-solstice-radio-net-planned-for-december"; do
	sel "$bad\r\n"
	grep -q "^3" <<<"$out" || fail "'$bad' did not get an error menu: $out"
	"$MENUCHECK" localhost "$GPORT" <<<"$out" >/dev/null 2>problems ||
		fail "error menu for '$bad': $(cat problems)"
	lacks "$out" "root:"
done
# Too long: an error menu, not a hang.
sel "/$(printf 'x%.0s' $(seq 1 1100))\r\n"
grep -q "^3" <<<"$out" || fail "an overlong selector got: $(head -c 100 <<<"$out")"
# 1024 bytes is the limit; one more, ended by a bare LF (which still fits
# the buffer meant for 1024 and a CRLF), is too long as well.
sel "/$(printf 'x%.0s' $(seq 1 1023))\n"
grep -q "^3Not found" <<<"$out" || fail "a 1024-byte selector got: $(head -c 100 <<<"$out")"
sel "/$(printf 'x%.0s' $(seq 1 1024))\n"
grep -q "^3Selector too long" <<<"$out" ||
	fail "a 1025-byte selector got: $(head -c 100 <<<"$out")"

# Media with their bytes, items typed from libmagic.
"$GEMREQ" -P -w 5000 "$GPORT" $'/media/mesh-antenna.png\r\n' >png
cmp -s png store/media/mesh-antenna.png || fail "image bytes differ"

# The access log names the protocol.
grep -q " gopher /articles/$mesh 1 " daemon.log || fail "gopher access log: $(grep gopher daemon.log | tail -2)"
