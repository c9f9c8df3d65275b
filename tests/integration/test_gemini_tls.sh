# TLS session resumption: tickets (TLS 1.3 and 1.2) and session ids,
# and tickets that stop working once their keys are rotated away.
. "$(dirname "$0")/lib.sh"
start_daemon --ticket-lifetime 4

# conn VERSION [s_client options]: "New" or "Reused", from s_client.
conn() {
	local v=$1
	shift
	printf 'gemini://localhost:%s/\r\n' "$PORT" |
		timeout 10 openssl s_client "$v" -connect "127.0.0.1:$PORT" \
			-servername localhost -ign_eof "$@" 2>/dev/null |
		grep -oE '^(New|Reused)' | head -1
}

for v in -tls1_3 -tls1_2; do
	rm -f sess
	[ "$(conn $v -sess_out sess)" = New ] || fail "$v: first handshake"
	[ "$(conn $v -sess_in sess)" = Reused ] || fail "$v: ticket not resumed"
done
# Session ids, without tickets (TLS 1.2 with -no_ticket).
rm -f sess
[ "$(conn -tls1_2 -no_ticket -sess_out sess)" = New ] || fail "no_ticket: first"
[ "$(conn -tls1_2 -no_ticket -sess_in sess)" = Reused ] ||
	fail "session id not resumed from the cache"

# A lifetime later the keys and sessions are gone: a full handshake, and
# the request is still served.
rm -f sess
conn -tls1_3 -sess_out sess >/dev/null
sleep 5
[ "$(conn -tls1_3 -sess_in sess)" = New ] ||
	fail "a ticket older than its lifetime was accepted"
get /
expect_status 20
