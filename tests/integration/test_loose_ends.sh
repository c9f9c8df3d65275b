# Protocol loose ends (issue #10, 7): "URL:" selectors only for the
# schemes a gopher reader can mean, and escaped in the page; a request
# too long is answered whole and ends with a FIN, never a reset (gopher
# and Gemini, curl and hostile); a Gemini request that never completes
# gets 59 and a close_notify at the read timeout, a handshake that never
# completes just a close.
. "$(dirname "$0")/lib.sh"
HOSTILE=$BUILD/tests/hostile
MENUCHECK=$BUILD/tests/menucheck
: "${SLOW:=1}"
W=$((10000 * SLOW))

cp -r "$ROOT/capsule" store
cat >store/articles/scheme-trap.gmi <<'EOF'
Title: Links of every scheme
Date: 2026-01-06T00:00:00Z

=> javascript:alert(document.cookie) A script link
=> DATA:text/html,<script>alert(1)</script> A data link
=> HTTPS://example.org/ok A web link
EOF
start_daemon --read-timeout 2 --rate-limit off

# hx ARGS: runs hostile; the answer in the file resp, status in $hrc.
hx() {
	hrc=0
	"$HOSTILE" -w "$W" "$@" >resp 2>hx.err || hrc=$?
}
# gerr MESSAGE WHAT: resp is exactly a whole gopher error menu with that
# message, and the server ended it with a FIN.
gerr() {
	[ "$hrc" -eq 0 ] || fail "$2: rc $hrc, $(cat hx.err)"
	[ "$(head -n 1 resp)" = "3$1"$'\t\terror.host\t1\r' ] ||
		fail "$2: want error '$1', got '$(head -c 200 resp)'"
	[ "$(tail -c 3 resp | od -An -tx1 | tr -d ' ')" = 2e0d0a ] ||
		fail "$2: the menu does not end in .CRLF"
	"$MENUCHECK" localhost "$GPORT" <resp >/dev/null 2>problems ||
		fail "$2: error menu: $(cat problems)"
}

# --- "URL:" selectors: other schemes are an error, not a page. ---
for u in 'javascript:alert(1)' 'JavaScript:alert(1)' 'data:text/html,<b>x</b>' \
	'vbscript:msgbox' 'file:///etc/passwd' ' javascript:alert(1)' \
	'\tjavascript:alert(1)' 'java\tscript:alert(1)' 'ht\x01tp://x/' \
	'//example.org/' 'example.org' 'https+x://example.org/' ''; do
	hx "$GPORT" raw "URL:$u\r\n"
	gerr "Not a link this server makes" "URL:$u"
	! grep -qi "refresh\|href" resp || fail "URL:$u: got a page"
done
for u in 'http://example.org/' 'HTTPS://example.org/' 'gemini://example.org/' \
	'Gopher://example.org/' 'ftp://example.org/f' 'mailto:a@example.org' \
	'news:comp.lang.c' 'telnet://example.org'; do
	hx "$GPORT" raw "URL:$u\r\n"
	[ "$hrc" -eq 0 ] || fail "URL:$u: rc $hrc"
	grep -qF "<a href=\"$u\">" resp || fail "URL:$u: no link: $(head -c 300 resp)"
done
# Quotes, angle brackets and ampersands cannot leave the attribute or
# open markup.
hx "$GPORT" raw 'URL:https://example.org/"><script>alert(1)</script>'"'"'&x=<\r\n'
[ "$hrc" -eq 0 ] || fail "escaping: rc $hrc"
grep -qF 'content="1;url=https://example.org/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&apos;&amp;x=&lt;"' resp ||
	fail "the refresh is not escaped: $(cat resp)"
grep -qF '<a href="https://example.org/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&apos;&amp;x=&lt;">' resp ||
	fail "the link is not escaped: $(cat resp)"
! grep -qF '<script>' resp || fail "markup came through: $(cat resp)"
[ "$(grep -o '"' resp | wc -l)" -eq 8 ] || fail "a quote came through: $(cat resp)"
# The article card: links of other schemes are text, never URL: items.
hx "$GPORT" raw '/articles/scheme-trap\r\n'
[ "$hrc" -eq 0 ] || fail "scheme-trap card: rc $hrc"
"$MENUCHECK" localhost "$GPORT" <resp >/dev/null 2>problems ||
	fail "scheme-trap card: $(cat problems)"
grep -q $'^iA script link\t\tnull.host\t1\r$' resp || fail "no text for the script link: $(cat resp)"
grep -q $'^iA data link\t\tnull.host\t1\r$' resp || fail "no text for the data link"
! grep -qi $'\tURL:\\(javascript\\|data\\):' resp || fail "a URL: item for a script"
grep -q $'^hA web link\tURL:HTTPS://example.org/ok\t' resp || fail "the web link is gone"
echo "ok: URL: schemes"

# --- Too long, answered whole, then a FIN. ---
for n in 1100 8000 60000; do
	long=$(head -c "$n" /dev/zero | tr '\0' x)
	hx "$GPORT" raw "/$long\r\n"
	gerr "Selector too long" "a $n-byte selector"
	hx "$GPORT" raw "/$long"
	gerr "Selector too long" "a $n-byte selector with no line end"
	hx "$PORT" gemini "gemini://localhost:$PORT/$long\r\n"
	[ "$hrc" -eq 0 ] && [ "$(cat resp)" = $'59 Request too long\r' ] ||
		fail "a $n-byte Gemini request: rc $hrc, $(head -c 100 resp) $(cat hx.err)"
done
# curl reads to the end and says "Connection reset by peer" on a reset.
curl -sS -o curl.out "gopher://127.0.0.1:$GPORT/1/$long" 2>curl.err ||
	fail "curl, a long selector: $(cat curl.err)"
[ "$(head -n 1 curl.out)" = $'3Selector too long\t\terror.host\t1\r' ] ||
	fail "curl, a long selector: $(head -c 100 curl.out)"
# Bytes after a whole request do not turn the close into a reset.
hx "$GPORT" raw "/nothing\r\n$long"
gerr "Not found" "bytes after the selector"
hx "$PORT" gemini "gemini://localhost:$PORT/robots.txt\r\n$long"
[ "$hrc" -eq 0 ] || fail "bytes after a Gemini request: rc $hrc, $(cat hx.err)"
echo "ok: too long"

# --- A Gemini request that never completes: 59 and close_notify at the
# read timeout; half a handshake: a close, nothing sent. ---
hx "$PORT" gemini "gemini://localhost:$PORT/"
[ "$hrc" -eq 0 ] && [ "$(cat resp)" = $'59 Request timed out\r' ] ||
	fail "half a request: rc $hrc, '$(head -c 100 resp)' $(cat hx.err)"
hx "$PORT" gemini ""
[ "$hrc" -eq 0 ] && [ "$(cat resp)" = $'59 Request timed out\r' ] ||
	fail "no request: rc $hrc, '$(head -c 100 resp)' $(cat hx.err)"
hx "$PORT" hello 60
[ "$hrc" -eq 0 ] && [ ! -s resp ] || fail "half a handshake: rc $hrc, $(od -c resp | head -2)"
wait_log daemon.log " gemini gemini://localhost:$PORT/ 59 "
echo "ok: timeouts"
stop_daemon
