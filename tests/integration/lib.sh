# Helpers for the integration tests: start the real capsuled on a free
# loopback port with a copy of the sample store, talk to it, stop it.
# Sourced by each test, which runs in an empty temporary directory.
set -eu
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
: "${BUILD:=$ROOT/build}"
CAPSULED=$BUILD/capsuled
CAPSULECTL=$BUILD/capsulectl
GEMREQ=$BUILD/tests/gemreq
# CAPSULED_WRAP is a command put before every capsuled a test starts
# (make check-valgrind puts valgrind there).  It stays unquoted so that it
# splits into words, and a daemon started with & has the wrapper's pid in
# $!.  Tests wait SLOW times longer for the daemon: 10 under a wrapper.
# Under valgrind capsuled starts about 50 times slower (2 s, not 40 ms)
# but serves a page only about 3 times slower, a request being mostly
# sockets and the client's side of the handshake.  Waits should be polls
# that stop at the first success, which cost a fast daemon nothing; a
# fixed wait scaled by SLOW costs every wrapped run all of it.
CAPSULED_WRAP=${CAPSULED_WRAP:-}
if [ -n "$CAPSULED_WRAP" ]; then : "${SLOW:=10}"; else : "${SLOW:=1}"; fi
# The test's name, for the wrapper's log names (valgrind's %q{CAPSULE_TEST}).
export CAPSULE_TEST=${CAPSULE_TEST:-$(basename "$0" .sh)}
PIDS=()
# capsuled started as root reads the store and the certificate as nobody
# (or capsule) once it has dropped root, so the test's directory (0700
# from mktemp -d) opens to others and what the test writes stays
# world-readable.
umask 022
chmod 0755 .

fail() { echo "FAIL: $*" >&2; exit 1; }
has() { grep -qF -- "$2" <<<"$1" || fail "expected '$2' in: $(head -c 600 <<<"$1")"; }
lacks() { ! grep -qF -- "$2" <<<"$1" || fail "did not expect '$2' in: $(head -c 600 <<<"$1")"; }

# gone PID: the process has exited (a zombie not yet waited for counts).
gone() {
	local st
	st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d ' ' -f 1)
	[ -z "$st" ] || [ "$st" = Z ]
}

# A daemon that ignores SIGTERM would hang the suite: it gets 10 s (times
# SLOW), then SIGKILL, and the test fails.
cleanup() {
	local p i hung=0
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${PIDS[@]}"; do
		for i in $(seq 1 $((100 * SLOW))); do
			gone "$p" && break
			sleep 0.1
		done
		if ! gone "$p"; then
			echo "FAIL: pid $p still running 10 s after SIGTERM" >&2
			kill -9 "$p" 2>/dev/null || true
			hung=1
		fi
		wait "$p" 2>/dev/null || true
	done
	[ "$hung" = 0 ] || exit 1
}
trap cleanup EXIT

# free_port: a random loopback port that nothing listens on now, for a
# listener start_daemon does not pick itself (PROXY, metrics), so that its
# retries are not spent on a port another test holds.
free_port() {
	local try p
	for try in $(seq 1 50); do
		p=$((20000 + RANDOM % 40000))
		(exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
	done
	# In $(...): said on standard error, and set -e ends the test.
	echo "FAIL: no free port found" >&2
	return 1
}

# start_daemon [EXTRA OPTIONS]: serves ./store (a copy of capsule/ unless
# the test made one) over Gemini on a free port in $PORT and over Gopher
# on $GPORT, log in ./daemon.log.
start_daemon() {
	local try
	[ -d store ] || cp -r "$ROOT/capsule" store
	for try in $(seq 1 20); do
		PORT=$((20000 + RANDOM % 40000))
		GPORT=$((20000 + RANDOM % 40000))
		$CAPSULED_WRAP "$CAPSULED" --foreground --store store --host localhost \
			--gemini "127.0.0.1:$PORT" --gopher "127.0.0.1:$GPORT" \
			--cert cert.pem --key key.pem --workers 2 "$@" \
			>daemon.log 2>&1 &
		DPID=$!
		PIDS+=("$DPID")
		local i
		for i in $(seq 1 $((50 * SLOW))); do
			if ! kill -0 "$DPID" 2>/dev/null; then
				break
			fi
			if "$GEMREQ" -x -w 2000 "$PORT" "gemini://localhost:$PORT/robots.txt\r\n" \
				>/dev/null 2>&1; then
				# Pages come before the search index.
				while ! grep -q "searchable after" daemon.log; do
					kill -0 "$DPID" || fail "capsuled died"
					sleep 0.05
				done
				return 0
			fi
			sleep 0.1
		done
		kill "$DPID" 2>/dev/null || true
		wait "$DPID" 2>/dev/null || true
		grep -q "cannot listen" daemon.log || {
			cat daemon.log >&2
			fail "capsuled did not start"
		}
	done
	fail "no free port found"
}

stop_daemon() {
	kill "$DPID"
	wait "$DPID" || fail "capsuled exited with status $? on SIGTERM"
}

# gem REQUEST [gemreq options...]: the response in $out, exit code in $rc.
gem() {
	local req=$1
	shift
	rc=0
	out=$("$GEMREQ" -x "$@" "$PORT" "$req") || rc=$?
}

# get PATH: a plain request for gemini://localhost:PORT/PATH.
get() { gem "gemini://localhost:$PORT$1\r\n" "${@:2}"; }

# wait_log FILE TEXT [SECONDS]: until TEXT is in FILE; fails after SECONDS
# (default 5, times SLOW).
wait_log() {
	local i
	for i in $(seq 1 $((${3:-5} * 10 * SLOW))); do
		grep -qF -- "$2" "$1" && return 0
		sleep 0.1
	done
	fail "'$2' never logged: $(tail -3 "$1")"
}

# wait_status PATH STATUS: gets PATH until it answers STATUS (a reload
# has happened), the answer in $out; fails after 5 s (times SLOW).
wait_status() {
	local i
	for i in $(seq 1 $((50 * SLOW))); do
		get "$1"
		[ "$(status)" = "$2" ] && return 0
		sleep 0.1
	done
	fail "$1: want status $2, got '$(head -n 1 <<<"$out")'"
}

# status: the first line's status code.
status() { head -c 2 <<<"$out"; }

expect_status() {
	[ "$(status)" = "$1" ] ||
		fail "want status $1, got '$(head -n 1 <<<"$out")' (rc $rc)"
}

# The terminal clients run in a tmux server of the test's own (its socket
# in the test's directory, the server killed at exit), in a window of 100 x 40.
# tmux_start COMMAND...: starts the client; pane: its screen now;
# pane_wait TEXT: until TEXT is on the screen, the screen in $scr; fails
# after 5 s (times SLOW).  keys KEYS...: tmux send-keys.
TMUX_SOCK=$PWD/tmux.sock
tmux_start() {
	trap 'tmux -S "$TMUX_SOCK" kill-server 2>/dev/null || true; cleanup' EXIT
	mkdir -p home
	tmux -S "$TMUX_SOCK" -f /dev/null new-session -d -x 100 -y 40 \
		"env HOME=$PWD/home TERM=xterm LANG=C.UTF-8 $*; sleep 60"
}
pane() { tmux -S "$TMUX_SOCK" capture-pane -p; }
pane_wait() {
	local i
	for i in $(seq 1 $((50 * SLOW))); do
		scr=$(pane)
		grep -qF -- "$1" <<<"$scr" && return 0
		sleep 0.1
	done
	fail "'$1' never shown; the screen: $(pane)"
}
keys() { tmux -S "$TMUX_SOCK" send-keys "$@"; }

# need_client PROGRAM...: skips the test (exit 77) when one is missing.
need_client() {
	local p
	for p in "$@"; do
		command -v "$p" >/dev/null 2>&1 ||
			{ echo "SKIP $CAPSULE_TEST: $p is not installed"; exit 77; }
	done
}
