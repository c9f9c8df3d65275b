# The writer process: SIGKILL during uploads leaves every acknowledged
# upload intact, the writer is restarted and later uploads succeed; a
# publishers file capsuled may not read (the store owner's, 0600, with
# capsuled dropped to another user) leaves the decision to the writer.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/titan.sh"
if [ -n "$CAPSULED_WRAP" ]; then
	echo "SKIP: the writer killed mid-upload is a race valgrind slows past its timing; make check runs it"
	exit 77
fi

cp -r "$ROOT/capsule" store
publisher ed editor >/dev/null
ident stranger
start_daemon

# writer_pid: the writer, the child of capsuled's child (the supervisor).
writer_pid() {
	local sup
	for sup in $(pgrep -P "$DPID"); do
		pgrep -P "$sup" | head -n 1
		return 0
	done
	return 1
}
w1=$(writer_pid) || fail "no writer process under capsuled $DPID"
[ -n "$w1" ] || fail "no writer process"

if [ "$(id -u)" = 0 ] && [ "$(stat -c %a store/publishers)" = 600 ]; then
	printf 'Title: Nobody\n\nx\n' >nobody.gmi
	up stranger "/articles/;size=$(sz nobody.gmi)" nobody.gmi
	[ "$(status)" = 61 ] || fail "a stranger with an unreadable publishers file: $(line1)"
	echo "publishers 0600, capsuled as $(stat -c %U /proc/$DPID): the writer said $(line1)"
fi

for j in $(seq 1 40); do
	printf 'Title: Wire %s\nStatus: published\n\nWire story %s.\n' "$j" "$j" >"w$j.gmi"
done
(
	for j in $(seq 1 40); do
		up ed "/articles/;size=$(sz "w$j.gmi")" "w$j.gmi" -w 20000
		printf '%s %s\n' "$j" "$(line1)" >>answers
	done
) &
loop=$!
# Kill the writer once some uploads are through.
for i in $(seq 1 100); do
	[ -f answers ] && [ "$(wc -l <answers)" -ge 5 ] && break
	sleep 0.05
done
# Killed five times over, a tenth of a second apart: some uploads are on
# their way to a writer that dies under them.
kill -9 "$w1"
for k in 1 2 3 4; do
	sleep 0.1
	w=$(writer_pid) && [ -n "$w" ] && kill -9 "$w" 2>/dev/null || true
done
wait "$loop"
grep -q " 40 " answers || echo "(no upload met the writer down)"
while read -r j st url; do
	[ "$st" = 30 ] || continue
	f=$(grep -l "^Title: Wire $j\$" store/articles/*) ||
		fail "upload $j acknowledged ($url), not in the store"
	grep -qx "Wire story $j." "$f" || fail "$f is not what was sent"
done <answers
echo "$(grep -c ' 30 ' answers) acknowledged and intact, $(grep -c ' 40 ' answers) answered 40"
sleep 0.5
w2=$(writer_pid) || fail "no writer after the kills"
[ -n "$w2" ] && [ "$w2" != "$w1" ] || fail "the writer was not restarted ($w1, $w2)"
printf 'Title: After the restart\nStatus: published\n\nStill filing.\n' >after.gmi
for i in $(seq 1 $((50 * SLOW))); do
	up ed "/articles/;size=$(sz after.gmi)" after.gmi
	[ "$(status)" = 30 ] && break
	sleep 0.1
done
expect_line "30 gemini://localhost:$PORT/articles/after-the-restart"
"$CAPSULECTL" --store store check >check.out 2>&1 || fail "check: $(cat check.out)"
