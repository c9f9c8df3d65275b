#!/bin/sh
# Gopher benchmark: capsuled against gophernicus (the Debian package) and
# against tools/ceiling, the least work a server can do per request, all
# serving the same article text, byte for byte, on loopback, driven in
# turn by tools/loadgen in gopher mode (closed loop, a new TCP connection
# per request, read until the server closes).  Prints requests/s, p99
# latency and the servers' own CPU per request for each run, then the
# medians and the ratios capsuled / gophernicus and capsuled / ceiling.
# Figures, never pass/fail: the issue's targets are ratios of at least
# 100 and 0.8 with no failed request.
#
# The ceiling (see tools/ceiling.c) accepts, reads the selector line,
# writes from memory capsuled's response to it, "." line included, and
# closes; it runs as many threads as capsuled has workers.
#
# gophernicus is an inetd-style server: one process per connection, on
# the connection as standard input and output.  Here socat is the
# launcher, as inetd or systemd's Accept=yes socket would be:
#   socat TCP-LISTEN:PORT,fork EXEC:"gophernicus ...",nofork
# nofork makes each forked socat child exec gophernicus itself on the
# accepted socket, so no socat relays the bytes and gophernicus sees the
# real client address, as under inetd.  Its listen backlog is systemd's
# (4096) rather than socat's 5, which would drop SYNs.
#
# The CPU counted for gophernicus is that of the whole tree under socat:
# socat itself, the children it has already waited for (its cutime and
# cstime in /proc/PID/stat, which take in their own waited-for children)
# and the children still running (see cputicks in tools/bench-lib.sh).
# So it includes the fork, the exec and whatever gophernicus starts: on
# Debian it runs /usr/bin/lsb_release, a shell script, for its platform
# string on every request.
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
#   BENCH_ROUNDS   rounds (3); each runs capsuled, gophernicus and the
#                  ceiling, so a burst of noise on the machine hits them
#                  alike
#   BENCH_WORKERS  capsuled --workers, and the ceiling's threads (2)
#   LOADGEN_FLAGS  more loadgen options
#   GOPHERNICUS    the gophernicus program (gophernicus from $PATH, else
#                  /usr/sbin/gophernicus)
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
bench="bench-gopher"
# shellcheck source=tools/bench-lib.sh
. "$root/tools/bench-lib.sh"
bench_settings
bench_need "$b/capsuled" "$b/tools/loadgen" curl
bench_netns "$@"
eport=$(bench_port 0 1965)	# capsuled's Gemini side, idle
cport=$(bench_port 1 7070)
gport=$(bench_port 2 7071)
xport=$(bench_port 3 7072)
bench_tmp
cpid=
gpid=

# fetch PORT SELECTOR: the whole response, the final "." line included.
fetch() {
	curl -s --max-time 5 "gopher://127.0.0.1:$1/0$2" || true
}

# ready PORT SELECTOR: waits up to 5 s for a response that is not empty.
ready() {
	i=0
	while [ $i -lt 50 ]; do
		if [ -n "$(fetch "$1" "$2" | head -c 1)" ]; then
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
"$b/capsuled" --foreground --store "$tmp/store" --host localhost \
    --gemini "127.0.0.1:$eport" --gopher "127.0.0.1:$cport" \
    --cert "$tmp/cert.pem" --key "$tmp/key.pem" --workers "$workers" \
    --rate-limit off >"$tmp/capsuled.log" 2>&1 &
cpid=$!
bench_pids="$bench_pids $cpid"
sel=/articles/$slug.txt
if ! ready "$cport" "$sel"; then
	cat "$tmp/capsuled.log" >&2
	echo "$bench: capsuled does not answer gopher $sel" >&2
	exit 1
fi
fetch "$cport" "$sel" >"$tmp/article.txt"
# An OK response must start with the article's first line (loadgen keeps
# at most 63 bytes of it), so that an error or another page is a failure.
expect=$(head -n 1 "$tmp/article.txt" | tr -d '\r' | head -c 60)
tab=$(printf '\t')
case $expect in
"" | *"$tab"*)
	head -n 3 "$tmp/article.txt" >&2
	echo "$bench: capsuled does not serve the text of $slug" >&2
	exit 1
	;;
esac

# gophernicus serves the file as it is (no header, no "." line added or
# taken away), so it gets capsuled's response, "." line and CRLF
# included, at the same selector; the two responses are compared below.
# -nm: no shared memory, so no per-client session tracking or throttling
# (4096 hits, then delays); -ns: no syslog, the access log (-l) as for
# capsuled; -nv -nu -nx: no virtual hosts, ~user spaces or executable
# maps.  It refuses to run as root unless told -nr; as root (or root in
# a user namespace) the benchmark passes that.
gn=${GOPHERNICUS:-}
[ -n "$gn" ] || gn=$(command -v gophernicus || true)
[ -n "$gn" ] || [ ! -x /usr/sbin/gophernicus ] || gn=/usr/sbin/gophernicus
gnlog=$tmp/gophernicus/access.log
if [ -z "$gn" ] || ! command -v socat >/dev/null 2>&1; then
	echo "$bench: gophernicus or socat is not installed; to compare," \
	    "run (as root): apt-get install -y gophernicus socat" >&2
	echo "$bench: measuring capsuled alone" >&2
	gn=
else
	mkdir -p "$tmp/gophernicus/root/articles"
	cp "$tmp/article.txt" "$tmp/gophernicus/root/articles/$slug.txt"
	# It serves only what everyone may read.
	chmod -R a+rX "$tmp/gophernicus/root"
	# socat splits its EXEC address at these.
	case $gn$tmp in
	*[,:!\ \"\'\\]*)
		echo "$bench: $gn or $tmp holds a character socat" \
		    "cannot take in EXEC: set TMPDIR or GOPHERNICUS" >&2
		exit 1
		;;
	esac
	nr=
	[ "$(id -u)" -ne 0 ] || nr=-nr
	socat "TCP-LISTEN:$gport,bind=127.0.0.1,reuseaddr,fork,backlog=4096" \
	    "EXEC:$gn -h localhost -p $gport -r $tmp/gophernicus/root -nm -ns -nv -nu -nx $nr -l $gnlog,nofork" \
	    >"$tmp/gophernicus/stderr" 2>&1 &
	gpid=$!
	bench_pids="$bench_pids $gpid"
	if ! ready "$gport" "$sel"; then
		cat "$tmp/gophernicus/stderr" >&2 || true
		echo "$bench: gophernicus does not answer $sel" >&2
		exit 1
	fi
	if ! fetch "$gport" "$sel" | cmp -s - "$tmp/article.txt"; then
		fetch "$gport" "$sel" | head -n 3 >&2
		echo "$bench: the two responses differ" >&2
		exit 1
	fi
fi

bench_ceiling gopher "$xport" "$tmp/article.txt"
if [ -n "$ceilpid" ]; then
	if ! ready "$xport" "$sel"; then
		cat "$tmp/ceiling.log" >&2
		echo "$bench: the ceiling does not answer" >&2
		exit 1
	fi
	if ! fetch "$xport" "$sel" | cmp -s - "$tmp/article.txt"; then
		echo "$bench: the ceiling's response differs" >&2
		exit 1
	fi
fi

bytes=$(wc -c <"$tmp/article.txt")
echo "gopher: $conns connections, ${secs} s per run (+1 s warm-up)," \
    "$rounds round(s), on $where"
echo "article: $sel, $bytes response bytes; capsuled --workers $workers"
: >"$tmp/results"
r=1
while [ $r -le "$rounds" ]; do
	run capsuled "$cpid" "$cport" "$sel" $r "$tmp/capsuled.log" \
	    -p gopher -e "$expect"
	[ -z "$gn" ] || run gophernicus "$gpid" "$gport" "$sel" $r \
	    "$tmp/gophernicus/stderr" -p gopher -e "$expect"
	[ -z "$ceilpid" ] || run ceiling "$ceilpid" "$xport" "$sel" $r \
	    "$tmp/ceiling.log" -p gopher -e "$expect"
	r=$((r + 1))
done

bench_summary capsuled gophernicus 100 capsuled ceiling 0.8
