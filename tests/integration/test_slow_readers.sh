# A slow reader keeps alive what it reads, not the snapshot it started
# on: one stalled download per reload, over several reloads of a store
# of a few thousand articles, and capsuled's resident memory stays near
# its quiet figure (each pinned snapshot would add several MB), while a
# normal client is served and every stalled reader still gets all its
# bytes in the end.  The full-size run (20 reloads, 20,000 articles) is
# tests/long/test_slow_readers.sh, in make check-long, which runs this
# script with these settings:
#   SLOW_ARTS (2000) articles, written here or by SLOW_GENSTORE (a path
#   to tools/genstore); SLOW_RELOADS (6) stalled readers and reloads;
#   SLOW_GROWTH_MB (24) the growth allowed.  Each reader reads nothing
#   until all the reloads are done (trickle -s, ended by SIGUSR1), and
#   the write timeout is longer than that.
. "$(dirname "$0")/lib.sh"
if [ -n "$CAPSULED_WRAP" ]; then
	echo "a store of 2000 articles reloaded 6 times is too slow under a wrapper"
	exit 77
fi
# ASan keeps freed memory in quarantine, which would read as growth.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0"
TRICKLE=$BUILD/tests/trickle
ARTS=${SLOW_ARTS:-2000}
RELOADS=${SLOW_RELOADS:-6}
GROWTH=${SLOW_GROWTH_MB:-24}
BIG=$((4 << 20))

if [ -n "${SLOW_GENSTORE:-}" ]; then
	"$SLOW_GENSTORE" store "$ARTS"
else
	cp -r "$ROOT/capsule" store
fi
mkdir -p store/media
head -c "$BIG" /dev/zero >store/media/big.bin
para="Harbour street volunteers met again to plan the next stage of the mesh network, with antennas on three more roofs and a relay at the library."
body=
for i in $(seq 1 12); do body="$body$para $para $para"$'\n\n'; done
[ -n "${SLOW_GENSTORE:-}" ] || for i in $(seq 1 "$ARTS"); do
	printf 'Title: Filler story %d\nDate: 2024-%02d-%02dT10:00:00Z\nTags: filler, batch-%d\n\n%s' \
		"$i" $((i % 12 + 1)) $((i % 28 + 1)) $((i % 50)) "$body" \
		>"store/articles/filler-$i.gmi"
done

start_daemon --rate-limit off --write-timeout 3600
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$DPID/status"; }
reloads() { grep -c "store reloaded" daemon.log || true; }

# reload: one more article, and wait until the snapshot with it serves.
n=0
reload() {
	local before
	n=$((n + 1))
	before=$(reloads)
	printf 'Title: Late story %d\nDate: 2025-01-01T10:00:00Z\n\nNews.\n' "$n" \
		>"store/articles/late-$n.gmi"
	kill -HUP "$DPID"
	# The reload thread runs at nice 19: on a busy machine it waits.
	for i in $(seq 1 3000); do
		[ "$(reloads)" -gt "$before" ] && get "/articles/late-$n" &&
			[ "$(status)" = 20 ] && return 0
		sleep 0.1
	done
	fail "reload $n never served late-$n"
}

# Quiet: two reloads with no reader, so that the allocator has settled.
reload
reload
quiet=$(rss)

pids=()
for r in $(seq 1 "$RELOADS"); do
	"$TRICKLE" -s /media/big.bin -w 3600000 "$GPORT" >"stall.$r" &
	pids+=($!)
	PIDS+=($!)	# stopped at exit if the test fails
	# The reader is connected and its download started on this snapshot.
	sleep 0.3
	reload
done
get /
expect_status 20
loaded=$(rss)
grow=$(( (loaded - quiet) / 1024 ))
echo "RSS quiet ${quiet} kB, with $RELOADS stalled readers over $RELOADS reloads ${loaded} kB (+${grow} MB)"
# Each stalled reader may hold its 64 KiB chunk and socket buffers; a
# pinned snapshot of 2000 articles is about 12 MB, of 20,000 about 56.
[ "$grow" -lt "$GROWTH" ] || fail "resident memory grew by $grow MB with $RELOADS slow readers"

# Nobody was cut off: each reader gets the whole file once it reads.
kill -USR1 "${pids[@]}"
for p in "${pids[@]}"; do wait "$p"; done
for r in $(seq 1 "$RELOADS"); do
	[ "$(cat "stall.$r")" = "read=$BIG end=eof" ] ||
		fail "stalled reader $r: $(cat "stall.$r")"
done
