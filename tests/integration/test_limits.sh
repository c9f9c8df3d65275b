# The limits that keep one client from starving the others: the read
# timeout against a crowd of trickling connections, the cap on a
# request's size, the write timeout against a reader that stalls, the
# rate limit per client address, which TLS handshakes pay too, and the
# cap on one address's open connections (each of 127.0.0.0/8 is a
# client of its own here).
. "$(dirname "$0")/lib.sh"
TRICKLE=$BUILD/tests/trickle
SWARM=$BUILD/tests/swarm
MENUCHECK=$BUILD/tests/menucheck
CROWD=1000
BIG=$((16 << 20))

cp -r "$ROOT/capsule" store
truncate -s "$BIG" store/media/big.bin

# field NAME LINE: the value of NAME=value in trickle's report.
field() { sed -n "s/.*\<$1=\([^ ]*\).*/\1/p" <<<"$2"; }

start_daemon --read-timeout 3 --write-timeout 2 --rate-limit off \
	--max-conns-per-address off
get /
expect_status 20
front=$out
groot=$("$GEMREQ" -P -w 5000 "$GPORT" $'/\r\n')
grep -q $'^i.*\r$' <<<"$groot" || fail "no gopher front page: $groot"

# 1. --rate-limit off: one address makes 50 requests, all served.
for i in $(seq 1 50); do
	get /robots.txt -b 127.0.0.6
	expect_status 20
done

# 2. A crowd trickling a byte a second on each port, never a whole
# request (on the Gemini port not even a whole ClientHello): every
# connection is closed by the server at the read timeout, with nothing
# sent, while a normal client keeps getting whole, correct pages.
if [ "$(ulimit -Hn)" -lt $((2 * CROWD + 200)) ]; then
	echo "SKIP crowd: $((2 * CROWD + 200)) descriptors needed, the hard limit is $(ulimit -Hn)"
else
	"$TRICKLE" -n "$CROWD" -w $((30000 * SLOW)) "$GPORT" >crowd.gopher &
	c1=$!
	"$TRICKLE" -T -n "$CROWD" -w $((30000 * SLOW)) "$PORT" >crowd.gemini &
	c2=$!
	n=0 bad=0
	while kill -0 "$c1" 2>/dev/null || kill -0 "$c2" 2>/dev/null; do
		o=$("$GEMREQ" -x -w $((5000 * SLOW)) "$PORT" \
			"gemini://localhost:$PORT/\r\n") || bad=$((bad + 1))
		[ "$o" = "$front" ] || bad=$((bad + 1))
		o=$("$GEMREQ" -P -w $((5000 * SLOW)) "$GPORT" $'/\r\n') ||
			bad=$((bad + 1))
		[ "$o" = "$groot" ] || bad=$((bad + 1))
		n=$((n + 2))
	done
	wait "$c1" || fail "gopher crowd: $(cat crowd.gopher)"
	wait "$c2" || fail "gemini crowd: $(cat crowd.gemini)"
	for p in gopher gemini; do
		r=$(cat "crowd.$p")
		echo "$p crowd: $r"
		[ "$(field closed "$r")" = "$CROWD" ] ||
			fail "$p: not every trickling connection was closed by the server: $r"
		# The timer runs from the accept: half the timeout is a
		# floor no early drop would pass.
		[ "$(field min_ms "$r")" -ge 1500 ] ||
			fail "$p: trickling connections dropped before the read timeout: $r"
	done
	[ "$n" -ge 4 ] || fail "the normal client made only $n requests meanwhile"
	[ "$bad" -eq 0 ] || fail "$bad of $n normal requests failed during the crowd"
	echo "normal client: $n requests during the crowd, all whole and correct"
fi

# 3. A megabyte with no line end: the server takes CONN_REQ_MAX bytes,
# answers, reads and drops at most CONN_DRAIN_MAX (64 KiB) more so that
# its answer is not lost to a reset, and closes; what the client got to
# send is only that and what the socket buffers held (the kernel's
# default receive buffer, tcp_rmem, and our own small send buffer),
# never the megabyte a reading server would have taken.
rmem=$(awk '{ print $2 }' /proc/sys/net/ipv4/tcp_rmem 2>/dev/null || echo 131072)
bound=$((rmem + 65536 + 65536))
[ "$bound" -lt $((1 << 20)) ] || fail "tcp_rmem's default ($rmem) leaves the size test meaningless"
"$TRICKLE" -f $((1 << 20)) -w $((10000 * SLOW)) "$GPORT" >flood.out 2>flood.res
r=$(cat flood.res)
echo "gopher flood: $r (bound $bound)"
[ "$(field end "$r")" != timeout ] || fail "gopher: 1 MiB without a line end was not cut off: $r"
[ "$(field sent "$r")" -lt "$bound" ] || fail "gopher: the server took too much: $r"
head -c 1 flood.out | grep -q 3 || fail "gopher flood got: $(head -c 200 flood.out)"
"$MENUCHECK" localhost "$GPORT" <flood.out >/dev/null 2>problems ||
	fail "gopher flood's error menu: $(cat problems)"
"$TRICKLE" -T -f $((1 << 20)) -w $((10000 * SLOW)) "$PORT" >flood.out 2>flood.res
r=$(cat flood.res)
echo "gemini flood: $r (bound $bound)"
[ "$(field end "$r")" != timeout ] || fail "gemini: 1 MiB without a line end was not cut off: $r"
[ "$(field sent "$r")" -lt "$bound" ] || fail "gemini: the server took too much: $r"
[ "$(cat flood.out)" = $'59 Request too long\r' ] ||
	fail "gemini flood got: $(head -c 200 flood.out)"

# 4. A reader that stops reading a 16 MiB file is dropped after the
# write timeout, having been sent what the socket buffers hold; a
# reader that only pauses for less gets it all.
r=$("$TRICKLE" -s /media/big.bin -w 6000 "$GPORT")
echo "stalled reader: $r"
[ "$(field read "$r")" -lt "$BIG" ] || fail "a stalled reader was never dropped: $r"
[ "$("$GEMREQ" -P -w $((20000 * SLOW)) "$GPORT" $'/media/big.bin\r\n' | wc -c)" -eq "$BIG" ] ||
	fail "a reader that reads did not get the whole file"
stop_daemon
mv daemon.log daemon-1.log

# 5. --rate-limit 5/60: a client's five requests go through, its sixth
# gets 44 and the seconds until a token is back (60 / 5 at most), on
# either protocol, while other clients are served.  start_daemon's own
# probe comes from 127.0.0.1, so the limited clients are others.
start_daemon --rate-limit 5/60
groot=$("$GEMREQ" -P -w 5000 "$GPORT" $'/\r\n')
for i in $(seq 1 5); do
	get / -b 127.0.0.3
	expect_status 20
done
get / -b 127.0.0.3
secs=${out#44 }
secs=${secs%$'\r'}
[ "$out" = "44 $secs"$'\r' ] && [ "$secs" -ge 1 ] && [ "$secs" -le 12 ] ||
	fail "the sixth request got '$out', want 44 and 1-12 seconds"
[ "$rc" -eq 0 ] || fail "44 without close_notify (rc $rc)"
out=$("$GEMREQ" -P -b 127.0.0.3 -w 5000 "$GPORT" $'/\r\n')
head -c 1 <<<"$out" | grep -q 3 || fail "a limited client's gopher request got: $out"
has "$out" "Too many requests from your address; try again in"
"$MENUCHECK" localhost "$GPORT" <<<"$out" >/dev/null 2>problems ||
	fail "the limit's error menu: $(cat problems)"
get / -b 127.0.0.2
expect_status 20
[ "$out" = "$front" ] || fail "another client got a different front page"
for i in $(seq 1 5); do
	out=$("$GEMREQ" -P -b 127.0.0.4 -w 5000 "$GPORT" $'/\r\n')
	[ "$out" = "$groot" ] || fail "gopher request $i of 127.0.0.4: $(head -c 200 <<<"$out")"
done
out=$("$GEMREQ" -P -b 127.0.0.4 -w 5000 "$GPORT" $'/\r\n')
has "$out" "Too many requests from your address; try again in"
for i in $(seq 1 $((20 * SLOW))); do
	grep -q " 127.0.0.4 gopher / limit " daemon.log && break
	sleep 0.1
done
grep -q " 127.0.0.3 gemini gemini://localhost:$PORT/ 44 " daemon.log ||
	fail "no access log line for the refusal: $(tail -3 daemon.log)"
grep -q " 127.0.0.4 gopher / limit " daemon.log ||
	fail "no access log line for the gopher refusal: $(tail -3 daemon.log)"
stop_daemon
mv daemon.log daemon-2.log

# 6. The limit from the configuration file, and changed by SIGHUP; the
# read timeout too.
printf 'rate-limit = 5/60\nread-timeout = 60\n' >limits.conf
start_daemon --config limits.conf
for i in $(seq 1 5); do
	get / -b 127.0.0.5
	expect_status 20
done
get / -b 127.0.0.5
expect_status 44
printf 'rate-limit = off\nread-timeout = 1\n' >limits.conf
kill -HUP "$DPID"
wait_log daemon.log "SIGHUP: configuration reloaded, certificate kept"
for i in $(seq 1 50); do
	get / -b 127.0.0.5
	expect_status 20
done
# A silent client is now dropped after 1 s, not 60.
exec 3<>"/dev/tcp/127.0.0.1/$GPORT"
rc=0
timeout $((10 * SLOW)) cat <&3 >/dev/null || rc=$?
exec 3<&-
[ "$rc" = 0 ] || fail "the read timeout set by SIGHUP did not apply (rc $rc)"
stop_daemon

# 7. Bad values are refused, naming the option.
for v in 0/60 5/0 5 5/60s off/60 1000001/1; do
	out=$($CAPSULED_WRAP "$CAPSULED" --check --store store --rate-limit "$v" 2>&1) &&
		fail "--rate-limit $v accepted"
	has "$out" "--rate-limit $v: rate-limit"
done
printf 'rate-limit = 5 per minute\n' >bad.conf
out=$($CAPSULED_WRAP "$CAPSULED" --check --store store --config bad.conf 2>&1) &&
	fail "rate-limit = 5 per minute accepted"
has "$out" "bad.conf:1: rate-limit is REQUESTS/SECONDS"

# 8. The rate limit is paid at the connection, before any TLS work:
# 127.0.0.7 makes five times its allowance of TLS handshakes, half of
# them followed by half a request, none by a whole one.  The server
# completes its allowance, RATELIMIT_REFUSALS more (those it would
# answer with 44) and what refilled meanwhile, closes the others before
# a handshake, and the address has no request left; 127.0.0.2 is
# served all along.
start_daemon --rate-limit 20/60
r=$("$SWARM" -t -b 127.0.0.7 -n 100 "$PORT")
echo "handshake flood: $r"
ms=$(field ms "$r")
# A token every 3 s and a refusal every 6 s, the run's time rounded up.
bound=$((20 + 10 + ms / 3000 + 1 + ms / 6000 + 1))
[ "$(field handshakes "$r")" -le "$bound" ] ||
	fail "127.0.0.7 got more handshakes than its allowance ($bound): $r"
[ "$(field handshakes "$r")" -ge 20 ] ||
	fail "127.0.0.7 did not get its allowance: $r"
get / -b 127.0.0.7
[ "$(status)" != 20 ] || fail "127.0.0.7 still had requests after its handshakes"
get / -b 127.0.0.2
expect_status 20
[ "$out" = "$front" ] || fail "another client got a different front page"
stop_daemon
mv daemon.log daemon-8.log

# 9. --max-conns-per-address from the configuration file: 127.0.0.8
# holds 12 silent connections under a cap of 8, on the plain port so
# that the test sees no handshake's latency: the 4 extra ones are
# closed at once, another address is served meanwhile, and the count
# falls back as the held ones close at the read timeout.  Then 20
# connections one after the other (each closed before the next) fit
# under the cap: every close gives its place back.  SIGHUP sets a cap
# of 2.
printf 'max-conns-per-address = 8\nread-timeout = %s\nrate-limit = off\n' \
	$((3 * SLOW)) >conns.conf
start_daemon --config conns.conf
groot=$("$GEMREQ" -P -w 5000 "$GPORT" $'/\r\n')
"$SWARM" -s 60 -w $((500 * SLOW)) -b 127.0.0.8 -n 12 "$GPORT" >swarm.out &
spid=$!
wait_log swarm.out OPEN
r=$(cat swarm.out)
echo "12 connections, cap 8: $r"
[ "$(field closed "$r")" = 4 ] && [ "$(field open "$r")" = 8 ] ||
	fail "127.0.0.8 under a cap of 8: $r"
t0=$(date +%s%N)
out=$("$GEMREQ" -P -b 127.0.0.9 -w 5000 "$GPORT" $'/\r\n')
[ "$out" = "$groot" ] || fail "127.0.0.9 not served while 127.0.0.8 is at its cap"
get / -b 127.0.0.9
expect_status 20
echo "127.0.0.9 served in $(( ($(date +%s%N) - t0) / 1000000 )) ms meanwhile"
rc=0
out=$("$GEMREQ" -P -b 127.0.0.8 -w 5000 "$GPORT" $'/\r\n') || rc=$?
[ "$rc" != 3 ] || fail "127.0.0.8 at its cap: a new connection was held"
[ -z "$out" ] || fail "127.0.0.8 at its cap was served: $(head -c 100 <<<"$out")"
# The held ones are closed by the server at the read timeout.
for i in $(seq 1 $((100 * SLOW))); do
	out=$("$GEMREQ" -P -b 127.0.0.8 -w 5000 "$GPORT" $'/\r\n') || true
	[ "$out" = "$groot" ] && break
	sleep 0.1
done
[ "$out" = "$groot" ] || fail "127.0.0.8 not served again once its connections closed"
kill "$spid"
wait "$spid" || true
for i in $(seq 1 20); do
	get / -b 127.0.0.10
	expect_status 20
	# Not TLS: the handshake fails, and the place is given back too.
	"$GEMREQ" -P -b 127.0.0.10 -w 5000 "$PORT" $'GET / HTTP/1.0\r\n\r\n' >/dev/null || true
done
printf 'max-conns-per-address = 2\nrate-limit = off\n' >conns.conf
kill -HUP "$DPID"
wait_log daemon.log "SIGHUP: configuration reloaded, certificate kept"
r=$("$SWARM" -s 0 -w $((500 * SLOW)) -b 127.0.0.11 -n 5 "$GPORT")
echo "5 connections, cap 2 after SIGHUP: $r"
[ "$(field closed "$r")" = 3 ] && [ "$(field open "$r")" = 2 ] ||
	fail "127.0.0.11 under a cap of 2: $r"
stop_daemon

# 10. Bad caps are refused.
for v in -1 1000001 8x on ""; do
	out=$($CAPSULED_WRAP "$CAPSULED" --check --store store \
		--max-conns-per-address "$v" 2>&1) &&
		fail "--max-conns-per-address '$v' accepted"
	has "$out" "max-conns-per-address is a number"
done
