#!/bin/sh
# Crowd and cores benchmark (the "Performance" issue, items 4 and 5).
#
# A big crowd: capsuled serves the sample store (a copy) on both
# listeners with --read-timeout 60, so that silent connections stay
# within the read timeout for the whole run.
#   a. its Gemini and Gopher rates alone: tools/loadgen, 32 connections,
#      10 s, one article;
#   b. 10,000 idle TLS connections (tools/idlers -t: the handshake, then
#      silence) on the Gemini port: capsuled's VmRSS before and after,
#      so KiB per idle TLS connection, and the Gemini rate while they are
#      held; once they are closed the rate alone again, and the ratio
#      crowd / alone is taken against the median (the mean) of the two
#      runs alone, which brackets any drift of the machine (target 0.8);
#   c. the same with 10,000 idle plain connections on the Gopher port,
#      on a capsuled started afresh: memory freed by the TLS crowd would
#      otherwise be reused and hide the cost of the new one;
#   c2. 10,000 silent connections on the Gemini port (tools/idlers
#      without -t: not even a ClientHello), on a capsuled started
#      afresh: KiB per silent connection, and VmRSS once they have
#      closed (b and c show it too: what the allocator kept after a
#      flood);
#   d. descriptor exhaustion: capsuled restarted under an open-file limit
#      of 2000 (soft and hard, so it cannot raise it), what it logs about
#      the limit, then 1000 + 2000 idle plain connections: it must stay
#      up, not spin (its CPU over 5 s is read from /proc/PID/stat), still
#      serve a Gemini client whose connection it had before the limit was
#      hit, and serve new clients once the 2000 have closed;
# Both cores:
#   e. the Gemini load against capsuled --workers 1 and against capsuled
#      with its default (one worker per core), 3 rounds, the order of the
#      two alternating from round to round; the medians and the ratio
#      default / 1 worker (target 1.0: no worse).
#
# Figures, never pass/fail.  The load generator and the idlers share the
# machine's cores with capsuled, as in the other server benchmarks, and
# everything runs in a private network namespace when one can be made
# (see tools/bench-lib.sh).  The idlers need 10,000 descriptors of their
# own (they raise their limit; as root nothing stands in the way) and
# capsuled as many, which it takes by raising its soft limit to the hard
# one.
#
# Settings, from the environment:
#   BUILD          build directory (build)
#   BENCH_ARTICLE  slug of the article served
#                  (harbour-street-mesh-network-reaches-200-nodes)
#   BENCH_CONNS    concurrent loadgen connections (32)
#   BENCH_SECS     measured seconds per run (10), after 1 s of warm-up
#   BENCH_IDLERS   idle connections in b and c (10000)
#   BENCH_ROUNDS   rounds of e (3)
#   BENCH_CAPSULED_FLAGS  more capsuled options for a-d, such as
#                  "--write-timeout 90"
#   LOADGEN_FLAGS  more loadgen options
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
nidle=${BENCH_IDLERS:-10000}
extra=${BENCH_CAPSULED_FLAGS:-}
# capsuled's read timeout for a-d, in seconds, and how long the idlers
# may be held: opened, settled, one loaded run, with room to spare.
rto=60
hold=$((rto - 15))
bench="bench-crowd"
# shellcheck source=tools/bench-lib.sh
. "$root/tools/bench-lib.sh"
bench_settings
bench_need "$b/capsuled" "$b/tools/loadgen" "$b/tools/idlers" openssl curl
bench_netns "$@"
eport=$(bench_port 0 1965)
gport=$(bench_port 1 7070)
wport=$(bench_port 2 1966)	# e: --workers 1
bench_tmp
cpid=
ipids=

# The idlers are stopped with the rest on exit.
crowd_cleanup() {
	for p in $ipids; do
		kill "$p" 2>/dev/null || true
	done
	bench_cleanup
}
trap crowd_cleanup EXIT

cp -R "$root/capsule" "$tmp/store"
rm -f "$tmp/store/.lock"
url=gemini://localhost:$eport/articles/$slug
sel=/articles/$slug.txt

# gemfetch PORT URL: the whole response, status line included.
gemfetch() {
	printf '%s\r\n' "$2" | timeout 5 openssl s_client -quiet -connect \
	    "127.0.0.1:$1" -servername localhost 2>/dev/null || true
}

# gophfetch PORT SELECTOR: the whole response.
gophfetch() {
	curl -s --max-time "${3:-5}" "gopher://127.0.0.1:$1/0$2" || true
}

# start NAME LIMIT [OPTION...]: a capsuled on the copy of the store,
# under an open-file limit of LIMIT (soft and hard; "-" leaves the
# limit alone), its pid in $cpid and its log in $tmp/NAME.log; waits
# until it answers Gemini on $eport, or on the --gemini port in the
# options.
start() {
	s_name=$1 s_lim=$2
	shift 2
	set -- "$b/capsuled" --foreground --store "$tmp/store" \
	    --host localhost --cert "$tmp/cert.pem" --key "$tmp/key.pem" \
	    --rate-limit off --max-conns-per-address off "$@"
	if [ "$s_lim" != - ]; then
		if command -v prlimit >/dev/null 2>&1; then
			set -- prlimit --nofile="$s_lim:$s_lim" "$@"
		else
			# shellcheck disable=SC2016
			set -- sh -c 'ulimit -n "$0" && exec "$@"' "$s_lim" "$@"
		fi
	fi
	"$@" >"$tmp/$s_name.log" 2>&1 &
	cpid=$!
	bench_pids="$bench_pids $cpid"
	s_port=$(echo "$*" | sed -n 's/.*--gemini 127\.0\.0\.1:\([0-9]*\).*/\1/p')
	i=0
	while ! gemfetch "$s_port" "gemini://localhost:$s_port/" |
	    head -c 3 | grep -q '^20 '; do
		i=$((i + 1))
		if [ $i -ge 50 ] || ! kill -0 "$cpid" 2>/dev/null; then
			cat "$tmp/$s_name.log" >&2
			echo "$bench: capsuled ($s_name) does not answer" >&2
			exit 1
		fi
		sleep 0.1
	done
}

# stop: the capsuled of $cpid.
stop() {
	kill "$cpid" 2>/dev/null || true
	wait "$cpid" 2>/dev/null || true
	bench_pids=$(echo "$bench_pids" | sed "s/ $cpid\$//; s/ $cpid / /")
	cpid=
}

crowd_flags() {
	# shellcheck disable=SC2086
	set -- --gemini "127.0.0.1:$eport" --gopher "127.0.0.1:$gport" \
	    --read-timeout "$rto" $extra
	echo "$@"
}

rss() {
	awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"
}

nfds() {
	find "/proc/$1/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l
}

# settle PID: waits (up to 20 s) until PID's descriptor count has not
# changed for a second, as the last handshakes of a crowd complete.
settle() {
	st_last=-1 st_same=0 i=0
	while [ $st_same -lt 4 ] && [ $i -lt 80 ]; do
		st_n=$(nfds "$1")
		if [ "$st_n" = "$st_last" ]; then
			st_same=$((st_same + 1))
		else
			st_same=0
		fi
		st_last=$st_n
		sleep 0.25
		i=$((i + 1))
	done
}

# idlers NAME [OPTION...]: tools/idlers in the background, its pid in
# $ipid and its output in $tmp/NAME.idlers; waits until it has opened
# its connections and shows its report.
idlers() {
	i_name=$1
	shift
	"$b/tools/idlers" "$@" >"$tmp/$i_name.idlers" 2>&1 &
	ipid=$!
	ipids="$ipids $ipid"
	while ! grep -q '^OPEN ' "$tmp/$i_name.idlers" 2>/dev/null; do
		if ! kill -0 "$ipid" 2>/dev/null; then
			cat "$tmp/$i_name.idlers" >&2
			echo "$bench: the idlers ($i_name) failed" >&2
			exit 1
		fi
		sleep 0.2
	done
	grep -v -e '^OPEN ' -e '^RESULT ' "$tmp/$i_name.idlers" | sed 's/^/  /'
}

# unidle PID NAME: ends the hold of idlers PID, shows how many were
# still open at its end (none closed by capsuled is the point).
unidle() {
	kill "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
	ipids=$(echo "$ipids" | sed "s/ $1\$//; s/ $1 / /")
	sed -n 's/^held /  held /p' "$tmp/$2.idlers"
}

# crowd PROTO PORT REQ IDLER-OPTION: one of b and c.
crowd() {
	c_proto=$1 c_port=$2 c_req=$3 c_opt=$4
	c_flags=
	[ "$c_proto" = gemini ] || c_flags="-p gopher"
	echo
	echo "$c_proto: $nidle idle $( [ -n "$c_opt" ] && echo TLS ||
	    echo plain) connections on port $c_port"
	settle "$cpid"
	fd0=$(nfds "$cpid")
	rss0=$(rss "$cpid")
	# shellcheck disable=SC2086
	idlers "$c_proto-crowd" $c_opt -n "$nidle" -s "$hold" \
	    "127.0.0.1:$c_port"
	c_ipid=$ipid
	settle "$cpid"
	fd1=$(nfds "$cpid")
	rss1=$(rss "$cpid")
	awk -v f0="$fd0" -v f1="$fd1" -v r0="$rss0" -v r1="$rss1" \
	    -v p="$c_proto" 'BEGIN {
		n = f1 - f0
		printf "  capsuled: %d descriptors held (from %d), VmRSS " \
		    "%d -> %d KiB: %.1f KiB per idle %s connection\n",
		    n, f0, r0, r1, (n > 0 ? (r1 - r0) / n : 0), p
	}' | tee -a "$tmp/memory"
	# shellcheck disable=SC2086
	run "$c_proto-crowd" "$cpid" "$c_port" "$c_req" 1 \
	    "$tmp/crowd.log" $c_flags
	unidle "$c_ipid" "$c_proto-crowd"
	settle "$cpid"
	echo "  after the $c_proto crowd closed: $(nfds "$cpid")" \
	    "descriptors, VmRSS $(rss "$cpid") KiB" | tee -a "$tmp/memory"
	# shellcheck disable=SC2086
	run "$c_proto-alone" "$cpid" "$c_port" "$c_req" 2 \
	    "$tmp/crowd.log" $c_flags
}

echo "crowd: loadgen $conns connections, ${secs} s per run (+1 s" \
    "warm-up), $nidle idle connections, on $where"
echo "article: $url and gopher $sel; $(nproc) CPUs"

# a and b
: >"$tmp/results"
: >"$tmp/memory"
# shellcheck disable=SC2046
start crowd - $(crowd_flags)
sed -n 's/^[^ ]* /  capsuled: /p' "$tmp/crowd.log" | head -n 4
run gemini-alone "$cpid" "$eport" "$url" 1 "$tmp/crowd.log"
run gopher-alone "$cpid" "$gport" "$sel" 1 "$tmp/crowd.log" -p gopher
crowd gemini "$eport" "$url" -t
# c, on a capsuled started afresh
stop
# shellcheck disable=SC2046
start crowd - $(crowd_flags)
crowd gopher "$gport" "$sel" ""
stop
# c2, likewise
# shellcheck disable=SC2046
start crowd - $(crowd_flags)
echo
echo "gemini: $nidle silent connections (no ClientHello) on port $eport"
settle "$cpid"
fd0=$(nfds "$cpid")
rss0=$(rss "$cpid")
idlers gemini-silent -n "$nidle" -s "$hold" "127.0.0.1:$eport"
s_ipid=$ipid
settle "$cpid"
fd1=$(nfds "$cpid")
rss1=$(rss "$cpid")
awk -v f0="$fd0" -v f1="$fd1" -v r0="$rss0" -v r1="$rss1" 'BEGIN {
	n = f1 - f0
	printf "  capsuled: %d descriptors held (from %d), VmRSS " \
	    "%d -> %d KiB: %.1f KiB per silent gemini connection\n",
	    n, f0, r0, r1, (n > 0 ? (r1 - r0) / n : 0)
}' | tee -a "$tmp/memory"
unidle "$s_ipid" gemini-silent
settle "$cpid"
echo "  after the silent crowd closed: $(nfds "$cpid") descriptors," \
    "VmRSS $(rss "$cpid") KiB" | tee -a "$tmp/memory"
stop
echo
echo "runs alone are before and after the crowd; the ratio is against"
echo "their median:"
bench_summary gemini-crowd gemini-alone 0.8 gopher-crowd gopher-alone 0.8
echo
cat "$tmp/memory"

# d
lim=2000
echo
echo "exhaustion: capsuled under an open-file limit of $lim"
# shellcheck disable=SC2046
start exhaust "$lim" $(crowd_flags)
echo "  it logged: $(grep -i -e 'open files' -e 'nofile' \
    -e 'descriptor' "$tmp/exhaust.log" | sed 's/^[^ ]* //' | head -n 3)"
# A client that is in before the limit is hit and asks only once it is.
(sleep 3; printf '%s\r\n' "$url") | timeout 20 openssl s_client -quiet \
    -connect "127.0.0.1:$eport" -servername localhost \
    >"$tmp/held.out" 2>/dev/null &
hpid=$!
sleep 1
idlers exhaust-a -n 1000 -s 120 "127.0.0.1:$gport"
apid=$ipid
idlers exhaust-b -n 2000 -s 120 -T 5 "127.0.0.1:$gport"
bpid=$ipid
echo "  capsuled holds $(nfds "$cpid") descriptors of $lim"
wait "$hpid" || true
echo "  the client that was in before: $(head -c 40 "$tmp/held.out" |
    head -n 1 | tr -d '\r') ($(wc -c <"$tmp/held.out") bytes)"
sleep 1
t0=$(cputicks "$cpid")
sleep 5
t1=$(cputicks "$cpid")
hz=$(getconf CLK_TCK)
alive capsuled "$cpid" "$tmp/exhaust.log"
echo "  alive; CPU over 5 s, out of descriptors and idle:" \
    "$((t1 - t0)) ticks ($(( (t1 - t0) * 1000 / hz )) ms)"
n=$(gophfetch "$gport" "$sel" 3 | wc -c)
echo "  a new gopher client meanwhile: $n bytes in 3 s"
unidle "$bpid" exhaust-b >/dev/null
sleep 1
n=$(gophfetch "$gport" "$sel" | wc -c)
st=$(gemfetch "$eport" "$url" | head -n 1 | tr -d '\r')
alive capsuled "$cpid" "$tmp/exhaust.log"
echo "  2000 idlers closed, 1000 still held: $(nfds "$cpid")" \
    "descriptors; gopher $n bytes, gemini \"$st\""
unidle "$apid" exhaust-a >/dev/null
stop

# e
echo
echo "workers: capsuled --workers 1 against its default," \
    "$rounds round(s), alternating"
start workers-1 - --gemini "127.0.0.1:$wport" --gopher off --workers 1
w1pid=$cpid
start workers-default - --gemini "127.0.0.1:$eport" --gopher off
wdpid=$cpid
for f in workers-1 workers-default; do
	echo "  capsuled ($f): $(grep -o '[0-9]* workers\{0,1\}$' \
	    "$tmp/$f.log")"
done
wurl1=gemini://localhost:$wport/articles/$slug
: >"$tmp/results"
r=1
while [ $r -le "$rounds" ]; do
	if [ $((r % 2)) -eq 1 ]; then
		run capsuled-1-worker "$w1pid" "$wport" "$wurl1" $r \
		    "$tmp/workers-1.log"
		run capsuled-default "$wdpid" "$eport" "$url" $r \
		    "$tmp/workers-default.log"
	else
		run capsuled-default "$wdpid" "$eport" "$url" $r \
		    "$tmp/workers-default.log"
		run capsuled-1-worker "$w1pid" "$wport" "$wurl1" $r \
		    "$tmp/workers-1.log"
	fi
	r=$((r + 1))
done
bench_summary capsuled-default capsuled-1-worker 1.0
