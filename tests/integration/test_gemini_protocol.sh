# The request rules of the Gemini specification, against the real daemon.
. "$(dirname "$0")/lib.sh"
start_daemon --read-timeout 2

# A real client: openssl s_client, with SNI.
out=$(printf 'gemini://localhost:%s/\r\n' "$PORT" |
	timeout 10 openssl s_client -quiet -connect "127.0.0.1:$PORT" \
		-servername localhost 2>/dev/null)
has "$out" "20 text/gemini; charset=utf-8; lang=en"
has "$out" "# The Lantern Wire"

# Empty path and "/" both give the front page with 20, no redirect.
get /
expect_status 20
front=$out
[ "$rc" -eq 0 ] || fail "no close_notify after a response (rc $rc)"
gem "gemini://localhost:$PORT\r\n"
expect_status 20
[ "$out" = "$front" ] || fail "empty path differs from /"
gem "gemini://LOCALHOST:$PORT/\r\n"
expect_status 20
gem "gemini://localhost/\r\n"
expect_status 20

# Exactly 1024 bytes is a request; 1025 gets 59.
base="gemini://localhost:$PORT/search?"
pad=$(printf 'a%.0s' $(seq 1 $((1024 - ${#base}))))
gem "$base$pad\r\n"
expect_status 20
gem "${base}b$pad\r\n"
expect_status 59
# Far past the limit: 59, not a hang.
gem "gemini://localhost:$PORT/$(printf 'x%.0s' $(seq 1 5000))\r\n"
expect_status 59

# LF alone does not end a request: nothing comes back before the timeout,
# then the request is refused as timed out, with close_notify.
gem "gemini://localhost:$PORT/\n" -w 1000
[ "$rc" -eq 3 ] || fail "LF-only request answered (rc $rc): $out"
gem "gemini://localhost:$PORT/\n" -w 8000
[ "$out" = $'59 Request timed out\r' ] || fail "LF-only request got: $out"
[ "$rc" -eq 0 ] || fail "LF-only request: no close_notify (rc $rc)"

# Malformed requests: 59.
for req in "gemini://user@localhost:$PORT/" \
	"gemini://localhost:$PORT/#frag" \
	"/" "" "hello there" "//localhost/" \
	"gemini://localhost:$PORT/\xff" "gemini://localhost:$PORT/\xc3\xa9" \
	"gemini://localhost:$PORT/a\0b" "gemini://localhost:$PORT/%00" \
	"gemini:///" "gemini://localhost:99999/" "gemini://localhost:$PORT/a b"; do
	gem "$req\r\n"
	[ "$(status)" = 59 ] || fail "'$req' gave '$(head -n1 <<<"$out")', want 59"
	[ "$rc" -eq 0 ] || fail "'$req': no close_notify (rc $rc)"
done

# Another host, port or scheme: 53.
for req in "gemini://example.com/" "gemini://localhost:$((PORT + 1))/" \
	"http://localhost:$PORT/" "https://localhost:$PORT/" \
	"gopher://localhost:$PORT/" "titan://localhost:$PORT/;size=1"; do
	gem "$req\r\n"
	[ "$(status)" = 53 ] || fail "'$req' gave '$(head -n1 <<<"$out")', want 53"
done

# Dot segments never leave the root: the normalised page or 51, never a
# file from outside the store.
for p in "/../../etc/passwd" "/%2e%2e/%2e%2e/etc/passwd" "/./../capsule.conf" \
	"/media/../../capsule.conf" "/media/%2e%2e/capsule.conf" \
	"/articles/../capsule.conf" "/media/..%2fcapsule.conf" \
	"/%2E%2e/%2E%2E/%2e%2E/etc/shadow" "/media/.%2e/articles"; do
	get "$p"
	case $(status) in 51 | 59 | 20) ;; *) fail "$p gave $(head -n1 <<<"$out")" ;; esac
	lacks "$out" "root:"
	lacks "$out" "title = The Lantern Wire"
done
get "/articles/../"
expect_status 20
[ "$out" = "$front" ] || fail "/articles/../ is not the front page"

# Unknown paths: 51 and no body.  Drafts are never served.
get /no/such/page
[ "$out" = $'51 Not found\r' ] || [ "$out" = "51 Not found"$'\r' ] ||
	fail "51 response: $(od -c <<<"$out" | head -3)"
[ "$(printf '%s' "$out" | wc -c)" -eq 13 ] || fail "51 has a body: $out"
get /articles/winter-solstice-radio-net-planned-for-december
expect_status 51
lacks "$front" "winter-solstice"

# TLS 1.2 and 1.3 only, each answer ending with close_notify.
get / -T 1.2
expect_status 20
[ "$rc" -eq 0 ] || fail "TLS 1.2: rc $rc"
get / -T 1.3
expect_status 20
get / -T 1.1
[ "$rc" -eq 5 ] || fail "a TLS 1.1 client was not refused (rc $rc)"

# Plain text on the TLS port gets nothing back.
gem "gemini://localhost:$PORT/\r\n" -P -w 5000
[ -z "$out" ] || fail "plain text got an answer: $out"
gem "GET / HTTP/1.0\r\n\r\n" -P -w 5000
[ -z "$out" ] || fail "HTTP got an answer: $out"

# A silent client and a slow one are dropped after the read timeout, and
# others are served meanwhile.
"$GEMREQ" -x -d 20000 -w 20000 "$PORT" "gemini://localhost:$PORT/\r\n" \
	>silent.out 2>&1 &
silent=$!
"$GEMREQ" -x -D 700 -w 20000 "$PORT" "gemini://localhost:$PORT/\r\n" \
	>slow.out 2>&1 &
slow=$!
sleep 0.5
get /
expect_status 20
t0=$(date +%s)
wait "$slow" || true
wait "$silent" || true
t1=$(date +%s)
[ $((t1 - t0)) -lt 15 ] || fail "stalled clients held for $((t1 - t0)) s"
lacks "$(cat slow.out)" "20 text/gemini"
grep -q "closed after" slow.out || fail "slow client: $(cat slow.out)"
grep -q "closed before the request" silent.out ||
	fail "silent client: $(cat silent.out)"
grep -q "^59 Request timed out" slow.out || fail "slow client: $(cat slow.out)"
grep -q "^59 Request timed out" silent.out || fail "silent client: $(cat silent.out)"
# A client that connects and never even starts TLS is dropped too.
gem "" -P -w 8000
[ "$rc" -eq 0 ] && [ -z "$out" ] || fail "silent TCP client: rc $rc, $out"

stop_daemon
grep -q "127.0.0.1 gemini gemini://localhost:$PORT/ 20 " daemon.log ||
	fail "no access log line: $(tail -3 daemon.log)"
