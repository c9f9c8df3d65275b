# A real HAProxy (mode tcp) in front of the PROXY listeners: send-proxy-v2
# for Gemini, send-proxy (v1) for Gopher, with health checks that send
# PROXY headers too.  Requests through it are served and logged with the
# client's address, not HAProxy's.  Skipped when haproxy is missing.
. "$(dirname "$0")/lib.sh"
command -v haproxy >/dev/null || {
	echo "haproxy is not installed (Debian: apt-get install haproxy)"
	exit 77
}
PP=$(free_port)
GP=$(free_port)

start_daemon --gemini-proxy "127.0.0.1:$PP" --gopher-proxy "127.0.0.1:$GP"
front="gemini://localhost:$PORT/"
# Its ports are random too: another test may hold one; then new ones.
ok=0
for try in $(seq 1 10); do
	HP=$((20000 + RANDOM % 40000))
	HG=$((20000 + RANDOM % 40000))
	cat >haproxy.cfg <<CFG
defaults
	mode tcp
	timeout connect 5s
	timeout client 30s
	timeout server 30s
frontend gemini
	bind 127.0.0.1:$HP
	default_backend gemini
backend gemini
	server capsuled 127.0.0.1:$PP send-proxy-v2 check check-send-proxy inter 300
frontend gopher
	bind 127.0.0.1:$HG
	default_backend gopher
backend gopher
	server capsuled 127.0.0.1:$GP send-proxy check check-send-proxy inter 300
CFG
	haproxy -db -f haproxy.cfg >haproxy.log 2>&1 &
	hpid=$!
	PIDS+=("$hpid")
	for i in $(seq 1 $((50 * SLOW))); do
		kill -0 "$hpid" 2>/dev/null || break
		out=$("$GEMREQ" -x -b 127.0.0.5 -w $((5000 * SLOW)) "$HP" \
			"$front\r\n" 2>/dev/null) && [ "$(status)" = 20 ] &&
			{ ok=1; break; }
		sleep 0.1
	done
	[ "$ok" = 1 ] && break
	kill "$hpid" 2>/dev/null || true
	wait "$hpid" 2>/dev/null || true
	grep -q "cannot bind" haproxy.log || break
done
[ "$ok" = 1 ] || fail "nothing served through haproxy: $(tail -5 haproxy.log)"
wait_log daemon.log "127.0.0.5 gemini $front 20 "
out=$("$GEMREQ" -P -b 127.0.0.6 -w $((5000 * SLOW)) "$HG" $'/\r\n')
has "$out" $'\t'
wait_log daemon.log "127.0.0.6 gopher / 1 "
# HAProxy's health checks (PROXY LOCAL, then a close) are not requests:
# they must have come, and left no line in the access log.
sleep 1
! grep -q "127.0.0.1 gemini $front " daemon.log ||
	fail "a request through haproxy logged as haproxy's: $(grep " gemini " daemon.log)"
grep -qi "DOWN" haproxy.log && fail "haproxy marked capsuled down: $(cat haproxy.log)"
echo "haproxy $(haproxy -v | head -1 | cut -d ' ' -f 3): Gemini (v2) and Gopher (v1) served, client addresses logged"
