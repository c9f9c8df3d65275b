#!/bin/sh
# Gemini benchmark: capsuled against molly-brown (the Debian package),
# both serving the same article bytes on loopback, driven in turn by
# tools/loadgen (closed loop, a full TLS handshake per request).  Prints
# requests/s, p99 latency and the servers' own CPU per request for each
# run, then the medians and the ratio capsuled / molly-brown.  Figures,
# never pass/fail: the issue's target is a ratio of at least 1.15 with no
# failed request.
#
# Both servers and the generator run in a private network namespace when
# one can be made (unshare -n as root, unshare -rn otherwise), so no
# other traffic shares their loopback and the ports are always free; on
# the host's loopback otherwise, which the output says.
#
# Settings, from the environment:
#   BUILD          build directory (build)
#   BENCH_ARTICLE  slug of the article served
#                  (harbour-street-mesh-network-reaches-200-nodes)
#   BENCH_CONNS    concurrent connections (32)
#   BENCH_SECS     measured seconds per run (10), after 1 s of warm-up
#   BENCH_ROUNDS   rounds (3); each runs capsuled, then molly-brown, so a
#                  burst of noise on the machine hits both alike
#   BENCH_WORKERS  capsuled --workers (2)
#   LOADGEN_FLAGS  more loadgen options, such as -s
#   MOLLY_BROWN    the molly-brown program (molly-brown, from $PATH)
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
b=${BUILD:-build}
case $b in
/*) ;;
*) b=$root/$b ;;
esac
slug=${BENCH_ARTICLE:-harbour-street-mesh-network-reaches-200-nodes}
conns=${BENCH_CONNS:-32}
secs=${BENCH_SECS:-10}
rounds=${BENCH_ROUNDS:-3}
workers=${BENCH_WORKERS:-2}

for f in "$b/capsuled" "$b/tools/loadgen"; do
	if [ ! -x "$f" ]; then
		echo "bench-gemini: $f is missing: run 'make bench'" >&2
		exit 1
	fi
done

# Re-run this script inside a new network namespace, once.  The probe
# also brings lo up there, since without that nothing could listen.
if [ -z "${CAPSULE_BENCH_NETNS:-}" ]; then
	for u in "unshare -n" "unshare -rn"; do
		if $u sh -c 'ip link set lo up' >/dev/null 2>&1; then
			CAPSULE_BENCH_NETNS=private
			export CAPSULE_BENCH_NETNS
			exec $u -- sh "$0" "$@"
		fi
	done
	CAPSULE_BENCH_NETNS=host
fi
if [ "$CAPSULE_BENCH_NETNS" = private ]; then
	ip link set lo up
	where="a private network namespace"
	cport=1965
	mport=1966
else
	where="the HOST loopback (no private network namespace could be made)"
	cport=$((20000 + $$ % 20000))
	mport=$((cport + 1))
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/capsule-bench.XXXXXX")
cpid=
mpid=
lpid=
cleanup() {
	for p in $lpid $cpid $mpid; do
		kill "$p" 2>/dev/null || true
	done
	for p in $lpid $cpid $mpid; do
		wait "$p" 2>/dev/null || true
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# fetch PORT URL: the whole response, status line included.
fetch() {
	printf '%s\r\n' "$2" | openssl s_client -quiet -connect \
	    "127.0.0.1:$1" -servername localhost 2>/dev/null || true
}

# ready PORT URL: waits up to 5 s for a 20 answer.
ready() {
	i=0
	while [ $i -lt 50 ]; do
		if fetch "$1" "$2" | head -c 3 | grep -q '^20 '; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# cputicks PID: user plus system time of every thread, in clock ticks.
cputicks() {
	awk '{ print $14 + $15 }' "/proc/$1/stat"
}

# alive NAME PID LOG: a server that died mid-run ends the benchmark.
alive() {
	if ! kill -0 "$2" 2>/dev/null; then
		tail -n 20 "$3" >&2 || true
		wait "$2" || echo "bench-gemini: $1 exited with status $?" >&2
		exit 1
	fi
}

# run NAME PID PORT URL ROUND LOG: one load generator run; appends a line
# "NAME ROUND rps p50 p99 ok fail server-ms-per-request" to $tmp/results.
run() {
	out=$tmp/$1-$5.out
	alive "$1" "$2" "$6"
	t0=$(cputicks "$2")
	# In the background, so that a signal to the script is acted on at
	# once rather than when the run ends.  LOADGEN_FLAGS is split on
	# purpose.
	# shellcheck disable=SC2086
	"$b/tools/loadgen" ${LOADGEN_FLAGS:-} -c "$conns" -d "$secs" -n "$1" \
	    -r "$4" "127.0.0.1:$3" >"$out" 2>&1 &
	lpid=$!
	wait "$lpid" || true
	lpid=
	alive "$1" "$2" "$6"
	t1=$(cputicks "$2")
	if ! grep -q '^RESULT ' "$out"; then
		cat "$out" >&2
		echo "bench-gemini: loadgen failed against $1" >&2
		exit 1
	fi
	grep '^  first .* failure' "$out" >&2 || true
	awk -v r="$5" -v t=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" '
	/^RESULT / {
		for (i = 2; i <= NF; i++) {
			split($i, kv, "=")
			v[kv[1]] = kv[2]
		}
		ms = v["done"] > 0 ? t * 1000 / hz / v["done"] : 0
		printf "%s %d %s %s %s %s %s %.3f\n", v["name"], r, v["rps"],
		    v["p50_ms"], v["p99_ms"], v["ok"], v["fail"], ms
	}' "$out" >>"$tmp/results"
}

# The store is a copy: the benchmark must not leave anything in capsule/.
cp -R "$root/capsule" "$tmp/store"
rm -f "$tmp/store/.lock"
# Gemini only: a Gopher listener would idle here, or on the host's
# loopback find its port taken.
nogopher=
if "$b/capsuled" --help 2>&1 | grep -q -e '--gopher '; then
	nogopher="--gopher off"
fi
# shellcheck disable=SC2086
"$b/capsuled" --foreground --store "$tmp/store" --host localhost \
    --gemini "127.0.0.1:$cport" $nogopher --cert "$tmp/cert.pem" \
    --key "$tmp/key.pem" --workers "$workers" >"$tmp/capsuled.log" 2>&1 &
cpid=$!
url_c="gemini://localhost:$cport/articles/$slug"
if ! ready "$cport" "$url_c"; then
	cat "$tmp/capsuled.log" >&2
	echo "bench-gemini: capsuled does not answer $url_c" >&2
	exit 1
fi

# molly-brown serves the body capsuled sends, byte for byte, under the
# certificate and key capsuled made, so that both handshakes and both
# bodies are the same; only the status lines differ
# ("20 text/gemini; charset=utf-8; lang=en" and "20 text/gemini; lang=en").
mb=$(command -v "${MOLLY_BROWN:-molly-brown}" || true)
if [ -z "$mb" ]; then
	echo "bench-gemini: molly-brown is not installed; to compare, run" \
	    "(as root): apt-get install -y molly-brown" >&2
	echo "bench-gemini: measuring capsuled alone" >&2
else
	mkdir -p "$tmp/molly/docs/articles"
	fetch "$cport" "$url_c" | tail -n +2 \
	    >"$tmp/molly/docs/articles/$slug.gmi"
	cat >"$tmp/molly/molly.conf" <<EOF
Port = $mport
Hostname = "localhost"
CertPath = "$tmp/cert.pem"
KeyPath = "$tmp/key.pem"
DocBase = "$tmp/molly/docs"
DefaultLang = "en"
AccessLog = "$tmp/molly/access.log"
ErrorLog = "$tmp/molly/error.log"
EOF
	"$mb" -c "$tmp/molly/molly.conf" >"$tmp/molly/stderr" 2>&1 &
	mpid=$!
	url_m="gemini://localhost:$mport/articles/$slug.gmi"
	if ! ready "$mport" "$url_m"; then
		cat "$tmp/molly/stderr" "$tmp/molly/error.log" >&2 || true
		echo "bench-gemini: molly-brown does not answer $url_m" >&2
		exit 1
	fi
	if ! fetch "$mport" "$url_m" | tail -n +2 |
	    cmp -s - "$tmp/molly/docs/articles/$slug.gmi"; then
		echo "bench-gemini: the two bodies differ" >&2
		exit 1
	fi
fi

bytes=$(fetch "$cport" "$url_c" | tail -n +2 | wc -c)
echo "gemini: $conns connections, ${secs} s per run (+1 s warm-up)," \
    "$rounds round(s), on $where"
echo "article: /articles/$slug, $bytes body bytes; capsuled" \
    "--workers $workers"
: >"$tmp/results"
r=1
while [ $r -le "$rounds" ]; do
	run capsuled "$cpid" "$cport" "$url_c" $r "$tmp/capsuled.log"
	[ -z "$mpid" ] || run molly-brown "$mpid" "$mport" "$url_m" $r \
	    "$tmp/molly/error.log"
	r=$((r + 1))
done

awk '
function median(name, col,   n, i, j, t, a) {
	n = 0
	for (i = 1; i <= nr; i++)
		if (f[i, 1] == name)
			a[++n] = f[i, col] + 0
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
			t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
		}
	if (n == 0)
		return 0
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{
	nr++
	for (i = 1; i <= NF; i++)
		f[nr, i] = $i
	fails[$1] += $7
}
END {
	printf "\n%-12s %5s %9s %8s %8s %8s %5s %14s\n", "server", "round",
	    "req/s", "p50 ms", "p99 ms", "ok", "fail", "server CPU/req"
	for (i = 1; i <= nr; i++)
		printf "%-12s %5d %9.1f %8.2f %8.2f %8d %5d %11.3f ms\n",
		    f[i, 1], f[i, 2], f[i, 3], f[i, 4], f[i, 5], f[i, 6],
		    f[i, 7], f[i, 8]
	printf "\nmedians:\n"
	split("capsuled molly-brown", names, " ")
	for (k = 1; k <= 2; k++) {
		s = names[k]
		if (!(s in fails))
			continue
		fmt = "  %-12s %9.1f req/s   p99 %7.2f ms   %.3f ms CPU/req"
		printf fmt "   %d failed\n", s, median(s, 3), median(s, 5),
		    median(s, 8), fails[s]
	}
	if (!("molly-brown" in fails) || median("molly-brown", 3) == 0)
		exit
	fmt = "ratio capsuled / molly-brown: %.2fx requests/s"
	fmt = fmt " (target 1.15x, no failures);"
	fmt = fmt " molly-brown spends %.2fx the server CPU per request\n"
	c = median("capsuled", 8)
	cpu = c > 0 ? median("molly-brown", 8) / c : 0
	printf fmt, median("capsuled", 3) / median("molly-brown", 3), cpu
}' "$tmp/results"
