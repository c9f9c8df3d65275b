# Gopher+ (the UMN document of 1993): "+" gets the item after a "+-2"
# header, "!" its attribute block, "$" the blocks of a menu's items, each
# "+INFO: <the Gopher0 line>" and "+ADMIN:" with Admin and Mod-Date,
# after "+-1" and before "."; plain requests stay plain.
. "$(dirname "$0")/lib.sh"
start_daemon
meetup=small-web-meetup-draws-record-crowd-in-lisbon
sel() { PORT=$GPORT gem "$1" -P -w 5000; }
# blocks: every line of $out is a header, +INFO:, +ADMIN:, one of its
# attribute lines, or the final ".".
blocks() {
	[ "$(head -n 1 <<<"$out")" = $'+-1\r' ] || fail "no +-1 header: $(head -c 200 <<<"$out")"
	[ "$(tail -n 1 <<<"$out")" = $'.\r' ] || fail "no final '.': $(tail -n 2 <<<"$out")"
	! sed '1d;$d' <<<"$out" | grep -Ev $'^(\\+INFO: .*\t.*\t.*\t[0-9]+|\\+ADMIN:| Admin: .+ <.+>| Mod-Date: .* <[0-9]{14}>)\r$' ||
		fail "a line that is no block: $out"
	[ "$(grep -c '^+INFO: ' <<<"$out")" = "$(grep -c '^+ADMIN:' <<<"$out")" ] ||
		fail "an +INFO without its +ADMIN"
}

root=$("$GEMREQ" -P -w 5000 "$GPORT" $'/\r\n')
# "$": what the UMN client asks for its first menu.
sel "\t\$\r\n"
blocks
has "$out" $'+INFO: 1Tags\t/tags/\tlocalhost\t'"$GPORT"$'\r'
has "$out" $'+INFO: 12026-10-21 Small web meetup draws record crowd in Lisbon\t/articles/'"$meetup"$'\tlocalhost\t'
has "$out" $'+INFO: 7Search\t/search\tlocalhost\t'
has "$out" $'+INFO: iThe Lantern Wire\t\tnull.host\t1\r'
has "$out" " Admin: The Lantern Wire <localhost>"
# One block per line of the Gopher0 menu, but the ".".
[ "$(grep -c '^+INFO: ' <<<"$out")" = "$(($(wc -l <<<"$root") - 1))" ] ||
	fail "not one block per menu line"
sel "/tags/gopher/\t\$\r\n"
blocks
has "$out" $'+INFO: 12026-10-09 Gopher holes multiply as phlog ring turns ten\t'
# A search with "$" after the words.
sel "/search\tlisbon\t\$\r\n"
blocks
has "$out" $'\t/articles/'"$meetup"$'\tlocalhost\t'
# "!": the item itself.
sel "/tags/\t!\r\n"
blocks
has "$out" $'+INFO: 1/tags/\t/tags/\tlocalhost\t'"$GPORT"$'\r'
[ "$(grep -c '^+INFO: ' <<<"$out")" = 1 ] || fail "! gave more than one block"
sel "/articles/$meetup.txt\t!\r\n"
blocks
has "$out" $'+INFO: 0/articles/'"$meetup"$'.txt\t'
sel "/media/mesh-antenna.png\t!\r\n"
blocks
has "$out" $'+INFO: I/media/mesh-antenna.png\t'
# An error, asked with "$", is a block of type 3.
sel "/nothing/here\t\$\r\n"
blocks
has "$out" $'+INFO: 3Not found\t\terror.host\t1\r'
# "+": +-2 and the same bytes; a text without a final ".".
sel "/articles/$meetup.txt\t+\r\n"
text=$("$GEMREQ" -P -w 5000 "$GPORT" "/articles/$meetup.txt"$'\r\n')
[ "$out" = "+-2"$'\r\n'"$text" ] || fail "+ on a text"
[ "$(tail -n 1 <<<"$text")" != $'.\r' ] || fail "a text ends with '.'"
"$GEMREQ" -P -w 5000 "$GPORT" $'/media/mesh-antenna.png\t+\r\n' >png
cmp -s png <(printf '+-2\r\n'; cat store/media/mesh-antenna.png) || fail "+ on an image"
# Plain Gopher0 stays plain: no header, no fifth field.
[ "${root:0:1}" = i ] || fail "a plain request got a header: ${root:0:20}"
lacks "$root" "+INFO"
# caps.txt says what is supported and ends without a "." line.
sel "caps.txt\r\n"
has "$out" "# Gopher+:"
[ "$(tail -n 1 <<<"$out")" != $'.\r' ] || fail "caps.txt ends with '.'"
