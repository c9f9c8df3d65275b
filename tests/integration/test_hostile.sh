# Hostile bytes over the wire (issue #6): garbage and broken handshakes on
# the TLS port, clients that vanish mid-handshake or mid-response,
# half-closed sockets, every control character, broken UTF-8, encoded NUL
# and CR LF, path traversal in some fifty spellings over both protocols,
# symbolic links, FIFOs and half-written files in the store.  None may
# crash capsuled, show a file from outside the store, or stop others
# being served: after each group the daemon must be alive, answer both
# protocols with the very pages it gave at the start, and hold no more
# descriptors than before.
. "$(dirname "$0")/lib.sh"
HOSTILE=$BUILD/tests/hostile
MENUCHECK=$BUILD/tests/menucheck
: "${SLOW:=1}"
W=$((10000 * SLOW))

# --- The store, with traps laid beside it and in it. ---
cp -r "$ROOT/capsule" store
canary="CANARY-$$-$RANDOM-never-served"
# World-readable, so that a daemon that dropped root could still leak it.
echo "$canary" >secret.txt
chmod 644 secret.txt
printf 'Title: Outside the store\nDate: 2026-01-03T00:00:00Z\n\n%s outside\n' \
	"$canary" >outside.gmi
echo "$canary hidden" >store/media/.hidden
mkdir store/media/sub
echo "a file in a sub-folder" >store/media/sub/real.txt
echo "to be swapped for a FIFO" >store/media/sub/swap.txt
mkfifo store/media/fifo.bin
# Symbolic links in media/: absolute and relative, to a file and to a
# directory, out of the store and inside it.  None is served.
ln -s "$PWD/secret.txt" store/media/abs-file.txt
ln -s ../../secret.txt store/media/rel-file.txt
ln -s /etc store/media/abs-dir
ln -s ../.. store/media/rel-dir
ln -s mesh-antenna.png store/media/inside.png
ln -s ../../../secret.txt store/media/sub/link.txt
# A symbolic link as an article, and as pages.
ln -s ../../outside.gmi store/articles/linked-story.gmi
ln -s /etc/passwd store/pages/passwd.gmi
ln -s ../../secret.txt store/pages/secret.gmi
# Something large to walk away from: a media file and an article page.
head -c 3000000 /dev/urandom >store/media/big.bin
{
	printf 'Title: A very long story\nDate: 2026-01-04T00:00:00Z\n\n'
	for i in $(seq 1 12000); do
		echo "Paragraph $i of a story that goes on and on, so that a reader may leave half way."
	done
} >store/articles/a-very-long-story.gmi
passwd1=$(head -n 1 /etc/passwd)

# Hundreds of requests from one address: no rate limit here.
start_daemon --read-timeout 2 --rate-limit off
get /
front=$out
[ "$(status)" = 20 ] || fail "front page: $(head -n 1 <<<"$out")"
lacks "$front" "linked-story"
groot=$("$GEMREQ" -P -w "$W" "$GPORT" $'/\r\n')
has "$groot" "The Lantern Wire"
fds0=$(ls "/proc/$DPID/fd" | wc -l)

# hx ARGS: runs hostile; what came back in the file resp, status in $hrc.
hx() {
	hrc=0
	"$HOSTILE" -w "$W" "$@" >resp 2>hx.err || hrc=$?
}

# no_leak FILE WHAT: nothing from outside the store, nor capsule.conf.
no_leak() {
	! grep -aqF -e "$canary" -e "$passwd1" -e "title = The Lantern Wire" \
		"$1" || fail "$2: leaked: $(grep -aF -e "$canary" -e "$passwd1" \
		-e "title = " "$1" | head -c 200)"
}
gem_no_leak() {
	printf '%s' "$out" >gem.out
	no_leak gem.out "$1"
}

# The TLS port refused: it closed having sent nothing, or exactly one
# fatal alert record (OpenSSL alerts on some garbage), and no handshake.
tls_refused() {
	local bytes
	case $hrc in 0 | 6) ;; *) fail "$1: rc $hrc, $(cat hx.err)" ;; esac
	bytes=$(od -An -tx1 -v resp | tr -d ' \n')
	[ -z "$bytes" ] || [[ $bytes =~ ^15030[0-4]000202[0-9a-f]{2}$ ]] ||
		fail "$1: answered $bytes"
}
# tls_alert DESC WHAT: exactly one fatal alert with that description.
tls_alert() {
	local bytes
	bytes=$(od -An -tx1 -v resp | tr -d ' \n')
	[[ $bytes =~ ^15030[0-4]000202$1$ ]] || fail "$2: want alert $1, got '$bytes' (rc $hrc)"
}

# gerr MESSAGE WHAT: resp is gopher's error menu with that message.
gerr() {
	local first
	[ "$hrc" -eq 0 ] || fail "$2: rc $hrc, $(cat hx.err)"
	# A Gopher+ "+" request gets its error menu after a "+-2" header.
	[ "$(head -n 1 resp)" != $'+-2\r' ] || sed -i 1d resp
	first=$(head -n 1 resp)
	[ "$first" = "3$1"$'\t\terror.host\t1\r' ] ||
		fail "$2: want error '$1', got '$(head -c 200 resp)'"
	"$MENUCHECK" localhost "$GPORT" <resp >/dev/null 2>problems ||
		fail "$2: error menu: $(cat problems)"
	no_leak resp "$2"
}
# gsel SELECTOR: a gopher request (hostile raw, C escapes) into resp.
gsel() { hx "$GPORT" raw "$1"; }

# g59 REQUEST [META]: the Gemini answer is exactly "59 META" and a
# close_notify.
g59() {
	gem "$1\r\n"
	[ "$out" = "59 ${2:-Bad request}"$'\r' ] ||
		fail "'$1': want 59 ${2:-Bad request}, got '$(head -n 1 <<<"$out")'"
	[ "$rc" -eq 0 ] || fail "'$1': no close_notify (rc $rc)"
}

# settle WHAT: every connection is gone again (polled, bounded).
settle() {
	local i n
	for i in $(seq 1 $((100 * SLOW))); do
		n=$(ls "/proc/$DPID/fd" | wc -l)
		[ "$n" -le "$fds0" ] && return 0
		sleep 0.1
	done
	fail "after $1: capsuled holds $n descriptors, $fds0 before"
}

# still_serving WHAT: alive, both protocols give the pages they gave at
# the start, no descriptor left behind.
still_serving() {
	kill -0 "$DPID" 2>/dev/null || fail "capsuled died after $1"
	get /
	[ "$out" = "$front" ] || fail "after $1: front page is now '$(head -n 2 <<<"$out")'"
	[ "$rc" -eq 0 ] || fail "after $1: rc $rc"
	gout=$("$GEMREQ" -P -w "$W" "$GPORT" $'/\r\n') || fail "after $1: gopher"
	[ "$gout" = "$groot" ] || fail "after $1: gopher root changed"
	settle "$1"
	echo "ok: $1"
}

# --- Garbage on the TLS port. ---
n=0
for seed in $(seq 1 20); do
	for len in 1 5 64 517 4096 70000; do
		hx -s -l "$len" "$PORT" random "$seed"
		tls_refused "random $seed/$len"
		n=$((n + 1))
	done
done
hx -s "$PORT" raw 'GET / HTTP/1.1\r\nHost: localhost\r\n\r\n'
tls_refused "HTTP request"
[ ! -s resp ] || fail "HTTP on the TLS port got $(od -An -c resp | head -2)"
hx -s "$PORT" raw 'gemini://localhost/\r\n'
tls_refused "plain Gemini request"
hx "$PORT" sslv2
tls_refused "SSL 2.0 hello"
tls_alert 46 "SSL 2.0 hello" # protocol_version
hx "$PORT" sslv3
tls_refused "SSL 3.0 hello"
# OpenSSL 3 has no suite left for SSL 3.0 (handshake_failure, 40); others
# say protocol_version (70).
tls_alert '(28|46)' "SSL 3.0 hello"
hx "$PORT" hello badlen
tls_alert 32 "ClientHello with a wrong length" # decode_error
# Shut down before sending anything.
hx -s "$PORT" raw ''
tls_refused "TLS port, shutdown first"
echo "$n garbage payloads refused"
still_serving "garbage on the TLS port"

# --- Handshakes cut short. ---
# Part of a ClientHello, then silence: held only until the read timeout,
# and others are served meanwhile.
pids=()
for i in $(seq 1 20); do
	"$HOSTILE" -w "$W" "$PORT" hello 60 >"held.$i" 2>&1 &
	pids+=($!)
done
get /
[ "$out" = "$front" ] || fail "front page while half handshakes are held"
[ "$("$GEMREQ" -P -w "$W" "$GPORT" $'/\r\n')" = "$groot" ] ||
	fail "gopher root while half handshakes are held"
for i in "${!pids[@]}"; do
	wait "${pids[$i]}" || fail "a held half handshake ended with $?: $(cat "held.$((i + 1))")"
	[ ! -s "held.$((i + 1))" ] || fail "a half handshake got: $(od -c "held.$((i + 1))" | head -2)"
done
# Gone mid-handshake: after part of the hello, after all of it (before
# reading the server's answer), after the handshake, by FIN and by RST.
for i in $(seq 1 10); do
	for how in -c "-c -R"; do
		# shellcheck disable=SC2086
		hx $how "$PORT" hello 60
		[ "$hrc" -eq 0 ] || fail "hello 60 $how: rc $hrc"
		# shellcheck disable=SC2086
		hx $how "$PORT" hello all
		[ "$hrc" -eq 0 ] || fail "hello all $how: rc $hrc"
		# shellcheck disable=SC2086
		hx $how "$PORT" gemini ''
		[ "$hrc" -eq 0 ] || fail "handshake then gone $how: rc $hrc"
	done
done
# The whole hello, then a half-close: the server's flight, then its close.
hx -s "$PORT" hello all
[ "$hrc" -eq 0 ] || fail "hello then half-close: rc $hrc"
[ "$(od -An -tx1 -N 1 resp | tr -d ' ')" = 16 ] || fail "no ServerHello after a whole ClientHello"
still_serving "handshakes cut short"

# --- Responses walked away from. ---
hdr=$("$GEMREQ" -x -w "$W" "$PORT" "gemini://localhost:$PORT/media/big.bin\r\n" | head -n 1)
[ "${hdr:0:3}" = "20 " ] || fail "big.bin: $hdr"
for i in $(seq 1 5); do
	for how in "" -R; do
		# shellcheck disable=SC2086
		hx $how -n 100 "$PORT" gemini "gemini://localhost:$PORT/media/big.bin\r\n"
		[ "$hrc" -eq 0 ] && [ "$(head -n 1 resp)" = "$hdr" ] ||
			fail "big.bin, leaving after 100 bytes $how: rc $hrc, $(head -c 60 resp)"
		# shellcheck disable=SC2086
		hx $how -n 5000 "$PORT" gemini "gemini://localhost:$PORT/articles/a-very-long-story\r\n"
		[ "$hrc" -eq 0 ] && [ "$(head -n 1 resp)" = $'20 text/gemini; charset=utf-8; lang=en\r' ] ||
			fail "long story, leaving after 5000 bytes $how: rc $hrc, $(head -c 60 resp)"
		# shellcheck disable=SC2086
		hx $how -n 100 "$GPORT" raw '/media/big.bin\r\n'
		[ "$hrc" -eq 0 ] && cmp -s resp <(head -c 100 store/media/big.bin) ||
			fail "gopher big.bin, leaving after 100 bytes $how: rc $hrc"
		# shellcheck disable=SC2086
		hx $how -n 3000 "$GPORT" raw '/articles/a-very-long-story.txt\r\n'
		[ "$hrc" -eq 0 ] && grep -q "^Paragraph 1 of" resp ||
			fail "gopher long story, leaving $how: rc $hrc, $(head -c 100 resp)"
	done
done
# Others get every byte while clients keep walking away.
(
	for i in $(seq 1 15); do
		"$HOSTILE" -R -n 1000 "$PORT" gemini "gemini://localhost:$PORT/media/big.bin\r\n" \
			>/dev/null 2>&1 || echo "Gemini walker $i: $?" >>walkers.err
		"$HOSTILE" -n 1000 "$GPORT" raw '/media/big.bin\r\n' >/dev/null 2>&1 ||
			echo "gopher walker $i: $?" >>walkers.err
		"$HOSTILE" -c "$PORT" hello all >/dev/null 2>&1 ||
			echo "handshake walker $i: $?" >>walkers.err
	done
) &
walkers=$!
hl=$((${#hdr} + 1))
for i in $(seq 1 3); do
	"$GEMREQ" -x -w "$W" "$PORT" "gemini://localhost:$PORT/media/big.bin\r\n" >big.got ||
		fail "big.bin while others walk away: rc $?"
	tail -c +$((hl + 1)) big.got | cmp -s - store/media/big.bin ||
		fail "big.bin while others walk away: bytes differ"
	"$GEMREQ" -P -w "$W" "$GPORT" $'/media/big.bin\r\n' >big.got ||
		fail "gopher big.bin while others walk away: rc $?"
	cmp -s big.got store/media/big.bin || fail "gopher big.bin while others walk away: bytes differ"
done
wait "$walkers"
[ ! -s walkers.err ] || fail "$(cat walkers.err)"
still_serving "responses walked away from"

# --- Half-closed sockets. ---
hx -s "$GPORT" raw '/\r\n'
[ "$hrc" -eq 0 ] || fail "gopher half-close: rc $hrc"
[ "$(cat resp)" = "$groot" ] || fail "gopher half-close: not the whole root menu"
hx -s "$GPORT" raw '/media/big.bin\r\n'
[ "$hrc" -eq 0 ] && cmp -s resp store/media/big.bin || fail "gopher half-close: big.bin differs (rc $hrc)"
hx -s "$PORT" gemini "gemini://localhost:$PORT/\r\n"
[ "$hrc" -eq 0 ] || fail "Gemini half-close after a request: rc $hrc"
[ "$(cat resp)" = "$front" ] || fail "Gemini half-close: not the whole front page"
hx -s "$PORT" gemini "gemini://localhost:$PORT/media/big.bin\r\n"
[ "$hrc" -eq 0 ] && tail -c +$((hl + 1)) resp | cmp -s - store/media/big.bin ||
	fail "Gemini half-close: big.bin differs (rc $hrc)"
# A request cut off by the half-close is not a request: closed unanswered.
hx -s "$PORT" gemini "gemini://localhost:$PORT/"
[ "$hrc" -eq 4 ] && [ ! -s resp ] || fail "half a Gemini request: rc $hrc, $(head -c 100 resp)"
hx -s "$GPORT" raw '/about'
[ "$hrc" -eq 0 ] && [ ! -s resp ] || fail "half a selector: rc $hrc, $(head -c 100 resp)"
hx -s "$GPORT" raw ''
[ "$hrc" -eq 0 ] && [ ! -s resp ] || fail "gopher, shutdown first: rc $hrc, $(head -c 100 resp)"
still_serving "half-closed sockets"

# --- Every C0 control character and DEL. ---
nc=0
for i in $(seq 0 31) 127; do
	x=$(printf '\\x%02x' "$i")
	g59 "gemini://localhost:$PORT/ab${x}out"
	g59 "gemini://localhost:$PORT/search?ab${x}out"
	g59 "gemini://localhost:$PORT/about${x}"
	g59 "gemini://local${x}host:$PORT/"
	nc=$((nc + 1))
	# A TAB starts the search words and a LF ends the line: both leave
	# "/ab", which is no page.  Anything else is a bad selector.
	gsel "/ab${x}out\r\n"
	case $i in 9 | 10) gerr "Not found" "selector with byte $i" ;;
	*) gerr "Bad selector" "selector with byte $i" ;; esac
	gsel "/search\tmesh${x}network\r\n"
	if [ "$i" -eq 0 ]; then
		gerr "Bad selector" "search with a NUL"
		continue
	fi
	[ "$hrc" -eq 0 ] || fail "search with byte $i: rc $hrc"
	"$MENUCHECK" localhost "$GPORT" <resp >/dev/null 2>problems ||
		fail "search with byte $i: $(cat problems)"
	grep -q "^iSearch results for: mesh" resp || fail "search with byte $i: $(head -c 100 resp)"
	! LC_ALL=C grep -aq $'[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]' resp ||
		fail "search with byte $i: a control character came back"
	[ "$(tr -d '\000' <resp | wc -c)" -eq "$(wc -c <resp)" ] ||
		fail "search with byte $i: a NUL came back"
done
echo "$nc control characters refused"
still_serving "control characters"

# --- Overlong, surrogate, truncated and impossible UTF-8. ---
for u in '\xc0\xaf' '\xe0\x80\xaf' '\xed\xa0\x80' '\xed\xbf\xbf' '\xff' \
	'\xfe' '\xe2\x82' '\xc3' '\x80' '\xf4\x90\x80\x80' '\xf0\x80\x80\xaf' \
	'\xf8\x88\x80\x80\x80' '\xc1\xbf'; do
	pct=${u//\\x/%}
	g59 "gemini://localhost:$PORT/$u"
	g59 "gemini://localhost:$PORT/articles/$pct"
	g59 "gemini://localhost:$PORT/search?$pct" "Bad search query"
	g59 "gemini://localhost:$PORT/search?mesh$u"
	g59 "gemini://local${pct}host:$PORT/"
	gsel "/articles/$u\r\n"
	gerr "Not found" "selector with $u"
	gsel "/search\tmesh$u\r\n"
	gerr "Search words must be UTF-8" "search words with $u"
done
# Well-formed UTF-8 is no error, just no page (or a search).
get /caf%c3%a9
expect_status 51
gsel '/search\tcaf\xc3\xa9\r\n'
grep -q "^iSearch results for: café" resp || fail "a UTF-8 search: $(head -c 100 resp)"
still_serving "broken UTF-8"

# --- Encoded NUL and CR LF. ---
for p in /%00 /a%00b /%2e%2e%00 "/?%00" "/search?%00" "/search?a%00" \
	/a%0d%0ab /a%0a /a%0D%0A /%0d%0a20%20text/plain /media/big.bin%00.png; do
	g59 "gemini://localhost:$PORT$p"
done
# In a search, CR LF is folded into the heading: no line of ours starts
# with what the client put after it.
get "/search?x%0d%0a%3d%3e%20gemini://evil.example/%0d%0a20%20text/plain"
expect_status 20
! grep -q "^=> gemini://evil.example" <<<"$out" || fail "a link was injected: $out"
[ "$(grep -c $'^20 ' <<<"$out")" -eq 1 ] || fail "a status line was injected: $out"
gsel '/%00\r\n'
gerr "Not found" "gopher /%00"
gsel '/search\tx%0d%0a1evil\tx\tevil.example\t70\r\n'
[ "$hrc" -eq 0 ] || fail "gopher search with %0d%0a: rc $hrc"
"$MENUCHECK" localhost "$GPORT" <resp >/dev/null 2>problems || fail "gopher search with %0d%0a: $(cat problems)"
! grep -aq "^1evil" resp || fail "a menu item was injected"
# Control bytes never reach the log raw: a forged line stays on its own.
g59 "gemini://localhost:$PORT/\nFORGED-LOG-LINE 20"
gsel '/x\rFORGED-LOG-LINE\r\n'
gerr "Bad selector" "CR in a selector"
still_serving "encoded NUL and CR LF"

# --- Path traversal: each spelling's exact answer, and never the canary,
# /etc/passwd or capsule.conf.  Gemini: 20f is the front page (the dots
# climbed to the root and stopped there), 20s search results; gopher
# "bad" is a refused selector, "nf" not found, "search" results.
ng=0
while IFS='|' read -r want p; do
	[ -n "$p" ] || continue
	get "$p"
	gem_no_leak "gemini $p"
	case $want in
	20f) [ "$out" = "$front" ] || fail "gemini $p: not the front page: $(head -n 1 <<<"$out")" ;;
	20s) expect_status 20; has "$out" "# Search results" ;;
	*) [ "$(status)" = "$want" ] || fail "gemini $p: want $want, got '$(head -n 1 <<<"$out")'" ;;
	esac
	ng=$((ng + 1))
done <<'EOF'
20f|/..
20f|/../..
20f|/%2e%2e
20f|/%2E%2e/%2e%2E/
20f|/./
20f|/media/..
51|/../secret.txt
51|/../../secret.txt
51|/../../../../../../../../etc/passwd
51|/%2e%2e/secret.txt
51|/%2E%2e/%2e%2E/etc/passwd
51|/%2e/%2e%2e/secret.txt
51|/.%2e/secret.txt
51|/%2e./secret.txt
51|/%252e%252e/secret.txt
51|/%252e%252e%252fsecret.txt
51|/%25%32%65%25%32%65/secret.txt
51|//etc/passwd
51|///../secret.txt
51|/./secret.txt
51|/a/../../secret.txt
51|/media/./../../secret.txt
51|/media/x/../../../secret.txt
51|/media/../../secret.txt
51|/media/%2e%2e/%2e%2e/secret.txt
51|/media/.%2E/.%2E/etc/passwd
51|/media/mesh-antenna.png/../../secret.txt
51|/media/../capsule.conf
51|/articles/../../capsule.conf
51|/pages/../capsule.conf
51|/capsule.conf
51|/;/../secret.txt
51|/media/;/../../secret.txt
51|/..;/secret.txt
51|/.../secret.txt
51|/....//secret.txt
51|/media/..../secret.txt
51|/media/.hidden
51|/%ef%bc%8e%ef%bc%8e/secret.txt
51|/media/abs-dir/passwd
51|/media/rel-dir/secret.txt
20f|/?/../../secret.txt
20s|/search?/../../secret.txt
59|/%2e%2e%2fsecret.txt
59|/%2E%2e%2f
59|/..%2fsecret.txt
59|/..%2F..%2Fsecret.txt
59|/media/..%2f..%2fsecret.txt
59|/articles/%2e%2e%2f%2e%2e%2fsecret.txt
59|/%2e%2e%5csecret.txt
59|/media/%5c..%5c..%5csecret.txt
59|/\\..\\secret.txt
59|/media\\..\\..\\secret.txt
59|/#/../secret.txt
59|/%c0%ae%c0%ae/secret.txt
59|/%c0%af..%c0%afsecret.txt
59|/%e0%80%ae%e0%80%ae/secret.txt
59|/%uff0e%uff0e/secret.txt
59|/..%00/secret.txt
59|/%2e%2e%00
EOF
gn=0
while IFS='|' read -r want s; do
	[ -n "$s" ] || continue
	gsel "$s\r\n"
	no_leak resp "gopher $s"
	case $want in
	bad) gerr "Bad selector" "gopher $s" ;;
	nf) gerr "Not found" "gopher $s" ;;
	search)
		"$MENUCHECK" localhost "$GPORT" <resp >/dev/null 2>problems ||
			fail "gopher $s: $(cat problems)"
		grep -q "^iSearch results for: " resp || fail "gopher $s: $(head -c 100 resp)" ;;
	esac
	gn=$((gn + 1))
done <<'EOF'
bad|..
bad|/..
bad|../secret.txt
bad|/../secret.txt
bad|/../../../../../../etc/passwd
bad|//etc/passwd
bad|///secret.txt
bad|\\..\\secret.txt
bad|/media\\..\\..\\secret.txt
bad|/media/\\..\\..\\secret.txt
bad|./secret.txt
bad|/./secret.txt
bad|/media/./README.txt
bad|/a/../../secret.txt
bad|/media/x/../../../secret.txt
bad|/media/..
bad|/media/../capsule.conf
bad|/articles/../../capsule.conf
bad|/media/mesh-antenna.png/../../secret.txt
bad|media/../../secret.txt
bad|/media//README.txt
bad|/media/README.txt/..
bad|/?/../secret.txt
bad|/#/../secret.txt
bad|/;/../secret.txt
bad|/../secret.txt\t+
bad|/..\0/secret.txt
bad|/\0../secret.txt
nf|/%2e%2e
nf|/%2e%2e/secret.txt
nf|/%2E%2e%2fsecret.txt
nf|/..%2fsecret.txt
nf|/media/..%2f..%2fsecret.txt
nf|/%2e%2e%5csecret.txt
nf|/%252e%252e/secret.txt
nf|/.%2e/secret.txt
nf|/%c0%ae%c0%ae/secret.txt
nf|/\xc0\xae\xc0\xae/secret.txt
nf|/\xc0\xaf
nf|/\xef\xbc\x8e\xef\xbc\x8e/secret.txt
nf|/..;/secret.txt
nf|/.../secret.txt
nf|/media/..../secret.txt
nf|/media/%2e%2e/%2e%2e/secret.txt
nf|/media/.hidden
nf|/media/
nf|/capsule.conf
nf|/media/abs-dir/passwd
nf|/media/rel-dir/secret.txt
search|/search\t../../secret.txt
search|/search\t/etc/passwd
EOF
echo "$ng Gemini and $gn gopher traversal spellings answered"
[ "$ng" -ge 40 ] && [ "$gn" -ge 40 ] || fail "too few spellings: $ng, $gn"
still_serving "path traversal"

# --- Symbolic links in the store: none served, the real files are. ---
for p in /media/abs-file.txt /media/rel-file.txt /media/inside.png \
	/media/sub/link.txt /media/abs-dir/passwd /media/rel-dir/secret.txt \
	/articles/linked-story /articles/linked-story.txt /passwd /secret; do
	get "$p"
	[ "$out" = $'51 Not found\r' ] || fail "symbolic link $p: '$(head -n 1 <<<"$out")'"
	gsel "$p\r\n"
	gerr "Not found" "gopher symbolic link $p"
done
lacks "$groot" "linked-story"
lacks "$groot" "passwd"
"$GEMREQ" -x -w "$W" "$PORT" "gemini://localhost:$PORT/media/mesh-antenna.png\r\n" >png
[ "$(head -n 1 png)" = $'20 image/png\r' ] || fail "the real image: $(head -n 1 png)"
"$GEMREQ" -P -w "$W" "$GPORT" $'/media/mesh-antenna.png\r\n' >png
cmp -s png store/media/mesh-antenna.png || fail "the real image is no longer served"
get /media/sub/real.txt
has "$out" "a file in a sub-folder"
grep -q "store/articles/linked-story.gmi: skipped: symbolic link, not followed" daemon.log ||
	fail "the linked article was not reported: $(grep linked daemon.log)"
grep -q "store/pages/passwd.gmi: skipped: symbolic link, not followed" daemon.log ||
	fail "the linked page was not reported: $(grep passwd daemon.log)"
still_serving "symbolic links"

# --- FIFOs in media/: one there from the start is not listed; a listed
# file can turn into one behind the snapshot's back (sub-folders are not
# watched).  Neither may hold a worker: more requests than workers, each
# answered "not found".
get /media/sub/swap.txt
has "$out" "to be swapped for a FIFO"
mkfifo fifo.tmp
mv fifo.tmp store/media/sub/swap.txt
for i in 1 2 3; do
	for p in /media/sub/swap.txt /media/fifo.bin; do
		get "$p" -w "$W"
		[ "$out" = $'51 Not found\r' ] && [ "$rc" -eq 0 ] ||
			fail "FIFO $p: '$(head -n 1 <<<"$out")' (rc $rc)"
		gsel "$p\r\n"
		gerr "Not found" "gopher FIFO $p"
	done
done
still_serving "FIFOs in media/"

# --- Broken files appear while the daemon runs: each is skipped with a
# line naming it, and the snapshot keeps serving every other article.
# A FIFO must not hold the loader: a good article after it still shows.
published=()
for f in store/articles/*.gmi; do
	[ -L "$f" ] && continue
	grep -qi '^status: *draft' "$f" && continue
	published+=("$(basename "$f" .gmi)")
done
printf 'Title: Half written\nDa' >store/articles/half-written.gmi
printf 'Title: Nul\0bytes\nDate: 2026-01-05T00:00:00Z\n\nbody\n' >store/articles/nul-header.gmi
printf 'Title: Nul body\nDate: 2026-01-05T00:00:00Z\n\nbody \0 more\n' >store/articles/nul-body.gmi
printf 'Title: Bad \xff\xfe\nDate: 2026-01-05T00:00:00Z\n\nbody\n' >store/articles/bad-utf8.gmi
printf 'Title: Overlong\nDate: 2026-01-05T00:00:00Z\n\nbody \xc0\xaf \xed\xa0\x80\n' >store/articles/overlong.gmi
: >store/articles/empty.gmi
mkfifo store/articles/fifo.gmi
ln -s ../../outside.gmi store/articles/late-link.gmi
for name in half-written nul-header nul-body bad-utf8 overlong empty fifo late-link; do
	for i in $(seq 1 $((100 * SLOW))); do
		grep -q "store/articles/$name.gmi[:0-9]*: skipped: " daemon.log && break
		sleep 0.1
	done
	grep -q "store/articles/$name.gmi[:0-9]*: skipped: " daemon.log ||
		fail "$name.gmi was not reported: $(tail -5 daemon.log)"
	get "/articles/$name"
	expect_status 51
done
grep -q "store/articles/fifo.gmi: skipped: not a regular file" daemon.log ||
	fail "FIFO: $(grep fifo daemon.log)"
for slug in "${published[@]}"; do
	get "/articles/$slug"
	expect_status 20
	gsel "/articles/$slug.txt\r\n"
	[ "$hrc" -eq 0 ] && [ -s resp ] && ! grep -q "^3" resp || fail "gopher $slug after broken files"
done
echo "${#published[@]} articles still served beside 8 broken files"
still_serving "broken article files"
printf 'Title: After the fifo\nTags: community\n\nThe loader is not stuck.\n' |
	"$CAPSULECTL" --store store add - >slug
slug=$(cat slug)
for i in $(seq 1 $((100 * SLOW))); do
	get "/articles/$slug"
	[ "$(status)" = 20 ] && break
	sleep 0.1
done
expect_status 20

stop_daemon
! grep -q "^FORGED-LOG-LINE" daemon.log || fail "a request forged a log line"
grep -qF 'x\x0dFORGED-LOG-LINE' daemon.log || fail "the CR request was not logged escaped"
grep -qF '/\x0aFORGED-LOG-LINE' daemon.log || fail "the LF request was not logged escaped"
