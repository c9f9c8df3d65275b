# What the server benchmarks (tools/bench-gemini.sh, tools/bench-gopher.sh,
# tools/bench-crowd.sh) share.  Sourced, never run.  The script sets
# bench (its name, for messages) and root (the source tree) before
# sourcing, and then calls, in order:
#   bench_settings     reads the environment into b (the build directory,
#                      absolute), slug, conns, secs, rounds, workers
#   bench_need PROG... stops with a message if a program is missing (a
#                      path: run 'make bench'; a name: apt-get it)
#   bench_netns "$@"   re-runs the script in a private network namespace
#                      (sets $where, for the header)
#   bench_port I N     a port: N in the private namespace, else a free-ish
#                      one from the script's pid (I = 0, 1, 2...)
#   bench_tmp          makes $tmp and the traps that clean up at exit;
#                      every server pid started after it goes into
#                      $bench_pids, to be stopped then
#   bench_ceiling ...  starts tools/ceiling (see below)
#   run ...            once per server and round (see below)
#   bench_summary SERVER OTHER TARGET...   the table, medians and ratios
#
# shellcheck shell=sh
# The caller sets bench, b, conns and secs and reads where:
# shellcheck disable=SC2154,SC2034

bench_pids=
ceilpid=
lpid=
tmp=

bench_settings() {
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
}

bench_need() {
	for f in "$@"; do
		case $f in
		*/*)
			if [ ! -x "$f" ]; then
				echo "$bench: $f is missing: run 'make bench'" >&2
				exit 1
			fi
			;;
		*)
			if ! command -v "$f" >/dev/null 2>&1; then
				echo "$bench: $f is missing; run (as root):" \
				    "apt-get install -y $f" >&2
				exit 1
			fi
			;;
		esac
	done
}

# bench_netns "$@": re-runs the script inside a new network namespace,
# once, so that no other traffic shares the loopback and the ports are
# always free.  The probe also brings lo up there, since without that
# nothing could listen.  Root only: another user would need a user
# namespace (unshare -rn), where capsuled sees uid 0 and stops, since it
# cannot become nobody there.  Falls back to the host's loopback.
bench_netns() {
	if [ -z "${CAPSULE_BENCH_NETNS:-}" ]; then
		if [ "$(id -u)" = 0 ] &&
		    unshare -n sh -c 'ip link set lo up' >/dev/null 2>&1; then
			CAPSULE_BENCH_NETNS=private
			export CAPSULE_BENCH_NETNS
			exec unshare -n -- sh "$0" "$@"
		fi
		CAPSULE_BENCH_NETNS=host
	fi
	if [ "$CAPSULE_BENCH_NETNS" = private ]; then
		ip link set lo up
		where="a private network namespace"
	else
		where="the HOST loopback (no private network namespace could be made)"
	fi
}

# bench_port I PORT: PORT in a private namespace; on the host's loopback
# the I-th of a few consecutive ports picked from the pid.
bench_port() {
	if [ "$CAPSULE_BENCH_NETNS" = private ]; then
		echo "$2"
	else
		echo $((20000 + $$ % 20000 + $1))
	fi
}

bench_cleanup() {
	for p in $lpid $bench_pids; do
		kill "$p" 2>/dev/null || true
	done
	for p in $lpid $bench_pids; do
		wait "$p" 2>/dev/null || true
	done
	rm -rf "$tmp"
}

# capsuled started as root reads its store as nobody: the directory
# (0700 from mktemp) opens to others.
bench_tmp() {
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/capsule-bench.XXXXXX")
	chmod 0755 "$tmp"
	trap bench_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

# bench_ceiling PROTO PORT REPLY [CERT KEY]: starts tools/ceiling, the
# least work a server can do per request (accept, the handshake with
# CERT and KEY for gemini, read the request line, write REPLY's bytes,
# close), with as many threads as capsuled has workers, on 127.0.0.1:PORT;
# its pid in $ceilpid, its output in $tmp/ceiling.log.  capsuled's rate
# over the ceiling's says how much of the machine capsuled's own work
# takes.  Without the program $ceilpid stays empty and the benchmark
# measures without it.
bench_ceiling() {
	ceilpid=
	if [ ! -x "$b/tools/ceiling" ]; then
		echo "$bench: $b/tools/ceiling is missing: run 'make bench';" \
		    "measuring without the ceiling" >&2
		return 0
	fi
	c_proto=$1 c_port=$2 c_reply=$3
	shift 3
	[ $# -eq 0 ] || set -- -c "$1" -k "$2"
	"$b/tools/ceiling" -p "$c_proto" -l "127.0.0.1:$c_port" "$@" \
	    -f "$c_reply" -t "$workers" >"$tmp/ceiling.log" 2>&1 &
	ceilpid=$!
	bench_pids="$bench_pids $ceilpid"
}

# bench_tree PID: PID and every live descendant (zombies included), one a
# line.  The loop variable is global, but each for keeps its own list.
bench_tree() {
	echo "$1"
	# shellcheck disable=SC2013
	for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do
		bench_tree "$c"
	done
}

# cputicks PID: user plus system time, in clock ticks, of every thread of
# PID and of every process under it: for each live process (zombies
# included) its own utime and stime plus the cutime and cstime of the
# children it has already waited for.  For a threaded server with no
# children that is just its own time; for a launcher such as socat, which
# forks a child per connection and waits for it, it is the launcher, the
# servers that have exited and those still running.  The stat line is
# read from after the ") " that ends the command name, which may hold
# spaces; a process that ends during the walk is skipped.
cputicks() {
	# Several files, so not a useless cat.
	# shellcheck disable=SC2002,SC2046
	cat $(bench_tree "$1" | sed 's|.*|/proc/&/stat|') 2>/dev/null |
	    awk '{ sub(/^.*\) /, ""); t += $12 + $13 + $14 + $15 }
	    END { print t + 0 }'
}

# alive NAME PID LOG: a server that died mid-run ends the benchmark.
alive() {
	if ! kill -0 "$2" 2>/dev/null; then
		tail -n 20 "$3" >&2 || true
		wait "$2" || echo "$bench: $1 exited with status $?" >&2
		exit 1
	fi
}

# run NAME PID PORT REQUEST ROUND LOG [LOADGEN-OPTION...]: one load
# generator run; appends a line "NAME ROUND rps p50 p99 ok fail
# server-ms-per-request resumed" to $tmp/results, resumed being the
# fraction of resumed handshakes with loadgen -R and "-" otherwise.
# The server's CPU is taken over the whole run, warm-up included, and
# divided by every request that ended in it (loadgen's done), as loadgen
# counts them.
run() {
	r_name=$1 r_pid=$2 r_port=$3 r_req=$4 r_round=$5 r_log=$6
	shift 6
	out=$tmp/$r_name-$r_round.out
	alive "$r_name" "$r_pid" "$r_log"
	t0=$(cputicks "$r_pid")
	# In the background, so that a signal to the script is acted on at
	# once rather than when the run ends.  LOADGEN_FLAGS is split on
	# purpose.
	# shellcheck disable=SC2086
	"$b/tools/loadgen" ${LOADGEN_FLAGS:-} "$@" -c "$conns" -d "$secs" \
	    -n "$r_name" -r "$r_req" "127.0.0.1:$r_port" >"$out" 2>&1 &
	lpid=$!
	wait "$lpid" || true
	lpid=
	alive "$r_name" "$r_pid" "$r_log"
	t1=$(cputicks "$r_pid")
	if ! grep -q '^RESULT ' "$out"; then
		cat "$out" >&2
		echo "$bench: loadgen failed against $r_name" >&2
		exit 1
	fi
	grep '^  first .* failure' "$out" >&2 || true
	awk -v r="$r_round" -v t=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" '
	/^RESULT / {
		for (i = 2; i <= NF; i++) {
			split($i, kv, "=")
			v[kv[1]] = kv[2]
		}
		ms = v["done"] > 0 ? t * 1000 / hz / v["done"] : 0
		printf "%s %d %s %s %s %s %s %.3f %s\n", v["name"], r,
		    v["rps"], v["p50_ms"], v["p99_ms"], v["ok"], v["fail"], ms,
		    "resumed" in v ? v["resumed"] : "-"
	}' "$out" >>"$tmp/results"
}

# bench_summary SERVER OTHER TARGET [SERVER OTHER TARGET]...: every run
# of $tmp/results, the medians of every server in the order they first
# ran, then for each triple the ratio SERVER / OTHER of the median
# requests/s, with TARGET (such as 1.15) as the goal, or none for "-".
# A triple whose OTHER did not run is left out.
bench_summary() {
	awk -v ratios="$*" '
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
		if (!($1 in fails))
			names[++nnames] = $1
		fails[$1] += $7
		if ($9 != "-" && !($1 in resumed)) {
			resumed[$1] = 1
			nres++
		}
	}
	END {
		# The resumed column only when some run resumed.
		printf "\n%-19s %5s %9s %8s %8s %8s %5s %14s%s\n", "server",
		    "round", "req/s", "p50 ms", "p99 ms", "ok", "fail",
		    "server CPU/req", nres ? " resumed" : ""
		for (i = 1; i <= nr; i++)
			printf "%-19s %5d %9.1f %8.2f %8.2f %8d %5d %11.3f ms" \
			    "%s\n", f[i, 1], f[i, 2], f[i, 3], f[i, 4],
			    f[i, 5], f[i, 6], f[i, 7], f[i, 8],
			    nres ? sprintf(" %7s", f[i, 9]) : ""
		printf "\nmedians:\n"
		for (k = 1; k <= nnames; k++) {
			s = names[k]
			fmt = "  %-19s %9.1f req/s   p99 %7.2f ms   %.3f ms" \
			    " CPU/req   %d failed"
			printf fmt, s, median(s, 3), median(s, 5), median(s, 8),
			    fails[s]
			if (s in resumed)
				printf "   %.3f resumed", median(s, 9)
			printf "\n"
		}
		n = split(ratios, r, " ")
		if (n > 0)
			printf "\n"
		for (k = 1; k + 2 <= n; k += 3) {
			one = r[k]; two = r[k + 1]; target = r[k + 2]
			if (!(one in fails) || !(two in fails) ||
			    median(two, 3) == 0)
				continue
			fmt = "ratio %s / %s: %.2fx requests/s"
			if (target != "-")
				fmt = fmt " (target " target "x, no failures)"
			fmt = fmt "; %s spends %.2fx the server CPU per request\n"
			c = median(one, 8)
			cpu = c > 0 ? median(two, 8) / c : 0
			printf fmt, one, two, median(one, 3) / median(two, 3),
			    two, cpu
		}
	}' "$tmp/results"
}
