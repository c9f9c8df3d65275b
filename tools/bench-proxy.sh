#!/bin/sh
# PROXY protocol benchmark: one capsuled reached directly and through
# HAProxy (doc/haproxy.cfg, one node, send-proxy-v2 to capsuled's PROXY
# listeners), Gemini and Gopher, driven in turn by tools/loadgen (closed
# loop, a new connection per request).  Prints requests/s, p99 and
# capsuled's CPU per request for each run, the medians, and HAProxy's
# own CPU per request.  The PROXY header's cost to capsuled is the
# difference between its CPU per request through HAProxy (a header read
# and checked before anything else) and directly.  Figures, never
# pass/fail.
#
# Settings, from the environment (see tools/bench-lib.sh): BUILD,
# BENCH_ARTICLE, BENCH_CONNS (32), BENCH_SECS (10), BENCH_ROUNDS (3),
# BENCH_WORKERS (2), LOADGEN_FLAGS.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
bench="bench-proxy"
# shellcheck source=tools/bench-lib.sh
. "$root/tools/bench-lib.sh"
bench_settings
bench_need "$b/capsuled" "$b/tools/loadgen" haproxy
bench_netns "$@"
gport=$(bench_port 0 1965)	# capsuled direct
oport=$(bench_port 1 7070)
pgport=$(bench_port 2 1966)	# capsuled's PROXY listeners
poport=$(bench_port 3 7071)
hgport=$(bench_port 4 2965)	# HAProxy's front
hoport=$(bench_port 5 2070)
bench_tmp

cp -R "$root/capsule" "$tmp/store"
rm -f "$tmp/store/.lock"
"$b/capsuled" --foreground --store "$tmp/store" --host localhost \
    --gemini "127.0.0.1:$gport" --gopher "127.0.0.1:$oport" \
    --gemini-proxy "127.0.0.1:$pgport" --gopher-proxy "127.0.0.1:$poport" \
    --cert "$tmp/cert.pem" --key "$tmp/key.pem" --workers "$workers" \
    --rate-limit off --max-conns-per-address off \
    >"$tmp/capsuled.log" 2>&1 &
cpid=$!
bench_pids="$bench_pids $cpid"

# doc/haproxy.cfg with one node, this machine's ports, and (unless
# root) no user to switch to.
sed -e "/# @test/s/\*:1965/127.0.0.1:$hgport/" \
    -e "/# @test/s/\*:70/127.0.0.1:$hoport/" \
    -e "/# @test/s/10\.0\.0\.11:1966/127.0.0.1:$pgport/" \
    -e "/# @test/s/10\.0\.0\.11:7071/127.0.0.1:$poport/" \
    -e '/server node[23] /d' "$root/doc/haproxy.cfg" >"$tmp/haproxy.cfg"
[ "$(id -u)" = 0 ] || sed -i -e '/^\tuser /d' -e '/^\tgroup /d' \
    "$tmp/haproxy.cfg"
haproxy -db -f "$tmp/haproxy.cfg" >"$tmp/haproxy.log" 2>&1 &
hpid=$!
bench_pids="$bench_pids $hpid"

# No port in the URI: the default one, which capsuled takes whichever
# port the request came in on, directly or through HAProxy.
req="gemini://localhost/articles/$slug"
sel=/articles/$slug.txt
i=0
while ! curl -s --max-time 2 "gopher://127.0.0.1:$hoport/0$sel" |
    grep -q .; do
	i=$((i + 1))
	if [ $i -gt 50 ]; then
		tail -n 5 "$tmp/capsuled.log" "$tmp/haproxy.log" >&2
		echo "$bench: nothing served through haproxy" >&2
		exit 1
	fi
	sleep 0.1
done
expect=$(curl -s --max-time 5 "gopher://127.0.0.1:$oport/0$sel" |
    head -n 1 | tr -d '\r' | head -c 60)

# hcpu NAME ROUND H0 H1: HAProxy's CPU per request over the run, from
# its clock ticks before and after, into $tmp/haproxy-cpu.
hcpu() {
	d=$(sed -n 's/^RESULT .* done=\([0-9]*\).*/\1/p' "$tmp/$1-$2.out")
	echo "$1 $(awk -v t=$(($4 - $3)) -v d="$d" -v hz="$(getconf CLK_TCK)" \
	    'BEGIN { printf "%.3f", (d > 0 ? t * 1000 / hz / d : 0) }')" \
	    >>"$tmp/haproxy-cpu"
}

echo "proxy: $conns connections, ${secs} s per run (+1 s warm-up)," \
    "$rounds round(s), on $where; capsuled --workers $workers," \
    "haproxy $(haproxy -v | head -n 1 | cut -d ' ' -f 3)"
: >"$tmp/results"
: >"$tmp/haproxy-cpu"
r=1
while [ "$r" -le "$rounds" ]; do
	run gemini-direct "$cpid" "$gport" "$req" "$r" "$tmp/capsuled.log"
	h0=$(cputicks "$hpid")
	run gemini-haproxy "$cpid" "$hgport" "$req" "$r" "$tmp/capsuled.log"
	hcpu gemini-haproxy "$r" "$h0" "$(cputicks "$hpid")"
	run gopher-direct "$cpid" "$oport" "$sel" "$r" "$tmp/capsuled.log" \
	    -p gopher -e "$expect"
	h0=$(cputicks "$hpid")
	run gopher-haproxy "$cpid" "$hoport" "$sel" "$r" "$tmp/capsuled.log" \
	    -p gopher -e "$expect"
	hcpu gopher-haproxy "$r" "$h0" "$(cputicks "$hpid")"
	r=$((r + 1))
done

bench_summary gemini-haproxy gemini-direct - gopher-haproxy gopher-direct -
echo
echo "capsuled's CPU/req above; HAProxy's own CPU per request (median):"
sort "$tmp/haproxy-cpu" | awk '
	{ v[$1] = v[$1] " " $2; n[$1]++ }
	END {
		for (k in v) {
			m = split(substr(v[k], 2), a, " ")
			for (i = 2; i <= m; i++)
				for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) {
					t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
				}
			med = m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
			printf "  %-19s %.3f ms\n", k, med
		}
	}'
