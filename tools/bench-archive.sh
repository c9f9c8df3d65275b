#!/bin/sh
# Large archives: capsuled on synthetic stores of 1,000, 10,000 and
# 100,000 articles (tools/genstore, made once and kept in build/bench/).
# For each size: start-up (time to serve pages and time to answer
# searches, from capsuled's own log line), resident memory, requests/s
# on the front page, a tag page, an article and a search (full
# handshakes, $conns connections), the median time a lone reader waits
# for a search (handshake included), and the time to reload after one
# article changes.  Then, on the 10,000-article store, the request rate while the
# store reloads without pause (each change made as soon as the previous
# reload is searchable) against the rate with no reload, in alternating
# rounds.  Figures, not a pass/fail test.
#
#   BENCH_SIZES="1000 10000 100000"  BENCH_SECS=5  BENCH_ROUNDS=3
#   BENCH_RELOAD_SIZE=10000 (empty: no reload-under-load part)
set -eu
bench=bench-archive
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/tools/bench-lib.sh"
bench_settings
secs=${BENCH_SECS:-5}
sizes=${BENCH_SIZES:-1000 10000 100000}
reload_size=${BENCH_RELOAD_SIZE-10000}
bench_need "$b/capsuled" "$b/capsulectl" "$b/tools/genstore" \
    "$b/tools/loadgen"
bench_netns "$@"
bench_tmp
k=0

# field NAME LOGLINE: the number after "NAME " in a capsuled log line.
field() {
	sed -n "s/.*$1 \([0-9][0-9]*\) ms.*/\1/p" | tail -n 1
}

# wait_log PATTERN COUNT: until capsuled's log holds COUNT lines matching
# PATTERN (a reload is done when its "store reloaded" line appears).
wait_log() {
	i=0
	while [ "$(grep -c "$1" "$log" || true)" -lt "$2" ]; do
		alive capsuled "$cpid" "$log"
		i=$((i + 1))
		if [ "$i" -gt 6000 ]; then
			echo "$bench: no '$1' in $log after 10 minutes" >&2
			exit 1
		fi
		sleep 0.1
	done
}

# change: one article gains or loses a tag, through capsulectl as a
# publisher would; the store ends as it began after an even number.
nchanges=0
change() {
	nchanges=$((nchanges + 1))
	if [ $((nchanges % 2)) -eq 1 ]; then
		t=+bench-reload
	else
		t=-bench-reload
	fi
	"$b/capsulectl" --store "$store" tag "$slug" "$t" >/dev/null
}

# load NAME REQUEST: one loadgen run; its RESULT line into $tmp/load.
load() {
	"$b/tools/loadgen" -c "$conns" -d "$secs" -n "$1" \
	    -r "gemini://localhost:$port$2" "127.0.0.1:$port" \
	    >"$tmp/load.out" 2>&1 || true
	if ! grep -q '^RESULT ' "$tmp/load.out"; then
		cat "$tmp/load.out" >&2
		echo "$bench: loadgen failed on $2" >&2
		exit 1
	fi
	grep '^RESULT ' "$tmp/load.out" >>"$tmp/load"
}

# kv KEY: the value of KEY= in the last RESULT line.
kv() {
	tail -n 1 "$tmp/load" | tr ' ' '\n' | sed -n "s/^$1=//p"
}

# median: of the numbers on standard input, one a line.
median() {
	sort -n | awk '{ a[NR] = $1 }
	END { if (NR == 0) print "-"; else if (NR % 2) print a[(NR + 1) / 2];
	    else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

rss_mib() {
	awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$cpid/status"
}

echo "capsuled on large stores, in $where; $conns connections, ${secs} s" \
    "per figure, full TLS handshakes"
printf "\n%8s %9s %10s %7s %9s %9s %9s %9s %10s %9s %10s\n" articles \
    "serve s" "search s" "RSS MiB" "front/s" "tag/s" "article/s" \
    "search/s" "search ms" "reload s" "+index s"
for n in $sizes; do
	store=$b/bench/store-$n
	if [ ! -f "$store/capsule.conf" ]; then
		echo "generating $store" >&2
		rm -rf "$store"
		mkdir -p "$b/bench"
		"$b/tools/genstore" "$store" "$n" >/dev/null
	fi
	# A port per size: the reload part's capsuled stays up meanwhile.
	port=$(bench_port "$k" $((1965 + k)))
	k=$((k + 1))
	log=$tmp/capsuled-$n.log
	# Made here: the background shell may open it after wait_log looks.
	: >"$log"
	"$b/capsuled" --foreground --store "$store" --host localhost \
	    --gemini "127.0.0.1:$port" --gopher off --cert "$tmp/c.pem" \
	    --key "$tmp/k.pem" --workers "$workers" --rate-limit off \
	    >>"$log" 2>&1 &
	cpid=$!
	bench_pids="$bench_pids $cpid"
	wait_log "searchable after" 1
	line=$(grep "searchable after" "$log")
	serve=$(echo "$line" | field "in service after")
	search=$(echo "$line" | field "searchable after")
	slug=$("$b/capsulectl" --store "$store" list | awk 'NR == 1 { print $3 }')
	tag=$(sed -n 's/^Tags: \([^,]*\).*/\1/p' \
	    "$store/articles/$slug.gmi" | head -n 1)
	: >"$tmp/load"
	load front /
	front=$(kv rps)
	load tag "/tags/$tag/"
	tagr=$(kv rps)
	load article "/articles/$slug"
	art=$(kv rps)
	load search "/search?lumket"
	srch=$(kv rps)
	rss=$(rss_mib)
	# A search's answer time as one reader sees it: one connection at a
	# time, handshake included, median over the run.
	c=$conns
	conns=1
	load search1 "/search?lumket"
	conns=$c
	sms=$(kv p50_ms)
	# Reload after one change, three times: in service, then searchable.
	: >"$tmp/reloads"
	for i in 1 2 3; do
		before=$(grep -c "store reloaded" "$log" || true)
		change
		wait_log "store reloaded" $((before + 1))
		grep "store reloaded" "$log" | tail -n 1 >>"$tmp/reloads"
	done
	rl=$(sed -n 's/.*in service after \([0-9]*\) ms.*/\1/p' \
	    "$tmp/reloads" | median)
	ri=$(sed -n 's/.*searchable after \([0-9]*\) ms.*/\1/p' \
	    "$tmp/reloads" | median)
	printf "%8d %9.2f %10.2f %7s %9.0f %9.0f %9.0f %9.0f %10s %9.2f %10.2f\n" \
	    "$n" "$(echo "$serve" | awk '{ print $1 / 1000 }')" \
	    "$(echo "$search" | awk '{ print $1 / 1000 }')" "$rss" "$front" \
	    "$tagr" "$art" "$srch" "$sms" \
	    "$(echo "$rl" | awk '{ print $1 / 1000 }')" \
	    "$(echo "$ri" | awk '{ print $1 / 1000 }')"
	if grep -q 'fail=[1-9]' "$tmp/load"; then
		echo "  failures:" >&2
		grep 'fail=[1-9]' "$tmp/load" >&2
	fi
	[ $((nchanges % 2)) -eq 0 ] || change
	if [ "$n" = "$reload_size" ]; then
		reload_store=$store reload_log=$log reload_pid=$cpid
		reload_slug=$slug reload_port=$port
	else
		kill "$cpid"
		wait "$cpid" || true
	fi
done

[ -n "${reload_pid:-}" ] || exit 0
store=$reload_store log=$reload_log cpid=$reload_pid slug=$reload_slug
port=$reload_port
echo
echo "front page requests/s on $reload_size articles, with and without" \
    "reloads running back to back (${secs} s a round):"
: >"$tmp/load"
for r in $(seq 1 "$rounds"); do
	load quiet /
	before=$(grep -c "store reloaded" "$log" || true)
	# Each change as soon as the previous reload is searchable, for as
	# long as the round runs: the worst a publisher can do.
	(
		k=$before
		while :; do
			change
			k=$((k + 1))
			wait_log "store reloaded" "$k"
		done
	) >/dev/null 2>&1 &
	chpid=$!
	load reloading /
	kill "$chpid" 2>/dev/null || true
	wait "$chpid" 2>/dev/null || true
	after=$(grep -c "store reloaded" "$log" || true)
	# How long those reloads took while readers had the cores.
	took=$(grep "store reloaded" "$log" | tail -n $((after - before)) |
	    sed -n 's/.*searchable after \([0-9]*\) ms.*/\1/p' | median)
	echo "  round $r: quiet $(grep '^RESULT name=quiet' "$tmp/load" |
	    tail -n 1 | sed 's/.* rps=\([0-9.]*\).*/\1/') req/s," \
	    "reloading $(kv rps) req/s during $((after - before)) reloads" \
	    "(each searchable after $took ms at the median)"
	# The store back as it was: an even number of changes.
	nchanges=$("$b/capsulectl" --store "$store" show "$slug" |
	    grep -c 'bench-reload' || true)
	if [ "$nchanges" -ne 0 ]; then
		nchanges=1
		change
	fi
done
q=$(grep '^RESULT name=quiet' "$tmp/load" | sed 's/.* rps=\([0-9.]*\).*/\1/' |
    median)
l=$(grep '^RESULT name=reloading' "$tmp/load" |
    sed 's/.* rps=\([0-9.]*\).*/\1/' | median)
f=$(grep -c 'fail=[1-9]' "$tmp/load" || true)
awk -v q="$q" -v l="$l" -v f="$f" 'BEGIN {
	printf "ratio reloading / quiet: %.2fx requests/s (target >= 0.80),", l / q
	printf " %d runs with failures\n", f
}'
