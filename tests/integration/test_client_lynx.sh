# Type 0 text in lynx: the article ends with its last line, not with the
# RFC 1436 terminator shown as a lone "." (lynx displays it).
. "$(dirname "$0")/lib.sh"
need_client lynx
start_daemon
url=gopher://localhost:$GPORT/0/articles/small-web-meetup-draws-record-crowd-in-lisbon.txt
out=$(lynx -dump -nolist "$url")
has "$out" "Organisers of the Small Web Days"
last=$(grep -v '^[[:space:]]*$' <<<"$out" | tail -n 1)
[ "$last" = "© 2026 The Lantern Wire contributors. Text under CC BY-SA 4.0." ] ||
	fail "last line in lynx: '$last'"
! grep -qx '[[:space:]]*\.[[:space:]]*' <<<"$out" || fail "a lone '.' in lynx"
