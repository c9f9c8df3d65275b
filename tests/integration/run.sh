#!/usr/bin/env bash
# Runs every tests/integration/test_*.sh (or DIR/test_*.sh, the one
# argument: make check-long gives tests/long) against the binaries in
# $BUILD.  Each test gets its own temporary directory and daemon; the
# suite fails when any test does.  A test that exits 77 is skipped, its
# last line of output the reason (tests/valgrind.sh counts on the SKIP
# line for a test that starts no daemon under its wrapper).
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${BUILD:?set BUILD to the build directory}"
export BUILD
failed=0
dir=$(cd "${1:-$here}" && pwd)
for t in "$dir"/test_*.sh; do
	name=$(basename "$t" .sh)
	work=$(mktemp -d "${TMPDIR:-/tmp}/capsule-it-XXXXXX")
	rc=0
	(cd "$work" && bash "$t" >"$work/.log" 2>&1) || rc=$?
	if [ "$rc" -eq 0 ]; then
		echo "ok   $name"
	elif [ "$rc" -eq 77 ]; then
		echo "SKIP $name: $(tail -n 1 "$work/.log")"
	else
		echo "FAIL $name"
		sed 's/^/     /' "$work/.log" | tail -40
		[ -f "$work/daemon.log" ] && sed 's/^/     daemon: /' "$work/daemon.log" | tail -20
		failed=1
	fi
	rm -rf "$work"
done
exit $failed
