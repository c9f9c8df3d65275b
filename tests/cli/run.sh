#!/usr/bin/env bash
# Runs every tests/cli/test_*.sh against the capsulectl in $CAPSULECTL.
# Each test runs in its own temporary directory and fails on the first
# broken expectation; this script fails when any test does.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${CAPSULECTL:?set CAPSULECTL to the capsulectl binary}"
# CAPSULECTL_WRAP is a command (valgrind, for make check-valgrind) put
# before every capsulectl the tests run, by a two-line script in the
# binary's place, since the tests call "$CAPSULECTL" as one word.  The
# wrapper sees the test's name in CAPSULE_TEST.  Two tests sit out a
# wrapped run.  test_crash SIGKILLs writers at random moments, which
# leaves valgrind no summary to check, and valgrind's start-up outlasts
# most of its kill intervals.  test_concurrent's 400 adds, each a second
# under valgrind, are a test of the lock; test_basic's adds are the same
# code.  test_deps and test_install run no capsulectl at all.
# test_import_score's 50 runs are the import code test_import runs.
wrapdir=
if [ -n "${CAPSULECTL_WRAP:-}" ]; then
	wrapdir=$(mktemp -d "${TMPDIR:-/tmp}/capsule-ctl-XXXXXX")
	printf '#!/bin/sh\nexec %s %s "$@"\n' "$CAPSULECTL_WRAP" "$CAPSULECTL" \
		>"$wrapdir/capsulectl"
	chmod 755 "$wrapdir/capsulectl"
	CAPSULECTL=$wrapdir/capsulectl
fi
export CAPSULECTL
failed=0
for t in "$here"/test_*.sh; do
	name=$(basename "$t" .sh)
	case "${wrapdir:+wrapped}$name" in
	wrappedtest_crash)
		echo "SKIP $name: random SIGKILLs leave a wrapper nothing to check"
		continue ;;
	wrappedtest_concurrent)
		echo "SKIP $name: 400 adds under a wrapper take minutes"
		continue ;;
	wrappedtest_deps | wrappedtest_install)
		echo "SKIP $name: runs no capsulectl"
		continue ;;
	wrappedtest_import_score)
		echo "SKIP $name: 50 runs of the import test_import covers; scored in the plain run"
		continue ;;
	esac
	work=$(mktemp -d "${TMPDIR:-/tmp}/capsule-cli-XXXXXX")
	if (cd "$work" && CAPSULE_TEST=$name bash "$t" >"$work/.log" 2>&1); then
		echo "ok   $name"
	else
		echo "FAIL $name"
		sed 's/^/     /' "$work/.log" | tail -40
		failed=1
	fi
	rm -rf "$work"
done
[ -z "$wrapdir" ] || rm -rf "$wrapdir"
exit $failed
