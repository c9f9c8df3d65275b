# PROXY protocol listeners (--gemini-proxy, --gopher-proxy): v1 and v2
# headers name the client for the access log and the rate limit; LOCAL
# and UNKNOWN are health checks served as the proxy's own; a bad,
# truncated or slow header, a peer not in --proxy-from, and TLS with no
# header are closed with nothing sent; the public listeners take no
# header.
. "$(dirname "$0")/lib.sh"
PP=$(free_port)
GP=$(free_port)
RT=$((3 * SLOW))
SIG='\r\n\r\n\0\r\nQUIT\n'

start_daemon --gemini-proxy "127.0.0.1:$PP" --gopher-proxy "127.0.0.1:$GP" \
	--proxy-from 127.0.0.1/32,::1 --read-timeout "$RT" \
	--rate-limit 3/60 --max-conns-per-address 2

# pgem PORT HEADER REQUEST [gemreq options]: REQUEST after HEADER on PORT;
# $out and $rc as gem's.
pgem() {
	local port=$1 hdr=$2 req=$3
	shift 3
	rc=0
	out=$("$GEMREQ" -x -w $((5000 * SLOW)) "$@" -p "$hdr" "$port" "$req") ||
		rc=$?
}
front="gemini://localhost:$PORT/"

# 1. v1 and v2, IPv4 and IPv6: served, and logged as the header's client.
pgem "$PP" 'PROXY TCP4 192.0.2.1 127.0.0.1 40000 1965\r\n' "$front\r\n"
expect_status 20
wait_log daemon.log "192.0.2.1 gemini $front 20 "
pgem "$PP" 'PROXY TCP6 2001:db8::7 ::1 40000 1965\r\n' "$front\r\n"
expect_status 20
wait_log daemon.log "2001:db8::7 gemini $front 20 "
pgem "$PP" "$SIG"'\x21\x11\x00\x0c\xc6\x33\x64\x05\x7f\x00\x00\x01\x9c\x40\x07\xad' \
	"$front\r\n"
expect_status 20
wait_log daemon.log "198.51.100.5 gemini $front 20 "
pgem "$PP" "$SIG"'\x21\x21\x00\x24\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\x00\x09\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x01\x9c\x40\x07\xad' \
	"$front\r\n"
expect_status 20
wait_log daemon.log "2001:db8::9 gemini $front 20 "
# TLVs after the addresses are skipped.
pgem "$PP" "$SIG"'\x21\x11\x00\x12\xc6\x33\x64\x06\x7f\x00\x00\x01\x9c\x40\x07\xad\x04\x00\x03xyz' \
	"$front\r\n"
expect_status 20
wait_log daemon.log "198.51.100.6 gemini $front 20 "
pgem "$GP" 'PROXY TCP4 192.0.2.77 127.0.0.1 40000 70\r\n' '/\r\n' -P
[ "$rc" = 0 ] || fail "gopher behind the proxy: rc $rc"
has "$out" $'\t'
wait_log daemon.log "192.0.2.77 gopher / 1 "

# 2. The rate limit counts per header address: 3 for one client, the
# fourth refused, while another client behind the same proxy (the same
# TCP peer) still has its own.
for i in 1 2 3; do
	pgem "$PP" 'PROXY TCP4 192.0.2.50 127.0.0.1 40000 1965\r\n' "$front\r\n"
	expect_status 20
done
pgem "$PP" 'PROXY TCP4 192.0.2.50 127.0.0.1 40001 1965\r\n' "$front\r\n"
expect_status 44
pgem "$PP" "$SIG"'\x21\x11\x00\x0c\xc0\x00\x02\x32\x7f\x00\x00\x01\x9c\x40\x07\xad' \
	"$front\r\n"
expect_status 44
pgem "$PP" 'PROXY TCP4 192.0.2.51 127.0.0.1 40000 1965\r\n' "$front\r\n"
expect_status 20

# And so does the cap on open connections: two held open for one
# client (headers sent, nothing after), a third for it is closed before
# TLS, another client's is served.
holders=()
for i in 1 2; do
	"$GEMREQ" -P -x -w $((2 * RT * 1000)) \
		-p 'PROXY TCP4 192.0.2.60 127.0.0.1 40000 1965\r\n' "$PP" '' \
		>/dev/null 2>&1 &
	holders+=($!)
done
sleep "$SLOW"
pgem "$PP" 'PROXY TCP4 192.0.2.60 127.0.0.1 40002 1965\r\n' "$front\r\n"
[ "$rc" = 5 ] || fail "a third connection for a capped client: rc $rc, want 5"
pgem "$PP" 'PROXY TCP4 192.0.2.61 127.0.0.1 40002 1965\r\n' "$front\r\n"
expect_status 20
for p in "${holders[@]}"; do wait "$p" || true; done

# 3. Health checks: v2 LOCAL and v1 UNKNOWN, both protocols, served as
# the proxy's own connection and charged to no one: more of them than
# the rate limit's 3 are all served.
pgem "$PP" "$SIG"'\x20\x00\x00\x00' "gemini://localhost:$PORT/robots.txt\r\n"
expect_status 20
wait_log daemon.log "127.0.0.1 gemini gemini://localhost:$PORT/robots.txt 20 "
for i in 1 2 3; do
	pgem "$PP" 'PROXY UNKNOWN\r\n' "gemini://localhost:$PORT/robots.txt\r\n"
	expect_status 20
done
pgem "$GP" "$SIG"'\x20\x00\x00\x00' '/\r\n' -P
has "$out" $'\t'
pgem "$GP" 'PROXY UNKNOWN\r\n' '/\r\n' -P
has "$out" $'\t'

# closed_at_once HEADER [gemreq options]: the proxy port closes at once
# (well before the read timeout) with nothing sent.
closed_at_once() {
	pgem "$PP" "$1" '' -P -w $((1500 * SLOW)) "${@:2}"
	[ "$rc" = 0 ] || fail "header '$1' $*: not closed at once (rc $rc)"
	[ -z "$out" ] || fail "header '$1': bytes sent: $out"
}

# 4. Refused headers, a peer not in --proxy-from, and no header at all.
closed_at_once 'PROXY TCP4 192.0.2.256 127.0.0.1 1 2\r\n'
closed_at_once 'PROXY TCP4 192.0.2.1 127.0.0.1 65536 2\r\n'
closed_at_once 'PROXY TCP4 192.0.2.1 127.0.0.1 1 2\n'
closed_at_once 'GET / HTTP/1.0\r\n\r\n'
closed_at_once "$SIG"'\x21\x12\x00\x0c\xc0\x00\x02\x01\x7f\x00\x00\x01\x9c\x40\x07\xad'
closed_at_once "$SIG"'\x21\x11\xff\xff'
closed_at_once 'PROXY TCP4 192.0.2.1 127.0.0.1 40000 1965\r\n' -b 127.0.0.2
# A trusted proxy's bad header is named in the log, for its operator.
wait_log daemon.log "bad PROXY header"
gem "$front\r\n" -b 127.0.0.2
rc=0
"$GEMREQ" -x -w $((5000 * SLOW)) "$PP" "$front\r\n" >/dev/null 2>&1 || rc=$?
[ "$rc" = 5 ] || fail "TLS with no header on the proxy port: rc $rc, want 5"

# 5. Truncated (then silent) and slow headers: closed at the read
# timeout, nothing sent.
for h in 'PROXY TCP4 192.0.2.1' "$SIG"'\x21\x11\x00\x0c\xc0\x00'; do
	pgem "$PP" "$h" '' -P -w $((2 * RT * 1000))
	[ "$rc" = 0 ] || fail "truncated header: not closed (rc $rc)"
	[ -z "$out" ] || fail "truncated header: bytes sent: $out"
done
rc=0
out=$("$GEMREQ" -P -x -D $((400 * SLOW)) -w $((4 * RT * 1000)) "$PP" \
	'PROXY TCP4 192.0.2.1 127.0.0.1 40000 1965\r\n') || rc=$?
[ "$rc" = 4 ] || fail "slow header: rc $rc, want 4 (closed while sending)"
[ -z "$out" ] || fail "slow header: bytes sent: $out"

# 6. The public listeners take no header: on Gemini it is a bad TLS
# hello, on Gopher a selector like any other (not the front menu), and
# the client is the peer.
rc=0
"$GEMREQ" -x -w $((5000 * SLOW)) -b 127.0.0.3 \
	-p 'PROXY TCP4 192.0.2.1 127.0.0.1 1 2\r\n' "$PORT" "$front\r\n" \
	>/dev/null 2>&1 || rc=$?
[ "$rc" = 5 ] || fail "a PROXY header on the public Gemini port: rc $rc, want 5"
rc=0
out=$("$GEMREQ" -x -P -w $((5000 * SLOW)) -b 127.0.0.3 \
	-p 'PROXY TCP4 192.0.2.88 127.0.0.1 1 2\r\n' "$GPORT" '/\r\n') || rc=$?
[ "${out:0:1}" = 3 ] || fail "a PROXY header on the public Gopher port: $out"
wait_log daemon.log "127.0.0.3 gopher PROXY"
! grep -q "Z 192.0.2.88 " daemon.log || fail "a public port believed a PROXY header"
echo "proxy: v1, v2, LOCAL, UNKNOWN served; bad, disallowed, truncated, slow closed"
