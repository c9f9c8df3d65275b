# Operating capsuled: --check, --config, SIGHUP, the access log, IPv6,
# --public-port.
. "$(dirname "$0")/lib.sh"
cp -r "$ROOT/capsule" store

# --check: 0 on a good store; 1 naming file and line on a bad one.
out=$($CAPSULED_WRAP "$CAPSULED" --check --store store --cert c.pem --key k.pem 2>&1) ||
	fail "--check failed before the first start: $out"
has "$out" "c.pem: none yet; capsuled creates it at its first start"
touch k.pem
out=$($CAPSULED_WRAP "$CAPSULED" --check --store store --cert c.pem --key k.pem 2>&1) &&
	fail "--check passed with a key and no certificate"
has "$out" "c.pem: missing"
rm k.pem
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
	-subj /CN=localhost -keyout k.pem -out c.pem 2>/dev/null
out=$($CAPSULED_WRAP "$CAPSULED" --check --store store --cert c.pem --key k.pem 2>&1) || fail "--check failed: $out"
has "$out" "10 articles (9 published)"
printf 'Title: x\nDate: 2024-01-01T00:00:00Z\nTags: Not Valid\n\n' >store/articles/bad.gmi
out=$($CAPSULED_WRAP "$CAPSULED" --check --store store --cert c.pem --key k.pem 2>&1) && fail "--check passed a bad store"
has "$out" "store/articles/bad.gmi:3: skipped: a tag is not lower-case"
rm store/articles/bad.gmi
printf 'store = store\nbogus = 1\n' >bad.conf
out=$($CAPSULED_WRAP "$CAPSULED" --check --config bad.conf 2>&1) && fail "--check passed a bad config"
has "$out" "bad.conf:2: unknown setting"
out=$($CAPSULED_WRAP "$CAPSULED" --workers 0 --check 2>&1) && fail "--workers 0 accepted"
has "$out" "workers must be 1-256"

# A configuration file, with a flag overriding it.
cat >capsuled.conf <<CONF
# test configuration
store = store
host = localhost
cert = cert.pem
key = key.pem
anonymous-log = yes
read-timeout = 3
CONF
start_daemon --config capsuled.conf
get /
expect_status 20
for i in $(seq 1 $((20 * SLOW))); do
	grep -q " - gemini gemini://localhost:$PORT/ 20 " daemon.log && break
	sleep 0.1
done
grep -q " - gemini gemini://localhost:$PORT/ 20 " daemon.log ||
	fail "anonymous log line missing: $(tail -2 daemon.log)"
! grep -q "127.0.0.1 gemini" daemon.log || fail "an address was logged"

# SIGHUP: a new certificate is served to new connections.
fp() {
	openssl s_client -connect "127.0.0.1:$PORT" -servername localhost </dev/null 2>/dev/null |
		openssl x509 -noout -fingerprint -sha256
}
before=$(fp)
[ -n "$before" ] || fail "no certificate fingerprint"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
	-subj /CN=localhost -keyout key.pem -out cert.pem 2>/dev/null
# Started as root, capsuled now reads files as nobody: the new key (0600
# from openssl) must be readable to it, as an administrator would make it.
chmod 0644 key.pem
kill -HUP "$DPID"
wait_log daemon.log "SIGHUP: configuration and certificate reloaded"
after=$(fp)
[ "$before" != "$after" ] || fail "SIGHUP did not load the new certificate"
get /
expect_status 20
stop_daemon

# IPv6 and --public-port: URLs carry the public port, requests for it
# are ours, requests for the listening port are not.
rm -f daemon.log
if ip -6 addr show dev lo 2>/dev/null | grep -q '::1'; then
	PORT=$((20000 + RANDOM % 40000))
	$CAPSULED_WRAP "$CAPSULED" --foreground --store store --gemini "[::1]:$PORT" --gopher off \
		--public-port 1966 --cert cert.pem --key key.pem >daemon.log 2>&1 &
	DPID=$!
	PIDS+=("$DPID")
	for i in $(seq 1 $((50 * SLOW))); do
		gem "gemini://localhost:1966/\r\n" -6 -w 2000
		[ "$rc" -eq 0 ] && break
		sleep 0.1
	done
	expect_status 20
	gem "gemini://localhost:1966/tags\r\n" -6
	has "$out" "31 gemini://localhost:1966/tags/"
	gem "gemini://localhost:$PORT/\r\n" -6
	expect_status 53
	stop_daemon
	grep -q "::1 gemini gemini://localhost:1966/ 20 " daemon.log ||
		fail "IPv6 access log: $(tail -2 daemon.log)"
else
	echo "no ::1 here; IPv6 part skipped"
fi
