# The Gemini status line is written by the front end, beside the page
# (pages carry no protocol header): in the connection's own small buffer,
# or, for a status line longer than that buffer (a language tag of
# absurd length from capsule.conf), copied with the page; the bytes are
# the same either way, and Gopher never sees a status line.
. "$(dirname "$0")/lib.sh"
cp -r "$ROOT/capsule" store
long=en$(printf -- '-abcdefgh%.0s' $(seq 1 15))
sed -i "s/^lang = .*/lang = $long/" store/capsule.conf
start_daemon
mesh=harbour-street-mesh-network-reaches-200-nodes

for p in / /tags/ /about; do
	get "$p"
	expect_status 20
	[ "$(head -n1 <<<"$out")" = "20 text/gemini; charset=utf-8; lang=$long"$'\r' ] ||
		fail "$p: status line $(head -n1 <<<"$out")"
done
get /atom.xml
[ "$(head -n1 <<<"$out" | tr -d '\r')" = "20 application/atom+xml" ] ||
	fail "feed status line: $(head -n1 <<<"$out")"
"$CAPSULECTL" --store store render --gemini "$mesh" >rendered
"$GEMREQ" -x "$PORT" "gemini://localhost:$PORT/articles/$mesh\r\n" >served
cmp -s served rendered || fail "capsulectl render differs from the page served"
"$GEMREQ" -P -w 5000 "$GPORT" $'/about\r\n' >menu
head -c 2 menu | grep -q '^i' || fail "gopher page starts: $(head -c 40 menu)"
lacks "$(cat menu)" "text/gemini"
