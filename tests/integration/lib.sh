# Helpers for the integration tests: start the real capsuled on a free
# loopback port with a copy of the sample store, talk to it, stop it.
# Sourced by each test, which runs in an empty temporary directory.
set -eu
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
: "${BUILD:=$ROOT/build}"
CAPSULED=$BUILD/capsuled
CAPSULECTL=$BUILD/capsulectl
GEMREQ=$BUILD/tests/gemreq
PIDS=()

fail() { echo "FAIL: $*" >&2; exit 1; }
has() { grep -qF -- "$2" <<<"$1" || fail "expected '$2' in: $(head -c 600 <<<"$1")"; }
lacks() { ! grep -qF -- "$2" <<<"$1" || fail "did not expect '$2' in: $(head -c 600 <<<"$1")"; }

cleanup() {
	local p
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

# start_daemon [EXTRA OPTIONS]: serves ./store (a copy of capsule/ unless
# the test made one) over Gemini on a free port in $PORT and over Gopher
# on $GPORT, log in ./daemon.log.
start_daemon() {
	local try
	[ -d store ] || cp -r "$ROOT/capsule" store
	for try in $(seq 1 20); do
		PORT=$((20000 + RANDOM % 40000))
		GPORT=$((20000 + RANDOM % 40000))
		"$CAPSULED" --foreground --store store --host localhost \
			--gemini "127.0.0.1:$PORT" --gopher "127.0.0.1:$GPORT" \
			--cert cert.pem --key key.pem --workers 2 "$@" \
			>daemon.log 2>&1 &
		DPID=$!
		PIDS+=("$DPID")
		local i
		for i in $(seq 1 50); do
			if ! kill -0 "$DPID" 2>/dev/null; then
				break
			fi
			if "$GEMREQ" -x -w 2000 "$PORT" "gemini://localhost:$PORT/robots.txt\r\n" \
				>/dev/null 2>&1; then
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

# status: the first line's status code.
status() { head -c 2 <<<"$out"; }

expect_status() {
	[ "$(status)" = "$1" ] ||
		fail "want status $1, got '$(head -n 1 <<<"$out")' (rc $rc)"
}
