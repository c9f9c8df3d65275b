#!/bin/sh
# Gemini benchmark: capsuled against molly-brown (the Debian package) and
# against tools/ceiling, the least work a server can do per request, all
# serving the same article bytes on loopback, driven in turn by
# tools/loadgen (closed loop, a full TLS handshake per request).  Prints
# requests/s, p99 latency and the servers' own CPU per request for each
# run, then the medians and the ratios capsuled / molly-brown and
# capsuled / ceiling.  Figures, never pass/fail: the issue's targets are
# ratios of at least 1.15 and 0.9 with no failed request.
#
# The ceiling (see tools/ceiling.c) accepts, does the handshake with
# capsuled's certificate and OpenSSL settings, reads the request line,
# writes from memory the exact bytes capsuled sends for the article,
# status line included, sends close_notify and closes; it runs as many
# threads as capsuled has workers.
#
# Then the same three again with loadgen -R, a client that resumes the
# session of its previous connection (TLS 1.3 tickets): the resumed rates
# beside the full-handshake ones, and the part of the handshakes that
# were really resumed.
#
# Both servers and the generator run in a private network namespace when
# one can be made (unshare -n, as root only), so no
# other traffic shares their loopback and the ports are always free; on
# the host's loopback otherwise, which the output says.
#
# Settings, from the environment:
#   BUILD          build directory (build)
#   BENCH_ARTICLE  slug of the article served
#                  (harbour-street-mesh-network-reaches-200-nodes)
#   BENCH_CONNS    concurrent connections (32)
#   BENCH_SECS     measured seconds per run (10), after 1 s of warm-up
#   BENCH_ROUNDS   rounds (3); each runs capsuled, molly-brown and the
#                  ceiling, then the three resuming, so a burst of noise
#                  on the machine hits them alike
#   BENCH_RESUME   0 to leave out the resumed runs (1)
#   BENCH_WORKERS  capsuled --workers, and the ceiling's threads (2)
#   LOADGEN_FLAGS  more loadgen options, such as -s
#   MOLLY_BROWN    the molly-brown program (molly-brown, from $PATH)
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
resume=${BENCH_RESUME:-1}
bench="bench-gemini"
# shellcheck source=tools/bench-lib.sh
. "$root/tools/bench-lib.sh"
bench_settings
bench_need "$b/capsuled" "$b/tools/loadgen"
bench_netns "$@"
cport=$(bench_port 0 1965)
mport=$(bench_port 1 1966)
eport=$(bench_port 2 1967)
bench_tmp
cpid=
mpid=

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

# The store is a copy: the benchmark must not leave anything in capsule/.
cp -R "$root/capsule" "$tmp/store"
rm -f "$tmp/store/.lock"
# Gemini only: a Gopher listener would idle here, or on the host's
# loopback find its port taken.
"$b/capsuled" --foreground --store "$tmp/store" --host localhost \
    --gemini "127.0.0.1:$cport" --gopher off --cert "$tmp/cert.pem" \
    --key "$tmp/key.pem" --workers "$workers" --rate-limit off \
    >"$tmp/capsuled.log" 2>&1 &
cpid=$!
bench_pids="$bench_pids $cpid"
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
	bench_pids="$bench_pids $mpid"
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

# The ceiling answers every request with capsuled's whole response,
# status line included, under the same certificate.
fetch "$cport" "$url_c" >"$tmp/ceiling.gmi"
bench_ceiling gemini "$eport" "$tmp/ceiling.gmi" "$tmp/cert.pem" \
    "$tmp/key.pem"
if [ -n "$ceilpid" ]; then
	url_e="gemini://localhost:$eport/articles/$slug"
	if ! ready "$eport" "$url_e"; then
		cat "$tmp/ceiling.log" >&2
		echo "bench-gemini: the ceiling does not answer" >&2
		exit 1
	fi
	if ! fetch "$eport" "$url_e" | cmp -s - "$tmp/ceiling.gmi"; then
		echo "bench-gemini: the ceiling's response differs" >&2
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
	[ -z "$ceilpid" ] || run ceiling "$ceilpid" "$eport" "$url_e" $r \
	    "$tmp/ceiling.log"
	if [ "$resume" != 0 ]; then
		run capsuled-resumed "$cpid" "$cport" "$url_c" $r \
		    "$tmp/capsuled.log" -R
		[ -z "$mpid" ] || run molly-brown-resumed "$mpid" "$mport" \
		    "$url_m" $r "$tmp/molly/error.log" -R
		[ -z "$ceilpid" ] || run ceiling-resumed "$ceilpid" "$eport" \
		    "$url_e" $r "$tmp/ceiling.log" -R
	fi
	r=$((r + 1))
done

bench_summary capsuled molly-brown 1.15 capsuled ceiling 0.9 \
    capsuled-resumed capsuled - capsuled-resumed molly-brown-resumed - \
    capsuled-resumed ceiling-resumed -
