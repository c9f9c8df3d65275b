# A change made while capsuled builds its first snapshot and index is
# not lost: on a store large enough for the build to take a while, an
# article renamed into place (as capsulectl publishes) once pages are
# served but before the search index is ready is served soon after,
# without any further change to the store.
. "$(dirname "$0")/lib.sh"
GENSTORE=$BUILD/tools/genstore
if [ -n "$CAPSULED_WRAP" ]; then
	echo "valgrind runs one thread at a time: the build ends before a worker answers"
	exit 77
fi
n=10000
"$GENSTORE" store "$n" >/dev/null

# start_building: capsuled on free ports, returning as soon as it serves
# pages, while it still builds its first search index.
start_building() {
	local try i
	for try in $(seq 1 20); do
		PORT=$((20000 + RANDOM % 40000))
		GPORT=$((20000 + RANDOM % 40000))
		$CAPSULED_WRAP "$CAPSULED" --foreground --store store --host localhost \
			--gemini "127.0.0.1:$PORT" --gopher "127.0.0.1:$GPORT" \
			--cert cert.pem --key key.pem --workers 2 >daemon.log 2>&1 &
		DPID=$!
		PIDS+=("$DPID")
		for i in $(seq 1 $((1000 * SLOW))); do
			kill -0 "$DPID" 2>/dev/null || break
			"$GEMREQ" -x -w 2000 "$PORT" "gemini://localhost:$PORT/robots.txt\r\n" \
				>/dev/null 2>&1 && return 0
			sleep 0.01
		done
		wait "$DPID" 2>/dev/null || true
		grep -q "cannot listen" daemon.log || {
			cat daemon.log >&2
			fail "capsuled did not start"
		}
	done
	fail "no free port found"
}

printf 'Title: Late news\nDate: 2026-11-22T10:00:00Z\n\nPublished while the index was being built.\n' \
	>store/.tmp-late-news.gmi
start_building
mv store/.tmp-late-news.gmi store/articles/late-news.gmi
# The rename must have come before the build ended, or this proves nothing.
if grep -q "searchable after" daemon.log; then
	fail "the first build of $n articles ended before the article was added: $(tail -2 daemon.log)"
fi
# A bound, not a timing: the index build is slow under sanitizers on a
# loaded machine.
wait_log daemon.log "searchable after" 60
wait_status /articles/late-news 20
has "$out" "# Late news"
echo "added during the first build of $n articles; served $(grep -o 'searchable after [0-9]* ms' daemon.log | head -1)"
