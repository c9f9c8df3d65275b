#!/usr/bin/env bash
# Runs every tests/cli/test_*.sh against the capsulectl in $CAPSULECTL.
# Each test runs in its own temporary directory and fails on the first
# broken expectation; this script fails when any test does.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${CAPSULECTL:?set CAPSULECTL to the capsulectl binary}"
export CAPSULECTL
failed=0
for t in "$here"/test_*.sh; do
	name=$(basename "$t" .sh)
	work=$(mktemp -d "${TMPDIR:-/tmp}/capsule-cli-XXXXXX")
	if (cd "$work" && bash "$t" >"$work/.log" 2>&1); then
		echo "ok   $name"
	else
		echo "FAIL $name"
		sed 's/^/     /' "$work/.log" | tail -40
		failed=1
	fi
	rm -rf "$work"
done
exit $failed
