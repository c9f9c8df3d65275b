# --metrics: the Prometheus listener.  Requests of each protocol, a 51,
# a rate-limited one, TLS handshakes full and resumed, and the store's
# gauges move the counters by what was done; anything but
# "GET /metrics HTTP/1.x" gets 400, 404 or 405; promtool accepts the text.
. "$(dirname "$0")/lib.sh"
command -v curl >/dev/null 2>&1 || { echo "SKIP $CAPSULE_TEST: curl is not installed"; exit 77; }

# Each client its own address: the rate limit (3 a minute) refuses only
# the one meant to be refused.
MPORT=$(free_port)
start_daemon --rate-limit 3/60 --metrics "127.0.0.1:$MPORT"
wait_log daemon.log "metrics (Prometheus) on http://127.0.0.1:$MPORT/metrics"

n=10
# scrape: the metrics text in $m (and ./metrics.txt), from a fresh address.
scrape() {
	n=$((n + 1))
	curl -sS --interface "127.0.0.$n" -D headers.txt \
		"http://127.0.0.1:$MPORT/metrics" >metrics.txt ||
		fail "scrape failed"
	m=$(cat metrics.txt)
}
# val NAME{LABELS}: the sample's value, 0 when absent.
val() { awk -v k="$1" '$1 == k { v = $2 } END { print v + 0 }' metrics.txt; }

scrape
has "$(cat headers.txt)" "HTTP/1.0 200 OK"
has "$(cat headers.txt)" "Content-Type: text/plain; version=0.0.4"
has "$m" "# TYPE capsule_requests_total counter"
g20=$(val 'capsule_requests_total{protocol="gemini",status="20"}')
g51=$(val 'capsule_requests_total{protocol="gemini",status="51"}')
g44=$(val 'capsule_requests_total{protocol="gemini",status="44"}')
o1=$(val 'capsule_requests_total{protocol="gopher",status="1"}')
full=$(val 'capsule_tls_handshakes_total{kind="full"}')
limited=$(val capsule_rate_limited_total)
gbytes=$(val 'capsule_sent_bytes_total{protocol="gopher"}')
[ "$(val capsule_snapshot_generation)" = 1 ] || fail "generation: $m"
arts=$(ls store/articles | wc -l)
[ "$(val capsule_store_articles)" -gt 0 ] &&
	[ "$(val capsule_store_articles)" -le "$arts" ] || fail "articles: $m"
[ "$(val capsule_reload_timestamp_seconds)" -ge $(($(date +%s) - 600)) ] ||
	fail "reload time: $m"
[ "$(val process_resident_memory_bytes)" -gt 1000000 ] || fail "rss: $m"

# Two pages and a 51 over Gemini, two menus over Gopher, and a client
# refused by the rate limit on its fourth request.
get / -b 127.0.0.2; expect_status 20
get /about -b 127.0.0.3; expect_status 20
get /no/such/page -b 127.0.0.4; expect_status 51
"$GEMREQ" -P -w 5000 -b 127.0.0.5 "$GPORT" $'/\r\n' >menu1
"$GEMREQ" -P -w 5000 -b 127.0.0.5 "$GPORT" $'/about\r\n' >menu2
for i in 1 2 3; do get /robots.txt -b 127.0.0.6; expect_status 20; done
get /robots.txt -b 127.0.0.6; expect_status 44

scrape
[ "$(val 'capsule_requests_total{protocol="gemini",status="20"}')" = $((g20 + 5)) ] ||
	fail "gemini 20 not up by 5: $m"
[ "$(val 'capsule_requests_total{protocol="gemini",status="51"}')" = $((g51 + 1)) ] ||
	fail "gemini 51 not up by 1: $m"
[ "$(val 'capsule_requests_total{protocol="gemini",status="44"}')" = $((g44 + 1)) ] ||
	fail "gemini 44 not up by 1: $m"
[ "$(val 'capsule_requests_total{protocol="gopher",status="1"}')" = $((o1 + 2)) ] ||
	fail "gopher menus not up by 2: $m"
[ "$(val capsule_rate_limited_total)" = $((limited + 1)) ] ||
	fail "rate limited not up by 1: $m"
[ "$(val 'capsule_tls_handshakes_total{kind="full"}')" = $((full + 7)) ] ||
	fail "full handshakes not up by 7: $m"
[ "$(val 'capsule_sent_bytes_total{protocol="gopher"}')" = \
	$((gbytes + $(cat menu1 menu2 | wc -c))) ] || fail "gopher bytes: $m"
# The scrape itself is one open connection; no request of it is counted.
[ "$(val capsule_connections_open)" = 1 ] || fail "connections open: $m"
lacks "$m" 'protocol="metrics"'

# A resumed session, when openssl can show one.
if command -v openssl >/dev/null 2>&1; then
	r=$(val 'capsule_tls_handshakes_total{kind="resumed"}')
	printf 'gemini://localhost:%s/robots.txt\r\n' "$PORT" |
		timeout 10 openssl s_client -quiet -connect "127.0.0.1:$PORT" \
		-servername localhost -sess_out sess.pem >/dev/null 2>&1 || true
	printf 'gemini://localhost:%s/robots.txt\r\n' "$PORT" |
		timeout 10 openssl s_client -connect "127.0.0.1:$PORT" \
		-servername localhost -sess_in sess.pem >sclient.txt 2>&1 || true
	scrape
	if grep -q "^Reused" sclient.txt; then
		[ "$(val 'capsule_tls_handshakes_total{kind="resumed"}')" = $((r + 1)) ] ||
			fail "resumed handshakes not up by 1: $m"
	else
		echo "note: openssl did not resume a session; resumed count not checked"
	fi
fi

# A reload moves the generation.
echo "# new page" >store/pages/metrics-test.gmi
for i in $(seq 1 $((50 * SLOW))); do
	get /metrics-test -b "127.0.$((1 + i / 200)).$((1 + i % 200))"
	[ "$(status)" = 20 ] && break
	sleep 0.1
done
expect_status 20
scrape
[ "$(val capsule_snapshot_generation)" -ge 2 ] || fail "generation after reload: $m"

# Anything else on the metrics port.
code() { curl -s -o /dev/null -w '%{http_code}' --interface "127.0.0.$1" "${@:2}"; }
[ "$(code 30 "http://127.0.0.1:$MPORT/")" = 404 ] || fail "/ not 404"
[ "$(code 31 "http://127.0.0.1:$MPORT/metrics/x")" = 404 ] || fail "/metrics/x not 404"
[ "$(code 32 -X POST "http://127.0.0.1:$MPORT/metrics")" = 405 ] || fail "POST not 405"
out=$("$GEMREQ" -P -w 5000 -b 127.0.0.33 "$MPORT" $'GET /metrics\r\n') || true
has "$out" "HTTP/1.0 400 Bad Request"
out=$("$GEMREQ" -P -w 5000 -b 127.0.0.34 "$MPORT" "$(printf 'GET /%01100d HTTP/1.1\r\n' 0)") || true
has "$out" "HTTP/1.0 400 Bad Request"

# The format, as Prometheus reads it.
if command -v promtool >/dev/null 2>&1; then
	promtool check metrics <metrics.txt >promtool.txt 2>&1 ||
		fail "promtool: $(cat promtool.txt)"
else
	echo "note: promtool (Debian prometheus) not installed; format not checked"
fi
stop_daemon
